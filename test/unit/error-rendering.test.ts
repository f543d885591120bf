// How an error with fixes reaches people: the CLI's lines and VS Code's buttons, from the same fields.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorText } from '../../src/cli/errorText';
import { StacklineError } from '../../src/core/errors';
import { GitError } from '../../src/core/git/errors';
import { ABORT, CONTINUE, OperationError } from '../../src/core/operations/errors';
import { fixCommandLine } from '../../src/core/fix';
import { OPERATIONS } from '../../src/core/operations/table';
import { editAnyway, STOP_REVIEWING } from '../../src/core/review/checkout';
import { errorNotification } from '../../src/extension/errorNotification';

const stopped = () =>
  new OperationError('pending', "'move' stopped on conflicts in a.txt. Resolve them, then continue or abort it.", '', [
    CONTINUE,
    ABORT,
  ]);

test('is() answers by class and kind, and narrows', () => {
  const error: unknown = stopped();
  assert.ok(OperationError.is(error));
  assert.ok(OperationError.is(error, 'pending'));
  assert.ok(!OperationError.is(error, 'conflict'));
  assert.ok(StacklineError.is(error));
  assert.ok(!GitError.is(error));
  assert.ok(!OperationError.is(new Error('pending')));
  const caught: unknown = stopped();
  if (OperationError.is(caught, 'conflict')) assert.fail('a pending error is no conflict');
  // Ruling out one kind leaves the class: a pending error is still an OperationError.
  if (!OperationError.is(caught)) assert.fail('an OperationError');
  assert.deepEqual(caught.fixes, [CONTINUE, ABORT]);
});

test('the CLI prints the message, then each fix as a line to paste', () => {
  assert.equal(
    errorText(stopped()),
    "stackline: 'move' stopped on conflicts in a.txt. Resolve them, then continue or abort it.\n" +
      '  To fix: stackline continue\n' +
      '  Or:     stackline abort',
  );
  const elsewhere = new OperationError('refused', 'Branch b3 is checked out in wt2.', '', [
    { label: 'Detach in wt2', cli: 'git switch --detach', cwd: '/tmp/my wt2' },
  ]);
  assert.equal(
    errorText(elsewhere),
    "stackline: Branch b3 is checked out in wt2.\n  To fix: git -C '/tmp/my wt2' switch --detach",
  );
  assert.equal(errorText(new GitError('failed', 'git failed.', 'fatal: bad object')), 'stackline: git failed.');
  assert.equal(
    errorText(new GitError('failed', 'git failed.', 'fatal: bad object'), true),
    'stackline: git failed.\nfatal: bad object',
  );
});

test('VS Code: a fix with a command is a button that runs it; the rest copy their command line', () => {
  assert.deepEqual(errorNotification(stopped()), {
    message: "'move' stopped on conflicts in a.txt. Resolve them, then continue or abort it.",
    actions: [
      { title: 'Continue', kind: 'run', command: 'stackline.continue', args: [] },
      { title: 'Abort', kind: 'run', command: 'stackline.abort', args: [] },
    ],
  });
  const hidden = new OperationError('refused', 'abc is not in any of your stacks.', '', [
    { label: 'Unhide', cli: 'stackline unhide abc', command: 'stackline.unhide', args: ['abc123'] },
  ]);
  assert.deepEqual(errorNotification(hidden).actions, [
    { title: 'Unhide', kind: 'run', command: 'stackline.unhide', args: ['abc123'] },
  ]);
  // Another worktree: VS Code's command would run here, so the line (with -C) is copied instead.
  const restack = { label: 'Restack in wt2', cli: 'stackline restack', command: 'stackline.restack', cwd: '/w/wt2' };
  assert.deepEqual(errorNotification(new OperationError('refused', 'Left b3.', '', [restack])).actions, [
    { title: 'Copy: stackline -C /w/wt2 restack', kind: 'copy', text: 'stackline -C /w/wt2 restack' },
  ]);
});

test('VS Code: Show Log when the log holds more than the message', () => {
  assert.deepEqual(errorNotification(new GitError('failed', 'git failed.', 'fatal: bad object')).actions, [
    { title: 'Show Log', kind: 'log' },
  ]);
  assert.deepEqual(errorNotification(new Error('boom')), {
    message: 'boom',
    actions: [{ title: 'Show Log', kind: 'log' }],
  });
  assert.deepEqual(errorNotification(new OperationError('nothing-to-do', 'Nothing to undo.')).actions, []);
  assert.deepEqual(errorNotification(new OperationError('nothing-to-do', 'Nothing to undo.'), true).actions, [
    { title: 'Show Log', kind: 'log' },
  ]);
});

test('editing a reviewed stack: Edit Anyway is the exact command line again, or advice in words when there is none', () => {
  const reword = editAnyway(OPERATIONS.reword.build({ rev: 'a1b2c3d', message: "feat: lexer, Ada's" }).rerun);
  assert.equal(reword.cli, `stackline reword a1b2c3d -m 'feat: lexer, Ada'\\''s' --edit-review`);
  assert.equal(
    editAnyway(OPERATIONS.hide.build({ revs: ['a1', 'b2'] }).rerun).cli,
    'stackline hide a1 b2 --edit-review',
  );
  assert.equal(
    editAnyway(OPERATIONS.move.build({ source: 'a1', destination: 'origin/main' }).rerun).cli,
    'stackline move a1 --onto origin/main --edit-review',
  );
  assert.equal(
    editAnyway(OPERATIONS.fold.build({ from: 'a1', to: 'b2', message: 'feat: both' }).rerun).cli,
    "stackline fold a1 b2 -m 'feat: both' --edit-review",
  );
  // An operation run for submit or land has no command line: the fix says what to do, and nothing is copied.
  const advice = editAnyway(undefined);
  const refused = new OperationError('refused', 'It would change the stack under review.', '', [
    STOP_REVIEWING,
    advice,
  ]);
  assert.equal(
    errorText(refused),
    'stackline: It would change the stack under review.\n' +
      '  To fix: stackline review drop\n' +
      '  Or:     run it again with --edit-review',
  );
  assert.equal(fixCommandLine({ ...advice, cwd: '/w/wt2' }), 'run it again with --edit-review');
  assert.deepEqual(errorNotification(refused).actions, [
    { title: 'Stop Reviewing', kind: 'run', command: 'stackline.review.stopReviewing', args: [] },
  ]);
});
