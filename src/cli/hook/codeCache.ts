// V8's code cache for the hook's bundle, kept per clone in .git/stackline/: with it, Node skips
// parsing and compiling the bundle on every commit. A cache is only ever a shortcut: V8 checks that
// it was made by the same V8, with the same flags, for a source of the same length, and the file
// name carries the bundle's hash and the Node version, so a new bundle or another Node (VS Code's
// Electron, an nvm switch) never meets an old cache. Anything wrong with it (missing, unreadable,
// truncated, rejected, unwritable) means compiling from source, as Node would. Release builds of V8
// do not checksum the compiled code itself, so the file is only ever written whole (writeCodeCache).
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const PREFIX = 'hook-';
const SUFFIX = '.v8cache';

/** The repository's git folder as git gave it to the hook: GIT_DIR, or .git (a folder, or a file naming it in a worktree). */
export function gitDirOf(root: string): string | undefined {
  if (process.env.GIT_DIR) return resolve(root, process.env.GIT_DIR);
  const dotGit = join(root, '.git');
  try {
    if (statSync(dotGit).isDirectory()) return dotGit;
    const pointer = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'));
    return pointer ? resolve(root, pointer[1].trim()) : undefined;
  } catch {
    return undefined;
  }
}

/** Where the cache of this bundle (by its hash) for this Node lives. */
export function codeCachePath(gitDir: string, bundleId: string): string {
  const runtime = `${process.versions.electron ? `electron${process.versions.electron}` : process.version}-${process.arch}`;
  return join(gitDir, 'stackline', `${PREFIX}${bundleId}-${runtime}${SUFFIX}`);
}

export function readCodeCache(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Writes the cache whole or not at all (a temporary file renamed into place, so a commit running at
 * the same time reads the old file or the new one), and removes caches of older bundles.
 */
export function writeCodeCache(path: string, data: Buffer, bundleId: string): void {
  const dir = join(path, '..');
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temporary, data);
    renameSync(temporary, path);
    for (const name of readdirSync(dir)) {
      if (name.startsWith(PREFIX) && name.endsWith(SUFFIX) && !name.startsWith(`${PREFIX}${bundleId}-`))
        rmSync(join(dir, name), { force: true });
    }
  } catch {
    // a read-only or full disk, or no folder to write in: the next run compiles from source again
    try {
      rmSync(temporary, { force: true });
    } catch {
      // there was no temporary file
    }
  }
}
