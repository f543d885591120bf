// Checking one message end to end, as the CLI and the hook do: load the repository's rules, lint,
// and describe the outcome in a few lines for a terminal.
import type { GitRunner } from '../git/runner';
import { loadLintConfig } from './commitlintConfig';
import type { LintConfig } from './lintConfig';
import { countProblems, formatProblems, lintMessage, type LintReport } from './lint';

export interface MessageCheck {
  config: LintConfig;
  report: LintReport;
}

/** The git call that reads core.commentChar, as the hook launcher asks it too (--default: # when unset). */
export const COMMENT_CHAR_ARGS = ['config', '--default', '#', '--get', 'core.commentChar'];

/** git's comment character for commit message files (core.commentChar; "auto" and unset mean #). */
export async function commentChar(git: GitRunner): Promise<string> {
  return commentCharOf(await git.tryRun(COMMENT_CHAR_ARGS));
}

/** The comment character, given what `git COMMENT_CHAR_ARGS` printed (undefined when it failed). */
export function commentCharOf(output: string | undefined): string {
  const value = output?.trim();
  return value && value !== 'auto' ? value : '#';
}

/**
 * A message file as git leaves it for the commit-msg hook (comments still in it). Read like
 * commitlint --edit does: a newline added, lines starting with the comment character ignored.
 */
export function messageFromFile(content: string): string {
  return `${content}\n`;
}

/** `commentChar` may still be on its way (a git call): it is awaited only after the rules are loaded. */
export async function checkMessage(
  message: string,
  root: string,
  options: { trusted: boolean; cwd?: string; commentChar?: string | Promise<string> },
): Promise<MessageCheck> {
  const config = await loadLintConfig(root, { trusted: options.trusted, cwd: options.cwd });
  return { config, report: await lintMessage(message, config, { commentChar: await options.commentChar }) };
}

/** The lines a terminal shows: each violated rule, then a summary naming where the rules come from. */
export function describeCheck({ config, report }: MessageCheck): string[] {
  const problems = formatProblems(report);
  if (problems.length === 0) return [`✔ The message follows the commit rules (${config.label}).`];
  const verdict = report.valid ? 'passes with' : 'breaks the commit rules:';
  return [
    ...problems,
    '',
    `The message ${verdict} ${countProblems(report)} (rules: ${config.label}; ${config.helpUrl}).`,
  ];
}
