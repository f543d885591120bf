// How soon after a commit made outside Stackline (a terminal) the refreshed smartlog is ready:
// the repo watcher's notice (100 ms debounce) plus one smartlog build, as the Stacks view does it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverRepository } from '../src/core/git/repository';
import { GitRunner } from '../src/core/git/runner';
import { RepoWatcher } from '../src/core/git/watcher';
import { buildSmartlog } from '../src/core/smartlog/build';
import { msRow, stats, type BenchModule } from './lib';

export const refreshBench: BenchModule = {
  name: 'refresh',
  description: 'terminal commit → watcher notices → smartlog rebuilt (what the Stacks view waits for)',
  async run(context) {
    const dir = mkdtempSync(join(tmpdir(), 'stackline-bench-refresh-'));
    try {
      const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
      git('init', '-q', '-b', 'main');
      git('commit', '-q', '--allow-empty', '-m', 'trunk');
      git('switch', '-q', '-c', 'feature');
      const location = await discoverRepository(dir);
      const runner = new GitRunner(dir);
      const samples: number[] = [];
      for (let i = 0; i < context.warmup + context.runs; i++) {
        const elapsed = await new Promise<number>((resolve, reject) => {
          let committed = 0;
          const watcher = new RepoWatcher(location, () => {
            watcher.dispose();
            buildSmartlog(runner, location).then(() => resolve(performance.now() - committed), reject);
          });
          git('commit', '-q', '--allow-empty', '-m', `feat: change ${i}`);
          committed = performance.now();
        });
        if (i >= context.warmup) samples.push(elapsed);
      }
      const result = stats(samples);
      return [
        msRow('refresh.after-terminal-commit.median', result.median, null, { target: '≈ 300 ms', baselineLabel: 'from git commit exiting to smartlog ready' }),
        msRow('refresh.after-terminal-commit.p95', result.p95, null, { baselineLabel: 'from git commit exiting to smartlog ready' }),
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
