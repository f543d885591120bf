// `stackline lint` (a message, or the current stack) and `stackline hooks install|uninstall|status`.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { plural, shortHash } from '../../core/format';
import { fixLines } from '../errorText';
import { GitError } from '../../core/git/errors';
import { GitRunner } from '../../core/git/runner';
import { checkMessage, commentChar, describeCheck, messageFromFile } from '../../core/conventions/check';
import { loadLintConfig } from '../../core/conventions/commitlintConfig';
import { readCommitFacts } from '../../core/conventions/commitFacts';
import { formatProblems, lintMessage } from '../../core/conventions/lint';
import { loadSettings } from '../../core/conventions/settings';
import { commitSizeWarning, stackSizeWarning } from '../../core/conventions/size';
import { hookStatus, installHooks, uninstallHooks, type HookStatus } from '../../core/conventions/hooks/install';
import { UsageError, type CliCommand, type CliContext } from '../context';

/** The repository root, or the folder itself outside a repository (a message can be linted anywhere). */
async function rootOf(context: CliContext): Promise<string> {
  try {
    return (await context.repo()).root;
  } catch (error) {
    if (error instanceof GitError && error.kind === 'not-a-repo') return resolve(context.cwd);
    throw error;
  }
}

const lintCommand: CliCommand = {
  name: 'lint',
  synopsis: 'lint [--file F | -]',
  summary: 'check a message (--file F, or - for stdin), else the current stack, against the commit rules',
  async run(context, argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { file: { type: 'string', short: 'f' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 1 || (positionals.length === 1 && positionals[0] !== '-')) {
      throw new UsageError(
        `Unexpected argument ${positionals.find((p) => p !== '-') ?? positionals[1]}: use --file <path> or - for stdin.`,
      );
    }
    if (values.file !== undefined && positionals.length > 0)
      throw new UsageError('Give either --file <path> or -, not both.');
    const root = await rootOf(context);
    if (values.file === undefined && positionals.length === 0) return lintStack(context, root);

    // As commitlint: a file is a COMMIT_EDITMSG (comments ignored); stdin is the message as is.
    let message: string;
    let comment: string | undefined;
    if (values.file !== undefined) {
      const path = resolve(context.cwd, values.file);
      try {
        message = messageFromFile(readFileSync(path, 'utf8'));
      } catch (error) {
        throw new GitError(
          'failed',
          `Cannot read ${values.file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`,
        );
      }
      comment = await commentChar(new GitRunner(root));
    } else {
      message = readFileSync(0, 'utf8');
    }
    // The terminal user runs the repository's tools anyway (as with the commitlint CLI): trusted.
    const check = await checkMessage(message, root, { trusted: true, cwd: resolve(context.cwd), commentChar: comment });
    context.out(describeCheck(check).join('\n'));
    return check.report.valid ? 0 : 1;
  },
};

/** Checks every commit of the stack HEAD is on: messages and sizes. */
async function lintStack(context: CliContext, root: string): Promise<number> {
  const smartlog = await context.smartlog();
  const headCommit = smartlog.commits.find((c) => c.isHead);
  const stack = smartlog.stacks.find((s) => s.id === headCommit?.stackId);
  if (!stack) {
    context.out(
      'HEAD is not on a stack of draft commits: nothing to check. To check a message, use stackline lint --file <path> or -.',
    );
    return 0;
  }
  const config = await loadLintConfig(root, { trusted: true, cwd: resolve(context.cwd) });
  const settings = loadSettings(root);
  const facts = await readCommitFacts(await context.git(), stack.commits, settings.size.exclude);
  let errors = 0;
  const lines: string[] = [];
  for (const commit of facts) {
    const report = await lintMessage(commit.message, config);
    const size = commitSizeWarning(commit.linesChanged, settings);
    if (!report.valid) errors++;
    const problems = [...formatProblems(report), ...(size ? [`⚠ ${size}`] : [])];
    const mark = !report.valid ? '✖' : problems.length > 0 ? '⚠' : '✔';
    lines.push(
      `${mark} ${shortHash(commit.hash)}  ${commit.message.split('\n')[0]}`,
      ...problems.map((p) => `    ${p}`),
    );
  }
  const stackWarning = stackSizeWarning(stack.commits.length, settings);
  if (stackWarning) lines.push('', `⚠ ${stackWarning}`);
  lines.push(
    '',
    `${errors === 0 ? 'All' : `${errors} of`} ${plural(stack.commits.length, 'commit message')} ${errors === 0 ? 'follow' : 'break'} the commit rules (${config.label}).`,
  );
  if (errors > 0) lines.push('Fix them with git commit --amend (top commit) or an interactive rebase.');
  context.out(lines.join('\n'));
  return errors > 0 ? 1 : 0;
}

const hooksCommand: CliCommand = {
  name: 'hooks',
  synopsis: 'hooks install|uninstall|status',
  summary: 'set up the commit-msg hook (and the pre-push size check) for this repository',
  async run(context, argv) {
    const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true });
    const action = positionals[0] ?? 'status';
    if (positionals.length > 1 || !['install', 'uninstall', 'status'].includes(action)) {
      throw new UsageError(
        `hooks needs one of install, uninstall, status${positionals.length ? `, not ${positionals.join(' ')}` : ''}.`,
      );
    }
    const repo = await context.repo();
    const git = await context.git();
    if (action === 'status') {
      const status = await hookStatus(git, repo);
      context.out(describeStatus(status).join('\n'));
      return 0;
    }
    // dist/cli.js runs from the folder that also holds dist/hook.js, the bundle the hooks run.
    const result =
      action === 'install'
        ? await installHooks(git, repo, { bundle: join(__dirname, 'hook.js') })
        : await uninstallHooks(git, repo);
    context.out(result.lines.join('\n'));
    return 0;
  },
};

function describeStatus(status: HookStatus): string[] {
  const lines = [`Hook manager: ${status.manager.description}`];
  for (const hook of status.hooks)
    lines.push(`${hook.active ? '✔' : hook.wanted ? '✖' : '–'} ${hook.name}: ${hook.detail}`);
  if (status.advice) lines.push('', status.advice.message);
  if (status.advice?.fix) lines.push(...fixLines([status.advice.fix]));
  return lines;
}

export const conventionsCommands: CliCommand[] = [lintCommand, hooksCommand];
