// Submit against the GitHub stand-in on real git: a 5-commit stack, then resubmit, amend, reorder,
// insert and drop, and a submit killed half-way. Every request and response is checked against
// GitHub's OpenAPI description by the stand-in (close() fails the test on a mismatch).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { parseStackSection } from '../../src/core/forge/stackBody';
import { runOperation, undoOperation } from '../../src/core/operations';
import { submitStack } from '../../src/core/forge/submit';
import { gitHubFixture, location, TOKEN, type GitHubFixture } from '../helpers/github';
import { removeTempDirs, tempDir, type TestRepo } from '../helpers/repo';

const REPO = 'octo/demo';
const CLI = join(__dirname, '..', '..', 'src', 'cli', 'main.ts');

after(removeTempDirs);

/** Runs `git rebase -i <base>` with the given todo lines (pick <hash>, exec …). */
function rebaseWith(repo: TestRepo, base: string, todo: string[]): void {
  const file = join(tempDir(), 'todo');
  writeFileSync(file, `${todo.join('\n')}\n`);
  repo.git('-c', `sequence.editor=cp ${file}`, 'rebase', '-q', '-i', base);
}

function stackCommits(repo: TestRepo): { hash: string; title: string }[] {
  return repo
    .git('log', '--reverse', '--format=%H %s', 'origin/main..HEAD')
    .trim()
    .split('\n')
    .map((line) => {
      const [hash, ...title] = line.split(' ');
      return { hash, title: title.join(' ') };
    });
}

/** Every local commit has one open PR whose head is that commit, based on the PR below, and whose body lists the stack. */
function assertStackOnGitHub(f: GitHubFixture): number[] {
  const commits = stackCommits(f.repo);
  const open = f.standin.pulls(REPO).filter((p) => p.state === 'open');
  const pulls = commits.map((c) => {
    const matches = open.filter((p) => p.head.sha === c.hash);
    assert.equal(matches.length, 1, `one open PR for ${c.title}`);
    assert.equal(matches[0].title.replace(/^feat: /, ''), c.title.replace(/^feat: /, ''));
    return matches[0];
  });
  pulls.forEach((pull, i) =>
    assert.equal(pull.base.ref, i === 0 ? 'main' : pulls[i - 1].head.ref, `base of #${pull.number}`),
  );
  const numbers = pulls.map((p) => p.number);
  for (const pull of pulls) {
    const listed = parseStackSection(pull.body ?? '')
      .filter((e) => !e.merged)
      .map((e) => e.number);
    assert.deepEqual(listed, [...numbers].reverse(), `stack list in #${pull.number}`);
    assert.match(pull.body ?? '', new RegExp(`\\*\\*#${pull.number} .*\\*\\* ⬅ this PR`));
  }
  // The remote branches are exactly the local commits.
  for (const pull of pulls)
    assert.equal(
      f.repo.git('--git-dir', f.bare('octo', 'demo'), 'rev-parse', `refs/heads/${pull.head.ref}`).trim(),
      pull.head.sha,
    );
  return numbers;
}

/** The open PRs of the native stack that holds the first local commit's PR, bottom first. */
function nativeStackOf(f: GitHubFixture): number[] | undefined {
  const stacks = f.standin.nativeStacks.stacks(REPO);
  const open = f.standin.pulls(REPO).filter((p) => p.state === 'open');
  const first = open.find((p) => p.head.sha === stackCommits(f.repo)[0].hash)?.number;
  const stack = stacks.find((s) => s.pulls.includes(first!));
  return stack?.pulls.filter((n) => open.some((p) => p.number === n));
}

describe('submit', { timeout: 120_000 }, () => {
  let f: GitHubFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  for (const native of [false, true])
    it(`opens a chained PR per commit, writes nothing on resubmit, and updates only what amend, reorder, insert, drop and add on top change (${native ? 'with' : 'without'} native stacks)`, async () => {
      f = await gitHubFixture();
      f.standin.nativeStacks.setEnabled(REPO, native);
      const stackWrites = (since: number) =>
        f!.standin
          .writes(since)
          .map((c) => c.operationId)
          .filter((op) => op?.startsWith('pull-request-stacks/'));
      for (let i = 1; i <= 5; i++) f.repo.commit(`feat: step ${i}`, { [`s${i}.txt`]: `${i}\n` });
      const session = await f.session();
      const submit = async () => submitStack({ git: f!.git, location: await location(f!.repo), session });

      const first = await submit();
      assert.equal(first.idsAdded, 5);
      assert.equal(first.pulls.filter((p) => p.created).length, 5);
      const numbers = assertStackOnGitHub(f);
      // 1 lookup, 1 question whether native stacks exist, create and body update per PR (the target
      // "≤ 2 per new PR + 1 lookup"), and the native stack where there are.
      assert.equal(f.standin.calls.length, native ? 13 : 12);
      assert.equal(f.standin.writes().length, native ? 11 : 10);
      assert.deepEqual(stackWrites(0), native ? ['pull-request-stacks/create'] : []);
      assert.deepEqual(nativeStackOf(f), native ? numbers : undefined);
      assert.match(f.repo.git('log', '-1', '--format=%B'), /\n\nStackline-Id: step-5-[0-9a-f]{6}\n/);

      let mark = f.standin.calls.length;
      const again = await submit();
      assert.equal(again.idsAdded, 0);
      assert.equal(f.standin.writes(mark).length, 0, 'resubmit with nothing changed writes nothing');
      assert.deepEqual(
        f.standin.calls.slice(mark).map((c) => c.operationId),
        // Where GitHub has no native stacks, it is remembered and not asked again.
        native ? ['pulls/list', 'pull-request-stacks/list'] : ['pulls/list'],
      );

      // Amend the middle commit: 3 branches pushed, no PR write (bases and stack list unchanged).
      let commits = stackCommits(f.repo);
      rebaseWith(f.repo, 'origin/main', [
        ...commits.slice(0, 3).map((c) => `pick ${c.hash}`),
        `exec sh -c 'echo amended >> s3.txt && git commit -q -a --amend --no-edit'`,
        ...commits.slice(3).map((c) => `pick ${c.hash}`),
      ]);
      mark = f.standin.calls.length;
      const amended = await submit();
      assert.deepEqual(
        amended.pulls.map((p) => p.pushed),
        [false, false, true, true, true],
      );
      assert.equal(f.standin.writes(mark).length, 0);
      assert.deepEqual(assertStackOnGitHub(f), numbers);

      // Reorder 4 and 5: two bases change; every stack list changes order.
      commits = stackCommits(f.repo);
      rebaseWith(
        f.repo,
        'origin/main',
        [commits[0], commits[1], commits[2], commits[4], commits[3]].map((c) => `pick ${c.hash}`),
      );
      mark = f.standin.calls.length;
      await submit();
      assert.deepEqual(assertStackOnGitHub(f), [numbers[0], numbers[1], numbers[2], numbers[4], numbers[3]]);
      assert.equal(
        f.standin.writes(mark).filter((c) => c.operationId === 'pulls/create').length,
        0,
        'reorder opens no PR',
      );
      // The order changed below the top: unstacked and stacked again, in the new order.
      assert.deepEqual(stackWrites(mark), native ? ['pull-request-stacks/unstack', 'pull-request-stacks/create'] : []);
      assert.deepEqual(
        nativeStackOf(f),
        native ? [numbers[0], numbers[1], numbers[2], numbers[4], numbers[3]] : undefined,
      );

      // Insert a commit after step 2: one new PR, the PR above it rebased onto it.
      commits = stackCommits(f.repo);
      rebaseWith(f.repo, 'origin/main', [
        ...commits.slice(0, 2).map((c) => `pick ${c.hash}`),
        `exec sh -c 'echo new > inserted.txt && git add inserted.txt && git commit -q -m "feat: inserted"'`,
        ...commits.slice(2).map((c) => `pick ${c.hash}`),
      ]);
      mark = f.standin.calls.length;
      const inserted = await submit();
      assert.equal(inserted.pulls.filter((p) => p.created).length, 1);
      assert.equal(f.standin.writes(mark).filter((c) => c.operationId === 'pulls/create').length, 1);
      const afterInsert = assertStackOnGitHub(f);
      assert.equal(afterInsert.length, 6);
      assert.deepEqual(stackWrites(mark), native ? ['pull-request-stacks/unstack', 'pull-request-stacks/create'] : []);
      assert.deepEqual(nativeStackOf(f), native ? afterInsert : undefined);

      // Drop the inserted commit: its PR stays open and is reported; the one above goes back onto step 2.
      commits = stackCommits(f.repo);
      rebaseWith(
        f.repo,
        'origin/main',
        commits.filter((c) => c.title !== 'feat: inserted').map((c) => `pick ${c.hash}`),
      );
      const droppedNumber = afterInsert[2];
      mark = f.standin.calls.length;
      const dropped = await submit();
      assert.deepEqual(
        dropped.dropped.map((p) => p.number),
        [droppedNumber],
      );
      assert.equal(f.standin.pull(REPO, droppedNumber).state, 'open');
      const afterDrop = assertStackOnGitHub(f);
      assert.deepEqual(stackWrites(mark), native ? ['pull-request-stacks/unstack', 'pull-request-stacks/create'] : []);
      assert.deepEqual(nativeStackOf(f), native ? afterDrop : undefined);

      mark = f.standin.calls.length;
      await submit();
      assert.equal(f.standin.writes(mark).length, 0, 'stable again after the drop');

      // A commit on top: one new PR, appended to the native stack.
      f.repo.commit('feat: step 6', { 's6.txt': '6\n' });
      mark = f.standin.calls.length;
      await submit();
      const afterAdd = assertStackOnGitHub(f);
      assert.deepEqual(stackWrites(mark), native ? ['pull-request-stacks/add'] : []);
      assert.deepEqual(nativeStackOf(f), native ? afterAdd : undefined);
    });

  it("on a stack that forks, submits one line and leaves the other line's PRs alone; a commit really gone is still reported", async () => {
    f = await gitHubFixture();
    for (const title of ['chore: prepare', 'feat: token bucket', 'feat: middleware', 'docs: limits'])
      f.repo.commit(title, { [`${title.length}.txt`]: `${title}\n` });
    const session = await f.session();
    const submit = async (top?: string) =>
      submitStack({ git: f!.git, location: await location(f!.repo), session, top });
    const [, , middlewarePr, docsPr] = (await submit()).pulls.map((p) => p.number);
    const docs = f.repo.head();

    // A second child of middleware, next to docs (which keeps its branch, main).
    f.repo.git('switch', '-q', '--detach', 'HEAD~1');
    f.repo.commit('feat: configurable max', { 'max.txt': 'max\n' });
    const forked = await submit();
    assert.deepEqual(
      forked.pulls.map((p) => p.title),
      ['chore: prepare', 'feat: token bucket', 'feat: middleware', 'feat: configurable max'],
      "HEAD's line",
    );
    assert.deepEqual(forked.dropped, [], 'docs is still a draft of the stack');
    const maxPr = forked.pulls[3].number;
    assert.deepEqual(
      f.standin.nativeStacks.stacks(REPO).map((s) => s.pulls),
      [[1, 2, middlewarePr, docsPr]],
      'a stack that forks gets no native stack for a line; the one from before it forked is left as it was',
    );
    assert.equal(f.standin.pull(REPO, docsPr).state, 'open');
    assert.equal(
      f.standin.pull(REPO, docsPr).base.ref,
      f.standin.pull(REPO, middlewarePr).head.ref,
      'docs still sits on middleware',
    );

    // The other line, by its top: the max PR is left alone too.
    const other = await submit(docs);
    assert.deepEqual(other.pulls.map((p) => p.number).at(-1), docsPr);
    assert.deepEqual(other.dropped, []);

    // A commit that left every line is still reported (and left open).
    f.repo.commit('feat: burst size', { 'burst.txt': 'burst\n' });
    const burstPr = (await submit()).pulls[4].number;
    f.repo.git('switch', '-q', '--detach', 'HEAD~1');
    const gone = await submit();
    assert.deepEqual(
      gone.dropped.map((p) => p.number),
      [burstPr],
    );
    assert.equal(f.standin.pull(REPO, burstPr).state, 'open');
    assert.equal(f.standin.pull(REPO, maxPr).state, 'open');
  });

  it("keeps a commit's own local branch name and needs no trailer for it", async () => {
    f = await gitHubFixture();
    f.repo.git('checkout', '-q', '-b', 'feature/parser');
    f.repo.commit('feat: parser', { 'p.txt': 'p\n' });
    const before = f.repo.head();
    const result = await submitStack({ git: f.git, location: await location(f.repo), session: await f.session() });
    assert.equal(result.idsAdded, 0);
    assert.equal(f.repo.head(), before, 'no rewrite');
    assert.equal(result.pulls[0].branch, 'feature/parser');
    assert.equal(f.standin.pull(REPO, 1).head.ref, 'feature/parser');
  });

  it('adds the Stackline-Id trailers as one operation that stackline undo reverts', async () => {
    f = await gitHubFixture();
    f.repo.commit('feat: one', { 'one.txt': '1\n' });
    f.repo.commit('feat: two', { 'two.txt': '2\n' });
    const before = f.repo.head();
    const dates = f.repo.git('log', '--format=%cI %cn', 'origin/main..HEAD');
    const loc = await location(f.repo);
    await submitStack({ git: f.git, location: loc, session: await f.session() });
    assert.notEqual(f.repo.head(), before);
    assert.match(f.repo.git('log', '-1', '--format=%B'), /Stackline-Id: two-/);
    assert.equal(
      f.repo.git('log', '--format=%cI %cn', 'origin/main..HEAD'),
      dates,
      "adding the trailer keeps each commit's committer and date",
    );
    await runOperation({ git: f.git, repo: loc }, undoOperation());
    assert.equal(f.repo.head(), before, 'HEAD and its branch are back on the original commits');
    assert.doesNotMatch(f.repo.git('log', '--format=%B', 'origin/main..HEAD'), /Stackline-Id/);
  });

  it('completes a submit killed half-way on the next run, without duplicate branches or PRs', async () => {
    f = await gitHubFixture();
    for (let i = 1; i <= 4; i++) f.repo.commit(`feat: part ${i}`, { [`p${i}.txt`]: `${i}\n` });
    const env = { ...process.env, GITHUB_TOKEN: TOKEN, STACKLINE_GITHUB_API_URL: f.standin.apiUrl };
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, '-C', f.repo.dir, 'submit'], {
      env,
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Kill the process as soon as GitHub has served its second new PR.
    const killer = setInterval(() => {
      if (f!.standin.calls.filter((c) => c.operationId === 'pulls/create').length >= 2) child.kill('SIGKILL');
    }, 2);
    const code = await exited;
    clearInterval(killer);
    assert.equal(code, null, 'the first submit was killed');
    const halfway = f.standin.pulls(REPO).length;
    assert.ok(halfway >= 2 && halfway < 4, `killed after ${halfway} PRs`);

    const rerun = spawn(process.execPath, ['--import', 'tsx', CLI, '-C', f.repo.dir, 'submit'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    rerun.stdout.on('data', (d: Buffer) => (out += d.toString()));
    rerun.stderr.on('data', (d: Buffer) => (out += d.toString()));
    assert.equal(await new Promise((resolve) => rerun.on('exit', resolve)), 0, out);
    assert.equal(f.standin.pulls(REPO).length, 4, 'no duplicate PRs');
    assertStackOnGitHub(f);
    const branches = f.repo
      .git('--git-dir', f.bare('octo', 'demo'), 'for-each-ref', '--format=%(refname)', 'refs/heads/stackline')
      .trim()
      .split('\n');
    assert.equal(branches.length, 4, 'no duplicate branches');
  });
});
