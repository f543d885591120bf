// What checks answered, kept on disk under <common git dir>/stackline/checks/results/: one record
// and one output file per tree and command line. A commit's tree is its content, so a reword, a
// restack onto the same base or a new Stackline-Id trailer finds the answer it had before. Passes
// and failures are answers about the content; a timeout or a Cancel is not, and runs again.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RepoLocation } from '../git/repository';
import { checksDir } from './worktree';

export type FinishedState = 'pass' | 'fail' | 'timeout' | 'cancelled' | 'error';

export interface CheckResult {
  check: string;
  run: string;
  /** The commit it ran on (any commit with the same tree shares the result). */
  commit: string;
  tree: string;
  state: FinishedState;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  /** Milliseconds since the epoch. */
  finishedAt: number;
  /** Where its output is. */
  outputFile: string;
}

/** Records kept at most; the oldest go first. */
const MAX_RESULTS = 2000;

export class ResultStore {
  readonly dir: string;

  constructor(location: RepoLocation) {
    this.dir = join(checksDir(location), 'results');
  }

  /** The same command line on the same tree is the same check, whatever it is called. */
  keyOf(tree: string, run: string): string {
    return createHash('sha256').update(`${tree}\0${run}`).digest('hex').slice(0, 40);
  }

  outputFileOf(tree: string, run: string): string {
    return join(this.dir, `${this.keyOf(tree, run)}.log`);
  }

  /** The last result of `run` on `tree`, whatever it was. */
  read(tree: string, run: string): CheckResult | undefined {
    try {
      const record = JSON.parse(readFileSync(join(this.dir, `${this.keyOf(tree, run)}.json`), 'utf8')) as CheckResult;
      // The output sits beside the record, wherever the repository has moved since.
      return { ...record, outputFile: this.outputFileOf(tree, run) };
    } catch {
      return undefined;
    }
  }

  /** A result that stands for the content: a pass or a failure. */
  cached(tree: string, run: string): CheckResult | undefined {
    const result = this.read(tree, run);
    return result && (result.state === 'pass' || result.state === 'fail') && existsSync(result.outputFile)
      ? result
      : undefined;
  }

  /** A fresh file for a run's output; `commit` moves it into place with the record. */
  scratchOutput(): string {
    mkdirSync(this.dir, { recursive: true });
    return join(this.dir, `run-${randomBytes(6).toString('hex')}.log.tmp`);
  }

  /** Keeps a finished run: its output under its key, then its record (each renamed into place whole). */
  commit(result: Omit<CheckResult, 'outputFile'>, scratch: string): CheckResult {
    const outputFile = this.outputFileOf(result.tree, result.run);
    renameSync(scratch, outputFile);
    const record: CheckResult = { ...result, outputFile };
    const file = join(this.dir, `${this.keyOf(result.tree, result.run)}.json`);
    const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(tmp, JSON.stringify(record));
    renameSync(tmp, file);
    return record;
  }

  readOutput(result: CheckResult): string {
    try {
      return readFileSync(result.outputFile, 'utf8');
    } catch {
      return '';
    }
  }

  /** Drops the oldest records beyond the limit, and scratch files runs that were killed left. */
  prune(limit = MAX_RESULTS): void {
    if (!existsSync(this.dir)) return;
    const names = readdirSync(this.dir);
    const dayAgo = Date.now() - 24 * 3600_000;
    for (const name of names.filter((n) => n.endsWith('.tmp'))) {
      if (mtimeOf(join(this.dir, name)) < dayAgo) rmSync(join(this.dir, name), { force: true });
    }
    const records = names
      .filter((n) => n.endsWith('.json'))
      .map((n) => ({ key: n.slice(0, -5), mtime: mtimeOf(join(this.dir, n)) }));
    if (records.length <= limit) return;
    records.sort((a, b) => a.mtime - b.mtime);
    for (const { key } of records.slice(0, records.length - limit)) {
      rmSync(join(this.dir, `${key}.json`), { force: true });
      rmSync(join(this.dir, `${key}.log`), { force: true });
    }
  }
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
