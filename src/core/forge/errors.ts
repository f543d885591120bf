// Typed errors of the forge layer (GitHub): each carries a short message for people, saying what
// went wrong and what to do next. Never a token: messages pass through the redactor first.

export type ForgeErrorKind =
  | 'auth'
  | 'rate-limit'
  | 'validation'
  | 'not-found'
  | 'server'
  | 'offline'
  | 'conflict'
  | 'config'
  | 'refused'
  | 'push-rejected';

export class ForgeError extends Error {
  constructor(
    readonly kind: ForgeErrorKind,
    message: string,
    /** Extra text for the log (already redacted); never shown as the main message. */
    readonly detail = '',
  ) {
    super(message);
    this.name = 'ForgeError';
  }
}

/** Land refused because the bottom PR is not ready; the reasons let a UI offer "land anyway". */
export class LandNotReadyError extends ForgeError {
  constructor(
    readonly number: number,
    readonly url: string,
    readonly reasons: string[],
  ) {
    super('refused', `Not landing #${number}: ${reasons.join(' and ')}. Fix that on ${url}, or land anyway with --force.`);
  }
}
