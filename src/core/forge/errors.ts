// Typed errors of the forge layer (GitHub): each carries a short message for people, saying what
// went wrong and what to do next. Never a token: messages pass through the redactor first.
import { StacklineError } from '../errors';
import type { Fix } from '../fix';

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

export class ForgeError extends StacklineError<ForgeErrorKind> {
  constructor(
    kind: ForgeErrorKind,
    message: string,
    /** Extra text for the log (already redacted); never shown as the main message. */
    detail = '',
    fixes: readonly Fix[] = [],
  ) {
    super(kind, message, { detail, fixes });
    this.name = 'ForgeError';
  }
}

/** Pushes the stack and opens or updates its PRs. */
export const SUBMIT: Fix = { label: 'Submit Stack', cli: 'stackline submit', command: 'stackline.submitStack' };

/** Lands the bottom PR although its checks or review say it is not ready. */
export const LAND_ANYWAY: Fix = { label: 'Land Anyway', cli: 'stackline land --force' };
/** Lands the whole line although one of its PRs is not ready. */
export const LAND_ALL_ANYWAY: Fix = { label: 'Land Anyway', cli: 'stackline land --all --force' };

/** Land refused because the bottom PR is not ready; the reasons let a UI offer "land anyway". */
export class LandNotReadyError extends ForgeError {
  constructor(
    readonly number: number,
    readonly url: string,
    readonly reasons: string[],
    /** How to land it anyway, from where the land started (one PR, or the whole line). */
    anyway: Fix = LAND_ANYWAY,
  ) {
    super('refused', `Not landing #${number}: ${reasons.join(' and ')}. Fix that on ${url}, or land it anyway.`, '', [
      anyway,
    ]);
  }
}
