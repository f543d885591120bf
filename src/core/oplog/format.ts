// The operation log for people: `stackline oplog` (text and --json) and the extension's history.
import { relativeTime, shortHash } from '../format';
import { changedRefs, type HeadState } from './snapshot';
import { undoStacks, type EntryKind, type EntryStatus, type OplogEntry } from './store';

export interface OplogRow {
  id: number;
  /** Milliseconds since the epoch. */
  time: number;
  command: string;
  kind: EntryKind;
  /** For undo/redo: the entry acted on. */
  target?: number;
  /** 'undone' for a finished operation that undo has taken back. */
  status: EntryStatus | 'undone' | 'interrupted';
  summary?: string;
  /** Refs the entry changed: short name, before and after (undefined = absent). */
  changes: { ref: string; before?: string; after?: string }[];
  head?: { before: string; after: string };
}

export function oplogRows(entries: OplogEntry[]): OplogRow[] {
  const undone = new Set(undoStacks(entries).undone.map((e) => e.id));
  const open = entries.filter((e) => e.status === 'running').at(-1)?.id;
  return entries
    .map((entry): OplogRow => {
      const changes = entry.after
        ? [...changedRefs(entry.before.refs, entry.after.refs)].map(([ref, [before, after]]) => ({
            ref: shortRef(ref),
            before,
            after,
          }))
        : [];
      const head =
        entry.after && describeHead(entry.before.head) !== describeHead(entry.after.head)
          ? { before: describeHead(entry.before.head), after: describeHead(entry.after.head) }
          : undefined;
      let status: OplogRow['status'] = entry.status;
      if (undone.has(entry.id)) status = 'undone';
      else if (entry.status === 'running' && entry.id === open) status = 'interrupted';
      return {
        id: entry.id,
        time: entry.time,
        command: entry.command,
        kind: entry.kind,
        target: entry.target,
        status,
        summary: entry.summary,
        changes,
        head,
      };
    })
    .reverse();
}

export function renderOplog(rows: OplogRow[], nowMs = Date.now()): string {
  if (rows.length === 0) return 'No operations yet.';
  const lines: string[] = [];
  for (const row of rows) {
    const mark = row.status === 'done' ? '' : `  [${row.status}]`;
    lines.push(`#${row.id}  ${relativeTime(row.time / 1000, nowMs)}  ${row.command}${mark}`);
    if (row.summary) lines.push(`    ${row.summary}`);
    const changes = row.changes.map(
      (c) => `${c.ref} ${c.before ? shortHash(c.before) : '(new)'} → ${c.after ? shortHash(c.after) : '(deleted)'}`,
    );
    if (row.head) changes.push(`HEAD ${row.head.before} → ${row.head.after}`);
    for (const change of changes) lines.push(`    ${change}`);
  }
  return lines.join('\n');
}

function shortRef(ref: string): string {
  return ref
    .replace(/^refs\/heads\//, '')
    .replace(/^refs\/stackline\/visible\/([0-9a-f]+)$/, (_, h: string) => `draft ${shortHash(h)}`);
}

function describeHead(head: HeadState): string {
  const at = head.hash ? shortHash(head.hash) : 'nothing';
  return head.ref ? `${head.ref.replace(/^refs\/heads\//, '')} (${at})` : at;
}
