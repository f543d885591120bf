// RepoWatcher on a real repository: a commit or branch switch from a terminal is noticed quickly.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { discoverRepository } from '../../src/core/git/repository';
import { GitRunner } from '../../src/core/git/runner';
import { RepoWatcher } from '../../src/core/git/watcher';
import { buildSmartlog } from '../../src/core/smartlog/build';
import { makeClone, removeTempDirs, tempDir } from '../helpers/repo';

after(removeTempDirs);

function nextChange(
  watcher: (onChange: () => void) => RepoWatcher,
  action: () => void,
  timeoutMs = 2000,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let started = 0;
    const w = watcher(() => {
      w.dispose();
      resolve(Date.now() - started);
    });
    setTimeout(() => {
      started = Date.now();
      action();
    }, 50);
    setTimeout(() => {
      w.dispose();
      reject(new Error(`no change noticed within ${timeoutMs} ms`));
    }, timeoutMs);
  });
}

test('a commit, a branch switch and a ref update from outside are each noticed (latency is measured by the bench)', async () => {
  const { repo } = makeClone(1);
  const location = await discoverRepository(repo.dir);
  const watch = (onChange: () => void) => new RepoWatcher(location, onChange);
  for (const action of [
    () => repo.commit('feat: from a terminal'),
    () => repo.git('switch', '-q', '-c', 'other'),
    () => repo.git('update-ref', 'refs/heads/elsewhere', 'HEAD~1'),
    () => repo.git('pack-refs', '--all'),
  ]) {
    const elapsed = await nextChange(watch, action);
    assert.ok(elapsed < 1500, `noticed after ${elapsed} ms`);
  }
  // And what the refresh then reads is the new state.
  const smartlog = await buildSmartlog(new GitRunner(repo.dir), location);
  assert.equal(smartlog.head.branch, 'other');
});

test('reading the smartlog does not itself trigger the watcher (no refresh loop)', async () => {
  const { repo } = makeClone(1);
  repo.write({ 'dirty.txt': 'x' });
  const location = await discoverRepository(repo.dir);
  let changes = 0;
  const watcher = new RepoWatcher(location, () => changes++, 20);
  for (let i = 0; i < 3; i++) await buildSmartlog(new GitRunner(repo.dir), location);
  await new Promise((resolve) => setTimeout(resolve, 300));
  watcher.dispose();
  assert.equal(changes, 0);
});

test('a linked worktree is watched through its own git dir and the shared refs', async () => {
  const { repo } = makeClone(1);
  const wt = join(tempDir(), 'wt');
  repo.git('worktree', 'add', '-q', '-b', 'wt', wt);
  const location = await discoverRepository(wt);
  const elapsed = await nextChange(
    (onChange) => new RepoWatcher(location, onChange),
    () => execFileSync('git', ['commit', '-q', '--allow-empty', '-m', 'in worktree'], { cwd: wt }),
  );
  assert.ok(elapsed < 1500, `noticed after ${elapsed} ms`);
});
