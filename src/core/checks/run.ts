// Runs the declared checks on commits of a stack: each check on each commit in a worktree of its
// own, several at once, answers from the cache where the same tree already had one. Cancel (the
// signal) stops every check it started; whatever happens, the worktrees it made are removed.
import { availableParallelism } from 'node:os';
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { plural } from '../format';
import type { RepoLocation } from '../git/repository';
import type { GitRunner } from '../git/runner';
import { ResultStore, type CheckResult, type FinishedState } from './cache';
import type { CheckDefinition } from './config';
import { CheckError } from './errors';
import { runShell } from './process';
import { addWorktree, recordGroup, removeLeftovers, removeWorktree, type CheckWorktree } from './worktree';

export type CheckState = FinishedState | 'queued' | 'running';

export interface CheckItem {
  commit: string;
  title: string;
  tree: string;
  check: CheckDefinition;
  state: CheckState;
  /** The answer came from an earlier run on the same tree. */
  cached: boolean;
  result?: CheckResult;
}

export interface CheckRunInput {
  git: GitRunner;
  location: RepoLocation;
  checks: CheckDefinition[];
  /** Bottom first. */
  commits: { hash: string; title: string }[];
  /**
   * The caller's word that the repository's code may run here (a trusted VS Code workspace, or a
   * person who typed the command). Checks are the repository's code; nothing runs without it.
   */
  trusted: boolean;
  /** Checks at once; default: one fewer than the machine's cores, at least 1. */
  parallel?: number;
  /** Run again even where the cache has an answer. */
  rerun?: boolean;
  signal?: AbortSignal;
  /** Called whenever an item changes state (queued → running → pass, …). */
  onChange?: (item: CheckItem) => void;
}

export interface CheckRunSummary {
  /** By commit (bottom first), then by check in declared order. */
  items: CheckItem[];
  cancelled: boolean;
  /** Worktrees of earlier runs that were killed, removed before this one started. */
  leftoversRemoved: number;
}

export function defaultParallel(): number {
  return Math.max(1, availableParallelism() - 1);
}

export async function runChecks(input: CheckRunInput): Promise<CheckRunSummary> {
  if (!input.trusted)
    throw new CheckError(
      'untrusted',
      "Checks run the repository's own commands, and this workspace is not trusted. Trust it to run them.",
    );
  if (input.checks.length === 0)
    throw new CheckError(
      'config',
      'This repository declares no checks. Add them under "checks" in .stackline.json, or let Stackline declare the obvious ones.',
      undefined,
      [{ label: 'Declare Checks', cli: 'stackline check --init', command: 'stackline.addChecks' }],
    );
  const { git, location } = input;
  const store = new ResultStore(location);
  const leftoversRemoved = await removeLeftovers(git, location);
  const trees = await treesOf(
    git,
    input.commits.map((c) => c.hash),
  );
  const items: CheckItem[] = input.commits.flatMap((commit) =>
    input.checks.map((check): CheckItem => {
      const tree = trees.get(commit.hash)!;
      const result = input.rerun ? undefined : store.cached(tree, check.run);
      return {
        commit: commit.hash,
        title: commit.title,
        tree,
        check,
        state: result ? result.state : 'queued',
        cached: !!result,
        result,
      };
    }),
  );
  const emit = (item: CheckItem) => input.onChange?.(item);
  items.forEach(emit);
  // The same command line on the same tree twice in one run (two commits with one tree) runs once.
  const jobs = new Map<string, CheckItem[]>();
  for (const item of items.filter((i) => i.state === 'queued')) {
    const key = store.keyOf(item.tree, item.check.run);
    jobs.set(key, [...(jobs.get(key) ?? []), item]);
  }
  const pending = [...jobs.values()];
  const env = checkEnvironment();
  // Worktrees are removed while the next check starts: cleaning up is off the critical path.
  const cleanups: Promise<void>[] = [];
  const worker = async () => {
    for (let job = pending.shift(); job && !input.signal?.aborted; job = pending.shift()) {
      for (const item of job) {
        item.state = 'running';
        emit(item);
      }
      const result = await runOne(git, location, store, job[0], env, input.signal, cleanups);
      for (const item of job) {
        Object.assign(item, { state: result.state, result, cached: item !== job[0] });
        emit(item);
      }
    }
  };
  const parallel = Math.max(1, Math.floor(input.parallel ?? defaultParallel()));
  try {
    await Promise.all(Array.from({ length: Math.min(parallel, pending.length) }, worker));
  } finally {
    await Promise.all(cleanups);
  }
  for (const item of items.filter((i) => i.state === 'queued')) {
    item.state = 'cancelled';
    emit(item);
  }
  store.prune();
  return { items, cancelled: !!input.signal?.aborted, leftoversRemoved };
}

/** One check on one commit, in a worktree made for it; its removal is added to `cleanups`. */
async function runOne(
  git: GitRunner,
  location: RepoLocation,
  store: ResultStore,
  item: CheckItem,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal | undefined,
  cleanups: Promise<void>[],
): Promise<CheckResult> {
  const scratch = store.scratchOutput();
  const started = Date.now();
  let worktree: CheckWorktree | undefined;
  let state: FinishedState;
  let exitCode: number | null = null;
  let exitSignal: string | null = null;
  // What ran where, first: the output is read later, away from the run.
  writeFileSync(scratch, `$ ${item.check.run}\n`);
  try {
    worktree = await addWorktree(git, location, item.commit, item.check.name);
    const made = worktree;
    const outcome = await runShell({
      command: item.check.run,
      cwd: worktree.path,
      env: { ...env, STACKLINE_CHECK: item.check.name, STACKLINE_CHECK_COMMIT: item.commit },
      timeoutMs: item.check.timeoutMinutes * 60_000,
      outputFile: scratch,
      signal,
      onStart: (pid) => recordGroup(made, pid),
    });
    exitCode = outcome.exitCode;
    exitSignal = outcome.signal;
    state = outcome.cancelled
      ? 'cancelled'
      : outcome.timedOut
        ? 'timeout'
        : outcome.spawnError
          ? 'error'
          : outcome.exitCode === 0
            ? 'pass'
            : 'fail';
    const took = `${(outcome.durationMs / 1000).toFixed(1)} s`;
    const ending = {
      pass: `Passed (exit 0, ${took}).`,
      fail: outcome.signal
        ? `Failed: killed by ${outcome.signal} (${took}).`
        : `Failed: exit ${outcome.exitCode} (${took}).`,
      timeout: `Stopped after ${minutes(item.check.timeoutMinutes)} (timeoutMinutes of "${item.check.name}" in .stackline.json).`,
      cancelled: 'Cancelled.',
      error: 'Could not start the shell.',
    }[state];
    appendFileSync(scratch, `\n[stackline] ${ending}\n`);
  } catch (error) {
    state = 'error';
    appendFileSync(
      scratch,
      `[stackline] Could not check out ${item.commit} to run "${item.check.name}": ${error instanceof Error ? error.message : String(error)}\n${(error as { detail?: string }).detail ?? ''}`,
    );
  } finally {
    if (worktree) cleanups.push(removeWorktree(git, location, worktree));
  }
  const result = {
    check: item.check.name,
    run: item.check.run,
    commit: item.commit,
    tree: item.tree,
    state,
    exitCode,
    signal: exitSignal,
    durationMs: Date.now() - started,
    finishedAt: Date.now(),
  };
  // A Cancel says nothing about the commit: the answer kept from before (if any) stays.
  if (state === 'cancelled') {
    rmSync(scratch, { force: true });
    return { ...result, outputFile: '' };
  }
  return store.commit(result, scratch);
}

function minutes(n: number): string {
  return n < 1 ? plural(Math.round(n * 60), 'second') : plural(n, 'minute');
}

/** Each commit's tree, in one git call. */
export async function treesOf(git: GitRunner, commits: string[]): Promise<Map<string, string>> {
  if (commits.length === 0) return new Map();
  const out = await git.run(['rev-parse', ...commits.map((c) => `${c}^{tree}`)]);
  const trees = out.split('\n').filter(Boolean);
  return new Map(commits.map((c, i) => [c, trees[i]]));
}

/**
 * The environment checks run in: the user's, without what points git at another repository or
 * index (a check's git must see its own worktree) or belongs to the process that started it.
 */
export function checkEnvironment(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (
      /^GIT_(DIR|WORK_TREE|INDEX_FILE|PREFIX|COMMON_DIR|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|OPTIONAL_LOCKS)$/.test(
        key,
      )
    )
      continue;
    // The VS Code extension host's and the Node test runner's own variables would change how node behaves in the check.
    if (key === 'ELECTRON_RUN_AS_NODE' || key === 'NODE_TEST_CONTEXT' || key.startsWith('VSCODE_')) continue;
    env[key] = value;
  }
  return env;
}
