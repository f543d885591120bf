// The plain data an oplog entry records about an operation: its arguments, the ref changes it makes
// and the commits a rewrite replays (so a rewrite stopped on conflicts can be continued or undone later).
// JSON-serializable; the operations that produce them live in core/operations.

/** An operation's arguments as an entry records them: an object of plain JSON values. */
export type OpArgs = object;

export interface RefUpdate {
  ref: string;
  /** Expected current value; undefined = must not exist. */
  old: string | undefined;
  /** New value; undefined = delete. */
  new: string | undefined;
}

/** A new parent: an existing commit, or whatever a commit of this rewrite became. */
export type NewParent = { commit: string } | { rewrittenFrom: string };

/** One step of a rewrite: a commit to replay onto a new parent. */
export interface Pick {
  /** The commit to replay. */
  old: string;
  parent: NewParent;
  /** Drop it when it ends up changing nothing (its changes are already upstream). */
  dropIfEmpty?: boolean;
  /** Drop it regardless (it landed upstream): what was on it goes onto its new parent. */
  drop?: boolean;
}
