// Smartlog bench: buildSmartlog in-process against the raw git commands it runs, and `stackline log`
// end to end, on the generated 100,000-commit repository (bench/generate.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { discoverRepository, type RepoLocation } from '../src/core/git/repository';
import { GitRunner, type RunOptions } from '../src/core/git/runner';
import { buildSmartlog } from '../src/core/smartlog/build';
import { ensureBenchRepo, type BenchRepo } from './generate';
import { execGit, measureInterleaved, msRow, round, runProcess, stats, time, type BenchContext, type BenchModule, type BenchRow } from './lib';

const CLI = join(__dirname, '..', 'dist', 'cli.js');

/** One git call buildSmartlog made, and the output it got. */
interface RecordedCall {
  args: string[];
  output: string;
}

/**
 * The git calls of one buildSmartlog run, grouped into waves: calls in a wave were started together (no
 * call finished in between), so they ran in parallel; each wave started only after the previous one ended.
 * Recorded from the real code rather than copied from it, so the baseline follows build.ts as it changes.
 */
type Plan = RecordedCall[][];

class RecordingRunner extends GitRunner {
  private finished = 0;
  readonly waves = new Map<number, RecordedCall[]>();

  override async run(args: string[], options: RunOptions = {}): Promise<string> {
    const wave = this.finished;
    const call: RecordedCall = { args, output: '' };
    this.waves.set(wave, [...(this.waves.get(wave) ?? []), call]);
    try {
      call.output = await super.run(args, options);
      return call.output;
    } finally {
      this.finished++;
    }
  }
}

async function recordPlan(repo: RepoLocation): Promise<Plan> {
  const recorder = new RecordingRunner(repo.root);
  await buildSmartlog(recorder, repo);
  return [...recorder.waves.entries()].sort(([a], [b]) => a - b).map(([, calls]) => calls);
}

/** The environment GitRunner gives git: the same here, so both sides do the same work. */
function runnerEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' };
}

/** The plan's commands, spawned with execFile: waves one after another, the calls of a wave in parallel. */
async function runPlan(cwd: string, plan: Plan, env: NodeJS.ProcessEnv): Promise<string[][]> {
  const outputs: string[][] = [];
  for (const wave of plan) outputs.push(await Promise.all(wave.map((call) => execGit(cwd, call.args, env))));
  return outputs;
}

/** Runs fn with extra git config for this process and every git it spawns (GIT_CONFIG_COUNT). */
async function withGitConfig<T>(config: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const entries = Object.entries(config);
  const names = ['GIT_CONFIG_COUNT', ...entries.flatMap((_, i) => [`GIT_CONFIG_KEY_${i}`, `GIT_CONFIG_VALUE_${i}`])];
  const saved = names.map((name) => [name, process.env[name]] as const);
  if (entries.length > 0) {
    process.env.GIT_CONFIG_COUNT = String(entries.length);
    entries.forEach(([key, value], i) => {
      process.env[`GIT_CONFIG_KEY_${i}`] = key;
      process.env[`GIT_CONFIG_VALUE_${i}`] = value;
    });
  }
  try {
    return await fn();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

function describeCall(args: string[]): string {
  return `git ${args.map((a) => (a.startsWith('--format=') ? '--format=…' : /^[0-9a-f]{40}$/.test(a) ? a.slice(0, 9) : a.replace(/[0-9a-f]{40}/g, (h) => h.slice(0, 9)))).join(' ')}`;
}

function describeRepo(repo: BenchRepo): string {
  const stacks = repo.stacks.map((s) => `${s.branch} on tip~${s.behindTrunk}`).join(', ');
  return `${repo.trunkCommits.toLocaleString('en')} trunk commits; ${repo.stacks.length} stacks of 10 (${stacks}); ${repo.dir}`;
}

interface ModeResult {
  build: ReturnType<typeof stats>;
  raw: ReturnType<typeof stats>;
}

/** buildSmartlog vs its raw git commands, in the current git config. */
async function smartlogVsRaw(context: BenchContext, repo: BenchRepo, label: string): Promise<ModeResult> {
  const location = await discoverRepository(repo.dir);
  const plan = await recordPlan(location);
  const env = runnerEnv();

  // The baseline must do the same work: same commands, same outputs.
  const replayed = await runPlan(location.root, plan, env);
  plan.forEach((wave, w) =>
    wave.forEach((call, c) => {
      if (replayed[w][c] !== call.output) throw new Error(`raw replay of ${describeCall(call.args)} printed something else than through GitRunner`);
    }),
  );
  const smartlog = await buildSmartlog(new GitRunner(location.root), location);
  const drafts = smartlog.commits.filter((c) => c.phase === 'draft').length;
  context.log(`\n[${label}] smartlog: ${smartlog.stacks.length} stacks, ${drafts} drafts, ${smartlog.commits.length - drafts} public rows, ${smartlog.uncommitted.files.length} uncommitted files`);
  context.log(`[${label}] git calls of buildSmartlog (waves run one after another; calls within a wave in parallel), each alone, median of ${context.runs}:`);
  for (const [w, wave] of plan.entries()) {
    for (const call of wave) {
      const alone: number[] = [];
      for (let i = 0; i < context.warmup + context.runs; i++) {
        const ms = await time(() => execGit(location.root, call.args, env));
        if (i >= context.warmup) alone.push(ms);
      }
      context.log(`  wave ${w + 1}  ${stats(alone).median.toFixed(1).padStart(6)} ms  ${describeCall(call.args)}`);
    }
  }

  const runner = new GitRunner(location.root);
  const measured = await measureInterleaved(
    {
      build: () => buildSmartlog(runner, location),
      raw: () => runPlan(location.root, plan, env),
    },
    context,
  );
  return measured;
}

export const smartlogBench: BenchModule = {
  name: 'smartlog',
  description: 'buildSmartlog vs the raw git it needs, and `stackline log` end to end, on a 100,000-commit repo',
  async run(context) {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm run bench does).`);
    const repo = await ensureBenchRepo(context.log);
    context.log(`Repository: ${describeRepo(repo)}`);
    const rows: BenchRow[] = [];
    const raw = { baselineLabel: 'same git commands via execFile, same concurrency' };

    // A repo gc'd at least once has a commit-graph (gc.writeCommitGraph defaults to true): the main figure.
    const graph = await smartlogVsRaw(context, repo, 'commit-graph');
    rows.push(msRow('smartlog.build.median', graph.build.median, graph.raw.median, { ...raw, target: '≤ 1.5×' }));
    rows.push(msRow('smartlog.build.p95', graph.build.p95, graph.raw.p95, raw));
    // A fresh clone has none until its first gc.
    const noGraph = await withGitConfig({ 'core.commitGraph': 'false' }, () => smartlogVsRaw(context, repo, 'no commit-graph'));
    rows.push(msRow('smartlog.build.no-commit-graph.median', noGraph.build.median, noGraph.raw.median, { ...raw, target: '≤ 1.5×' }));
    rows.push(msRow('smartlog.build.no-commit-graph.p95', noGraph.build.p95, noGraph.raw.p95, raw));

    // What one GitRunner call costs over a bare execFile of the same command.
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
    rows.push(msRow('gitrunner.call.median', call.runner.median, call.execFile.median, { baselineLabel: 'execFile git rev-parse HEAD' }));

    // The CLI end to end: what a person waits for at the prompt, plus its parts for reference.
    const cli = await measureInterleaved(
      {
        log: () => runProcess(process.execPath, [CLI, 'log'], repo.dir),
        gitLog: () => runProcess('git', ['log', '--oneline', '-1'], repo.dir),
        help: () => runProcess(process.execPath, [CLI, '--help'], repo.dir),
        node: () => runProcess(process.execPath, ['-e', '0'], repo.dir),
        inProcess: async () => {
          const where = await discoverRepository(repo.dir);
          await buildSmartlog(new GitRunner(where.root), where);
        },
      },
      context,
    );
    const gitLog = { baselineLabel: 'spawn git log --oneline -1' };
    rows.push(msRow('cli.log.median', cli.log.median, cli.gitLog.median, { ...gitLog, target: '< 300 ms' }));
    rows.push(msRow('cli.log.p95', cli.log.p95, cli.gitLog.p95, { ...gitLog, target: '< 300 ms' }));
    rows.push(msRow('cli.in-process.median', cli.inProcess.median, null, { baselineLabel: 'discoverRepository + buildSmartlog, fresh runner' }));
    rows.push(msRow('cli.help.median', cli.help.median, cli.node.median, { baselineLabel: 'node -e 0 (bundle load + startup)' }));
    rows.push(msRow('node.startup.median', cli.node.median, null));
    const cliNoGraph = await withGitConfig({ 'core.commitGraph': 'false' }, () =>
      measureInterleaved(
        {
          log: () => runProcess(process.execPath, [CLI, 'log'], repo.dir),
          gitLog: () => runProcess('git', ['log', '--oneline', '-1'], repo.dir),
        },
        context,
      ),
    );
    rows.push(msRow('cli.log.no-commit-graph.median', cliNoGraph.log.median, cliNoGraph.gitLog.median, { ...gitLog, target: '< 300 ms' }));
    context.log(`\n(generated in ${round(repo.generatedInSeconds)} s when first made; cached by generator version)`);
    return rows;
  },
};
