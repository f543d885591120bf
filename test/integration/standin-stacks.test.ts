// The stand-in's native stacks and asynchronous merges, called as GitHub's REST API is called: every
// request and response is checked against the OpenAPI description (close() fails on a mismatch).
import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import { submitStack } from '../../src/core/forge/submit';
import { gitHubFixture, location, TOKEN, type GitHubFixture } from '../helpers/github';
import { removeTempDirs } from '../helpers/repo';

after(removeTempDirs);

const REPO = 'octo/demo';

describe('stand-in: native stacks', { timeout: 120_000 }, () => {
  let f: GitHubFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  /** A 3-PR chain #1 ← #2 ← #3 (submitted without native stacks). */
  async function chain(): Promise<GitHubFixture> {
    const fx = await gitHubFixture();
    for (let i = 1; i <= 3; i++) fx.repo.commit(`feat: n${i}`, { [`n${i}.txt`]: `${i}\n` });
    const session = await fx.session();
    await submitStack({ git: fx.git, location: await location(fx.repo), session, nativeStacks: 'off' });
    return fx;
  }

  async function api(
    fx: GitHubFixture,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: Record<string, unknown> & { details?: Record<string, string> } }> {
    const response = await fetch(`${fx.standin.apiUrl}/repos/${REPO}${path}`, {
      method,
      headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : {} };
  }

  const numbersOf = (stack: Record<string, unknown>) =>
    (stack.pull_requests as { number: number }[]).map((p) => p.number);

  it('create, get, list by PR, add on top only, unstack', async () => {
    f = await chain();
    const mismatch = await api(f, 'POST', '/stacks', { pull_requests: [1, 3] });
    assert.equal(mismatch.status, 422);
    assert.match(JSON.stringify(mismatch.json.errors), /base of pull request #3 .* is not the head of #1/);

    const created = await api(f, 'POST', '/stacks', { pull_requests: [1, 2] });
    assert.equal(created.status, 201);
    assert.deepEqual(numbersOf(created.json), [1, 2]);
    assert.deepEqual(created.json.base, { ref: 'main' });
    const number = created.json.number as number;
    const again = await api(f, 'POST', '/stacks', { pull_requests: [2, 3] });
    assert.equal(again.status, 422);
    assert.match(JSON.stringify(again.json.errors), /#2 is already in a stack/);

    const listed = await api(f, 'GET', '/stacks?pull_request=2');
    assert.deepEqual((listed.json as unknown as Record<string, unknown>[]).map(numbersOf), [[1, 2]]);
    assert.deepEqual(
      (await api(f, 'GET', '/stacks?pull_request=3')).json,
      [],
      'a PR in no stack is in no listed stack',
    );
    const added = await api(f, 'POST', `/stacks/${number}/add`, { pull_requests: [3] });
    assert.equal(added.status, 200);
    assert.deepEqual(numbersOf((await api(f, 'GET', `/stacks/${number}`)).json), [1, 2, 3]);
    assert.equal((await api(f, 'GET', '/stacks/99')).status, 404);

    f.standin.failNext(409, { operationId: 'pull-request-stacks/unstack', message: 'Stack is being modified.' });
    assert.equal((await api(f, 'POST', `/stacks/${number}/unstack`)).status, 409);
    assert.equal((await api(f, 'POST', `/stacks/${number}/unstack`)).status, 204, 'nothing merged: dissolved');
    assert.deepEqual(f.standin.nativeStacks.stacks(REPO), []);
  });

  it('merge-async of a stacked PR merges every PR below it; the result goes pending → merged', async () => {
    f = await chain();
    await api(f, 'POST', '/stacks', { pull_requests: [1, 2, 3] });
    const sync = await api(f, 'PUT', '/pulls/2/merge', { merge_method: 'squash' });
    assert.equal(sync.status, 405, 'a stacked PR merges only through merge-async');

    const head = f.standin.pull(REPO, 2).head.sha;
    const requested = await api(f, 'PUT', '/pulls/2/merge-async', { merge_method: 'squash', sha: head });
    assert.equal(requested.status, 202);
    assert.equal(requested.json.status, 'pending');
    const uuid = requested.json.details!.uuid;
    const twice = await api(f, 'PUT', '/pulls/2/merge-async', { merge_method: 'squash' });
    assert.equal(twice.status, 409);
    assert.equal(twice.json.details!.uuid, uuid);

    assert.equal((await api(f, 'GET', `/pulls/2/merge-async/${uuid}`)).json.status, 'pending');
    const done = await api(f, 'GET', `/pulls/2/merge-async/${uuid}`);
    assert.equal(done.json.status, 'merged');
    assert.equal(f.standin.pull(REPO, 1).merged, true);
    assert.equal(f.standin.pull(REPO, 2).merged, true);
    assert.equal(f.standin.pull(REPO, 3).state, 'open');
    assert.equal(f.standin.pull(REPO, 3).base.ref, 'main', 'the PR above now stands on trunk');
    const trunk = f.repo.git('--git-dir', f.bare('octo', 'demo'), 'log', '--format=%s', '-2', 'main').trim();
    assert.equal(trunk, 'feat: n2 (#2)\nfeat: n1 (#1)');
    assert.equal(done.json.details!.sha, f.repo.git('--git-dir', f.bare('octo', 'demo'), 'rev-parse', 'main').trim());

    const already = await api(f, 'PUT', '/pulls/1/merge-async', {});
    assert.deepEqual([already.status, already.json.status], [200, 'merged']);
    assert.equal((await api(f, 'GET', '/pulls/2/merge-async/no-such-uuid')).status, 404);
    // #1 and #2 are merged: unstack leaves them and removes #3.
    const left = await api(f, 'POST', `/stacks/1/unstack`);
    assert.equal(left.status, 200);
    assert.deepEqual(numbersOf(left.json), [1, 2]);
  });

  it('a moved head fails the merge with GitHub-shaped reasons; closed and draft PRs are refused at once', async () => {
    f = await chain();
    f.standin.nativeStacks.setPendingReads(0);
    const stale = await api(f, 'PUT', '/pulls/1/merge-async', { sha: '0'.repeat(40) });
    const result = await api(f, 'GET', `/pulls/1/merge-async/${stale.json.details!.uuid}`);
    assert.equal(result.json.status, 'failed');
    assert.match(result.json.details!.message, /Head branch was modified/);
    await api(f, 'PATCH', '/pulls/3', { state: 'closed' });
    const closed = await api(f, 'PUT', '/pulls/3/merge-async', {});
    assert.deepEqual(
      [closed.status, closed.json.status, closed.json.details!.message],
      [400, 'failed', 'Pull request is closed.'],
    );
  });

  it('under a merge queue: enqueued, then merged when the queue advances, or failed when ejected', async () => {
    f = await chain();
    f.standin.nativeStacks.setPendingReads(0);
    f.standin.nativeStacks.setMergeQueue(REPO, 'main', true);
    await api(f, 'POST', '/stacks', { pull_requests: [1, 2, 3] });
    const first = await api(f, 'PUT', '/pulls/1/merge-async', { merge_method: 'squash' });
    const uuid = first.json.details!.uuid;
    assert.equal((await api(f, 'GET', `/pulls/1/merge-async/${uuid}`)).json.status, 'enqueued');
    const queued = await api(f, 'PUT', '/pulls/1/merge-async', {});
    assert.deepEqual([queued.status, queued.json.status], [200, 'enqueued']);
    assert.equal(f.standin.pull(REPO, 1).merged, false);
    f.standin.nativeStacks.advanceQueue(REPO);
    assert.equal((await api(f, 'GET', `/pulls/1/merge-async/${uuid}`)).json.status, 'merged');
    assert.equal(f.standin.pull(REPO, 1).merged, true);
    assert.equal(f.standin.pull(REPO, 2).merged, false);

    const third = await api(f, 'PUT', '/pulls/3/merge-async', {});
    const thirdUuid = third.json.details!.uuid;
    await api(f, 'GET', `/pulls/3/merge-async/${thirdUuid}`);
    f.standin.nativeStacks.ejectFromQueue(REPO, 3, 'Required status check "ci" failed.');
    const ejected = await api(f, 'GET', `/pulls/3/merge-async/${thirdUuid}`);
    assert.deepEqual(
      [ejected.json.status, ejected.json.details!.message],
      ['failed', 'Required status check "ci" failed.'],
    );
  });

  it('switched off: every stacks endpoint answers 404', async () => {
    f = await chain();
    f.standin.nativeStacks.setEnabled(REPO, false);
    assert.equal((await api(f, 'GET', '/stacks')).status, 404);
    assert.equal((await api(f, 'POST', '/stacks', { pull_requests: [1, 2] })).status, 404);
  });
});
