// Typed errors of the conventions area. The message is for people: it names the file and the fix.
import { StacklineError } from '../errors';
import type { Fix } from '../fix';

export type ConventionsErrorKind =
  /** A config file that cannot be read, parsed or understood. */
  | 'config'
  /** A config that is code (or needs code) in a workspace that is not trusted. */
  | 'untrusted'
  /** Installing, removing or reading the hooks failed. */
  | 'hooks';

export class ConventionsError extends StacklineError<ConventionsErrorKind> {
  constructor(
    kind: ConventionsErrorKind,
    message: string,
    /** The file the problem is in, when there is one. */
    readonly file?: string,
    fixes: readonly Fix[] = [],
  ) {
    super(kind, message, { fixes });
    this.name = 'ConventionsError';
  }
}

/** Writes (or brings up to date) the commit hooks the repository settings ask for. */
export const INSTALL_HOOKS: Fix = {
  label: 'Install Commit Hooks',
  cli: 'stackline hooks install',
  command: 'stackline.installHooks',
};
