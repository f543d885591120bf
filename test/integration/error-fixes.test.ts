// Refusals carry their fix as data, with real git: the kind to decide on, the fixes a UI offers
// (Continue / Abort, Unhide, Undo, abort in the other worktree), and the CLI's lines under the message.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { samePath } from '../../src/core/git/worktrees';
import {
  abortUnfinished,
  hideOperation,
  moveOperation,
  OperationError,
  rewordOperation,
  uncommitOperation,
  undoOperation,
} from '../../src/core/operations';
import { ABORT, CONTINUE, UNDO } from '../../src/core/operations/errors';
import { runCli } from '../helpers/cli';
import { branchStack, picture, runOp, sessionOf } from '../helpers/ops';
import { repoAt, removeTempDirs, tempDir } from '../helpers/repo';

after(removeTempDirs);

async function refusalOf(promise: Promise<unknown>): Promise<OperationError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(OperationError.is(error), String(error));
    return error;
  }
  assert.fail('expected a refusal');
}

test('a commit that was hidden: the refusal offers Unhide, which names the commit', async () => {
  const { repo, s3 } = branchStack();
  await runOp(repo, hideOperation([s3]));
  const before = picture(repo);
  const error = await refusalOf(runOp(repo, rewordOperation({ rev: s3, message: 'again' })));
  assert.equal(error.kind, 'refused');
  assert.equal(
    error.message,
    `${s3.slice(0, 9)} is not in any of your stacks (hidden, or only on a remote branch). Unhide it first if you mean it.`,
  );
  assert.deepEqual(error.fixes, [
    { label: 'Unhide', cli: `stackline unhide ${s3.slice(0, 9)}`, command: 'stackline.unhide', args: [s3] },
  ]);
  assert.deepEqual(picture(repo), before, 'nothing changed');
});

test('uncommit below other commits offers Undo; undo with nothing to undo is nothing-to-do, with no fix', async () => {
  const { repo, s1 } = branchStack();
  repo.git('switch', '-q', '--detach', s1);
  const error = await refusalOf(runOp(repo, uncommitOperation()));
  assert.equal(error.kind, 'refused');
  assert.match(error.message, /on top of it; uncommit works on the top of a stack\. Move or fold those first, or undo/);
  assert.deepEqual(error.fixes, [UNDO]);

  const nothing = await refusalOf(runOp(repo, undoOperation()));
  assert.equal(nothing.kind, 'nothing-to-do');
  assert.equal(nothing.message, 'There is nothing to undo.');
  assert.deepEqual(nothing.fixes, []);
});

test('an operation stopped on conflicts: the next one is refused with Continue and Abort, and the CLI prints both', async () => {
  const { repo, s1, s3 } = branchStack();
  // s4 changes a.txt, which s1 adds: moved onto trunk (which has no a.txt), it conflicts.
  repo.git('switch', '-q', '--detach', s3);
  const s4 = repo.commit('s4', { 'a.txt': 'a, then s4\n' });
  repo.git('branch', '-f', 'b3', s4);
  repo.git('switch', '-q', 'b1');
  repo.git('switch', '-q', '-c', 'side', 'origin/main');
  const conflict = await refusalOf(runOp(repo, moveOperation({ source: s4, destination: 'side' })));
  assert.equal(conflict.kind, 'conflict', conflict.message);
  assert.deepEqual(conflict.fixes, [CONTINUE, ABORT]);

  const pending = await refusalOf(runOp(repo, rewordOperation({ rev: s1, message: 'x' })));
  assert.equal(pending.kind, 'pending');
  assert.deepEqual(pending.fixes, [CONTINUE, ABORT]);
  assert.doesNotMatch(pending.message, /stackline (continue|abort)/, 'the commands are in the fixes only');

  const cli = runCli(repo.dir, ['reword', '-m', 'x', s1]);
  assert.equal(cli.code, 1);
  assert.equal(cli.stderr, `stackline: ${pending.message}\n  To fix: stackline continue\n  Or:     stackline abort\n`);
});

test('an operation stopped in another worktree: abort from here is refused with the fix to run there', async () => {
  const { repo, s3 } = branchStack();
  const wtDir = join(tempDir(), 'wt2');
  repo.git('worktree', 'add', '-q', '--detach', wtDir, s3);
  const wt = repoAt(wtDir, false);
  const s4 = wt.commit('s4', { 'a.txt': 'a, then s4\n' });
  await refusalOf(runOp(wt, moveOperation({ source: s4, destination: 'origin/main' })));

  const error = await refusalOf(abortUnfinished(await sessionOf(repo)));
  assert.equal(error.kind, 'refused');
  assert.match(error.message, /^'move .*' was started in another worktree \(.*wt2\); abort it there\.$/);
  assert.equal(error.fixes.length, 1);
  assert.equal(error.fixes[0].cli, 'stackline abort');
  assert.ok(error.fixes[0].cwd && samePath(error.fixes[0].cwd, wt.dir), error.fixes[0].cwd);
  const cli = runCli(repo.dir, ['abort']);
  assert.equal(cli.code, 1);
  assert.match(cli.stderr, /\n {2}To fix: stackline -C \S*wt2 abort\n$/);
});
