// Puts smartlog rows in order: public commits newest first, each stack just above the newest
// trunk commit it touches, so every commit is drawn above its parents.
import type { SmartlogCommit, Stack } from './model';

export interface OrderedRows {
  commits: SmartlogCommit[];
  stacks: Omit<Stack, 'behindTrunk'>[];
}

/**
 * @param drafts draft commits in git's topological order (children first)
 * @param publics public commits in any order
 * @param distances for each public commit, the number of trunk commits between it and trunk tip
 */
export function orderRows(
  drafts: SmartlogCommit[],
  publics: SmartlogCommit[],
  distances: Map<string, number>,
): OrderedRows {
  const publicsNewestFirst = [...publics].sort(
    (a, b) => (distances.get(a.hash) ?? 0) - (distances.get(b.hash) ?? 0) || b.committerDate - a.committerDate,
  );
  linkTrunk(publicsNewestFirst, distances);

  const components = draftComponents(drafts);
  const publicRank = new Map(publicsNewestFirst.map((commit, index) => [commit.hash, index]));
  const stacksAbove = new Map<number, SmartlogCommit[][]>();
  const unanchored: SmartlogCommit[][] = [];
  for (const component of components) {
    const ranks = component
      .flatMap((c) => c.parents)
      .map((p) => publicRank.get(p))
      .filter((r): r is number => r !== undefined);
    if (ranks.length === 0) unanchored.push(component);
    else {
      const newest = Math.min(...ranks);
      stacksAbove.set(newest, [...(stacksAbove.get(newest) ?? []), component]);
    }
  }

  const commits: SmartlogCommit[] = unanchored.flat();
  publicsNewestFirst.forEach((commit, index) => {
    commits.push(...(stacksAbove.get(index) ?? []).flat(), commit);
  });
  const stacks = [...unanchored, ...publicsNewestFirst.flatMap((_, index) => stacksAbove.get(index) ?? [])].map(
    toStack,
  );
  return { commits, stacks };
}

/** Gives each public commit an edge to the next older one, with the count of commits folded away. */
function linkTrunk(newestFirst: SmartlogCommit[], distances: Map<string, number>): void {
  newestFirst.forEach((commit, index) => {
    const older = newestFirst[index + 1];
    if (older) {
      const hidden = (distances.get(older.hash) ?? 0) - (distances.get(commit.hash) ?? 0) - 1;
      commit.trunkBelow = { hash: older.hash, hidden: Math.max(0, hidden) };
    } else {
      commit.hasOlderHistory = commit.parents.length > 0;
    }
  });
}

/** Splits drafts into connected groups (a stack, possibly forked or merged), keeping topo order. */
function draftComponents(drafts: SmartlogCommit[]): SmartlogCommit[][] {
  const index = new Map(drafts.map((commit, i) => [commit.hash, i]));
  const parent = drafts.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  drafts.forEach((commit, i) => {
    for (const p of commit.parents) {
      const j = index.get(p);
      if (j !== undefined) parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, SmartlogCommit[]>();
  drafts.forEach((commit, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(commit);
    else groups.set(root, [commit]);
  });
  return [...groups.values()];
}

function toStack(commits: SmartlogCommit[]): Omit<Stack, 'behindTrunk'> {
  const hashes = new Set(commits.map((c) => c.hash));
  // The bottom: the last commit (in topo order) whose first parent is outside the stack.
  const bottom = [...commits].reverse().find((c) => !hashes.has(c.parents[0])) ?? commits[commits.length - 1];
  for (const commit of commits) commit.stackId = bottom.hash;
  return { id: bottom.hash, base: bottom.parents[0] ?? '', commits: commits.map((c) => c.hash) };
}
