// Checks before submit: a 10-commit stack checked with a check that takes 1 second, cold (every
// commit runs) and with 9 commits cached (only the amended top runs again), next to the time the
// check itself needs at the parallelism used; and Stackline's own cost per check (a worktree made
// and removed, the answer stored) with a check that does nothing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadChecks } from '../src/core/checks/config';
import { defaultParallel, runChecks } from '../src/core/checks/run';
import { checkTargets } from '../src/core/checks/targets';
import { discoverRepository } from '../src/core/git/repository';
import { GitRunner } from '../src/core/git/runner';
import { buildSmartlog } from '../src/core/smartlog/build';
import { makeClone, removeTempDirs, type TestRepo } from '../test/helpers/repo';
import { msRow, stats, type BenchModule, type BenchRow } from './lib';

const COMMITS = 10;

function stackRepo(run: string): TestRepo {
  const { repo } = makeClone(2);
  for (let i = 1; i <= COMMITS; i++)
    repo.commit(`feat: change ${i}`, { [`src/c${i}.txt`]: `${i}\n`, 'shared.txt': `after ${i}\n` });
  writeFileSync(join(repo.dir, '.stackline.json'), JSON.stringify({ checks: [{ name: 'slow', run }] }));
  return repo;
}

async function check(repo: TestRepo, rerun: boolean): Promise<{ ms: number; ran: number }> {
  const location = await discoverRepository(repo.dir);
  const git = new GitRunner(location.root);
  const { commits } = checkTargets(await buildSmartlog(git, location));
  const started = performance.now();
  const summary = await runChecks({ git, location, checks: loadChecks(repo.dir), commits, trusted: true, rerun });
  return { ms: performance.now() - started, ran: summary.items.filter((i) => !i.cached).length };
}

export const checksBench: BenchModule = {
  name: 'checks',
  description: `stackline check on a ${COMMITS}-commit stack with a 1-second check: cold, and with 9 commits cached`,
  async run(context) {
    const parallel = defaultParallel();
    const runs = Math.max(2, Math.min(context.runs, 3));
    const rows: BenchRow[] = [];
    try {
      const repo = stackRepo('sleep 1');
      const cold: number[] = [];
      const warm: number[] = [];
      for (let i = 0; i < runs; i++) {
        const first = await check(repo, true);
        if (first.ran !== COMMITS) throw new Error(`cold run ran ${first.ran} checks, not ${COMMITS}`);
        cold.push(first.ms);
        // A new top commit content: its tree changes, the other nine keep theirs.
        repo.write({ 'src/top.txt': `run ${i}\n` });
        repo.git('add', 'src/top.txt');
        repo.git('commit', '-q', '--amend', '--no-edit');
        const again = await check(repo, false);
        if (again.ran !== 1) throw new Error(`with 9 cached, ${again.ran} checks ran, not 1`);
        warm.push(again.ms);
      }
      const ideal = Math.ceil(COMMITS / parallel) * 1000;
      context.log(
        `${parallel} check(s) at once; cold ${cold.map((ms) => Math.round(ms)).join(', ')} ms; 9 cached ${warm.map((ms) => Math.round(ms)).join(', ')} ms`,
      );
      rows.push(
        msRow(`checks: ${COMMITS}-commit stack, 1 s check, cold`, stats(cold).median, ideal, {
          baselineLabel: `${COMMITS} × 1 s at ${parallel} at once`,
          target: '≤ 1.3×',
        }),
      );
      rows.push(
        msRow(`checks: ${COMMITS}-commit stack, 1 s check, 9 cached`, stats(warm).median, 1000, {
          baselineLabel: 'one 1 s check',
          target: '≤ 1.5×',
        }),
      );

      const empty = stackRepo('true');
      const overhead: number[] = [];
      for (let i = 0; i < runs; i++) overhead.push((await check(empty, true)).ms / COMMITS);
      rows.push(
        msRow('checks: cost per check (worktree made and removed, answer stored)', stats(overhead).median, null, {
          target: '< 150 ms',
          baselineLabel: '',
        }),
      );
    } finally {
      removeTempDirs();
    }
    return rows;
  },
};
