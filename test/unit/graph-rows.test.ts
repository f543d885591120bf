// The graph webview's pure row logic: keeping what was in view across an in-place update (anchors),
// the compact date, the branch pills of narrow rows and the badge of a commit under review.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GraphBranch, GraphCommit } from '../../src/protocol';
import { anchoredScrollTop, captureAnchor, isInView, type AnchorRows } from '../../webview-ui/anchor';
import { badgeSpeech, commitBadges, reviewBadge, tooltip } from '../../webview-ui/badges';
import { compactTime, labelsOf } from '../../webview-ui/rowText';

const H = 26;

/** Rows by hash list; '' is a row that is not a commit (uncommitted changes, a fold). */
function rows(hashes: string[], head = -1): AnchorRows {
  return {
    length: hashes.length,
    headIndex: head,
    indexOf: (hash) => hashes.indexOf(hash),
    hashAt: (index) => hashes[index] || undefined,
  };
}

const letters = (n: number, prefix = 'c') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

test('anchor: at the top or within a row of it, the view stays at the top and new rows there show', () => {
  const before = rows(letters(50));
  const after = rows(['new1', 'new2', ...letters(50)]);
  for (const scrollTop of [0, 10, H]) {
    const anchor = captureAnchor(before, { scrollTop, height: 300, rowHeight: H }, null);
    assert.equal(anchor, 'top');
    assert.equal(anchoredScrollTop(anchor, after, H, scrollTop), 0);
  }
});

test('anchor: the selected row in view keeps its place on screen, before HEAD and the first row in view', () => {
  const before = rows(letters(100), 12);
  const view = { scrollTop: 10 * H + 5, height: 10 * H, rowHeight: H };
  const anchor = captureAnchor(before, view, 'c15');
  assert.notEqual(anchor, 'top');
  assert.deepEqual(
    (anchor as { kind: string; hash: string }[]).slice(0, 3).map((a) => `${a.kind}:${a.hash}`),
    ['commit:c15', 'head:c12', 'commit:c10'],
  );
  const after = rows(['n1', 'n2', 'n3', ...letters(100)], 15);
  const scrollTop = anchoredScrollTop(anchor, after, H, view.scrollTop);
  assert.equal(18 * H - scrollTop, 15 * H - view.scrollTop, 'c15 is where it was on screen');
});

test('anchor: HEAD in view stays in view when a new commit becomes HEAD (a Commit)', () => {
  const before = rows(['', ...letters(30)], 3);
  const view = { scrollTop: 2 * H, height: 6 * H, rowHeight: H };
  const anchor = captureAnchor(before, view, null);
  // The new commit is HEAD now, a row above the old one; the old HEAD and the rows below shift down.
  const after = rows(['c0', 'c1', 'new', ...letters(30).slice(2)], 2);
  const scrollTop = anchoredScrollTop(anchor, after, H, view.scrollTop);
  assert.ok(isInView(2, { ...view, scrollTop }), 'the new HEAD shows');
  assert.equal(2 * H - scrollTop, 3 * H - view.scrollTop, "at the old HEAD's place");
});

test('anchor: deep in history the first commit in view keeps its place; rows gone fall back to the next, then to the offset', () => {
  const view = { scrollTop: 400 * H, height: 20 * H, rowHeight: H };
  const anchor = captureAnchor(rows(letters(1000)), view, null);
  assert.equal(anchoredScrollTop(anchor, rows(['x', 'y', ...letters(1000)]), H, view.scrollTop), 402 * H);
  const rewritten = letters(1000).map((hash, i) => (i === 400 ? 'rewritten' : hash));
  assert.equal(
    anchoredScrollTop(anchor, rows(['x', ...rewritten]), H, view.scrollTop),
    401 * H,
    'c401 keeps its place',
  );
  assert.equal(anchoredScrollTop(anchor, rows(letters(1000, 'other')), H, view.scrollTop), view.scrollTop);
  assert.equal(anchoredScrollTop([], rows(letters(3)), H, 77), 77);
});

test('compact dates: 36s, 5m, 3h, 2d, 1w, 7mo, 2y; now', () => {
  const now = 1_700_000_000_000;
  const ago = (seconds: number) => compactTime(now / 1000 - seconds, now);
  assert.deepEqual(
    [
      ago(0),
      ago(36),
      ago(5 * 60 + 10),
      ago(3 * 3600),
      ago(2 * 86400),
      ago(8 * 86400),
      ago(210 * 86400),
      ago(800 * 86400),
    ],
    ['now', '36s', '5m', '3h', '2d', '1w', '7mo', '2y'],
  );
  assert.equal(compactTime(now / 1000 + 60, now), 'now', 'a clock ahead is now, never negative');
});

const branch = (name: string, extra: Partial<GraphBranch> = {}): GraphBranch => ({
  name,
  remote: name.startsWith('origin/'),
  current: false,
  ahead: 0,
  behind: 0,
  upstreamGone: false,
  ...extra,
});
const commit = (branches: GraphBranch[], tags?: string[]): GraphCommit => ({
  hash: 'a'.repeat(40),
  parents: [],
  title: 't',
  author: 'a',
  date: 0,
  branches,
  isHead: false,
  ...(tags ? { tags } : {}),
});

test("pills: a remote branch mirroring a local one shares its pill; Stackline's PR branches shrink to an icon; full names in tooltips", () => {
  const labels = labelsOf(
    commit(
      [
        branch('token-bucket', { current: true, ahead: 1 }),
        branch('origin/token-bucket'),
        branch('origin/stackline/token-bucket-a35f22'),
        branch('origin/other'),
      ],
      ['v1'],
    ),
  );
  assert.deepEqual(labels, [
    {
      kind: 'branch current',
      icon: 'git-branch',
      text: 'token-bucket↑1',
      title: 'Current branch token-bucket↑1, also origin/token-bucket',
      pushed: true,
    },
    {
      kind: 'remote generated',
      icon: 'cloud',
      text: '',
      title: 'Remote branch origin/stackline/token-bucket-a35f22: where Submit pushed this commit for its pull request',
    },
    { kind: 'remote', icon: 'cloud', text: 'origin/other', title: 'Remote branch origin/other' },
    { kind: 'tag', icon: 'tag', text: 'v1', title: 'Tag v1' },
  ]);
});

test("a commit under review: its own badge (a lock and its PR), before the extension's, with its story in the tooltip", () => {
  const reviewed: GraphCommit = { ...commit([branch('origin/feature')]), review: { pull: 2, author: 'octo' } };
  const badge = reviewBadge(reviewed)!;
  assert.deepEqual(badge.parts, [
    { icon: 'lock', text: '#2', tone: 'muted', label: 'under review: #2 by octo, read-only' },
  ]);
  assert.equal(
    tooltip(badge),
    "Under review: #2 by octo, read-only\nocto's commit, checked out for review. Editing it asks first; Stop Reviewing takes the stack away.",
  );
  assert.equal(badge.action, undefined, 'nothing to click');
  const pr = {
    id: 'pr',
    parts: [{ icon: 'git-pull-request', text: '#2', tone: 'open' as const, label: 'PR #2 open' }],
    title: 'Pull request #2: open',
    lines: [],
  };
  assert.deepEqual(
    commitBadges(reviewed, [pr]).map((b) => b.id),
    ['under-review', 'pr'],
  );
  assert.equal(badgeSpeech(commitBadges(reviewed, [pr])), 'under review: #2 by octo, read-only; PR #2 open');
  // Not a tag: the labels are the branches only.
  assert.deepEqual(
    labelsOf(reviewed).map((l) => l.kind),
    ['remote'],
  );
  assert.equal(reviewBadge(commit([])), undefined);
  assert.deepEqual(commitBadges(commit([]), [pr]), [pr]);
});
