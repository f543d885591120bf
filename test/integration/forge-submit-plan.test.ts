// Submit as plan + apply, on real git and the GitHub stand-in: `stackline submit --dry-run` writes
// nothing anywhere (no request that writes, no ref on the remote, no local commit), the plan it
// prints is what the submit after it does, a resubmit plans nothing, and trunk fetched from one
// remote with PRs going to another.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { submitStack } from '../../src/core/forge/submit';
import type { SubmitPlan } from '../../src/core/forge/submitPlan';
import { bundledCli } from '../helpers/cli';
import { gitHubFixture, HOST, location, standinCli, type GitHubFixture } from '../helpers/github';
import { removeTempDirs } from '../helpers/repo';

after(removeTempDirs);

const REPO = 'octo/demo';

async function cli(f: GitHubFixture, args: string[]): Promise<{ stdout: string }> {
  const result = await standinCli(f, args);
  assert.equal(result.code, 0, result.stderr);
  return result;
}

/** Every branch of the bare repository behind octo/demo (GitHub's own refs/pull/* aside), and the clone's refs and HEAD. */
function snapshot(f: GitHubFixture): { remote: string; local: string } {
  return {
    remote: f.repo.git(
      '--git-dir',
      f.bare('octo', 'demo'),
      'for-each-ref',
      '--format=%(refname) %(objectname)',
      'refs/heads/',
    ),
    local: f.repo.git('for-each-ref', '--format=%(refname) %(objectname)') + f.repo.git('rev-parse', 'HEAD'),
  };
}

async function dryRun(f: GitHubFixture): Promise<SubmitPlan & { writes: number }> {
  const before = snapshot(f);
  const mark = f.standin.calls.length;
  const { stdout } = await cli(f, ['submit', '--dry-run', '--json']);
  assert.equal(f.standin.writes(mark).length, 0, 'a dry run makes no write request');
  assert.deepEqual(snapshot(f), before, 'a dry run pushes nothing and rewrites no commit');
  return JSON.parse(stdout) as SubmitPlan & { writes: number };
}

/** The stand-in and the remote show exactly what `plan` said: its requests, its PRs and their bases, its pushes. */
function assertDid(f: GitHubFixture, plan: SubmitPlan, mark: number, remoteBefore: string): void {
  const writes = f.standin.writes(mark).map((c) => c.operationId);
  const native = (op: string) => plan.native.filter((s) => s.op === op).map(() => `pull-request-stacks/${op}`);
  assert.deepEqual(writes, [
    ...native('unstack'),
    ...plan.creates.map(() => 'pulls/create'),
    ...plan.updates.map(() => 'pulls/update'),
    ...native('create'),
    ...native('add'),
  ]);
  const local = f.repo.git('log', '--reverse', '--format=%H', 'origin/main..HEAD').trim().split('\n');
  const open = f.standin.pulls(REPO).filter((p) => p.state === 'open');
  plan.pulls.forEach((planned, i) => {
    const pull = open.find((p) => p.head.ref === planned.branch)!;
    assert.equal(pull.base.ref, planned.base, `base of ${planned.branch}`);
    assert.equal(pull.head.sha, local[i], `${planned.branch} holds the local commit`);
  });
  const bare = (ref: string) =>
    f.repo.git('--git-dir', f.bare('octo', 'demo'), 'rev-parse', '--verify', '-q', ref).trim() || undefined;
  for (const line of remoteBefore.trim().split('\n')) {
    const [ref, sha] = line.split(' ');
    if (!plan.pushes.some((p) => p.ref === ref)) assert.equal(bare(ref), sha, `${ref} not in the plan, not pushed`);
  }
  for (const push of plan.pushes) {
    const now = bare(push.ref);
    assert.notEqual(now, push.old || undefined, `${push.ref} pushed`);
    if (!push.rewritten) assert.equal(now, push.commit);
  }
  assert.equal(
    plan.creates.map((c) => `${c.branch}→${c.base}`).join(' '),
    open
      .filter((p) => p.number > Math.max(0, ...plan.pulls.map((q) => q.number ?? 0)))
      .map((p) => `${p.head.ref}→${p.base.ref}`)
      .join(' '),
  );
}

describe('submit --dry-run', { timeout: 120_000 }, () => {
  let f: GitHubFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('writes nothing, prints what the submit then does, and plans nothing on resubmit', async () => {
    f = await gitHubFixture();
    for (let i = 1; i <= 3; i++) f.repo.commit(`feat: step ${i}`, { [`s${i}.txt`]: `${i}\n` });
    const hashes = f.repo.git('log', '--reverse', '--format=%H', 'origin/main..HEAD').trim().split('\n');

    const plan = await dryRun(f);
    assert.deepEqual(
      plan.trailers.map((t) => t.id),
      hashes.map((h, i) => `step-${i + 1}-${h.slice(0, 6)}`),
    );
    assert.deepEqual(
      plan.pushes.map((p) => [p.branch, p.old, p.rewritten]),
      plan.trailers.map((t) => [`stackline/${t.id}`, '', true]),
    );
    assert.deepEqual(
      plan.creates.map((c) => [c.title, c.base]),
      [
        ['feat: step 1', 'main'],
        ['feat: step 2', `stackline/${plan.trailers[0].id}`],
        ['feat: step 3', `stackline/${plan.trailers[1].id}`],
      ],
    );
    assert.equal(plan.updates.length, 3, 'each new PR gets its stack list');
    assert.deepEqual(plan.native, [{ op: 'create', pulls: plan.pulls.map((p) => ({ branch: p.branch })) }]);
    const text = (await cli(f, ['submit', '--dry-run'])).stdout;
    assert.match(text, /^Submit plan for octo\/demo \(push to origin, trunk main\):$/m);
    assert.match(text, new RegExp(`push +stackline/${plan.trailers[2].id}: \\(new\\) → [0-9a-f]{9} with its new hash`));
    assert.match(text, /open PR +stackline\/step-1-[0-9a-f]{6} → main: feat: step 1/);
    assert.equal(f.standin.pulls(REPO).length, 0);

    let remoteBefore = snapshot(f).remote;
    let mark = f.standin.calls.length;
    await cli(f, ['submit']);
    assertDid(f, plan, mark, remoteBefore);
    // The trailers the plan named are the ones the commits got.
    assert.deepEqual(
      f.repo
        .git('log', '--reverse', '--format=%(trailers:key=Stackline-Id,valueonly)', 'origin/main..HEAD')
        .trim()
        .split(/\n+/),
      plan.trailers.map((t) => t.id),
    );

    const again = await dryRun(f);
    assert.equal(again.writes, 0);
    assert.match((await cli(f, ['submit', '--dry-run'])).stdout, /Nothing to do: GitHub already has this stack\./);
    mark = f.standin.calls.length;
    await cli(f, ['submit']);
    assert.equal(f.standin.writes(mark).length, 0, 'resubmit writes nothing, as planned');

    // Swap the top two: both pushed (leased on what the remote has), both retargeted, every list rewritten.
    const [c1, c2, c3] = f.repo.git('log', '--reverse', '--format=%H', 'origin/main..HEAD').trim().split('\n');
    f.repo.git('reset', '-q', '--hard', c1);
    f.repo.git('cherry-pick', c3, c2);
    const swapped = await dryRun(f);
    assert.equal(swapped.trailers.length, 0);
    assert.deepEqual(
      swapped.pushes.map((p) => [p.branch, p.old]),
      [
        [`stackline/${plan.trailers[2].id}`, c3],
        [`stackline/${plan.trailers[1].id}`, c2],
      ],
    );
    assert.deepEqual(
      swapped.updates.map((u) => [u.number, u.retarget?.to, u.stackListInto !== undefined]),
      [
        [1, undefined, true],
        [3, `stackline/${plan.trailers[0].id}`, true],
        [2, `stackline/${plan.trailers[2].id}`, true],
      ],
    );
    // Native stack #1 holds 1, 2, 3: the order changed below the top, so it is unstacked and made again.
    assert.deepEqual(swapped.native, [
      { op: 'unstack', stack: 1, pulls: [1, 2, 3] },
      {
        op: 'create',
        pulls: [1, 3, 2].map((n) => ({ branch: swapped.pulls.find((p) => p.number === n)!.branch, number: n })),
      },
    ]);
    assert.match(
      (await cli(f, ['submit', '--dry-run'])).stdout,
      /unstack +native stack 1: #1, #2, #3\n(.|\n)*native stack +create: #1, #3, #2/,
    );
    remoteBefore = snapshot(f).remote;
    mark = f.standin.calls.length;
    await cli(f, ['submit']);
    assertDid(f, swapped, mark, remoteBefore);
    assert.equal((await dryRun(f)).writes, 0);
  });

  it('--json needs --dry-run', async () => {
    f = await gitHubFixture();
    const child = spawn(process.execPath, [bundledCli(), 'submit', '--json'], { cwd: f.repo.dir });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    assert.equal(await new Promise((resolve) => child.on('close', resolve)), 2);
    assert.match(stderr, /--json goes with --dry-run/);
  });
});

describe('trunk on one remote, PRs to another', { timeout: 120_000 }, () => {
  let f: GitHubFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('bases the bottom PR on the trunk branch as the PR repository names it', async () => {
    f = await gitHubFixture({ user: 'ada' });
    // ada can push to octo/demo; her clone has her fork as origin (trunk origin/main) and octo/demo as upstream.
    f.standin.addRepo('octo', 'demo', f.bare('octo', 'demo'), { collaborators: ['ada'] });
    mkdirSync(join(f.remotes, 'ada'), { recursive: true });
    execFileSync('git', ['clone', '-q', '--bare', f.bare('octo', 'demo'), f.bare('ada', 'demo')]);
    f.standin.addRepo('ada', 'demo', f.bare('ada', 'demo'), { parent: REPO });
    f.repo.git('remote', 'rename', 'origin', 'upstream');
    f.repo.git('remote', 'add', 'origin', `https://${HOST}/ada/demo.git`);
    f.repo.git('fetch', '-q', 'origin');
    for (let i = 1; i <= 2; i++) f.repo.commit(`feat: t${i}`, { [`t${i}.txt`]: `${i}\n` });
    const session = await f.session();
    assert.equal(session.pushRemote, 'upstream');
    const result = await submitStack({ git: f.git, location: await location(f.repo), session });
    assert.deepEqual(
      result.pulls.map((p) => p.base),
      ['main', result.pulls[0].branch],
    );
    assert.deepEqual(
      f.standin.pulls(REPO).map((p) => [p.head.repo, p.base.ref]),
      [
        [REPO, 'main'],
        [REPO, result.pulls[0].branch],
      ],
    );
  });
});

describe('native stacks: when submit keeps none', { timeout: 120_000 }, () => {
  let f: GitHubFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('a single PR, the setting off, and the setting on where GitHub has none (a named error)', async () => {
    f = await gitHubFixture();
    f.repo.commit('feat: alone', { 'a.txt': 'a\n' });
    const session = await f.session();
    const submit = async (nativeStacks: 'on' | 'off' | 'auto') =>
      submitStack({ git: f!.git, location: await location(f!.repo), session, nativeStacks });
    await submit('auto');
    assert.deepEqual(f.standin.nativeStacks.stacks(REPO), [], 'one PR: no native stack');

    f.repo.commit('feat: second', { 'b.txt': 'b\n' });
    let mark = f.standin.calls.length;
    await submit('off');
    assert.equal(
      f.standin.calls.slice(mark).filter((c) => c.operationId?.startsWith('pull-request-stacks/')).length,
      0,
      'off: not even asked',
    );
    assert.deepEqual(f.standin.nativeStacks.stacks(REPO), []);

    f.standin.nativeStacks.setEnabled(REPO, false);
    await assert.rejects(submit('on'), {
      name: 'ForgeError',
      message:
        'GitHub has no native stacks on octo/demo (its stacks endpoint answers 404), and stackline.github.nativeStacks is on. Set it to auto to submit without them.',
    });
    mark = f.standin.calls.length;
    await submit('auto');
    assert.equal(f.standin.writes(mark).length, 0, 'auto: the stack list in the bodies carries the order');

    f.standin.nativeStacks.setEnabled(REPO, true);
    await submit('on');
    assert.deepEqual(
      f.standin.nativeStacks.stacks(REPO).map((s) => s.pulls),
      [[1, 2]],
      'on asks again instead of trusting the remembered "no"',
    );
  });
});

describe('native stacks: errors', { timeout: 120_000 }, () => {
  let f: GitHubFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('422 from create and a lasting 409 from add say what GitHub refused; the PRs are kept and the next submit finishes', async () => {
    f = await gitHubFixture();
    for (let i = 1; i <= 2; i++) f.repo.commit(`feat: e${i}`, { [`e${i}.txt`]: `${i}\n` });
    const session = await f.session();
    const submit = async () => submitStack({ git: f!.git, location: await location(f!.repo), session });
    f.standin.failNext(422, {
      operationId: 'pull-request-stacks/create',
      body: {
        errors: [{ resource: 'PullRequestStack', code: 'invalid', message: 'Pull request #2 is already in a stack.' }],
      },
    });
    await assert.rejects(submit(), {
      name: 'ForgeError',
      message: 'GitHub refused to stack #1, #2 on GitHub: Pull request #2 is already in a stack.',
    });
    assert.equal(f.standin.pulls(REPO).length, 2, 'the PRs were opened before the stack');
    await submit();
    assert.deepEqual(
      f.standin.nativeStacks.stacks(REPO).map((s) => s.pulls),
      [[1, 2]],
    );

    // A 409 (the stack is being changed by another request) is asked again; one that lasts is named.
    f.repo.commit('feat: e3', { 'e3.txt': '3\n' });
    f.standin.failNext(409, { operationId: 'pull-request-stacks/add', message: 'Stack is being modified' });
    await submit();
    assert.deepEqual(
      f.standin.nativeStacks.stacks(REPO).map((s) => s.pulls),
      [[1, 2, 3]],
    );
    f.repo.commit('feat: e4', { 'e4.txt': '4\n' });
    f.standin.failNext(409, { operationId: 'pull-request-stacks/add', message: 'Stack is being modified', times: 10 });
    await assert.rejects(submit(), /^ForgeError: GitHub could not add #4 to native stack 1: Stack is being modified\./);
  });
});
