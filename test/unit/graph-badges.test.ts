// The graph's badges as the forge and conventions features build them: a PR's state, checks, review
// and comments; broken commit rules (linted for real with the default Conventional Commits rules)
// and the size limit, with the rule names and the limit spelled out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultLintConfig } from '../../src/core/conventions/commitlintConfig';
import { lintMessage } from '../../src/core/conventions/lint';
import { ruleSeverity } from '../../src/core/conventions/severity';
import { defaultSettings } from '../../src/core/conventions/settings';
import type { CommitPullStatus } from '../../src/core/forge/status';
import { conventionsBadge } from '../../src/extension/conventions/graphBadge';
import { pullBadge } from '../../src/extension/forge/graphBadge';
import { pullAnnotation } from '../../src/extension/forge/treeBadge';
import { badgesMessage } from '../../src/extension/graph/badgeMessage';
import { validateHostMessage } from '../../src/protocol';

const HEAD_SHA = 'a'.repeat(40);
const status = (over: Partial<CommitPullStatus> = {}): CommitPullStatus =>
  ({
    number: 12,
    url: 'https://github.com/octo/demo/pull/12',
    state: 'open',
    checks: 'passing',
    review: 'approved',
    comments: 3,
    branch: 'stackline/cart-1a2b',
    headSha: HEAD_SHA,
    ...over,
  }) as CommitPullStatus;

test('PR badge and tree badge: a commit that changed since its submit says so, open PRs only', () => {
  const amended = 'b'.repeat(40);
  const badge = pullBadge(status(), amended)!;
  assert.deepEqual(badge.parts.map((p) => p.label).slice(0, 2), ['PR #12 open', 'changed since submit']);
  assert.match(badge.lines.join('\n'), /changed since it was submitted: submit the stack again/);
  assert.match(pullAnnotation(status(), amended)!.text ?? '', /^PR #12 open · ↑ not submitted · /);
  assert.doesNotMatch(pullAnnotation(status(), HEAD_SHA)!.text ?? '', /not submitted/);
  assert.doesNotMatch(
    pullAnnotation(status({ state: 'merged' }), amended)!.text ?? '',
    /not submitted/,
    'a merged PR is history, not a pending resubmit',
  );
});

test('PR badge: state icon and number, checks, review and comments while open; the link stays in the extension', () => {
  const badge = pullBadge(status(), HEAD_SHA)!;
  assert.deepEqual(
    badge.parts.map((p) => [p.icon, p.text, p.tone]),
    [
      ['git-pull-request', '#12', 'open'],
      ['check', '', 'success'],
      ['verified', '', 'success'],
      ['comment', '3', 'muted'],
    ],
  );
  assert.equal(badge.title, 'Pull request #12: open');
  assert.deepEqual(badge.lines, ['Branch stackline/cart-1a2b']);
  assert.equal(badge.action, 'Open PR #12 on GitHub');
  assert.equal(badge.link, 'https://github.com/octo/demo/pull/12');

  assert.deepEqual(
    pullBadge(
      status({ state: 'draft', checks: 'failing', review: 'changes-requested', comments: 0 }),
      HEAD_SHA,
    )!.parts.map((p) => p.label),
    ['PR #12 draft', 'checks failing', 'changes requested'],
  );
  assert.deepEqual(
    pullBadge(status({ checks: 'pending', review: 'review-required', comments: 1 }), HEAD_SHA)!.parts.map(
      (p) => p.label,
    ),
    ['PR #12 open', 'checks running', 'needs review', '1 comment'],
  );
  assert.deepEqual(
    pullBadge(status({ checks: 'none', review: 'review-required', comments: 0 }), HEAD_SHA)!.parts.map((p) => p.icon),
    ['git-pull-request', 'eye'],
  );
  // A merged or closed PR says only that (and its comments): checks and review no longer matter.
  assert.deepEqual(
    pullBadge(status({ state: 'merged' }), HEAD_SHA)!.parts.map((p) => [p.icon, p.tone]),
    [
      ['git-merge', 'merged'],
      ['comment', 'muted'],
    ],
  );
  assert.deepEqual(
    pullBadge(status({ state: 'closed', comments: 0 }), HEAD_SHA)!.parts.map((p) => [p.icon, p.tone]),
    [['git-pull-request-closed', 'closed']],
  );
  assert.equal(pullBadge(undefined, HEAD_SHA), undefined);

  const message = { type: 'badges', badges: badgesMessage(new Map([['a'.repeat(40), [badge]]])) };
  assert.equal(JSON.stringify(message).includes('pull/12'), false, 'the URL never goes to the webview');
  assert.equal(validateHostMessage(message).ok, true);
});

test('conventions badge: the rules a message breaks (by name), the size limit, or nothing; weighed as in the tree', async () => {
  const config = await defaultLintConfig();
  const settings = defaultSettings();
  const verdict = async (message: string, linesChanged = 10, committed = false) => {
    const report = await lintMessage(message, config);
    const rules = committed ? { file: { path: '/repo/.commitlintrc.json', format: 'json' } } : config;
    return {
      facts: { hash: 'a'.repeat(40), message, linesChanged },
      report,
      settings,
      rulesLabel: committed ? '.commitlintrc.json' : 'config-conventional',
      severity: ruleSeverity(report, rules as never),
    };
  };

  assert.equal(
    conventionsBadge(await verdict('feat(api): rate-limit middleware')),
    undefined,
    'a good, small commit has no badge',
  );

  // Against the default rules a broken rule is advice: a warning, as the Stacks tree shows it.
  const advice = conventionsBadge(await verdict('Fixed stuff'))!;
  assert.equal(advice.id, 'conventions');
  assert.deepEqual(
    advice.parts.map((p) => [p.icon, p.text, p.tone]),
    [['warning', '2 rules', 'warning']],
  );
  assert.equal(advice.title, 'Commit rules (config-conventional): 2 warnings');
  assert.deepEqual(advice.lines, [
    'Warning subject-empty: subject may not be empty',
    'Warning type-empty: type may not be empty',
    'Advice: the repository has no commit rules of its own.',
  ]);
  assert.equal(advice.action, undefined, 'nothing to open');

  // Against rules the repository committed (its hook refuses the message) it is an error, in the tree too.
  const bad = conventionsBadge(await verdict('Fixed stuff', 10, true))!;
  assert.deepEqual(
    bad.parts.map((p) => [p.icon, p.text, p.tone]),
    [['error', '2 rules', 'error']],
  );
  assert.equal(bad.title, 'Commit rules (.commitlintrc.json): 2 errors');
  assert.deepEqual(bad.lines, [
    'Error subject-empty: subject may not be empty',
    'Error type-empty: type may not be empty',
  ]);

  const one = conventionsBadge(await verdict('feat: Add the cart'))!;
  assert.deepEqual(
    one.parts.map((p) => [p.text, p.label]),
    [['subject-case', 'breaks subject-case']],
  );

  const big = conventionsBadge(await verdict('feat(api): cart endpoints', 1240))!;
  assert.deepEqual(
    big.parts.map((p) => [p.icon, p.text, p.tone, p.label]),
    [['warning', '1,240 lines', 'warning', '1,240 lines changed (limit 400)']],
  );
  assert.equal(big.title, 'Over the size limit');
  assert.deepEqual(big.lines, ['This commit changes 1,240 lines (limit 400). Consider splitting it.']);

  const both = conventionsBadge(await verdict('wip', 2000, true))!;
  assert.deepEqual(
    both.parts.map((p) => p.icon),
    ['error', 'warning'],
  );
});

test('rule severity: errors weigh as errors only against committed rules; warnings stay warnings', () => {
  const problem = { name: 'type-empty', level: 2 as const, message: 'type may not be empty' };
  const committed = { file: { path: '/repo/.commitlintrc.json' } } as never;
  assert.equal(ruleSeverity({ errors: [problem], warnings: [] }, committed), 'error');
  assert.equal(ruleSeverity({ errors: [problem], warnings: [] }, {}), 'warning');
  assert.equal(ruleSeverity({ errors: [], warnings: [{ ...problem, level: 1 }] }, committed), 'warning');
  assert.equal(ruleSeverity({ errors: [], warnings: [] }, committed), undefined);
});
