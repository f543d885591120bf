// Typed errors of the git layer. Each carries a short message meant for people, not a stack trace.

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
  | 'failed';

export class GitError extends Error {
  constructor(
    readonly kind: GitErrorKind,
    message: string,
    /** The raw stderr of git, kept for the output channel; never shown as the main message. */
    readonly detail = '',
  ) {
    super(message);
    this.name = 'GitError';
  }
}
