// Other git processes (VS Code's git extension, a terminal) hold index.lock or a ref's lock for a
// moment: an operation that meets one waits and tries again; one held for long ends the operation
// with a message naming the lock, and the repository, the oplog and any other worktree it was
// updating are exactly as before.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { GitError } from '../../src/core/git/errors';
import { amendOperation, moveOperation, oplogOf } from '../../src/core/operations';
import { branchStack, picture, rev, runOp } from '../helpers/ops';
import { removeTempDirs, repoAt, tempDir } from '../helpers/repo';
import { discoverRepository } from '../../src/core/git/repository';

after(removeTempDirs);

/** Another process creates `path`, holds it for `ms`, removes it; resolves once the file exists. */
async function holdLock(path: string, ms: number): Promise<void> {
  spawn('sh', ['-c', 'touch "$1"; sleep "$2"; rm -f "$1"', 'sh', path, String(ms / 1000)], { stdio: 'ignore' });
  while (!existsSync(path)) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('lock files of other git processes', () => {
  it('an operation that meets index.lock held for 200 ms waits and succeeds', async () => {
    const { repo, s1 } = branchStack();
    repo.write({ 'new.txt': 'new\n' });
    await holdLock(join(repo.dir, '.git', 'index.lock'), 200);
    const outcome = await runOp(repo, amendOperation({ stage: 'all' }));
    assert.match(outcome.summary, /^Amended/);
    assert.notEqual(rev(repo, 'b1'), s1);
    assert.equal(oplogOf(await discoverRepository(repo.dir)).last()?.status, 'done');
  });

  it('a ref lock held for 200 ms is waited for too', async () => {
    const { repo, s1, s3 } = branchStack();
    await holdLock(join(repo.dir, '.git', 'refs', 'heads', 'b3.lock'), 200);
    await runOp(repo, moveOperation({ source: s3, destination: s1 }));
    assert.equal(rev(repo, 'b3^'), s1);
  });

  it('index.lock held for long: a message naming it, and nothing changed', async () => {
    const { repo } = branchStack();
    repo.write({ 'new.txt': 'new\n' });
    const lock = join(repo.dir, '.git', 'index.lock');
    const before = picture(repo);
    writeFileSync(lock, '');
    const started = Date.now();
    try {
      await assert.rejects(runOp(repo, amendOperation({ stage: 'all' })), (error: unknown) => {
        assert.ok(error instanceof GitError && error.kind === 'locked', String(error));
        assert.equal(
          error.message,
          `Another git process is using the repository: ${lock} exists (VS Code's git extension or a git command in a terminal may be running). Wait for it and try again; if no git is running, the lock is stale: delete ${lock}.`,
        );
        return true;
      });
      assert.ok(Date.now() - started >= 1900, 'it waited about 2 s first');
      assert.ok(existsSync(lock), "the other process's lock is left alone");
    } finally {
      rmSync(lock, { force: true });
    }
    assert.deepEqual(picture(repo), before);
    assert.equal(oplogOf(await discoverRepository(repo.dir)).last(), undefined, 'nothing was recorded');
  });

  it('a ref lock held for long after another worktree was updated: that worktree is put back exactly', async () => {
    const { repo, s1, s3 } = branchStack();
    const wt = repoAt(join(tempDir(), 'wt2'), false);
    repo.git('worktree', 'add', '-q', wt.dir, 'b3');
    const worktreeBefore = {
      status: wt.git('status', '--porcelain', '-uall'),
      files: wt.git('ls-files', '-s'),
      head: wt.head(),
      present: existsSync(join(wt.dir, 'b.txt')),
    };
    const before = picture(repo);
    const lock = join(repo.dir, '.git', 'refs', 'heads', 'b3.lock');
    writeFileSync(lock, '');
    try {
      await assert.rejects(runOp(repo, moveOperation({ source: s3, destination: s1 })), (error: unknown) => {
        assert.ok(error instanceof GitError && error.kind === 'locked', String(error));
        assert.match(error.message, /refs\/heads\/b3\.lock exists .* Nothing was changed\.$/);
        return true;
      });
    } finally {
      rmSync(lock, { force: true });
    }
    assert.deepEqual(picture(repo), before);
    const entry = oplogOf(await discoverRepository(repo.dir)).last()!;
    assert.equal(entry.status, 'rolled-back');
    assert.equal(entry.worktreeCheckouts?.length, 1, 'the other worktree had been checked out before the refs failed');
    assert.deepEqual(
      {
        status: wt.git('status', '--porcelain', '-uall'),
        files: wt.git('ls-files', '-s'),
        head: wt.head(),
        present: existsSync(join(wt.dir, 'b.txt')),
      },
      worktreeBefore,
    );
    assert.equal(rev(repo, 'b3'), s3);
  });
});
