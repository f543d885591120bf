// `stackline doctor` through the bundled CLI: it reports and changes nothing; --fix turns on what
// is off in the repository's own config (maintenance only when named); --fix <items> only those;
// --json; a shallow clone's way out. The global config is a temp file in place of the user's.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, beforeEach, test } from 'node:test';
import { runCli } from '../helpers/cli';
import { makeRepo, removeTempDirs, tempDir, type TestRepo } from '../helpers/repo';

after(removeTempDirs);

const globalConfig = join(tempDir('stackline-global-'), 'gitconfig');
process.env.GIT_CONFIG_GLOBAL = globalConfig;
process.env.GIT_TEST_MAINT_SCHEDULER = 'crontab:true,systemctl:true,launchctl:true,schtasks:true';
beforeEach(() => writeFileSync(globalConfig, ''));

function repoWithHistory(): TestRepo {
  const repo = makeRepo();
  for (let i = 1; i <= 3; i++) repo.commit(`commit ${i}`);
  return repo;
}

const localConfig = (repo: TestRepo) => readFileSync(join(repo.dir, '.git', 'config'), 'utf8');
const hasCommitGraph = (repo: TestRepo) => existsSync(join(repo.dir, '.git', 'objects', 'info', 'commit-graph'));

interface DoctorJson {
  root: string;
  accelerators: { id: string; state: string; description: string; turnOn: string[]; why?: string; global: boolean }[];
  results?: { id: string; outcome: string; ran: string[] }[];
}

test('stackline doctor prints each item, its state, what it does and the commands; it changes nothing', () => {
  const repo = repoWithHistory();
  const configBefore = localConfig(repo);
  const result = runCli(repo.dir, ['doctor']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^ {2}off {10}Commit-graph \(commit-graph\)$/m);
  assert.match(result.stdout, /^ {15}Indexes the history/m);
  assert.match(
    result.stdout,
    /Turn on: git config --local fetch\.writeCommitGraph true\n {24}git commit-graph write --reachable --changed-paths/,
  );
  assert.match(result.stdout, /^ {2}off {10}Untracked cache \(untracked-cache\)$/m);
  assert.match(result.stdout, /^ {2}off {10}Background maintenance \(maintenance\)$/m);
  assert.match(result.stdout, /Writes your global git config, not only this repository's\./);
  if (process.platform === 'linux') {
    assert.match(
      result.stdout,
      /^ {2}unavailable {2}File system monitor \(fsmonitor\)\n.*\n {15}Not available on this platform/m,
    );
  }
  assert.match(result.stdout, /Turn on the 2 that are off in this repository: stackline doctor --fix$/m);
  assert.match(result.stdout, /Turn on background maintenance too: stackline doctor --fix maintenance$/m);
  assert.equal(localConfig(repo), configBefore, 'doctor without --fix changes nothing');
  assert.ok(!hasCommitGraph(repo));
  assert.equal(readFileSync(globalConfig, 'utf8'), '');
});

test('stackline doctor --json: each item as data with the command lines', () => {
  const repo = repoWithHistory();
  const result = runCli(repo.dir, ['doctor', '--json']);
  assert.equal(result.code, 0, result.stderr);
  const json = JSON.parse(result.stdout) as DoctorJson;
  assert.equal(json.root, repo.dir);
  const graph = json.accelerators.find((a) => a.id === 'commit-graph');
  assert.deepEqual(graph?.turnOn, [
    'git config --local fetch.writeCommitGraph true',
    'git commit-graph write --reachable --changed-paths',
  ]);
  assert.deepEqual(
    json.accelerators.map((a) => [a.id, a.state, a.global]),
    [
      ['commit-graph', 'off', false],
      ['untracked-cache', 'off', false],
      ['fsmonitor', process.platform === 'linux' ? 'unavailable' : 'off', false],
      ['maintenance', 'off', true],
    ],
  );
});

test('stackline doctor --fix turns on what is off in the repository, not maintenance; then all is on', () => {
  const repo = repoWithHistory();
  const result = runCli(repo.dir, ['doctor', '--fix']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    result.stdout,
    /^Turned on: Commit-graph \(git config --local fetch\.writeCommitGraph true; git commit-graph write --reachable --changed-paths\)$/m,
  );
  assert.match(result.stdout, /^Turned on: Untracked cache/m);
  assert.match(
    result.stdout,
    /^Not changed: background maintenance writes your global git config\. Turn it on with stackline doctor --fix maintenance$/m,
  );
  assert.ok(hasCommitGraph(repo));
  assert.match(localConfig(repo), /writeCommitGraph = true/);
  assert.match(localConfig(repo), /untrackedCache = true/);
  assert.equal(readFileSync(globalConfig, 'utf8'), '', 'nothing global without naming maintenance');
  const again = JSON.parse(runCli(repo.dir, ['doctor', '--json']).stdout) as DoctorJson;
  assert.deepEqual(
    again.accelerators.filter((a) => a.state === 'off').map((a) => a.id),
    ['maintenance'],
  );
});

test('stackline doctor --fix <items> changes only those; maintenance when named writes the global config', () => {
  const repo = repoWithHistory();
  const result = runCli(repo.dir, ['doctor', '--fix', 'untracked-cache', '--json']);
  assert.equal(result.code, 0, result.stderr);
  const json = JSON.parse(result.stdout) as DoctorJson;
  assert.deepEqual(json.results, [
    {
      id: 'untracked-cache',
      title: 'Untracked cache',
      outcome: 'turned-on',
      ran: ['git config --local core.untrackedCache true', 'git update-index --untracked-cache'],
    },
  ]);
  assert.ok(!hasCommitGraph(repo));
  assert.doesNotMatch(localConfig(repo), /writeCommitGraph/);
  assert.equal(readFileSync(globalConfig, 'utf8'), '');

  const both = runCli(repo.dir, ['doctor', '--fix=commit-graph,maintenance']);
  assert.equal(both.code, 0, both.stderr);
  assert.match(both.stdout, /^Turned on: Background maintenance \(git maintenance start\)$/m);
  assert.ok(hasCommitGraph(repo));
  assert.match(readFileSync(globalConfig, 'utf8'), /\[maintenance\]\s+repo = /);
  assert.match(runCli(repo.dir, ['doctor']).stdout, /Every speed-up available here is on\./);
});

test('stackline doctor --fix with an unknown item is a usage error that lists the items', () => {
  const repo = repoWithHistory();
  const result = runCli(repo.dir, ['doctor', '--fix', 'turbo']);
  assert.equal(result.code, 2);
  assert.match(
    result.stderr,
    /Unknown item turbo\. The items are commit-graph, untracked-cache, fsmonitor, maintenance\./,
  );
  const stray = runCli(repo.dir, ['doctor', 'commit-graph']);
  assert.equal(stray.code, 2);
  assert.match(stray.stderr, /Name items only after --fix: stackline doctor --fix commit-graph/);
});

test('stackline doctor --fix fsmonitor on Linux says why it is skipped', (t) => {
  if (process.platform !== 'linux') return t.skip('the built-in daemon exists on macOS and Windows');
  const repo = repoWithHistory();
  const result = runCli(repo.dir, ['doctor', '--fix', 'fsmonitor']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^Skipped: File system monitor: Not available on this platform/m);
  assert.doesNotMatch(localConfig(repo), /fsmonitor/);
});

test('in a shallow clone the commit-graph is skipped, with the command that fetches the whole history', () => {
  const origin = repoWithHistory();
  const dir = tempDir();
  execFileSync('git', ['clone', '-q', '--depth', '1', `file://${origin.dir}`, dir]);
  const shown = runCli(dir, ['doctor']);
  assert.match(shown.stdout, /^ {2}unavailable {2}Commit-graph \(commit-graph\)$/m);
  assert.match(shown.stdout, /^ {15}Fetch the whole history: git fetch --unshallow$/m);
  const fixed = runCli(dir, ['doctor', '--fix', 'commit-graph']);
  assert.equal(fixed.code, 0, fixed.stderr);
  assert.match(
    fixed.stdout,
    /^Skipped: Commit-graph: This is a shallow clone, and git uses no commit-graph there\. Fetch the whole history: git fetch --unshallow$/m,
  );
});

test('stackline --help lists doctor, and doctor --help explains --fix', () => {
  const repo = makeRepo();
  assert.match(
    runCli(repo.dir, ['--help']).stdout,
    /^ {2}doctor \[--fix \[<item>,\.\.\.\]\] +which of git's speed-ups/m,
  );
  const help = runCli(repo.dir, ['doctor', '--help']).stdout;
  assert.match(help, /Changes nothing unless --fix is given\./);
  assert.match(help, /maintenance runs git maintenance start, which writes your global git config/);
});
