// `stackline submit|land|close`: stacked PRs on GitHub from the terminal. The token comes from
// GITHUB_TOKEN or GH_TOKEN; the API from STACKLINE_GITHUB_API_URL, git config stackline.github.apiUrl,
// or the remote's host (github.com → api.github.com, other hosts → https://HOST/api/v3).
import { parseArgs } from 'node:util';
import { ForgeError } from '../../core/forge/errors';
import { landStack, type LandResult } from '../../core/forge/land';
import { baseRemote, openForgeSession, type ForgeSession } from '../../core/forge/session';
import { stackPath } from '../../core/forge/stackPath';
import { submitStack, type SubmitResult } from '../../core/forge/submit';
import { submitSizeReport } from '../../core/conventions/sizeReport';
import { isLoopbackApi, parseMergeMethod } from '../../core/forge/settings';
import { UsageError, type CliCommand, type CliContext } from '../context';
import { checkBeforeSubmit } from './check';
import { escapeControls } from '../terminalText';

export async function session(context: CliContext): Promise<ForgeSession> {
  const git = await context.git();
  // Which GitHub repository comes first: without one, no token helps.
  await baseRemote(git);
  const token = process.env.GITHUB_TOKEN || process.env.GH_TOKEN;
  if (!token) {
    throw new ForgeError('auth', 'No GitHub token: set GITHUB_TOKEN (or GH_TOKEN) to a token with the repo scope, e.g. export GITHUB_TOKEN=$(gh auth token).');
  }
  const apiUrl = process.env.STACKLINE_GITHUB_API_URL || (await git.tryRun(['config', '--get', 'stackline.github.apiUrl']))?.trim() || undefined;
  const debug = !!process.env.STACKLINE_DEBUG;
  return openForgeSession(git, {
    token,
    apiUrl,
    // GitHub's spacing between writes guards against its secondary rate limits; a local stand-in has none.
    spaceWrites: !(apiUrl && isLoopbackApi(apiUrl)),
    log: (line) => debug && console.error(escapeControls(line)),
    notify: (message) => console.error(escapeControls(message)),
  });
}

const submitCommand: CliCommand = {
  name: 'submit',
  synopsis: 'submit [--draft] [--check] [--reviewer u] [--label l]',
  summary: 'push the current stack and open or update one PR per commit',
  async run(context, argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { draft: { type: 'boolean' }, check: { type: 'boolean' }, reviewer: { type: 'string', multiple: true }, label: { type: 'string', multiple: true } },
    });
    if (positionals.length > 1) throw new UsageError('submit takes at most one commit (the top of the line to submit).');
    const forge = await session(context);
    const top = positionals[0] ? (await (await context.git()).run(['rev-parse', '--verify', `${positionals[0]}^{commit}`])).trim() : undefined;
    await warnAboutSize(context, top);
    await checkBeforeSubmit(context, top, !!values.check);
    const result = await submitStack({
      git: await context.git(),
      location: await context.repo(),
      session: forge,
      trunk: context.trunk,
      top,
      draft: values.draft,
      reviewers: values.reviewer,
      labels: values.label,
      log: (line) => context.out(line),
    });
    reportSubmit(context, result);
    return 0;
  },
};

const landCommand: CliCommand = {
  name: 'land',
  synopsis: 'land [--force] [--method m]',
  summary: 'merge the bottom PR of the stack, then move the rest onto trunk and re-submit',
  async run(context, argv) {
    const { values, positionals } = parseArgs({ args: argv, strict: true, allowPositionals: true, options: { force: { type: 'boolean' }, method: { type: 'string' } } });
    if (positionals.length > 0) throw new UsageError('land takes no arguments; it lands the bottom PR of the current stack.');
    const git = await context.git();
    const method = parseMergeMethod(values.method ?? (await git.tryRun(['config', '--get', 'stackline.github.mergeMethod']))?.trim());
    const result = await landStack({ git, location: await context.repo(), session: await session(context), trunk: context.trunk, method, force: values.force, log: (line) => context.out(line) });
    reportLand(context, result);
    return 0;
  },
};

const closeCommand: CliCommand = {
  name: 'close',
  synopsis: 'close <pr-number>',
  summary: 'close a PR (e.g. one whose commit left the stack)',
  async run(context, argv) {
    const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true });
    const number = Number(positionals[0]?.replace(/^#/, ''));
    if (positionals.length !== 1 || !Number.isInteger(number) || number <= 0) throw new UsageError('close needs one PR number: stackline close 12');
    const pull = await (await session(context)).forge.updatePull(number, { state: 'closed' });
    context.out(`Closed #${pull.number} ${pull.url}`);
    return 0;
  },
};

/** Prints the stack's size warnings before it goes up; advisory, so the submit goes on. */
async function warnAboutSize(context: CliContext, top: string | undefined): Promise<void> {
  const line = stackPath(await context.smartlog(), top).commits.map((c) => c.hash);
  const report = await submitSizeReport(await context.git(), (await context.repo()).root, line);
  if (report.warnings.length === 0) return;
  context.out([...report.warnings.map((w) => `⚠ ${w}`), `(Size limits from ${report.source}; advisory.)`].join('\n'));
}

function reportSubmit(context: CliContext, result: SubmitResult): void {
  for (const pull of [...result.pulls].reverse()) {
    const what = pull.created ? 'new' : pull.updated || pull.pushed ? 'updated' : 'unchanged';
    context.out(`#${pull.number}  ${pull.title}  (${what}; ${pull.branch} → ${pull.base})  ${pull.url}`);
  }
  for (const pull of result.dropped) {
    context.out(`#${pull.number} (${pull.headRef}) is no longer in the stack and was left open. Close it with: stackline close ${pull.number}`);
  }
}

function reportLand(context: CliContext, result: LandResult): void {
  context.out(`Merged #${result.merged.number} into ${result.trunkBranch} (${result.method}).`);
  if (result.retargeted) context.out(`#${result.retargeted} now targets ${result.trunkBranch}.`);
  if (result.submit) reportSubmit(context, result.submit);
  else context.out('That was the last PR of the stack.');
}

export const forgeCommands: CliCommand[] = [submitCommand, landCommand, closeCommand];
