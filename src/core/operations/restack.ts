// restack: everything that sits on an outdated version of a commit (one that was amended or
// rewritten, by Stackline or by plain git) moves onto its latest version; branches left on an
// outdated version move to the latest one too. A stack checked out for review stays where it is
// (it is someone else's), unless --edit-review.
import { plural, shortHash } from '../format';
import type { Operation } from './context';
import { OperationError } from './errors';

import type { Pick } from '../oplog/records';
import { isDraft, refsAt, topoOrder, type RepoState } from './state';
import { latestVersions, successorPairs } from '../oplog/successors';
import { isAncestor } from '../git/isAncestor';
import {
  checkOutAgain,
  editAnyway,
  leftForReview,
  leftForReviewNotice,
  reviewedStackName,
  ReviewReadOnlyError,
} from '../review/checkout';

export interface RestackPlan {
  /** Outdated commit → its latest version, for those something still sits on. */
  outdated: Map<string, string>;
  picks: Pick[];
}

export function restackOperation(): Operation<{ restacked: number }> {
  return {
    op: 'restack',
    args: {},
    command: 'restack',
    async prepare({ state, repo, editReview }) {
      const all = await findRestack(state, latestVersions(successorPairs(repo)));
      const left = leftForReview(state, editReview);
      // Only the reviewed commits stay: your own commits on top of them are yours to restack.
      const plan = withoutReviewed(state, all, new Set(left.pullOf.keys()));
      // The PRs whose commits it would have moved (your commits on top of them have none).
      const kept = [
        ...new Set(
          [...all.outdated.keys(), ...all.picks.map((p) => p.old)].flatMap((hash) => left.pullOf.get(hash) ?? []),
        ),
      ].sort((a, b) => a - b);
      const notices = plan === all ? [] : leftForReviewNotice(repo, kept);
      // A refusal to edit the reviewed stack, so VS Code asks "edit anyway?" as for any other edit of it.
      if (plan.picks.length === 0 && plan.outdated.size === 0 && notices.length > 0)
        throw new ReviewReadOnlyError(
          `Nothing to restack but ${reviewedStackName(repo, kept)}, which is read-only here. Check it out for review again for its latest version, or restack it anyway.`,
          kept,
          [checkOutAgain(kept[0]), editAnyway(['restack'])],
        );
      if (plan.picks.length === 0 && plan.outdated.size === 0)
        throw new OperationError(
          'nothing-to-do',
          'Nothing to restack: no commit sits on an outdated version of another.',
        );
      return async () => ({
        plan: { seeds: plan.outdated, picks: plan.picks },
        summary: (rewrites) => {
          const moved = rewrites.size - plan.outdated.size;
          return `Restacked ${plural(Math.max(moved, 0), 'commit')} onto the latest versions of ${[...plan.outdated.keys()].map(shortHash).join(', ')}.`;
        },
        notices,
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
    isDraft(state, hash) ||
    (!!state.trunk && (await isAncestor(state.git, { ancestor: hash, descendant: state.trunk.hash })));
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
  const picks = topoOrder(state, [...moving]).map((hash): Pick => ({
    old: hash,
    parent: { rewrittenFrom: state.parents.get(hash)![0] },
  }));
  return { outdated, picks };
}

/** The plan without the commits of the stack under review (`leave`): none of them moves, nor what is above them. */
function withoutReviewed(state: RepoState, plan: RestackPlan, leave: Set<string>): RestackPlan {
  const touches = [...plan.outdated.keys()].some((hash) => leave.has(hash)) || plan.picks.some((p) => leave.has(p.old));
  if (!touches) return plan;
  const outdated = new Map([...plan.outdated].filter(([hash]) => !leave.has(hash)));
  const moving = new Set<string>();
  const queue = [...outdated.keys()];
  while (queue.length > 0)
    for (const child of state.children.get(queue.shift()!) ?? [])
      if (!leave.has(child) && !moving.has(child) && !outdated.has(child)) {
        moving.add(child);
        queue.push(child);
      }
  return { outdated, picks: plan.picks.filter((p) => moving.has(p.old)) };
}
