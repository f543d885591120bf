// PR status for the smartlog (one GraphQL query per refresh), the fork flow, and GHES API URL discovery,
// against the GitHub stand-in on real git.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { landStack } from '../../src/core/forge/land';
import { openForgeSession } from '../../src/core/forge/session';
import { pullStatusesFor } from '../../src/core/forge/status';
import { submitStack } from '../../src/core/forge/submit';
import { buildSmartlog } from '../../src/core/smartlog/build';
import { gitHubFixture, HOST, location, TOKEN, type GitHubFixture } from '../helpers/github';
import { removeTempDirs } from '../helpers/repo';

const REPO = 'octo/demo';
after(removeTempDirs);

describe('PR status', { timeout: 120_000 }, () => {
  let f: GitHubFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('reads every PR of the smartlog in one GraphQL request, and one again when nothing changed', async () => {
    f = await gitHubFixture();
    for (let i = 1; i <= 5; i++) f.repo.commit(`feat: s${i}`, { [`s${i}.txt`]: `${i}\n` });
    const session = await f.session();
    const loc = await location(f.repo);
    await submitStack({ git: f.git, location: loc, session, draft: true });
    f.standin.setChecks(REPO, f.standin.pull(REPO, 1).head.sha, [
      { name: 'ci', status: 'completed', conclusion: 'success' },
    ]);
    f.standin.setChecks(REPO, f.standin.pull(REPO, 2).head.sha, [
      { name: 'ci', status: 'completed', conclusion: 'failure' },
    ]);
    f.standin.setChecks(REPO, f.standin.pull(REPO, 3).head.sha, [
      { name: 'ci', status: 'in_progress', conclusion: null },
    ]);
    f.standin.addReview(REPO, 1, 'bob', 'APPROVED');
    f.standin.addReview(REPO, 2, 'bob', 'CHANGES_REQUESTED');
    f.standin.addComment(REPO, 1);
    f.standin.addComment(REPO, 1);
    f.standin.addReviewThread(REPO, 1);

    const smartlog = await buildSmartlog(f.git, loc);
    let mark = f.standin.calls.length;
    const statuses = await pullStatusesFor(f.git, loc, session, smartlog);
    const byNumber = new Map([...statuses.values()].map((s) => [s.number, s]));
    assert.equal(statuses.size, 5);
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => [byNumber.get(n)!.state, byNumber.get(n)!.checks, byNumber.get(n)!.review]),
      [
        ['draft', 'passing', 'approved'],
        ['draft', 'failing', 'changes-requested'],
        ['draft', 'pending', 'review-required'],
        ['draft', 'none', 'review-required'],
      ],
    );
    assert.equal(byNumber.get(1)!.comments, 3, 'two comments and one review thread');
    assert.match(byNumber.get(1)!.url, /\/octo\/demo\/pull\/1$/);
    const pull2 = f.standin.pull(REPO, 2);
    assert.deepEqual(
      [byNumber.get(2)!.headRef, byNumber.get(2)!.baseRef, byNumber.get(2)!.headSha],
      [pull2.head.ref, pull2.base.ref, pull2.head.sha],
    );
    const first = f.standin.calls.slice(mark);
    assert.deepEqual(
      first.map((c) => [c.operationId, c.graphql, c.write]),
      [
        ['graphql', 'StacklinePullStatuses', false],
        // The line is a native stack: one read of it names the stack of all five (then kept 30 s).
        ['pull-request-stacks/list', undefined, false],
      ],
      'one query for all five PRs',
    );

    mark = f.standin.calls.length;
    await pullStatusesFor(f.git, loc, session, smartlog);
    assert.deepEqual(
      f.standin.calls.slice(mark).map((c) => c.graphql),
      ['StacklinePullStatuses'],
    );

    f.standin.addReview(REPO, 3, 'bob', 'APPROVED');
    mark = f.standin.calls.length;
    const third = await pullStatusesFor(f.git, loc, session, smartlog);
    assert.equal([...third.values()].find((s) => s.number === 3)!.review, 'approved');
    assert.equal(f.standin.calls.length - mark, 1);
  });

  it('finds PRs submitted from another clone with one lookup, then remembers them', async () => {
    f = await gitHubFixture();
    f.repo.commit('feat: elsewhere', { 'x.txt': 'x\n' });
    const session = await f.session();
    const loc = await location(f.repo);
    await submitStack({ git: f.git, location: loc, session });
    execFileSync('rm', ['-f', join(loc.commonDir, 'stackline', 'pulls.json')]);
    const smartlog = await buildSmartlog(f.git, loc);
    let mark = f.standin.calls.length;
    assert.equal((await pullStatusesFor(f.git, loc, session, smartlog)).size, 1);
    assert.equal(f.standin.calls.slice(mark).filter((c) => c.operationId === 'pulls/list').length, 1);
    mark = f.standin.calls.length;
    await pullStatusesFor(f.git, loc, session, smartlog);
    assert.equal(f.standin.calls.slice(mark).filter((c) => c.operationId === 'pulls/list').length, 0);
  });
});

describe('forks and hosts', { timeout: 120_000 }, () => {
  let f: GitHubFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('pushes to the fork when the upstream is read-only, opens PRs from user:branch that all target trunk, and lands', async () => {
    f = await gitHubFixture({ user: 'ada' });
    // ada's fork of octo/demo; in the clone, origin = the fork and upstream = octo/demo.
    mkdirSync(join(f.remotes, 'ada'), { recursive: true });
    execFileSync('git', ['clone', '-q', '--bare', f.bare('octo', 'demo'), f.bare('ada', 'demo')]);
    f.standin.addRepo('ada', 'demo', f.bare('ada', 'demo'), { parent: 'octo/demo' });
    f.repo.git('remote', 'rename', 'origin', 'upstream');
    f.repo.git('remote', 'add', 'origin', `https://${HOST}/ada/demo.git`);
    f.repo.git('fetch', '-q', 'origin');
    for (let i = 1; i <= 3; i++) f.repo.commit(`feat: f${i}`, { [`f${i}.txt`]: `${i}\n` });
    const session = await f.session();
    assert.equal(session.pushRemote, 'origin');
    assert.equal(session.pushOwner, 'ada');
    const loc = await location(f.repo);
    const result = await submitStack({ git: f.git, location: loc, session, trunk: 'upstream/main' });
    assert.deepEqual(
      result.pulls.map((p) => p.base),
      ['main', 'main', 'main'],
    );
    const pulls = f.standin.pulls(REPO);
    assert.equal(pulls.length, 3);
    for (const pull of pulls) {
      assert.equal(pull.head.repo, 'ada/demo');
      assert.equal(pull.base.ref, 'main');
      assert.match(pull.body ?? '', /come from a fork, so each targets trunk/);
    }
    assert.deepEqual(f.standin.nativeStacks.stacks(REPO), [], 'PRs from a fork get no native stack');
    assert.equal(
      execFileSync('git', ['--git-dir', f.bare('octo', 'demo'), 'for-each-ref', 'refs/heads/stackline'], {
        encoding: 'utf8',
      }),
      '',
      'nothing pushed upstream',
    );
    const mark = f.standin.calls.length;
    await submitStack({ git: f.git, location: loc, session, trunk: 'upstream/main' });
    assert.equal(f.standin.writes(mark).length, 0);

    f.standin.setChecks(REPO, pulls[0].head.sha, [{ name: 'ci', status: 'completed', conclusion: 'success' }]);
    f.standin.addReview(REPO, 1, 'octo', 'APPROVED');
    const landed = await landStack({ git: f.git, location: loc, session, trunk: 'upstream/main', method: 'squash' });
    assert.equal(landed.merged.number, 1);
    assert.equal(f.standin.pull(REPO, 2).state, 'open');
    assert.equal(
      execFileSync('git', ['--git-dir', f.bare('octo', 'demo'), 'show', 'main:f1.txt'], { encoding: 'utf8' }),
      '1\n',
    );
    assert.equal(f.standin.pull(REPO, 2).head.sha, f.repo.git('rev-parse', 'HEAD~1').trim());
  });

  it('derives the GHES API URL from the remote host when no setting is given', async () => {
    f = await gitHubFixture();
    const session = await openForgeSession(f.git, { token: TOKEN });
    assert.equal(session.apiUrl, `https://${HOST}/api/v3`);
    assert.deepEqual(session.forge.repo, { owner: 'octo', name: 'demo' });
    assert.equal(session.forge.webUrl, `https://${HOST}/octo/demo`);
  });
});
