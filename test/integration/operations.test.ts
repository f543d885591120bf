// Every history-editing operation on real repositories: stacks with branches, without branches
// (visible refs), with a merge below them, and with conflicts. Each test also undoes what it did
// and checks that the repository is exactly as before.
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  absorbIntoOperation,
  amendOperation,
  commitOperation,
  foldOperation,
  hideOperation,
  moveOperation,
  OperationError,
  reorderOperation,
  restackOperation,
  rewordOperation,
  splitOperation,
  syncOperation,
  unamendOperation,
  uncommitOperation,
  undoOperation,
  unhideOperation,
  type Operation,
} from '../../src/core/operations';
import { branchStack, fileAt, headRef, picture, reachableCommits, rev, runOp, subjects } from '../helpers/ops';
import { makeClone, removeTempDirs, type TestRepo } from '../helpers/repo';

after(removeTempDirs);

const VISIBLE = 'refs/stackline/visible/';

/** The same stack with no branches: kept in view by a visible ref on its top; HEAD detached on s1. */
function branchlessStack() {
  const { origin, repo } = makeClone(2);
  repo.git('switch', '-q', '--detach');
  const s1 = repo.commit('s1', { 'a.txt': 'a\n' });
  const s2 = repo.commit('s2', { 'b.txt': 'b\n' });
  const s3 = repo.commit('s3', { 'c.txt': 'c\n' });
  repo.git('update-ref', `${VISIBLE}${s3}`, s3);
  repo.git('switch', '-q', '--detach', s1);
  return { origin, repo, s1, s2, s3 };
}

async function undoAndCompare(repo: TestRepo, before: ReturnType<typeof picture>, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await runOp(repo, undoOperation());
  assert.deepEqual(picture(repo), before, 'undo restores refs, HEAD, index and files exactly');
}

async function refused(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof OperationError, `an OperationError, got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('commit', () => {
  test('on a detached draft: a new branchless commit on top; undo gives back the index as it was', async () => {
    const { repo, s1 } = branchlessStack();
    repo.write({ 'new.txt': 'new\n', 'a.txt': 'a changed\n' });
    repo.git('add', 'a.txt');
    const before = picture(repo);
    const { result } = await runOp(repo, commitOperation({ message: 'feat: staged only' }));
    assert.equal(rev(repo, 'HEAD'), result.hash);
    assert.equal(rev(repo, 'HEAD~1'), s1);
    assert.equal(headRef(repo), undefined, 'still detached');
    assert.match(repo.git('status', '--porcelain'), /\?\? new\.txt/, 'the untracked file was not committed');
    await undoAndCompare(repo, before);
  });

  test('--all takes every change, new files too, and moves the branch; empty message and no changes are refused', async () => {
    const { repo, s1 } = branchStack();
    await refused(runOp(repo, commitOperation({ message: 'x' })), /no changes to commit/);
    repo.write({ 'new.txt': 'new\n' });
    await refused(runOp(repo, commitOperation({ message: '  ' })), /message is empty/);
    await runOp(repo, commitOperation({ message: 'feat: all', stage: 'all' }));
    assert.equal(rev(repo, 'b1~1'), s1);
    assert.equal(repo.git('status', '--porcelain'), '');
    assert.equal(headRef(repo), 'refs/heads/b1');
  });

  test('by default, with nothing staged, takes changes to tracked files and leaves new files out', async () => {
    const { repo } = branchStack();
    repo.write({ 'notes.txt': 'ideas\n' });
    await refused(
      runOp(repo, commitOperation({ message: 'feat: notes' })),
      /Only new files have changes \(notes\.txt\).*git add, or use --all/,
    );
    await refused(runOp(repo, amendOperation({})), /Only new files have changes \(notes\.txt\)/);
    repo.write({ 'a.txt': 'a changed\n' });
    await runOp(repo, commitOperation({ message: 'feat: tracked only' }));
    assert.deepEqual(repo.git('show', '--name-only', '--format=', 'HEAD').trim().split('\n'), ['a.txt']);
    assert.equal(repo.git('status', '--porcelain').trim(), '?? notes.txt', 'the new file is still there, untracked');
    repo.write({ 'a.txt': 'a changed again\n' });
    await runOp(repo, amendOperation({}));
    assert.deepEqual(repo.git('show', '--name-only', '--format=', 'HEAD').trim().split('\n'), ['a.txt']);
    assert.equal(repo.git('status', '--porcelain').trim(), '?? notes.txt', 'amend leaves it out too');
  });
});

describe('amend', () => {
  test('with branches: the commits above are restacked and their branches follow; undo is exact', async () => {
    const { repo, s1, s2, s3 } = branchStack();
    repo.write({ 'a.txt': 'a amended\n' });
    const before = picture(repo);
    const outcome = await runOp(repo, amendOperation({ stage: 'all' }));
    assert.match(outcome.summary, /restacked 2 commits/);
    const b1 = rev(repo, 'b1');
    assert.notEqual(b1, s1);
    assert.equal(headRef(repo), 'refs/heads/b1', 'HEAD stays on its branch');
    assert.equal(rev(repo, 'b3~2'), b1, 'b3 now sits on the amended commit');
    assert.deepEqual(subjects(repo, 'origin/main..b3'), ['s3', 's2', 's1']);
    assert.equal(fileAt(repo, 'b3', 'a.txt'), 'a amended\n');
    assert.equal(repo.git('status', '--porcelain'), '');
    assert.deepEqual([...outcome.rewrites.keys()].sort(), [s1, s2, s3].sort());
    assert.equal(
      repo.git('log', '-1', '--format=%ad', '--date=raw', 'b3'),
      repo.git('log', '-1', '--format=%ad', '--date=raw', s3),
      'author date kept',
    );
    assert.equal(
      repo.git('log', '-1', '--format=%cd', '--date=raw', 'b3'),
      repo.git('log', '-1', '--format=%cd', '--date=raw', s3),
      'committer date kept on restacked commits',
    );
    await undoAndCompare(repo, before);
  });

  test('without branches: the visible ref moves to the new top, HEAD stays detached on the amended commit', async () => {
    const { repo, s3 } = branchlessStack();
    repo.write({ 'a.txt': 'a amended\n' });
    repo.git('add', 'a.txt');
    const before = picture(repo);
    await runOp(repo, amendOperation({}));
    assert.equal(headRef(repo), undefined);
    const refs = repo.git('for-each-ref', '--format=%(refname)', VISIBLE).trim().split('\n');
    assert.equal(refs.length, 1);
    assert.notEqual(refs[0], `${VISIBLE}${s3}`);
    const top = refs[0].slice(VISIBLE.length);
    assert.equal(rev(repo, `${top}~2`), rev(repo, 'HEAD'));
    assert.ok(reachableCommits(repo).has(s3), 'the old top stays reachable through the oplog');
    await undoAndCompare(repo, before);
  });

  test('staged only keeps the unstaged rest; message only keeps the staged changes staged', async () => {
    const { repo, s1 } = branchStack();
    repo.write({ 'a.txt': 'a staged\n' });
    repo.git('add', 'a.txt');
    repo.write({ 'a.txt': 'a staged and more\n' });
    await runOp(repo, amendOperation({ stage: 'staged' }));
    assert.equal(fileAt(repo, 'b1', 'a.txt'), 'a staged\n');
    assert.match(repo.git('status', '--porcelain'), /^ M a\.txt/m);
    repo.git('add', 'a.txt');
    await runOp(repo, amendOperation({ stage: 'message', message: 'feat: reworded\n\nbody' }));
    assert.equal(repo.git('log', '-1', '--format=%B', 'b1').trim(), 'feat: reworded\n\nbody');
    assert.equal(fileAt(repo, 'b1', 'a.txt'), 'a staged\n');
    assert.match(repo.git('status', '--porcelain'), /^M  a\.txt/m, 'the staged change is still staged');
    assert.notEqual(rev(repo, 'b1'), s1);
  });

  test('refuses trunk commits and a stack with nothing to amend, changing nothing', async () => {
    const { repo } = branchStack();
    repo.git('switch', '-q', '--detach', 'origin/main');
    repo.write({ 'x.txt': 'x' });
    const before = picture(repo);
    await refused(
      runOp(repo, amendOperation({ stage: 'all' })),
      /on trunk \(origin\/main\): Stackline never rewrites public commits/,
    );
    assert.deepEqual(picture(repo), before);
    repo.git('switch', '-q', 'b1');
    repo.git('checkout', '-q', '--', '.');
    repo.git('clean', '-qfd');
    await refused(runOp(repo, amendOperation({})), /no changes to amend/);
  });

  test('a failing commit hook leaves everything as it was', async () => {
    const { repo } = branchStack();
    const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\necho "lint failed: fix it" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    repo.write({ 'a.txt': 'a amended\n' });
    const before = picture(repo);
    await assert.rejects(runOp(repo, amendOperation({ stage: 'all' })), /lint failed: fix it.*Nothing was changed/s);
    assert.deepEqual(picture(repo), before);
  });
});

describe('uncommit and unamend', () => {
  test('uncommit: the top commit goes, its changes stay staged, its branch moves down', async () => {
    const { repo, s2, s3 } = branchStack();
    repo.git('switch', '-q', 'b3');
    const before = picture(repo);
    await runOp(repo, uncommitOperation());
    assert.equal(rev(repo, 'b3'), s2);
    assert.equal(headRef(repo), 'refs/heads/b3');
    assert.match(repo.git('status', '--porcelain'), /^A  c\.txt/m);
    assert.ok(reachableCommits(repo).has(s3));
    await undoAndCompare(repo, before);
    repo.git('switch', '-q', 'b1');
    await refused(runOp(repo, uncommitOperation()), /has a commit on top of it/);
  });

  test('unamend: back to the version before the amend, the amended changes staged', async () => {
    const { repo, s3 } = branchStack();
    repo.git('switch', '-q', 'b3');
    repo.write({ 'c.txt': 'c amended\n' });
    await runOp(repo, amendOperation({ stage: 'all' }));
    const amended = rev(repo, 'b3');
    await runOp(repo, unamendOperation());
    assert.equal(rev(repo, 'b3'), s3);
    assert.match(repo.git('status', '--porcelain'), /^M  c\.txt/m);
    assert.equal(repo.git('show', ':c.txt'), 'c amended\n');
    assert.ok(reachableCommits(repo).has(amended));
  });

  test('unamend also finds an amend made with plain git', async () => {
    const { repo, s3 } = branchStack();
    repo.git('switch', '-q', 'b3');
    repo.write({ 'c.txt': 'c by git\n' });
    repo.git('commit', '-qa', '--amend', '--no-edit');
    await runOp(repo, unamendOperation());
    assert.equal(rev(repo, 'b3'), s3);
  });
});

describe('reword', () => {
  test('a middle commit: the ones above get new parents and the same trees; the commit-msg hook runs', async () => {
    const { repo, s2, s3 } = branchStack();
    const hook = join(repo.dir, '.git', 'hooks', 'commit-msg');
    writeFileSync(hook, '#!/bin/sh\nprintf "\\nReviewed-by: hook\\n" >> "$1"\n');
    chmodSync(hook, 0o755);
    const before = picture(repo);
    await runOp(repo, rewordOperation({ rev: s2, message: 'feat: better words' }));
    assert.equal(repo.git('log', '-1', '--format=%B', 'b3~1').trim(), 'feat: better words\n\nReviewed-by: hook');
    assert.equal(rev(repo, 'b3^{tree}'), rev(repo, `${s3}^{tree}`));
    assert.equal(rev(repo, 'b1'), before.refs.match(/refs\/heads\/b1 (\w+)/)![1], 'the commit below is untouched');
    await undoAndCompare(repo, before);
  });

  test('refuses a trunk commit', async () => {
    const { repo } = branchStack();
    await refused(runOp(repo, rewordOperation({ rev: 'origin/main', message: 'x' })), /never rewrites public commits/);
  });
});

describe('move', () => {
  test('a commit and what is above it onto trunk, branches along; refuses onto itself or above', async () => {
    const { repo, s1, s2 } = branchStack();
    const before = picture(repo);
    await runOp(repo, moveOperation({ source: s2, destination: 'origin/main' }));
    assert.equal(rev(repo, 'b3~2'), rev(repo, 'origin/main'));
    assert.deepEqual(subjects(repo, 'origin/main..b3'), ['s3', 's2']);
    assert.equal(rev(repo, 'b1'), s1, 'b1 stays');
    await undoAndCompare(repo, before);
    await refused(runOp(repo, moveOperation({ source: s1, destination: 'b3' })), /part of what moves/);
    await refused(
      runOp(repo, moveOperation({ source: 'origin/main', destination: 'b3' })),
      /never rewrites public commits/,
    );
  });

  test('without branches, HEAD inside the moved part: HEAD follows, the work tree is checked out, local edits come along', async () => {
    const { repo, s1, s2 } = branchlessStack();
    repo.git('switch', '-q', '--detach', s2);
    repo.write({ 'b.txt': 'b edited locally\n', 'untracked.txt': 'mine' });
    const before = picture(repo);
    await runOp(repo, moveOperation({ source: s2, destination: 'origin/main' }));
    assert.equal(rev(repo, 'HEAD~1'), rev(repo, 'origin/main'));
    assert.equal(repo.git('ls-files', 'a.txt'), '', 's1 is not below any more');
    assert.equal(picture(repo).files['b.txt'], 'b edited locally\n');
    assert.equal(picture(repo).files['untracked.txt'], 'mine');
    const visible = repo.git('for-each-ref', '--format=%(refname)', VISIBLE).trim().split('\n');
    assert.equal(visible.length, 2, 'the moved top and the commit left behind are both in view');
    assert.ok(visible.includes(`${VISIBLE}${s1}`));
    await undoAndCompare(repo, before);
  });

  test('a stack on a merge commit (merges below) moves onto another stack', async () => {
    const { origin, repo } = makeClone(1);
    origin.git('switch', '-q', '-c', 'side');
    origin.commit('side work', { 'side.txt': 'side\n' });
    origin.git('switch', '-q', 'main');
    origin.commit('main work', { 'main.txt': 'main\n' });
    origin.git('merge', '-q', '--no-edit', 'side');
    repo.git('fetch', '-q');
    repo.git('switch', '-q', '-c', 'on-merge', 'origin/main');
    const m1 = repo.commit('m1', { 'm.txt': '1\n' });
    repo.git('switch', '-q', '-c', 'other', 'origin/main~1');
    repo.commit('o1', { 'o.txt': '1\n' });
    const before = picture(repo);
    await runOp(repo, moveOperation({ source: m1, destination: 'other' }));
    assert.equal(rev(repo, 'on-merge~1'), rev(repo, 'other'));
    assert.equal(fileAt(repo, 'on-merge', 'm.txt'), '1\n');
    await undoAndCompare(repo, before);
  });
});

describe('fold, split, reorder', () => {
  test('fold: s1..s3 become one commit with the joined messages; every branch on them moves to it', async () => {
    const { repo, s1, s3 } = branchStack();
    repo.git('branch', 'mid', 'b3~1');
    const before = picture(repo);
    const { result } = await runOp(repo, foldOperation({ from: s1, to: s3 }));
    for (const branch of ['b1', 'mid', 'b3']) assert.equal(rev(repo, branch), result.hash, branch);
    assert.equal(repo.git('log', '-1', '--format=%B', result.hash).trim(), 's1\n\ns2\n\ns3');
    assert.equal(rev(repo, `${result.hash}^{tree}`), rev(repo, `${s3}^{tree}`));
    assert.equal(rev(repo, `${result.hash}~1`), rev(repo, 'origin/main'));
    assert.equal(headRef(repo), 'refs/heads/b1');
    await undoAndCompare(repo, before);
    await refused(runOp(repo, foldOperation({ from: 'origin/main', to: s3 })), /never rewrites public commits/);
  });

  test('split: the chosen files go into a first commit, the rest stays on top with the original message', async () => {
    const { repo } = makeClone(1);
    repo.git('switch', '-q', '-c', 'feature');
    const big = repo.commit('feat: big', { 'one.txt': '1\n', 'dir/two.txt': '2\n', 'three.txt': '3\n' });
    const above = repo.commit('feat: above', { 'four.txt': '4\n' });
    repo.git('branch', 'top', above);
    repo.git('switch', '-q', '--detach', big);
    const before = picture(repo);
    const { result } = await runOp(repo, splitOperation({ files: ['dir', 'one.txt'], message: 'feat: first part' }));
    assert.deepEqual(
      repo.git('diff-tree', '--no-commit-id', '--name-only', '-r', result.first).trim().split('\n').sort(),
      ['dir/two.txt', 'one.txt'],
    );
    assert.deepEqual(repo.git('diff-tree', '--no-commit-id', '--name-only', '-r', result.second).trim().split('\n'), [
      'three.txt',
    ]);
    assert.equal(repo.git('log', '-1', '--format=%s', result.second).trim(), 'feat: big');
    assert.equal(rev(repo, 'HEAD'), result.second);
    assert.equal(rev(repo, 'top~1'), result.second, 'the commit above now sits on the top half');
    assert.equal(rev(repo, 'feature'), rev(repo, 'top'), 'branches follow their commits');
    await undoAndCompare(repo, before);
    await refused(runOp(repo, splitOperation({ files: ['nope.txt'] })), /does not change nope\.txt/);
    await refused(runOp(repo, splitOperation({ files: ['one.txt', 'dir', 'three.txt'] })), /all the files/);
  });

  test('split: each part gets its own message, body included, when one is given', async () => {
    const { repo } = makeClone(1);
    repo.git('switch', '-q', '-c', 'feature');
    repo.commit('feat: big', { 'one.txt': '1\n', 'two.txt': '2\n' });
    const { result } = await runOp(
      repo,
      splitOperation({
        files: ['one.txt'],
        message: 'feat: part one\n\nWhy it comes first.',
        secondMessage: 'feat: part two\n\nThe rest,\nin two lines.',
      }),
    );
    assert.equal(repo.git('log', '-1', '--format=%B', result.first).trim(), 'feat: part one\n\nWhy it comes first.');
    assert.equal(
      repo.git('log', '-1', '--format=%B', result.second).trim(),
      'feat: part two\n\nThe rest,\nin two lines.',
    );
    assert.equal(rev(repo, 'feature'), result.second);
  });

  test('reorder: down and up swap neighbours; branches stay with their commits', async () => {
    const { repo, s1, s2, s3 } = branchStack();
    repo.git('branch', 'two', s2);
    const before = picture(repo);
    await runOp(repo, reorderOperation(s3, 'down'));
    assert.deepEqual(subjects(repo, 'origin/main..two'), ['s2', 's3', 's1']);
    assert.deepEqual(subjects(repo, 'origin/main..b3'), ['s3', 's1']);
    await undoAndCompare(repo, before);
    await runOp(repo, reorderOperation(s1, 'up'));
    assert.deepEqual(subjects(repo, 'origin/main..b3'), ['s3', 's1', 's2']);
    assert.equal(rev(repo, 'b1~1'), rev(repo, 'two'));
    await refused(runOp(repo, reorderOperation('b3', 'up')), /already at the top/);
    await refused(runOp(repo, reorderOperation('two', 'down')), /bottom of its stack/);
  });
});

describe('hide and unhide', () => {
  test('hiding the middle of a stack deletes the branches above, keeps the rest in view, and unhide brings it back', async () => {
    const { repo, s1, s2, s3 } = branchStack();
    repo.git('switch', '-q', 'b3');
    const before = picture(repo);
    const { result } = await runOp(repo, hideOperation([s2]));
    assert.deepEqual(result.deleted, ['b3']);
    assert.equal(rev(repo, 'HEAD'), s1, 'HEAD went to the first commit below');
    assert.ok(reachableCommits(repo).has(s3), 'hidden commits stay reachable (oplog)');
    await runOp(repo, unhideOperation(s2));
    assert.equal(rev(repo, 'b3'), s3, 'the deleted branch is back');
    await runOp(repo, undoOperation());
    await undoAndCompare(repo, before);
  });

  test('hiding a branchless top keeps its parent visible; unhide of a never-hidden commit is refused', async () => {
    const { repo, s2, s3 } = branchlessStack();
    repo.git('switch', '-q', '--detach', 'origin/main');
    await runOp(repo, hideOperation([s3]));
    assert.equal(repo.git('for-each-ref', '--format=%(refname)', VISIBLE).trim(), `${VISIBLE}${s2}`);
    await refused(runOp(repo, unhideOperation(s2)), /is not hidden/);
    await runOp(repo, unhideOperation(s3));
    assert.ok(repo.git('for-each-ref', '--format=%(refname)', VISIBLE).includes(s3));
  });
});

describe('absorb-into and restack', () => {
  test('absorb-into: changes go into an older commit, the stack above is replayed, the work tree is clean after', async () => {
    const { repo, s1 } = branchStack();
    repo.git('switch', '-q', 'b3');
    repo.write({ 'a.txt': 'a fixed\n' });
    const before = picture(repo);
    assert.match(
      (await runOp(repo, absorbIntoOperation({ into: s1 }))).summary,
      /^Amended the changes into [0-9a-f]{9} → [0-9a-f]{9}; /,
    );
    assert.equal(fileAt(repo, 'b1', 'a.txt'), 'a fixed\n');
    assert.equal(rev(repo, 'b3~2'), rev(repo, 'b1'));
    assert.equal(repo.git('status', '--porcelain'), '');
    await undoAndCompare(repo, before);
  });

  test('absorb-into refuses changes that build on later commits', async () => {
    const { repo, s1 } = branchStack();
    repo.git('switch', '-q', 'b3');
    repo.write({ 'c.txt': 'c changed\n' });
    const before = picture(repo);
    await refused(runOp(repo, absorbIntoOperation({ into: s1 })), /build on later commits/);
    assert.deepEqual(picture(repo), before);
  });

  test('restack: a stack left on a commit amended with plain git moves onto the new version', async () => {
    const { repo, s1 } = branchStack();
    repo.write({ 'a.txt': 'amended by git\n' });
    repo.git('commit', '-qa', '--amend', '--no-edit');
    const amended = rev(repo, 'b1');
    assert.equal(rev(repo, 'b3~2'), s1, 'plain git left the stack behind');
    await runOp(repo, restackOperation());
    assert.equal(rev(repo, 'b3~2'), amended);
    assert.equal(fileAt(repo, 'b3', 'a.txt'), 'amended by git\n');
    await refused(runOp(repo, restackOperation()), /Nothing to restack/);
  });
});

describe('sync', () => {
  test('moves stacks onto the new trunk tip and drops a commit that landed squashed, deleting its branch', async () => {
    const { origin, repo, s1, s2 } = branchStack();
    // Upstream: someone else's commit, then s1 and s2 squash-merged as one commit.
    origin.commit('trunk 3', { 'other.txt': 'other\n' });
    origin.commit('feat: s1 and s2 (#1)', { 'a.txt': 'a\n', 'b.txt': 'b\n' });
    repo.git('branch', 'two', s2);
    const before = picture(repo);
    const outcome = await runOp(repo, syncOperation());
    assert.match(outcome.summary, /Moved 1 stack onto it; 2 commits had landed and were dropped/);
    assert.equal(rev(repo, 'b3~1'), rev(repo, 'origin/main'));
    assert.deepEqual(subjects(repo, 'origin/main..b3'), ['s3']);
    assert.equal(repo.git('branch', '--list', 'b1', 'two').trim(), '', 'branches of landed commits are deleted');
    assert.equal(headRef(repo), undefined, 'HEAD was on a landed branch: now detached on its successor');
    assert.equal(rev(repo, 'HEAD'), rev(repo, 'origin/main'));
    assert.ok(reachableCommits(repo).has(s1));
    assert.equal(rev(repo, 'main'), rev(repo, 'origin/main'), 'the local trunk branch is fast-forwarded');
    assert.match(outcome.summary, /Local main fast-forwarded\./);
    await runOp(repo, undoOperation());
    const after = picture(repo);
    assert.equal(after.refs, before.refs);
    assert.equal(after.head, before.head);
  });

  test('a local trunk branch with commits of its own is a stack like any other; a checked-out one is left alone', async () => {
    const { origin, repo } = branchStack();
    origin.commit('trunk 3', { 'other.txt': 'other\n' });
    repo.git('switch', '-q', 'main');
    repo.commit('local only', { 'local.txt': 'mine\n' });
    repo.git('switch', '-q', 'b3');
    const outcome = await runOp(repo, syncOperation());
    assert.doesNotMatch(outcome.summary, /fast-forwarded/, 'not a fast-forward');
    assert.deepEqual(
      subjects(repo, 'origin/main..main'),
      ['local only'],
      'its commit was moved onto the new tip, as a draft',
    );
    origin.commit('trunk 4', { 'more.txt': 'more\n' });
    repo.git('branch', '-f', 'main', 'origin/main');
    repo.git('switch', '-q', 'main');
    const checkedOut = rev(repo, 'main');
    await runOp(repo, syncOperation());
    assert.equal(rev(repo, 'main'), checkedOut, 'checked out: untouched');
  });

  test('refuses without a remote trunk', async () => {
    const { repo } = branchStack();
    await refused(runOp(repo, syncOperation(), 'main'), /local branch; sync needs a remote trunk/);
  });
});

describe('every operation on every kind of stack', () => {
  /** s1 ← s2 ← s3, each writing two files of its own, on trunk; HEAD on s3 (or s2). */
  const kinds = {
    'with branches': (repo: TestRepo) => {
      repo.git('switch', '-q', '-c', 'b1');
      return stackOf(repo, (i, hash) => (i > 0 ? repo.git('branch', `b${i + 1}`, hash) : ''));
    },
    'without branches': (repo: TestRepo) => {
      repo.git('switch', '-q', '--detach');
      const hashes = stackOf(repo, () => '');
      repo.git('update-ref', `${VISIBLE}${hashes[2]}`, hashes[2]);
      return hashes;
    },
    'on a merge commit': (repo: TestRepo) => {
      repo.git('switch', '-q', '-c', 'side', 'origin/main~1');
      repo.commit('side', { 'side.txt': 'side\n' });
      repo.git('switch', '-q', '--detach', 'origin/main');
      repo.git('merge', '-q', '--no-edit', 'side');
      repo.git('switch', '-q', '-c', 'b1');
      return stackOf(repo, (i, hash) => (i === 2 ? repo.git('branch', 'top', hash) : ''));
    },
  };
  function stackOf(repo: TestRepo, label: (i: number, hash: string) => string): string[] {
    return [1, 2, 3].map((n, i) => {
      const hash = repo.commit(`s${n}`, { [`f${n}.txt`]: `${n}\n`, [`g${n}.txt`]: `more ${n}\n` });
      label(i, hash);
      return hash;
    });
  }
  /** Each operation, with the commit HEAD is on (index into the stack) and how to make it. */
  const operations: Record<string, { head: number; make: (repo: TestRepo, s: string[]) => Operation<unknown> }> = {
    amend: {
      head: 1,
      make: (repo) => {
        repo.write({ 'extra.txt': 'x\n' });
        return amendOperation({ stage: 'all' });
      },
    },
    reword: { head: 2, make: (_, s) => rewordOperation({ rev: s[1], message: 'reworded' }) },
    move: { head: 2, make: (_, s) => moveOperation({ source: s[2], destination: s[0] }) },
    fold: { head: 2, make: (_, s) => foldOperation({ from: s[1], to: s[2] }) },
    split: { head: 2, make: (_, s) => splitOperation({ rev: s[1], files: ['f2.txt'] }) },
    reorder: { head: 2, make: (_, s) => reorderOperation(s[2], 'down') },
    hide: { head: 2, make: (_, s) => hideOperation([s[1]]) },
    'absorb-into': {
      head: 2,
      make: (repo, s) => {
        repo.write({ 'f1.txt': 'fixed\n' });
        return absorbIntoOperation({ into: s[0] });
      },
    },
    uncommit: { head: 2, make: () => uncommitOperation() },
  };
  for (const [kind, build] of Object.entries(kinds)) {
    for (const [name, { head, make }] of Object.entries(operations)) {
      test(`${name}, ${kind}: done, nothing lost, undone exactly`, async () => {
        const { repo } = makeClone(2);
        const s = build(repo);
        const branch = repo
          .git('for-each-ref', '--points-at', s[head], '--format=%(refname:short)', 'refs/heads')
          .split('\n')[0];
        repo.git('switch', '-q', ...(branch ? [branch] : ['--detach', s[head]]));
        const known = reachableCommits(repo);
        const operation = make(repo, s);
        const before = picture(repo);
        await runOp(repo, operation);
        assert.notDeepEqual(picture(repo), before, 'something changed');
        const now = reachableCommits(repo);
        for (const hash of known) assert.ok(now.has(hash), `${hash} still reachable`);
        await undoAndCompare(repo, before);
      });
    }
  }
});
