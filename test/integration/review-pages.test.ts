// Large PRs read completely, outdated threads and the Viewed checkbox, against the GitHub stand-in
// on real git: a PR with 130 files, 120 threads (one with 105 comments on the second page) and 105
// check runs reads in one request plus follow-ups only for the connections with a next page,
// batched across PRs; a force-push that changes a commented line makes that thread outdated; files
// marked viewed read back VIEWED, and DISMISSED once a push changes them. Every request is checked
// against GitHub's schema (no violations).
import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { openForgeSession } from '../../src/core/forge/session';
import { submitStack } from '../../src/core/forge/submit';
import { discoverRepository } from '../../src/core/git/repository';
import { GitRunner } from '../../src/core/git/runner';
import { findStackForReview } from '../../src/core/review/findStack';
import { openReviewSession, type ReviewSession } from '../../src/core/review/session';
import { gitHubFixture, HOST, location, TOKEN, type GitHubFixture } from '../helpers/github';
import { removeTempDirs, repoAt, tempDir } from '../helpers/repo';
import { amendSecondAndResubmit, reviewerCloneDir, submitFourPullStack } from '../helpers/reviewStack';

const REPO = 'octo/demo';
const REVIEWER_TOKEN = 'ghp_ReviewerTokenDoNotLeak0123456789ab';
after(removeTempDirs);

async function reviewer(f: GitHubFixture): Promise<ReviewSession> {
  return openReviewSession(new GitRunner(reviewerCloneDir(f)), {
    token: REVIEWER_TOKEN,
    apiUrl: f.standin.apiUrl,
    spaceWrites: false,
    waitScale: 0.01,
  });
}

const file = (i: number) => `src/f${String(i).padStart(3, '0')}.txt`;

describe('review reads of large PRs, outdated threads and viewed files', { timeout: 120_000 }, () => {
  let f: GitHubFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('reads 130 files, 120 threads, 105 comments and 105 check runs with follow-ups batched across PRs', async () => {
    f = await gitHubFixture({ tokens: { [REVIEWER_TOKEN]: 'rev' } });
    f.repo.commit(
      'feat: many files',
      Object.fromEntries(Array.from({ length: 130 }, (_, i) => [file(i), `line 1 of ${i}\nline 2\n`])),
    );
    f.repo.commit('feat: on top', { 'top.txt': 'top\n' });
    await submitStack({ git: f.git, location: await location(f.repo), session: await f.session() });
    const top = f.standin.pull(REPO, 2).head.sha;
    f.standin.setChecks(
      REPO,
      top,
      Array.from({ length: 105 }, (_, i) => ({
        name: `check ${i}`,
        status: 'completed' as const,
        conclusion: i === 104 ? ('failure' as const) : ('success' as const),
      })),
    );
    for (let i = 0; i < 120; i++)
      f.standin.addReviewThread(REPO, 1, { path: file(i), line: 1, user: 'carol', body: `thread ${i}` });
    // On the second page of threads, so its comments are read on in a second round.
    const long = f.standin.reviewThreads(REPO, 1)[110];
    for (let i = 1; i < 105; i++) f.standin.addReviewReply(long, { user: 'dave', body: `reply ${i}` });
    f.standin.nativeStacks.setEnabled(REPO, false);

    const session = await reviewer(f);
    const mark = f.standin.calls.length;
    const stack = await findStackForReview(session.reviews, 2);
    const [first, second] = stack.pulls;
    assert.equal(first.files.length, 130);
    assert.deepEqual(first.files[129], { path: file(129), viewed: 'UNVIEWED' });
    assert.equal(new Set(first.files.map((x) => x.path)).size, 130, 'no file read twice');
    assert.equal(first.threads.length, 120);
    assert.deepEqual(
      first.threads.map((t) => t.comments[0].body),
      Array.from({ length: 120 }, (_, i) => `thread ${i}`),
    );
    const longRead = first.threads[110];
    assert.equal(longRead.comments.length, 105);
    assert.equal(longRead.comments.at(-1)?.body, 'reply 104');
    assert.equal(second.checks.length, 105);
    assert.equal(second.checks.at(-1)?.state, 'failing');
    assert.deepEqual(second.files, [{ path: 'top.txt', viewed: 'UNVIEWED' }]);

    const reads = f.standin.calls
      .slice(mark)
      .filter((c) => c.graphql === 'StacklineReviewStack' || c.graphql === 'StacklineReviewMore');
    assert.deepEqual(
      reads.map((c) => c.graphql),
      ['StacklineReviewStack', 'StacklineReviewMore', 'StacklineReviewMore'],
      "one read, one follow-up for #1's files and threads with #2's checks, one for the long thread's comments",
    );
    assert.deepEqual(f.standin.violations, []);
  });

  it('shows a thread whose lines a force-push changed as outdated, with its original line and commit', async () => {
    f = await gitHubFixture({ tokens: { [REVIEWER_TOKEN]: 'rev' } });
    const commits = await submitFourPullStack(f);
    f.standin.addReviewThread(REPO, 2, { path: 'b.txt', line: 5, user: 'carol', body: 'b 5?' });
    f.standin.addReviewThread(REPO, 2, { path: 'b.txt', line: 2, user: 'carol', body: 'b 2?' });
    const session = await reviewer(f);
    const before = (await findStackForReview(session.reviews, 2)).pulls[1].threads;
    assert.deepEqual(
      before.map((t) => [t.line, t.outdated]),
      [
        [5, false],
        [2, false],
      ],
    );

    await amendSecondAndResubmit(f, commits);
    const threads = (await findStackForReview(session.reviews, 2)).pulls[1].threads;
    assert.deepEqual(
      threads.map((t) => [t.path, t.line, t.originalLine, t.outdated, t.comments[0].originalCommit]),
      [
        ['b.txt', undefined, 5, true, commits[1]],
        ['b.txt', 2, 2, false, commits[1]],
      ],
    );
    assert.deepEqual(f.standin.violations, []);
  });

  it('marks files viewed and unviewed; a push that changes a viewed file dismisses its mark', async () => {
    f = await gitHubFixture({ tokens: { [REVIEWER_TOKEN]: 'rev' } });
    const commits = await submitFourPullStack(f);
    const session = await reviewer(f);
    const read = async () => (await findStackForReview(session.reviews, 2)).pulls[1];
    const pull = await read();
    assert.deepEqual(pull.files, [
      { path: 'a.txt', viewed: 'UNVIEWED' },
      { path: 'b.txt', viewed: 'UNVIEWED' },
    ]);
    await session.reviews.setViewed(pull.id, 'a.txt', true);
    await session.reviews.setViewed(pull.id, 'b.txt', true);
    assert.deepEqual(
      (await read()).files.map((x) => x.viewed),
      ['VIEWED', 'VIEWED'],
    );
    await session.reviews.setViewed(pull.id, 'a.txt', false);
    assert.deepEqual(
      (await read()).files.map((x) => x.viewed),
      ['UNVIEWED', 'VIEWED'],
    );
    await session.reviews.setViewed(pull.id, 'a.txt', true);
    // Another reviewer's marks are their own.
    const author = await openReviewSession(f.git, { token: TOKEN, apiUrl: f.standin.apiUrl, spaceWrites: false });
    assert.deepEqual(
      (await findStackForReview(author.reviews, 2)).pulls[1].files.map((x) => x.viewed),
      ['UNVIEWED', 'UNVIEWED'],
    );

    // The amend changes b.txt in #2; a.txt stays as it was.
    await amendSecondAndResubmit(f, commits);
    assert.deepEqual(
      (await read()).files.map((x) => [x.path, x.viewed]),
      [
        ['a.txt', 'VIEWED'],
        ['b.txt', 'DISMISSED'],
      ],
    );
    const writes = f.standin.calls.filter(
      (c) => c.graphql === 'StacklineMarkViewed' || c.graphql === 'StacklineUnmarkViewed',
    );
    assert.equal(writes.length, 4);
    assert.deepEqual(f.standin.violations, []);
  });

  it('marks a file viewed on the right PR #1 when two repositories both have one (node ids are global)', async () => {
    f = await gitHubFixture({ tokens: { [REVIEWER_TOKEN]: 'rev' } });
    await submitFourPullStack(f);
    // octo/other: a second repository on the same GitHub with a PR #1 of its own.
    const bare = f.bare('octo', 'other');
    execFileSync('git', ['clone', '-q', '--bare', f.bare('octo', 'demo'), bare]);
    execFileSync('git', [
      '--git-dir',
      bare,
      'update-ref',
      'refs/heads/main',
      f.repo.git('rev-parse', 'origin/main').trim(),
    ]);
    f.standin.addRepo('octo', 'other', bare);
    const other = repoAt(join(tempDir('stackline-other-'), 'clone'), false);
    execFileSync('git', ['clone', '-q', bare, other.dir]);
    other.git('config', `url.${f.remotes}/.insteadOf`, `https://${HOST}/`);
    other.git('remote', 'set-url', 'origin', `https://${HOST}/octo/other.git`);
    other.git('checkout', '-q', 'main');
    other.commit('feat: other', { 'other.txt': 'other\n' });
    const otherGit = new GitRunner(other.dir);
    const author = await openForgeSession(otherGit, { token: TOKEN, apiUrl: f.standin.apiUrl, spaceWrites: false });
    await submitStack({ git: otherGit, location: await discoverRepository(other.dir), session: author });
    assert.equal(f.standin.pull('octo/other', 1).title, 'feat: other');

    const inDemo = (await findStackForReview((await reviewer(f)).reviews, 1)).pulls[0];
    const otherSession = await openReviewSession(otherGit, {
      token: REVIEWER_TOKEN,
      apiUrl: f.standin.apiUrl,
      spaceWrites: false,
      waitScale: 0.01,
    });
    const inOther = (await findStackForReview(otherSession.reviews, 1)).pulls[0];
    assert.notEqual(inDemo.id, inOther.id, 'each PR #1 has its own node id');
    await otherSession.reviews.setViewed(inOther.id, 'other.txt', true);
    assert.deepEqual(f.standin.viewedFiles('octo/other', 1, 'rev'), ['other.txt']);
    assert.deepEqual(f.standin.viewedFiles('octo/demo', 1, 'rev'), [], "octo/demo's #1 is untouched");
    await (await reviewer(f)).reviews.setViewed(inDemo.id, 'a.txt', true);
    assert.deepEqual(f.standin.viewedFiles('octo/demo', 1, 'rev'), ['a.txt']);
    assert.deepEqual(f.standin.viewedFiles('octo/other', 1, 'rev'), ['other.txt']);
    assert.deepEqual(f.standin.violations, []);
  });
});
