// Typed errors of the git layer. Each carries a short message meant for people, not a stack trace.
import { StacklineError } from '../errors';
import type { Fix } from '../fix';

export type GitErrorKind =
  | 'not-a-repo'
  | 'git-missing'
  | 'local-changes'
  | 'operation-in-progress'
  | 'bad-revision'
  | 'no-commit'
  | 'ambiguous'
  /** Another git process holds a lock file (index.lock, a ref's .lock) for longer than Stackline waits. */
  | 'locked'
  /** The call's AbortSignal fired: git was stopped. */
  | 'cancelled'
  /** The call ran longer than its timeoutMs: git was stopped. */
  | 'timeout'
  /** The git on PATH is older than the features Stackline uses (see version.ts). */
  | 'git-too-old'
  | 'failed';

export class GitError extends StacklineError<GitErrorKind> {
  constructor(
    kind: GitErrorKind,
    message: string,
    /** The raw stderr of git, kept for the output channel; never shown as the main message. */
    detail = '',
    fixes: readonly Fix[] = [],
  ) {
    super(kind, message, { detail, fixes });
    this.name = 'GitError';
  }
}
