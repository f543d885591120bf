// V8's code cache for a bundle run by a small loader (the hook's, kept per clone in .git/stackline/;
// the CLI's, in the user's cache folder): with it, Node skips parsing and compiling the bundle on
// every run. A cache is only ever a shortcut: V8 checks that
// it was made by the same V8, with the same flags, for a source of the same length, and the file
// name carries the bundle's hash and the Node version, so a new bundle or another Node (VS Code's
// Electron, an nvm switch) never meets an old cache. Anything wrong with it (missing, unreadable,
// truncated, rejected, unwritable) means compiling from source, as Node would. Release builds of V8
// do not checksum the compiled code itself, so the file is only ever written whole (writeCodeCache).
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Script } from 'node:vm';

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

/** Where the cache of the bundle `name` (by its hash) for this Node lives in `dir`. */
export function codeCachePath(dir: string, name: string, bundleId: string): string {
  const runtime = `${process.versions.electron ? `electron${process.versions.electron}` : process.version}-${process.arch}`;
  return join(dir, `${name}-${bundleId}-${runtime}${SUFFIX}`);
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
export function writeCodeCache(path: string, data: Buffer, name: string, bundleId: string): void {
  const dir = join(path, '..');
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    // Only this user may write what this user's Node will run.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(temporary, data);
    renameSync(temporary, path);
    for (const file of readdirSync(dir)) {
      if (file.startsWith(`${name}-`) && file.endsWith(SUFFIX) && !file.startsWith(`${name}-${bundleId}-`))
        rmSync(join(dir, file), { force: true });
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

/**
 * Runs a CommonJS bundle given as text, as Node would run the file (`filename`, with the loader's
 * `require`), compiled with the code cache at `cachePath` when V8 takes it; without one (or with one
 * V8 rejected), one is written as the process ends, so it holds the functions this run compiled,
 * not just the outer one. Returns the bundle's module.
 */
export function runCachedBundle(
  body: string,
  cache: { path: string; name: string; bundleId: string } | undefined,
  filename: string,
  dirname: string,
  loaderRequire: NodeJS.Require,
): { exports: unknown } {
  const cachedData = cache ? readCodeCache(cache.path) : undefined;
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${body}\n})`, {
    filename,
    cachedData,
  });
  if (cache && (!cachedData || script.cachedDataRejected))
    process.once('exit', () => writeCodeCache(cache.path, script.createCachedData(), cache.name, cache.bundleId));
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, loaderRequire, module, filename, dirname);
  return module;
}
