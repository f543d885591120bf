// Oplog entries name their operation and its arguments (`op: 'hide', args: { revs }`) next to the
// display text, and what reads the log (unhide, the hidden-commit list, unamend) goes by those
// fields. Logs written before the fields existed still read: their entries get op and args from
// the display text.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import {
  amendOperation,
  hideOperation,
  revsHiddenBy,
  unamendOperation,
  undoOperation,
  unhideOperation,
} from '../../src/core/operations';
import { oplogOf } from '../../src/core/oplog/files';
import { legacyOp } from '../../src/core/oplog/legacy';
import { undoStacks } from '../../src/core/oplog/store';
import { rev, runOp, sessionOf } from '../helpers/ops';
import { makeClone, removeTempDirs, type TestRepo } from '../helpers/repo';

after(removeTempDirs);

/** b1 → b2 → b3, one commit each on top of trunk; HEAD on b1. */
function branchStack() {
  const { repo } = makeClone(1);
  repo.git('switch', '-q', '-c', 'b1');
  const s1 = repo.commit('s1', { 'one.txt': '1\n' });
  repo.git('switch', '-q', '-c', 'b2');
  const s2 = repo.commit('s2', { 'two.txt': '2\n' });
  repo.git('switch', '-q', '-c', 'b3');
  const s3 = repo.commit('s3', { 'three.txt': '3\n' });
  repo.git('switch', '-q', 'b1');
  return { repo, s1, s2, s3 };
}

async function logFile(repo: TestRepo): Promise<string> {
  return oplogOf((await sessionOf(repo)).repo).file;
}

/** The log as Stackline wrote it before entries had op and args: the same records without them. */
function toOldFormat(file: string): void {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const old = lines.map((line) => {
    const { op: _op, args: _args, ...record } = JSON.parse(line) as Record<string, unknown>;
    return JSON.stringify(record);
  });
  writeFileSync(file, `${old.join('\n')}\n`);
}

describe('structured oplog entries', () => {
  test('a begin record holds op and args beside the display text; entries read them back', async () => {
    const { repo, s2 } = branchStack();
    await runOp(repo, hideOperation([s2]));
    const file = await logFile(repo);
    const begin = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((record) => record.type === 'begin');
    assert.equal(begin?.op, 'hide');
    assert.deepEqual(begin?.args, { revs: [s2] });
    assert.equal(begin?.command, `hide ${s2}`);

    const [entry] = oplogOf((await sessionOf(repo)).repo).entries();
    assert.equal(entry.op, 'hide');
    assert.deepEqual(revsHiddenBy(entry), [s2]);
  });

  test('unhide and the hidden list go by op and args, not by the display text', async () => {
    const { repo, s2, s3 } = branchStack();
    await runOp(repo, hideOperation([s2]));
    const file = await logFile(repo);
    // Display text that no longer says what was done: only the structured fields tell.
    writeFileSync(file, readFileSync(file, 'utf8').replace(`"command":"hide ${s2}"`, '"command":"tidy up"'));
    const log = oplogOf((await sessionOf(repo)).repo);
    assert.deepEqual(undoStacks(log.entries()).done.flatMap(revsHiddenBy), [s2]);
    await runOp(repo, unhideOperation(s2));
    assert.equal(rev(repo, 'b3'), s3, 'the branch hide deleted is back');
  });

  test('undo and redo record their own op; the entry they act on keeps its op', async () => {
    const { repo, s2 } = branchStack();
    await runOp(repo, hideOperation([s2]));
    const { result } = await runOp(repo, undoOperation());
    assert.deepEqual({ op: result.op, command: result.command }, { op: 'hide', command: `hide ${s2}` });
    const entries = oplogOf((await sessionOf(repo)).repo).entries();
    assert.deepEqual(
      entries.map((e) => [e.op, e.kind]),
      [
        ['hide', 'operation'],
        ['undo', 'undo'],
      ],
    );
  });
});

describe('an oplog from before op and args', () => {
  test('entries get op and args from the display text; unamend, the hidden list, unhide and undo work', async () => {
    const { repo, s1 } = branchStack();
    repo.write({ 'one.txt': '1 amended\n' });
    await runOp(repo, amendOperation({ stage: 'all' }));
    const [amended, s2, s3] = [rev(repo, 'b1'), rev(repo, 'b2'), rev(repo, 'b3')];
    await runOp(repo, hideOperation([s2]));
    const file = await logFile(repo);
    toOldFormat(file);
    assert.doesNotMatch(readFileSync(file, 'utf8'), /"op":/, 'the log is in the old format');

    const entries = oplogOf((await sessionOf(repo)).repo).entries();
    assert.deepEqual(
      entries.map((e) => e.op),
      ['amend', 'hide'],
    );
    assert.deepEqual(revsHiddenBy(entries[1]), [s2]);
    assert.deepEqual(revsHiddenBy(entries[0]), []);

    const { result } = await runOp(repo, unamendOperation());
    assert.deepEqual(result, { from: amended, to: s1 }, 'unamend finds the version before the old amend entry');
    await runOp(repo, unhideOperation(s2));
    assert.equal(rev(repo, 'b3'), s3, 'unhide finds the branches the old hide entry deleted');
    await runOp(repo, undoOperation());
    assert.equal(repo.git('branch', '--list', 'b3').trim(), '', 'undo takes the unhide back');
  });

  test('the old display text gives the op and the arguments later operations read', () => {
    assert.deepEqual(legacyOp('hide 3f2a 9c1b'), { op: 'hide', args: { revs: ['3f2a', '9c1b'] } });
    assert.deepEqual(legacyOp('unhide 3f2a'), { op: 'unhide', args: { rev: '3f2a' } });
    assert.deepEqual(legacyOp('amend --all -m …'), { op: 'amend', args: {} });
    assert.deepEqual(legacyOp('prev 2'), { op: 'goto', args: {} });
    assert.deepEqual(legacyOp('submit: add Stackline-Id to 2 commits'), { op: 'submit', args: {} });
  });
});
