// The operation log and what it makes possible: undo/redo across processes, conflicts that stop in
// git's rebase state and then continue or abort exactly, the repository lock, interrupted
// operations, and the CLI around them (oplog, continue, abort).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { after, describe, test } from 'node:test';
import {
  abortUnfinished,
  amendOperation,
  continueStopped,
  OperationError,
  redoOperation,
  rewordOperation,
  runOperation,
  undoOperation,
} from '../../src/core/operations';
import { ABORT, CONTINUE, UNDO } from '../../src/core/operations/errors';
import { RepoLock } from '../../src/core/oplog/lock';
import { oplogOf } from '../../src/core/oplog/files';
import { bundledCli } from '../helpers/cli';
import { headRef, picture, reachableCommits, rev, runOp, sessionOf, subjects } from '../helpers/ops';
import { makeClone, removeTempDirs, type TestRepo } from '../helpers/repo';

after(removeTempDirs);

function cli(repo: TestRepo, ...args: string[]) {
  const result = spawnSync(process.execPath, [bundledCli(), ...args], { cwd: repo.dir, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** b1: s1 writes shared.txt; s2 (branch b2) changes the same line; HEAD on b1. */
function conflictingStack() {
  const { repo } = makeClone(1);
  repo.git('switch', '-q', '-c', 'b1');
  const s1 = repo.commit('s1', { 'shared.txt': 'one\n' });
  repo.git('switch', '-q', '-c', 'b2');
  const s2 = repo.commit('s2', { 'shared.txt': 'two\n' });
  const s3 = repo.commit('s3', { 'other.txt': 'three\n' });
  repo.git('switch', '-q', 'b1');
  return { repo, s1, s2, s3 };
}

async function conflictOf(promise: Promise<unknown>): Promise<OperationError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(
      error instanceof OperationError && error.kind === 'conflict',
      `stopped on a conflict, got: ${String(error)}`,
    );
    return error;
  }
  assert.fail('expected the operation to stop on a conflict');
}

describe('conflicts', () => {
  test('amend whose restack conflicts stops in git rebase state; continue finishes it and moves the branches', async () => {
    const { repo, s2 } = conflictingStack();
    repo.write({ 'shared.txt': 'ONE\n' });
    const before = picture(repo);
    const error = await conflictOf(runOp(repo, amendOperation({ stage: 'all' })));
    assert.match(
      error.message,
      /stopped: replaying [0-9a-f]{9} "s2" conflicts in shared\.txt\. Resolve the conflicts and stage the files, then continue; abort goes back/,
    );
    assert.deepEqual(error.fixes, [CONTINUE, ABORT]);
    assert.match(repo.git('status', '--porcelain'), /^UU shared\.txt/m);
    assert.equal(rev(repo, 'b2'), before.refs.match(/refs\/heads\/b2 (\w+)/)![1], 'no branch moved yet');

    await assert.rejects(runOp(repo, rewordOperation({ message: 'x' })), (refusal: unknown) => {
      assert.ok(OperationError.is(refusal, 'pending'), String(refusal));
      assert.match(refusal.message, /'amend --all' stopped on conflicts in shared\.txt\. Resolve them/);
      assert.deepEqual(refusal.fixes, [CONTINUE, ABORT]);
      return true;
    });
    await assert.rejects(continueStopped(await sessionOf(repo)), (unresolved: unknown) => {
      assert.ok(OperationError.is(unresolved, 'conflict'), String(unresolved));
      assert.match(unresolved.message, /Still unresolved: shared\.txt/);
      assert.deepEqual(unresolved.fixes, [CONTINUE, ABORT]);
      return true;
    });
    repo.write({ 'shared.txt': 'ONE and two\n' });
    repo.git('add', 'shared.txt');
    const outcome = await continueStopped(await sessionOf(repo));
    assert.match(outcome.summary, /finished after resolving conflicts/);
    assert.equal(headRef(repo), 'refs/heads/b1', 'HEAD back on its branch');
    assert.deepEqual(subjects(repo, 'origin/main..b2'), ['s3', 's2', 's1']);
    assert.equal(rev(repo, 'b2~2'), rev(repo, 'b1'));
    assert.equal(repo.git('show', 'b2~1:shared.txt'), 'ONE and two\n');
    assert.ok(reachableCommits(repo).has(s2));
    await runOp(repo, undoOperation());
    assert.deepEqual(picture(repo), before, 'undo of the finished operation is exact');
  });

  test('abort returns exactly to the state before the operation, local edits included', async () => {
    const { repo, s1 } = conflictingStack();
    repo.write({ 'shared.txt': 'ONE\n', 'notes.txt': 'untracked notes\n' });
    repo.git('add', 'shared.txt');
    repo.write({ 'extra.txt': 'not staged\n' });
    const before = picture(repo);
    await conflictOf(runOp(repo, amendOperation({ stage: 'staged' })));
    const { command } = await abortUnfinished(await sessionOf(repo));
    assert.equal(command, 'amend --staged');
    assert.deepEqual(picture(repo), before);
    assert.equal(rev(repo, 'b1'), s1);
    await assert.rejects(abortUnfinished(await sessionOf(repo)), (nothing: unknown) => {
      assert.ok(OperationError.is(nothing, 'nothing-to-do'), String(nothing));
      assert.match(nothing.message, /nothing to abort\. To take back a finished one, undo it\./);
      assert.deepEqual(nothing.fixes, [UNDO]);
      return true;
    });
  });

  test('a rebase continued or aborted with git itself is noticed by the next Stackline command', async () => {
    const { repo } = conflictingStack();
    repo.write({ 'shared.txt': 'ONE\n' });
    const before = picture(repo);
    await conflictOf(runOp(repo, amendOperation({ stage: 'all' })));
    repo.git('rebase', '--abort');
    await runOp(repo, rewordOperation({ rev: 'b1', message: 's1 reworded' }));
    await runOp(repo, undoOperation());
    assert.deepEqual(picture(repo), before, 'the git-aborted operation left nothing behind');

    await conflictOf(runOp(repo, amendOperation({ stage: 'all' })));
    repo.write({ 'shared.txt': 'resolved\n' });
    repo.git('add', 'shared.txt');
    spawnSync('git', ['rebase', '--continue'], { cwd: repo.dir, env: { ...process.env, GIT_EDITOR: 'true' } });
    const log = cli(repo, 'oplog', '--json');
    assert.equal(log.code, 0, log.stderr);
    assert.equal(JSON.parse(log.stdout)[0].status, 'done', 'oplog settles the operation git finished');
    assert.equal(headRef(repo), 'refs/heads/b1');
    assert.equal(rev(repo, 'b2~2'), rev(repo, 'b1'));
  });
});

describe('undo and redo', () => {
  test('undo and redo work across processes, walk back several steps, and a new operation ends redo', async () => {
    const { repo } = conflictingStack();
    const start = picture(repo);
    assert.equal(cli(repo, 'reword', '-m', 'first').code, 0);
    const afterFirst = picture(repo);
    assert.equal(cli(repo, 'reword', '-m', 'second').code, 0);
    let result = cli(repo, 'undo');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Undid 'reword HEAD' \(oplog #2\); on b1\.$/m);
    assert.deepEqual(picture(repo), afterFirst);
    assert.equal(cli(repo, 'undo').code, 0);
    assert.deepEqual(picture(repo), start);
    result = cli(repo, 'undo');
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim(), 'stackline: There is nothing to undo.');
    assert.equal(cli(repo, 'redo').code, 0);
    assert.deepEqual(picture(repo), afterFirst);
    assert.equal(cli(repo, 'reword', '-m', 'third').code, 0);
    assert.match(cli(repo, 'redo').stderr, /nothing to redo/);
  });

  test('undo refuses when a branch it would move has changed since, and changes nothing', async () => {
    const { repo } = conflictingStack();
    await runOp(repo, rewordOperation({ message: 'renamed' }));
    repo.git('branch', '-f', 'b2', 'origin/main');
    const before = picture(repo);
    await assert.rejects(
      runOp(repo, undoOperation()),
      /branch b2 changed after 'reword HEAD' \(it is now at [0-9a-f]{9}\); undo would throw that away/,
    );
    assert.deepEqual(picture(repo), before);
  });

  test('oplog lists operations newest first with what changed; --json has the documented shape', async () => {
    const { repo } = conflictingStack();
    await runOp(repo, rewordOperation({ message: 'renamed' }));
    await runOp(repo, undoOperation());
    const text = cli(repo, 'oplog');
    assert.equal(text.code, 0, text.stderr);
    assert.match(
      text.stdout,
      /^#2  .* undo\n    Undid 'reword HEAD' \(oplog #1\); on b1\.\n    b1 [0-9a-f]{9} → [0-9a-f]{9}\n/,
    );
    assert.match(text.stdout, /#1  .* reword HEAD  \[undone\]/);
    const rows = JSON.parse(cli(repo, 'oplog', '--json', '-n', '1').stdout);
    assert.equal(rows.length, 1);
    for (const key of ['changes', 'command', 'id', 'kind', 'status', 'summary', 'target', 'time'])
      assert.ok(key in rows[0], `has ${key}`);
    assert.equal(rows[0].kind, 'undo');
    assert.equal(rows[0].target, 1);
    assert.match(rows[0].time, /^\d{4}-\d\d-\d\dT/);
    assert.equal(cli(repo, 'oplog', '-n', 'x').code, 2);
  });
});

describe('safety', () => {
  test("a second Stackline process waits for the lock, then gives up with a message; a dead owner's lock is taken over", async () => {
    const { repo } = conflictingStack();
    const session = await sessionOf(repo);
    const lock = await RepoLock.acquire(join(session.repo.commonDir, 'stackline', 'lock'), 'test holder');
    await assert.rejects(
      runOperation({ ...session, lockWaitMs: 300 }, rewordOperation({ message: 'x' })),
      /Another Stackline operation, 'test holder' \(process \d+\), is running in this repository/,
    );
    lock.release();
    writeFileSync(
      join(session.repo.commonDir, 'stackline', 'lock'),
      JSON.stringify({ pid: 999999, host: hostname(), command: 'ghost', time: 0 }),
    );
    await runOp(repo, rewordOperation({ message: 'after a stale lock' }));
    assert.equal(repo.git('log', '-1', '--format=%s', 'b1').trim(), 'after a stale lock');
  });

  test('an operation interrupted halfway blocks the next one until abort puts everything back', async () => {
    const { repo } = conflictingStack();
    const session = await sessionOf(repo);
    const before = picture(repo);
    const log = oplogOf(session.repo);
    // What a killed process leaves: a begin record, and a branch already moved.
    log.append({
      type: 'begin',
      id: 1,
      time: Date.now(),
      kind: 'operation',
      command: 'amend',
      worktree: session.repo.gitDir,
      pid: 999999,
      before: {
        refs: Object.fromEntries(
          before.refs
            .trim()
            .split('\n')
            .map((l) => l.split(' ')),
        ),
        head: { ref: 'refs/heads/b1', hash: rev(repo, 'b1') },
      },
    });
    repo.git('branch', '-f', 'b2', 'origin/main');
    const blocked = cli(repo, 'reword', '-m', 'x');
    assert.equal(blocked.code, 1);
    assert.match(
      blocked.stderr,
      /^stackline: 'amend' \(started .*\) was interrupted before it finished\. Abort it to put the repository back exactly as it was before it\.\n {2}To fix: stackline abort\n$/,
    );
    const aborted = cli(repo, 'abort');
    assert.equal(aborted.code, 0, aborted.stderr);
    assert.match(aborted.stdout, /Aborted 'amend': the repository is back as it was before it\./);
    assert.deepEqual(picture(repo), before);
  });

  test('operations refuse while git is in the middle of a rebase of its own', async () => {
    const { repo } = conflictingStack();
    repo.git('switch', '-q', '-c', 'x', 'origin/main');
    repo.commit('x', { 'shared.txt': 'x\n' });
    assert.throws(() => repo.git('rebase', 'b1'));
    const result = cli(repo, 'reword', '-m', 'y');
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /A rebase is in progress\. Continue or abort it with git, then try again\.\n {2}To fix: git rebase --continue\n {2}Or: {5}git rebase --abort\n/,
    );
    assert.equal(cli(repo, 'redo').code, 1);
  });

  test('redo after undo restores the amended state exactly', async () => {
    const { repo } = conflictingStack();
    repo.write({ 'new.txt': 'amended into s1\n' });
    await runOp(repo, amendOperation({ stage: 'all' }));
    const amended = picture(repo);
    await runOp(repo, undoOperation());
    await runOp(repo, redoOperation());
    assert.deepEqual(picture(repo), amended);
  });
});
