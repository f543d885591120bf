// Landing a whole line against the GitHub stand-in on real git: with a native stack one merge-async of
// the highest PR (the stand-in merges the PRs below with it), then the local stack synced; without one
// a local queue, one PR at a time, that a stop half-way leaves resumable; a merge queue; GitHub's
// failure message.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { ForgeError, LandNotReadyError } from '../../src/core/forge/errors';
import { continueLanding, landAll } from '../../src/core/forge/landAll';
import { MergeFailedError } from '../../src/core/forge/mergeAsync';
import {
  gitHubFixture,
  landInput,
  location,
  makeReady,
  standinCli,
  submittedStack,
  TOKEN,
  type GitHubFixture,
} from '../helpers/github';
import { bundledCli } from '../helpers/cli';
import { removeTempDirs } from '../helpers/repo';

const REPO = 'octo/demo';
after(removeTempDirs);

const trunkLog = (f: GitHubFixture) =>
  f.repo.git('--git-dir', f.bare('octo', 'demo'), 'log', '--format=%s', 'main').trim().split('\n');
const localDrafts = (f: GitHubFixture) =>
  f.repo.git('log', '--format=%s', 'origin/main..HEAD').trim().split('\n').filter(Boolean);

describe('land --all', { timeout: 120_000 }, () => {
  let f: GitHubFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('with a native stack: one merge-async of the top PR lands the line, then the local stack is synced', async () => {
    f = await submittedStack(3);
    for (const n of [1, 2, 3]) makeReady(f, n);
    const mark = f.standin.calls.length;
    const cli = await standinCli(f, ['land', '--all', '--method', 'squash']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(
      cli.stdout,
      /^Landed #1, #2, #3 on main \(squash, one merge of the native stack\)\.\nThat was the whole line\.$/m,
    );
    const writes = f.standin.writes(mark).map((c) => c.operationId);
    assert.deepEqual(
      writes.filter((op) => op?.startsWith('pulls/merge')),
      ['pulls/merge-async'],
      'one merge for the whole line',
    );
    assert.deepEqual(trunkLog(f).slice(0, 3), ['feat: layer 3 (#3)', 'feat: layer 2 (#2)', 'feat: layer 1 (#1)']);
    assert.deepEqual(localDrafts(f), [], 'nothing left to land');
    assert.equal(
      f.repo.git('--git-dir', f.bare('octo', 'demo'), 'for-each-ref', 'refs/heads/stackline').trim(),
      '',
      'merged branches deleted',
    );
  });

  it('land takes one of --all, --upto and --continue', async () => {
    f = await gitHubFixture();
    const both = await standinCli(f, ['land', '--all', '--continue']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /Pick one of --all, --upto <rev> and --continue\./);
  });

  it('--upto: lands the PRs up to one commit; the rest stands on the new trunk and is re-submitted', async () => {
    f = await submittedStack(3);
    for (const n of [1, 2]) makeReady(f, n);
    const upto = f.repo.git('rev-parse', 'HEAD~1').trim();
    const result = await landAll({
      git: f.git,
      location: await location(f.repo),
      session: await f.session(),
      method: 'squash',
      upto,
    });
    assert.deepEqual(
      result.landed.map((p) => p.number),
      [1, 2],
    );
    assert.deepEqual(localDrafts(f), ['feat: layer 3']);
    const third = f.standin.pull(REPO, 3);
    assert.equal(third.state, 'open');
    assert.equal(third.base.ref, 'main');
    assert.equal(third.head.sha, f.repo.git('rev-parse', 'HEAD').trim(), 'the rest was re-submitted');
    assert.equal(f.repo.git('rev-parse', 'HEAD~1').trim(), f.repo.git('rev-parse', 'origin/main').trim());
  });

  it('land --upto from the CLI: the PR above is re-submitted onto trunk; a commit above it with no PR stays unsubmitted', async () => {
    f = await submittedStack(3);
    for (const n of [1, 2]) makeReady(f, n);
    f.repo.commit('feat: local only', { 'local.txt': 'mine\n' });
    const cli = await standinCli(f, ['land', '--upto', 'HEAD~2', '--method', 'squash']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(localDrafts(f), ['feat: local only', 'feat: layer 3']);
    const third = f.standin.pull(REPO, 3);
    assert.equal(third.state, 'open');
    assert.equal(third.base.ref, 'main');
    assert.equal(
      third.head.sha,
      f.repo.git('rev-parse', 'HEAD~1').trim(),
      'PR #3 has the commit as it stands on trunk now',
    );
    assert.deepEqual(
      f.standin.pulls(REPO).map((p) => p.number),
      [1, 2, 3],
      'no PR for the commit that had none',
    );
    assert.deepEqual(f.standin.violations, []);
  });

  it('without a native stack: a local queue, one PR at a time; stopped half-way it goes on with --continue', async () => {
    f = await submittedStack(3, { nativeStacks: false });
    makeReady(f, 1);
    const input = async () => ({ git: f!.git, location: await location(f!.repo), session: await f!.session() });
    // #2 is re-pushed when #1 lands: its new head has failing checks, so the queue stops there.
    const failing = setInterval(() => {
      const second = f!.standin.pull(REPO, 2);
      f!.standin.setChecks(REPO, second.head.sha, [{ name: 'ci', status: 'completed', conclusion: 'failure' }]);
    }, 5);
    await assert.rejects(
      landAll({ ...(await input()), method: 'squash' }),
      (e: unknown) => e instanceof LandNotReadyError && e.number === 2,
    );
    clearInterval(failing);
    assert.equal(f.standin.pull(REPO, 1).merged, true);
    const state = join(f.repo.dir, '.git', 'stackline', 'land.json');
    assert.deepEqual(JSON.parse(readFileSync(state, 'utf8')), {
      repo: REPO,
      target: f.standin.pull(REPO, 3).head.ref,
      method: 'squash',
    });

    for (const n of [2, 3]) makeReady(f, n);
    const mark = f.standin.calls.length;
    const rest = await continueLanding({ ...(await input()), method: 'merge' });
    assert.equal(rest.native, false);
    assert.deepEqual(
      rest.landed.map((p) => p.number),
      [2, 3],
    );
    assert.equal(rest.method, 'squash', 'the method it was started with');
    assert.equal(f.standin.writes(mark).filter((c) => c.operationId === 'pulls/merge').length, 2);
    assert.deepEqual(localDrafts(f), []);
    assert.deepEqual(JSON.parse(readFileSync(state, 'utf8')), {}, 'the queue is done');
    await assert.rejects(
      continueLanding({ ...(await input()), method: 'squash' }),
      (error: unknown) => ForgeError.is(error, 'config') && error.fixes[0]?.cli === 'stackline land --all',
    );
  });

  it("a local queue with --wait waits for the next PR's checks after its re-push, then lands it", async () => {
    f = await submittedStack(2, { nativeStacks: false });
    for (const n of [1, 2]) makeReady(f, n);
    // #2 is re-pushed when #1 lands; its checks run on the new head until the wait has begun.
    let running = true;
    const checks = setInterval(() => {
      const second = f!.standin.pull(REPO, 2);
      const ci = running
        ? { name: 'ci', status: 'in_progress' as const, conclusion: null }
        : { name: 'ci', status: 'completed' as const, conclusion: 'success' as const };
      f!.standin.setChecks(REPO, second.head.sha, [ci]);
    }, 5);
    const lines: string[] = [];
    const log = (line: string) => {
      lines.push(line);
      if (line.startsWith('Waiting up to 1 min for the checks of #2')) setTimeout(() => (running = false), 500);
    };
    try {
      const result = await landAll({ ...(await landInput(f)), method: 'squash', waitMinutes: 1, log });
      assert.deepEqual(
        result.landed.map((p) => p.number),
        [1, 2],
      );
    } finally {
      clearInterval(checks);
    }
    assert.ok(lines.includes('Waiting up to 1 min for the checks of #2…'), lines.join('\n'));
    assert.deepEqual(localDrafts(f), []);
    assert.deepEqual(f.standin.violations, []);
  });

  it('a local queue killed right after a merge: land --continue finishes the follow-up and the rest', async () => {
    f = await submittedStack(3, { nativeStacks: false });
    for (const n of [1, 2, 3]) makeReady(f, n);
    // Every re-pushed head gets passing checks, so only the kill stops the queue.
    const passing = setInterval(() => {
      for (const pull of f!.standin.pulls(REPO))
        f!.standin.setChecks(REPO, pull.head.sha, [{ name: 'ci', status: 'completed', conclusion: 'success' }]);
    }, 5);
    try {
      const child = spawn(process.execPath, [bundledCli(), 'land', '--all', '--method', 'squash'], {
        cwd: f.repo.dir,
        env: { ...process.env, GITHUB_TOKEN: TOKEN, STACKLINE_GITHUB_API_URL: f.standin.apiUrl },
        stdio: 'ignore',
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const killer = setInterval(() => {
        if (f!.standin.calls.some((c) => c.operationId === 'pulls/merge')) child.kill('SIGKILL');
      }, 1);
      const code = await exited;
      clearInterval(killer);
      assert.equal(code, null, 'the land was killed');
      assert.equal(f.standin.pull(REPO, 1).merged, true, 'killed after #1 merged');
      assert.equal(f.standin.pull(REPO, 2).merged, false);

      const rest = await standinCli(f, ['land', '--continue']);
      assert.equal(rest.code, 0, rest.stderr);
      assert.deepEqual(
        [1, 2, 3].map((n) => f!.standin.pull(REPO, n).merged),
        [true, true, true],
      );
    } finally {
      clearInterval(passing);
    }
    assert.deepEqual(localDrafts(f), []);
    assert.deepEqual(trunkLog(f).slice(0, 3), ['feat: layer 3 (#3)', 'feat: layer 2 (#2)', 'feat: layer 1 (#1)']);
    assert.equal(f.repo.git('status', '--porcelain').trim(), '', 'nothing left half-done in the work tree');
    assert.deepEqual(f.standin.violations, []);
  });

  it('under a merge queue: enqueued, and nothing changed locally until GitHub merges', async () => {
    f = await submittedStack(2);
    for (const n of [1, 2]) makeReady(f, n);
    f.standin.nativeStacks.setMergeQueue(REPO, 'main', true);
    const before = f.repo.head();
    const result = await landAll(await landInput(f));
    assert.equal(result.queued, 2);
    assert.equal(result.queuePosition, 1);
    assert.equal(f.repo.head(), before);
    assert.deepEqual(
      f.standin.nativeStacks.queue(REPO).map((m) => m.pull),
      [2],
    );
    const state = JSON.parse(readFileSync(join(f.repo.dir, '.git', 'stackline', 'land.json'), 'utf8'));
    assert.equal(state.queued, 2, 'the queued PR is remembered');

    // Landing the line again while it waits: its place, nothing written, nothing queued twice.
    const mark = f.standin.calls.length;
    const again = await landAll(await landInput(f));
    assert.equal(again.queued, 2);
    assert.equal(again.queuePosition, 1);
    assert.deepEqual(f.standin.writes(mark), []);
    assert.equal(f.repo.head(), before);

    // GitHub's queue merges while `land --continue --wait` waits: the rest of the line follows.
    setTimeout(() => f!.standin.nativeStacks.advanceQueue(REPO), 1500);
    const done = await continueLanding({ ...(await landInput(f)), waitMinutes: 1 });
    assert.equal(done.queued, undefined);
    assert.equal(done.throughQueue, true);
    assert.deepEqual(
      done.landed.map((p) => p.number),
      [1, 2],
    );
    assert.deepEqual(
      [1, 2].map((n) => f!.standin.pull(REPO, n).merged),
      [true, true],
    );
    assert.deepEqual(localDrafts(f), []);
    assert.deepEqual(JSON.parse(readFileSync(join(f.repo.dir, '.git', 'stackline', 'land.json'), 'utf8')), {});
    assert.deepEqual(
      f.standin.calls.filter((c) => c.operationId === 'git/delete-ref').length,
      2,
      'both merged branches deleted',
    );
    assert.deepEqual(f.standin.violations, []);
  });

  it('a local queue under a merge queue: once GitHub merges the queued PR, one continue lands on up to the next one', async () => {
    f = await submittedStack(3, { nativeStacks: false });
    for (const n of [1, 2, 3]) makeReady(f, n);
    f.standin.nativeStacks.setMergeQueue(REPO, 'main', true);
    const passing = setInterval(() => {
      for (const pull of f!.standin.pulls(REPO))
        f!.standin.setChecks(REPO, pull.head.sha, [{ name: 'ci', status: 'completed', conclusion: 'success' }]);
    }, 5);
    try {
      const first = await landAll(await landInput(f));
      assert.equal(first.queued, 1);
      f.standin.nativeStacks.advanceQueue(REPO);
      // The follow-up of #1, then #2 into the queue: the rest of what was asked, not a stop after the follow-up.
      const next = await continueLanding(await landInput(f));
      assert.deepEqual(
        next.landed.map((p) => p.number),
        [1, 2],
      );
      assert.equal(next.queued, 2);
      assert.equal(f.standin.pull(REPO, 1).merged, true);
      assert.deepEqual(localDrafts(f), ['feat: layer 3', 'feat: layer 2']);
    } finally {
      clearInterval(passing);
    }
    assert.deepEqual(f.standin.violations, []);
  });

  it('a 3-PR line under a merge queue: the bottom two land, the top one is re-submitted onto trunk', async () => {
    f = await submittedStack(3);
    for (const n of [1, 2, 3]) makeReady(f, n);
    f.standin.nativeStacks.setMergeQueue(REPO, 'main', true);
    const input = async () => ({ git: f!.git, location: await location(f!.repo), session: await f!.session() });
    const top = f.repo.git('rev-parse', 'HEAD~1').trim();
    const queued = await landAll({ ...(await input()), method: 'squash', upto: top, top });
    assert.equal(queued.queued, 2);
    f.standin.nativeStacks.advanceQueue(REPO);
    const done = await continueLanding({ ...(await input()), method: 'squash' });
    assert.deepEqual(
      done.landed.map((p) => p.number),
      [1, 2],
    );
    assert.equal(f.standin.pull(REPO, 3).state, 'open');
    assert.equal(f.standin.pull(REPO, 3).base.ref, 'main');
    assert.equal(f.standin.pull(REPO, 3).head.sha, f.repo.head());
    assert.deepEqual(localDrafts(f), ['feat: layer 3']);
    assert.deepEqual(f.standin.violations, []);
  });

  it("merge-async failed: GitHub's message, and nothing changed locally", async () => {
    f = await submittedStack(2);
    for (const n of [1, 2]) makeReady(f, n);
    // Trunk moved on with a change to the same file: the squash of #1 conflicts.
    f.repo.git('switch', '-q', '--detach', 'origin/main');
    f.repo.commit('chore: clash', { 'l1.txt': 'clash\n' });
    f.repo.git('push', '-q', 'origin', 'HEAD:main');
    f.repo.git('switch', '-q', '-');
    const before = f.repo.head();
    await assert.rejects(
      landAll({ git: f.git, location: await location(f.repo), session: await f.session(), method: 'squash' }),
      (e: unknown) =>
        e instanceof MergeFailedError &&
        e.number === 2 &&
        e.reason === 'Merge conflict: the pull request could not be merged.' &&
        e.message ===
          'GitHub did not merge #2: Merge conflict: the pull request could not be merged. Fix that on GitHub, then land again.',
    );
    assert.equal(f.repo.head(), before);
    assert.equal(f.standin.pull(REPO, 1).merged, false);
  });
});
