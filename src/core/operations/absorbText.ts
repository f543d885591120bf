// How a row of absorb's plan reads, for the CLI's table and VS Code's preview: the hunk's lines as
// git numbers them, and where it goes or why it stays.
import { shortHash } from '../format';
import { STAY_REASONS, type AbsorbRow, type LineRange } from './absorbPlan';

/** "-12,3 +12,4", as in git's hunk headers; empty for whole-file changes (binary, mode). */
export function hunkLines(row: Pick<AbsorbRow, 'old' | 'new'>): string {
  const side = (sign: string, range?: LineRange) => (range ? `${sign}${range.start},${range.count}` : '');
  return [side('-', row.old), side('+', row.new)].filter(Boolean).join(' ');
}

/** Where a row's hunk goes: `→ 1a2b3c4d5 "title"`, or `stays: new file`. */
export function destination(row: AbsorbRow): string {
  return row.target ? `→ ${shortHash(row.target.hash)} "${row.target.title}"` : `stays: ${STAY_REASONS[row.stays!]}`;
}
