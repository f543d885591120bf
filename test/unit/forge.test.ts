// Pure parts of the forge: remote URLs (github.com, GHES, ssh, scp-like), REST and GraphQL API URLs,
// the mapping of GitHub's PR status, the Stackline-Id trailer, the stack section of PR bodies, and
// token redaction.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Redactor } from '../../src/core/forge/redact';
import {
  checksOfContext,
  checksOfRollup,
  pullStatusQuery,
  toPullStatus,
  type RawPullStatus,
} from '../../src/core/forge/github/pullStatusQuery';
import { apiUrlFor, graphqlUrlFor, isOtherForgeHost, parseRemoteUrl, remoteWhere } from '../../src/core/forge/remote';
import {
  hasStackSection,
  parseStackSection,
  renderStackSection,
  replaceStackSection,
} from '../../src/core/forge/stackBody';
import { generatedBranch, newStackId, stackIdOf, withoutStackId, withStackId } from '../../src/core/forge/stackId';

describe('parseRemoteUrl', () => {
  const cases: [string, ReturnType<typeof parseRemoteUrl>][] = [
    ['https://github.com/octo/demo.git', { host: 'github.com', owner: 'octo', name: 'demo' }],
    ['https://github.com/octo/demo', { host: 'github.com', owner: 'octo', name: 'demo' }],
    ['https://user:secret@github.com/octo/demo.git/', { host: 'github.com', owner: 'octo', name: 'demo' }],
    ['git@github.com:octo/demo.git', { host: 'github.com', owner: 'octo', name: 'demo' }],
    ['github.com:octo/demo', { host: 'github.com', owner: 'octo', name: 'demo' }],
    ['ssh://git@github.com/octo/demo.git', { host: 'github.com', owner: 'octo', name: 'demo' }],
    ['ssh://git@ghe.corp.example:2222/team/svc.git', { host: 'ghe.corp.example', owner: 'team', name: 'svc' }],
    ['https://GHE.Corp.Example/team/svc.git', { host: 'ghe.corp.example', owner: 'team', name: 'svc' }],
    ['https://ghe.corp.example/scm/team/svc.git', { host: 'ghe.corp.example', owner: 'team', name: 'svc' }],
    ['git+ssh://git@github.com/octo/demo.git', { host: 'github.com', owner: 'octo', name: 'demo' }],
    ['/srv/git/demo.git', undefined],
    ['file:///srv/git/demo.git', undefined],
    ['https://github.com/octo', undefined],
    ['', undefined],
  ];
  for (const [url, expected] of cases) it(url || '(empty)', () => assert.deepEqual(parseRemoteUrl(url), expected));

  it('maps hosts to API URLs, with the setting winning', () => {
    assert.equal(apiUrlFor('github.com'), 'https://api.github.com');
    assert.equal(apiUrlFor('ghe.corp.example'), 'https://ghe.corp.example/api/v3');
    assert.equal(apiUrlFor('ghe.corp.example', 'https://ghe.corp.example/api/v3/ '), 'https://ghe.corp.example/api/v3');
    assert.equal(apiUrlFor('github.com', 'http://127.0.0.1:4000/api/v3'), 'http://127.0.0.1:4000/api/v3');
  });
});

describe('remotes that are not GitHub', () => {
  it("knows other forges' hosts, and never github.com or an Enterprise Server host", () => {
    for (const host of [
      'gitlab.com',
      'gitlab.acme.io',
      'bitbucket.org',
      'codeberg.org',
      'dev.azure.com',
      'acme.visualstudio.com',
    ])
      assert.equal(isOtherForgeHost(host), true, host);
    for (const host of ['github.com', 'ssh.github.com', 'github.acme.io', 'git.acme.io'])
      assert.equal(isOtherForgeHost(host), false, host);
  });

  it('says where a remote points: its host, or a local path', () => {
    const cases: [string, string][] = [
      ['git@gitlab.com:acme/app.git', 'gitlab.com'],
      ['ssh://git@git.acme.io:2222/app', 'git.acme.io'],
      ['https://user@example.com/app', 'example.com'],
      ['git@host:app', 'host'],
      ['/srv/git/app.git', 'a local path (/srv/git/app.git)'],
      ['../app', 'a local path (../app)'],
      ['file:///srv/git/app.git', 'a local path (file:///srv/git/app.git)'],
      ['C:\\repos\\app', 'a local path (C:\\repos\\app)'],
    ];
    for (const [url, where] of cases) assert.equal(remoteWhere(url), where, url);
  });
});

describe('GraphQL endpoint', () => {
  it('is <api>/graphql for github.com-style API URLs and /api/graphql next to GHES /api/v3', () => {
    assert.equal(graphqlUrlFor('https://api.github.com'), 'https://api.github.com/graphql');
    assert.equal(graphqlUrlFor('https://api.octocorp.ghe.com/'), 'https://api.octocorp.ghe.com/graphql');
    assert.equal(graphqlUrlFor('https://ghe.corp.example/api/v3'), 'https://ghe.corp.example/api/graphql');
    assert.equal(graphqlUrlFor('https://ghe.corp.example/api/v3/'), 'https://ghe.corp.example/api/graphql');
    assert.equal(graphqlUrlFor(apiUrlFor('ghe.corp.example')), 'https://ghe.corp.example/api/graphql');
    assert.equal(graphqlUrlFor(apiUrlFor('github.com')), 'https://api.github.com/graphql');
  });
});

describe('PR status from GraphQL', () => {
  const raw = (over: Partial<RawPullStatus>): RawPullStatus => ({
    number: 3,
    url: 'https://github.com/o/r/pull/3',
    state: 'OPEN',
    isDraft: false,
    reviewDecision: null,
    headRefName: 'feat',
    baseRefName: 'main',
    headRefOid: 'a'.repeat(40),
    comments: { totalCount: 2 },
    reviewThreads: { totalCount: 1 },
    latestOpinionatedReviews: { nodes: [] },
    mergeQueueEntry: null,
    commits: { nodes: [{ commit: { statusCheckRollup: { state: 'SUCCESS' } } }] },
    ...over,
  });

  it("maps GitHub's rollup states, and each check run and status context as GitHub counts them", () => {
    assert.deepEqual((['SUCCESS', 'FAILURE', 'ERROR', 'PENDING', 'EXPECTED', undefined] as const).map(checksOfRollup), [
      'passing',
      'failing',
      'failing',
      'pending',
      'pending',
      'none',
    ]);
    const run = (status: string, conclusion: string | null) =>
      checksOfContext({ __typename: 'CheckRun', name: 'x', status, conclusion });
    assert.deepEqual(
      ['SUCCESS', 'NEUTRAL', 'SKIPPED'].map((c) => run('COMPLETED', c)),
      ['passing', 'passing', 'passing'],
    );
    assert.deepEqual(
      ['FAILURE', 'TIMED_OUT', 'CANCELLED', 'ACTION_REQUIRED', 'STARTUP_FAILURE'].map((c) => run('COMPLETED', c)),
      Array(5).fill('failing'),
    );
    assert.deepEqual(
      [run('COMPLETED', 'STALE'), run('IN_PROGRESS', null), run('QUEUED', null), run('WAITING', null)],
      Array(4).fill('pending'),
    );
    assert.equal(checksOfContext({ __typename: 'StatusContext', context: 'ci', state: 'ERROR' }), 'failing');
  });

  it("maps state, review decision (with the reviewers' latest opinions when GitHub has none) and comments", () => {
    assert.deepEqual(toPullStatus(raw({})), {
      number: 3,
      url: 'https://github.com/o/r/pull/3',
      state: 'open',
      checks: 'passing',
      review: 'review-required',
      comments: 3,
      headRef: 'feat',
      baseRef: 'main',
      headSha: 'a'.repeat(40),
    });
    assert.equal(
      toPullStatus(raw({ mergeQueueEntry: { position: 2 } })).queuePosition,
      2,
      'its place in the merge queue',
    );
    assert.deepEqual(
      [raw({ isDraft: true }), raw({ state: 'MERGED' }), raw({ state: 'CLOSED', isDraft: true })].map(
        (r) => toPullStatus(r).state,
      ),
      ['draft', 'merged', 'closed'],
    );
    const opinions = (...states: string[]) => ({ nodes: states.map((state) => ({ state })) });
    assert.equal(toPullStatus(raw({ latestOpinionatedReviews: opinions('APPROVED') })).review, 'approved');
    assert.equal(
      toPullStatus(raw({ latestOpinionatedReviews: opinions('APPROVED', 'CHANGES_REQUESTED') })).review,
      'changes-requested',
    );
    assert.equal(
      toPullStatus(raw({ reviewDecision: 'REVIEW_REQUIRED', latestOpinionatedReviews: opinions('APPROVED') })).review,
      'review-required',
      "GitHub's decision wins (e.g. two approvals required)",
    );
    assert.equal(toPullStatus(raw({ commits: { nodes: [{ commit: { statusCheckRollup: null } }] } })).checks, 'none');
  });

  it('asks for each PR under its own alias', () => {
    const query = pullStatusQuery([12, 7]);
    assert.match(query, /pr12: pullRequest\(number: 12\) \{ \.\.\.StacklinePullStatus \}/);
    assert.match(query, /pr7: pullRequest\(number: 7\)/);
  });
});

describe('Stackline-Id trailer', () => {
  it('is added to a new trailer block or an existing one, read back, and stripped for PR bodies', () => {
    const id = newStackId('feat(api): Rate-limit the middleware!', '3f9a0c1d2e');
    assert.equal(id, 'rate-limit-the-middleware-3f9a0c');
    assert.equal(generatedBranch(id), `stackline/${id}`);
    const plain = withStackId('feat: x\n\nBody text.\n', id);
    assert.equal(plain, `feat: x\n\nBody text.\n\nStackline-Id: ${id}\n`);
    assert.equal(stackIdOf(plain), id);
    const signed = withStackId('feat: x\n\nBody.\n\nSigned-off-by: A <a@x>\n', id);
    assert.equal(signed, `feat: x\n\nBody.\n\nSigned-off-by: A <a@x>\nStackline-Id: ${id}\n`);
    assert.equal(stackIdOf(signed), id);
    assert.equal(stackIdOf('feat: x\n\nStackline-Id: in-the-body\n\nmore text'), undefined);
    assert.equal(withoutStackId(plain), 'feat: x\n\nBody text.');
  });
});

describe('stack section', () => {
  const entries = [
    { number: 3, title: 'feat: c *bold*', merged: false },
    { number: 2, title: 'feat: b', merged: false },
    { number: 1, title: 'feat: a', merged: true },
  ];
  it('marks the current PR, ticks merged ones, and round-trips', () => {
    const section = renderStackSection(entries, 2, false);
    assert.match(section, /- \[ \] \*\*#2 feat: b\*\* ⬅ this PR/);
    assert.match(section, /- \[x\] #1 feat: a/);
    assert.deepEqual(parseStackSection(section), entries);
  });
  it('replaces only the section, keeping what people wrote around it', () => {
    const body = `Reviewer notes\n\n${renderStackSection(entries.slice(1), 2, false)}\n\nMore notes below`;
    const updated = replaceStackSection(body, renderStackSection(entries, 2, false));
    assert.ok(updated.startsWith('Reviewer notes\n\n<!-- stackline:stack:start -->'));
    assert.ok(updated.endsWith('<!-- stackline:stack:end -->\n\nMore notes below'));
    assert.equal(parseStackSection(updated).length, 3);
    assert.equal(replaceStackSection('', 'S'), 'S');
    assert.equal(replaceStackSection('Body\n', 'S'), 'Body\n\nS');
    assert.equal(hasStackSection('no section'), false);
  });
  it('says in fork stacks that every PR targets trunk', () => {
    assert.match(renderStackSection(entries, 3, true), /come from a fork, so each targets trunk/);
  });
});

describe('Redactor', () => {
  it('removes known secrets and anything shaped like a GitHub token', () => {
    const redactor = new Redactor();
    redactor.add('s3cr3t-value');
    const text = redactor.redact(
      'a s3cr3t-value b ghp_abcdefghijklmnop github_pat_ABCDEFGH12345 authorization: token xyz https://u:pw@github.com/x',
    );
    assert.equal(
      text.includes('s3cr3t-value') ||
        text.includes('ghp_abc') ||
        text.includes('github_pat_') ||
        text.includes('xyz') ||
        text.includes('pw@'),
      false,
      text,
    );
  });
});
