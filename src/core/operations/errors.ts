// Typed errors of history-editing operations. The message is for people: what is wrong and what to do.
import type { Fix } from '../fix';

export type OperationErrorKind =
  /** The operation would break a rule (public commits, local edits, merges): nothing was changed. */
  | 'refused'
  /** Bad arguments: an unknown commit, an empty file list. */
  | 'bad-input'
  /** Another Stackline operation holds the repository. */
  | 'locked'
  /** An earlier operation was interrupted or stopped on conflicts and must be finished or aborted first. */
  | 'pending'
  /** Stopped on conflicts: resolve, then continue or abort. */
  | 'conflict'
  /** Nothing to undo, redo, continue or abort. */
  | 'nothing-to-do';

export class OperationError extends Error {
  constructor(
    readonly kind: OperationErrorKind,
    message: string,
    /** Raw git output or other detail for logs; never the main message. */
    readonly detail = '',
    /** What to do instead, as data (the message says it too). */
    readonly fix?: Fix,
  ) {
    super(message);
    this.name = 'OperationError';
  }
}
