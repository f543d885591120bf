// Shared pieces for benches: the result shape, timing, statistics, the table and bench/results.json.
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** One figure in bench/results.json. `baseline` is the reference measured in the same run (null when none). */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  ratio: number | null;
}

/** A result plus what the printed table shows beside it (never written to results.json). */
export interface BenchRow extends BenchResult {
  /** What the baseline is, e.g. "raw git" or "git log --oneline -1". */
  baselineLabel?: string;
  /** A target to compare against, e.g. "≤ 1.5×" or "< 300 ms": reported, never asserted. */
  target?: string;
}

export interface BenchContext {
  /** Measured runs per figure (after warm-up). */
  runs: number;
  warmup: number;
  log(line: string): void;
}

/** A bench plugs in by exporting one of these and being listed in bench/run.ts. */
export interface BenchModule {
  name: string;
  description: string;
  run(context: BenchContext): Promise<BenchRow[]>;
}

export interface Stats {
  median: number;
  p95: number;
  min: number;
  samples: number[];
}

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, p95: at(0.95), min: sorted[0], samples };
}

/** Milliseconds one call of fn takes. */
export async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * Times several variants, interleaved run by run (so drift such as a busy disk or CPU boost hits all of
 * them alike), after `warmup` unrecorded rounds. The order within a round rotates too.
 */
export async function measureInterleaved<K extends string>(
  variants: Record<K, () => Promise<unknown>>,
  { runs, warmup }: { runs: number; warmup: number },
): Promise<Record<K, Stats>> {
  const keys = Object.keys(variants) as K[];
  const samples = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as unknown as Record<K, number[]>;
  for (let round = 0; round < warmup + runs; round++) {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[(i + round) % keys.length];
      const ms = await time(variants[key]);
      if (round >= warmup) samples[key].push(ms);
    }
  }
  return Object.fromEntries(keys.map((k) => [k, stats(samples[k])])) as unknown as Record<K, Stats>;
}

/** Times `run` after an untimed `setup`, rotating the variants each round. */
export async function measureWithSetup(
  variants: Record<string, { setup: () => unknown; run: () => Promise<unknown> }>,
  context: BenchContext,
) {
  const names = Object.keys(variants);
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]]));
  for (let round = 0; round < context.warmup + context.runs; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length];
      await variants[name].setup();
      const ms = await time(variants[name].run);
      if (round >= context.warmup) samples[name].push(ms);
    }
  }
  return Object.fromEntries(names.map((n) => [n, stats(samples[n])]));
}

/** `git <args>` through child_process.execFile: the raw cost of a git call, nothing in between. */
export function execGit(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`git ${args.join(' ')} failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

/** Wall time of a whole process, spawn to exit; rejects on a non-zero exit. */
export function runProcess(command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: env ? { ...process.env, ...env } : process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.resume();
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`)),
    );
  });
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A row in milliseconds; ratio = value / baseline. */
export function msRow(
  name: string,
  value: number,
  baseline: number | null,
  extra: Pick<BenchRow, 'baselineLabel' | 'target'> = {},
): BenchRow {
  return {
    name,
    value: round(value),
    unit: 'ms',
    baseline: baseline === null ? null : round(baseline),
    ratio: baseline === null || baseline === 0 ? null : round(value / baseline, 2),
    ...extra,
  };
}

export function formatTable(rows: BenchRow[]): string {
  const header = ['name', 'value', 'baseline', 'ratio', 'target', 'baseline is'];
  const cells = rows.map((r) => [
    r.name,
    `${r.value} ${r.unit}`,
    r.baseline === null ? '-' : `${r.baseline} ${r.unit}`,
    r.ratio === null ? '-' : `${r.ratio.toFixed(2)}×`,
    r.target ?? '',
    r.baselineLabel ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c
      .map((cell, i) => (i === 1 || i === 2 || i === 3 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/**
 * Writes results into `file`, keeping other benches' entries: an entry with the same name is replaced
 * in place, new names are appended.
 */
export function mergeResults(file: string, rows: BenchRow[]): BenchResult[] {
  let existing: BenchResult[] = [];
  if (existsSync(file)) {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!Array.isArray(parsed)) throw new Error(`${file} is not a JSON array; fix or delete it.`);
    existing = parsed as BenchResult[];
  }
  const fresh = rows.map(({ name, value, unit, baseline, ratio }): BenchResult => ({
    name,
    value,
    unit,
    baseline,
    ratio,
  }));
  const byName = new Map(fresh.map((r) => [r.name, r]));
  const merged = existing.map((r) => byName.get(r.name) ?? r);
  const known = new Set(existing.map((r) => r.name));
  merged.push(...fresh.filter((r) => !known.has(r.name)));
  writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  return merged;
}

/** Runs fn with extra git config for this process and every git it spawns (GIT_CONFIG_COUNT). */
export async function withGitConfig<T>(config: Record<string, string>, fn: () => Promise<T>): Promise<T> {
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

/** The two ways every repository figure is measured: as after `git gc` (with a commit-graph), and as after a fresh clone. */
export const GRAPH_MODES = [
  { suffix: '', label: 'commit-graph', config: {} },
  { suffix: '.no-commit-graph', label: 'no commit-graph', config: { 'core.commitGraph': 'false' } },
] as const;

/** Runs tasks at most `limit` at a time (as GitRunner runs git), resolving to their results in order. */
export async function runLimited<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
