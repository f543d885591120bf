import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCount, plural, relativeTime, shortenHashes, shortHash, uncommittedSummary } from '../../src/core/format';

test('formatCount groups thousands', () => {
  assert.deepEqual([0, 12, 999, 1000, 1204, 1234567].map(formatCount), [
    '0',
    '12',
    '999',
    '1,000',
    '1,204',
    '1,234,567',
  ]);
  assert.equal(plural(1, 'commit'), '1 commit');
  assert.equal(plural(1204, 'commit'), '1,204 commits');
});

test('relativeTime in the largest whole unit', () => {
  const now = 1_700_000_000_000;
  const ago = (s: number) => relativeTime(now / 1000 - s, now);
  assert.equal(ago(0), 'just now');
  assert.equal(ago(4), '4 seconds ago');
  assert.equal(ago(60), '1 minute ago');
  assert.equal(ago(2 * 3600 + 5), '2 hours ago');
  assert.equal(ago(3 * 86400), '3 days ago');
  assert.equal(ago(15 * 86400), '2 weeks ago');
  assert.equal(ago(400 * 86400), '1 year ago');
  assert.equal(relativeTime(now / 1000 + 30, now), 'just now', 'clock skew: a commit from the future');
});

test('shortHash and uncommittedSummary', () => {
  assert.equal(shortHash('0123456789abcdef'), '012345678');
  assert.equal(uncommittedSummary({ conflicted: 0, staged: 2, modified: 1, untracked: 0 }), '2 staged, 1 modified');
  assert.equal(uncommittedSummary({ conflicted: 0, staged: 0, modified: 0, untracked: 0 }), '');
});

test('shortenHashes shortens whole SHA-1 and SHA-256 hashes only', () => {
  const a = '1020ee99bd6de0c1a2b3c4d5e6f708192a3b4c5d';
  const b = '34c6acfd2'.padEnd(64, '0');
  assert.equal(shortenHashes(`move ${a} --onto ${b}`), 'move 1020ee99b --onto 34c6acfd2');
  assert.equal(shortenHashes('goto 1020ee99b and abc'), 'goto 1020ee99b and abc');
});
