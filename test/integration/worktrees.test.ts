// Branches checked out in a second worktree: the smartlog names the worktree, and goto onto such a
// branch is refused with a way to detach instead.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { discoverRepository } from '../../src/core/git/repository';
import { GitRunner } from '../../src/core/git/runner';
import { otherWorktrees, parseWorktreeList } from '../../src/core/git/worktrees';
import { buildSmartlog } from '../../src/core/smartlog/build';
import { renderSmartlog } from '../../src/core/smartlog/render';
import { branchStack } from '../helpers/ops';
import { removeTempDirs, repoAt, tempDir, type TestRepo } from '../helpers/repo';

after(removeTempDirs);

/** A second worktree with `branch` checked out, in a fresh folder. */
function addWorktree(repo: TestRepo, branch: string): TestRepo {
  const dir = join(tempDir(), 'wt2');
  repo.git('worktree', 'add', '-q', dir, branch);
  return repoAt(dir, false);
}

describe('worktrees in the smartlog', () => {
  it('reads which worktree has which branch from git worktree list', async () => {
    const { repo, s2 } = branchStack();
    const wt = addWorktree(repo, 'b3');
    const detached = join(tempDir(), 'wt3');
    repo.git('worktree', 'add', '-q', '--detach', detached, s2);
    const all = parseWorktreeList(repo.git('worktree', 'list', '--porcelain', '-z'));
    assert.deepEqual(
      all.map((w) => [w.branch, w.head !== undefined, w.bare, w.prunable]),
      [['refs/heads/b1', true, false, false], ['refs/heads/b3', true, false, false], [undefined, true, false, false]],
    );
    const location = await discoverRepository(repo.dir);
    const others = await otherWorktrees(new GitRunner(location.root), location);
    assert.deepEqual(others.map((w) => [w.branch, w.head]), [['refs/heads/b3', wt.head()], [undefined, s2]]);
    const fromSecond = await discoverRepository(wt.dir);
    assert.deepEqual((await otherWorktrees(new GitRunner(wt.dir), fromSecond)).map((w) => w.branch), ['refs/heads/b1', undefined]);
  });

  it('names the other worktree on its branch, in the model and in the log', async () => {
    const { repo, s3 } = branchStack();
    const wt = addWorktree(repo, 'b3');
    const location = await discoverRepository(repo.dir);
    const smartlog = await buildSmartlog(new GitRunner(location.root), location);
    const top = smartlog.commits.find((c) => c.hash === s3)!;
    assert.equal(top.branches.find((b) => b.name === 'b3')?.worktree, wt.dir);
    assert.equal(smartlog.commits.flatMap((c) => c.branches).find((b) => b.name === 'b1')?.worktree, undefined, 'the branch checked out here names no worktree');
    assert.match(renderSmartlog(smartlog), /b3 \(checked out in \.\.\/[^)]*wt2\)/);
  });
});
