// What makes `stackline` start fast: dist/cli.js compiles the CLI's bundle with V8's code cache
// from the user's cache folder: made on the first run, used by the next, replaced when damaged, and
// never in the way (an unwritable folder, STACKLINE_CODE_CACHE=0). Runs the real dist/cli.js.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { makeClone, removeTempDirs, tempDir } from '../helpers/repo';

after(removeTempDirs);

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

function stackline(cwd: string, cacheHome: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [CLI, 'log'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: cacheHome, STACKLINE_CODE_CACHE: undefined, ...extraEnv },
  });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /feat: cached/);
  return result;
}

const cacheFiles = (cacheHome: string) =>
  existsSync(join(cacheHome, 'stackline'))
    ? readdirSync(join(cacheHome, 'stackline')).filter((name) => name.endsWith('.v8cache'))
    : [];

function repoWithDraft(): string {
  const { repo } = makeClone(2);
  repo.git('switch', '-q', '-c', 'feature');
  repo.commit('feat: cached');
  return repo.dir;
}

test('the CLI code cache is made on the first run, kept by the next, and replaced when damaged', () => {
  const dir = repoWithDraft();
  const cacheHome = tempDir('stackline-cache-home-');
  const first = stackline(dir, cacheHome);
  const [name] = cacheFiles(cacheHome);
  assert.match(
    name,
    new RegExp(`^cli-[0-9a-f]{16}-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8cache$`),
  );
  const path = join(cacheHome, 'stackline', name);
  const made = readFileSync(path);
  assert.ok(made.length > 10_000, `${made.length} bytes of compiled code`);
  if (process.platform !== 'win32')
    assert.equal(statSync(join(cacheHome, 'stackline')).mode & 0o077, 0, 'only the user may write it');

  const madeAt = statSync(path).mtimeMs;
  const second = stackline(dir, cacheHome);
  assert.equal(second.stdout, first.stdout);
  assert.equal(statSync(path).mtimeMs, madeAt, 'a cache V8 took is not written again');

  // Damaged (a disk error, a partial copy): V8 rejects it, the run is as without, and a good one replaces it.
  writeFileSync(path, made.subarray(0, 100));
  assert.equal(stackline(dir, cacheHome).stdout, first.stdout);
  assert.deepEqual(cacheFiles(cacheHome), [name]);
  assert.ok(readFileSync(path).length > 10_000, 'replaced by a whole cache');
});

test('STACKLINE_CODE_CACHE=0 writes nothing; a cache folder that cannot be made changes nothing either', () => {
  const dir = repoWithDraft();
  const off = tempDir('stackline-cache-home-');
  const expected = stackline(dir, off, { STACKLINE_CODE_CACHE: '0' }).stdout;
  assert.deepEqual(cacheFiles(off), []);

  // The cache folder cannot be made (a file is in its place; as root, a read-only folder would not stop it).
  const blocked = join(tempDir('stackline-cache-home-'), 'not-a-folder');
  writeFileSync(blocked, '');
  assert.equal(stackline(dir, blocked).stdout, expected);
  assert.equal(readFileSync(blocked, 'utf8'), '');
});
