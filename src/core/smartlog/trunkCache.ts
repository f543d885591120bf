// What one trunk tip's history says about the commits the smartlog shows, found with as few walks of
// trunk as possible and cached per trunk tip (commits never change, so an answer holds until trunk
// moves): which branch tips trunk already contains, how far behind trunk tip each shown commit is,
// and the log records of the trunk commits shown. Also ahead/behind of branches against their
// upstreams, by commit pair.
//
// "Behind" is `git rev-list --count C..TRUNK`: every trunk commit C lacks, merged topics included —
// the number `git status` ("behind by N") and GitHub show, and what a rebase onto trunk brings in.
// On a merge-heavy trunk that is more than the first-parent distance (git/git: about 4×); the
// folded-commit counts between two shown trunk rows are differences of these numbers, so they stay
// exact too.
//
// All counts from one walk: S = `rev-list --parents TRUNK ^BOTTOM`, BOTTOM the oldest commit asked
// about. For any C that has BOTTOM among its ancestors, everything C has outside S is everything
// BOTTOM has, so count(C..TRUNK) = |S| − (C's ancestors inside S). Commits that don't (based on a
// topic merged into trunk, or older than BOTTOM by a skewed clock) get their own `rev-list --count`:
// exact, and rare.
import type { LogCommit } from '../git/parsers/log';
import type { Tracking } from '../git/parsers/refs';
import type { RepoLocation } from '../git/repository';
import type { GitRunner } from '../git/runner';
import { forgetTrunkGuesses } from './trunkGuess';

export interface Dated {
  hash: string;
  /** Committer time: the oldest commit asked about bounds the walk. */
  date: number;
}

/** What is known so far about one trunk tip. */
export interface TrunkFacts {
  readonly tip: string;
  /** Branch tips trunk contains (merged branches): the next draft walk leaves them out. */
  readonly contains: Set<string>;
  /** Behind counts found so far. */
  readonly behind: Map<string, number>;
  /** Log records of trunk commits shown that are no stack's base (trunk tip, HEAD on trunk). */
  readonly records: Map<string, LogCommit>;
  /** What was known at the trunk tip used before this one, until it has been carried over. */
  earlier?: TrunkFacts;
}

const cache = new Map<string, TrunkFacts>();
const CACHED_TIPS = 8;

/** The facts known about this trunk tip, to be added to. A shallow clone's start afresh each time: its counts change as it deepens. */
export function trunkFacts(repo: RepoLocation, tip: string): TrunkFacts {
  const fresh = (): TrunkFacts => ({ tip, contains: new Set(), behind: new Map([[tip, 0]]), records: new Map() });
  if (repo.isShallow) return fresh();
  const key = `${repo.commonDir}\0${tip}`;
  let facts = cache.get(key);
  if (!facts) {
    facts = fresh();
    // The most recently used tip of this repository: after a fetch, its counts carry over.
    const earlier = [...cache.entries()].reverse().find(([k]) => k.startsWith(`${repo.commonDir}\0`));
    if (earlier) {
      facts.earlier = earlier[1];
      // One step back only: a chain of tips never carried over is not kept alive.
      earlier[1].earlier = undefined;
    }
  }
  // Most recently used last; the oldest goes first.
  cache.delete(key);
  cache.set(key, facts);
  while (cache.size > CACHED_TIPS) cache.delete(cache.keys().next().value!);
  return facts;
}

/**
 * Ahead/behind of a local branch against its upstream, by their two commits ("<hash> <upstream hash>"):
 * like behind counts, fixed once the commits are.
 */
export const trackingByCommits = new Map<string, Tracking>();
const TRACKED_PAIRS = 2_000;

/** Keeps a tracking answer, unless history may still grow under it (a shallow clone). */
export function rememberTracking(repo: RepoLocation, pair: string, tracking: Tracking): void {
  if (repo.isShallow) return;
  if (trackingByCommits.size >= TRACKED_PAIRS) trackingByCommits.clear();
  trackingByCommits.set(pair, tracking);
}

/** Forgets everything cached here (benches measure a cold start with it). */
export function forgetCachedHistory(): void {
  cache.clear();
  trackingByCommits.clear();
  forgetTrunkGuesses();
}

/** For each commit (each reachable from trunk): how many trunk commits it lacks. Trunk tip itself: 0. */
export async function behindCounts(git: GitRunner, facts: TrunkFacts, commits: Dated[]): Promise<Map<string, number>> {
  if (facts.earlier && commits.some((c) => !facts.behind.has(c.hash))) await carryOver(git, facts, facts.earlier);
  const missing = unique(commits.filter((c) => !facts.behind.has(c.hash)));
  if (missing.length === 1) facts.behind.set(missing[0].hash, await countBehind(git, missing[0].hash, facts.tip));
  else if (missing.length > 1)
    for (const [hash, count] of await walkOnce(git, facts.tip, missing)) facts.behind.set(hash, count);
  return new Map(commits.map((c) => [c.hash, facts.behind.get(c.hash)!]));
}

/**
 * When trunk moved forward from `earlier.tip` (a fetch, a merge): every commit counted there is
 * reachable from the old tip, and nothing trunk gained is reachable from it, so its count grows by
 * exactly what trunk gained: one `rev-list --count` instead of a walk. A rewritten trunk (the old tip
 * no longer on it) carries nothing over.
 */
async function carryOver(git: GitRunner, facts: TrunkFacts, earlier: TrunkFacts): Promise<void> {
  facts.earlier = undefined;
  const [lost, gained] = (await git.run(['rev-list', '--count', '--left-right', `${earlier.tip}...${facts.tip}`, '--']))
    .trim()
    .split(/\s+/)
    .map(Number);
  if (lost !== 0 || !Number.isFinite(gained)) return;
  for (const [hash, count] of earlier.behind) if (!facts.behind.has(hash)) facts.behind.set(hash, count + gained);
  for (const tip of earlier.contains) facts.contains.add(tip);
  for (const [hash, record] of earlier.records) if (!facts.records.has(hash)) facts.records.set(hash, record);
}

async function walkOnce(git: GitRunner, trunkTip: string, commits: Dated[]): Promise<Map<string, number>> {
  const bottom = commits.reduce((oldest, c) => (c.date < oldest.date ? c : oldest)).hash;
  const graph = new AncestryAbove(await git.run(['rev-list', '--parents', trunkTip, `^${bottom}`, '--']), bottom);
  const counts = new Map<string, number>([[bottom, graph.size]]);
  const unsure: string[] = [];
  const inside = graph.ancestorCounts(commits.map((c) => c.hash).filter((hash) => hash !== bottom));
  for (const [hash, count] of inside) {
    if (count === undefined) unsure.push(hash);
    else counts.set(hash, graph.size - count);
  }
  await Promise.all(unsure.map(async (hash) => counts.set(hash, await countBehind(git, hash, trunkTip))));
  return counts;
}

async function countBehind(git: GitRunner, hash: string, trunkTip: string): Promise<number> {
  return Number(await git.run(['rev-list', '--count', `${hash}..${trunkTip}`, '--']));
}

const OUTSIDE = -1;
const BOTTOM = -2;

/** The commits of `rev-list --parents TIP ^bottom`, with parents as indices for fast ancestor counts. */
export class AncestryAbove {
  readonly size: number;
  private readonly index = new Map<string, number>();
  /** Commit i's parents are parents[parentStart[i] .. parentStart[i + 1]): an index, OUTSIDE or BOTTOM. */
  private readonly parentStart: Int32Array;
  private readonly parents: Int32Array;

  constructor(revListParents: string, bottom: string) {
    const lines = revListParents.split('\n');
    if (lines.at(-1) === '') lines.pop();
    this.size = lines.length;
    const first = lines[0] ?? '';
    const width = first.includes(' ') ? first.indexOf(' ') : first.length;
    lines.forEach((line, i) => this.index.set(line.slice(0, width), i));
    // Each line is the commit's hash and its parents', one space apart, all `width` long.
    this.parentStart = new Int32Array(lines.length + 1);
    lines.forEach(
      (line, i) => (this.parentStart[i + 1] = this.parentStart[i] + Math.round((line.length - width) / (width + 1))),
    );
    this.parents = new Int32Array(this.parentStart[lines.length]);
    lines.forEach((line, i) => {
      for (let k = this.parentStart[i], at = width + 1; k < this.parentStart[i + 1]; k++, at += width + 1) {
        const parent = line.slice(at, at + width);
        this.parents[k] = this.index.get(parent) ?? (parent === bottom ? BOTTOM : OUTSIDE);
      }
    });
  }

  /**
   * For each commit: how many commits here are it or its ancestors — when that ancestry reaches the
   * bottom commit, so that all of the commit's ancestry outside is the bottom's; undefined otherwise.
   *
   * Oldest first (rev-list lists newer commits first), each walk stops where the previous one's
   * ancestry begins when it reaches the previous commit itself: bases along trunk's line cost one
   * walk of the graph in all. A commit off that line gets a walk of its own.
   */
  ancestorCounts(hashes: string[]): Map<string, number | undefined> {
    const counts = new Map<string, number | undefined>();
    const starts = hashes
      .map((hash) => ({ hash, start: this.index.get(hash) }))
      .sort((a, b) => (b.start ?? -1) - (a.start ?? -1));
    const inChain = new Uint8Array(this.size);
    const seen = new Uint32Array(this.size);
    const stack = new Int32Array(this.size);
    let chain: { start: number; count: number; metBottom: boolean } | undefined;
    let round = 0;
    for (const { hash, start } of starts) {
      if (start === undefined) {
        counts.set(hash, undefined);
        continue;
      }
      // Walk the ancestry not yet in the chain; note whether it reaches the chain's newest commit.
      round++;
      let top = 0;
      let metBottom = false;
      let metChain = false;
      const visit = (i: number) => {
        if (seen[i] === round) return;
        seen[i] = round;
        if (inChain[i]) metChain ||= i === chain!.start;
        else stack[top++] = i;
      };
      visit(start);
      const fresh: number[] = [];
      while (top > 0) {
        const i = stack[--top];
        fresh.push(i);
        for (let k = this.parentStart[i]; k < this.parentStart[i + 1]; k++) {
          const p = this.parents[k];
          if (p === BOTTOM) metBottom = true;
          else if (p >= 0) visit(p);
        }
      }
      if (chain && !metChain) {
        // Off the chain (or inside it, listed out of order by a skewed clock): its ancestry counted on its own.
        counts.set(hash, this.ancestorsAlone(start, seen, stack, ++round));
        continue;
      }
      for (const i of fresh) inChain[i] = 1;
      chain = { start, count: fresh.length + (chain?.count ?? 0), metBottom: metBottom || (chain?.metBottom ?? false) };
      counts.set(hash, chain.metBottom ? chain.count : undefined);
    }
    return counts;
  }

  /** The ancestry of one commit counted from scratch; undefined unless it reaches the bottom. */
  private ancestorsAlone(start: number, seen: Uint32Array, stack: Int32Array, round: number): number | undefined {
    let count = 0;
    let top = 0;
    let metBottom = false;
    seen[start] = round;
    stack[top++] = start;
    while (top > 0) {
      const i = stack[--top];
      count++;
      for (let k = this.parentStart[i]; k < this.parentStart[i + 1]; k++) {
        const p = this.parents[k];
        if (p === BOTTOM) metBottom = true;
        else if (p >= 0 && seen[p] !== round) {
          seen[p] = round;
          stack[top++] = p;
        }
      }
    }
    return metBottom ? count : undefined;
  }
}

function unique(commits: Dated[]): Dated[] {
  const seen = new Set<string>();
  return commits.filter((c) => !seen.has(c.hash) && seen.add(c.hash));
}
