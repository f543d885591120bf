// Text and JSON output of `stackline absorb`: the table of hunks and where each goes (or why it
// stays), and after applying, one line per commit that took hunks.
import { plural, shortHash } from '../../core/format';
import { destination, hunkLines, STAY_REASONS, type AbsorbRow, type AbsorbTarget } from '../../core/operations';

export function formatAbsorbTable(rows: AbsorbRow[]): string {
  const pathWidth = Math.max(...rows.map((row) => row.path.length));
  const linesWidth = Math.max(...rows.map((row) => hunkLines(row).length));
  return rows
    .map((row) => `${row.path.padEnd(pathWidth)}  ${hunkLines(row).padEnd(linesWidth)}  ${destination(row)}`.trimEnd())
    .join('\n');
}

/** One line per commit that took hunks, bottom of the stack first. */
export function formatTargets(targets: AbsorbTarget[]): string {
  return targets
    .map(
      (t) =>
        `${shortHash(t.old)} → ${shortHash(t.hash)} "${t.title}": ${plural(t.hunks, 'hunk')} (${t.paths.join(', ')})`,
    )
    .join('\n');
}

/** The rows for --json: each with its reason spelled out. */
export function absorbRowsJson(rows: AbsorbRow[]): object[] {
  return rows.map((row) => (row.stays ? { ...row, reason: STAY_REASONS[row.stays] } : row));
}
