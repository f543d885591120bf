// Land against the GitHub stand-in: each merge method really merges into the bare origin's main;
// the next PR is retargeted to main before the merged branch is deleted (so it stays open), the
// rest of the stack is replayed onto the new trunk and re-submitted; unready PRs are refused.
import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import { ForgeError, SUBMIT } from '../../src/core/forge/errors';
import { landStack } from '../../src/core/forge/land';
import { MergeFailedError } from '../../src/core/forge/mergeAsync';
import { parseStackSection } from '../../src/core/forge/stackBody';
import type { MergeMethod } from '../../src/core/forge/types';
import { landInput, location, makeReady, submittedStack, type GitHubFixture } from '../helpers/github';
import { removeTempDirs } from '../helpers/repo';

const REPO = 'octo/demo';
after(removeTempDirs);

describe('land', { timeout: 120_000 }, () => {
  let f: GitHubFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  for (const method of ['squash', 'merge', 'rebase'] as MergeMethod[]) {
    it(`lands the bottom PR with ${method}, retargets the next one and restacks the rest`, async () => {
      f = await submittedStack(3);
      makeReady(f, 1);
      const mark = f.standin.calls.length;
      const result = await landStack(await landInput(f, method));
      assert.equal(result.merged.number, 1);
      assert.equal(result.retargeted, 2);

      const served = f.standin.calls.slice(mark).map((c) => c.operationId);
      // The stack is a native stack on the stand-in, whose PRs merge only through merge-async.
      assert.ok(served.includes('pulls/merge-async') && !served.includes('pulls/merge'), served.join(', '));
      // GitHub moves the PR above a merged stacked PR onto trunk itself; the branch goes only after that.
      assert.ok(
        served.lastIndexOf('pulls/get-merge-async-result') < served.indexOf('git/delete-ref'),
        `merged before delete: ${served.join(', ')}`,
      );

      assert.equal(f.standin.pull(REPO, 1).merged, true);
      const next = f.standin.pull(REPO, 2);
      assert.equal(next.state, 'open', 'the next PR was retargeted, not closed');
      assert.equal(next.base.ref, 'main');
      assert.equal(f.standin.pull(REPO, 3).base.ref, next.head.ref);

      const bare = (...args: string[]) => f!.repo.git('--git-dir', f!.bare('octo', 'demo'), ...args);
      assert.equal(bare('show', 'main:l1.txt'), '1\n');
      assert.equal(bare('rev-list', '--count', 'main').trim(), method === 'merge' ? '4' : '3');

      // Locally: two commits left, on top of the new trunk, pushed as the PR heads.
      const local = f.repo.git('log', '--format=%H %s', 'origin/main..HEAD').trim().split('\n');
      assert.deepEqual(
        local.map((l) => l.split(' ').slice(1).join(' ')),
        ['feat: layer 3', 'feat: layer 2'],
      );
      // Squash and rebase: the rest moved onto the new trunk tip; merge: trunk holds the landed commit itself, the rest already stands on it.
      const onto =
        method === 'merge'
          ? f.repo.git('rev-parse', 'origin/main^2').trim()
          : f.repo.git('rev-parse', 'origin/main').trim();
      assert.equal(f.repo.git('rev-parse', `${local[1].split(' ')[0]}^`).trim(), onto);
      assert.equal(next.head.sha, local[1].split(' ')[0]);
      assert.deepEqual(
        parseStackSection(next.body ?? '').map((e) => [e.number, e.merged]),
        [
          [3, false],
          [2, false],
          [1, true],
        ],
      );
      // The merged branch is gone on GitHub.
      assert.equal(bare('for-each-ref', 'refs/heads/stackline').trim().split('\n').length, 2);
    });
  }

  it('refuses when checks fail or review is missing, and lands with --force', async () => {
    f = await submittedStack(2);
    const pull = f.standin.pull(REPO, 1);
    const session = await f.session();
    const land = async (force = false) =>
      landStack({ git: f!.git, location: await location(f!.repo), session, method: 'squash', force });

    f.standin.setChecks(REPO, pull.head.sha, [
      { name: 'unit', status: 'completed', conclusion: 'failure' },
      { name: 'lint', status: 'in_progress', conclusion: null },
    ]);
    await assert.rejects(
      land(),
      (e: unknown) =>
        e instanceof ForgeError &&
        e.kind === 'refused' &&
        /checks are failing \(unit\)/.test(e.message) &&
        /still running \(lint\)/.test(e.message) &&
        /no approving review/.test(e.message) &&
        e.fixes[0]?.cli === 'stackline land --force',
    );
    f.standin.setChecks(REPO, pull.head.sha, [{ name: 'unit', status: 'completed', conclusion: 'success' }]);
    f.standin.addReview(REPO, 1, 'reviewer', 'CHANGES_REQUESTED');
    await assert.rejects(land(), /a reviewer requested changes/);
    assert.equal(f.standin.pull(REPO, 1).state, 'open', 'nothing merged while refused');

    const result = await land(true);
    assert.equal(result.merged.number, 1);
    assert.equal(f.standin.pull(REPO, 1).merged, true);
  });

  it('refuses to land a PR whose head is not the local commit', async () => {
    f = await submittedStack(1);
    f.repo.git(
      'commit',
      '-q',
      '--amend',
      '-m',
      'feat: layer 1 (reworded)\n\n' + f.repo.git('log', '-1', '--format=%(trailers)').trim(),
    );
    await assert.rejects(
      landStack({
        git: f.git,
        location: await location(f.repo),
        session: await f.session(),
        method: 'squash',
        force: true,
      }),
      (error: unknown) => {
        assert.ok(ForgeError.is(error, 'refused'), String(error));
        assert.match(
          error.message,
          /does not have your latest version of its commit\. Submit the stack again, then land\./,
        );
        assert.deepEqual(error.fixes, [SUBMIT]);
        return true;
      },
    );
  });

  it('lands the last PR of a stack', async () => {
    f = await submittedStack(1);
    makeReady(f, 1);
    const result = await landStack({
      git: f.git,
      location: await location(f.repo),
      session: await f.session(),
      method: 'squash',
    });
    assert.equal(result.submit, undefined);
    assert.equal(f.standin.pull(REPO, 1).merged, true);
    // The landed commit is dropped; the branch that held it (local main here) moves to the new trunk.
    assert.equal(f.repo.git('rev-parse', 'main').trim(), f.repo.git('rev-parse', 'origin/main').trim());
    assert.equal(f.repo.git('symbolic-ref', '--short', 'HEAD').trim(), 'main');
  });

  it('without a native stack: a direct merge, and the next PR is retargeted before the merged branch goes', async () => {
    f = await submittedStack(2, { nativeStacks: false });
    makeReady(f, 1);
    const mark = f.standin.calls.length;
    const result = await landStack(await landInput(f));
    assert.equal(result.retargeted, 2);
    const served = f.standin.calls.slice(mark).map((c) => c.operationId);
    assert.ok(served.includes('pulls/merge') && !served.includes('pulls/merge-async'), served.join(', '));
    const retarget = served.indexOf('pulls/update');
    assert.ok(
      retarget >= 0 && retarget < served.indexOf('git/delete-ref'),
      `retarget before delete: ${served.join(', ')}`,
    );
    assert.equal(f.standin.pull(REPO, 2).state, 'open');
  });

  it('under a merge queue without a native stack: queued with its place; landing again once merged finishes', async () => {
    f = await submittedStack(2, { nativeStacks: false });
    makeReady(f, 1);
    f.standin.nativeStacks.setMergeQueue(REPO, 'main', true);
    const input = () => landInput(f!);
    const before = f.repo.head();
    const queued = await landStack(await input());
    assert.equal(queued.queued, true);
    assert.equal(queued.merged.number, 1);
    assert.equal(queued.queuePosition, 1);
    assert.equal(f.repo.head(), before, 'nothing changed locally');
    assert.equal(f.standin.pull(REPO, 1).merged, false);

    // Asked again while still queued: its place, nothing written.
    const mark = f.standin.calls.length;
    const still = await landStack(await input());
    assert.equal(still.queued, true);
    assert.equal(still.queuePosition, 1);
    assert.deepEqual(f.standin.writes(mark), []);

    f.standin.nativeStacks.advanceQueue(REPO);
    assert.equal(f.standin.pull(REPO, 1).merged, true);
    const done = await landStack(await input());
    assert.equal(done.queued, undefined);
    assert.equal(done.merged.number, 1);
    assert.equal(done.retargeted, 2);
    assert.equal(f.standin.pull(REPO, 2).base.ref, 'main');
    assert.equal(f.standin.pull(REPO, 2).state, 'open');
    assert.deepEqual(f.repo.git('log', '--format=%s', 'origin/main..HEAD').trim().split('\n'), ['feat: layer 2']);
    assert.equal(f.repo.git('rev-parse', 'HEAD~1').trim(), f.repo.git('rev-parse', 'origin/main').trim());
    assert.deepEqual(f.standin.violations, []);
  });

  it('a PR the merge queue lets go without merging: the reason is named, and the next land starts afresh', async () => {
    f = await submittedStack(2, { nativeStacks: false });
    makeReady(f, 1);
    f.standin.nativeStacks.setMergeQueue(REPO, 'main', true);
    const input = () => landInput(f!);
    await landStack(await input());
    f.standin.nativeStacks.ejectFromQueue(REPO, 1, 'Checks failed in the merge group.');
    await assert.rejects(
      landStack(await input()),
      (e: unknown) =>
        e instanceof MergeFailedError &&
        e.message === 'GitHub did not merge #1: Checks failed in the merge group. Fix that on GitHub, then land again.',
    );
    // Landing again puts it back in the queue.
    const again = await landStack(await input());
    assert.equal(again.queued, true);
    assert.deepEqual(
      f.standin.nativeStacks.queue(REPO).map((m) => m.pull),
      [1],
    );
  });
});
