// `npm run bench [-- <bench name>...]`: runs the benches, prints a table, merges the figures into
// bench/results.json. Benches report; they never fail on a figure.
//
// Adding a bench: write bench/<name>.ts exporting a BenchModule (see bench/lib.ts) and list it in BENCHES.
// Each figure is a row {name, value, unit, baseline, ratio}; the baseline is measured in the same run.
// Environment: STACKLINE_BENCH_RUNS (default 20), STACKLINE_BENCH_WARMUP (default 3),
// STACKLINE_BENCH_REGENERATE=1 (rebuild the cached repositories), STACKLINE_BENCH_CACHE (cache folder),
// STACKLINE_BENCH_SHAPES=tidy,merge-heavy (the smartlog and refresh benches on some repository shapes only).
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { absorbBench } from './absorb';
import { checksBench } from './checks';
import { conventionsBench } from './conventions';
import { isolateGitEnvironment } from './generate';
import { forgeBench } from './forge';
import { formatTable, mergeResults, type BenchContext, type BenchModule, type BenchRow } from './lib';
import { refreshBench } from './refresh';
import { graphBench } from './graph';
import { graphiteBench } from './graphite';
import { operationsBench } from './operations';
import { smartlogBench } from './smartlog';
import { sparseBench } from './sparse';
import { vscodeBench } from './vscode';

const BENCHES: BenchModule[] = [
  smartlogBench,
  refreshBench,
  graphBench,
  sparseBench,
  conventionsBench,
  forgeBench,
  operationsBench,
  absorbBench,
  checksBench,
  graphiteBench,
  vscodeBench,
];

const RESULTS = join(__dirname, 'results.json');

async function main(argv: string[]): Promise<void> {
  isolateGitEnvironment();
  const unknown = argv.filter((name) => !BENCHES.some((b) => b.name === name));
  if (unknown.length > 0)
    throw new Error(`Unknown bench ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}`);
  const selected = argv.length > 0 ? BENCHES.filter((b) => argv.includes(b.name)) : BENCHES;
  const context: BenchContext = {
    runs: Number(process.env.STACKLINE_BENCH_RUNS ?? 20),
    warmup: Number(process.env.STACKLINE_BENCH_WARMUP ?? 3),
    log: (line) => console.log(line),
  };
  const started = performance.now();
  // Figures are wall times: other work on the machine inflates them (ratios less so: variants are interleaved).
  const load = () =>
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${availableParallelism()} cores`;
  console.log(`Machine: ${load()} before the run.`);
  const rows: BenchRow[] = [];
  for (const bench of selected) {
    console.log(`\n== ${bench.name}: ${bench.description}`);
    rows.push(...(await bench.run(context)));
  }
  console.log(`\n${load()} after the run (the benches' own git and node processes count too).`);
  console.log(
    `\nResults (median/p95 of ${context.runs} runs after ${context.warmup} warm-up; ratio = value / baseline):\n`,
  );
  console.log(formatTable(rows));
  mergeResults(RESULTS, rows);
  console.log(
    `\nWrote ${rows.length} figures to ${RESULTS} in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
