// `stackline submit|land|close`: stacked PRs on GitHub from the terminal. The token comes from
// GITHUB_TOKEN or GH_TOKEN; the API from STACKLINE_GITHUB_API_URL, git config stackline.github.apiUrl,
// or the remote's host (github.com → api.github.com, other hosts → https://HOST/api/v3).
import { parseArgs } from 'node:util';
import { landStack, type LandResult } from '../../core/forge/land';
import { continueLanding, landAll, type LandAllResult } from '../../core/forge/landAll';
import { stackPath } from '../../core/forge/stackPath';
import { applySubmit, readSubmit, type SubmitResult } from '../../core/forge/submit';
import { planSubmit } from '../../core/forge/submitPlan';
import { describeSubmitPlan, submitPlanJson } from '../../core/forge/submitPlanText';
import { submitSizeReport } from '../../core/conventions/sizeReport';
import {
  parseMergeMethod,
  parseNativeStacks,
  parseStackList,
  type NativeStacksSetting,
  type StackListSetting,
} from '../../core/forge/settings';
import { UsageError, type CliCommand, type CliContext } from '../context';
import { checkBeforeSubmit, commitArgument } from './check';
import { forgeSession as session } from './forgeSession';
import { configValue } from '../../core/git/configValue';

const submitCommand: CliCommand = {
  name: 'submit',
  synopsis: 'submit [--draft] [--check] [--reviewer u] [--label l] [--dry-run [--json]]',
  summary: 'push the current stack and open or update one PR per commit',
  async run(context, argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        draft: { type: 'boolean' },
        check: { type: 'boolean' },
        reviewer: { type: 'string', multiple: true },
        label: { type: 'string', multiple: true },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
      },
    });
    if (positionals.length > 1)
      throw new UsageError('submit takes at most one commit (the top of the line to submit).');
    if (values.json && !values['dry-run']) throw new UsageError('--json goes with --dry-run (it prints the plan).');
    const forge = await session(context);
    const top = positionals[0] ? await commitArgument(context, positionals[0]) : undefined;
    await warnAboutSize(context, top);
    await checkBeforeSubmit(context, top, !!values.check);
    const target = {
      git: await context.git(),
      location: await context.repo(),
      session: forge,
      trunk: context.trunk,
      top,
      nativeStacks: await nativeStacksSetting(context),
    };
    const plan = planSubmit(await readSubmit(target), {
      stackListInBody: await stackListSetting(context),
      draft: values.draft,
      reviewers: values.reviewer,
      labels: values.label,
    });
    if (values['dry-run']) {
      context.out(values.json ? JSON.stringify(submitPlanJson(plan), null, 2) : describeSubmitPlan(plan));
      return 0;
    }
    reportSubmit(context, await applySubmit({ ...target, log: (line) => context.out(line) }, plan));
    return 0;
  },
};

const landCommand: CliCommand = {
  name: 'land',
  synopsis: 'land [--all | --upto <rev> | --continue] [--wait <minutes>] [--force] [--method m]',
  summary: 'merge the bottom PR (or the whole line) of the stack, then move the rest onto trunk and re-submit',
  async run(context, argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        force: { type: 'boolean' },
        method: { type: 'string' },
        all: { type: 'boolean' },
        upto: { type: 'string' },
        continue: { type: 'boolean' },
        wait: { type: 'string' },
      },
    });
    if (positionals.length > 0)
      throw new UsageError(
        'land takes no arguments; it lands the bottom PR of the current stack (--all: the whole line).',
      );
    if ([values.all, values.upto !== undefined, values.continue].filter(Boolean).length > 1)
      throw new UsageError('Pick one of --all, --upto <rev> and --continue.');
    const waitMinutes = values.wait === undefined ? undefined : Number(values.wait);
    if (waitMinutes !== undefined && !(waitMinutes > 0))
      throw new UsageError('--wait takes a number of minutes, e.g. --wait 30.');
    const git = await context.git();
    const method = parseMergeMethod(values.method ?? (await configValue(git, { key: 'stackline.github.mergeMethod' })));
    const input = {
      git,
      location: await context.repo(),
      session: await session(context),
      trunk: context.trunk,
      method,
      force: values.force,
      nativeStacks: await nativeStacksSetting(context),
      stackListInBody: await stackListSetting(context),
      waitMinutes,
      log: (line: string) => context.out(line),
    };
    if (values.continue) {
      reportLandAll(context, await continueLanding(input));
      return 0;
    }
    if (values.all || values.upto !== undefined) {
      const upto = values.upto
        ? (await git.run(['rev-parse', '--verify', `${values.upto}^{commit}`])).trim()
        : undefined;
      reportLandAll(context, await landAll({ ...input, upto, top: upto }));
      return 0;
    }
    reportLand(context, await landStack(input));
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
    if (positionals.length !== 1 || !Number.isInteger(number) || number <= 0)
      throw new UsageError('close needs one PR number: stackline close 12');
    const pull = await (await session(context)).forge.updatePull(number, { state: 'closed' });
    context.out(`Closed #${pull.number} ${pull.url}`);
    return 0;
  },
};

/** git config stackline.github.nativeStacks (auto, on or off). */
async function nativeStacksSetting(context: CliContext): Promise<NativeStacksSetting> {
  const git = await context.git();
  return parseNativeStacks(await configValue(git, { key: 'stackline.github.nativeStacks' }));
}

/** git config stackline.github.stackListInBody (always or withoutNativeStack). */
async function stackListSetting(context: CliContext): Promise<StackListSetting> {
  return parseStackList(await configValue(await context.git(), { key: 'stackline.github.stackListInBody' }));
}

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
    context.out(
      `#${pull.number} (${pull.headRef}) is no longer in the stack and was left open. Close it with: stackline close ${pull.number}`,
    );
  }
}

function queuedText(number: number, position: number | undefined, trunkBranch: string): string {
  const place = position ? ` (position ${position})` : '';
  return `#${number} is in the merge queue of ${trunkBranch}${place}. Once GitHub merges it, run stackline land --continue to move the rest onto trunk (add --wait <minutes> to wait for it).`;
}

function reportLandAll(context: CliContext, result: LandAllResult): void {
  const numbers = result.landed.map((p) => `#${p.number}`).join(', ');
  if (result.queued) {
    context.out(queuedText(result.queued, result.queuePosition, result.trunkBranch));
    return;
  }
  if (result.landed.length === 0) {
    context.out('Nothing left to land: it landed before the last run stopped.');
    return;
  }
  const how = result.native
    ? ', one merge of the native stack'
    : result.throughQueue
      ? ', through the merge queue'
      : ', one PR at a time';
  context.out(`Landed ${numbers} on ${result.trunkBranch} (${result.method}${how}).`);
  if (result.submit) reportSubmit(context, result.submit);
  else context.out('That was the whole line.');
}

function reportLand(context: CliContext, result: LandResult): void {
  if (result.queued) {
    context.out(queuedText(result.merged.number, result.queuePosition, result.trunkBranch));
    return;
  }
  context.out(`Merged #${result.merged.number} into ${result.trunkBranch} (${result.method}).`);
  if (result.retargeted) context.out(`#${result.retargeted} now targets ${result.trunkBranch}.`);
  if (result.submit) reportSubmit(context, result.submit);
  else context.out('That was the last PR of the stack.');
}

export const forgeCommands: CliCommand[] = [submitCommand, landCommand, closeCommand];
