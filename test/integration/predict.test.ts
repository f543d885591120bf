// Predicted smartlogs (core/operations/predict.ts) against the real thing: each operation's
// prediction, worked out on a real smartlog, is compared with the smartlog after the operation ran
// on the same repository (rows in order, titles, branches, HEAD, parents, stacks, working-copy
// files), and every row whose hash git changed must have been marked rewriting, never shown as final.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { absorbOperation, absorbPreview, previewAbsorbInto } from '../../src/core/operations';
import { predictAbsorb } from '../../src/core/operations/predict';
import { OPERATIONS, type OperationArgs, type OperationName } from '../../src/core/operations/table';
import { buildSmartlog } from '../../src/core/smartlog/build';
import type { Smartlog } from '../../src/core/smartlog/model';
import { branchStack, rev, runOp, sessionOf } from '../helpers/ops';
import { removeTempDirs, type TestRepo } from '../helpers/repo';

after(removeTempDirs);

async function smartlogOf(repo: TestRepo): Promise<Smartlog> {
  const session = await sessionOf(repo);
  return buildSmartlog(session.git, session.repo);
}

/** What a prediction claims, hash-free: rows by position, parents as row numbers. */
function shape(smartlog: Smartlog, { files = true } = {}) {
  const row = new Map(smartlog.commits.map((c, i) => [c.hash, i]));
  return {
    rows: smartlog.commits.map((c) => ({
      title: c.title,
      phase: c.phase,
      head: c.isHead,
      branches: c.branches
        .filter((b) => !b.remote)
        .map((b) => b.name)
        .sort(),
      parents: c.phase === 'draft' ? c.parents.map((p) => row.get(p) ?? 'outside') : [],
      outdated: !!c.outdatedBy,
      needsRestack: !!c.needsRestack,
    })),
    stacks: smartlog.stacks.map((s) => s.commits.map((h) => row.get(h))),
    head: { row: smartlog.head.hash && row.get(smartlog.head.hash), branch: smartlog.head.branch },
    files: files ? smartlog.uncommitted.files.map((f) => `${f.path} ${f.kinds.join('+')}`).sort() : [],
  };
}

/** Rows git gave a new hash were shown as rewriting; rows shown as final kept theirs. */
function honest(predicted: Smartlog, real: Smartlog): void {
  predicted.commits.forEach((commit, i) => {
    if (!commit.rewriting) assert.equal(real.commits[i].hash, commit.hash, `row ${i} (${commit.title}) shown as final`);
  });
}

async function agrees<K extends OperationName>(
  repo: TestRepo,
  name: K,
  args: OperationArgs[K],
  options: { files?: boolean } = {},
) {
  const before = await smartlogOf(repo);
  const predicted = OPERATIONS[name].predict?.(before, args);
  assert.ok(predicted, `${name} predicts`);
  await runOp(repo, OPERATIONS[name].build(args));
  const real = await smartlogOf(repo);
  assert.deepEqual(shape(predicted, options), shape(real, options), `${name}: predicted == real`);
  honest(predicted, real);
  return { before, predicted, real };
}

test('amend: HEAD takes tracked changes (new files stay), the commits above are replayed', async () => {
  const { repo } = branchStack();
  repo.write({ 'a.txt': 'a2\n', 'notes.txt': 'n\n' });
  const { predicted } = await agrees(repo, 'amend', { stage: 'auto' });
  assert.deepEqual(
    predicted.commits.filter((c) => c.rewriting).map((c) => c.title),
    ['s3', 's2', 's1'],
  );
});

test('amend: staged only, a partly staged file keeps its other edits; a new message is the new title', async () => {
  const { repo } = branchStack();
  repo.write({ 'a.txt': 'a2\n' });
  repo.git('add', 'a.txt');
  repo.write({ 'a.txt': 'a3\n', 'other.txt': 'o\n' });
  await agrees(repo, 'amend', { stage: 'staged', message: 'feat: s1 amended\n\nbody' });
});

test('amend --message-only keeps the working copy', async () => {
  const { repo } = branchStack();
  repo.write({ 'a.txt': 'a2\n' });
  await agrees(repo, 'amend', { stage: 'message', message: 'renamed s1' });
});

test('absorb-into one file (the drop of a file on a commit): only that file leaves the working copy', async () => {
  const { repo, s1 } = branchStack();
  repo.git('switch', '-q', 'b3');
  repo.write({ 'a.txt': 'a2\n', 'c.txt': 'c2\n', 'fresh.txt': 'f\n' });
  await agrees(repo, 'absorb-into', { into: s1, files: ['a.txt'] });
  assert.equal(repo.git('show', 'b1:a.txt'), 'a2\n');
  assert.equal(repo.git('show', 'b3:c.txt'), 'c\n');
  // A new file dropped on a commit goes in too.
  await agrees(repo, 'absorb-into', { into: rev(repo, 'b1'), files: ['fresh.txt'] });
  assert.equal(repo.git('show', 'b1:fresh.txt'), 'f\n');
});

test('absorb-into everything (the drop of Uncommitted changes on a commit)', async () => {
  const { repo, s2 } = branchStack();
  repo.git('switch', '-q', 'b3');
  repo.write({ 'b.txt': 'b2\n', 'new.txt': 'n\n' });
  await agrees(repo, 'absorb-into', { into: s2, stage: 'all' });
});

test('absorb: with the preview rows, the files absorbed leave and their commits are rewriting', async () => {
  const { repo } = branchStack();
  repo.git('switch', '-q', 'b3');
  repo.write({ 'a.txt': 'a2\n', 'b.txt': 'b2\n', 'loose.txt': 'l\n' });
  repo.git('add', 'loose.txt');
  repo.write({ 'loose.txt': 'l2\n' });
  const before = await smartlogOf(repo);
  const rows = await absorbPreview(await sessionOf(repo));
  const predicted = predictAbsorb(before, rows)!;
  await runOp(repo, absorbOperation());
  const real = await smartlogOf(repo);
  const paths = (s: Smartlog) => s.uncommitted.files.map((f) => f.path).sort();
  assert.deepEqual(shape(predicted, { files: false }), shape(real, { files: false }));
  assert.deepEqual(paths(predicted), paths(real));
  honest(predicted, real);
  // Without the rows (the CLI's table row), the whole stack is marked and nothing else claimed.
  const blind = predictAbsorb(before)!;
  assert.ok(blind.commits.filter((c) => c.phase === 'draft').every((c) => c.rewriting));
});

test('fold: two commits become one with both branches; the message given is its title', async () => {
  const { repo, s2, s3 } = branchStack();
  repo.git('branch', 'mid', s2);
  await agrees(repo, 'fold', { from: s2, to: s3, message: 'fold: s2 and s3' });
  const again = branchStack();
  await agrees(again.repo, 'fold', { from: again.s1, to: again.s2 });
});

test('split: a new commit below with the first message, the original on top with the branches', async () => {
  const { repo } = branchStack();
  repo.git('switch', '-q', 'b3');
  const both = repo.commit('both', { 'x.txt': 'x\n', 'y.txt': 'y\n' });
  await agrees(repo, 'split', { rev: both, files: ['x.txt'], message: 'first: x', secondMessage: 'second: y' });
  // A commit in the middle, without a branch: the commits above are replayed on the second part.
  const middle = repo.commit('middle', { 'm.txt': 'm\n', 'n.txt': 'n\n' });
  repo.commit('top');
  await agrees(repo, 'split', { rev: middle, files: ['n.txt'] });
});

test('reorder: up and down, branches stay on their commits', async () => {
  const { repo, s2 } = branchStack();
  await agrees(repo, 'reorder', { rev: s2, direction: 'down' });
  const again = branchStack();
  await agrees(again.repo, 'reorder', { rev: again.s1, direction: 'up' });
});

test('reword: the new title, and the commits above replayed', async () => {
  const { repo, s2 } = branchStack();
  await agrees(repo, 'reword', { rev: s2, message: 'feat: second\n\nwith a body' });
});

test('hide: the commit and those above leave with their branches; HEAD among them goes below, detached', async () => {
  const { repo, s2 } = branchStack();
  await agrees(repo, 'hide', { revs: [s2] });
  const again = branchStack();
  again.repo.git('switch', '-q', 'b3');
  await agrees(again.repo, 'hide', { revs: [again.s3] });
});

test('uncommit: the top commit goes, its branch and HEAD move to its parent', async () => {
  const { repo } = branchStack();
  repo.git('switch', '-q', 'b3');
  // Which files come back is for git to say: the rest is predicted.
  await agrees(repo, 'uncommit', {}, { files: false });
});

test('restack: what sits on an outdated version moves onto the latest one', async () => {
  const { repo } = branchStack();
  repo.write({ 'a.txt': 'a2\n' });
  repo.git('commit', '--amend', '-qam', 's1 amended by git');
  const before = await smartlogOf(repo);
  assert.ok(before.commits.some((c) => c.outdatedBy));
  await agrees(repo, 'restack', {});
});

test('move: the prediction the graph and Move Onto… show', async () => {
  const { repo, s2 } = branchStack();
  await agrees(repo, 'move', { source: s2, destination: rev(repo, 'origin/main') });
});

test('sync: nothing moves yet, every draft is marked rewriting, so no row is shown as final', async () => {
  const { origin, repo } = branchStack();
  origin.commit('trunk 3');
  const before = await smartlogOf(repo);
  const predicted = OPERATIONS.sync.predict!(before, {})!;
  assert.deepEqual(shape(predicted), shape(before));
  assert.ok(predicted.commits.every((c) => (c.phase === 'draft') === !!c.rewriting));
  await runOp(repo, OPERATIONS.sync.build({}));
  const real = await smartlogOf(repo);
  assert.notEqual(real.stacks[0].base, before.stacks[0].base);
});

test('no prediction where the operation would refuse or the commit is not in view', async () => {
  const { repo, s1, s3 } = branchStack();
  const smartlog = await smartlogOf(repo);
  const trunk = rev(repo, 'origin/main');
  assert.equal(OPERATIONS.reword.predict!(smartlog, { rev: trunk, message: 'x' }), undefined);
  assert.equal(OPERATIONS.fold.predict!(smartlog, { from: s1, to: 'f'.repeat(40) }), undefined);
  // s3 is above HEAD (s1): absorb-into takes commits under HEAD only.
  assert.equal(OPERATIONS['absorb-into'].predict!(smartlog, { into: s3 }), undefined);
  assert.equal(OPERATIONS.restack.predict!(smartlog, {}), undefined);
});

test('previewAbsorbInto: what a drop of Uncommitted changes on a commit does, or why not', async () => {
  const { repo, s1, s3 } = branchStack();
  repo.write({ 'a.txt': 'a2\n' });
  const smartlog = await smartlogOf(repo);
  const trunk = rev(repo, 'origin/main');
  const ok = previewAbsorbInto(smartlog, s1, 'a.txt');
  assert.ok(ok.ok);
  assert.match(ok.description, /^Amend a\.txt into [0-9a-f]{9} \(s1\), restacking 2 commits above it$/);
  assert.match((previewAbsorbInto(smartlog, trunk) as { reason: string }).reason, /on trunk: Stackline never rewrites/);
  assert.match((previewAbsorbInto(smartlog, s3) as { reason: string }).reason, /not under the current commit/);
  assert.match((previewAbsorbInto(smartlog, s1, 'b.txt') as { reason: string }).reason, /no uncommitted changes/);
});
