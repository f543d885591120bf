// What a finished operation tells the person, built from its result and the smartlog around it:
// titles for commits, branch and trunk names for places, where HEAD is after an undo.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Smartlog, SmartlogCommit } from '../../src/core/smartlog/model';
import { describeOp, Names, successText } from '../../src/extension/operations/wording';

const hash = (c: string) => c.repeat(40);
const commit = (c: string, title: string, over: Partial<SmartlogCommit> = {}): SmartlogCommit => ({
  hash: hash(c),
  parents: [],
  title,
  author: 'Ada',
  authorEmail: 'ada@example.com',
  date: 0,
  committerDate: 0,
  branches: [],
  phase: 'draft',
  isHead: false,
  ...over,
});
const branch = (name: string, remote = false) => ({ name, remote, ahead: 0, behind: 0, upstreamGone: false });

const smartlog = (
  commits: SmartlogCommit[],
  head: Smartlog['head'] = { detached: false, unborn: false },
): Smartlog => ({
  root: '/repo',
  trunk: { ref: 'origin/main', hash: hash('0') },
  head,
  commits,
  stacks: [],
  uncommitted: { staged: 0, modified: 0, untracked: 0, conflicted: 0, files: [] },
  state: { detached: false, unborn: false, shallow: false, worktree: false },
  warnings: [],
});

const before = smartlog([
  commit('c', 'feat: printer', { branches: [branch('print')] }),
  commit('b', 'feat: checker'),
  commit('a', 'feat: parser', { branches: [branch('parse'), branch('parse-2')] }),
  commit('0', 'chore: trunk tip', { phase: 'public', branches: [branch('origin/main', true)] }),
]);

test("move: the count and the place in the person's words: trunk's branch, a branch, else the title", () => {
  const names = new Names(before);
  assert.equal(successText.move(names, hash('0'), 3), 'Moved 3 commits onto main');
  assert.equal(successText.move(names, hash('c'), 1), 'Moved 1 commit onto print');
  assert.equal(
    successText.move(names, hash('a'), 2),
    'Moved 2 commits onto “feat: parser”',
    'two branches: the title says which commit',
  );
  assert.equal(
    successText.move(names, hash('9'), 2),
    `Moved 2 commits onto ${'9'.repeat(9)}`,
    'a commit no smartlog shows: its short hash',
  );
});

test('each operation says what it did, by titles, with what moved along', () => {
  const after = smartlog(before.commits, { branch: 'print', hash: hash('c'), detached: false, unborn: false });
  const names = new Names(before, after);
  assert.equal(successText.commit(names, 'feat: api\n\nThe body.'), 'Committed “feat: api” on print');
  assert.equal(successText.amend(names, hash('a'), 3), 'Amended “feat: parser”; 2 commits above it moved along');
  assert.equal(successText.amend(names, hash('c'), 1), 'Amended “feat: printer”');
  assert.equal(
    successText.absorb(names, [hash('a'), hash('b')], 3, 1),
    'Absorbed 3 hunks into “feat: parser”, “feat: checker”; 1 change stayed in the working copy',
  );
  assert.equal(successText.absorb(names, [hash('c')], 1, 0), 'Absorbed 1 hunk into “feat: printer”');
  assert.equal(
    successText.absorbInto(names, hash('a'), 2),
    'Amended your changes into “feat: parser”; 1 commit above it moved along',
  );
  assert.equal(
    successText.reword(names, hash('b'), 'feat: type checker\n\nWhy.'),
    'Reworded “feat: checker” to “feat: type checker”',
  );
  assert.equal(
    successText.reword(names, hash('b'), 'feat: checker\n\nA new body.'),
    'Changed the message of “feat: checker”',
  );
  assert.equal(successText.fold(names, [hash('a'), hash('b')]), 'Folded “feat: checker” into “feat: parser”');
  assert.equal(
    successText.split(names, hash('b'), ['a.ts', 'b.ts', 'c.ts', 'd.ts']),
    'Split “feat: checker” in two: a.ts, b.ts and 2 more files below, the rest on top',
  );
  assert.equal(successText.reorder(names, hash('b'), 'up'), 'Moved “feat: checker” up in its stack');
  assert.equal(
    successText.hide(names, [hash('b')], 2, ['print']),
    'Hid “feat: checker” and 1 commit above it; deleted branch print',
  );
  assert.equal(successText.uncommit(names, hash('c')), 'Uncommitted “feat: printer”: its changes are staged');
  assert.equal(successText.restack(2), 'Restacked 2 commits onto the latest versions of their parents');
  assert.equal(
    successText.sync({ trunk: 'origin/main', before: hash('0'), after: hash('1'), landed: [hash('a')] }, 2),
    'Fetched origin/main and moved 2 commits onto its tip; 1 commit had landed and is gone from your stacks',
  );
  assert.equal(
    successText.sync({ trunk: 'origin/main', before: hash('0'), after: hash('0'), landed: [] }, 0),
    'origin/main has nothing new; your stacks are on it already',
  );
});

test('undo and redo repeat what was done, and say where HEAD is now', () => {
  const detached = new Names(before, smartlog(before.commits, { hash: hash('b'), detached: true, unborn: false }));
  assert.equal(
    successText.travel(detached, 'undo', 'Moved 3 commits onto main'),
    'Undid: Moved 3 commits onto main (now at “feat: checker”)',
  );
  assert.equal(
    successText.travel(
      new Names(before, smartlog(before.commits, { branch: 'parse', hash: hash('a'), detached: false, unborn: false })),
      'redo',
      describeOp('move', `move ${hash('a')} --onto ${hash('0')}`),
    ),
    'Redid: a move (now on parse)',
  );
  assert.equal(describeOp('absorb-into', 'absorb-into 1234'), 'amending changes into an older commit');
  assert.equal(
    describeOp('frobnicate', `frobnicate ${hash('e')}`),
    `'frobnicate ${'e'.repeat(9)}'`,
    'an unknown command, as recorded, with short hashes',
  );
});
