// Typed errors of the conventions area. The message is for people: it names the file and the fix.

export type ConventionsErrorKind =
  /** A config file that cannot be read, parsed or understood. */
  | 'config'
  /** A config that is code (or needs code) in a workspace that is not trusted. */
  | 'untrusted'
  /** Installing, removing or reading the hooks failed. */
  | 'hooks';

export class ConventionsError extends Error {
  constructor(
    readonly kind: ConventionsErrorKind,
    message: string,
    /** The file the problem is in, when there is one. */
    readonly file?: string,
  ) {
    super(message);
    this.name = 'ConventionsError';
  }
}
