// The scratch checkouts checks run in: one detached worktree per check and commit, under
// <common git dir>/stackline/checks/worktrees/, never the user's checkout. A run writes an owner
// file (its pid and the process groups it started) before it makes a worktree, so the next run can
// tell a leftover of a killed run (owner gone) from one in use, stop what it left running, and
// remove it. Only Stackline's own worktrees are ever removed: no `git worktree prune`, which would
// also drop the records of a user's worktree on a drive that is not mounted right now.
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { GitError } from '../git/errors';
import type { RepoLocation } from '../git/repository';
import { GitRunner } from '../git/runner';
import { killGroup } from './process';
import { configValue } from '../git/configValue';

export interface CheckWorktree {
  /** Its folder. */
  path: string;
  /** The owner file beside it. */
  ownerFile: string;
}

interface Owner {
  pid: number;
  /** Process groups of the checks started in it (their leaders' pids). */
  groups: number[];
}

export function checksDir(location: RepoLocation): string {
  return join(location.commonDir, 'stackline', 'checks');
}

function worktreesDir(location: RepoLocation): string {
  return join(checksDir(location), 'worktrees');
}

/**
 * Whether `path` is one of Stackline's check worktrees: detached scratch checkouts that come and go
 * with a check run. Code that lists the user's worktrees can leave these out.
 */
export function isCheckWorktree(location: RepoLocation, path: string): boolean {
  const dir = resolve(worktreesDir(location)) + sep;
  return resolve(path).startsWith(dir) || startsWithReal(resolve(path), dir);
}

/** A fresh detached checkout of `commit` (the whole tree, even when the user's checkout is sparse). */
export async function addWorktree(
  git: GitRunner,
  location: RepoLocation,
  commit: string,
  label: string,
): Promise<CheckWorktree> {
  const dir = worktreesDir(location);
  mkdirSync(dir, { recursive: true });
  const name = `${commit.slice(0, 9)}-${label.replace(/[^\w.-]+/g, '_').slice(0, 20)}-${randomBytes(3).toString('hex')}`;
  const worktree: CheckWorktree = { path: join(dir, name), ownerFile: join(dir, `${name}.owner.json`) };
  writeOwner(worktree, { pid: process.pid, groups: [] });
  try {
    // --no-checkout: no post-checkout hook runs, and sparse settings copied from this worktree can be undone first.
    await worktreeGit(() => git.exec(['worktree', 'add', '--detach', '--no-checkout', worktree.path, commit]));
    const wt = new GitRunner(worktree.path);
    const gitDir = linkedGitDir(worktree.path);
    if (gitDir && existsSync(join(gitDir, 'info', 'sparse-checkout'))) await fullCheckoutIn(wt, gitDir);
    await wt.exec(['reset', '--hard', '--quiet']);
  } catch (error) {
    await removeWorktree(git, location, worktree);
    throw error;
  }
  return worktree;
}

/**
 * A new worktree copies the sparse patterns of the one it was made from (git 2.36+), but a check
 * needs the commit's whole tree. Only a per-worktree setting is changed: with extensions.worktreeConfig
 * off, `config --worktree` would write the shared config and turn sparse off for the user too.
 */
async function fullCheckoutIn(wt: GitRunner, gitDir: string): Promise<void> {
  rmSync(join(gitDir, 'info', 'sparse-checkout'), { force: true });
  // Without the patterns file git checks out everything, so a shared setting can stay as it is.
  if ((await configValue(wt, { key: 'extensions.worktreeConfig', type: 'bool' })) === 'true') {
    await wt.exec(['config', '--worktree', 'core.sparseCheckout', 'false']);
  }
}

let worktreeCalls: Promise<unknown> = Promise.resolve();

/**
 * `git worktree add` reads every worktree's record, and fails ("failed to read …/commondir") when
 * a `git worktree remove` deletes one meanwhile: this process makes those calls one at a time, and
 * an add that still meets another process's remove tries again.
 */
async function worktreeGit<T>(call: () => Promise<T>): Promise<T> {
  const run = async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        if (attempt >= 3 || !(error instanceof GitError) || !/failed to read .*worktrees/.test(error.detail))
          throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  };
  const result = worktreeCalls.then(run, run);
  worktreeCalls = result.catch(() => undefined);
  return result;
}

/** Records a process group started in `worktree`, so a later run can stop it if this one is killed. */
export function recordGroup(worktree: CheckWorktree, pid: number): void {
  const owner = readOwner(worktree.ownerFile) ?? { pid: process.pid, groups: [] };
  writeOwner(worktree, { ...owner, groups: [...owner.groups, pid] });
}

/** Removes a check worktree and git's record of it; what is left of a half-made one too. */
export async function removeWorktree(git: GitRunner, location: RepoLocation, worktree: CheckWorktree): Promise<void> {
  if (existsSync(worktree.path)) {
    // Twice --force would also remove a locked one; Stackline never locks its worktrees.
    await worktreeGit(() => git.tryRun(['worktree', 'remove', '--force', worktree.path]));
    rmSync(worktree.path, { recursive: true, force: true });
  }
  removeRecordsOf(location, [worktree.path]);
  rmSync(worktree.ownerFile, { force: true });
}

/**
 * Removes the check worktrees of runs that are gone (killed, crashed), after stopping the checks
 * they left running. Worktrees of a run still going (in this process or another) are left alone.
 * Answers how many were removed.
 */
export async function removeLeftovers(git: GitRunner, location: RepoLocation): Promise<number> {
  const dir = worktreesDir(location);
  if (!existsSync(dir)) {
    removeRecordsOf(location, []);
    return 0;
  }
  const names = readdirSync(dir);
  let removed = 0;
  for (const name of names.filter((n) => !n.endsWith('.owner.json'))) {
    const worktree: CheckWorktree = { path: join(dir, name), ownerFile: join(dir, `${name}.owner.json`) };
    const owner = readOwner(worktree.ownerFile);
    if (owner && isAlive(owner.pid)) continue;
    // The groups the run recorded, and (Linux) any process still working in the folder: a run
    // killed right after starting a check had no time to record it.
    const groups = new Set([
      ...(owner?.groups ?? []).filter((group) => groupRunsIn(group, worktree.path)),
      ...groupsWorkingIn(worktree.path),
    ]);
    for (const group of groups) killGroup(group, 'SIGKILL');
    await removeWorktree(git, location, worktree);
    removed++;
  }
  // Owner files whose worktree was never made (killed in between).
  for (const name of names.filter((n) => n.endsWith('.owner.json'))) {
    const owner = readOwner(join(dir, name));
    if (!existsSync(join(dir, name.slice(0, -'.owner.json'.length))) && !(owner && isAlive(owner.pid)))
      rmSync(join(dir, name), { force: true });
  }
  removeRecordsOf(location, []);
  return removed;
}

/**
 * Deletes git's records (.git/worktrees/<id>) of `paths`, and of check worktrees whose folder is
 * gone: what `git worktree prune` does, limited to Stackline's own folder. A record of a run still
 * going is left alone: its folder may not be made yet (another check being added right now).
 */
function removeRecordsOf(location: RepoLocation, paths: string[]): void {
  const records = join(location.commonDir, 'worktrees');
  if (!existsSync(records)) return;
  const ours = resolve(worktreesDir(location)) + sep;
  for (const id of readdirSync(records)) {
    let target: string;
    try {
      target = resolve(
        readFileSync(join(records, id, 'gitdir'), 'utf8')
          .trim()
          .replace(/[/\\]\.git$/, ''),
      );
    } catch {
      continue;
    }
    if (!target.startsWith(ours) && !startsWithReal(target, ours)) continue;
    if (paths.some((p) => resolve(p) === target)) rmSync(join(records, id), { recursive: true, force: true });
    else if (!existsSync(target) && !beingMade(target)) rmSync(join(records, id), { recursive: true, force: true });
  }
}

/** A run writes the owner file before it asks git for the worktree: while the owner lives, the record is in use. */
function beingMade(target: string): boolean {
  const owner = readOwner(`${target}.owner.json`);
  return !!owner && isAlive(owner.pid);
}

function startsWithReal(path: string, prefix: string): boolean {
  try {
    return path.startsWith(realpathSync(prefix.slice(0, -1)) + sep);
  } catch {
    return false;
  }
}

/** A linked worktree's own git dir, from the `gitdir:` line of its .git file. */
function linkedGitDir(path: string): string | undefined {
  try {
    const line = readFileSync(join(path, '.git'), 'utf8').trim();
    return line.startsWith('gitdir: ') ? resolve(path, line.slice('gitdir: '.length)) : undefined;
  } catch {
    return undefined;
  }
}

function readOwner(file: string): Owner | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Owner;
    return Number.isInteger(owner.pid) && Array.isArray(owner.groups) ? owner : undefined;
  } catch {
    return undefined;
  }
}

function writeOwner(worktree: CheckWorktree, owner: Owner): void {
  writeFileSync(worktree.ownerFile, JSON.stringify(owner));
}

/** Whether a process (or, for a negative pid, a process group) exists. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Process groups of the processes whose working folder is in `path`, from /proc (Linux; elsewhere none). */
function groupsWorkingIn(path: string): number[] {
  if (!existsSync('/proc/self/stat')) return [];
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return [];
  }
  const own = groupOf('self');
  const groups = new Set<number>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      if (cwd !== real && !cwd.startsWith(real + sep)) continue;
      const group = groupOf(pid);
      // Never this process's own group (whatever works in that folder).
      if (group > 1 && group !== own) groups.add(group);
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return [...groups];
}

/** A process's group, from /proc/<pid>/stat: "pid (command) state ppid pgrp …" (the command may hold spaces and parentheses). */
function groupOf(pid: string): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

/**
 * Whether process group `group` is still a check running in `path`: on Linux its leader's working
 * folder says so (a reused pid belongs to something else); elsewhere, whether the group is alive.
 */
function groupRunsIn(group: number, path: string): boolean {
  if (!isAlive(-group)) return false;
  if (!existsSync('/proc/self/cwd')) return true;
  try {
    const cwd = realpathSync(`/proc/${group}/cwd`);
    const real = existsSync(path) ? realpathSync(path) : resolve(path);
    return cwd === real || cwd.startsWith(real + sep);
  } catch {
    // The leader exited and its children live on: their group is still ours to stop.
    return true;
  }
}
