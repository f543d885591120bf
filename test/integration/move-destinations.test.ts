// The order Move Onto… offers destinations in, on a real repository: trunk tip first, then the
// trunk commit the stack is on now, then the other stacks, then the moving commit's own stack.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { discoverRepository } from '../../src/core/git/repository';
import { GitRunner } from '../../src/core/git/runner';
import { buildSmartlog } from '../../src/core/smartlog/build';
import { moveDestinations } from '../../src/core/smartlog/destinations';
import { makeClone, removeTempDirs } from '../helpers/repo';

after(removeTempDirs);

test('move destinations: trunk tip, own base, other stacks, own stack', async () => {
  const { origin, repo } = makeClone(2);
  repo.git('switch', '-q', '-c', 'old');
  repo.commit('feat: old one');
  const top = repo.commit('feat: old two');
  repo.commit('feat: old three');
  origin.commit('trunk 3');
  repo.git('fetch', '-q');
  repo.git('switch', '-q', '-c', 'other', 'origin/main');
  repo.commit('feat: other one');
  repo.commit('feat: other two');
  const location = await discoverRepository(repo.dir);
  const smartlog = await buildSmartlog(new GitRunner(location.root), location);

  const order = moveDestinations(smartlog, top).map(
    (d) => `${d.group}: ${d.commit.title}${d.role ? ` (${d.role})` : ''}`,
  );
  assert.deepEqual(order, [
    'trunk: trunk 3 (trunk tip)',
    'trunk: trunk 2 (stack base)',
    'other stacks: feat: other two',
    'other stacks: feat: other one',
    'this stack: feat: old three',
    'this stack: feat: old one',
  ]);

  // On trunk tip already: the base is trunk tip, listed once; the other stack's base is its own line.
  const onTip = moveDestinations(smartlog, smartlog.commits.find((c) => c.title === 'feat: other two')!.hash).map(
    (d) => `${d.group}: ${d.commit.title}`,
  );
  assert.deepEqual(onTip, [
    'trunk: trunk 3',
    'other stacks: feat: old three',
    'other stacks: feat: old two',
    'other stacks: feat: old one',
    'other stacks: trunk 2',
    'this stack: feat: other one',
  ]);
});
