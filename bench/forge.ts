// Stacked PRs against the GitHub stand-in: API calls and wall time of submitting a 10-commit stack
// (new PRs, then a resubmit with nothing changed), and the requests of a status refresh for 50 PRs
// (first load, unchanged, after a review). The stand-in validates every REST request and response
// against GitHub's OpenAPI description and runs every GraphQL query through GitHub's schema, which
// costs it some milliseconds per call; the wall times include that. Also landing a 5-PR stack with
// GitHub's native stacks (one merge-async) and without (a queue: land, retarget, restack, push, per PR).
import { landAll } from '../src/core/forge/landAll';
import { pullStatusesFor } from '../src/core/forge/status';
import { submitStack } from '../src/core/forge/submit';
import { buildSmartlog } from '../src/core/smartlog/build';
import { githubGraphqlSchema } from '../test/github-standin/graphql';
import { gitHubFixture, location, submittedStack, type GitHubFixture } from '../test/helpers/github';
import { removeTempDirs } from '../test/helpers/repo';
import { msRow, stats, type BenchModule, type BenchRow } from './lib';

function countRow(name: string, value: number, target: string): BenchRow {
  return { name, value, unit: 'requests', baseline: null, ratio: null, target };
}

async function stackFixture(commits: number): Promise<GitHubFixture> {
  const f = await gitHubFixture();
  for (let i = 1; i <= commits; i++) f.repo.commit(`feat: change ${i}`, { [`c${i}.txt`]: `${i}\n` });
  return f;
}

export const forgeBench: BenchModule = {
  name: 'forge',
  description:
    'submit a 10-commit stack, land a 5-PR stack with and without native stacks, and refresh the status of 50 PRs against the GitHub stand-in',
  async run(context) {
    const rows: BenchRow[] = [];
    const firstTimes: number[] = [];
    const againTimes: number[] = [];
    let firstCalls = 0;
    let firstWrites = 0;
    let againCalls = 0;
    let againWrites = 0;
    const runs = Math.max(3, Math.min(context.runs, 10));
    for (let run = 0; run < runs; run++) {
      const f = await stackFixture(10);
      try {
        const input = { git: f.git, location: await location(f.repo), session: await f.session() };
        let started = performance.now();
        await submitStack(input);
        firstTimes.push(performance.now() - started);
        firstCalls = f.standin.calls.length;
        firstWrites = f.standin.writes().length;
        const mark = f.standin.calls.length;
        started = performance.now();
        await submitStack(input);
        againTimes.push(performance.now() - started);
        againCalls = f.standin.calls.length - mark;
        againWrites = f.standin.writes(mark).length;
      } finally {
        await f.close();
      }
    }
    context.log(
      `submit of 10 new PRs: ${firstCalls} API calls (${firstWrites} writes); resubmit: ${againCalls} calls (${againWrites} writes)`,
    );
    rows.push(
      countRow(
        'forge: submit 10-commit stack, API calls',
        firstCalls,
        '≤ 23 (2 per new PR + 1 lookup; native stack: 1 question, 1 create)',
      ),
    );
    rows.push(
      msRow('forge: submit 10-commit stack, wall time', stats(firstTimes).median, null, {
        target: 'push + 21 writes, no write spacing',
      }),
    );
    rows.push(countRow('forge: resubmit unchanged, write calls', againWrites, '0'));
    rows.push(countRow('forge: resubmit unchanged, API calls', againCalls, '1 lookup + 1 native stack read'));
    rows.push(msRow('forge: resubmit unchanged, wall time', stats(againTimes).median, null));

    for (const native of [true, false]) {
      const times: number[] = [];
      let calls = 0;
      let writes = 0;
      for (let run = 0; run < Math.min(runs, 5); run++) {
        const f = await submittedStack(5, { nativeStacks: native });
        try {
          const mark = f.standin.calls.length;
          const started = performance.now();
          // The readiness check is skipped in both (--force): checks are instant in this bench.
          const result = await landAll({
            git: f.git,
            location: await location(f.repo),
            session: await f.session(),
            method: 'squash',
            force: true,
          });
          times.push(performance.now() - started);
          if (result.landed.length !== 5 || result.native !== native)
            throw new Error(`landed ${result.landed.length} PRs (native: ${result.native}); expected 5 (${native})`);
          calls = f.standin.calls.length - mark;
          writes = f.standin.writes(mark).length;
        } finally {
          await f.close();
        }
      }
      const how = native ? 'native stack' : 'no native stack';
      context.log(`land --all of 5 PRs, ${how}: ${calls} API calls (${writes} writes)`);
      rows.push(countRow(`forge: land 5-PR stack, ${how}, API calls`, calls, native ? 'one merge' : 'report'));
      rows.push(countRow(`forge: land 5-PR stack, ${how}, write calls`, writes, 'report'));
      rows.push(msRow(`forge: land 5-PR stack, ${how}, wall time`, stats(times).median, null));
    }

    const f = await stackFixture(50);
    try {
      const loc = await location(f.repo);
      const session = await f.session();
      await submitStack({ git: f.git, location: loc, session });
      for (const pull of f.standin.pulls('octo/demo')) {
        f.standin.setChecks('octo/demo', pull.head.sha, [
          { name: 'ci', status: 'completed', conclusion: pull.number % 7 ? 'success' : 'failure' },
        ]);
        f.standin.setStatuses('octo/demo', pull.head.sha, [
          { context: 'ci/external', state: pull.number % 5 ? 'success' : 'pending' },
        ]);
        if (pull.number % 3 === 0) f.standin.addReview('octo/demo', pull.number, 'reviewer', 'APPROVED');
      }
      // Built once per process by the stand-in on its first GraphQL request; not Stackline's time.
      githubGraphqlSchema();
      const smartlog = await buildSmartlog(f.git, loc);
      let mark = f.standin.calls.length;
      let started = performance.now();
      const statuses = await pullStatusesFor(f.git, loc, session, smartlog);
      const firstMs = performance.now() - started;
      const first = f.standin.calls.slice(mark);
      mark = f.standin.calls.length;
      started = performance.now();
      await pullStatusesFor(f.git, loc, session, smartlog);
      const againMs = performance.now() - started;
      const again = f.standin.calls.slice(mark);
      f.standin.addReview('octo/demo', 7, 'reviewer', 'APPROVED');
      mark = f.standin.calls.length;
      await pullStatusesFor(f.git, loc, session, smartlog);
      const changed = f.standin.calls.slice(mark);
      const kinds = (calls: typeof first) => [...new Set(calls.map((c) => c.graphql ?? c.operationId))].join(', ');
      context.log(
        `status of ${statuses.size} PRs: first load ${first.length} requests (${kinds(first)}), unchanged ${again.length}, one PR reviewed ${changed.length}`,
      );
      rows.push(countRow('forge: status refresh, 50 PRs, first load, requests', first.length, '1–2'));
      rows.push(countRow('forge: status refresh, 50 PRs, nothing changed', again.length, '1–2'));
      rows.push(countRow('forge: status refresh, 50 PRs, one PR reviewed', changed.length, '1–2'));
      rows.push(msRow('forge: status refresh, 50 PRs, first load', firstMs, null));
      rows.push(msRow('forge: status refresh, 50 PRs, unchanged', againMs, null));
    } finally {
      await f.close();
      removeTempDirs();
    }
    return rows;
  },
};
