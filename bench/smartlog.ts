// Smartlog bench, on every repository shape (bench/shapes.ts), with and without a commit-graph:
// buildSmartlog against the raw git that shows the same drafts (`git log --graph --branches --not
// TRUNK` plus one `git merge-base` per stack, run as GitRunner runs git), and `stackline log` end
// to end. Before timing, each shape's drafts, bases and behind counts are checked against that raw
// git and `git rev-list --count`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { discoverRepository, type RepoLocation } from '../src/core/git/repository';
import { GitRunner, type GitCallOptions, type GitResult } from '../src/core/git/runner';
import { forgetCachedHistory } from '../src/core/smartlog/trunkCache';
import { buildSmartlog } from '../src/core/smartlog/build';
import type { Smartlog } from '../src/core/smartlog/model';
import { ensureBenchRepo, type BenchRepo } from './generate';
import {
  GRAPH_MODES,
  execGit,
  measureInterleaved,
  msRow,
  round,
  runLimited,
  runProcess,
  stats,
  time,
  withGitConfig,
  type BenchContext,
  type BenchModule,
  type BenchRow,
} from './lib';
import { benchShapes } from './shapes';

const CLI = join(__dirname, '..', 'dist', 'cli.js');
/** GitRunner runs at most this many git processes at once; the raw side gets the same. */
const CONCURRENCY = 6;

/** One git call buildSmartlog made, and the output it got. */
interface RecordedCall {
  args: string[];
  output: string;
}

/**
 * The git calls of one buildSmartlog run, grouped into waves: calls in a wave were started together (no
 * call finished in between), so they ran in parallel; each wave started only after the previous one ended.
 * Recorded from the real code rather than copied from it, so the listing follows build.ts as it changes.
 */
type Plan = RecordedCall[][];

class RecordingRunner extends GitRunner {
  private finished = 0;
  readonly waves = new Map<number, RecordedCall[]>();

  override async exec(args: string[], options: GitCallOptions = {}): Promise<GitResult> {
    const wave = this.finished;
    const call: RecordedCall = { args, output: '' };
    this.waves.set(wave, [...(this.waves.get(wave) ?? []), call]);
    try {
      const result = await super.exec(args, options);
      call.output = result.stdout;
      return result;
    } finally {
      this.finished++;
    }
  }
}

async function recordPlan(repo: RepoLocation): Promise<Plan> {
  forgetCachedHistory();
  const recorder = new RecordingRunner(repo.root);
  await buildSmartlog(recorder, repo);
  return [...recorder.waves.entries()].sort(([a], [b]) => a - b).map(([, calls]) => calls);
}

/** The environment GitRunner gives git: the same here, so both sides do the same work. */
function runnerEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' };
}

/** The raw git for the same drafts: the graph of every branch not on trunk, and where each stack meets trunk. */
function rawCalls(repo: BenchRepo): string[][] {
  return [
    ['log', '--graph', '--format=%H %P %an %ae %at %ct %s', '--branches', '--not', repo.trunkTip, '--'],
    ...repo.stacks.map((stack) => ['merge-base', repo.trunkTip, stack.top]),
  ];
}

function runRaw(cwd: string, calls: string[][], env: NodeJS.ProcessEnv): Promise<string[]> {
  return runLimited(
    calls.map((args) => () => execGit(cwd, args, env)),
    CONCURRENCY,
  );
}

/** Throws unless the smartlog shows what the raw git shows, with behind counts as `git rev-list --count` gives them. */
async function checkAgainstGit(repo: BenchRepo, smartlog: Smartlog, env: NodeJS.ProcessEnv): Promise<void> {
  const [graph, ...mergeBases] = await runRaw(repo.dir, rawCalls(repo), env);
  const rawDrafts = new Set(
    graph
      .split('\n')
      .map((line) => /[0-9a-f]{40}/.exec(line)?.[0])
      .filter((hash): hash is string => !!hash),
  );
  const drafts = new Set(smartlog.commits.filter((c) => c.phase === 'draft').map((c) => c.hash));
  if (rawDrafts.size !== drafts.size || [...drafts].some((hash) => !rawDrafts.has(hash))) {
    throw new Error(`[${repo.shape}] smartlog shows ${drafts.size} drafts, git log --graph ${rawDrafts.size}`);
  }
  for (const [s, stack] of repo.stacks.entries()) {
    const shown = smartlog.stacks.find((st) => st.commits.includes(stack.top));
    const base = mergeBases[s].trim();
    if (shown?.base !== base)
      throw new Error(
        `[${repo.shape}] stack ${stack.branch}: base ${shown?.base} in the smartlog, ${base} by git merge-base`,
      );
    const behind = Number(await execGit(repo.dir, ['rev-list', '--count', `${base}..${repo.trunkTip}`], env));
    if (shown.behindTrunk !== behind)
      throw new Error(
        `[${repo.shape}] stack ${stack.branch}: ${shown.behindTrunk} behind in the smartlog, ${behind} by git rev-list --count`,
      );
  }
}

function describeCall(args: string[]): string {
  const shown = args.map((a) =>
    a.startsWith('--format=')
      ? '--format=…'
      : /^\^?[0-9a-f]{40}$/.test(a)
        ? a.slice(0, 10)
        : a.replace(/[0-9a-f]{40}/g, (h) => h.slice(0, 9)),
  );
  const hashes = shown.filter((a) => /^\^?[0-9a-f]{9,10}$/.test(a)).length;
  // A log of 500 branch tips is one call, not worth 500 hashes on screen.
  return `git ${hashes > 6 ? [...shown.filter((a) => !/^\^?[0-9a-f]{9,10}$/.test(a)), `(${hashes} hashes)`].join(' ') : shown.join(' ')}`;
}

function describeRepo(repo: BenchRepo): string {
  const merges =
    repo.trunkMerges > 0
      ? ` (${repo.trunkSteps.toLocaleString('en')} first-parent, ${repo.trunkMerges.toLocaleString('en')} merges)`
      : '';
  return `'${repo.shape}': ${repo.description}; ${repo.trunkCommits.toLocaleString('en')} trunk commits${merges}, ${repo.localBranches} local branches; ${repo.dir}`;
}

/** buildSmartlog (cold and warm) vs the raw git equivalent and vs replaying its own calls, in the current git config. */
async function smartlogVsRaw(context: BenchContext, repo: BenchRepo, label: string) {
  const location = await discoverRepository(repo.dir);
  const env = runnerEnv();
  const plan = await recordPlan(location);
  const runner = new GitRunner(location.root);
  forgetCachedHistory();
  const smartlog = await buildSmartlog(runner, location);
  await checkAgainstGit(repo, smartlog, env);
  const drafts = smartlog.commits.filter((c) => c.phase === 'draft').length;
  context.log(
    `\n[${repo.shape}, ${label}] ${smartlog.stacks.length} stacks, ${drafts} drafts, ${smartlog.commits.length - drafts} public rows; drafts, bases and behind counts match git`,
  );
  context.log(
    `  git calls of a cold buildSmartlog (waves one after another, calls within a wave in parallel), each alone:`,
  );
  const aloneRuns = Math.min(context.runs, 5);
  for (const [w, wave] of plan.entries()) {
    for (const call of wave) {
      const alone: number[] = [];
      for (let i = 0; i < aloneRuns + 1; i++) {
        const ms = await time(() => execGit(location.root, call.args, env));
        if (i > 0) alone.push(ms);
      }
      context.log(`  wave ${w + 1}  ${stats(alone).median.toFixed(1).padStart(6)} ms  ${describeCall(call.args)}`);
    }
  }
  const raw = rawCalls(repo);
  return measureInterleaved(
    {
      // A `stackline log`: nothing cached.
      cold: () => {
        forgetCachedHistory();
        return buildSmartlog(runner, location);
      },
      // The Stacks view's rebuild: trunk tip unchanged since the last one, behind counts cached.
      warm: () => buildSmartlog(runner, location),
      raw: () => runRaw(location.root, raw, env),
      // The drafts alone, without any base or behind count: the least git can do.
      graphLog: () => execGit(location.root, raw[0], env),
      replay: async () => {
        for (const wave of plan) await Promise.all(wave.map((call) => execGit(location.root, call.args, env)));
      },
    },
    context,
  );
}

export const smartlogBench: BenchModule = {
  name: 'smartlog',
  description:
    'buildSmartlog vs the raw git showing the same drafts, and `stackline log` end to end, on each repository shape with and without a commit-graph',
  async run(context) {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm run bench does).`);
    const rows: BenchRow[] = [];
    const raw = { baselineLabel: 'git log --graph --branches --not TRUNK + git merge-base per stack' };
    const gitLog = { baselineLabel: 'spawn git log --oneline -1' };
    for (const shape of benchShapes()) {
      const repo = await ensureBenchRepo(context.log, shape);
      context.log(`\nRepository ${describeRepo(repo)}`);
      for (const mode of GRAPH_MODES) {
        const name = `${shape}${mode.suffix}`;
        const build = await withGitConfig(mode.config, () => smartlogVsRaw(context, repo, mode.label));
        rows.push(
          msRow(`smartlog.${name}.build.median`, build.cold.median, build.raw.median, { ...raw, target: '≤ 1.5×' }),
        );
        rows.push(msRow(`smartlog.${name}.build.p95`, build.cold.p95, build.raw.p95, raw));
        rows.push(
          msRow(`smartlog.${name}.rebuild.median`, build.warm.median, build.raw.median, {
            baselineLabel: 'the same raw git; behind counts cached (Stacks view)',
          }),
        );
        rows.push(
          msRow(`smartlog.${name}.build-vs-graph-log.median`, build.cold.median, build.graphLog.median, {
            baselineLabel: 'git log --graph --branches --not TRUNK alone',
          }),
        );
        rows.push(
          msRow(`smartlog.${name}.build-vs-replay.median`, build.cold.median, build.replay.median, {
            baselineLabel: 'its own git calls via execFile, same waves',
          }),
        );
        const cli = await withGitConfig(mode.config, () =>
          measureInterleaved(
            {
              log: () => runProcess(process.execPath, [CLI, 'log'], repo.dir),
              gitLog: () => runProcess('git', ['log', '--oneline', '-1'], repo.dir),
            },
            context,
          ),
        );
        rows.push(
          msRow(`cli.log.${name}.median`, cli.log.median, cli.gitLog.median, { ...gitLog, target: '< 300 ms' }),
        );
        rows.push(msRow(`cli.log.${name}.p95`, cli.log.p95, cli.gitLog.p95, { ...gitLog, target: '< 300 ms' }));
      }
    }

    // What one GitRunner call costs over a bare execFile of the same command, and what Node's start-up costs the CLI.
    const repo = await ensureBenchRepo(context.log, 'tidy');
    const location = await discoverRepository(repo.dir);
    const runner = new GitRunner(location.root);
    const env = runnerEnv();
    const call = await measureInterleaved(
      {
        runner: () => runner.run(['rev-parse', 'HEAD']),
        execFile: () => execGit(location.root, ['rev-parse', 'HEAD'], env),
      },
      { runs: context.runs * 3, warmup: context.warmup },
    );
    rows.push(
      msRow('gitrunner.call.median', call.runner.median, call.execFile.median, {
        baselineLabel: 'execFile git rev-parse HEAD',
      }),
    );
    const startup = await measureInterleaved(
      {
        help: () => runProcess(process.execPath, [CLI, '--help'], repo.dir),
        node: () => runProcess(process.execPath, ['-e', '0'], repo.dir),
        inProcess: async () => {
          forgetCachedHistory();
          const where = await discoverRepository(repo.dir);
          await buildSmartlog(new GitRunner(where.root), where);
        },
      },
      context,
    );
    rows.push(
      msRow('cli.in-process.tidy.median', startup.inProcess.median, null, {
        baselineLabel: 'discoverRepository + buildSmartlog, fresh runner',
      }),
    );
    rows.push(
      msRow('cli.help.median', startup.help.median, startup.node.median, {
        baselineLabel: 'node -e 0 (bundle load + startup)',
      }),
    );
    rows.push(msRow('node.startup.median', startup.node.median, null));
    context.log(
      `\n(each shape is generated once and cached by generator version; '${repo.shape}' took ${round(repo.generatedInSeconds)} s)`,
    );
    return rows;
  },
};
