// Typed errors of the checks area. The message is for people: what went wrong and what to do next.
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

export class CheckError extends Error {
  constructor(
    readonly kind: CheckErrorKind,
    message: string,
    /** The file the problem is in, when there is one. */
    readonly file?: string,
    /** What to do about it, as data (the CLI prints the command line, VS Code shows a button). */
    readonly fix?: Fix,
  ) {
    super(message);
    this.name = 'CheckError';
  }
}
