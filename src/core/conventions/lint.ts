// Checks a commit message against the rules in-process with @commitlint/lint, given the parser
// options and ignores the config resolved to, the way the commitlint CLI calls it.
import type { LintConfig } from './commitlintConfig';
import { ConventionsError } from './errors';

export interface RuleProblem {
  /** The rule's name, e.g. subject-empty. */
  name: string;
  /** 2 = error, 1 = warning. */
  level: 1 | 2;
  message: string;
}

export interface LintReport {
  /** No errors (warnings allowed). */
  valid: boolean;
  errors: RuleProblem[];
  warnings: RuleProblem[];
}

export interface LintMessageOptions {
  /**
   * Lines starting with this are comments and are not checked, as in a COMMIT_EDITMSG file
   * (commitlint --edit does the same with core.commentChar). Unset: every line counts.
   */
  commentChar?: string;
}

type Lint = typeof import('@commitlint/lint', { with: { 'resolution-mode': 'import' } }).default;
let linter: Promise<Lint> | undefined;

/** @commitlint/lint is an ES module: loaded on first use, so commands that never lint don't pay for it. */
function loadLinter(): Promise<Lint> {
  linter ??= import('@commitlint/lint').then((module) => module.default);
  return linter;
}

export async function lintMessage(message: string, config: LintConfig, options: LintMessageOptions = {}): Promise<LintReport> {
  const lint = await loadLinter();
  const parserOpts = options.commentChar ? { ...config.parserOpts, commentChar: options.commentChar } : config.parserOpts;
  const outcome = await lint(message, config.rules, {
    parserOpts,
    plugins: config.plugins,
    ignores: config.ignores,
    defaultIgnores: config.defaultIgnores,
    helpUrl: config.helpUrl,
  });
  const problem = ({ name, level, message: text }: { name: string; level: number; message: string }): RuleProblem => ({ name, level: level === 2 ? 2 : 1, message: text });
  return { valid: outcome.valid, errors: outcome.errors.map(problem), warnings: outcome.warnings.map(problem) };
}

/**
 * Fails with a message naming the config when its rules cannot run: no rules at all, a rule that
 * does not exist, or a malformed rule setting. (commitlint reports these only while linting.)
 */
export async function checkRules(config: LintConfig): Promise<void> {
  if (Object.keys(config.rules).length === 0) {
    throw new ConventionsError('config', `${config.label} has no rules. Add rules, or extend @commitlint/config-conventional.`, config.file?.path);
  }
  try {
    await lintMessage('chore: check the rules', config);
  } catch (error) {
    const text = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConventionsError('config', `${config.label}: ${text.replace(/\.$/, '')}. Fix the config.`, config.file?.path);
  }
}

/** One line per violated rule, errors first: "✖ subject may not be empty [subject-empty]". */
export function formatProblems(report: LintReport): string[] {
  return [...report.errors.map((p) => `✖ ${p.message} [${p.name}]`), ...report.warnings.map((p) => `⚠ ${p.message} [${p.name}]`)];
}

/** "2 errors, 1 warning" */
export function countProblems(report: LintReport): string {
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return [report.errors.length ? n(report.errors.length, 'error') : '', report.warnings.length ? n(report.warnings.length, 'warning') : ''].filter(Boolean).join(', ');
}
