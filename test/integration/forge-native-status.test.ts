// GitHub native stacks and the merge queue in the smartlog's PR status (what the Stacks tree and the
// graph show): each PR's stack number and place, a mismatch when GitHub stacks a PR on another PR
// than the local line does, a queued PR's place in the merge queue; and the PR bodies without the
// stack list when the setting leaves it to the native stack map. Real git, the GitHub stand-in.
import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import { landAll } from '../../src/core/forge/landAll';
import { hasStackSection } from '../../src/core/forge/stackBody';
import { pullStatusesFor } from '../../src/core/forge/status';
import { submitStack } from '../../src/core/forge/submit';
import { buildSmartlog } from '../../src/core/smartlog/build';
import { gitHubFixture, landInput, location, makeReady, submittedStack, type GitHubFixture } from '../helpers/github';
import { removeTempDirs } from '../helpers/repo';

const REPO = 'octo/demo';
after(removeTempDirs);

async function statusesByNumber(f: GitHubFixture) {
  const loc = await location(f.repo);
  const statuses = await pullStatusesFor(f.git, loc, await f.session(), await buildSmartlog(f.git, loc));
  return new Map([...statuses.values()].map((s) => [s.number, s]));
}

describe('native stacks and the merge queue in PR status', { timeout: 120_000 }, () => {
  let f: GitHubFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it("names each PR's native stack and place; one stack read for the line", async () => {
    f = await submittedStack(3);
    const mark = f.standin.calls.length;
    const byNumber = await statusesByNumber(f);
    assert.deepEqual(
      [1, 2, 3].map((n) => byNumber.get(n)!.nativeStack),
      [
        { number: 1, position: 1, size: 3 },
        { number: 1, position: 2, size: 3 },
        { number: 1, position: 3, size: 3 },
      ],
    );
    assert.equal(
      f.standin.calls.slice(mark).filter((c) => c.operationId === 'pull-request-stacks/list').length,
      1,
      'the bottom PR names the stack of the whole line',
    );
    assert.deepEqual(f.standin.violations, []);
  });

  it('a PR GitHub stacks on another PR than the local line does is a mismatch naming both', async () => {
    f = await submittedStack(3);
    // Swap the top two commits locally, without submitting: GitHub still has 1 ← 2 ← 3.
    const [second, third] = ['HEAD~1', 'HEAD'].map((r) => f!.repo.git('rev-parse', r).trim());
    f.repo.git('reset', '-q', '--hard', 'HEAD~2');
    f.repo.git('cherry-pick', third, second);
    const byNumber = await statusesByNumber(f);
    assert.deepEqual(byNumber.get(1)!.nativeStack, { number: 1, position: 1, size: 3 });
    assert.deepEqual(byNumber.get(3)!.nativeStack, {
      number: 1,
      position: 3,
      size: 3,
      mismatch: { nativeBelow: 2, localBelow: 1 },
    });
    assert.deepEqual(byNumber.get(2)!.nativeStack, {
      number: 1,
      position: 2,
      size: 3,
      mismatch: { nativeBelow: 1, localBelow: 3 },
    });
    // Submitting again makes them match.
    await submitStack({ git: f.git, location: await location(f.repo), session: await f.session() });
    const after = await statusesByNumber(f);
    assert.ok(
      [...after.values()].every((s) => s.nativeStack && !s.nativeStack.mismatch),
      JSON.stringify([...after.values()].map((s) => s.nativeStack)),
    );
  });

  it('with native stacks off, or none on the repository: no stack reads and no marks', async () => {
    f = await submittedStack(2, { nativeStacks: false });
    const mark = f.standin.calls.length;
    const byNumber = await statusesByNumber(f);
    assert.equal(byNumber.get(1)!.nativeStack, undefined);
    assert.equal(f.standin.calls.slice(mark).filter((c) => c.operationId?.startsWith('pull-request-stacks')).length, 0);
    const loc = await location(f.repo);
    const off = await pullStatusesFor(f.git, loc, await f.session(), await buildSmartlog(f.git, loc), 'off');
    assert.ok([...off.values()].every((s) => !s.nativeStack));
  });

  it("a PR in the base branch's merge queue shows its place there", async () => {
    f = await submittedStack(2);
    for (const n of [1, 2]) makeReady(f, n);
    f.standin.nativeStacks.setMergeQueue(REPO, 'main', true);
    const result = await landAll(await landInput(f));
    assert.equal(result.queued, 2);
    const byNumber = await statusesByNumber(f);
    assert.equal(byNumber.get(2)!.queuePosition, 1);
    assert.equal(byNumber.get(1)!.queuePosition, undefined);
    assert.equal(byNumber.get(2)!.state, 'open');
    assert.deepEqual(f.standin.violations, []);
  });

  it('stackListInBody withoutNativeStack: the bodies carry no list, a resubmit writes nothing, always puts it back', async () => {
    f = await gitHubFixture();
    for (let i = 1; i <= 3; i++) f.repo.commit(`feat: layer ${i}`, { [`l${i}.txt`]: `${i}\n` });
    const input = async () => ({ git: f!.git, location: await location(f!.repo), session: await f!.session() });
    await submitStack({ ...(await input()), stackListInBody: 'withoutNativeStack' });
    assert.deepEqual(
      f.standin.nativeStacks.stacks(REPO).map((s) => s.pulls),
      [[1, 2, 3]],
    );
    assert.deepEqual(
      [1, 2, 3].map((n) => hasStackSection(f!.standin.pull(REPO, n).body ?? '')),
      [false, false, false],
    );
    const mark = f.standin.calls.length;
    await submitStack({ ...(await input()), stackListInBody: 'withoutNativeStack' });
    assert.deepEqual(f.standin.writes(mark), [], 'nothing to write');
    await submitStack({ ...(await input()), stackListInBody: 'always' });
    assert.deepEqual(
      [1, 2, 3].map((n) => hasStackSection(f!.standin.pull(REPO, n).body ?? '')),
      [true, true, true],
    );
    // And back: the list goes, the author's text stays.
    await submitStack({ ...(await input()), stackListInBody: 'withoutNativeStack' });
    assert.equal(hasStackSection(f.standin.pull(REPO, 2).body ?? ''), false);
    assert.deepEqual(f.standin.violations, []);
  });
});
