// The remote dry run against the GitHub stand-in: each commit of the stack pushed to a scratch
// branch, the check runs and commit statuses the test sets on those commits (while Stackline waits)
// read back with one GraphQL query per poll, no PR opened, and the scratch branches deleted after —
// except one somebody else moved meanwhile. Also `submit --check`, which stops on a failing commit.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runRemoteChecks } from '../../src/core/checks/remote';
import { checkTargets } from '../../src/core/checks/targets';
import { discoverRepository } from '../../src/core/git/repository';
import { buildSmartlog } from '../../src/core/smartlog/build';
import { gitHubFixture, standinCli, type GitHubFixture } from '../helpers/github';
import { until } from '../helpers/until';
import { removeTempDirs } from '../helpers/repo';

after(removeTempDirs);

const REPO = 'octo/demo';

async function stackFixture(): Promise<GitHubFixture & { commits: string[] }> {
  const f = await gitHubFixture();
  const commits = [1, 2, 3].map((i) => f.repo.commit(`feat: change ${i}`, { [`c${i}.txt`]: `${i}\n` }));
  return { ...f, commits };
}

async function targets(f: GitHubFixture) {
  const location = await discoverRepository(f.repo.dir);
  return checkTargets(await buildSmartlog(f.git, location)).commits.map((c) => ({ hash: c.hash, title: c.title }));
}

function scratchBranches(f: GitHubFixture): Map<string, string> {
  const out = f.repo.git(
    '--git-dir',
    f.bare('octo', 'demo'),
    'for-each-ref',
    '--format=%(refname:lstrip=2) %(objectname)',
    'refs/heads/stackline/',
  );
  return new Map(
    out
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ') as [string, string]),
  );
}

test('remote dry run: scratch branches, checks set while Stackline waits, no PR, branches removed', async () => {
  const f = await stackFixture();
  try {
    const [c1, c2, c3] = f.commits;
    const seen: string[] = [];
    const done = runRemoteChecks({
      git: f.git,
      session: await f.session(),
      commits: await targets(f),
      pollMs: 30,
      appearMs: 10_000,
      onChange: (r) => seen.push(`${r.title}: ${r.state}`),
    });
    await until('the scratch branches to be pushed', () => scratchBranches(f).size === 3);
    assert.deepEqual(
      [...scratchBranches(f)].sort(),
      [c1, c2, c3].map((c) => [`stackline/check/${c.slice(0, 12)}`, c]).sort(),
    );
    // CI picks the pushes up: first queued and pending, then settled.
    f.standin.setChecks(REPO, c1, [{ name: 'build', status: 'in_progress', conclusion: null }]);
    f.standin.setStatuses(REPO, c2, [{ context: 'ci/jenkins', state: 'pending' }]);
    await until(
      'Stackline to see them running',
      () =>
        seen.includes('feat: change 1: pending') ||
        f.standin.calls.filter((c) => c.graphql === 'StacklineCommitChecks').length > 3,
    );
    f.standin.setChecks(REPO, c1, [
      { name: 'build', status: 'completed', conclusion: 'success' },
      { name: 'lint', status: 'completed', conclusion: 'neutral' },
    ]);
    f.standin.setStatuses(REPO, c2, [
      {
        context: 'ci/jenkins',
        state: 'failure',
        description: 'tests failed',
        targetUrl: 'https://ci.example.test/job/7',
      },
    ]);
    f.standin.setChecks(REPO, c3, [
      { name: 'build', status: 'completed', conclusion: 'failure', detailsUrl: 'https://ci.example.test/run/3' },
    ]);
    f.standin.setStatuses(REPO, c3, [{ context: 'ci/jenkins', state: 'success' }]);
    const summary = await done;
    assert.deepEqual(
      summary.results.map((r) => [r.title, r.state, r.contexts]),
      [
        [
          'feat: change 1',
          'passing',
          [
            { name: 'build', state: 'passing' },
            { name: 'lint', state: 'passing' },
          ],
        ],
        [
          'feat: change 2',
          'failing',
          [{ name: 'ci/jenkins', state: 'failing', url: 'https://ci.example.test/job/7', description: 'tests failed' }],
        ],
        [
          'feat: change 3',
          'failing',
          [
            { name: 'build', state: 'failing', url: 'https://ci.example.test/run/3' },
            { name: 'ci/jenkins', state: 'passing' },
          ],
        ],
      ],
    );
    assert.deepEqual(summary.kept, []);
    assert.equal(summary.timedOut, false);
    assert.equal(scratchBranches(f).size, 0, 'the scratch branches are gone');
    assert.equal(f.standin.pulls(REPO).length, 0, 'no PR was opened');
    const reads = f.standin.calls.filter((c) => c.operationId === 'graphql');
    assert.ok(
      reads.length >= 2 && reads.every((c) => c.graphql === 'StacklineCommitChecks'),
      'one GraphQL query per poll, for every commit at once',
    );
    assert.equal(f.standin.writes().length, 0, 'nothing written through the API');
  } finally {
    await f.close();
  }
});

test('remote dry run: a scratch branch someone moved is kept (lease); nothing reported counts as none; Cancel cleans up', async () => {
  const f = await stackFixture();
  try {
    const [c1, c2, c3] = f.commits;
    f.standin.setChecks(REPO, c1, [{ name: 'build', status: 'completed', conclusion: 'success' }]);
    const done = runRemoteChecks({
      git: f.git,
      session: await f.session(),
      commits: await targets(f),
      pollMs: 30,
      appearMs: 400,
    });
    await until('the scratch branches to be pushed', () => scratchBranches(f).size === 3);
    // Someone else's push to one of them (the commit below it) while Stackline waits.
    f.repo.git('--git-dir', f.bare('octo', 'demo'), 'update-ref', `refs/heads/stackline/check/${c3.slice(0, 12)}`, c2);
    const summary = await done;
    assert.deepEqual(
      summary.results.map((r) => r.state),
      ['passing', 'none', 'none'],
    );
    assert.deepEqual(summary.kept, [`stackline/check/${c3.slice(0, 12)}`]);
    assert.deepEqual(
      [...scratchBranches(f).keys()],
      [`stackline/check/${c3.slice(0, 12)}`],
      'only the moved one is left',
    );
    f.repo.git(
      '--git-dir',
      f.bare('octo', 'demo'),
      'update-ref',
      '-d',
      `refs/heads/stackline/check/${c3.slice(0, 12)}`,
    );

    const controller = new AbortController();
    const cancelled = runRemoteChecks({
      git: f.git,
      session: await f.session(),
      commits: await targets(f),
      pollMs: 30,
      appearMs: 60_000,
      signal: controller.signal,
    });
    await until('the scratch branches to be pushed', () => scratchBranches(f).size === 3);
    controller.abort();
    const stopped = await cancelled;
    assert.equal(stopped.cancelled, true);
    assert.equal(scratchBranches(f).size, 0);
  } finally {
    await f.close();
  }
});

test('stackline check --remote: lines per commit, exit 1 naming the failing commit; a bad prefix is refused', async () => {
  const f = await stackFixture();
  try {
    const [c1, c2, c3] = f.commits;
    f.repo.git('config', 'stackline.checks.refPrefix', 'dry-run/');
    for (const c of [c1, c3])
      f.standin.setChecks(REPO, c, [{ name: 'ci', status: 'completed', conclusion: 'success' }]);
    f.standin.setChecks(REPO, c2, [
      { name: 'ci', status: 'completed', conclusion: 'failure', detailsUrl: 'https://ci.example.test/2' },
    ]);
    const result = await standinCli(f, ['check', '--remote']);
    assert.equal(result.code, 1, result.stderr + result.stdout);
    assert.equal(result.stderr, '');
    assert.match(result.stdout, /^Pushing 3 commits to scratch branches dry-run\/… \(no PR is opened\)/m);
    assert.match(
      result.stdout,
      new RegExp(`^✗ ${c2.slice(0, 9)} feat: change 2  ci ✗ https://ci\\.example\\.test/2$`, 'm'),
    );
    assert.match(result.stdout, new RegExp(`^✓ ${c1.slice(0, 9)} feat: change 1  ci ✓$`, 'm'));
    assert.match(result.stdout, /^Removed the scratch branches from origin\.$/m);
    assert.match(
      result.stdout,
      new RegExp(`^1 of 3 commits fails on the forge: ${c2.slice(0, 9)} "feat: change 2"\\.$`, 'm'),
    );
    assert.equal(f.repo.git('--git-dir', f.bare('octo', 'demo'), 'for-each-ref', 'refs/heads/dry-run/'), '');
    f.repo.git('config', 'stackline.checks.refPrefix', 'no prefix');
    const refused = await standinCli(f, ['check', '--remote']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^stackline: "no prefix" cannot start branch names/m);
  } finally {
    await f.close();
  }
});

test('submit --check: a failing commit stops the submit and is named; once it passes, the stack is submitted', async () => {
  const f = await stackFixture();
  try {
    writeFileSync(
      join(f.repo.dir, '.stackline.json'),
      JSON.stringify({ checks: [{ name: 'unit', run: 'test ! -e c2.txt' }] }),
    );
    const stopped = await standinCli(f, ['submit', '--check']);
    assert.equal(stopped.code, 1, stopped.stdout);
    assert.match(
      stopped.stderr,
      new RegExp(
        `^stackline: Not submitting: checks fail on ${f.commits[1].slice(0, 9)} "feat: change 2" \\(unit\\), ${f.commits[2].slice(0, 9)} "feat: change 3" \\(unit\\)\\. Read the output with stackline check --show ${f.commits[1].slice(0, 9)}`,
        'm',
      ),
    );
    assert.equal(f.standin.pulls(REPO).length, 0, 'nothing submitted');
    assert.equal(
      f.repo.git('--git-dir', f.bare('octo', 'demo'), 'for-each-ref', 'refs/heads/').split('\n').filter(Boolean).length,
      1,
      'nothing pushed',
    );
    // The setting does the same without the flag.
    f.repo.git('config', 'stackline.checks.beforeSubmit', 'true');
    assert.equal((await standinCli(f, ['submit'])).code, 1);
    writeFileSync(
      join(f.repo.dir, '.stackline.json'),
      JSON.stringify({ checks: [{ name: 'unit', run: 'test -e c1.txt' }] }),
    );
    const submitted = await standinCli(f, ['submit']);
    assert.equal(submitted.code, 0, submitted.stderr);
    assert.match(submitted.stdout, /^Checking 3 commits before submitting…$/m);
    assert.equal(f.standin.pulls(REPO).length, 3);
  } finally {
    await f.close();
  }
});
