// Reading commits for the convention checks with real git: full messages and lines changed per
// commit (binary files and excluded paths not counted, merges against their first parent).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { readCommitFacts } from '../../src/core/conventions/commitFacts';
import { GitRunner } from '../../src/core/git/runner';
import { makeRepo, removeTempDirs } from '../helpers/repo';

after(removeTempDirs);

test('readCommitFacts: messages as written, lines added + deleted, in the order asked', async () => {
  const repo = makeRepo();
  const base = repo.commit('chore: start', { 'a.txt': 'one\ntwo\nthree\n' });
  const edit = repo.commit('fix(a): rewrite two lines\n\nWhy: because.\n\nRefs: #1', {
    'a.txt': 'one\nTWO\nTHREE\n',
    'b.bin': Buffer.from([0, 1, 2, 3]).toString(),
  });
  const lock = repo.commit('chore(deps): bump', {
    'package-lock.json': 'x\n'.repeat(50),
    'src/index.ts': 'export {};\n',
  });
  repo.git('switch', '-q', '-c', 'side', base);
  const side = repo.commit('feat: side', { 'c.txt': 'c\n'.repeat(7) });
  repo.git('switch', '-q', 'main');
  repo.git('merge', '-q', '--no-ff', '-m', "Merge branch 'side'", side);
  const merge = repo.head();

  const git = new GitRunner(repo.dir);
  const facts = await readCommitFacts(git, [lock, edit, merge, base]);
  assert.deepEqual(
    facts.map((f) => f.hash),
    [lock, edit, merge, base],
  );
  assert.equal(facts[1].message, 'fix(a): rewrite two lines\n\nWhy: because.\n\nRefs: #1\n');
  assert.deepEqual(
    facts.map((f) => f.linesChanged),
    [51, 4, 7, 3],
  );
  const excluded = await readCommitFacts(git, [lock, edit], ['package-lock.json']);
  assert.deepEqual(
    excluded.map((f) => [f.hash, f.linesChanged]),
    [
      [lock, 1],
      [edit, 4],
    ],
    'a commit whose changes are all excluded still comes back',
  );
  const onlyLock = await readCommitFacts(git, [lock], ['package-lock.json', 'src/**']);
  assert.deepEqual(
    onlyLock.map((f) => f.linesChanged),
    [0],
  );
  assert.deepEqual(await readCommitFacts(git, []), []);
});
