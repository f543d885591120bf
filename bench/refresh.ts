// How soon after a commit made outside Stackline (a terminal) the refreshed smartlog is ready, on each
// repository shape with and without a commit-graph: the repo watcher's notice (100 ms debounce) plus
// one smartlog build with the runner and caches of earlier builds, as the Stacks view does it.
// Each commit is undone with `git reset --soft` afterwards, so the cached repository stays as generated.
import { execFileSync } from 'node:child_process';
import { discoverRepository } from '../src/core/git/repository';
import { GitRunner } from '../src/core/git/runner';
import { RepoWatcher } from '../src/core/git/watcher';
import { buildSmartlog } from '../src/core/smartlog/build';
import { ensureBenchRepo } from './generate';
import { GRAPH_MODES, msRow, stats, withGitConfig, type BenchContext, type BenchModule, type BenchRow } from './lib';
import { benchShapes, type ShapeName } from './shapes';

async function refreshTimes(context: BenchContext, shape: ShapeName): Promise<number[]> {
  const repo = await ensureBenchRepo(context.log, shape);
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: repo.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const location = await discoverRepository(repo.dir);
  const runner = new GitRunner(location.root);
  // The view built the smartlog when it opened.
  await buildSmartlog(runner, location);
  const top = git('rev-parse', 'HEAD').trim();
  const samples: number[] = [];
  try {
    for (let i = 0; i < context.warmup + context.runs; i++) {
      const elapsed = await new Promise<number>((resolve, reject) => {
        let committed = 0;
        const watcher = new RepoWatcher(location, () => {
          watcher.dispose();
          buildSmartlog(runner, location).then(() => resolve(performance.now() - committed), reject);
        });
        git('commit', '-q', '--allow-empty', '--no-verify', '-m', `feat: change ${i}`);
        committed = performance.now();
      });
      if (i >= context.warmup) samples.push(elapsed);
      // Back to the generated state (the staged file staged again), out of the watcher's sight.
      git('reset', '-q', '--soft', top);
    }
  } finally {
    git('reset', '-q', '--soft', top);
  }
  return samples;
}

export const refreshBench: BenchModule = {
  name: 'refresh',
  description:
    'terminal commit → watcher notices → smartlog rebuilt (what the Stacks view waits for), on each repository shape',
  async run(context) {
    const rows: BenchRow[] = [];
    const label = { baselineLabel: 'from git commit exiting to smartlog ready' };
    for (const shape of benchShapes()) {
      for (const mode of GRAPH_MODES) {
        const result = stats(await withGitConfig(mode.config, () => refreshTimes(context, shape)));
        context.log(`[${shape}, ${mode.label}] median ${result.median.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms`);
        rows.push(
          msRow(`refresh.${shape}${mode.suffix}.after-terminal-commit.median`, result.median, null, {
            ...label,
            target: '< 300 ms',
          }),
        );
        rows.push(msRow(`refresh.${shape}${mode.suffix}.after-terminal-commit.p95`, result.p95, null, label));
      }
    }
    return rows;
  },
};
