// Which commit replaced which: from the oplog (every rewrite Stackline made and did not undo) and
// from HEAD's reflog (amends made with plain git, e.g. VS Code's own "Commit (Amend)"). Restack
// uses it to find stacks left on an outdated version of a commit; unamend to find the version
// before an amend.
import type { GitRunner } from '../git/runner';
import { undoStacks, type OplogStore } from '../oplog/store';
import { gitTry } from './git';

/** How far back HEAD's reflog is searched for amends. */
const REFLOG_DEPTH = 500;

/** [old, new] pairs, oldest first. */
export async function successorPairs(git: GitRunner, log: OplogStore): Promise<[string, string][]> {
  const fromLog = undoStacks(log.entries()).done.flatMap((entry) => entry.rewrites);
  return [...(await reflogAmends(git)), ...fromLog];
}

/** The latest version of each replaced commit, following chains (a → b → c gives a → c). */
export function latestVersions(pairs: [string, string][]): Map<string, string> {
  const next = new Map<string, string>();
  for (const [old, now] of pairs) if (old !== now) next.set(old, now);
  const latest = new Map<string, string>();
  for (const old of next.keys()) {
    let current = old;
    const seen = new Set([old]);
    while (next.has(current) && !seen.has(next.get(current)!)) {
      current = next.get(current)!;
      seen.add(current);
    }
    latest.set(old, current);
  }
  return latest;
}

/** The version of `hash` before its last amend (by Stackline or by git). */
export async function predecessorOf(git: GitRunner, log: OplogStore, hash: string, command: 'amend'): Promise<string | undefined> {
  const entries = undoStacks(log.entries()).done.filter((e) => e.command.startsWith(command) && e.rewrites[0]?.[1] === hash);
  if (entries.length > 0) return entries.at(-1)!.rewrites[0][0];
  return (await reflogAmends(git)).reverse().find(([, now]) => now === hash)?.[0];
}

/** [old, new] for each "commit (amend)" in HEAD's reflog, oldest first. */
async function reflogAmends(git: GitRunner): Promise<[string, string][]> {
  const out = await gitTry(git, ['log', '--walk-reflogs', `--max-count=${REFLOG_DEPTH}`, '--format=%H%x00%gs', 'HEAD', '--']);
  if (!out) return [];
  const rows = out.split('\n').filter(Boolean).map((line) => line.split('\0'));
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < rows.length; i++) {
    if (rows[i][1].startsWith('commit (amend)')) pairs.push([rows[i + 1][0], rows[i][0]]);
  }
  return pairs.reverse();
}
