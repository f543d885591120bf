// Where a commit stands with the declared checks, for badges: each check's last answer on the
// commit's tree (or what a run going on now says), and one overall state.
import type { CheckResult, ResultStore } from './cache';
import type { CheckDefinition } from './config';
import type { CheckItem, CheckState } from './run';

/** What a badge shows: every check passed, one did not, one is still going, or some were never run. */
export type OverallState = 'pass' | 'fail' | 'running' | 'not-run';

export interface CheckEntry {
  name: string;
  state: CheckState | 'not-run';
  result?: CheckResult;
}

export interface CommitCheckStatus {
  commit: string;
  tree: string;
  entries: CheckEntry[];
  overall: OverallState;
}

export function overallOf(entries: CheckEntry[]): OverallState {
  if (entries.some((e) => e.state === 'running' || e.state === 'queued')) return 'running';
  if (entries.some((e) => e.state === 'fail' || e.state === 'timeout' || e.state === 'error')) return 'fail';
  return entries.length > 0 && entries.every((e) => e.state === 'pass') ? 'pass' : 'not-run';
}

/**
 * A commit's status: a live item (queued or running, keyed by tree and command line) wins over
 * the stored answer; a timeout or error stays shown until the check runs again.
 */
export function commitStatus(
  store: ResultStore,
  checks: CheckDefinition[],
  commit: string,
  tree: string,
  live: Map<string, CheckItem> = new Map(),
): CommitCheckStatus {
  const entries = checks.map((check): CheckEntry => {
    const going = live.get(store.keyOf(tree, check.run));
    if (going && (going.state === 'queued' || going.state === 'running'))
      return { name: check.name, state: going.state };
    const result = store.read(tree, check.run);
    return result && result.state !== 'cancelled'
      ? { name: check.name, state: result.state, result }
      : { name: check.name, state: 'not-run' };
  });
  return { commit, tree, entries, overall: overallOf(entries) };
}

/** The checks that did not pass, by name: "unit, lint". */
export function failingNames(status: CommitCheckStatus): string[] {
  return status.entries
    .filter((e) => e.state === 'fail' || e.state === 'timeout' || e.state === 'error')
    .map((e) => e.name);
}
