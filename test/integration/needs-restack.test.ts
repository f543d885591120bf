// The needs-restack marks of the smartlog on real repositories: a commit amended in the terminal
// (git commit --amend, found in HEAD's reflog) or rewritten by Stackline while part of its stack
// was hidden (found in the oplog) leaves its descendants on the old version; the smartlog marks
// them, `stackline log` and `log --json` show it, restack fixes it and the marks go; undo brings
// them back.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import {
  amendOperation,
  hideOperation,
  restackOperation,
  undoOperation,
  unhideOperation,
} from '../../src/core/operations';
import { historyCommits, restackMarksOf } from '../../src/core/graph/commits';
import { readHistoryLabels, readHistoryPage, resolveHistoryTips } from '../../src/core/history/log';
import { buildSmartlog } from '../../src/core/smartlog/build';
import { GraphModel } from '../../webview-ui/model';
import type { Smartlog } from '../../src/core/smartlog/model';
import { branchStack, rev, runOp, sessionOf, stacklineOk as stackline } from '../helpers/ops';
import { makeClone, removeTempDirs, type TestRepo } from '../helpers/repo';

after(removeTempDirs);

async function smartlog(repo: TestRepo): Promise<Smartlog> {
  const session = await sessionOf(repo);
  return buildSmartlog(session.git, session.repo);
}

/** Each draft's title → its marks: "outdated" / "needs restack" / "". */
async function marks(repo: TestRepo): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const c of (await smartlog(repo)).commits) {
    if (c.phase === 'draft')
      out[`${c.title} ${c.hash.slice(0, 7)}`] = c.outdatedBy
        ? `outdated by ${c.outdatedBy.slice(0, 7)}`
        : c.needsRestack
          ? 'needs restack'
          : '';
  }
  return out;
}

test('after git commit --amend in the terminal, the stack above is marked; restack clears it, undo brings it back', async () => {
  const { repo, s1, s2, s3 } = branchStack();
  assert.ok(
    Object.values(await marks(repo)).every((m) => m === ''),
    'nothing marked at first',
  );
  repo.write({ 'a.txt': 'a, amended\n' });
  repo.git('commit', '-q', '-a', '--amend', '--no-edit');
  const amended = repo.head();

  const log = await smartlog(repo);
  const byHash = new Map(log.commits.map((c) => [c.hash, c]));
  assert.equal(byHash.get(s1)!.outdatedBy, amended, 'the old version knows its successor');
  assert.equal(byHash.get(s2)!.needsRestack, true, 'the commit right above the old version needs a restack');
  assert.ok(!byHash.get(s3)!.needsRestack && !byHash.get(s3)!.outdatedBy, 'higher commits come along with it');
  assert.ok(!byHash.get(amended)!.outdatedBy && !byHash.get(amended)!.needsRestack);

  const text = stackline(repo, 'log');
  assert.match(text, new RegExp(`o  ${s2.slice(0, 9)}  .*  \\(needs restack\\)\\n│ │  s2`));
  assert.match(text, new RegExp(`x  ${s1.slice(0, 9)}  .*  \\(outdated: now ${amended.slice(0, 9)}\\)\\n│ │  s1`));
  assert.match(text, /1 commit sits on an outdated version of its parent: run stackline restack\./);
  const json = JSON.parse(stackline(repo, 'log', '--json'));
  const row = (hash: string) => json.commits.find((c: { hash: string }) => c.hash === hash);
  assert.equal(row(s2).needsRestack, true);
  assert.equal(row(s1).outdatedBy, amended);
  assert.equal(row(s3).needsRestack, false);
  assert.equal(row(s3).outdatedBy, null);

  await runOp(repo, restackOperation());
  assert.equal(rev(repo, 'b3~2'), amended);
  const after = await smartlog(repo);
  assert.ok(
    after.commits.every((c) => !c.needsRestack && !c.outdatedBy),
    'the marks are gone',
  );
  assert.ok(!after.commits.some((c) => c.hash === s1), 'the old version is out of view');
  assert.doesNotMatch(stackline(repo, 'log'), /needs restack|outdated/);

  await runOp(repo, undoOperation());
  assert.equal(
    (await smartlog(repo)).commits.find((c) => c.hash === s2)?.needsRestack,
    true,
    'undo of the restack: marked again',
  );
});

test('a Stackline amend while the commit above was hidden: unhide leaves it on the old version, marked from the oplog', async () => {
  const { repo, s1, s2 } = branchStack();
  await runOp(repo, hideOperation([s2]));
  repo.write({ 'a.txt': 'a, amended\n' });
  const amend = await runOp(repo, amendOperation({ stage: 'all' }));
  assert.equal(amend.result.restacked, 0, 'nothing in view above it');
  await runOp(repo, unhideOperation(s2));
  const log = await smartlog(repo);
  assert.equal(log.commits.find((c) => c.hash === s1)?.outdatedBy, amend.result.hash);
  assert.equal(log.commits.find((c) => c.hash === s2)?.needsRestack, true);
  await runOp(repo, restackOperation());
  assert.equal(rev(repo, 'b3~2'), rev(repo, 'b1'));
  assert.ok((await smartlog(repo)).commits.every((c) => !c.needsRestack && !c.outdatedBy));
});

test('no marks when nothing sits on the old version, or when the newer version is out of view', async () => {
  const { repo } = makeClone(2);
  repo.git('switch', '-q', '-c', 'solo');
  repo.commit('solo', { 's.txt': 's\n' });
  repo.git('commit', '-q', '--amend', '-m', 'solo, reworded');
  assert.ok(
    (await smartlog(repo)).commits.every((c) => !c.needsRestack && !c.outdatedBy),
    'the old version is not in view',
  );

  const { repo: other, s1 } = branchStack();
  other.git('commit', '-q', '--amend', '-m', 's1, reworded');
  // Back to the old version: the amended one is left with nothing pointing at it.
  other.git('reset', '-q', '--hard', s1);
  assert.ok(
    (await smartlog(other)).commits.every((c) => !c.needsRestack && !c.outdatedBy),
    'the newer version is out of view',
  );
});

test('History mode marks the same rows: the old version outdated, the commit on it needing a restack', async () => {
  const { repo, s1, s2, s3 } = branchStack();
  repo.write({ 'a.txt': 'a, amended\n' });
  repo.git('commit', '-q', '-a', '--amend', '--no-edit');
  const amended = repo.head();
  const session = await sessionOf(repo);
  const tips = await resolveHistoryTips(session.git, null);
  const page = await readHistoryPage(session.git, tips.tips, 0);
  const rows = historyCommits(
    page.commits,
    await readHistoryLabels(session.git),
    amended,
    null,
    restackMarksOf(await smartlog(repo)),
  );
  const byHash = new Map(rows.map((c) => [c.hash, c]));
  assert.equal(byHash.get(s1)?.outdatedBy, amended);
  assert.equal(byHash.get(s2)?.needsRestack, true);
  assert.ok(!byHash.get(s3)?.needsRestack && !byHash.get(s3)?.outdatedBy);
  assert.equal(rows.filter((c) => c.outdatedBy || c.needsRestack).length, 2, 'no other history row is marked');
  // The webview offers Restack on the row that waits, as in the smartlog.
  const model = GraphModel.history();
  for (const row of rows) model.pushCommit(row);
  assert.equal(model.offersRestack(model.indexOf(s2)), true);
  assert.equal(model.offersRestack(model.indexOf(s1)), false, 'the commit above it already offers it');
});
