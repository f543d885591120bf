// Checks a commit message against the rules in-process with @commitlint/lint, given the parser
// options and ignores the config resolved to, the way the commitlint CLI calls it.
import type { LintConfig } from './lintConfig';
import { ConventionsError } from './errors';
import { plural } from '../format';

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
type Rules = typeof import('@commitlint/rules', { with: { 'resolution-mode': 'import' } }).default;
type Rule = import('@commitlint/types', { with: { 'resolution-mode': 'import' } }).Rule<unknown>;
let linter: Promise<Lint> | undefined;
let builtInRules: Promise<Rules> | undefined;

/** @commitlint/lint is an ES module: loaded on first use, so commands that never lint don't pay for it. */
function loadLinter(): Promise<Lint> {
  linter ??= import('@commitlint/lint').then((module) => module.default);
  return linter;
}

/** The rules @commitlint/lint runs (its own dependency, already in every bundle that lints). */
function loadBuiltInRules(): Promise<Rules> {
  builtInRules ??= import('@commitlint/rules').then((module) => module.default);
  return builtInRules;
}

/** The line the conventional-commits parser stops reading at (`git commit -v` puts the diff below it). */
const SCISSORS = '# ------------------------ >8 ------------------------';

/** True when a message holds nothing but whitespace and, with a comment character, comment lines. */
export function isEmptyMessage(message: string, commentChar?: string): boolean {
  const lines = message.split(/\r?\n/);
  const end = lines.indexOf(SCISSORS);
  return (end === -1 ? lines : lines.slice(0, end)).every(
    (line) => line.trim() === '' || (!!commentChar && line.startsWith(commentChar)),
  );
}

const toProblem = ({ name, level, message }: { name: string; level: number; message?: string }): RuleProblem => ({
  name,
  level: level === 2 ? 2 : 1,
  message: message ?? name,
});

export async function lintMessage(
  message: string,
  config: LintConfig,
  options: LintMessageOptions = {},
): Promise<LintReport> {
  const parserOpts = options.commentChar
    ? { ...config.parserOpts, commentChar: options.commentChar }
    : config.parserOpts;
  const commentChar = typeof parserOpts.commentChar === 'string' ? parserOpts.commentChar : undefined;
  if (isEmptyMessage(message, commentChar)) return lintEmptyMessage(message, config);
  const lint = await loadLinter();
  const outcome = await lint(message, config.rules, {
    parserOpts,
    plugins: config.plugins,
    ignores: config.ignores,
    defaultIgnores: config.defaultIgnores,
    helpUrl: config.helpUrl,
  });
  return { valid: outcome.valid, errors: outcome.errors.map(toProblem), warnings: outcome.warnings.map(toProblem) };
}

/**
 * The rules' verdict on a message with nothing in it, judged as a commit with an empty header
 * (subject-empty, type-empty, header-min-length…). commitlint itself passes an empty message
 * and its parser throws "Expected a raw commit" on whitespace, yet git commits either with
 * --allow-empty-message. The config's rules were checked when it was loaded (checkRules).
 */
async function lintEmptyMessage(message: string, config: LintConfig): Promise<LintReport> {
  if (config.ignores.some((ignore) => ignore(message))) return { valid: true, errors: [], warnings: [] };
  const rules = new Map<string, Rule>(Object.entries(await loadBuiltInRules()) as [string, Rule][]);
  for (const plugin of Object.values(config.plugins))
    for (const [name, rule] of Object.entries(plugin.rules ?? {})) rules.set(name, rule as Rule);
  // What the parser makes of a one-line message, minus the line. (The parser's published type, with
  // an index signature its own array fields break, admits no object literal: hence the cast.)
  const empty = {
    raw: message,
    header: '',
    type: null,
    scope: null,
    subject: null,
    body: null,
    footer: null,
    merge: null,
    revert: null,
    mentions: [],
    notes: [],
    references: [],
  } as unknown as Parameters<Rule>[0];
  const broken: { name: string; level: number; message?: string }[] = [];
  for (const [name, setting] of Object.entries(config.rules)) {
    if (!Array.isArray(setting) || !(setting[0] > 0)) continue;
    const [level, when, value] = setting;
    const rule = rules.get(name);
    if (!rule) continue;
    const [valid, text] = await rule(empty, when, value);
    if (!valid) broken.push({ name, level, message: text });
  }
  const errors = broken.filter((p) => p.level === 2).map(toProblem);
  return { valid: errors.length === 0, errors, warnings: broken.filter((p) => p.level === 1).map(toProblem) };
}

/**
 * Fails with a message naming the config when its rules cannot run: no rules at all, a rule that
 * does not exist, or a malformed rule setting. (commitlint reports these only while linting.)
 */
export async function checkRules(config: LintConfig): Promise<void> {
  if (Object.keys(config.rules).length === 0) {
    throw new ConventionsError(
      'config',
      `${config.label} has no rules. Add rules, or extend @commitlint/config-conventional.`,
      config.file?.path,
    );
  }
  try {
    await lintMessage('chore: check the rules', config);
  } catch (error) {
    const text = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConventionsError(
      'config',
      `${config.label}: ${text.replace(/\.$/, '')}. Fix the config.`,
      config.file?.path,
    );
  }
}

/** One line per violated rule, errors first: "✖ subject may not be empty [subject-empty]". */
export function formatProblems(report: LintReport): string[] {
  return [
    ...report.errors.map((p) => `✖ ${p.message} [${p.name}]`),
    ...report.warnings.map((p) => `⚠ ${p.message} [${p.name}]`),
  ];
}

/** "2 errors, 1 warning" */
export function countProblems(report: LintReport): string {
  return [
    report.errors.length ? plural(report.errors.length, 'error') : '',
    report.warnings.length ? plural(report.warnings.length, 'warning') : '',
  ]
    .filter(Boolean)
    .join(', ');
}
