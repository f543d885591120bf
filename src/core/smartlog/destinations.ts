// Where a commit can be moved, in the order a person most likely means: trunk tip first (rebase
// onto the latest trunk), then the trunk commit its stack is on now, then the other stacks (putting
// one feature on another is the unusual choice), then the rest of its own stack.
import type { Smartlog, SmartlogCommit } from './model';

export type DestinationGroup = 'trunk' | 'other stacks' | 'this stack';

export interface Destination {
  commit: SmartlogCommit;
  group: DestinationGroup;
  /** Trunk tip, or the trunk commit the moving commit's stack sits on. */
  role?: 'trunk tip' | 'stack base';
}

/** Every smartlog commit but `source`, in that order, each with its group (for a list's separators). */
export function moveDestinations(smartlog: Smartlog, source: string): Destination[] {
  const byHash = new Map(smartlog.commits.map((c) => [c.hash, c]));
  const own = smartlog.stacks.find((s) => s.commits.includes(source));
  const tip = smartlog.trunk && byHash.get(smartlog.trunk.hash);
  const base = own && own.base !== tip?.hash ? byHash.get(own.base) : undefined;
  const otherBases = new Set(smartlog.stacks.filter((s) => s !== own).map((s) => s.base));
  const ownCommits = new Set(own?.commits ?? []);
  const taken = new Set([source, tip?.hash, base?.hash]);
  const rest = smartlog.commits.filter((c) => !taken.has(c.hash));
  const trunkOnly = (c: SmartlogCommit) => c.phase === 'public' && !otherBases.has(c.hash);
  return [
    ...(tip ? [{ commit: tip, group: 'trunk' as const, role: 'trunk tip' as const }] : []),
    ...(base ? [{ commit: base, group: 'trunk' as const, role: 'stack base' as const }] : []),
    ...rest.filter(trunkOnly).map((commit): Destination => ({ commit, group: 'trunk' })),
    // Each other stack's commits, top first, then the trunk commit it is on.
    ...rest
      .filter((c) => !trunkOnly(c) && !ownCommits.has(c.hash))
      .map((commit): Destination => ({ commit, group: 'other stacks' })),
    ...rest.filter((c) => ownCommits.has(c.hash)).map((commit): Destination => ({ commit, group: 'this stack' })),
  ];
}
