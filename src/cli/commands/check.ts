// `stackline check`: the repository's declared checks (.stackline.json "checks") on every commit of
// the current stack, each in a scratch worktree, answers cached by tree; `--remote` asks the forge's
// CI instead, through scratch branches; `--init` declares the obvious checks; `--show` reads a
// commit's stored output. Ctrl-C stops every check it started and removes its worktrees.
import { parseArgs } from 'node:util';
import { ResultStore } from '../../core/checks/cache';
import { checksSnippet, loadChecks, suggestChecks, writeChecks, type CheckDefinition } from '../../core/checks/config';
import { CheckError } from '../../core/checks/errors';
import { DEFAULT_REF_PREFIX, runRemoteChecks, type RemoteCommitResult } from '../../core/checks/remote';
import { runChecks, treesOf, type CheckItem, type CheckRunSummary } from '../../core/checks/run';
import { checkTargets } from '../../core/checks/targets';
import { stackPath } from '../../core/forge/stackPath';
import { plural, shortHash } from '../../core/format';
import type { SmartlogCommit } from '../../core/smartlog/model';
import { UsageError, type CliCommand, type CliContext } from '../context';
import { forgeSession } from './forgeSession';
import { configValue } from '../../core/git/configValue';
import { resolveCommit } from '../../core/git/resolveCommit';

const MARKS: Record<CheckItem['state'], string> = {
  pass: '✓',
  fail: '✗',
  timeout: '⏱',
  cancelled: '-',
  error: '!',
  queued: ' ',
  running: '…',
};

const checkCommand: CliCommand = {
  name: 'check',
  synopsis: 'check [<commit>] [--top] [--remote] [--init]',
  summary: "run the repository's checks on each commit of the stack (--remote: on the forge's CI, before any PR)",
  async run(context, argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        top: { type: 'boolean' },
        'all-commits': { type: 'boolean' },
        remote: { type: 'boolean' },
        init: { type: 'boolean' },
        rerun: { type: 'boolean' },
        jobs: { type: 'string', short: 'j' },
        show: { type: 'string' },
        wait: { type: 'string' },
      },
    });
    if (values.top && values['all-commits']) throw new UsageError('Choose --top or --all-commits, not both.');
    if (values.show !== undefined && values.remote)
      throw new UsageError(
        '--show reads the output of local checks; the forge shows its own (follow the links --remote prints).',
      );
    if (positionals.length > 1)
      throw new UsageError('check takes at most one commit (any commit of the stack to check).');
    const root = (await context.repo()).root;
    if (values.init) return initChecks(context, root);
    // The forge's CI has its own configuration: no checks need to be declared for a dry run there.
    const checks = values.remote ? [] : declaredChecks(root);
    if (values.show !== undefined) return showOutput(context, checks, values.show);
    const smartlog = await context.smartlog();
    const commit = positionals[0] ? await commitArgument(context, positionals[0]) : undefined;
    const { commits } = checkTargets(smartlog, { commit, scope: values.top ? 'top' : 'all' });
    if (values.remote) return remoteChecks(context, commits, values.wait);
    const summary = await runLocal(context, checks, commits, { jobs: values.jobs, rerun: values.rerun });
    return reportLocal(context, summary, commits.length);
  },
};

/** The declared checks; none declared is an error that shows what to add. */
function declaredChecks(root: string): CheckDefinition[] {
  const checks = loadChecks(root);
  if (checks.length > 0) return checks;
  const suggested = suggestChecks(root);
  const example = suggested.length > 0 ? suggested : [{ name: 'unit', run: 'make test', timeoutMinutes: 10 }];
  const offer =
    suggested.length > 0 ? 'Add these from package.json with stackline check --init, or by hand' : 'Add them by hand';
  throw new CheckError(
    'config',
    `This repository declares no checks. ${offer} to .stackline.json:\n${checksSnippet(example)}`,
  );
}

function initChecks(context: CliContext, root: string): number {
  if (loadChecks(root).length > 0)
    throw new CheckError('config', '.stackline.json already declares checks; edit them there.');
  const suggested = suggestChecks(root);
  if (suggested.length === 0) {
    throw new CheckError(
      'config',
      `package.json has no test or lint script to offer. Declare checks by hand in .stackline.json:\n${checksSnippet([{ name: 'unit', run: 'make test', timeoutMinutes: 10 }])}`,
    );
  }
  writeChecks(root, suggested);
  context.out(
    `Declared ${plural(suggested.length, 'check')} in .stackline.json: ${suggested.map((c) => `${c.name} (${c.run})`).join(', ')}. Commit the file so every clone has them, then run stackline check.`,
  );
  return 0;
}

/** The commit a revision on the command line names, or a usage error saying it names none. */
export async function commitArgument(context: CliContext, rev: string): Promise<string> {
  const hash = await resolveCommit(await context.git(), { rev });
  if (!hash) throw new UsageError(`${rev} is not a commit.`);
  return hash;
}

interface LocalOptions {
  jobs?: string;
  rerun?: boolean;
  /** Printed before the run starts. */
  heading?: string;
}

/** Runs the checks with a line per answer as it comes; Ctrl-C (or SIGTERM) cancels. */
async function runLocal(
  context: CliContext,
  checks: CheckDefinition[],
  commits: SmartlogCommit[],
  options: LocalOptions,
): Promise<CheckRunSummary> {
  const git = await context.git();
  const parallel = options.jobs ?? (await configValue(git, { key: 'stackline.checks.parallel' }));
  const jobs = parallel ? Number(parallel) : undefined;
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1))
    throw new UsageError(`--jobs needs a whole number of checks at once (1 or more), not ${parallel}.`);
  const width = Math.max(...checks.map((c) => c.name.length));
  context.out(
    options.heading ?? `Checking ${plural(commits.length, 'commit')} with ${checks.map((c) => c.name).join(', ')}…`,
  );
  const stop = cancelOnInterrupt(() => context.out('Stopping the checks…'));
  try {
    return await runChecks({
      git,
      location: await context.repo(),
      checks,
      commits: commits.map((c) => ({ hash: c.hash, title: c.title })),
      // The person at the terminal runs the repository's commands, as they would run npm test.
      trusted: true,
      parallel: jobs,
      rerun: options.rerun,
      signal: stop.signal,
      onChange: (item) => {
        if (item.state !== 'queued' && item.state !== 'running')
          context.out(
            `${MARKS[item.state]} ${item.check.name.padEnd(width)}  ${shortHash(item.commit)} ${item.title}  (${detail(item)})`,
          );
      },
    });
  } finally {
    stop.dispose();
  }
}

function detail(item: CheckItem): string {
  const result = item.result;
  if (item.cached) return 'cached';
  if (!result) return 'not run';
  const seconds = `${(result.durationMs / 1000).toFixed(1)} s`;
  switch (item.state) {
    case 'fail':
      return result.signal ? `killed by ${result.signal}, ${seconds}` : `exit ${result.exitCode}, ${seconds}`;
    case 'timeout':
      return `stopped after ${item.check.timeoutMinutes} min`;
    case 'error':
      return 'could not run; see its output';
    case 'cancelled':
      return 'cancelled';
    default:
      return seconds;
  }
}

/** Commits whose checks did not all pass, with the names of those that did not. */
function failures(summary: CheckRunSummary): { commit: string; title: string; checks: string[] }[] {
  const byCommit = new Map<string, { commit: string; title: string; checks: string[] }>();
  for (const item of summary.items) {
    if (item.state === 'pass' || item.state === 'cancelled') continue;
    const entry = byCommit.get(item.commit) ?? { commit: item.commit, title: item.title, checks: [] };
    entry.checks.push(item.check.name);
    byCommit.set(item.commit, entry);
  }
  return [...byCommit.values()];
}

function reportLocal(context: CliContext, summary: CheckRunSummary, commits: number): number {
  if (summary.leftoversRemoved > 0)
    context.out(`(Removed ${plural(summary.leftoversRemoved, 'worktree')} an interrupted run left behind.)`);
  if (summary.cancelled) {
    context.out('Cancelled: every check this run started was stopped, and its worktrees removed.');
    return 130;
  }
  const failed = failures(summary);
  if (failed.length === 0) {
    context.out(`All ${plural(commits, 'commit')} pass.`);
    return 0;
  }
  const named = failed.map((f) => `${shortHash(f.commit)} "${f.title}" (${f.checks.join(', ')})`).join(', ');
  context.out(
    `${failed.length} of ${plural(commits, 'commit')} ${failed.length === 1 ? 'fails' : 'fail'}: ${named}. Read the output: stackline check --show ${shortHash(failed[0].commit)}`,
  );
  return 1;
}

/** Each check's last answer on a commit (of its tree), with its output. */
async function showOutput(context: CliContext, checks: CheckDefinition[], rev: string): Promise<number> {
  const commit = await commitArgument(context, rev);
  const tree = (await treesOf(await context.git(), [commit])).get(commit)!;
  const store = new ResultStore(await context.repo());
  let found = 0;
  for (const check of checks) {
    const result = store.read(tree, check.run);
    if (!result) {
      context.out(`○ ${check.name}: not run on ${shortHash(commit)} yet (stackline check ${shortHash(commit)}).`);
      continue;
    }
    found++;
    const code = result.exitCode === null ? (result.signal ?? 'no exit code') : `exit ${result.exitCode}`;
    context.out(
      `${MARKS[result.state]} ${check.name}: ${result.state} (${code}, ${(result.durationMs / 1000).toFixed(1)} s, ${new Date(result.finishedAt).toLocaleString()}) — ${result.outputFile}`,
    );
    context.out(store.readOutput(result).replace(/\n?$/, '\n'));
  }
  return found === checks.length ? 0 : 1;
}

async function remoteChecks(context: CliContext, commits: SmartlogCommit[], wait: string | undefined): Promise<number> {
  const minutes = wait === undefined ? 30 : Number(wait);
  if (!(minutes > 0)) throw new UsageError(`--wait needs a number of minutes above 0, not ${wait}.`);
  const git = await context.git();
  const prefix = (await configValue(git, { key: 'stackline.checks.refPrefix' })) || DEFAULT_REF_PREFIX;
  const session = await forgeSession(context);
  context.out(
    `Pushing ${plural(commits.length, 'commit')} to scratch branches ${prefix}… (no PR is opened) and waiting up to ${plural(minutes, 'minute')} for the forge's checks. Ctrl-C stops waiting.`,
  );
  const stop = cancelOnInterrupt(() => context.out('Stopping; removing the scratch branches…'));
  try {
    const summary = await runRemoteChecks({
      git,
      session,
      commits: commits.map((c) => ({ hash: c.hash, title: c.title })),
      prefix,
      timeoutMs: minutes * 60_000,
      signal: stop.signal,
      onChange: (result) => result.state !== 'pending' && context.out(remoteLine(result)),
    });
    context.out(
      summary.kept.length > 0
        ? `Kept ${summary.kept.join(', ')} on ${summary.remote}: it changed since the push (someone else's now).`
        : `Removed the scratch branches from ${summary.remote}.`,
    );
    if (summary.cancelled) return 130;
    const pending = summary.results.filter((r) => r.state === 'pending');
    for (const result of pending) context.out(remoteLine(result));
    const failing = summary.results.filter((r) => r.state === 'failing');
    if (failing.length > 0) {
      context.out(
        `${failing.length} of ${plural(commits.length, 'commit')} ${failing.length === 1 ? 'fails' : 'fail'} on the forge: ${failing.map((r) => `${shortHash(r.commit)} "${r.title}"`).join(', ')}.`,
      );
      return 1;
    }
    if (pending.length > 0) {
      context.out(
        `Still running after ${plural(minutes, 'minute')}: ${pending.map((r) => shortHash(r.commit)).join(', ')}. Wait longer with --wait <minutes>.`,
      );
      return 1;
    }
    if (summary.results.every((r) => r.state === 'none')) {
      context.out(
        `Nothing reported on the scratch branches. Set up CI to run on pushes to ${prefix}** (see the README, "Checks before submit").`,
      );
      return 1;
    }
    context.out(`All ${plural(commits.length, 'commit')} pass on the forge.`);
    return 0;
  } finally {
    stop.dispose();
  }
}

function remoteLine(result: RemoteCommitResult): string {
  const mark = { passing: '✓', failing: '✗', pending: '…', none: '○' }[result.state];
  const contexts = result.contexts.map(
    (c) =>
      `${c.name} ${{ passing: '✓', failing: '✗', pending: '…' }[c.state]}${c.state === 'failing' && c.url ? ` ${c.url}` : ''}`,
  );
  return `${mark} ${shortHash(result.commit)} ${result.title}  ${contexts.join('  ') || (result.state === 'none' ? 'no checks reported' : 'waiting')}`;
}

/** SIGINT and SIGTERM abort the signal (a second Ctrl-C exits at once). */
function cancelOnInterrupt(onStop: () => void): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = () => {
    if (controller.signal.aborted) process.exit(130);
    onStop();
    controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

/**
 * Before submit (`submit --check`, or git config stackline.checks.beforeSubmit true): the checks on
 * the line being submitted; a commit that fails stops the submit, named in the error.
 */
export async function checkBeforeSubmit(context: CliContext, top: string | undefined, asked: boolean): Promise<void> {
  const git = await context.git();
  if (!asked && (await configValue(git, { key: 'stackline.checks.beforeSubmit', type: 'bool' })) !== 'true') return;
  const root = (await context.repo()).root;
  const commits = stackPath(await context.smartlog(), top).commits;
  const summary = await runLocal(context, declaredChecks(root), commits, {
    heading: `Checking ${plural(commits.length, 'commit')} before submitting…`,
  });
  if (summary.cancelled) throw new CheckError('failed', 'Checks cancelled; nothing was submitted.');
  const failed = failures(summary);
  if (failed.length === 0) return;
  const first = failed[0];
  throw new CheckError(
    'failed',
    `Not submitting: checks fail on ${failed.map((f) => `${shortHash(f.commit)} "${f.title}" (${f.checks.join(', ')})`).join(', ')}. Read the output with stackline check --show ${shortHash(first.commit)}, fix the commit, then submit again.`,
  );
}

export const checkCommands: CliCommand[] = [checkCommand];
