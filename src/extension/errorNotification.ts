// How VS Code offers an error: its message, a button for each fix, and Show Log when the log holds
// more than the message. A fix with a VS Code command runs it; one without (a git command, or a
// command for another worktree) copies its command line. Pure data, so it is tested without VS Code.
import { StacklineError } from '../core/errors';
import { fixCommandLine } from '../core/fix';
import { l10n } from './l10n';

export type ErrorAction =
  | { title: string; kind: 'run'; command: string; args: readonly unknown[] }
  | { title: string; kind: 'copy'; text: string }
  | { title: string; kind: 'log' };

export interface ErrorNotification {
  message: string;
  /** The buttons, in order: the fixes, then Show Log. */
  actions: ErrorAction[];
}

/** `showLog`: whether to offer the log; by default when it holds more than the message. */
export function errorNotification(error: unknown, showLog = hasMoreInLog(error)): ErrorNotification {
  const message = error instanceof Error ? error.message : String(error);
  const fixes = StacklineError.is(error) ? error.fixes : [];
  const actions: ErrorAction[] = fixes.flatMap((fix): ErrorAction[] =>
    // A command runs in this window's repository: a fix for another worktree is copied instead.
    fix.command && !fix.cwd
      ? [{ title: fix.label, kind: 'run', command: fix.command, args: fix.args ?? [] }]
      : // Advice in words is no command line to copy.
        fix.advice
        ? []
        : [{ title: l10n.t('Copy: {0}', fixCommandLine(fix)), kind: 'copy', text: fixCommandLine(fix) }],
  );
  if (showLog) actions.push({ title: l10n.t('Show Log'), kind: 'log' });
  return { message, actions };
}

/** Stackline's own errors say the cause and the fix; the log only helps when it holds more (git's output). */
export function hasMoreInLog(error: unknown): boolean {
  return !StacklineError.is(error) || error.detail !== '';
}
