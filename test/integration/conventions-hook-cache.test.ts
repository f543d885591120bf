// What makes the commit-msg hook fast, with real git commits: V8's code cache of the hook's bundle
// in .git/stackline/ (made, used, and survived when damaged or unwritable), rules read afresh on
// every commit, and Node started without NODE_EXTRA_CA_CERTS unless repository code runs.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { makeRepo, removeTempDirs, tempDir, type TestRepo } from '../helpers/repo';

after(removeTempDirs);

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const COMMITLINT = join(ROOT, 'node_modules', '.bin', 'commitlint');
const BAD_TYPE = /^✖ type may not be empty \[type-empty\]$/m;

function hookedRepo(files: Record<string, string> = {}): TestRepo {
  const repo = makeRepo();
  repo.write(files);
  repo.commit('chore: start');
  const install = spawnSync(process.execPath, [CLI, 'hooks', 'install'], { cwd: repo.dir, encoding: 'utf8' });
  assert.equal(install.status, 0, install.stdout + install.stderr);
  return repo;
}

function commit(dir: string, message: string, env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> {
  return spawnSync('git', ['commit', '--allow-empty', '-m', message], { cwd: dir, encoding: 'utf8', env });
}

/** The hook's verdicts on a bad and a good message, checked the same way every time. */
function assertVerdicts(dir: string, env?: NodeJS.ProcessEnv): void {
  const bad = commit(dir, 'Fixed it.', env);
  assert.equal(bad.status, 1, bad.stderr);
  assert.match(bad.stderr, BAD_TYPE);
  assert.match(bad.stderr, /The message breaks the commit rules: 3 errors/);
  const good = commit(dir, 'fix(auth): refresh tokens early', env);
  assert.equal(good.status, 0, good.stderr);
  assert.equal(good.stderr, '');
}

function cacheFiles(gitDir: string): string[] {
  const dir = join(gitDir, 'stackline');
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.v8cache')) : [];
}

test('the code cache is made on the first commit, used by the next ones, and replaced when damaged', () => {
  const repo = hookedRepo();
  const gitDir = join(repo.dir, '.git');
  assert.deepEqual(cacheFiles(gitDir), [], 'no cache before the hook ran');

  assertVerdicts(repo.dir);
  const [name] = cacheFiles(gitDir);
  assert.match(
    name,
    new RegExp(`^hook-[0-9a-f]{16}-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8cache$`),
  );
  const path = join(gitDir, 'stackline', name);
  const made = readFileSync(path);
  const madeAt = statSync(path).mtimeMs;
  assert.ok(made.length > 10_000, 'the cache holds the compiled bundle');

  assertVerdicts(repo.dir);
  assert.equal(statSync(path).mtimeMs, madeAt, 'V8 took the cache: it was not written again');
  assert.deepEqual(readFileSync(path), made);

  const damaged = [Buffer.alloc(made.length, 0x5a), made.subarray(0, made.length >> 1), Buffer.alloc(0)];
  for (const content of damaged) {
    writeFileSync(path, content);
    assertVerdicts(repo.dir);
    assert.deepEqual(cacheFiles(gitDir), [name]);
    assert.ok(readFileSync(path).length > 10_000, 'a rejected cache is made again');
  }

  writeFileSync(join(gitDir, 'stackline', `hook-0123456789abcdef-${process.version}-${process.arch}.v8cache`), made);
  rmSync(path);
  assertVerdicts(repo.dir);
  assert.deepEqual(cacheFiles(gitDir), [name], "an older bundle's cache goes when the new one is written");
});

test('without a writable .git/stackline, or in a linked worktree, the hook works the same', () => {
  const repo = hookedRepo();
  writeFileSync(join(repo.dir, '.git', 'stackline'), 'a file where the cache folder would go');
  assertVerdicts(repo.dir);
  assertVerdicts(repo.dir);
  rmSync(join(repo.dir, '.git', 'stackline'));

  repo.git('add', '-A');
  repo.git('commit', '-q', '--no-verify', '-m', 'chore: commit the hooks');
  const worktree = join(tempDir('stackline-worktree-'), 'wt');
  repo.git('worktree', 'add', '-q', '-b', 'side', worktree);
  assertVerdicts(worktree);
  assert.equal(
    cacheFiles(join(repo.dir, '.git', 'worktrees', 'wt')).length,
    1,
    "the worktree's git folder holds its cache",
  );
});

test('the rules are read on every commit: a changed config changes the next verdict', () => {
  const repo = hookedRepo({ '.commitlintrc.json': JSON.stringify({ extends: ['@commitlint/config-conventional'] }) });
  assert.equal(commit(repo.dir, 'feat: add paging').status, 0);
  assert.equal(commit(repo.dir, 'feat: add paging').status, 0, 'again, with the code cache');

  repo.write({
    '.commitlintrc.json': JSON.stringify({
      extends: ['@commitlint/config-conventional'],
      rules: { 'type-enum': [2, 'always', ['deploy']] },
    }),
  });
  const rejected = commit(repo.dir, 'feat: add paging');
  assert.equal(rejected.status, 1);
  assert.match(rejected.stderr, /✖ type must be one of \[deploy\] \[type-enum\]/);

  repo.write({
    'package.json': JSON.stringify({
      name: 'x',
      commitlint: { rules: { 'subject-case': [2, 'always', 'upper-case'] } },
    }),
  });
  const upper = commit(repo.dir, 'feat: add paging');
  assert.equal(upper.status, 1, 'package.json#commitlint comes first in the search order');
  assert.match(upper.stderr, /\[subject-case\]/);
  assert.match(upper.stderr, /rules: package\.json#commitlint/);

  // trailer-exists runs git itself: its child_process loads on first use in the hook's bundle.
  repo.write({
    '.commitlintrc.json': JSON.stringify({
      extends: ['@commitlint/config-conventional'],
      rules: { 'trailer-exists': [2, 'always', 'Signed-off-by:'] },
    }),
  });
  rmSync(join(repo.dir, 'package.json'));
  const unsigned = commit(repo.dir, 'feat: add paging');
  assert.equal(unsigned.status, 1);
  assert.match(unsigned.stderr, /✖ message must have `Signed-off-by:` trailer \[trailer-exists\]/);
  assert.equal(commit(repo.dir, 'feat: add paging\n\nSigned-off-by: A U Thor <author@example.com>').status, 0);

  repo.write({ '.commitlintrc.json': '{ "extends": [' });
  const broken = commit(repo.dir, 'feat: add paging');
  assert.equal(broken.status, 1);
  assert.match(broken.stderr, /^stackline: \.commitlintrc\.json is not valid JSON: .*\. Fix the file\.$/m);
});

test('NODE_EXTRA_CA_CERTS: Node starts without it, unless repository code runs, which gets it from the start', () => {
  // Node warns about an unreadable certificate file as it starts: the warning shows which Node started with it.
  const certs = join(tempDir('stackline-certs-'), 'missing-ca.pem');
  const env = { ...process.env, NODE_EXTRA_CA_CERTS: certs };
  const warnings = (output: string) =>
    output.split('\n').filter((line) => line.includes(`Ignoring extra certs from \`${certs}\``)).length;

  const data = hookedRepo({ '.commitlintrc.json': JSON.stringify({ extends: ['@commitlint/config-conventional'] }) });
  const plain = commit(data.dir, 'Fixed it.', env);
  assert.equal(plain.status, 1);
  assert.match(plain.stderr, BAD_TYPE);
  assert.equal(warnings(plain.stderr), 0, 'a JSON config runs no code: Node started without the certificates');

  const log = join(tempDir('stackline-certs-log-'), 'env.log');
  const record = `require('node:fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify({ certs: process.env.NODE_EXTRA_CA_CERTS, handedOver: process.env.STACKLINE_EXTRA_CA_CERTS }) + '\\n');\n`;
  const extended = hookedRepo({
    '.commitlintrc.json': JSON.stringify({ extends: ['./base.cjs'] }),
    'base.cjs': `${record}module.exports = { extends: ['@commitlint/config-conventional'], rules: { 'scope-empty': [2, 'never'] } };\n`,
  });
  const restarted = commit(extended.dir, 'feat: add paging', env);
  assert.equal(restarted.status, 1, restarted.stderr);
  assert.match(restarted.stderr, /✖ scope may not be empty \[scope-empty\]/);
  assert.equal(warnings(restarted.stderr), 1, 'the hook restarted in a Node that started with the certificates');
  assert.equal(commit(extended.dir, 'feat(api): add paging', env).status, 0);
  const seen = readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { certs?: string; handedOver?: string });
  assert.deepEqual(seen, [{ certs }, { certs }], 'the config saw the environment it always had');

  const js = hookedRepo({
    'commitlint.config.cjs': "module.exports = { extends: ['@commitlint/config-conventional'] };\n",
  });
  const direct = commit(js.dir, 'Fixed it.', env);
  assert.equal(direct.status, 1);
  assert.match(direct.stderr, BAD_TYPE);
  assert.equal(
    warnings(direct.stderr),
    1,
    'with a JavaScript config Node starts with the certificates right away (no restart)',
  );
});

test('core.commentChar: the launcher asks git for it, hook.js run on its own asks git itself, and both agree with commitlint --edit', () => {
  const repo = hookedRepo({ '.commitlintrc.json': JSON.stringify({ extends: ['@commitlint/config-conventional'] }) });
  symlinkSync(join(ROOT, 'node_modules'), join(repo.dir, 'node_modules'));
  repo.git('config', 'core.commentChar', ';');
  const long = 'x'.repeat(120);
  const cases = [
    { message: `feat: add paging\n\n; ${long}\n`, valid: true },
    { message: `feat: add paging\n\n# ${long}\n`, valid: false },
  ];
  const file = join(repo.dir, '.git', 'COMMIT_EDITMSG');
  for (const { message, valid } of cases) {
    writeFileSync(file, message);
    const commitlint = spawnSync(COMMITLINT, ['--edit', file], { cwd: repo.dir, encoding: 'utf8' });
    assert.equal(commitlint.status === 0, valid, commitlint.stdout);
    const hooked = spawnSync('git', ['commit', '--allow-empty', '-F', file], { cwd: repo.dir, encoding: 'utf8' });
    assert.equal(hooked.status === 0, valid, hooked.stderr);
    writeFileSync(file, message);
    const alone = spawnSync(process.execPath, ['.stackline/hook.js', 'commit-msg', '.git/COMMIT_EDITMSG'], {
      cwd: repo.dir,
      encoding: 'utf8',
    });
    assert.equal(alone.status === 0, valid, alone.stderr);
    if (!valid) assert.match(hooked.stderr + alone.stderr, /\[body-max-line-length\][\s\S]*\[body-max-line-length\]/);
  }
});

test('STACKLINE_DEBUG=1: hook.js run on its own prints the git call it makes, with its time', () => {
  const repo = hookedRepo();
  writeFileSync(join(repo.dir, '.git', 'COMMIT_EDITMSG'), 'fix(auth): refresh tokens early\n');
  const run = (env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, ['.stackline/hook.js', 'commit-msg', '.git/COMMIT_EDITMSG'], {
      cwd: repo.dir,
      encoding: 'utf8',
      env,
    });
  const quiet = run(process.env);
  assert.equal(quiet.status, 0, quiet.stderr);
  assert.equal(quiet.stderr, '');
  const debug = run({ ...process.env, STACKLINE_DEBUG: '1' });
  assert.equal(debug.status, 0, debug.stderr);
  assert.match(debug.stderr, /^git config --default '#' --get core\.commentChar \(\d+ ms\)$/m);
});
