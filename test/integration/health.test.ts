// Git's speed-ups on real temp repositories: off is seen as off, turning some on changes only
// those (in the repository's own config), detection sees them on afterwards, and only
// `git maintenance start` writes global config, here a temp file in place of the user's.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, beforeEach, test } from 'node:test';
import { gitBoolean } from '../../src/core/git/config';
import { discoverRepository } from '../../src/core/git/repository';
import { GitRunner } from '../../src/core/git/runner';
import { detectAccelerators, type Accelerator, type AcceleratorId } from '../../src/core/health/accelerators';
import { measureRepository } from '../../src/core/health/size';
import { turnOnAccelerators } from '../../src/core/health/turnOn';
import { makeClone, makeRepo, removeTempDirs, tempDir, type TestRepo } from '../helpers/repo';

after(removeTempDirs);

// The global config is a temp file (the runner reads the environment when it is made), and
// `git maintenance start` schedules through `true` instead of the machine's cron or systemd.
const globalConfig = join(tempDir('stackline-global-'), 'gitconfig');
process.env.GIT_CONFIG_GLOBAL = globalConfig;
process.env.GIT_TEST_MAINT_SCHEDULER = 'crontab:true,systemctl:true,launchctl:true,schtasks:true';
beforeEach(() => writeFileSync(globalConfig, ''));

async function open(repo: TestRepo) {
  const location = await discoverRepository(repo.dir);
  return { git: new GitRunner(location.root), location };
}

async function states(repo: TestRepo): Promise<Record<AcceleratorId, Accelerator['state']>> {
  const { git, location } = await open(repo);
  const found = await detectAccelerators(git, location);
  return Object.fromEntries(found.map((a) => [a.id, a.state])) as Record<AcceleratorId, Accelerator['state']>;
}

const localConfig = (repo: TestRepo) => readFileSync(join(repo.dir, '.git', 'config'), 'utf8');
const hasCommitGraph = (repo: TestRepo) => existsSync(join(repo.dir, '.git', 'objects', 'info', 'commit-graph'));

function repoWithHistory(): TestRepo {
  const repo = makeRepo();
  for (let i = 1; i <= 3; i++) repo.commit(`commit ${i}`);
  return repo;
}

test('a fresh repository has every speed-up off, each with what it does and the commands that turn it on', async () => {
  const repo = repoWithHistory();
  const { git, location } = await open(repo);
  const found = await detectAccelerators(git, location);
  assert.deepEqual(
    found.map((a) => a.id),
    ['commit-graph', 'untracked-cache', 'fsmonitor', 'maintenance'],
  );
  const byId = Object.fromEntries(found.map((a) => [a.id, a]));
  assert.equal(byId['commit-graph'].state, 'off');
  assert.match(byId['commit-graph'].why ?? '', /no commit-graph file.*fetch\.writeCommitGraph is off/);
  assert.deepEqual(byId['commit-graph'].turnOn, [
    ['config', '--local', 'fetch.writeCommitGraph', 'true'],
    ['commit-graph', 'write', '--reachable', '--changed-paths'],
  ]);
  assert.equal(byId['untracked-cache'].state, 'off');
  assert.deepEqual(byId['untracked-cache'].turnOn[0], ['config', '--local', 'core.untrackedCache', 'true']);
  assert.equal(byId.maintenance.state, 'off');
  assert.equal(byId.maintenance.global, true);
  assert.deepEqual(byId.maintenance.turnOn, [['maintenance', 'start']]);
  for (const a of found) {
    assert.ok(a.description.length > 40, `${a.id} says what it does`);
    assert.equal(a.global, a.id === 'maintenance', `${a.id}: only maintenance writes global config`);
  }
});

test('fsmonitor: git on Linux has no built-in daemon, so it is unavailable and nothing is offered', async (t) => {
  if (process.platform !== 'linux') return t.skip('the built-in daemon exists on macOS and Windows');
  const repo = repoWithHistory();
  const { git, location } = await open(repo);
  const fsmonitor = (await detectAccelerators(git, location)).find((a) => a.id === 'fsmonitor');
  assert.equal(fsmonitor?.state, 'unavailable');
  assert.match(fsmonitor?.why ?? '', /^Not available on this platform/);
  assert.deepEqual(fsmonitor?.turnOn, []);
  const [result] = await turnOnAccelerators(git, location, ['fsmonitor']);
  assert.equal(result.outcome, 'unavailable');
  assert.doesNotMatch(localConfig(repo), /fsmonitor/);
});

test('a core.fsmonitor hook the user set up counts as on', async () => {
  const repo = repoWithHistory();
  repo.git('config', 'core.fsmonitor', '.git/hooks/query-watchman');
  const { git, location } = await open(repo);
  const fsmonitor = (await detectAccelerators(git, location)).find((a) => a.id === 'fsmonitor');
  assert.equal(fsmonitor?.state, 'on');
  assert.match(fsmonitor?.why ?? '', /query-watchman/);
});

test('turning on the commit-graph changes only it: local config and the file, nothing global', async () => {
  const repo = repoWithHistory();
  const { git, location } = await open(repo);
  const results = await turnOnAccelerators(git, location, ['commit-graph']);
  assert.deepEqual(
    results.map((r) => [r.id, r.outcome]),
    [['commit-graph', 'turned-on']],
  );
  assert.ok(hasCommitGraph(repo), 'the commit-graph file is written now');
  assert.equal(repo.git('config', '--local', 'fetch.writeCommitGraph').trim(), 'true');
  assert.doesNotMatch(localConfig(repo), /untrackedcache/i);
  assert.equal(readFileSync(globalConfig, 'utf8'), '');
  assert.deepEqual(await states(repo), {
    'commit-graph': 'on',
    'untracked-cache': 'off',
    fsmonitor: process.platform === 'linux' ? 'unavailable' : 'off',
    maintenance: 'off',
  });
});

test('a chosen subset: the untracked cache and the commit-graph on, maintenance left alone', async () => {
  const repo = repoWithHistory();
  const { git, location } = await open(repo);
  const results = await turnOnAccelerators(git, location, ['untracked-cache', 'commit-graph']);
  assert.deepEqual(
    results.map((r) => [r.id, r.outcome]),
    [
      ['commit-graph', 'turned-on'],
      ['untracked-cache', 'turned-on'],
    ],
  );
  assert.equal(repo.git('config', '--local', 'core.untrackedCache').trim(), 'true');
  // The index carries the cache's extension now, before any git status.
  assert.ok(readFileSync(join(repo.dir, '.git', 'index')).includes('UNTR'), 'the index has an untracked cache');
  const s = await states(repo);
  assert.equal(s['commit-graph'], 'on');
  assert.equal(s['untracked-cache'], 'on');
  assert.equal(s.maintenance, 'off');
  assert.equal(readFileSync(globalConfig, 'utf8'), '');
  // Asking again changes nothing.
  const again = await turnOnAccelerators(git, location, ['untracked-cache']);
  assert.deepEqual(
    again.map((r) => [r.outcome, r.ran]),
    [['already-on', []]],
  );
});

test('core.commitGraph false: off even with a commit-graph file, and turning it on sets it back', async () => {
  const repo = repoWithHistory();
  repo.git('commit-graph', 'write', '--reachable');
  repo.git('config', 'fetch.writeCommitGraph', 'true');
  repo.git('config', 'core.commitGraph', 'false');
  const { git, location } = await open(repo);
  const graph = (await detectAccelerators(git, location)).find((a) => a.id === 'commit-graph');
  assert.equal(graph?.state, 'off');
  assert.equal(graph?.why, 'core.commitGraph is false, so git ignores it.');
  await turnOnAccelerators(git, location, ['commit-graph']);
  assert.equal(repo.git('config', '--local', 'core.commitGraph').trim(), 'true');
  assert.equal((await states(repo))['commit-graph'], 'on');
});

test('maintenance registers in the (temp) global config, and then also keeps the commit-graph current', async () => {
  const repo = repoWithHistory();
  repo.git('commit-graph', 'write', '--reachable');
  const { git, location } = await open(repo);
  const [result] = await turnOnAccelerators(git, location, ['maintenance']);
  assert.equal(result.outcome, 'turned-on');
  assert.deepEqual(result.ran, [['maintenance', 'start']]);
  assert.match(readFileSync(globalConfig, 'utf8'), /\[maintenance\]\s+repo = /);
  const s = await states(repo);
  assert.equal(s.maintenance, 'on');
  // Scalar's way: no fetch.writeCommitGraph, the hourly maintenance rewrites the graph instead.
  assert.equal(s['commit-graph'], 'on');
  assert.equal(s['untracked-cache'], 'off');
});

test('a shallow clone: the commit-graph is unavailable, with the way out', async () => {
  const { origin } = makeClone(3);
  const dir = tempDir();
  execFileSync('git', ['clone', '-q', '--depth', '1', `file://${origin.dir}`, dir]);
  const location = await discoverRepository(dir);
  const graph = (await detectAccelerators(new GitRunner(dir), location)).find((a) => a.id === 'commit-graph');
  assert.equal(graph?.state, 'unavailable');
  assert.match(graph?.why ?? '', /shallow clone/);
  assert.equal(graph?.fix?.cli, 'git fetch --unshallow');
});

test('feature.manyFiles turns the untracked cache on by default', async () => {
  const repo = repoWithHistory();
  repo.git('config', 'feature.manyFiles', 'true');
  assert.equal((await states(repo))['untracked-cache'], 'on');
  repo.git('config', 'core.untrackedCache', 'false');
  assert.equal((await states(repo))['untracked-cache'], 'off');
});

test('size: files from the index header, commits counted only up to the threshold', async () => {
  const repo = makeRepo();
  for (let i = 1; i <= 4; i++) repo.commit(`commit ${i}`, { [`f${i}.txt`]: `${i}` });
  const { git, location } = await open(repo);
  assert.deepEqual(await measureRepository(git, location, { minCommits: 10, minFiles: 10 }), {
    files: 4,
    commits: 4,
    big: false,
  });
  assert.deepEqual(await measureRepository(git, location, { minCommits: 3, minFiles: 10 }), {
    files: 4,
    commits: 3,
    big: true,
  });
  assert.deepEqual(await measureRepository(git, location, { minCommits: 10, minFiles: 4 }), { files: 4, big: true });
  const empty = await open(makeRepo());
  assert.deepEqual(await measureRepository(empty.git, empty.location, { minCommits: 1, minFiles: 1 }), {
    files: 0,
    commits: 0,
    big: false,
  });
});

test('git booleans as git reads them', () => {
  for (const yes of ['true', 'YES', 'on', '1', '-1', '42']) assert.equal(gitBoolean(yes), true, yes);
  for (const no of ['false', 'No', 'off', '0', '']) assert.equal(gitBoolean(no), false, JSON.stringify(no));
  assert.equal(gitBoolean('keep'), undefined);
  assert.equal(gitBoolean(undefined), undefined);
});
