// The operation log on disk: <common git dir>/stackline/oplog.jsonl, one JSON record per line,
// appended as an operation goes (begin → checkout → stop → end), so an interrupted operation
// leaves enough behind to be rolled back. Old commits stay alive through KEEP_REF (see keep.ts).
import { appendFileSync, closeSync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { OpArgs, Pick } from './records';
import type { RefUpdate } from './records';
import type { RepoSnapshot } from './snapshot';
import { legacyOp } from './legacy';
import { readTail } from './tail';

/** How much of the end of the log last() reads: more than any one operation's records. */
const TAIL_BYTES = 1 << 20;

export type EntryKind = 'operation' | 'undo' | 'redo';
export type EntryStatus = 'running' | 'stopped' | 'done' | 'rolled-back' | 'aborted';

/** Written before the work tree is touched: what to put back if it is interrupted halfway. */
export interface CheckoutRecord {
  /** HEAD's commit before and after the checkout. */
  from: string;
  to: string;
  /** The index and the work tree (tracked files) as trees, taken just before. */
  index: string;
  worktree: string;
  /** Paths the checkout adds that did not exist before: removed again if it is interrupted. */
  added: string[];
}

/** A checkout in another worktree whose branch the operation moves (see operations/worktrees.ts). */
export interface WorktreeCheckoutRecord extends CheckoutRecord {
  /** That worktree's folder. */
  path: string;
}

/** What an operation that stopped on conflicts needs to finish (continue) or be undone (abort). */
export interface StopRecord {
  /** Commits made before the rebase started: [old, new]. */
  seeds: [string, string][];
  /** Commits the rebase replays; their new versions land under refs/stackline/rewrite/<id>/. */
  picks: Pick[];
  deleteRefsOf: string[];
  deleteRefsOfDropped?: boolean;
  headOn?: string;
  extraRefs: RefUpdate[];
  /** The index before the rebase (its autostash brings staged changes back unstaged). */
  index?: string;
  /** The conflicted files and the commit being replayed when it stopped, for messages. */
  conflicts: string[];
  stoppedAt?: string;
}

/** What an operation records when it begins. */
export interface EntryStart {
  id: number;
  time: number;
  kind: EntryKind;
  /** The operation's name in the operations table, e.g. "hide" (logs from before it: see legacy.ts). */
  op: string;
  /** Its arguments, e.g. { revs: ['3f2a…'] }. */
  args: OpArgs;
  /** The command as typed, e.g. "amend --all": for people, never read back. */
  command: string;
  /** For undo/redo: the entry it reverts or re-applies. */
  target?: number;
  /** The git dir of the worktree it ran in (HEAD and the index belong to it). */
  worktree: string;
  pid: number;
  before: RepoSnapshot;
}

export type OplogRecord =
  | ({ type: 'begin' } & BeginRecord)
  | ({ type: 'checkout'; id: number } & CheckoutRecord)
  | ({ type: 'worktree-checkout'; id: number } & WorktreeCheckoutRecord)
  | ({ type: 'stop'; id: number } & StopRecord)
  | {
      type: 'end';
      id: number;
      time: number;
      status: 'done' | 'rolled-back' | 'aborted';
      after?: RepoSnapshot;
      /** Commits replaced by new versions: [old, new]. Drives restack and unamend. */
      rewrites?: [string, string][];
      /** A short account of what happened, for `stackline oplog`. */
      summary?: string;
    };

/** A begin record as read: logs written before op and args were recorded lack them. */
type BeginRecord = Omit<EntryStart, 'op' | 'args'> & { op?: string; args?: OpArgs };

/** An operation as the log tells it: its start, then whatever records followed. */
export interface OplogEntry extends EntryStart {
  checkout?: CheckoutRecord;
  /** Checkouts in other worktrees, in the order they were made. */
  worktreeCheckouts?: WorktreeCheckoutRecord[];
  stop?: StopRecord;
  status: EntryStatus;
  endTime?: number;
  after?: RepoSnapshot;
  rewrites: [string, string][];
  summary?: string;
}

export class OplogStore {
  readonly file: string;

  constructor(readonly dir: string) {
    this.file = join(dir, 'oplog.jsonl');
  }

  /**
   * The operations in the log, oldest first; with `tailBytes`, only those whose begin record lies
   * within that much of the log's end (the records of an earlier one left in the window are skipped).
   */
  entries(tailBytes?: number): OplogEntry[] {
    return parseEntries(readTail(this.file, tailBytes) ?? '');
  }

  /**
   * The last operation, read from the end of the log only (cheap enough for every redraw). An
   * unfinished operation is always the last one begun: nothing else starts while one is open.
   */
  last(): OplogEntry | undefined {
    return this.entries(TAIL_BYTES).at(-1);
  }

  append(record: OplogRecord): void {
    mkdirSync(this.dir, { recursive: true });
    appendFileSync(this.file, `${JSON.stringify(record)}\n`);
    // The record must be on disk before the repository changes that it describes.
    const fd = openSync(this.file, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  nextId(): number {
    return (this.last()?.id ?? 0) + 1;
  }

  /** The operation that was interrupted or stopped on conflicts, if the last one was. */
  unfinished(): OplogEntry | undefined {
    const last = this.last();
    return last && (last.status === 'running' || last.status === 'stopped') ? last : undefined;
  }
}

function parseEntries(text: string): OplogEntry[] {
  const byId = new Map<number, OplogEntry>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let record: OplogRecord;
    try {
      record = JSON.parse(line) as OplogRecord;
    } catch {
      // A line cut short by a crash mid-write: the records before it are whole.
      continue;
    }
    applyRecord(byId, record);
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

function applyRecord(byId: Map<number, OplogEntry>, record: OplogRecord): void {
  if (record.type === 'begin') {
    const { type: _type, ...begin } = record;
    // Entries written before the log recorded op and args have only the display text.
    const structured = begin.op === undefined ? legacyOp(begin.command) : { op: begin.op, args: begin.args ?? {} };
    byId.set(record.id, { ...begin, ...structured, status: 'running', rewrites: [] });
    return;
  }
  const entry = byId.get(record.id);
  if (!entry) return;
  if (record.type === 'checkout') {
    const { type: _type, id: _id, ...checkout } = record;
    entry.checkout = checkout;
  } else if (record.type === 'worktree-checkout') {
    const { type: _type, id: _id, ...checkout } = record;
    entry.worktreeCheckouts = [...(entry.worktreeCheckouts ?? []), checkout];
  } else if (record.type === 'stop') {
    const { type: _type, id: _id, ...stop } = record;
    entry.stop = stop;
    entry.status = 'stopped';
  } else {
    entry.status = record.status;
    entry.endTime = record.time;
    entry.after = record.after;
    entry.rewrites = record.rewrites ?? [];
    entry.summary = record.summary;
  }
}

/** The operations undo and redo would act on next, replaying the log in order. */
export function undoStacks(entries: OplogEntry[]): { done: OplogEntry[]; undone: OplogEntry[] } {
  const done: OplogEntry[] = [];
  const undone: OplogEntry[] = [];
  const byId = new Map(entries.map((e) => [e.id, e]));
  for (const entry of entries) {
    if (entry.status !== 'done') continue;
    if (entry.kind === 'operation') {
      done.push(entry);
      undone.length = 0;
    } else if (entry.kind === 'undo') {
      const index = done.findIndex((e) => e.id === entry.target);
      if (index >= 0) undone.push(...done.splice(index, 1));
    } else {
      const index = undone.findIndex((e) => e.id === entry.target);
      if (index >= 0) done.push(...undone.splice(index, 1).map((e) => byId.get(e.id)!));
    }
  }
  return { done, undone };
}
