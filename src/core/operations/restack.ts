// restack: everything that sits on an outdated version of a commit (one that was amended or
// rewritten, by Stackline or by plain git) moves onto its latest version; branches left on an
// outdated version move to the latest one too.
import { shortHash } from '../format';
import type { Operation } from './context';
import { OperationError } from './errors';
import { plural } from './common';
import type { Pick } from './rewrite';
import { isDraft, refsAt, topoOrder, type RepoState } from './state';
import { latestVersions, successorPairs } from '../oplog/successors';
import { gitTry } from './git';

export interface RestackPlan {
  /** Outdated commit → its latest version, for those something still sits on. */
  outdated: Map<string, string>;
  picks: Pick[];
}

export function restackOperation(): Operation<{ restacked: number }> {
  return {
    command: 'restack',
    async prepare({ state, repo }) {
      const plan = await findRestack(state, latestVersions(successorPairs(repo)));
      if (plan.picks.length === 0 && plan.outdated.size === 0) throw new OperationError('nothing-to-do', 'Nothing to restack: no commit sits on an outdated version of another.');
      return async () => ({
        plan: { seeds: plan.outdated, picks: plan.picks },
        summary: (rewrites) => {
          const moved = rewrites.size - plan.outdated.size;
          return `Restacked ${plural(Math.max(moved, 0), 'commit')} onto the latest versions of ${[...plan.outdated.keys()].map(shortHash).join(', ')}.`;
        },
        result: { restacked: plan.picks.length },
      });
    },
  };
}

/**
 * Outdated commits that still matter (something sits on them, or a ref points at them) and have a
 * newer version still in view, with the commits above them to replay.
 */
export async function findRestack(state: RepoState, latest: Map<string, string>): Promise<RestackPlan> {
  const inView = async (hash: string) =>
    isDraft(state, hash) || (!!state.trunk && (await gitTry(state.git, ['merge-base', '--is-ancestor', hash, state.trunk.hash])) !== undefined);
  const outdated = new Map<string, string>();
  for (const hash of state.parents.keys()) {
    const now = latest.get(hash);
    if (!now || now === hash) continue;
    const matters = (state.children.get(hash) ?? []).length > 0 || refsAt(state, hash).length > 0;
    if (matters && (await inView(now))) outdated.set(hash, now);
  }
  const moving = new Set<string>();
  const queue = [...outdated.keys()];
  while (queue.length > 0) {
    for (const child of state.children.get(queue.shift()!) ?? []) {
      if (!moving.has(child) && !outdated.has(child)) {
        moving.add(child);
        queue.push(child);
      }
    }
  }
  const picks = topoOrder(state, [...moving]).map((hash): Pick => ({ old: hash, parent: { rewrittenFrom: state.parents.get(hash)![0] } }));
  return { outdated, picks };
}
