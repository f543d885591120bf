// Every error path of the GitHub forge against the stand-in: 401, primary and secondary rate limits
// (waited out, or given up with a clear message), 422 explained, 5xx retried, offline. Throughout,
// the token must never appear in any message, detail, log line or CLI output.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { ForgeError } from '../../src/core/forge/errors';
import { openForgeSession } from '../../src/core/forge/session';
import { submitStack } from '../../src/core/forge/submit';
import { gitHubFixture, location, TOKEN, type GitHubFixture } from '../helpers/github';
import { removeTempDirs } from '../helpers/repo';

const CLI = join(__dirname, '..', '..', 'src', 'cli', 'main.ts');
after(removeTempDirs);

/** All text a run produced: log lines, notices, error message and detail. */
const seen: string[] = [];

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function assertNoToken(): void {
  const leaks = seen.filter((text) => text.includes(TOKEN) || text.includes(TOKEN.slice(4)));
  assert.deepEqual(leaks, [], 'the token leaked');
}

describe('forge errors', { timeout: 120_000 }, () => {
  let f: GitHubFixture | undefined;
  afterEach(async () => {
    assertNoToken();
    await f?.close();
    f = undefined;
  });

  async function fixtureWithStack(count = 2): Promise<GitHubFixture> {
    f = await gitHubFixture();
    for (let i = 1; i <= count; i++) f.repo.commit(`feat: e${i}`, { [`e${i}.txt`]: `${i}\n` });
    return f;
  }

  async function submit(fx: GitHubFixture, token?: string): Promise<{ error?: ForgeError; notices: string[] }> {
    const logLines: string[] = [];
    const notices: string[] = [];
    try {
      const session = await fx.session({ token, logLines, notices });
      await submitStack({ git: fx.git, location: await location(fx.repo), session, log: (l) => logLines.push(l) });
      return { notices };
    } catch (error) {
      assert.ok(error instanceof ForgeError, `a ForgeError, got ${String(error)}`);
      seen.push(error.message, error.detail);
      return { error, notices };
    } finally {
      seen.push(...logLines, ...notices);
    }
  }

  it('401: asks to sign in again, without the token in the message', async () => {
    const fx = await fixtureWithStack();
    const wrong = `${TOKEN}-revoked`;
    const { error } = await submit(fx, wrong);
    assert.equal(error?.kind, 'auth');
    assert.match(error!.message, /did not accept the token \(401/);
    assert.match(error!.message, /Sign in to GitHub again/);
    assert.ok(!error!.message.includes(wrong) && !error!.detail.includes(wrong));
  });

  for (const kind of ['primary', 'secondary'] as const) {
    it(`${kind} rate limit: waits as GitHub says, tells the user, then completes`, async () => {
      const fx = await fixtureWithStack();
      fx.standin.rateLimitNext(kind, { times: 1, retryAfterSeconds: 2 });
      const { error, notices } = await submit(fx);
      assert.equal(error, undefined);
      assert.match(notices.join('\n'), new RegExp(`GitHub's ${kind} rate limit was reached\\. Waiting \\d+ s`));
      assert.equal(fx.standin.calls[0].status, 403);
      assert.equal(fx.standin.pulls('octo/demo').length, 2);
    });
  }

  it('rate limit that does not lift: stops with when to try again', async () => {
    const fx = await fixtureWithStack();
    fx.standin.rateLimitNext('primary', { times: 10, retryAfterSeconds: 1 });
    const { error } = await submit(fx);
    assert.equal(error?.kind, 'rate-limit');
    assert.match(error!.message, /rate limit was reached .* It resets at .* run the same command again/);
  });

  it('422: explains what GitHub refused and what to do', async () => {
    const fx = await fixtureWithStack(1);
    fx.standin.failNext(422, {
      operationId: 'pulls/create',
      message: 'Validation Failed',
      body: {
        errors: [{ resource: 'PullRequest', code: 'custom', message: 'No commits between main and stackline/e1' }],
      },
    });
    const { error } = await submit(fx);
    assert.equal(error?.kind, 'validation');
    assert.match(error!.message, /No commits between main and stackline\/e1\. The commit adds nothing/);
    // Nothing half-done is left that a rerun cannot finish.
    assert.equal((await submit(fx)).error, undefined);
    assert.equal(fx.standin.pulls('octo/demo').length, 1);
  });

  it('5xx: retried, then succeeds; a lasting 5xx gives a clear message', async () => {
    const fx = await fixtureWithStack(1);
    fx.standin.failNext(502, { times: 2 });
    assert.equal((await submit(fx)).error, undefined);
    assert.deepEqual(
      fx.standin.calls.slice(0, 3).map((c) => c.status),
      [502, 502, 200],
    );

    fx.repo.commit('feat: e2', { 'e2.txt': '2\n' });
    fx.standin.failNext(503, { times: 10 });
    const { error } = await submit(fx);
    assert.equal(error?.kind, 'server');
    assert.match(error!.message, /HTTP 503\) even after retrying/);
    assert.equal(fx.standin.calls.filter((c) => c.status === 503).length, 4, 'first try + 3 retries');
  });

  it('offline: says GitHub cannot be reached, at once', async () => {
    const fx = await fixtureWithStack(1);
    const port = await closedPort();
    const session = await openForgeSession(fx.git, {
      token: TOKEN,
      apiUrl: `http://127.0.0.1:${port}/api/v3`,
      spaceWrites: false,
      waitScale: 0.01,
    });
    const started = Date.now();
    await assert.rejects(
      submitStack({ git: fx.git, location: await location(fx.repo), session }),
      (e: unknown) =>
        e instanceof ForgeError &&
        e.kind === 'offline' &&
        e.message.includes(`Cannot reach GitHub at http://127.0.0.1:${port}/api/v3 (ECONNREFUSED)`) &&
        (seen.push(e.message, e.detail), true),
    );
    assert.ok(Date.now() - started < 5000, 'no retry loop');
  });

  it('CLI: no token, bad token and a failing request print one clear line and never the token', async () => {
    const fx = await fixtureWithStack(1);
    // Async: the stand-in runs in this process and must keep serving while the CLI runs.
    const run = async (env: Record<string, string | undefined>) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CLI, '-C', fx.repo.dir, 'submit'], {
        env: {
          ...process.env,
          GITHUB_TOKEN: undefined,
          GH_TOKEN: undefined,
          STACKLINE_GITHUB_API_URL: fx.standin.apiUrl,
          STACKLINE_DEBUG: '1',
          ...env,
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      seen.push(stdout, stderr);
      return { status, stdout, stderr };
    };
    const none = await run({});
    assert.equal(none.status, 1);
    assert.match(none.stderr, /^stackline: No GitHub token: set GITHUB_TOKEN/m);
    const bad = await run({ GH_TOKEN: `${TOKEN}x` });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /did not accept the token/);
    assert.ok(!bad.stderr.includes(`${TOKEN}x`));
    fx.standin.failNext(404, { operationId: 'pulls/create' });
    const failing = await run({ GITHUB_TOKEN: TOKEN });
    assert.equal(failing.status, 1, failing.stderr);
    assert.match(failing.stderr, /^stackline: GitHub found nothing while trying to open a pull request .*\(404\)/m);
  });
});
