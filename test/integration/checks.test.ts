// Checks before submit, with real git: declared checks run on each commit of a stack in scratch
// worktrees (pass, fail, hang → timeout), answers cached by tree (a reword is free), Ctrl-C and a
// kill mid-run leave nothing behind once the next run has cleaned up, and the user's checkout is
// never touched.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ResultStore } from '../../src/core/checks/cache';
import { loadChecks } from '../../src/core/checks/config';
import { CheckError } from '../../src/core/checks/errors';
import { runChecks, type CheckItem } from '../../src/core/checks/run';
import { checkTargets } from '../../src/core/checks/targets';
import { isCheckWorktree } from '../../src/core/checks/worktree';
import { discoverRepository } from '../../src/core/git/repository';
import { GitRunner } from '../../src/core/git/runner';
import { buildSmartlog } from '../../src/core/smartlog/build';
import { bundledCli, runCli } from '../helpers/cli';
import { picture, stacklineOk } from '../helpers/ops';
import { makeClone, removeTempDirs, tempDir, type TestRepo } from '../helpers/repo';
import { until } from '../helpers/until';

after(removeTempDirs);

/** trunk 1-2 on origin; drafts s1 (a.txt) ← s2 (adds bad.txt) ← s3 (c.txt), HEAD on s3. */
function stackRepo(checks: unknown[]): { repo: TestRepo; s1: string; s2: string; s3: string } {
  const { repo } = makeClone(2);
  const s1 = repo.commit('feat: a', { 'a.txt': 'alpha\n' });
  const s2 = repo.commit('feat: b', { 'bad.txt': 'oops\n' });
  const s3 = repo.commit('feat: c', { 'c.txt': 'gamma\n' });
  declare(repo, checks);
  return { repo, s1, s2, s3 };
}

/** The user's .stackline.json (left uncommitted: checks are read from the checkout). */
function declare(repo: TestRepo, checks: unknown[]): void {
  writeFileSync(join(repo.dir, '.stackline.json'), JSON.stringify({ checks }));
}

async function run(
  repo: TestRepo,
  options: { rerun?: boolean; signal?: AbortSignal; parallel?: number; onChange?: (item: CheckItem) => void } = {},
) {
  const location = await discoverRepository(repo.dir);
  const git = new GitRunner(location.root);
  const smartlog = await buildSmartlog(git, location);
  const { commits } = checkTargets(smartlog);
  return runChecks({
    git,
    location,
    checks: loadChecks(repo.dir),
    commits,
    trusted: true,
    parallel: options.parallel ?? 2,
    ...options,
  });
}

const states = (items: CheckItem[]) =>
  items.map((i) => `${i.title} ${i.check.name} ${i.state}${i.cached ? ' (cached)' : ''}`);

function worktreesOf(repo: TestRepo): string[] {
  return repo
    .git('worktree', 'list', '--porcelain')
    .split('\n')
    .filter((l) => l.startsWith('worktree '));
}

function assertClean(repo: TestRepo): void {
  assert.equal(worktreesOf(repo).length, 1, `only the user's worktree is left:\n${repo.git('worktree', 'list')}`);
  const dir = join(repo.dir, '.git', 'stackline', 'checks', 'worktrees');
  assert.deepEqual(existsSync(dir) ? readdirSync(dir) : [], [], 'no check worktree folders or owner files left');
  assert.deepEqual(
    existsSync(join(repo.dir, '.git', 'worktrees')) ? readdirSync(join(repo.dir, '.git', 'worktrees')) : [],
    [],
    'no git records of check worktrees left',
  );
}

/** The pids the checks wrote into `dir` (a file the shell has created but not written yet is left out). */
function pidsIn(dir: string): number[] {
  return readdirSync(dir)
    .map((name) => Number(readFileSync(join(dir, name), 'utf8')))
    .filter((pid) => pid > 0);
}

/** Running (a zombie waiting for whoever adopted it to reap it counts as stopped). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

test('each check runs on each commit in its own worktree: passes, failures and output kept; the checkout untouched', async () => {
  const { repo, s1, s2, s3 } = stackRepo([
    { name: 'clean', run: 'test ! -e bad.txt' },
    { name: 'where', run: 'pwd; git rev-parse HEAD; cat a.txt; git status --porcelain | wc -l' },
  ]);
  writeFileSync(join(repo.dir, 'scratch.txt'), 'the user is editing this\n');
  const before = picture(repo);
  const summary = await run(repo);
  assert.deepEqual(states(summary.items), [
    'feat: a clean pass',
    'feat: a where pass',
    'feat: b clean fail',
    'feat: b where pass',
    'feat: c clean fail',
    'feat: c where pass',
  ]);
  assert.deepEqual(picture(repo), before, "the user's files, index, HEAD and branches are as they were");
  assertClean(repo);
  const where = summary.items
    .filter((i) => i.check.name === 'where')
    .map((i) => readFileSync(i.result!.outputFile, 'utf8'));
  [s1, s2, s3].forEach((commit, i) => {
    const [command, pwd, head, alpha, dirty, , ending] = where[i].trim().split('\n');
    assert.equal(
      command,
      '$ pwd; git rev-parse HEAD; cat a.txt; git status --porcelain | wc -l',
      'the output says what ran',
    );
    assert.match(ending, /^\[stackline\] Passed \(exit 0, \d+\.\d s\)\.$/);
    assert.match(pwd, /\/\.git\/stackline\/checks\/worktrees\/[^/]+$/, 'ran in a worktree under .git/stackline/checks');
    assert.equal(head, commit, 'on that commit, detached');
    assert.equal(alpha, 'alpha');
    assert.equal(dirty.trim(), '0', 'a clean checkout of the commit');
  });
  const failed = summary.items.find((i) => i.title === 'feat: b' && i.check.name === 'clean')!;
  assert.equal(failed.result!.exitCode, 1);
  assert.match(
    readFileSync(failed.result!.outputFile, 'utf8'),
    /^\$ test ! -e bad\.txt\n\n\[stackline\] Failed: exit 1 \(\d+\.\d s\)\.\n$/,
  );
  assert.equal(failed.result!.tree, repo.git('rev-parse', `${s2}^{tree}`).trim());
  assert.ok(
    existsSync(failed.result!.outputFile) &&
      failed.result!.outputFile.startsWith(join(repo.dir, '.git', 'stackline', 'checks', 'results')),
  );
});

test('a check that hangs is stopped at its timeout, with everything it started', async () => {
  const pids = tempDir();
  const { repo } = stackRepo([
    { name: 'hang', run: `sleep 30 & echo $! > ${pids}/$STACKLINE_CHECK_COMMIT; wait`, timeoutMinutes: 0.02 },
  ]);
  const started = Date.now();
  const summary = await run(repo, { parallel: 3 });
  assert.ok(Date.now() - started < 15_000, 'stopped after about 1.2 s, not 30');
  assert.deepEqual(
    summary.items.map((i) => i.state),
    ['timeout', 'timeout', 'timeout'],
  );
  for (const item of summary.items) {
    const sleeper = Number(readFileSync(join(pids, item.commit), 'utf8'));
    await until(`sleep ${sleeper} to be stopped`, () => !alive(sleeper), 5000);
    assert.match(readFileSync(item.result!.outputFile, 'utf8'), /Stopped after 1 second|Stopped after \d+ seconds/);
  }
  assertClean(repo);
  // A timeout is not an answer about the commit: the next run tries again.
  const again = await run(repo, { parallel: 3 });
  assert.ok(again.items.every((i) => !i.cached));
});

test('answers are cached by tree and command line: a reword (and the restack it makes) runs nothing again', async () => {
  const counter = join(tempDir(), 'runs');
  writeFileSync(counter, '');
  const { repo, s3 } = stackRepo([
    { name: 'clean', run: `echo $STACKLINE_CHECK_COMMIT >> ${counter}; test ! -e bad.txt` },
    { name: 'lint', run: `echo lint >> ${counter}` },
  ]);
  const runs = () => readFileSync(counter, 'utf8').split('\n').filter(Boolean).length;
  await run(repo);
  assert.equal(runs(), 6);
  stacklineOk(repo, 'reword', 'HEAD~2', '-m', 'feat: a, reworded');
  assert.notEqual(repo.head(), s3, 'the stack was rewritten');
  const after = await run(repo);
  assert.equal(runs(), 6, 'nothing ran again');
  assert.deepEqual(states(after.items), [
    'feat: a, reworded clean pass (cached)',
    'feat: a, reworded lint pass (cached)',
    'feat: b clean fail (cached)',
    'feat: b lint pass (cached)',
    'feat: c clean fail (cached)',
    'feat: c lint pass (cached)',
  ]);
  // A changed tree runs again (only there); --rerun runs everything.
  repo.git('rm', '-q', 'bad.txt');
  repo.git('commit', '-q', '-m', 'fix: drop bad.txt');
  const changed = await run(repo);
  assert.equal(runs(), 8, 'the new commit ran both checks, nothing else did');
  assert.deepEqual(
    changed.items.filter((i) => !i.cached).map((i) => `${i.title} ${i.check.name} ${i.state}`),
    ['fix: drop bad.txt clean pass', 'fix: drop bad.txt lint pass'],
  );
  await run(repo, { rerun: true });
  assert.equal(runs(), 16);
  // The same command under another name is the same answer.
  declare(repo, [{ name: 'renamed', run: `echo lint >> ${counter}` }]);
  assert.ok((await run(repo)).items.every((i) => i.cached));
});

test('Cancel stops every check the run started and removes their worktrees', async () => {
  const pids = tempDir();
  const { repo } = stackRepo([{ name: 'slow', run: `echo $$ > ${pids}/$STACKLINE_CHECK_COMMIT; sleep 30` }]);
  const controller = new AbortController();
  const running: CheckItem[] = [];
  const done = run(repo, {
    signal: controller.signal,
    parallel: 2,
    onChange: (item) => item.state === 'running' && running.push(item),
  });
  await until('two checks to start', () => pidsIn(pids).length === 2);
  controller.abort();
  const summary = await done;
  assert.equal(summary.cancelled, true);
  assert.deepEqual(
    summary.items.map((i) => i.state),
    ['cancelled', 'cancelled', 'cancelled'],
  );
  assert.equal(running.length, 2, 'the third never started');
  for (const pid of pidsIn(pids)) assert.equal(alive(pid), false, 'its shell is gone');
  assertClean(repo);
  const location = await discoverRepository(repo.dir);
  assert.ok(
    summary.items.every((i) => new ResultStore(location).read(i.tree, i.check.run) === undefined),
    'a Cancel is no answer: nothing kept',
  );
});

test('a run killed mid-way leaves worktrees and checks behind; the next run stops and removes them, then runs cleanly', async () => {
  const pids = tempDir();
  const release = join(tempDir(), 'release');
  const { repo } = stackRepo([
    { name: 'slow', run: `test -e ${release} && exit 0; echo $$ > ${pids}/$STACKLINE_CHECK_COMMIT; sleep 60` },
  ]);
  const child = spawn(process.execPath, [bundledCli(), 'check', '--jobs', '2'], { cwd: repo.dir, stdio: 'ignore' });
  await until('the killed run to start two checks', () => pidsIn(pids).length === 2);
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const orphans = pidsIn(pids);
  assert.ok(orphans.every(alive), 'the killed run could not stop its checks');
  assert.equal(worktreesOf(repo).length, 3, 'and its worktrees are still there');
  // As if the run was killed before it could record one check's process group: found by its folder.
  const ownerDir = join(repo.dir, '.git', 'stackline', 'checks', 'worktrees');
  const owner = readdirSync(ownerDir).find((name) => name.endsWith('.owner.json'))!;
  writeFileSync(join(ownerDir, owner), JSON.stringify({ pid: child.pid, groups: [] }));
  writeFileSync(release, '');
  const rerun = runCli(repo.dir, ['check']);
  assert.equal(rerun.code, 0, rerun.stderr + rerun.stdout);
  assert.match(rerun.stdout, /Removed 2 worktrees an interrupted run left behind/);
  assert.match(rerun.stdout, /All 3 commits pass/);
  await until('the orphaned checks to be stopped', () => !orphans.some(alive), 5000);
  assertClean(repo);
});

test('check worktrees disturb neither the smartlog nor operations while they exist', async () => {
  const pids = tempDir();
  const release = join(tempDir(), 'release');
  const { repo } = stackRepo([
    { name: 'slow', run: `echo $$ > ${pids}/$STACKLINE_CHECK_COMMIT; while [ ! -e ${release} ]; do sleep 0.05; done` },
  ]);
  const location = await discoverRepository(repo.dir);
  const git = new GitRunner(location.root);
  const before = JSON.stringify(await buildSmartlog(git, location));
  const done = run(repo, { parallel: 3 });
  await until('the checks to start', () => pidsIn(pids).length === 3);
  const paths = worktreesOf(repo)
    .slice(1)
    .map((line) => line.slice('worktree '.length));
  assert.equal(paths.length, 3);
  assert.ok(paths.every((path) => isCheckWorktree(location, path)) && !isCheckWorktree(location, repo.dir));
  assert.equal(
    JSON.stringify(await buildSmartlog(git, location)),
    before,
    'the smartlog is the same with check worktrees around',
  );
  stacklineOk(repo, 'reword', '-m', 'feat: c, reworded');
  stacklineOk(repo, 'prev');
  assert.deepEqual(
    worktreesOf(repo)
      .slice(1)
      .map((line) => line.slice('worktree '.length)),
    paths,
    'operations left the check worktrees alone',
  );
  writeFileSync(release, '');
  const summary = await done;
  assert.deepEqual(
    summary.items.map((i) => i.state),
    ['pass', 'pass', 'pass'],
  );
  assertClean(repo);
});

test('stackline check: Ctrl-C stops the run cleanly (exit 130)', async () => {
  const pids = tempDir();
  const { repo } = stackRepo([{ name: 'slow', run: `echo $$ > ${pids}/$STACKLINE_CHECK_COMMIT; sleep 60` }]);
  const child = spawn(process.execPath, [bundledCli(), 'check', '--jobs', '1'], {
    cwd: repo.dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await until('a check to start', () => pidsIn(pids).length === 1);
  child.kill('SIGINT');
  const code = await new Promise((r) => child.once('exit', r));
  assert.equal(code, 130, out);
  assert.match(out, /Stopping the checks…[\s\S]*Cancelled: every check this run started was stopped/);
  assert.equal(alive(pidsIn(pids)[0]), false);
  assertClean(repo);
});

test('stackline check: lines per answer, a summary naming the failing commits, their output with --show, --top', () => {
  const { repo, s2 } = stackRepo([{ name: 'clean', run: 'echo checking; test ! -e bad.txt' }]);
  const first = runCli(repo.dir, ['check']);
  assert.equal(first.code, 1, first.stderr);
  assert.match(first.stdout, /^Checking 3 commits with clean…$/m);
  assert.match(first.stdout, /^✓ clean  [0-9a-f]{9} feat: a  \(\d+\.\d s\)$/m);
  assert.match(first.stdout, /^✗ clean  [0-9a-f]{9} feat: b  \(exit 1, \d+\.\d s\)$/m);
  assert.match(
    first.stdout,
    new RegExp(
      `2 of 3 commits fail: ${s2.slice(0, 9)} "feat: b" \\(clean\\), [0-9a-f]{9} "feat: c" \\(clean\\)\\. Read the output: stackline check --show ${s2.slice(0, 9)}`,
    ),
  );
  const again = runCli(repo.dir, ['check', '--top']);
  assert.equal(again.code, 1);
  assert.match(again.stdout, /^Checking 1 commit with clean…\n✗ clean  [0-9a-f]{9} feat: c  \(cached\)$/m);
  const show = runCli(repo.dir, ['check', '--show', s2]);
  assert.equal(show.code, 0, show.stderr);
  assert.match(show.stdout, /^✗ clean: fail \(exit 1, /m);
  assert.match(show.stdout, /^checking$/m);
  const passing = runCli(repo.dir, ['check', 'HEAD~2']);
  assert.equal(passing.code, 1, 'a commit names its stack: every commit of it is checked');
  const outside = runCli(repo.dir, ['check', 'origin/main']);
  assert.equal(outside.code, 1);
  assert.match(outside.stderr, /is not a draft commit of a stack/);
});

test('with no checks declared: the obvious ones are offered, and --init declares them', () => {
  const { repo } = makeClone(1);
  repo.commit('feat: a', {
    'package.json': JSON.stringify({ scripts: { test: 'node --test', lint: 'eslint .', build: 'tsc' } }),
    'yarn.lock': '',
  });
  const offered = runCli(repo.dir, ['check']);
  assert.equal(offered.code, 1);
  assert.match(offered.stderr, /declares no checks\. Add these from package\.json with stackline check --init/);
  assert.match(offered.stderr, /"name": "test",\s*"run": "yarn test"[\s\S]*"name": "lint",\s*"run": "yarn run lint"/);
  writeFileSync(join(repo.dir, '.stackline.json'), JSON.stringify({ conventions: { size: { maxStackCommits: 3 } } }));
  const init = stacklineOk(repo, 'check', '--init');
  assert.match(init, /Declared 2 checks in \.stackline\.json: test \(yarn test\), lint \(yarn run lint\)/);
  const written = JSON.parse(readFileSync(join(repo.dir, '.stackline.json'), 'utf8'));
  assert.deepEqual(written.conventions, { size: { maxStackCommits: 3 } }, 'other settings are kept');
  assert.deepEqual(
    written.checks.map((c: { name: string }) => c.name),
    ['test', 'lint'],
  );
  const twice = runCli(repo.dir, ['check', '--init']);
  assert.equal(twice.code, 1);
  assert.match(twice.stderr, /already declares checks/);
});

test('a malformed check is an error naming the file and the field', () => {
  const { repo } = makeClone(1);
  const error = (checks: unknown) => {
    writeFileSync(join(repo.dir, '.stackline.json'), JSON.stringify({ checks }));
    try {
      loadChecks(repo.dir);
    } catch (caught) {
      assert.ok(caught instanceof CheckError);
      return caught.message;
    }
    return 'no error';
  };
  assert.equal(
    error({ name: 'unit' }),
    '.stackline.json: "checks" must be a list of checks such as [{ "name": "unit", "run": "npm test" }], not an object. Fix the file.',
  );
  assert.equal(
    error([{ name: 'unit', run: 3 }]),
    '.stackline.json: "checks[0].run" must be a command line such as "npm test", not a number. Fix the file.',
  );
  assert.equal(
    error([
      { name: 'unit', run: 'a' },
      { name: 'unit', run: 'b' },
    ]),
    '.stackline.json: "checks[1].name" "unit" names another check too; names must be unique. Fix the file.',
  );
  assert.equal(
    error([{ name: 'unit', run: 'a', timeout: 3 }]),
    '.stackline.json: "checks[0].timeout" is not a check setting (known: name, run, timeoutMinutes). Fix the file.',
  );
  assert.equal(
    error([{ name: 'unit', run: 'a', timeoutMinutes: 0 }]),
    '.stackline.json: "checks[0].timeoutMinutes" must be a number of minutes above 0, not a number. Fix the file.',
  );
  writeFileSync(join(repo.dir, '.stackline.json'), '{ "checks": [ }');
  const cli = runCli(repo.dir, ['check']);
  assert.equal(cli.code, 1);
  assert.match(cli.stderr, /^stackline: \.stackline\.json is not valid JSON: .+\. Fix the file\.$/m);
});

test('checks need the caller to vouch for the workspace; nothing runs untrusted', async () => {
  const marker = join(tempDir(), 'ran');
  const { repo } = stackRepo([{ name: 'x', run: `touch ${marker}` }]);
  const location = await discoverRepository(repo.dir);
  const git = new GitRunner(location.root);
  const { commits } = checkTargets(await buildSmartlog(git, location));
  await assert.rejects(
    runChecks({ git, location, checks: loadChecks(repo.dir), commits, trusted: false }),
    /not trusted/,
  );
  assert.equal(existsSync(marker), false);
  assert.equal(existsSync(new ResultStore(location).dir), false);
});

test("a sparse checkout is the user's: checks still see the whole commit", async () => {
  const { repo } = stackRepo([{ name: 'all', run: 'test -e a.txt && test -e c.txt' }]);
  repo.git('sparse-checkout', 'set', '--no-cone', '/bad.txt');
  assert.equal(existsSync(join(repo.dir, 'a.txt')), false);
  const summary = await run(repo);
  assert.deepEqual(
    summary.items.map((i) => `${i.title} ${i.state}`),
    ['feat: a fail', 'feat: b fail', 'feat: c pass'],
  );
  assert.equal(repo.git('sparse-checkout', 'list').trim(), '/bad.txt', "the user's patterns are unchanged");
  assert.equal(existsSync(join(repo.dir, 'a.txt')), false);
  assertClean(repo);
});
