// The smartlog on real repositories made in temp dirs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { GitError } from '../../src/core/git/errors';
import { discoverRepository } from '../../src/core/git/repository';
import { GitRunner } from '../../src/core/git/runner';
import { buildSmartlog, type SmartlogOptions } from '../../src/core/smartlog/build';
import { renderSmartlog } from '../../src/core/smartlog/render';
import { makeClone, makeRepo, removeTempDirs, repoAt, tempDir } from '../helpers/repo';

after(removeTempDirs);

async function smartlogOf(dir: string, options?: SmartlogOptions) {
  const location = await discoverRepository(dir);
  return buildSmartlog(new GitRunner(location.root), location, options);
}

const titles = (s: Awaited<ReturnType<typeof smartlogOf>>) =>
  s.commits.map((c) => `${c.phase === 'draft' ? 'd' : 'p'}:${c.title}${c.isHead ? '@' : ''}`);

test('one stack on trunk: drafts above their base, trunk tip, HEAD and branches', async () => {
  const { repo } = makeClone(3);
  repo.git('switch', '-q', '-c', 'feature');
  repo.commit('feat: one');
  repo.commit('feat: two');
  const s = await smartlogOf(repo.dir);
  assert.deepEqual(titles(s), ['d:feat: two@', 'd:feat: one', 'p:trunk 3']);
  assert.equal(s.trunk?.ref, 'origin/main');
  assert.equal(s.head.branch, 'feature');
  assert.equal(s.stacks.length, 1);
  assert.equal(s.stacks[0].behindTrunk, 0);
  assert.deepEqual(
    s.commits[0].branches.map((b) => b.name),
    ['feature'],
  );
  assert.deepEqual(s.commits[2].branches.map((b) => b.name).sort(), ['main', 'origin/main']);
  assert.equal(s.commits[2].hasOlderHistory, true);
});

test('several stacks on different trunk commits, trunk advanced after branching', async () => {
  const { origin, repo } = makeClone(3);
  repo.git('switch', '-q', '-c', 'old', 'HEAD~2');
  repo.commit('feat: on trunk 1');
  repo.git('switch', '-q', '-c', 'new', 'origin/main');
  repo.commit('feat: on trunk 3');
  for (let i = 4; i <= 8; i++) origin.commit(`trunk ${i}`);
  repo.git('fetch', '-q');
  const s = await smartlogOf(repo.dir);
  assert.deepEqual(titles(s), ['p:trunk 8', 'd:feat: on trunk 3@', 'p:trunk 3', 'd:feat: on trunk 1', 'p:trunk 1']);
  assert.deepEqual(s.commits[0].trunkBelow?.hidden, 4);
  assert.deepEqual(s.commits[2].trunkBelow?.hidden, 1);
  assert.equal(s.commits[4].hasOlderHistory, false);
  assert.deepEqual(
    s.stacks.map((st) => st.behindTrunk),
    [5, 7],
  );
  const text = renderSmartlog(s);
  assert.match(text, /… 4 commits/);
  assert.match(text, /… 1 commit\n/);
});

test('a merge inside a stack is drawn with both parents', async () => {
  const { repo } = makeClone(2);
  repo.git('switch', '-q', '-c', 'feature');
  const a = repo.commit('feat: a');
  repo.git('switch', '-q', '-c', 'side');
  const b = repo.commit('feat: b');
  repo.git('switch', '-q', 'feature');
  const c = repo.commit('feat: c');
  repo.git('merge', '-q', '--no-ff', '-m', 'merge side', 'side');
  const s = await smartlogOf(repo.dir);
  const merge = s.commits[0];
  assert.equal(merge.title, 'merge side');
  assert.deepEqual(merge.parents, [c, b]);
  assert.equal(s.stacks.length, 1);
  assert.equal(s.stacks[0].commits.length, 4);
  assert.ok(s.commits.findIndex((x) => x.hash === a) > s.commits.findIndex((x) => x.hash === b));
  const text = renderSmartlog(s);
  assert.match(text, /├─╮/, text);
  assert.match(text, /├─╯/, text);
});

test('a trunk merged into a stack makes the newer trunk commit a base too', async () => {
  const { origin, repo } = makeClone(2);
  repo.git('switch', '-q', '-c', 'feature');
  repo.commit('feat: a');
  origin.commit('trunk 3');
  repo.git('fetch', '-q');
  repo.git('merge', '-q', '--no-ff', '-m', 'merge trunk', 'origin/main');
  const s = await smartlogOf(repo.dir);
  assert.deepEqual(titles(s), ['d:merge trunk@', 'd:feat: a', 'p:trunk 3', 'p:trunk 2']);
  assert.equal(s.stacks.length, 1);
  assert.equal(s.stacks[0].base, s.commits[3].hash);
});

test('detached HEAD on a draft and on trunk', async () => {
  const { repo } = makeClone(2);
  repo.git('switch', '-q', '--detach');
  const draft = repo.commit('feat: detached work');
  let s = await smartlogOf(repo.dir);
  assert.equal(s.state.detached, true);
  assert.equal(s.head.hash, draft);
  assert.deepEqual(titles(s), ['d:feat: detached work@', 'p:trunk 2']);
  repo.git('switch', '-q', '--detach', 'HEAD~2');
  s = await smartlogOf(repo.dir);
  assert.deepEqual(titles(s), ['p:trunk 2', 'p:trunk 1@']);
  assert.equal(s.commits[0].trunkBelow?.hidden, 0);
});

test('no remote: local main is trunk; without main or master every commit is a draft, with a warning', async () => {
  const repo = makeRepo();
  repo.commit('one');
  repo.commit('two');
  repo.git('switch', '-q', '-c', 'feature');
  repo.commit('feat: x');
  let s = await smartlogOf(repo.dir);
  assert.equal(s.trunk?.ref, 'main');
  assert.deepEqual(titles(s), ['d:feat: x@', 'p:two']);

  const other = makeRepo();
  other.git('switch', '-q', '-c', 'develop');
  other.commit('one');
  s = await smartlogOf(other.dir);
  assert.equal(s.trunk, undefined);
  assert.deepEqual(titles(s), ['d:one@']);
  assert.match(s.warnings[0], /No trunk branch found.*stackline\.trunk/);
  s = await smartlogOf(other.dir, { trunk: 'develop' });
  assert.deepEqual(titles(s), ['p:one@']);
  s = await smartlogOf(other.dir, { trunk: 'nope' });
  assert.match(s.warnings[0], /'nope'.*not found/);
});

test('unborn repository', async () => {
  const repo = makeRepo();
  repo.write({ 'new.txt': 'x' });
  const s = await smartlogOf(repo.dir);
  assert.equal(s.state.unborn, true);
  assert.equal(s.head.branch, 'main');
  assert.deepEqual(s.commits, []);
  assert.equal(s.uncommitted.untracked, 1);
  assert.match(renderSmartlog(s), /No commits yet on main/);
});

test('mid-rebase state with a conflict', async () => {
  const { repo } = makeClone(1);
  repo.git('switch', '-q', '-c', 'feature');
  repo.commit('feat: edit', { 'shared.txt': 'feature\n' });
  repo.git('switch', '-q', 'main');
  repo.commit('trunk edit', { 'shared.txt': 'main\n' });
  repo.git('switch', '-q', 'feature');
  assert.throws(() => repo.git('rebase', 'main'));
  const s = await smartlogOf(repo.dir);
  assert.equal(s.state.operation, 'rebase');
  assert.equal(s.uncommitted.conflicted, 1);
  assert.match(renderSmartlog(s), /A rebase is in progress\. Resolve it with git rebase --continue/);
});

test('worktree: drafts of the worktree, state read from its own git dir', async () => {
  const { repo } = makeClone(2);
  repo.git('switch', '-q', '-c', 'feature');
  repo.commit('feat: in main worktree');
  const wt = join(tempDir(), 'wt');
  repo.git('worktree', 'add', '-q', '-b', 'wt-branch', wt, 'origin/main');
  execFileSync('git', ['commit', '-q', '--allow-empty', '-m', 'feat: in worktree'], { cwd: wt });
  const location = await discoverRepository(wt);
  assert.equal(location.isWorktree, true);
  assert.equal(location.root, wt);
  const s = await smartlogOf(wt);
  assert.equal(s.state.worktree, true);
  assert.equal(s.head.branch, 'wt-branch');
  assert.deepEqual(titles(s).sort(), ['d:feat: in main worktree', 'd:feat: in worktree@', 'p:trunk 2'].sort());
});

test('not a repository: a clear error', async () => {
  const dir = tempDir();
  await assert.rejects(
    discoverRepository(dir),
    (error: unknown) =>
      error instanceof GitError && error.kind === 'not-a-repo' && /not inside a git repository/.test(error.message),
  );
  await assert.rejects(
    discoverRepository(join(dir, 'missing')),
    (error: unknown) => error instanceof GitError && /is not a folder/.test(error.message),
  );
});

test('paths with spaces and unicode: repo folder and files', async () => {
  const dir = join(tempDir(), 'my repo ünï');
  execFileSync('mkdir', ['-p', dir]);
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  const repo = repoAt(dir, false);
  repo.commit('first', { 'a file ü.txt': 'x' });
  repo.write({ 'a file ü.txt': 'y', 'ñew file.txt': 'z' });
  const s = await smartlogOf(dir);
  assert.equal(s.root, dir);
  assert.deepEqual(s.uncommitted.files.map((f) => f.path).sort(), ['a file ü.txt', 'ñew file.txt']);
});
