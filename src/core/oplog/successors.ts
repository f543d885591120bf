// Which commit replaced which: from the oplog (every rewrite Stackline made and did not undo) and
// from HEAD's reflog (amends made with plain git: `git commit --amend`, VS Code's own "Commit
// (Amend)"). Restack uses it to find stacks left on an outdated version of a commit, the smartlog
// to mark them, unamend to find the version before an amend. Both logs are read from their last
// bytes only and without a git process, so the smartlog can afford it on every refresh.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { RepoLocation } from '../git/repository';
import { oplogOf } from './files';
import { undoStacks } from './store';
import { readTail } from './tail';

/** How much of the end of the oplog is searched for rewrites: hundreds of operations. */
const OPLOG_WINDOW = 1 << 20;
/** How much of the end of HEAD's reflog is searched for amends: some 800 moves of HEAD. */
const REFLOG_WINDOW = 128 << 10;

/** [old, new] pairs: amends made with git, then Stackline's rewrites, each oldest first. */
export function successorPairs(repo: RepoLocation): [string, string][] {
  return [...reflogAmends(repo), ...oplogRewrites(repo)];
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
export function predecessorOf(repo: RepoLocation, hash: string, op: 'amend'): string | undefined {
  const entries = undoStacks(oplogOf(repo).entries()).done.filter((e) => e.op === op && e.rewrites[0]?.[1] === hash);
  if (entries.length > 0) return entries.at(-1)!.rewrites[0][0];
  return reflogAmends(repo)
    .reverse()
    .find(([, now]) => now === hash)?.[0];
}

/** [old, new] for each "commit (amend)" line of HEAD's reflog, oldest first. */
function reflogAmends(repo: RepoLocation): [string, string][] {
  const text = readTail(join(repo.gitDir, 'logs', 'HEAD'), REFLOG_WINDOW) ?? '';
  const pairs: [string, string][] = [];
  // Each line: "<old> <new> <committer> <time> <zone>\t<message>".
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab < 0 || !line.startsWith('commit (amend)', tab + 1)) continue;
    const [old, now] = line.slice(0, tab).split(' ');
    pairs.push([old, now]);
  }
  return pairs;
}

/** Per oplog file: its rewrites, kept until the file changes (it only ever grows). */
const rewritesCache = new Map<string, { size: number; mtimeMs: number; pairs: [string, string][] }>();

function oplogRewrites(repo: RepoLocation): [string, string][] {
  const log = oplogOf(repo);
  let stat;
  try {
    stat = statSync(log.file);
  } catch {
    return [];
  }
  const cached = rewritesCache.get(log.file);
  if (cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs) return cached.pairs;
  const pairs = undoStacks(log.entries(OPLOG_WINDOW)).done.flatMap((entry) => entry.rewrites);
  rewritesCache.set(log.file, { size: stat.size, mtimeMs: stat.mtimeMs, pairs });
  return pairs;
}
