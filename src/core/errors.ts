// The one base of Stackline's own errors. A kind to decide on, a message for people (what happened
// and what to do, in words), detail for the log, and the fixes as data: the CLI prints each fix's
// command line, VS Code offers each as a button. Nothing decides on message text.
import type { Fix } from './fix';

export interface ErrorDetails {
  /** Raw git output or other text for the log; never the main message. */
  detail?: string;
  /** What to do about it, the likeliest first (continue before abort). */
  fixes?: readonly Fix[];
}

export class StacklineError<Kind extends string = string> extends Error {
  readonly detail: string;
  readonly fixes: readonly Fix[];

  constructor(
    readonly kind: Kind,
    message: string,
    { detail = '', fixes = [] }: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'StacklineError';
    this.detail = detail;
    this.fixes = fixes;
  }

  /** Whether `error` is one of this class (`OperationError.is(e, 'pending')`), optionally of one kind. */
  static is<
    C extends abstract new (...args: never[]) => StacklineError,
    K extends InstanceType<C>['kind'] = InstanceType<C>['kind'],
  >(this: C, error: unknown, kind?: K): error is InstanceType<C> & { kind: K } {
    return error instanceof this && (kind === undefined || (error as StacklineError).kind === kind);
  }
}
