// PR status over GitHub's GraphQL API, against the stand-in (which validates every query against
// GitHub's schema and executes it there) on real git: PR states, the checks rollup from check runs
// and from commit statuses, review decisions, batching, the github.com and GHES endpoints, and
// every error path, with the token never in a message.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, describe, it } from 'node:test';
import { ForgeError } from '../../src/core/forge/errors';
import { createGitHubClient } from '../../src/core/forge/github/client';
import { GitHubForge } from '../../src/core/forge/github/forge';
import { Redactor } from '../../src/core/forge/redact';
import type { ForgeSession } from '../../src/core/forge/session';
import { pullStatusesFor } from '../../src/core/forge/status';
import { submitStack } from '../../src/core/forge/submit';
import { buildSmartlog } from '../../src/core/smartlog/build';
import type { Check, CommitStatus } from '../github-standin';
import { gitHubFixture, location, TOKEN, type GitHubFixture } from '../helpers/github';
import { removeTempDirs } from '../helpers/repo';

const REPO = 'octo/demo';
after(removeTempDirs);

/** Every message, detail and notice the runs produced, checked for the token after each test. */
const seen: string[] = [];
let f: GitHubFixture | undefined;
afterEach(async () => {
  assert.deepEqual(
    seen.filter((text) => text.includes(TOKEN.slice(4))),
    [],
    'the token leaked',
  );
  await f?.close();
  f = undefined;
});

describe('PR status over GraphQL', { timeout: 120_000 }, () => {
  async function submitted(
    commits: number,
    draft = false,
  ): Promise<{ f: GitHubFixture; session: ForgeSession; notices: string[] }> {
    f = await gitHubFixture();
    for (let i = 1; i <= commits; i++) f.repo.commit(`feat: g${i}`, { [`g${i}.txt`]: `${i}\n` });
    const notices: string[] = [];
    const session = await f.session({ notices });
    // Without a native stack: the test merges a PR with the plain merge, which a stacked PR refuses.
    await submitStack({ git: f.git, location: await location(f.repo), session, draft, nativeStacks: 'off' });
    return { f, session, notices };
  }

  async function statusByNumber(fx: GitHubFixture, session: ForgeSession) {
    const loc = await location(fx.repo);
    const statuses = await pullStatusesFor(fx.git, loc, session, await buildSmartlog(fx.git, loc));
    return new Map([...statuses.values()].map((s) => [s.number, s]));
  }

  it('states: open, draft, merged and closed', async () => {
    const { f, session } = await submitted(4, true);
    f.standin.pull(REPO, 1).draft = false;
    f.standin.pull(REPO, 2).draft = false; // marked ready for review on GitHub
    await session.forge.mergePull(1, 'squash', f.standin.pull(REPO, 1).head.sha);
    await session.forge.updatePull(4, { state: 'closed' });
    const mark = f.standin.calls.length;
    const byNumber = await statusByNumber(f, session);
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => byNumber.get(n)?.state),
      ['merged', 'open', 'draft', 'closed'],
    );
    assert.deepEqual(
      f.standin.calls.slice(mark).map((c) => c.graphql),
      ['StacklinePullStatuses'],
    );
  });

  it('checks rollup from check runs of any app and from commit statuses, as GitHub rolls them up', async () => {
    const { f, session } = await submitted(1);
    const sha = f.standin.pull(REPO, 1).head.sha;
    const [pull] = await session.forge.openPulls();
    const run = (name: string, status: Check['status'], conclusion: Check['conclusion'] = null): Check => ({
      name,
      status,
      conclusion,
    });
    const status = (context: string, state: CommitStatus['state']): CommitStatus => ({ context, state });
    const cases: [string, Check[], CommitStatus[], string, string[], string[]][] = [
      ['nothing reported', [], [], 'none', [], []],
      ['check run passed', [run('build', 'completed', 'success')], [], 'passing', [], []],
      [
        'neutral and skipped runs pass',
        [run('lint', 'completed', 'neutral'), run('e2e', 'completed', 'skipped')],
        [],
        'passing',
        [],
        [],
      ],
      [
        'check run failed',
        [run('build', 'completed', 'success'), run('lint', 'completed', 'failure')],
        [],
        'failing',
        ['lint'],
        [],
      ],
      ['check run cancelled', [run('build', 'completed', 'cancelled')], [], 'failing', ['build'], []],
      ['check run in progress', [run('build', 'in_progress')], [], 'pending', [], ['build']],
      ['check run queued', [run('build', 'queued')], [], 'pending', [], ['build']],
      ['commit status success', [], [status('ci/jenkins', 'success')], 'passing', [], []],
      ['commit status failure', [], [status('ci/jenkins', 'failure')], 'failing', ['ci/jenkins'], []],
      ['commit status error', [], [status('ci/travis', 'error')], 'failing', ['ci/travis'], []],
      ['commit status pending', [], [status('ci/jenkins', 'pending')], 'pending', [], ['ci/jenkins']],
      [
        'run passed, status pending',
        [run('build', 'completed', 'success')],
        [status('deploy', 'pending')],
        'pending',
        [],
        ['deploy'],
      ],
      [
        'failing beats pending',
        [run('build', 'in_progress')],
        [status('ci/jenkins', 'failure')],
        'failing',
        ['ci/jenkins'],
        ['build'],
      ],
    ];
    for (const [label, runs, statuses, checks, failing, pending] of cases) {
      f.standin.setChecks(REPO, sha, runs);
      f.standin.setStatuses(REPO, sha, statuses);
      const mark = f.standin.calls.length;
      assert.equal((await session.forge.statuses([1])).get(1)?.checks, checks, label);
      const ready = await session.forge.readiness(pull);
      assert.deepEqual(
        [ready.checks, ready.failing, ready.pending],
        [checks, failing, pending],
        `${label} (land's check)`,
      );
      assert.deepEqual(
        f.standin.calls.slice(mark).map((c) => c.graphql),
        ['StacklinePullStatuses', 'StacklinePullReadiness'],
        label,
      );
    }
  });

  it("review decision: GitHub's where the base requires a review, the latest opinion of each reviewer elsewhere", async () => {
    const { f, session } = await submitted(2);
    // #1 targets main (protected: GitHub decides); #2 targets #1's branch (GitHub's reviewDecision is null).
    assert.equal(f.standin.pull(REPO, 2).base.ref, f.standin.pull(REPO, 1).head.ref);
    const steps: [string, 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | undefined, string][] = [
      ['nobody', undefined, 'review-required'],
      ['bob', 'CHANGES_REQUESTED', 'changes-requested'],
      ['bob', 'APPROVED', 'approved'],
      ['carol', 'CHANGES_REQUESTED', 'changes-requested'],
      ['carol', 'COMMENTED', 'changes-requested'],
      ['carol', 'APPROVED', 'approved'],
    ];
    for (const [who, state, expected] of steps) {
      if (state) for (const n of [1, 2]) f.standin.addReview(REPO, n, who, state);
      const byNumber = await statusByNumber(f, session);
      assert.deepEqual(
        [byNumber.get(1)?.review, byNumber.get(2)?.review],
        [expected, expected],
        `${who} ${state ?? ''}`,
      );
    }
  });

  it('asks for 50 PRs per query and leaves out numbers GitHub does not know', async () => {
    const { f, session } = await submitted(2);
    const mark = f.standin.calls.length;
    const statuses = await session.forge.statuses(Array.from({ length: 120 }, (_, i) => i + 1));
    assert.deepEqual([...statuses.keys()].sort(), [1, 2]);
    assert.deepEqual(
      f.standin.calls.slice(mark).map((c) => [c.graphql, c.status]),
      Array(3).fill(['StacklinePullStatuses', 200]),
    );
  });

  it('posts to /graphql for a github.com-style API URL and to /api/graphql for GHES', async () => {
    const paths: string[] = [];
    const server = createServer((req, res) => {
      paths.push(req.url ?? '');
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ data: { repository: { pr7: null } } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const apiUrl of [root, `${root}/api/v3`]) {
        const redactor = new Redactor();
        const client = await createGitHubClient({ apiUrl, token: TOKEN, redactor, spaceWrites: false });
        const forge = new GitHubForge({ client, repo: { owner: 'octo', name: 'demo' }, apiUrl, redactor });
        assert.equal((await forge.statuses([7])).size, 0);
      }
    } finally {
      server.close();
    }
    assert.deepEqual(paths, ['/graphql', '/api/graphql']);
  });
});

describe('PR status errors over GraphQL', { timeout: 120_000 }, () => {
  /** A one-commit stack already submitted; `read` runs one status refresh with the given token. */
  async function fixture() {
    f = await gitHubFixture();
    f.repo.commit('feat: e1', { 'e1.txt': '1\n' });
    const loc = await location(f.repo);
    await submitStack({ git: f.git, location: loc, session: await f.session() });
    const fx = f;
    const read = async (token?: string): Promise<{ error?: ForgeError; notices: string[]; size: number }> => {
      const notices: string[] = [];
      const logLines: string[] = [];
      try {
        const statuses = await pullStatusesFor(
          fx.git,
          loc,
          await fx.session({ token, notices, logLines }),
          await buildSmartlog(fx.git, loc),
        );
        return { notices, size: statuses.size };
      } catch (error) {
        assert.ok(error instanceof ForgeError, `a ForgeError, got ${String(error)}`);
        seen.push(error.message, error.detail);
        return { error, notices, size: 0 };
      } finally {
        seen.push(...notices, ...logLines);
      }
    };
    return { f, read, graphqlCalls: () => f!.standin.calls.filter((c) => c.operationId === 'graphql') };
  }

  it('401: asks to sign in again, as for REST', async () => {
    const { read } = await fixture();
    const { error } = await read(`${TOKEN}-revoked`);
    assert.equal(error?.kind, 'auth');
    assert.match(error!.message, /GitHub did not accept the token \(401 Bad credentials\)\. Sign in to GitHub again/);
  });

  it('5xx: retried, then answered; a lasting 5xx gives the same message as REST', async () => {
    const { f, read, graphqlCalls } = await fixture();
    f.standin.failNext(502, { operationId: 'graphql', times: 2 });
    assert.equal((await read()).size, 1);
    assert.deepEqual(
      graphqlCalls().map((c) => c.status),
      [502, 502, 200],
    );
    f.standin.failNext(503, { operationId: 'graphql', times: 10 });
    const { error } = await read();
    assert.equal(error?.kind, 'server');
    assert.match(error!.message, /GitHub failed to read pull request status \(HTTP 503\) even after retrying/);
  });

  for (const kind of ['primary', 'secondary'] as const) {
    it(`${kind} rate limit (HTTP 403 with GitHub's headers): waited out with a notice, then answered`, async () => {
      const { f, read, graphqlCalls } = await fixture();
      f.standin.rateLimitNext(kind, { times: 1, retryAfterSeconds: 2 });
      const { error, notices, size } = await read();
      assert.equal(error, undefined);
      assert.equal(size, 1);
      assert.match(notices.join('\n'), new RegExp(`GitHub's ${kind} rate limit was reached\\. Waiting \\d+ s`));
      assert.deepEqual(
        graphqlCalls().map((c) => c.status),
        [403, 200],
      );
    });
  }

  it('HTTP 200 with errors: RATE_LIMITED, FORBIDDEN, NOT_FOUND and others get clear messages', async () => {
    const { f, read } = await fixture();
    const reset = String(Math.ceil(Date.now() / 1000) + 600);
    f.standin.graphqlErrorsNext([{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for user ID 1.' }], {
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
    });
    let { error } = await read();
    assert.equal(error?.kind, 'rate-limit');
    assert.match(
      error!.message,
      /^GitHub's rate limit was reached while trying to read pull request status\. It resets at .*\. Nothing was lost/,
    );

    f.standin.graphqlErrorsNext([
      { type: 'FORBIDDEN', message: 'Resource protected by organization SAML enforcement.' },
    ]);
    ({ error } = await read());
    assert.equal(error?.kind, 'auth');
    assert.match(
      error!.message,
      /GitHub refused to read pull request status \(Resource protected by organization SAML enforcement\.\)\. The token needs the 'repo' scope/,
    );

    f.standin.graphqlErrorsNext([
      {
        type: 'MAX_NODE_LIMIT_EXCEEDED',
        message: 'This query requests up to 501,000 nodes which exceeds the maximum limit of 500,000.',
      },
    ]);
    ({ error } = await read());
    assert.equal(error?.kind, 'server');
    assert.equal(
      error!.message,
      'GitHub answered with an error while trying to read pull request status: This query requests up to 501,000 nodes which exceeds the maximum limit of 500,000.',
    );

    // GitHub's transient "Something went wrong" answer is retried like a 5xx.
    const mark = f.standin.calls.length;
    f.standin.graphqlErrorsNext([
      {
        message:
          'Something went wrong while executing your query. Please include `ABCD:1234` when reporting this issue.',
      },
    ]);
    // GraphQL calls only: the status read also asks for the line's native stack over REST.
    const graphqlSince = () => f!.standin.calls.slice(mark).filter((c) => c.operationId === 'graphql').length;
    assert.equal((await read()).size, 1);
    assert.equal(graphqlSince(), 2);
    f.standin.graphqlErrorsNext([{ message: 'Something went wrong while executing your query.' }], { times: 4 });
    ({ error } = await read());
    assert.equal(error?.kind, 'server');
    assert.match(error!.message, /GitHub failed to read pull request status \(HTTP 500\) even after retrying/);
    assert.equal(graphqlSince(), 6, 'first try + 3 retries');

    const redactor = new Redactor();
    const client = await createGitHubClient({
      apiUrl: f.standin.apiUrl,
      token: TOKEN,
      redactor,
      spaceWrites: false,
      waitScale: 0.01,
    });
    const missing = new GitHubForge({
      client,
      repo: { owner: 'octo', name: 'gone' },
      apiUrl: f.standin.apiUrl,
      redactor,
    });
    await assert.rejects(missing.statuses([1]), (e: unknown) => {
      assert.ok(e instanceof ForgeError && e.kind === 'not-found', String(e));
      assert.match(
        e.message,
        /GitHub found nothing while trying to read pull request status \(Could not resolve to a Repository with the name 'octo\/gone'\.\)/,
      );
      return true;
    });
  });

  it('the stand-in refuses what GitHub would refuse, and that fails the test', async () => {
    const { f } = await fixture();
    const post = (query: string) =>
      fetch(f.standin.apiUrl.replace(/\/v3$/, '/graphql'), {
        method: 'POST',
        headers: { authorization: `bearer ${TOKEN}` },
        body: JSON.stringify({ query }),
      }).then((r) => r.json() as Promise<{ errors?: { message: string; type?: string }[] }>);
    const invalid = await post(
      '{ repository(owner: "octo", name: "demo") { pullRequest(number: 1) { reviewState } } }',
    );
    assert.match(invalid.errors?.[0]?.message ?? '', /Cannot query field "reviewState" on type "PullRequest"/);
    const unpaged = await post(
      '{ repository(owner: "octo", name: "demo") { pullRequest(number: 1) { comments { nodes { body } } } } }',
    );
    assert.equal(unpaged.errors?.[0]?.type, 'MISSING_PAGINATION_BOUNDARIES');
    const unmodeled = await post(
      '{ repository(owner: "octo", name: "demo") { pullRequest(number: 1) { additions } } }',
    );
    assert.match(unmodeled.errors?.[0]?.message ?? '', /does not model PullRequest\.additions/);
    assert.equal(f.standin.violations.length, 3, f.standin.violations.join('\n'));
    await assert.rejects(f.standin.close(), /3 mismatch\(es\) with GitHub's OpenAPI description or GraphQL schema/);
    f.standin.violations.length = 0;
  });
});
