// A stack that forks, on real git: its lines (as the Stacks view nests them) and which line a
// submit picks (HEAD's, or a refusal naming the tops to choose from).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ForgeError } from '../../src/core/forge/errors';
import { stackPath, stackTop } from '../../src/core/forge/stackPath';
import { discoverRepository } from '../../src/core/git/repository';
import { GitRunner } from '../../src/core/git/runner';
import { buildSmartlog } from '../../src/core/smartlog/build';
import { stackForks, stackLines } from '../../src/core/smartlog/lines';
import { makeClone, removeTempDirs, type TestRepo } from '../helpers/repo';

after(removeTempDirs);

async function smartlogOf(repo: TestRepo) {
  const location = await discoverRepository(repo.dir);
  return buildSmartlog(new GitRunner(location.root), location);
}

/** chore → bucket → middleware → docs on branch rate-limit, then a second child of middleware at HEAD. */
function forkedStack() {
  const { repo } = makeClone(2);
  repo.git('switch', '-q', '-c', 'rate-limit');
  const chore = repo.commit('chore: prepare');
  const bucket = repo.commit('feat: token bucket');
  const middleware = repo.commit('feat: middleware');
  const docs = repo.commit('docs: limits');
  repo.git('switch', '-q', '--detach', middleware);
  const max = repo.commit('feat: configurable max');
  // Keeps the line in the smartlog when HEAD moves away.
  repo.git('branch', 'max', max);
  return { repo, chore, bucket, middleware, docs, max };
}

test('a linear stack is one line on its base', async () => {
  const { repo } = makeClone(2);
  repo.git('switch', '-q', '-c', 'feature');
  const one = repo.commit('feat: one');
  const two = repo.commit('feat: two');
  const s = await smartlogOf(repo);
  assert.deepEqual(stackLines(s, s.stacks[0]), [{ commits: [two, one], on: s.stacks[0].base }]);
  assert.deepEqual(stackForks(s, s.stacks[0]).forkPoints, []);
  assert.equal(stackTop(s, s.stacks[0]), two);
});

test("a forked stack: the first row's line is the main line, the other sits on the fork point", async () => {
  const f = forkedStack();
  const s = await smartlogOf(f.repo);
  assert.equal(s.stacks.length, 1);
  const stack = s.stacks[0];
  assert.deepEqual(stackLines(s, stack), [
    { commits: [f.max, f.middleware, f.bucket, f.chore], on: stack.base },
    { commits: [f.docs], on: f.middleware },
  ]);
  assert.deepEqual(stackForks(s, stack), { forkPoints: [f.middleware], tops: [f.max, f.docs] });

  // A second fork, on docs.
  f.repo.git('switch', '-q', '--detach', f.docs);
  const faq = f.repo.commit('docs: faq');
  f.repo.git('switch', '-q', '--detach', f.docs);
  f.repo.git('branch', 'keep-faq', faq);
  const glossary = f.repo.commit('docs: glossary');
  const again = await smartlogOf(f.repo);
  // The main line follows the top row (glossary) down; faq and max each sit on their fork point.
  assert.deepEqual(stackLines(again, again.stacks[0]), [
    { commits: [glossary, f.docs, f.middleware, f.bucket, f.chore], on: again.stacks[0].base },
    { commits: [faq], on: f.docs },
    { commits: [f.max], on: f.middleware },
  ]);
  assert.deepEqual(stackForks(again, again.stacks[0]).forkPoints, [f.middleware, f.docs], 'oldest fork first');
});

test("the stack row submits HEAD's line on a forked stack, and refuses with the tops when HEAD is below the fork or elsewhere", async () => {
  const f = forkedStack();
  let s = await smartlogOf(f.repo);
  assert.equal(stackTop(s, s.stacks[0]), f.max, 'HEAD is on the new line');
  assert.deepEqual(
    stackPath(s).commits.map((c) => c.hash),
    [f.chore, f.bucket, f.middleware, f.max],
  );
  assert.deepEqual(
    stackPath(s, f.docs).commits.map((c) => c.hash),
    [f.chore, f.bucket, f.middleware, f.docs],
    'an explicit top picks its line',
  );

  f.repo.git('switch', '-q', 'rate-limit');
  s = await smartlogOf(f.repo);
  assert.equal(stackTop(s, s.stacks[0]), f.docs, 'HEAD on the other line');

  f.repo.git('switch', '-q', '--detach', f.bucket);
  s = await smartlogOf(f.repo);
  const short = (h: string) => h.slice(0, 9);
  assert.throws(
    () => stackTop(s, s.stacks[0]),
    (error: unknown) => {
      assert.ok(error instanceof ForgeError);
      assert.equal(
        error.message,
        `This stack forks at ${short(f.middleware)} "feat: middleware". Submit one line: select its top commit (${short(f.max)} "feat: configurable max" or ${short(f.docs)} "docs: limits") and Submit.`,
      );
      return true;
    },
  );
  assert.throws(
    () => stackPath(s),
    (error: unknown) => {
      assert.ok(ForgeError.is(error, 'config'), String(error));
      assert.match(
        error.message,
        /^The stack forks above HEAD at [0-9a-f]{9} "feat: middleware". Submit one line: check out its top commit \(.*\), or select it in the Stacks view and Submit\.$/,
      );
      assert.deepEqual(
        error.fixes.map((fix) => fix.cli),
        [`stackline submit ${short(f.max)}`, `stackline submit ${short(f.docs)}`],
      );
      return true;
    },
  );
  assert.deepEqual(
    stackPath(s, f.bucket).commits.map((c) => c.hash),
    [f.chore, f.bucket],
    'an explicit top below the fork is one line',
  );

  f.repo.git('switch', '-q', '--detach', 'origin/main');
  s = await smartlogOf(f.repo);
  assert.throws(() => stackTop(s, s.stacks[0]), /This stack forks at .* select its top commit/);
});
