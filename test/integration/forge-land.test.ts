// Land against the GitHub stand-in: each merge method really merges into the bare origin's main;
// the next PR is retargeted to main before the merged branch is deleted (so it stays open), the
// rest of the stack is replayed onto the new trunk and re-submitted; unready PRs are refused.
import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import { ForgeError } from '../../src/core/forge/errors';
import { landStack } from '../../src/core/forge/land';
import { parseStackSection } from '../../src/core/forge/stackBody';
import { submitStack } from '../../src/core/forge/submit';
import type { MergeMethod } from '../../src/core/forge/types';
import { gitHubFixture, location, type GitHubFixture } from '../helpers/github';
import { removeTempDirs } from '../helpers/repo';

const REPO = 'octo/demo';
after(removeTempDirs);

async function submittedStack(count: number): Promise<GitHubFixture> {
  const f = await gitHubFixture();
  for (let i = 1; i <= count; i++) f.repo.commit(`feat: layer ${i}`, { [`l${i}.txt`]: `${i}\n` });
  await submitStack({ git: f.git, location: await location(f.repo), session: await f.session() });
  return f;
}

function makeReady(f: GitHubFixture, number: number): void {
  const pull = f.standin.pull(REPO, number);
  f.standin.setChecks(REPO, pull.head.sha, [{ name: 'ci', status: 'completed', conclusion: 'success' }]);
  f.standin.addReview(REPO, number, 'reviewer', 'APPROVED');
}

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
      const result = await landStack({ git: f.git, location: await location(f.repo), session: await f.session(), method });
      assert.equal(result.merged.number, 1);
      assert.equal(result.retargeted, 2);

      const served = f.standin.calls.slice(mark).map((c) => c.operationId);
      const retarget = served.indexOf('pulls/update');
      assert.ok(retarget >= 0 && retarget < served.indexOf('git/delete-ref'), `retarget before delete: ${served.join(', ')}`);

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
      assert.deepEqual(local.map((l) => l.split(' ').slice(1).join(' ')), ['feat: layer 3', 'feat: layer 2']);
      // Squash and rebase: the rest moved onto the new trunk tip; merge: trunk holds the landed commit itself, the rest already stands on it.
      const onto = method === 'merge' ? f.repo.git('rev-parse', 'origin/main^2').trim() : f.repo.git('rev-parse', 'origin/main').trim();
      assert.equal(f.repo.git('rev-parse', `${local[1].split(' ')[0]}^`).trim(), onto);
      assert.equal(next.head.sha, local[1].split(' ')[0]);
      assert.deepEqual(parseStackSection(next.body ?? '').map((e) => [e.number, e.merged]), [[3, false], [2, false], [1, true]]);
      // The merged branch is gone on GitHub.
      assert.equal(bare('for-each-ref', 'refs/heads/stackline').trim().split('\n').length, 2);
    });
  }

  it('refuses when checks fail or review is missing, and lands with --force', async () => {
    f = await submittedStack(2);
    const pull = f.standin.pull(REPO, 1);
    const session = await f.session();
    const land = async (force = false) => landStack({ git: f!.git, location: await location(f!.repo), session, method: 'squash', force });

    f.standin.setChecks(REPO, pull.head.sha, [{ name: 'unit', status: 'completed', conclusion: 'failure' }, { name: 'lint', status: 'in_progress', conclusion: null }]);
    await assert.rejects(land(), (e: unknown) => e instanceof ForgeError && e.kind === 'refused' && /checks are failing \(unit\)/.test(e.message) && /still running \(lint\)/.test(e.message) && /no approving review/.test(e.message) && /--force/.test(e.message));
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
    f.repo.git('commit', '-q', '--amend', '-m', 'feat: layer 1 (reworded)\n\n' + f.repo.git('log', '-1', '--format=%(trailers)').trim());
    await assert.rejects(
      landStack({ git: f.git, location: await location(f.repo), session: await f.session(), method: 'squash', force: true }),
      /does not have your latest version.*Run stackline submit/,
    );
  });

  it('lands the last PR of a stack', async () => {
    f = await submittedStack(1);
    makeReady(f, 1);
    const result = await landStack({ git: f.git, location: await location(f.repo), session: await f.session(), method: 'squash' });
    assert.equal(result.submit, undefined);
    assert.equal(f.standin.pull(REPO, 1).merged, true);
    // The landed commit is dropped; the branch that held it (local main here) moves to the new trunk.
    assert.equal(f.repo.git('rev-parse', 'main').trim(), f.repo.git('rev-parse', 'origin/main').trim());
    assert.equal(f.repo.git('symbolic-ref', '--short', 'HEAD').trim(), 'main');
  });
});
