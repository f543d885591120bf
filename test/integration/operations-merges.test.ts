// Merge commits as destinations: moving, restacking and syncing onto a merge commit (trunk on
// repositories that land pull requests with the "merge" method) works, and undo puts everything
// back exactly; a merge inside the part that would be rewritten is still refused, changing nothing.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import {
  moveOperation,
  OperationError,
  restackOperation,
  syncOperation,
  undoOperation,
} from '../../src/core/operations';
import { headRef, picture, reachableCommits, rev, runOp, subjects } from '../helpers/ops';
import { makeClone, removeTempDirs, type TestRepo } from '../helpers/repo';

after(removeTempDirs);

function parentsOf(repo: TestRepo, commit: string): string[] {
  return repo.git('rev-list', '--parents', '-n', '1', commit).trim().split(' ').slice(1);
}

/** Upstream merges a side branch with a merge commit; locally, stack s1 ← s2 (branch feat) sits on the old trunk. */
function stackBelowUpstreamMerge() {
  const { origin, repo } = makeClone(2);
  origin.git('switch', '-q', '-c', 'side');
  origin.commit('side work', { 'side.txt': 'side\n' });
  origin.git('switch', '-q', 'main');
  origin.commit('trunk 3', { 't3.txt': 't3\n' });
  origin.git('merge', '-q', '--no-ff', '-m', 'Merge branch side', 'side');
  repo.git('switch', '-q', '-c', 'feat');
  const s1 = repo.commit('s1', { 'a.txt': 'a\n' });
  const s2 = repo.commit('s2', { 'b.txt': 'b\n' });
  repo.git('fetch', '-q');
  const merge = rev(repo, 'origin/main');
  assert.equal(parentsOf(repo, merge).length, 2, 'trunk tip is a merge commit');
  return { origin, repo, s1, s2, merge };
}

async function refused(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => error instanceof OperationError && pattern.test(error.message));
}

describe('a merge commit as destination', () => {
  test('move onto a merge commit on trunk: the merge is the new parent, the branch follows; undo is exact', async () => {
    const { repo, s1, merge } = stackBelowUpstreamMerge();
    const before = picture(repo);
    const outcome = await runOp(repo, moveOperation({ source: s1, destination: 'origin/main' }));
    assert.match(outcome.summary, /Moved 2 commits/);
    assert.deepEqual(parentsOf(repo, 'feat~1'), [merge]);
    assert.deepEqual(subjects(repo, 'origin/main..feat'), ['s2', 's1']);
    assert.equal(headRef(repo), 'refs/heads/feat');
    assert.equal(repo.git('show', 'HEAD:side.txt'), 'side\n', 'the work tree has the merged content');
    assert.equal(repo.git('status', '--porcelain'), '');
    await runOp(repo, undoOperation());
    assert.deepEqual(picture(repo), before);
  });

  test('move onto a draft merge commit, and restack onto one after a plain git amend', async () => {
    const { repo } = makeClone(2);
    repo.git('switch', '-q', '-c', 'left');
    repo.commit('left', { 'l.txt': 'l\n' });
    repo.git('switch', '-q', '-c', 'right', 'origin/main');
    repo.commit('right', { 'r.txt': 'r\n' });
    repo.git('switch', '-q', 'left');
    repo.git('merge', '-q', '--no-ff', '-m', 'merge right', 'right');
    const draftMerge = repo.head();
    repo.git('switch', '-q', '-c', 'other', 'origin/main');
    const o1 = repo.commit('o1', { 'o.txt': 'o\n' });
    await runOp(repo, moveOperation({ source: o1, destination: 'left' }));
    assert.deepEqual(parentsOf(repo, 'other'), [draftMerge]);

    // Amend the merge with plain git: `other` is left on the old version until restack.
    repo.git('switch', '-q', 'left');
    repo.git('commit', '-q', '--amend', '-m', 'merge right (amended)');
    const amended = repo.head();
    const before = picture(repo);
    await runOp(repo, restackOperation());
    assert.deepEqual(parentsOf(repo, 'other'), [amended]);
    await runOp(repo, undoOperation());
    assert.deepEqual(picture(repo), before);
  });

  test('a merge inside the part that moves is still refused, and nothing changes', async () => {
    const { repo } = makeClone(2);
    repo.git('switch', '-q', '-c', 'left');
    const l1 = repo.commit('l1', { 'l.txt': 'l\n' });
    repo.git('switch', '-q', '-c', 'right', 'origin/main');
    repo.commit('right', { 'r.txt': 'r\n' });
    repo.git('switch', '-q', 'left');
    repo.git('merge', '-q', '--no-ff', '-m', 'merge right', 'right');
    repo.commit('above the merge', { 'm.txt': 'm\n' });
    repo.git('switch', '-q', '-c', 'dest', 'origin/main');
    const dest = repo.commit('dest', { 'd.txt': 'd\n' });
    repo.git('switch', '-q', 'left');
    const before = picture(repo);
    await refused(
      runOp(repo, moveOperation({ source: l1, destination: dest })),
      /is a merge commit in the part that would be rewritten; .*git rebase --rebase-merges/,
    );
    assert.deepEqual(picture(repo), before);
  });
});

describe('sync when trunk landed a stack with a merge commit', () => {
  test('the other stack moves onto the merge, the landed branch is deleted; undo restores refs and HEAD exactly', async () => {
    const { origin, repo } = makeClone(2);
    repo.git('switch', '-q', '-c', 'landed');
    const l1 = repo.commit('l1', { 'l1.txt': 'l1\n' });
    const l2 = repo.commit('l2', { 'l2.txt': 'l2\n' });
    repo.git('push', '-q', 'origin', 'landed');
    repo.git('switch', '-q', '-c', 'review', 'origin/main');
    repo.commit('r1', { 'r1.txt': 'r1\n' });
    repo.commit('r2', { 'r2.txt': 'r2\n' });
    // Upstream: another commit, then the pull request of `landed` merged with a merge commit.
    origin.commit('trunk 3', { 't3.txt': 't3\n' });
    origin.git('merge', '-q', '--no-ff', '-m', 'Merge pull request #1 from landed', 'landed');
    const mergeTip = origin.head();
    const before = picture(repo);
    const kept = reachableCommits(repo);

    const outcome = await runOp(repo, syncOperation());
    assert.equal(rev(repo, 'origin/main'), mergeTip);
    assert.match(outcome.summary, /Moved 1 stack onto it\. 2 commits landed unchanged; deleted landed\./);
    assert.deepEqual(parentsOf(repo, 'review~1'), [mergeTip]);
    assert.deepEqual(subjects(repo, 'origin/main..review'), ['r2', 'r1']);
    assert.equal(repo.git('branch', '--list', 'landed').trim(), '', 'the landed branch is gone');
    assert.equal(headRef(repo), 'refs/heads/review');
    assert.equal(repo.git('status', '--porcelain'), '');
    for (const hash of kept) assert.ok(reachableCommits(repo).has(hash), `${hash} still reachable`);
    assert.ok([l1, l2].every((hash) => repo.git('merge-base', '--is-ancestor', hash, 'origin/main') === ''));

    await runOp(repo, undoOperation());
    const after = picture(repo);
    assert.equal(after.refs, before.refs, 'every branch is back, the landed one too');
    assert.equal(after.head, before.head);
    assert.deepEqual(after.files, before.files);
  });

  test('HEAD on the landed branch: the branch goes, HEAD stays on its commit (now on trunk); the local trunk branch moves up', async () => {
    const { origin, repo } = makeClone(2);
    repo.git('switch', '-q', '-c', 'landed');
    const l1 = repo.commit('l1', { 'l1.txt': 'l1\n' });
    repo.git('push', '-q', 'origin', 'landed');
    repo.git('branch', '-f', 'main', l1);
    origin.git('merge', '-q', '--no-ff', '-m', 'Merge pull request #2', 'landed');
    const before = picture(repo);
    const outcome = await runOp(repo, syncOperation());
    assert.match(
      outcome.summary,
      /your stacks are on it already\. 1 commit landed unchanged; deleted landed\. Local main fast-forwarded\./,
    );
    assert.equal(headRef(repo), undefined);
    assert.equal(repo.head(), l1);
    assert.equal(
      rev(repo, 'main'),
      rev(repo, 'origin/main'),
      'the local trunk branch is never deleted, even on a landed commit: it moves up to the tip',
    );
    await runOp(repo, undoOperation());
    assert.deepEqual(picture(repo), before);
  });
});
