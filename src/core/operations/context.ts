// The shapes shared by every operation: what it gets to work with, what it hands back to the
// runner, and what the caller gets in the end.
import type { Notice } from '../fix';
import type { OpArgs } from '../oplog/records';
import type { EntryKind } from '../oplog/store';
import type { ObjectStore } from './objects';
import type { RewritePlan } from './plan';
import type { RepoSession } from './session';
import type { RepoState } from './state';
import type { Transition } from './transition';

export interface OperationContext extends RepoSession {
  state: RepoState;
  store: ObjectStore;
  entryId: number;
}

/** What an operation did or wants done; the runner applies it and records the result. */
export interface Change<T> {
  /** Commits to rewrite (run in memory, or in the work tree when they conflict). */
  plan?: RewritePlan;
  /** A state to move to, for operations that do not rewrite. */
  transition?: Transition;
  /** For `stackline oplog` and the CLI's output; gets the rewrite's old → new and the dropped commits. */
  summary: (rewrites: Map<string, string>, dropped: Set<string>) => string;
  /** What else to know, each with its fix (a commit the operation emptied: hide it). */
  notices?: Notice[];
  result: T;
}

export interface Operation<T> {
  /** Its name in the operations table (table.ts) and in the oplog, e.g. "hide". */
  op: string;
  /** Its arguments as the oplog records them (plain JSON), e.g. { revs: ['3f2a…'] }. */
  args: OpArgs;
  /** The command as people would type it, e.g. "amend --all": for display only. */
  command: string;
  /**
   * The CLI arguments that run it again as it is (`['reword', '1a2b3c4d5', '-m', 'feat: x']`), set
   * for operations built from the operations table: a fix that says "do it again, but…" prints them.
   */
  rerun?: string[];
  kind?: EntryKind;
  /** For undo and redo: the entry they act on. */
  target?: number;
  /** Records the index before and after (operations that commit, uncommit or stage). */
  touchesIndex?: boolean;
  /** False for operations that need no draft commits (undo, redo): skips reading them. */
  needsDrafts?: boolean;
  /**
   * Checks the request against the repository and throws OperationError before anything changes;
   * returns the work to do.
   */
  prepare(context: Omit<OperationContext, 'entryId'>): Promise<(context: OperationContext) => Promise<Change<T>>>;
}

export interface Outcome<T> {
  entryId: number;
  summary: string;
  result: T;
  /** Old → new for every commit that was rewritten. */
  rewrites: Map<string, string>;
  /** Other worktrees it moved along with their branch, or left (their messages end the summary too). */
  notices: Notice[];
}
