// A failed command's error for the terminal: the message, then each fix as a command line to paste.
import { StacklineError } from '../core/errors';
import { fixCommandLine, type Fix } from '../core/fix';

export function errorText(error: unknown, debug = false): string {
  if (!(error instanceof Error)) return `stackline: ${String(error)}`;
  const lines = [`stackline: ${error.message}`];
  if (StacklineError.is(error)) {
    lines.push(...fixLines(error.fixes));
    if (debug && error.detail) lines.push(error.detail);
  }
  return lines.join('\n');
}

/** "  To fix: stackline continue", then "  Or:     stackline abort" for each other way. */
export function fixLines(fixes: readonly Fix[]): string[] {
  return fixes.map((fix, i) => `  ${i === 0 ? 'To fix:' : 'Or:    '} ${fixCommandLine(fix)}`);
}
