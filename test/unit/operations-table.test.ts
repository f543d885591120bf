// The operations table is the one list of history-editing operations: the CLI's commands, the
// extension's commands (ids in package.json), and the oplog's op names all come from it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { operationCommands } from '../../src/cli/commands/operations';
import { COMMANDS } from '../../src/cli/commands';
import { OPERATION_NAMES, OPERATIONS, type OperationName } from '../../src/core/operations/table';

const fail = (message: string): never => {
  throw new Error(message);
};

/** A valid command line for each operation (a new row needs one here). */
const SAMPLE_ARGV: Record<OperationName, string[]> = {
  commit: ['-m', 'feat: x', '--staged'],
  amend: ['--all'],
  absorb: ['--dry-run'],
  'absorb-into': ['3f2a1b0'],
  move: ['3f2a1b0', '--onto', 'main'],
  fold: ['3f2a1b0', 'HEAD'],
  split: ['3f2a1b0', '-f', 'a.txt', '-f', 'b.txt'],
  reorder: ['3f2a1b0', 'down'],
  reword: ['-m', 'fix: y'],
  uncommit: [],
  unamend: [],
  hide: ['3f2a1b0', '9c1b2d3'],
  unhide: ['3f2a1b0'],
  restack: [],
  sync: [],
  undo: [],
  redo: [],
};

test("the CLI's operation commands are the table's rows (then oplog, continue, abort), with the table's help lines", () => {
  assert.deepEqual(
    operationCommands.map((c) => c.name),
    [...OPERATION_NAMES, 'oplog', 'continue', 'abort'],
  );
  for (const name of OPERATION_NAMES) {
    const command = COMMANDS.find((c) => c.name === name);
    assert.equal(command?.synopsis, OPERATIONS[name].synopsis, name);
    assert.equal(command?.summary, OPERATIONS[name].summary, name);
  }
});

test("the extension's operation commands are the table's, each contributed in package.json", () => {
  const ids = OPERATION_NAMES.flatMap((name) => OPERATIONS[name].vscode.commands.map((c) => c.id));
  assert.deepEqual(
    [...ids, 'stackline.continue', 'stackline.abort'].sort(),
    [
      'stackline.abort',
      'stackline.absorb',
      'stackline.absorbInto',
      'stackline.amend',
      'stackline.commit',
      'stackline.continue',
      'stackline.foldDown',
      'stackline.hide',
      'stackline.moveDown',
      'stackline.moveOnto',
      'stackline.moveUp',
      'stackline.redo',
      'stackline.reword',
      'stackline.split',
      'stackline.splitCommit',
      'stackline.restack',
      'stackline.sync',
      'stackline.uncommit',
      'stackline.unamend',
      'stackline.undo',
      'stackline.unhide',
    ].sort(),
    'one id per command, none lost or added',
  );
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    contributes: { commands: { command: string }[] };
  };
  const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
  for (const id of ids) assert.ok(contributed.has(id), `${id} is in contributes.commands`);
});

/** Strings, numbers, booleans, arrays and plain objects of them; undefined fields are left out of JSON. */
function isPlainJson(value: unknown): boolean {
  if (value === undefined || value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
  if (Array.isArray(value)) return value.every(isPlainJson);
  return Object.getPrototypeOf(value) === Object.prototype && Object.values(value as object).every(isPlainJson);
}

function fromCommandLine<K extends OperationName>(name: K) {
  const row = OPERATIONS[name];
  return row.build(row.parse(SAMPLE_ARGV[name], fail));
}

test("each row builds an operation whose oplog op is the row's name, with arguments that survive JSON", () => {
  for (const name of OPERATION_NAMES) {
    const operation = fromCommandLine(name);
    assert.equal(operation.op, name);
    assert.ok(isPlainJson(operation.args), `${name}'s args are plain JSON`);
  }
  assert.deepEqual(fromCommandLine('hide').args, { revs: ['3f2a1b0', '9c1b2d3'] });
  assert.deepEqual(fromCommandLine('reorder').args, { rev: '3f2a1b0', direction: 'down' });
});

test('the rows parse flags and positionals as the CLI always did, and say what is wrong', () => {
  assert.deepEqual(OPERATIONS.move.parse(['a', 'b'], fail), { source: 'a', destination: 'b' });
  assert.deepEqual(OPERATIONS.reorder.parse(['up'], fail), { rev: undefined, direction: 'up' });
  assert.equal(OPERATIONS.amend.parse(['--message-only'], fail).stage, 'message');
  assert.throws(() => OPERATIONS.commit.parse([], fail), /commit needs a message/);
  assert.throws(() => OPERATIONS.commit.parse(['-m', 'x', '-A', '--staged'], fail), /Choose --all or --staged/);
  assert.throws(() => OPERATIONS.reorder.parse(['sideways'], fail), /reorder needs a direction/);
  assert.throws(() => OPERATIONS.move.parse(['a', 'b', '--onto', 'c'], fail), /Usage: stackline move/);
  assert.throws(() => OPERATIONS.hide.parse([], fail), /Usage: stackline hide <rev>…$/);
  assert.throws(() => OPERATIONS.unhide.parse(['a', 'b'], fail), /Usage: stackline unhide <rev>/);
  assert.equal(
    OPERATIONS.move.progress({ source: 'a'.repeat(40), destination: 'b'.repeat(40) }),
    `Moving ${'a'.repeat(9)} onto ${'b'.repeat(9)}`,
  );
  assert.equal(OPERATIONS.reorder.progress({ direction: 'down' }), 'Moving down');
});

/** More command lines, with every flag a row reads (the samples above keep to the common ones). */
const MORE_ARGV: [OperationName, string[]][] = [
  ['commit', ['-m', 'feat: x', '--all', '--no-verify']],
  ['amend', ['-m', "it's new", '--message-only']],
  ['amend', ['--staged']],
  ['absorb', ['--dry-run', '--json']],
  ['absorb-into', ['3f2a1b0', '--file', 'a b.txt', '--file', 'c.txt']],
  ['fold', ['3f2a1b0', '-m', 'feat: all of it']],
  ['split', ['--hunks', '1,3,2:1-3', '-m', 'first', '--second-message', 'second']],
  ['split', ['HEAD~1', '--list', '--json']],
  ['reorder', ['up']],
  ['reword', ['3f2a1b0', '-m', 'feat: lexer, better\n\nWith a body.', '--no-verify']],
];

test("each row's argv gives its arguments back: a built operation knows the command line that runs it again", () => {
  for (const [name, argv] of [
    ...OPERATION_NAMES.map((n): [OperationName, string[]] => [n, SAMPLE_ARGV[n]]),
    ...MORE_ARGV,
  ]) {
    const row = OPERATIONS[name] as (typeof OPERATIONS)['commit'];
    const args = row.parse(argv, fail);
    const again = row.argv(args);
    assert.deepEqual(row.parse(again, fail), args, `${name} ${argv.join(' ')}`);
    assert.deepEqual(row.build(args).rerun, [name, ...again], name);
  }
  assert.deepEqual(OPERATIONS.reword.argv({ rev: 'a1', message: 'feat: x' }), ['a1', '-m', 'feat: x']);
  assert.deepEqual(OPERATIONS.move.argv({ source: 'a1', destination: 'b2' }), ['a1', '--onto', 'b2']);
  assert.deepEqual(OPERATIONS.hide.argv({ revs: ['a1', 'b2'] }), ['a1', 'b2']);
  assert.deepEqual(OPERATIONS.fold.argv({ from: 'a1', to: undefined, message: undefined }), ['a1']);
});
