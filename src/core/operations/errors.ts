// Typed errors of history-editing operations. The message is for people: what is wrong and what to do.
import { StacklineError } from '../errors';
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

export class OperationError extends StacklineError<OperationErrorKind> {
  constructor(
    kind: OperationErrorKind,
    message: string,
    /** Raw git output or other detail for logs; never the main message. */
    detail = '',
    /** What to do instead, as data: the message says it in words, never as a command line. */
    fixes: readonly Fix[] = [],
  ) {
    super(kind, message, { detail, fixes });
    this.name = 'OperationError';
  }
}

/** Goes on with an operation stopped on conflicts, once they are resolved. */
export const CONTINUE: Fix = { label: 'Continue', cli: 'stackline continue', command: 'stackline.continue' };
/** Puts the repository back as it was before a stopped or interrupted operation. */
export const ABORT: Fix = { label: 'Abort', cli: 'stackline abort', command: 'stackline.abort' };
/** Takes back the last finished operation. */
export const UNDO: Fix = { label: 'Undo', cli: 'stackline undo', command: 'stackline.undo' };
