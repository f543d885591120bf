// Reviewing someone else's stack against the GitHub stand-in on real git: find a 4-PR stack from a
// PR's URL, read it in one GraphQL request, fetch each PR's own change into Stackline's refs, reply,
// resolve, comment and approve; after an amend and force-push, only the interdiff; a closed PR in
// the middle. Every request is checked against GitHub's OpenAPI description and GraphQL schema.
import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import { ForgeError } from '../../src/core/forge/errors';
import { renderStackSection } from '../../src/core/forge/stackBody';
import { GitRunner } from '../../src/core/git/runner';
import { ensureCommit, fetchPullHeads, interdiff, pullChange } from '../../src/core/review/diffs';
import { findStackForReview, type ReviewStack } from '../../src/core/review/findStack';
import { parsePullRef } from '../../src/core/review/pullRef';
import { checkPullRefRepo, openReviewSession, type ReviewSession } from '../../src/core/review/session';
import { gitHubFixture, HOST, TOKEN, type GitHubFixture } from '../helpers/github';
import { removeTempDirs, repoAt, type TestRepo } from '../helpers/repo';
import { amendSecondAndResubmit, reviewerCloneDir, submitFourPullStack } from '../helpers/reviewStack';

const REPO = 'octo/demo';
const REVIEWER_TOKEN = 'ghp_ReviewerTokenDoNotLeak0123456789ab';
after(removeTempDirs);

/** The reviewer's own clone of octo/demo, signed in as `rev`. */
async function reviewerClone(f: GitHubFixture): Promise<{ repo: TestRepo; git: GitRunner; session: ReviewSession }> {
  const dir = reviewerCloneDir(f);
  const git = new GitRunner(dir);
  const session = await openReviewSession(git, {
    token: REVIEWER_TOKEN,
    apiUrl: f.standin.apiUrl,
    spaceWrites: false,
    waitScale: 0.01,
  });
  return { repo: repoAt(dir, false), git, session };
}

async function openStack(reviewer: { session: ReviewSession; git: GitRunner }, text: string): Promise<ReviewStack> {
  const ref = parsePullRef(text);
  assert.ok(ref, text);
  checkPullRefRepo(reviewer.session, ref);
  const stack = await findStackForReview(reviewer.session.reviews, ref.number, {
    nativeStackOf: reviewer.session.nativeStackOf,
  });
  await fetchPullHeads(
    reviewer.git,
    reviewer.session.remote,
    stack.pulls.map((p) => ({ number: p.number, headSha: p.headSha, baseRef: p.baseRef, open: p.state === 'open' })),
  );
  return stack;
}

describe('review a stack', { timeout: 120_000 }, () => {
  let f: GitHubFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('opens a 4-PR stack by URL in one read, each PR showing its own commit only, with threads and checks', async () => {
    f = await gitHubFixture({ tokens: { [REVIEWER_TOKEN]: 'rev' } });
    const commits = await submitFourPullStack(f);
    f.standin.setChecks(REPO, commits[1], [
      { name: 'build', status: 'completed', conclusion: 'success', detailsUrl: 'https://ci.example/run/7' },
      { name: 'lint', status: 'in_progress', conclusion: null },
    ]);
    f.standin.addReviewThread(REPO, 2, { path: 'b.txt', line: 2, user: 'carol', body: 'Why b 2?' });
    // Found along bases and body lists: this GitHub has no native stacks.
    f.standin.nativeStacks.setEnabled(REPO, false);
    const reviewer = await reviewerClone(f);
    const branchesBefore = reviewer.repo.git('for-each-ref', 'refs/heads', 'refs/remotes');

    const mark = f.standin.calls.length;
    const stack = await openStack(reviewer, `https://${HOST}/octo/demo/pull/3/files`);
    assert.deepEqual(
      stack.pulls.map((p) => [p.number, p.title, p.author, p.state]),
      [
        [1, 'feat: parser', 'octo', 'open'],
        [2, 'feat: lexer', 'octo', 'open'],
        [3, 'feat: printer', 'octo', 'open'],
        [4, 'feat: docs', 'octo', 'open'],
      ],
    );
    assert.equal(stack.focus, 3);
    assert.equal(stack.viewer, 'rev');
    assert.deepEqual(stack.notes, []);
    const reads = f.standin.calls.slice(mark).filter((c) => c.graphql === 'StacklineReviewStack');
    assert.equal(reads.length, 1, 'the whole stack is read in one request');
    assert.ok(
      f.standin.calls.slice(mark).some((c) => c.path === '/api/graphql'),
      "GraphQL on GHES's /api/graphql",
    );

    const second = stack.pulls[1];
    assert.deepEqual(second.checks, [
      { name: 'build', state: 'passing', url: 'https://ci.example/run/7' },
      { name: 'lint', state: 'pending' },
    ]);
    assert.deepEqual(
      second.threads.map((t) => [t.path, t.line, t.side, t.resolved, t.comments.map((c) => [c.author, c.body])]),
      [['b.txt', 2, 'RIGHT', false, [['carol', 'Why b 2?']]]],
    );

    // Each PR's change is its own commit: the files it touches, against its commit's parent.
    const changes = await Promise.all(
      stack.pulls.map((p, i) => pullChange(reviewer.git, p.number, stack.pulls[i - 1]?.number)),
    );
    assert.deepEqual(
      changes.map((c) => c.files.map((file) => `${file.status} ${file.path}`)),
      [['added a.txt'], ['modified a.txt', 'added b.txt'], ['modified b.txt', 'added c.txt'], ['added docs.md']],
    );
    changes.forEach((c, i) => {
      assert.equal(c.head, commits[i]);
      assert.equal(c.base, reviewer.repo.git('rev-parse', `${commits[i]}^`).trim());
    });
    assert.equal(reviewer.repo.git('for-each-ref', 'refs/heads', 'refs/remotes'), branchesBefore, 'no user ref moved');
    assert.match(reviewer.repo.git('for-each-ref', '--format=%(refname)', 'refs/stackline/review/'), /\/3\/head\n/);
  });

  it("takes the order from GitHub's native stack where it has one, in two reads of links", async () => {
    f = await gitHubFixture({ tokens: { [REVIEWER_TOKEN]: 'rev' } });
    await submitFourPullStack(f);
    assert.deepEqual(
      f.standin.nativeStacks.stacks(REPO).map((s) => s.pulls),
      [[1, 2, 3, 4]],
    );
    const reviewer = await reviewerClone(f);
    const mark = f.standin.calls.length;
    const stack = await openStack(reviewer, '#2');
    assert.deepEqual(
      stack.pulls.map((p) => p.number),
      [1, 2, 3, 4],
    );
    const served = f.standin.calls.slice(mark);
    assert.equal(served.filter((c) => c.graphql === 'StacklineReviewLinks').length, 2);
    assert.equal(served.filter((c) => c.path === '/repos/octo/demo/stacks').length, 1);
  });

  it('replies, resolves and unresolves, starts a thread, approves with a comment, and marks the PR reviewed at its head', async () => {
    f = await gitHubFixture({ tokens: { [REVIEWER_TOKEN]: 'rev' } });
    const commits = await submitFourPullStack(f);
    f.standin.addReviewThread(REPO, 2, { path: 'b.txt', line: 2, user: 'carol', body: 'Why b 2?' });
    const reviewer = await reviewerClone(f);
    let stack = await openStack(reviewer, `https://${HOST}/octo/demo/pull/2`);
    const { reviews } = reviewer.session;
    const thread = stack.pulls[1].threads[0];

    await reviews.reply(2, thread.comments[0].id, 'Agreed, rename it.');
    await reviews.setResolved(thread.id, true);
    assert.deepEqual(
      f.standin.reviewThreads(REPO, 2).map((t) => [t.resolved, t.comments.map((c) => `${c.user}: ${c.body}`)]),
      [[true, ['carol: Why b 2?', 'rev: Agreed, rename it.']]],
    );
    const page = await (await fetch(`${f.standin.url}/octo/demo/pull/2`)).text();
    assert.match(page, /b\.txt:2<\/code> \(new side\) · resolved/);
    assert.match(page, /Agreed, rename it\./);
    await reviews.setResolved(thread.id, false);
    assert.equal(f.standin.reviewThreads(REPO, 2)[0].resolved, false);

    await reviews.startThread(3, commits[2], { path: 'b.txt', line: 2, side: 'RIGHT', body: 'Nice.' });
    await assert.rejects(
      reviews.startThread(3, commits[2], { path: 'docs.md', line: 1, side: 'RIGHT', body: 'Not in #3' }),
      (e: unknown) => e instanceof ForgeError && e.kind === 'validation',
    );
    const suggestion = '```suggestion\nb 2\n```';
    await reviews.submitReview(2, {
      event: 'APPROVE',
      body: '',
      commit: commits[1],
      comments: [{ path: 'a.txt', line: 5, side: 'RIGHT', body: suggestion }],
    });
    assert.deepEqual(
      f.standin.pull(REPO, 2).reviews.map((r) => [r.user, r.state, r.sha]),
      [['rev', 'APPROVED', commits[1]]],
    );
    assert.deepEqual(
      f.standin.reviewThreads(REPO, 2).map((t) => [t.path, t.line, t.comments[0].body]),
      [
        ['b.txt', 2, 'Why b 2?'],
        ['a.txt', 5, suggestion],
      ],
    );

    stack = await openStack(reviewer, '#2');
    assert.deepEqual(stack.pulls[1].viewerReviews.at(-1)?.commit, stack.pulls[1].headSha);
    assert.equal(stack.pulls[1].reviewDecision, undefined, 'only main requires reviews in the stand-in');
    assert.equal(stack.pulls[0].viewerReviews.length, 0);
    assert.deepEqual(
      stack.pulls[2].threads.map((t) => [t.path, t.line, t.comments[0].author]),
      [['b.txt', 2, 'rev']],
    );

    // GitHub refuses an approval of one's own PR.
    const author = await openReviewSession(f.git, { token: TOKEN, apiUrl: f.standin.apiUrl, spaceWrites: false });
    await assert.rejects(
      author.reviews.submitReview(1, { event: 'APPROVE', body: '', commit: commits[0], comments: [] }),
      (e: unknown) => e instanceof ForgeError && e.kind === 'validation' && /your own pull request/.test(e.message),
    );
  });

  it('after the middle commit is amended and force-pushed, shows only what changed since the review, and nothing new above it', async () => {
    f = await gitHubFixture({ tokens: { [REVIEWER_TOKEN]: 'rev' } });
    const commits = await submitFourPullStack(f);
    const reviewer = await reviewerClone(f);
    await openStack(reviewer, '#2');
    for (const [n, sha] of [
      [2, commits[1]],
      [3, commits[2]],
    ] as const)
      await reviewer.session.reviews.submitReview(n, { event: 'APPROVE', body: '', commit: sha, comments: [] });

    await amendSecondAndResubmit(f, commits);
    assert.notEqual(f.standin.pull(REPO, 2).head.sha, commits[1], 'force-pushed');

    for (const fresh of [false, true]) {
      // The same clone (which kept the reviewed heads) and a fresh one (which fetches them by id).
      const who = fresh ? await reviewerClone(f) : reviewer;
      const stack = await openStack(who, '#3');
      const [, second, third] = stack.pulls;
      const reviewedSecond = second.viewerReviews.at(-1)!.commit!;
      assert.equal(reviewedSecond, commits[1]);
      assert.ok(await ensureCommit(who.git, who.session.remote, 2, reviewedSecond));
      const since = await interdiff(who.git, await pullChange(who.git, 2), reviewedSecond);
      assert.equal(since.nothingNew, false);
      assert.equal(since.conflicted, false);
      assert.deepEqual(
        since.files.map((file) => `${file.status} ${file.path}`),
        ['modified b.txt'],
      );
      const diff = who.repo.git('diff', since.base, since.head, '--', 'b.txt');
      assert.match(diff, /^-b 5$/m);
      assert.match(diff, /^\+b FIVE$/m);
      assert.doesNotMatch(diff, /a five/);

      // #3's own change is the same as the one approved, though its base moved.
      const reviewedThird = third.viewerReviews.at(-1)!.commit!;
      assert.notEqual(reviewedThird, third.headSha);
      assert.ok(await ensureCommit(who.git, who.session.remote, 3, reviewedThird));
      const third2 = await interdiff(who.git, await pullChange(who.git, 3), reviewedThird);
      assert.equal(third2.nothingNew, true);
    }
  });

  it('names a closed PR in the middle, and finds the stack from any of its PRs', async () => {
    f = await gitHubFixture({ tokens: { [REVIEWER_TOKEN]: 'rev' } });
    await submitFourPullStack(f);
    const session = await f.session();
    await session.forge.updatePull(2, { state: 'closed' });
    const reviewer = await reviewerClone(f);
    for (const start of ['#1', '#4', `https://${HOST}/octo/demo/pull/2`]) {
      const stack = await openStack(reviewer, start);
      assert.deepEqual(
        stack.pulls.map((p) => [p.number, p.state]),
        [
          [1, 'open'],
          [2, 'closed'],
          [3, 'open'],
          [4, 'open'],
        ],
        start,
      );
      assert.equal(stack.notes.length, 1);
      assert.match(stack.notes[0], /#2 in the middle of the stack is closed without merging/);
    }
    const changes = await pullChange(reviewer.git, 3);
    assert.deepEqual(
      changes.files.map((file) => file.path),
      ['b.txt', 'c.txt'],
    );
  });

  it('orders PRs that all target trunk (as from a fork) by the stack list in their bodies', async () => {
    f = await gitHubFixture({ tokens: { [REVIEWER_TOKEN]: 'rev' } });
    f.standin.nativeStacks.setEnabled(REPO, false);
    const { forge } = await f.session();
    const titles = ['feat: one', 'feat: two', 'feat: three'];
    for (const [i, title] of titles.entries()) {
      f.repo.commit(title, { [`f${i}.txt`]: `${i}\n` });
      f.repo.git('push', '-q', 'origin', `HEAD:refs/heads/fork-${i}`);
    }
    const pulls = [];
    for (const [i, title] of titles.entries())
      pulls.push(await forge.createPull({ head: `fork-${i}`, base: 'main', title, body: '', draft: false }));
    const entries = [...pulls].reverse().map((p) => ({ number: p.number, title: p.title, merged: false }));
    for (const pull of pulls)
      await forge.updatePull(pull.number, { body: renderStackSection(entries, pull.number, true) });
    const reviewer = await reviewerClone(f);
    const stack = await openStack(reviewer, '#2');
    assert.deepEqual(
      stack.pulls.map((p) => [p.number, p.baseRef]),
      [
        [1, 'main'],
        [2, 'main'],
        [3, 'main'],
      ],
    );
    // Each PR targets trunk, so GitHub's diff of #3 holds #1 and #2 too; its own change is one file.
    assert.deepEqual(
      (await pullChange(reviewer.git, 3)).files.map((file) => file.path),
      ['f0.txt', 'f1.txt', 'f2.txt'],
    );
    assert.deepEqual(
      (await pullChange(reviewer.git, 3, 2)).files.map((file) => file.path),
      ['f2.txt'],
    );
  });

  it('refuses a PR address of another repository or host', async () => {
    f = await gitHubFixture({ tokens: { [REVIEWER_TOKEN]: 'rev' } });
    const reviewer = await reviewerClone(f);
    for (const text of [`https://${HOST}/someone/else/pull/1`, 'https://github.com/octo/demo/pull/1']) {
      assert.throws(
        () => checkPullRefRepo(reviewer.session, parsePullRef(text)!),
        (e: unknown) => e instanceof ForgeError && e.kind === 'config',
      );
    }
    checkPullRefRepo(reviewer.session, parsePullRef(`https://${HOST.toUpperCase()}/OCTO/demo/pull/1`)!);
  });
});
