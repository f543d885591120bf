// What the conventions checks need to know about commits: full messages and how many lines each
// changes (added + deleted, binary files not counted), read with two git calls for any number of commits.
import type { GitRunner } from '../git/runner';

export interface CommitFacts {
  hash: string;
  /** The full message (%B). */
  message: string;
  /** Lines added plus lines deleted against the first parent, outside the excluded paths. */
  linesChanged: number;
}

export async function readCommitFacts(
  git: GitRunner,
  hashes: string[],
  exclude: string[] = [],
): Promise<CommitFacts[]> {
  if (hashes.length === 0) return [];
  const [messages, numstat] = await Promise.all([
    git.run(['log', '--no-walk=unsorted', '-z', '--format=%H%n%B', ...hashes, '--']),
    // --sparse and --full-history keep commits whose changes are all excluded, so each one is listed.
    git.run([
      'log',
      '--no-walk=unsorted',
      '--format=%x1e%H',
      '--numstat',
      '--diff-merges=first-parent',
      '--full-history',
      '--sparse',
      '--no-renames',
      ...hashes,
      '--',
      '.',
      ...exclude.map((pattern) => `:(exclude,glob)${pattern.includes('/') ? pattern : `**/${pattern}`}`),
    ]),
  ]);
  const lines = parseNumstatLog(numstat);
  return parseMessages(messages).map(({ hash, message }) => ({ hash, message, linesChanged: lines.get(hash) ?? 0 }));
}

/** `git log -z --format=%H%n%B`: one NUL-terminated entry per commit. */
export function parseMessages(output: string): { hash: string; message: string }[] {
  return output
    .split('\0')
    .filter((entry) => entry.trim() !== '')
    .map((entry) => {
      const text = entry.replace(/^\n/, '');
      const newline = text.indexOf('\n');
      return {
        hash: text.slice(0, newline === -1 ? undefined : newline),
        message: newline === -1 ? '' : text.slice(newline + 1),
      };
    });
}

/** `git log --format=%x1e%H --numstat`: lines changed per commit. */
export function parseNumstatLog(output: string): Map<string, number> {
  const totals = new Map<string, number>();
  for (const entry of output.split('\x1e')) {
    const [hash, ...rows] = entry.split('\n');
    if (!/^[0-9a-f]{40,64}$/.test(hash)) continue;
    let sum = 0;
    for (const row of rows) {
      const match = /^(\d+)\t(\d+)\t/.exec(row);
      if (match) sum += Number(match[1]) + Number(match[2]);
    }
    totals.set(hash, sum);
  }
  return totals;
}
