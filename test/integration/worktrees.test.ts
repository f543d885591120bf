// Branches checked out in a second worktree. Every operation that moves one updates that worktree
// when it is clean (its HEAD, index and files follow, as a checkout there would) and leaves the
// branch when it has local changes (marked for restack, with the fix to run there); undo does the
// same. The smartlog names the worktree; goto onto such a branch is refused, with a way to detach.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Notice } from '../../src/core/fix';
import { dropLanded } from '../../src/core/forge/history';
import { discoverRepository } from '../../src/core/git/repository';
import { GitRunner } from '../../src/core/git/runner';
import { otherWorktrees, parseWorktreeList } from '../../src/core/git/worktrees';
import { gotoRevision } from '../../src/core/navigate/goto';
import {
  abortUnfinished,
  amendOperation,
  continueStopped,
  foldOperation,
  hideOperation,
  moveOperation,
  OperationError,
  redoOperation,
  reorderOperation,
  restackOperation,
  rewordOperation,
  splitOperation,
  syncOperation,
  undoOperation,
  type Operation,
} from '../../src/core/operations';
import { lockPath, oplogOf } from '../../src/core/oplog/files';
import { buildSmartlog } from '../../src/core/smartlog/build';
import { renderSmartlog } from '../../src/core/smartlog/render';
import { branchStack, filesOf, rev, runOp, sessionOf, stacklineOk } from '../helpers/ops';
import { makeClone, removeTempDirs, repoAt, tempDir, type TestRepo } from '../helpers/repo';

after(removeTempDirs);

/** A second worktree with `branch` checked out, in a fresh folder. */
function addWorktree(repo: TestRepo, branch: string): TestRepo {
  const dir = join(tempDir(), 'wt2');
  repo.git('worktree', 'add', '-q', dir, branch);
  return repoAt(dir, false);
}

describe('worktrees in the smartlog', () => {
  it('reads which worktree has which branch from git worktree list', async () => {
    const { repo, s2 } = branchStack();
    const wt = addWorktree(repo, 'b3');
    const detached = join(tempDir(), 'wt3');
    repo.git('worktree', 'add', '-q', '--detach', detached, s2);
    // The main worktree comes first; git orders the linked ones by path.
    const byPath = <T extends { path: string }>(list: T[]) => [...list].sort((a, b) => a.path.localeCompare(b.path));
    const [main, ...linked] = parseWorktreeList(repo.git('worktree', 'list', '--porcelain', '-z'));
    assert.deepEqual([main.path, main.branch], [repo.dir, 'refs/heads/b1']);
    assert.deepEqual(
      byPath(linked).map((w) => [w.path, w.branch, w.head, w.bare, w.prunable]),
      byPath([
        { path: wt.dir, branch: 'refs/heads/b3', head: wt.head() },
        { path: detached, branch: undefined, head: s2 },
      ]).map((w) => [w.path, w.branch, w.head, false, false]),
    );
    const location = await discoverRepository(repo.dir);
    const others = await otherWorktrees(new GitRunner(location.root), location);
    assert.deepEqual(
      byPath(others).map((w) => w.path),
      byPath(linked).map((w) => w.path),
      'this worktree left out',
    );
    const fromSecond = await discoverRepository(wt.dir);
    const seen = await otherWorktrees(new GitRunner(wt.dir), fromSecond);
    assert.deepEqual(
      seen.map((w) => [w.path, w.branch, w.gitDir]),
      [
        [repo.dir, 'refs/heads/b1', location.commonDir],
        [detached, undefined, join(location.commonDir, 'worktrees', 'wt3')],
      ],
    );
  });

  it('names the other worktree on its branch, in the model and in the log', async () => {
    const { repo, s3 } = branchStack();
    const wt = addWorktree(repo, 'b3');
    const location = await discoverRepository(repo.dir);
    const smartlog = await buildSmartlog(new GitRunner(location.root), location);
    const top = smartlog.commits.find((c) => c.hash === s3)!;
    assert.equal(top.branches.find((b) => b.name === 'b3')?.worktree, wt.dir);
    assert.equal(
      smartlog.commits.flatMap((c) => c.branches).find((b) => b.name === 'b1')?.worktree,
      undefined,
      'the branch checked out here names no worktree',
    );
    assert.match(renderSmartlog(smartlog), /b3 \(checked out in \.\.\/[^)]*wt2\)/);
  });
});

/** trunk 1-2 on origin; b1: s1 (a.txt, a2.txt) ← s2 (b.txt) ← s3 (c.txt, branch b3); HEAD on b1; b3 in a second worktree. */
function stackWithWorktree(dirty: boolean) {
  const { origin, repo } = makeClone(2);
  repo.git('switch', '-q', '-c', 'b1');
  const s1 = repo.commit('s1', { 'a.txt': 'a\n', 'a2.txt': 'a2\n' });
  repo.git('switch', '-q', '--detach');
  const s2 = repo.commit('s2', { 'b.txt': 'b\n' });
  const s3 = repo.commit('s3', { 'c.txt': 'c\n' });
  repo.git('branch', 'b3', s3);
  repo.git('switch', '-q', 'b1');
  const wt = addWorktree(repo, 'b3');
  // Untracked files nothing would overwrite never hold a worktree back.
  wt.write({ 'notes.txt': 'mine\n' });
  if (dirty) wt.write({ 'c.txt': 'edited there\n' });
  return { origin, repo, wt, s1, s2, s3 };
}

/** Everything git status and a checkout care about in a worktree. */
function worktreeState(wt: TestRepo) {
  return {
    head: wt.git('rev-parse', 'HEAD').trim(),
    branch: wt.git('symbolic-ref', '-q', 'HEAD').trim(),
    status: wt.git('status', '--porcelain', '-uall'),
    files: filesOf(wt.dir),
  };
}

function noticeFor(notices: Notice[], wt: TestRepo): Notice {
  const notice = notices.find((n) => n.worktree === wt.dir);
  assert.ok(notice, `a notice about ${wt.dir}: ${JSON.stringify(notices)}`);
  return notice;
}

async function outdatedUnder(repo: TestRepo, hash: string): Promise<boolean> {
  const session = await sessionOf(repo);
  const commit = (await buildSmartlog(session.git, session.repo)).commits.find((c) => c.hash === hash);
  return !!(commit?.outdatedBy || commit?.needsRestack);
}

type Stack = ReturnType<typeof stackWithWorktree>;

const cases: { name: string; operation: (s: Stack) => Operation<unknown> }[] = [
  {
    name: 'amend',
    operation: ({ repo }) => {
      repo.write({ 'amend.txt': 'amended\n' });
      return amendOperation({ stage: 'all' });
    },
  },
  {
    name: 'restack',
    operation: ({ repo }) => {
      repo.git('commit', '-q', '--amend', '-m', 's1, amended with git');
      return restackOperation();
    },
  },
  { name: 'move', operation: ({ s1, s3 }) => moveOperation({ source: s3, destination: s1 }) },
  { name: 'fold', operation: ({ s1, s2 }) => foldOperation({ from: s1, to: s2 }) },
  { name: 'split', operation: ({ s1 }) => splitOperation({ rev: s1, files: ['a2.txt'] }) },
  { name: 'reorder', operation: ({ s2 }) => reorderOperation(s2, 'down') },
  { name: 'reword', operation: ({ s2 }) => rewordOperation({ rev: s2, message: 's2, reworded' }) },
  {
    name: 'sync',
    operation: ({ origin }) => {
      origin.commit('trunk 3');
      return syncOperation();
    },
  },
];

describe('operations on a branch checked out in another worktree', () => {
  for (const { name, operation } of cases) {
    it(`${name}, undo and redo update a clean worktree along with its branch`, async () => {
      const s = stackWithWorktree(false);
      const initial = worktreeState(s.wt);
      const outcome = await runOp(s.repo, operation(s));
      assert.notEqual(rev(s.repo, 'b3'), s.s3, 'b3 moved');
      const moved = worktreeState(s.wt);
      assert.equal(moved.head, rev(s.repo, 'b3'), "the worktree's HEAD follows its branch");
      assert.equal(moved.branch, 'refs/heads/b3');
      assert.equal(moved.status, initial.status, 'git status there shows nothing new: its index and files followed');
      assert.match(noticeFor(outcome.notices, s.wt).message, /moved with b3/);
      assert.match(outcome.summary, /moved with b3/);

      const undone = await runOp(s.repo, undoOperation());
      assert.deepEqual(worktreeState(s.wt), initial, 'undo puts the worktree back exactly');
      assert.match(noticeFor(undone.notices, s.wt).message, /moved with b3/);
      await runOp(s.repo, redoOperation());
      assert.deepEqual(worktreeState(s.wt), moved, 'redo moves it again');
    });

    it(`${name} leaves a branch whose worktree has local changes, marks it and says what to run there`, async () => {
      const s = stackWithWorktree(true);
      const initial = worktreeState(s.wt);
      const outcome = await runOp(s.repo, operation(s));
      assert.equal(rev(s.repo, 'b3'), s.s3, 'b3 stays where it is');
      assert.deepEqual(worktreeState(s.wt), initial, 'nothing changed in that worktree');
      const notice = noticeFor(outcome.notices, s.wt);
      assert.match(
        notice.message,
        /Left b3 at [0-9a-f]{9}: it is checked out in .*wt2, which has local changes \(c\.txt\); restack there/,
      );
      assert.deepEqual(notice.fix, { label: 'Restack in wt2', cli: 'stackline restack', cwd: s.wt.dir });
      assert.ok(await outdatedUnder(s.repo, s.s3), 'the smartlog marks it for restack');

      await runOp(s.repo, undoOperation());
      assert.deepEqual(worktreeState(s.wt), initial, 'undo leaves it alone too');
      assert.equal(rev(s.repo, 'b3'), s.s3);
      assert.equal(await outdatedUnder(s.repo, s.s3), false, 'nothing waits for a restack after the undo');
    });
  }

  it('restack in the other worktree finishes the move, carrying its local changes', async () => {
    const s = stackWithWorktree(true);
    s.repo.write({ 'amend.txt': 'amended\n' });
    await runOp(s.repo, amendOperation({ stage: 'all' }));
    await runOp(s.wt, restackOperation());
    assert.equal(rev(s.repo, 'b3^^'), rev(s.repo, 'b1'), 'b3 is on the amended stack now');
    const state = worktreeState(s.wt);
    assert.equal(state.head, rev(s.repo, 'b3'));
    assert.equal(state.status, ' M c.txt\n?? notes.txt\n', 'the local edit came along');
    assert.equal(state.files['amend.txt'], 'amended\n');
    assert.equal(
      s.repo.git('for-each-ref', 'refs/stackline/visible'),
      '',
      'no ref is left keeping the new version in view',
    );
    assert.equal(await outdatedUnder(s.repo, rev(s.repo, 'b3')), false);
  });

  it('the CLI prints the command to run in the other worktree', () => {
    const s = stackWithWorktree(true);
    s.repo.write({ 'amend.txt': 'amended\n' });
    const out = stacklineOk(s.repo, 'amend', '-A');
    assert.match(out, /Left b3 at/);
    assert.ok(out.includes(`\n  stackline -C ${s.wt.dir} restack\n`), out);
  });

  it('land moves the rest of the stack and a clean worktree on it', async () => {
    const s = stackWithWorktree(false);
    const initial = worktreeState(s.wt);
    // s1 landed upstream squashed into one commit of its own.
    s.origin.commit('s1 (#1)', { 'a.txt': 'a\n', 'a2.txt': 'a2\n' });
    s.repo.git('fetch', '-q');
    const { rewrites, notices } = await dropLanded(
      { git: new GitRunner(s.repo.dir), location: await discoverRepository(s.repo.dir) },
      s.s1,
      rev(s.repo, 'origin/main'),
    );
    assert.equal(rewrites.size, 3);
    assert.equal(rev(s.repo, 'b3~2'), rev(s.repo, 'origin/main'));
    assert.equal(worktreeState(s.wt).head, rev(s.repo, 'b3'));
    assert.equal(worktreeState(s.wt).status, initial.status);
    assert.match(noticeFor(notices, s.wt).message, /moved with b3/);
  });

  it('sync fast-forwards the local trunk branch in a clean worktree, and leaves it in one with local changes', async () => {
    for (const dirty of [false, true]) {
      const { origin, repo } = makeClone(2);
      repo.git('switch', '-q', '-c', 'b1');
      repo.commit('s1');
      const wt = addWorktree(repo, 'main');
      if (dirty) wt.write({ [wt.git('ls-files').split('\n')[0]]: 'edited there\n' });
      const initial = worktreeState(wt);
      const before = rev(repo, 'main');
      origin.commit('trunk 3');
      const outcome = await runOp(repo, syncOperation());
      const tip = rev(repo, 'origin/main');
      const notice = noticeFor(outcome.notices, wt);
      if (dirty) {
        assert.equal(rev(repo, 'main'), before);
        assert.deepEqual(worktreeState(wt), initial);
        assert.deepEqual(notice.fix, {
          label: 'Move main in wt2',
          cli: `git reset --keep ${tip.slice(0, 9)}`,
          cwd: wt.dir,
        });
        assert.doesNotMatch(outcome.summary, /fast-forwarded/);
      } else {
        assert.equal(rev(repo, 'main'), tip);
        assert.deepEqual([worktreeState(wt).head, worktreeState(wt).status], [tip, initial.status]);
        assert.match(notice.message, /moved with main/);
      }
    }
  });

  it('hide of a commit whose branch another worktree has is refused, with the way out', async () => {
    const s = stackWithWorktree(false);
    const initial = worktreeState(s.wt);
    const error = await runOp(s.repo, hideOperation([s.s3])).then(
      () => assert.fail('hide went through'),
      (e: unknown) => e as OperationError,
    );
    assert.ok(error instanceof OperationError && error.kind === 'refused');
    assert.match(error.message, /Branch b3 is checked out in the worktree .*wt2, so it can't be deleted/);
    assert.deepEqual(error.fixes, [{ label: 'Detach in wt2', cli: 'git switch --detach', cwd: s.wt.dir }]);
    assert.equal(rev(s.repo, 'b3'), s.s3);
    assert.deepEqual(worktreeState(s.wt), initial);
  });

  it('an operation stopped on conflicts moves the clean worktree when it continues, and leaves it on abort', async () => {
    for (const finish of ['continue', 'abort'] as const) {
      const s = stackWithWorktree(false);
      const initial = worktreeState(s.wt);
      s.repo.write({ 'c.txt': 'c, from below\n' });
      await assert.rejects(
        runOp(s.repo, amendOperation({ stage: 'all' })),
        (e: unknown) => e instanceof OperationError && e.kind === 'conflict',
      );
      assert.deepEqual(worktreeState(s.wt), initial, 'nothing changed there while stopped');
      if (finish === 'abort') {
        await abortUnfinished(await sessionOf(s.repo));
        assert.deepEqual(worktreeState(s.wt), initial);
        assert.equal(rev(s.repo, 'b3'), s.s3);
        continue;
      }
      s.repo.write({ 'c.txt': 'c, resolved\n' });
      s.repo.git('add', 'c.txt');
      const outcome = await continueStopped(await sessionOf(s.repo));
      assert.match(noticeFor(outcome.notices, s.wt).message, /moved with b3/);
      const state = worktreeState(s.wt);
      assert.equal(state.head, rev(s.repo, 'b3'));
      assert.equal(state.status, initial.status);
      assert.equal(state.files['c.txt'], 'c, resolved\n');
    }
  });

  it('a worktree where a checkout would overwrite untracked files is left, like one with local changes', async () => {
    const s = stackWithWorktree(false);
    s.wt.write({ 'amend.txt': 'untracked there\n' });
    const initial = worktreeState(s.wt);
    s.repo.write({ 'amend.txt': 'amended\n' });
    const outcome = await runOp(s.repo, amendOperation({ stage: 'all' }));
    assert.equal(rev(s.repo, 'b3'), s.s3);
    assert.deepEqual(worktreeState(s.wt), initial);
    assert.match(noticeFor(outcome.notices, s.wt).message, /local changes \(amend\.txt\)/);
  });

  it('both worktrees share one oplog and one lock', async () => {
    const s = stackWithWorktree(false);
    const here = await discoverRepository(s.repo.dir);
    const there = await discoverRepository(s.wt.dir);
    assert.notEqual(here.gitDir, there.gitDir);
    assert.equal(oplogOf(there).file, oplogOf(here).file);
    assert.equal(lockPath(there), lockPath(here));
  });
});

describe('goto onto a branch another worktree has checked out', () => {
  it('is refused with the way to detach on its commit, which --detach does', async () => {
    const s = stackWithWorktree(false);
    const session = await sessionOf(s.repo);
    const error = await gotoRevision(session, 'b3').then(
      () => assert.fail('goto went through'),
      (e: unknown) => e as OperationError,
    );
    assert.ok(error instanceof OperationError && error.kind === 'refused');
    const short = s.s3.slice(0, 9);
    assert.equal(
      error.message,
      `Branch b3 is checked out in the worktree ${s.wt.dir}, and git keeps a branch in one worktree at a time. Work on it there, or go to its commit here, detached.`,
    );
    assert.deepEqual(error.fixes, [{ label: `Detach on ${short}`, cli: `stackline goto --detach ${short}` }]);
    assert.equal(s.repo.git('symbolic-ref', 'HEAD').trim(), 'refs/heads/b1', 'nothing moved');

    assert.equal(stacklineOk(s.repo, 'goto', '--detach', short).trim(), `Now at ${short}.`);
    assert.equal(s.repo.git('rev-parse', 'HEAD').trim(), s.s3);
    assert.throws(() => s.repo.git('symbolic-ref', '-q', 'HEAD'), 'HEAD is detached');
  });

  it('goes to the commit detached when it was named by hash, and says why', async () => {
    const s = stackWithWorktree(false);
    const result = await gotoRevision(await sessionOf(s.repo), s.s3);
    assert.deepEqual(result, {
      hash: s.s3,
      branch: undefined,
      unchanged: false,
      elsewhere: { branch: 'b3', worktree: s.wt.dir },
    });
    assert.equal(s.repo.git('rev-parse', 'HEAD').trim(), s.s3);
  });
});
