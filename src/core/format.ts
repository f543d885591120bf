// Small formatting helpers shared by the CLI and the extension.

const UNITS: [number, string][] = [
  [60 * 60 * 24 * 365, 'year'],
  [60 * 60 * 24 * 30, 'month'],
  [60 * 60 * 24 * 7, 'week'],
  [60 * 60 * 24, 'day'],
  [60 * 60, 'hour'],
  [60, 'minute'],
  [1, 'second'],
];

/** "4 seconds ago", "2 hours ago", "3 weeks ago". */
export function relativeTime(epochSeconds: number, nowMs = Date.now()): string {
  const seconds = Math.max(0, Math.round(nowMs / 1000 - epochSeconds));
  if (seconds < 1) return 'just now';
  for (const [size, unit] of UNITS) {
    if (seconds >= size) {
      const n = Math.floor(seconds / size);
      return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
    }
  }
  return 'just now';
}

/** 1204 → "1,204". (Not toLocaleString: starting ICU costs ~10 ms of every CLI run.) */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function shortHash(hash: string): string {
  return hash.slice(0, 9);
}

/** Text with whole hashes in it ('move 3f2a… --onto 9c1b…', as the oplog records commands), with short ones. */
export function shortenHashes(text: string): string {
  return text.replace(/\b(?:[0-9a-f]{64}|[0-9a-f]{40})\b/g, (hash) => shortHash(hash));
}

export function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** "1 conflicted, 2 staged, 3 modified, 4 untracked" (empty kinds left out). */
export function uncommittedSummary(u: {
  conflicted: number;
  staged: number;
  modified: number;
  untracked: number;
}): string {
  return [
    u.conflicted && `${formatCount(u.conflicted)} conflicted`,
    u.staged && `${formatCount(u.staged)} staged`,
    u.modified && `${formatCount(u.modified)} modified`,
    u.untracked && `${formatCount(u.untracked)} untracked`,
  ]
    .filter(Boolean)
    .join(', ');
}
