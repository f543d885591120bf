// Typed errors of the checks area. The message is for people: what went wrong and what to do next.
import { StacklineError } from '../errors';
import type { Fix } from '../fix';

export type CheckErrorKind =
  /** .stackline.json declares checks Stackline cannot understand (or none at all). */
  | 'config'
  /** The workspace is not trusted: nothing from the repository runs. */
  | 'untrusted'
  /** There is no stack of draft commits to check. */
  | 'no-stack'
  /** A check failed where the caller asked to stop on failures (submit --check). */
  | 'failed'
  /** Pushing or cleaning up the scratch branches of a remote dry run failed. */
  | 'remote';

export class CheckError extends StacklineError<CheckErrorKind> {
  constructor(
    kind: CheckErrorKind,
    message: string,
    /** The file the problem is in, when there is one. */
    readonly file?: string,
    fixes: readonly Fix[] = [],
  ) {
    super(kind, message, { fixes });
    this.name = 'CheckError';
  }
}
