// The git runner against real git: every call reaches the call log with its time (and, with
// STACKLINE_DEBUG=1, the CLI's stderr); a cancelled or timed-out call stops git and says which
// command; a git older than the minimum is refused once, with the version found and needed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { addGitCallLog, formatGitCall, type GitCallRecord } from '../../src/core/git/callLog';
import { GitError } from '../../src/core/git/errors';
import { GitRunner } from '../../src/core/git/runner';
import { MIN_GIT_VERSION } from '../../src/core/git/version';
import { runCli } from '../helpers/cli';
import { makeRepo, removeTempDirs, tempDir, type TestRepo } from '../helpers/repo';

after(removeTempDirs);

/** The git calls reported while `fn` runs. */
async function recorded(fn: () => Promise<unknown>): Promise<GitCallRecord[]> {
  const calls: GitCallRecord[] = [];
  const stop = addGitCallLog((call) => calls.push(call));
  try {
    await fn();
  } finally {
    stop();
  }
  return calls;
}

/** A hook `slow` that writes "<git's pid> <its own pid>" to the file it is given, then sleeps 30 s. */
function withSlowHook(repo: TestRepo): { pidFile: string; pids(): { git: number; hook: number } } {
  const hook = join(repo.dir, '.git', 'hooks', 'slow');
  writeFileSync(hook, '#!/bin/sh\necho $PPID $$ > "$1"\nexec sleep 30\n');
  chmodSync(hook, 0o755);
  const pidFile = join(repo.dir, '.git', 'slow.pids');
  return {
    pidFile,
    pids() {
      const [git, hookPid] = readFileSync(pidFile, 'utf8').trim().split(' ').map(Number);
      return { git, hook: hookPid };
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(path: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if (readFileSync(path, 'utf8').trim()) return;
    } catch {
      // not written yet
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${path} was never written`);
}

/** A folder with a `git` that claims to be `version` and otherwise runs the real git. */
function fakeGit(version: string): string {
  const bin = tempDir('stackline-old-git-');
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  writeFileSync(
    join(bin, 'git'),
    `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "git version ${version}"; exit 0; fi\nexec "${real}" "$@"\n`,
  );
  chmodSync(join(bin, 'git'), 0o755);
  return bin;
}

describe('the git call log', () => {
  it('receives each call with its arguments, folder, exit code and time', async () => {
    const repo = makeRepo();
    const head = repo.commit('one');
    const git = new GitRunner(repo.dir);
    const calls = await recorded(async () => {
      assert.equal((await git.run(['rev-parse', 'HEAD'])).trim(), head);
      assert.equal(await git.tryRun(['show-ref', '--quiet', '--verify', 'refs/heads/missing']), undefined);
    });
    const asked = calls.filter((call) => call.args[0] !== '--version');
    assert.deepEqual(
      asked.map(({ args, cwd, exitCode }) => ({ args, cwd, exitCode })),
      [
        { args: ['rev-parse', 'HEAD'], cwd: repo.dir, exitCode: 0 },
        { args: ['show-ref', '--quiet', '--verify', 'refs/heads/missing'], cwd: repo.dir, exitCode: 1 },
      ],
    );
    for (const call of asked) assert.ok(call.ms > 0 && call.ms < 10_000, `a time in ms: ${call.ms}`);
    assert.match(formatGitCall(asked[0]), /^git rev-parse HEAD \(\d+ ms\)$/);
    assert.match(formatGitCall(asked[1]), /^git show-ref --quiet --verify refs\/heads\/missing \(\d+ ms, exit 1\)$/);
  });

  it('shortens long argument lists and masks credentials', () => {
    const hashes = Array.from({ length: 40 }, (_, i) => i.toString(16).padStart(40, '0'));
    const long = formatGitCall({ args: ['log', '--no-walk', ...hashes], cwd: '/r', ms: 12.4, exitCode: 0 });
    const short = hashes.slice(0, 10).map((hash) => hash.slice(0, 12));
    assert.equal(long, `git log --no-walk ${short.join(' ')} … (30 more) (12 ms)`);
    const [a, b] = [hashes[1], hashes[2]];
    assert.equal(
      formatGitCall({ args: ['rev-list', '--count', `${a}..${b}`, '--'], cwd: '/r', ms: 2, exitCode: 0 }),
      `git rev-list --count ${a.slice(0, 12)}..${b.slice(0, 12)} -- (2 ms)`,
    );
    const secret = formatGitCall({
      args: [
        '-c',
        'http.extraHeader=Authorization: Bearer abc123secret',
        'push',
        'https://me:ghp_abcdefgh12345@x.test/r',
      ],
      cwd: '/r',
      ms: 3,
      exitCode: 128,
    });
    assert.doesNotMatch(secret, /abc123secret|ghp_abcdefgh12345|me:/);
    assert.match(
      secret,
      /^git -c 'http\.extraHeader=Authorization: Bearer \*\*\*' push https:\/\/\*\*\*@x\.test\/r \(3 ms, exit 128\)$/,
    );
    const message = formatGitCall({
      args: ['commit', '-m', `fix: ${'x'.repeat(200)}\n\nbody`],
      cwd: '/r',
      ms: 1,
      exitCode: 0,
    });
    assert.ok(message.length < 120, message);
  });

  it('STACKLINE_DEBUG=1 makes the CLI print each git call with its time on stderr', () => {
    const repo = makeRepo();
    repo.commit('one');
    const quiet = runCli(repo.dir, ['log']);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.doesNotMatch(quiet.stderr, /^git /m);
    const debug = runCli(repo.dir, ['log'], undefined, { ...process.env, STACKLINE_DEBUG: '1' });
    assert.equal(debug.code, 0, debug.stderr);
    assert.equal(debug.stdout, quiet.stdout, 'stdout is the same');
    const lines = debug.stderr.split('\n').filter(Boolean);
    assert.ok(lines.length >= 3, debug.stderr);
    for (const line of lines) assert.match(line, /^git \S.* \(\d+ ms(, exit \d+)?\)$/);
    assert.equal(lines.filter((line) => line.startsWith('git --version ')).length, 1, 'the version is asked once');
    assert.ok(lines.some((line) => line.startsWith('git rev-parse --path-format=absolute --show-toplevel')));
  });
});

describe('stopping a git call', () => {
  it('a timeout stops git and rejects with kind timeout, naming the command', async () => {
    const repo = makeRepo();
    const slow = withSlowHook(repo);
    const started = Date.now();
    let calls: GitCallRecord[] = [];
    try {
      calls = await recorded(() =>
        assert.rejects(
          new GitRunner(repo.dir).run(['hook', 'run', 'slow', '--', slow.pidFile], { timeoutMs: 500 }),
          (error: unknown) => {
            assert.ok(error instanceof GitError && error.kind === 'timeout', String(error));
            assert.equal(
              error.message,
              `git hook run slow -- ${slow.pidFile} took longer than 500 ms and was stopped.`,
            );
            return true;
          },
        ),
      );
      assert.ok(Date.now() - started < 5000, 'it did not wait for the hook');
      assert.equal(alive(slow.pids().git), false, 'git was stopped');
      assert.equal(calls.find((call) => call.args[0] === 'hook')?.stopped, 'timeout');
    } finally {
      process.kill(slow.pids().hook, 'SIGKILL');
    }
  });

  it('an abort signal stops git and rejects with kind cancelled', async () => {
    const repo = makeRepo();
    const slow = withSlowHook(repo);
    const abort = new AbortController();
    const call = new GitRunner(repo.dir).run(['hook', 'run', 'slow', '--', slow.pidFile], { signal: abort.signal });
    try {
      await waitFor(slow.pidFile);
      const git = slow.pids().git;
      assert.equal(alive(git), true);
      abort.abort();
      await assert.rejects(call, (error: unknown) => {
        assert.ok(error instanceof GitError && error.kind === 'cancelled', String(error));
        assert.equal(error.message, `git hook run slow -- ${slow.pidFile} was cancelled.`);
        return true;
      });
      assert.equal(alive(git), false, 'git was stopped');
    } finally {
      process.kill(slow.pids().hook, 'SIGKILL');
    }
  });

  it('a call whose signal has already fired starts no git', async () => {
    const repo = makeRepo();
    const git = new GitRunner(repo.dir);
    // A PATH not used yet: not even the version check runs.
    const env = { PATH: `${tempDir('stackline-empty-bin-')}:${process.env.PATH}` };
    const calls = await recorded(() =>
      assert.rejects(git.run(['rev-parse', '--git-dir'], { signal: AbortSignal.abort(), env }), { kind: 'cancelled' }),
    );
    assert.deepEqual(calls, []);
  });

  it('a probe that is cancelled throws instead of answering "no"', async () => {
    const repo = makeRepo();
    await assert.rejects(
      new GitRunner(repo.dir).tryRun(['rev-parse', '--verify', 'HEAD'], { signal: AbortSignal.abort() }),
      { kind: 'cancelled' },
    );
  });
});

describe('the git version check', () => {
  const needed = `${MIN_GIT_VERSION.major}.${MIN_GIT_VERSION.minor}`;

  it('refuses an old git with the version found, the version needed and the fix', async () => {
    const repo = makeRepo();
    const PATH = `${fakeGit('2.30.0')}:${process.env.PATH}`;
    await assert.rejects(new GitRunner(repo.dir).run(['status'], { env: { PATH } }), (error: unknown) => {
      assert.ok(error instanceof GitError && error.kind === 'git-too-old', String(error));
      assert.equal(
        error.message,
        `Stackline needs git ${needed} or newer (for git merge-tree --write-tree --stdin); the git on PATH is 2.30.0. Install a newer git and make sure it comes first on PATH.`,
      );
      return true;
    });
  });

  it('asks git --version once per process, not per call', async () => {
    const repo = makeRepo();
    // A PATH this process has not used yet, so its git is checked afresh.
    const PATH = `${tempDir('stackline-empty-bin-')}:${process.env.PATH}`;
    const git = new GitRunner(repo.dir);
    const calls = await recorded(async () => {
      await Promise.all([
        git.run(['rev-parse', '--git-dir'], { env: { PATH } }),
        git.run(['status'], { env: { PATH } }),
      ]);
      await git.run(['rev-parse', '--git-dir'], { env: { PATH } });
    });
    assert.equal(calls.filter((call) => call.args[0] === '--version').length, 1);
    assert.equal(calls.length, 4);
  });

  it('the CLI says so and exits 1', () => {
    const repo = makeRepo();
    repo.commit('one');
    const result = runCli(repo.dir, ['log'], undefined, {
      ...process.env,
      PATH: `${fakeGit('2.37.1 (Apple Git-137)')}:${process.env.PATH}`,
    });
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      `stackline: Stackline needs git ${needed} or newer (for git merge-tree --write-tree --stdin); the git on PATH is 2.37.1 (Apple Git-137). Install a newer git and make sure it comes first on PATH.`,
    );
  });
});
