// One Stackline operation at a time per repository, across processes (CLI, extension, tests): a lock
// file under <common git dir>/stackline. A lock whose process is gone is taken over.
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

export interface LockOwner {
  pid: number;
  host: string;
  command: string;
  /** Milliseconds since the epoch. */
  time: number;
}

/** The lock stayed taken by a live process for as long as the caller would wait. */
export class RepoLockedError extends Error {
  constructor(readonly owner: LockOwner) {
    const who = `'${owner.command}' (process ${owner.pid}${owner.host === hostname() ? '' : ` on ${owner.host}`})`;
    super(`Another Stackline operation, ${who}, is running in this repository. Wait for it to finish, then try again.`);
    this.name = 'RepoLockedError';
  }
}

export class RepoLock {
  private released = false;

  private constructor(readonly path: string) {}

  /** Takes the lock, waiting up to waitMs for a live owner to finish; then throws RepoLockedError. */
  static async acquire(path: string, command: string, waitMs = 10_000): Promise<RepoLock> {
    mkdirSync(dirname(path), { recursive: true });
    const deadline = Date.now() + waitMs;
    for (;;) {
      if (tryCreate(path, command)) return new RepoLock(path);
      const owner = readOwner(path);
      if (!owner) continue;
      if (!isAlive(owner)) {
        // Rename first: of two processes that both found it stale, only one gets to move it away.
        try {
          renameSync(path, `${path}.stale-${process.pid}`);
          rmSync(`${path}.stale-${process.pid}`, { force: true });
        } catch {
          // Someone else took it over first; try again.
        }
        continue;
      }
      if (Date.now() >= deadline) throw new RepoLockedError(owner);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    rmSync(this.path, { force: true });
  }
}

/** Writes the owner to a private file, then links it into place: the lock never exists half-written. */
function tryCreate(path: string, command: string): boolean {
  const owner: LockOwner = { pid: process.pid, host: hostname(), command, time: Date.now() };
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(temp, JSON.stringify(owner));
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

/** The lock's owner; undefined when it was released meanwhile (the next attempt takes it). */
function readOwner(path: string): LockOwner | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as LockOwner;
  } catch {
    // Locks are linked into place whole, so an unreadable one is damage, not an owner at work.
    return { pid: -1, host: hostname(), command: 'unknown', time: 0 };
  }
}

function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.pid <= 0) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
