// Navigation in the oplog: goto, prev, next, top and bottom are recorded, so undo takes you back
// to where you were (branch or detached, visible refs included), undo of an edit after some moving
// around is still exact, a refused move records nothing, and `stackline oplog` lists the moves.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { gotoRevision } from '../../src/core/navigate/goto';
import { amendOperation, oplogOf, redoOperation, undoOperation } from '../../src/core/operations';
import { undoStacks } from '../../src/core/oplog/store';
import { headRef, picture, runOp, sessionOf, stacklineOk as stackline } from '../helpers/ops';
import { makeClone, removeTempDirs } from '../helpers/repo';

after(removeTempDirs);

/** trunk 1-2; s1 (branch b1) ← s2 ← s3 (branchless, visible ref on s3); HEAD on b1. */
function stack() {
  const { repo } = makeClone(2);
  repo.git('switch', '-q', '-c', 'b1');
  const s1 = repo.commit('s1', { 'a.txt': 'a\n' });
  repo.git('switch', '-q', '--detach');
  const s2 = repo.commit('s2', { 'b.txt': 'b\n' });
  const s3 = repo.commit('s3', { 'c.txt': 'c\n' });
  repo.git('update-ref', `refs/stackline/visible/${s3}`, s3);
  repo.git('switch', '-q', 'b1');
  return { repo, s1, s2, s3 };
}

test('CLI: next, top, prev and goto are undone one by one, back to the branch HEAD was on; oplog lists them', () => {
  const { repo, s1, s2, s3 } = stack();
  const start = picture(repo);
  stackline(repo, 'next');
  assert.equal(repo.head(), s2);
  stackline(repo, 'top');
  assert.equal(repo.head(), s3);
  stackline(repo, 'prev', '2');
  assert.equal(repo.head(), s1);
  assert.equal(headRef(repo), 'refs/heads/b1', 'onto the branch of the commit');
  stackline(repo, 'goto', 'origin/main');

  const oplog = stackline(repo, 'oplog');
  assert.match(
    oplog,
    /#4 .* goto origin\/main\n {4}Now at [0-9a-f]{9} \(main\)\.\n {4}HEAD b1 \([0-9a-f]{9}\) → main \([0-9a-f]{9}\)/,
  );
  assert.match(oplog, /#3 .* prev 2\n/);
  assert.match(oplog, /#2 .* top\n/);
  assert.match(oplog, /#1 .* next\n/);

  assert.match(stackline(repo, 'undo'), /Undid 'goto origin\/main' \(oplog #4\); on b1/);
  assert.equal(headRef(repo), 'refs/heads/b1');
  stackline(repo, 'undo');
  assert.equal(repo.head(), s3);
  stackline(repo, 'undo');
  assert.equal(repo.head(), s2);
  stackline(repo, 'undo');
  assert.deepEqual(picture(repo), start);
  assert.match(stackline(repo, 'redo'), /Redid 'next'/);
  assert.equal(repo.head(), s2);
});

test('leaving a branchless draft makes a visible ref; undo takes it away again and goes back to the draft', async () => {
  const { repo } = makeClone(1);
  repo.git('switch', '-q', '--detach');
  const lonely = repo.commit('lonely', { 'l.txt': 'l\n' });
  const start = picture(repo);
  const session = await sessionOf(repo);
  const result = await gotoRevision(session, 'main');
  assert.deepEqual(result, { hash: repo.git('rev-parse', 'main').trim(), branch: 'main', unchanged: false });
  assert.equal(repo.git('rev-parse', `refs/stackline/visible/${lonely}`).trim(), lonely);
  await runOp(repo, undoOperation());
  assert.deepEqual(picture(repo), start);
});

test('undo of an amend after moving around: the moves are undone first, then the amend, exactly', async () => {
  const { repo, s2 } = stack();
  const session = await sessionOf(repo);
  await gotoRevision(session, s2);
  repo.write({ 'b.txt': 'b amended\n' });
  const beforeAmend = picture(repo);
  await runOp(repo, amendOperation({ stage: 'all' }));
  const afterAmend = picture(repo);
  await gotoRevision(session, 'b1', 'prev');
  await gotoRevision(session, 'origin/main');
  await runOp(repo, undoOperation());
  await runOp(repo, undoOperation());
  assert.deepEqual(picture(repo), afterAmend, 'both moves undone: back on the amended commit');
  await runOp(repo, undoOperation());
  assert.deepEqual(picture(repo), beforeAmend, 'the amend undone: every ref, HEAD, index and file as before');
  await runOp(repo, redoOperation());
  assert.deepEqual(picture(repo), afterAmend);
});

test('a move over local edits is refused with the files named and records nothing to undo; "already there" records nothing', async () => {
  const { repo, s1 } = stack();
  const session = await sessionOf(repo);
  await gotoRevision(session, 'origin/main');
  repo.write({ 'a.txt': 'my edit\n' });
  const before = picture(repo);
  const doneBefore = undoStacks(oplogOf(session.repo).entries()).done.length;
  await assert.rejects(
    gotoRevision(session, s1),
    /Untracked files would be overwritten by moving to [0-9a-f]{9}: a\.txt\. Move, commit or delete them/,
  );
  repo.git('add', 'a.txt');
  await assert.rejects(
    gotoRevision(session, s1),
    /Local edits would be overwritten by moving to [0-9a-f]{9}: a\.txt\. Commit them, or stash them/,
  );
  assert.deepEqual({ ...picture(repo), index: before.index }, before, 'nothing moved, no file changed');
  const again = await gotoRevision(session, 'origin/main');
  assert.equal(again.unchanged, true);
  assert.equal(
    undoStacks(oplogOf(session.repo).entries()).done.length,
    doneBefore,
    'neither the refused moves nor the no-op are in the undo history',
  );
  repo.git('rm', '-q', '--cached', 'a.txt');
});
