// previewMove / predictMove, the API the graph's drag and drop uses: which commits land where,
// worked out on a real smartlog, and the same answer as the move itself.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { moveOperation, predictMove, previewMove } from '../../src/core/operations';
import { buildSmartlog } from '../../src/core/smartlog/build';
import { rev, runOp, sessionOf } from '../helpers/ops';
import { makeClone, removeTempDirs } from '../helpers/repo';

after(removeTempDirs);

async function smartlogOf(repo: Parameters<typeof sessionOf>[0]) {
  const session = await sessionOf(repo);
  return buildSmartlog(session.git, session.repo);
}

test('previewMove names what moves and where; refuses trunk, itself, its own descendants and no-ops', async () => {
  const { repo } = makeClone(2);
  repo.git('switch', '-q', '-c', 'feature');
  const s1 = repo.commit('s1');
  const s2 = repo.commit('s2');
  const s3 = repo.commit('s3');
  repo.git('switch', '-q', '-c', 'other', 'origin/main');
  const o1 = repo.commit('o1');
  const smartlog = await smartlogOf(repo);
  const trunk = rev(repo, 'origin/main');

  const preview = previewMove(smartlog, s2, o1);
  assert.ok(preview.ok);
  assert.deepEqual(
    preview.moving.map((c) => c.title),
    ['s2', 's3'],
  );
  assert.deepEqual(preview.branches, ['feature']);
  assert.match(preview.description, /^Move 2 commits \([0-9a-f]{9} and above\) onto [0-9a-f]{9}, with feature$/);

  assert.match((previewMove(smartlog, trunk, o1) as { reason: string }).reason, /never rewrites public commits/);
  assert.match((previewMove(smartlog, s1, s3) as { reason: string }).reason, /onto a commit above it/);
  assert.match((previewMove(smartlog, s1, s1) as { reason: string }).reason, /onto itself/);
  assert.match((previewMove(smartlog, s1, trunk) as { reason: string }).reason, /already on/);

  const predicted = predictMove(smartlog, preview);
  assert.ok(predicted);
  const moved = predicted.commits.find((c) => c.hash === s2)!;
  assert.deepEqual(moved.parents, [o1]);
  assert.deepEqual(predicted.stacks.map((s) => s.commits.length).sort(), [1, 3]);

  // The move itself lands exactly as previewed.
  await runOp(repo, moveOperation({ source: s2, destination: o1 }));
  const after = await smartlogOf(repo);
  assert.deepEqual(after.stacks.map((s) => s.commits.length).sort(), [1, 3]);
  assert.equal(rev(repo, 'feature~2'), o1);
});
