// What a rewriting operation asks for (commits already made, commits to replay, refs to drop) and
// how its result moves the refs: branches follow their commits (like `git rebase --update-refs`),
// branchless drafts keep a visible ref under their new hash, HEAD follows its commit.
import type { GitRunner } from '../git/runner';
import type { Pick as Replay, RefUpdate } from '../oplog/records';
import type { RewriteResult } from './rewrite';
import type { RepoState } from './state';
import type { Transition } from './transition';
import { VISIBLE_REF_PREFIX, type HeadState } from '../oplog/snapshot';

export interface RewritePlan {
  /** Commits the operation already made: old → new. */
  seeds: Map<string, string>;
  /** Commits to replay, parents before children. */
  picks: Replay[];
  /** Commits whose branches and visible refs are deleted (landed upstream, hidden). */
  deleteRefsOf?: Set<string>;
  /** Also delete the refs of picks dropped because they became empty (their changes landed). */
  deleteRefsOfDropped?: boolean;
  /** HEAD ends on the new version of this commit (default: where HEAD is). */
  headOn?: string;
  /** Refs to create or delete besides the moves. */
  extraRefs?: RefUpdate[];
  /** The work tree already holds HEAD's new content: set the index to this tree instead of checking out. */
  index?: string;
}

/** Old commit → the commit that replaces it (itself when unchanged). */
export function newVersion(result: RewriteResult, hash: string): string {
  return result.mapping.get(hash) ?? hash;
}

export function planTransition(
  state: Pick<RepoState, 'refs' | 'head'>,
  plan: RewritePlan,
  result: RewriteResult,
): Transition {
  const updates = new Map<string, RefUpdate>();
  const existing = new Set(Object.keys(state.refs));
  for (const [ref, hash] of Object.entries(state.refs)) {
    const target = newVersion(result, hash);
    if (plan.deleteRefsOf?.has(hash) || (plan.deleteRefsOfDropped && result.dropped.has(hash))) {
      updates.set(ref, { ref, old: hash, new: undefined });
    } else if (target !== hash) {
      if (ref.startsWith(VISIBLE_REF_PREFIX)) {
        updates.set(ref, { ref, old: hash, new: undefined });
        const visible = `${VISIBLE_REF_PREFIX}${target}`;
        if (!result.dropped.has(hash) && !existing.has(visible))
          updates.set(visible, { ref: visible, old: undefined, new: target });
      } else {
        updates.set(ref, { ref, old: hash, new: target });
      }
    }
  }
  for (const extra of plan.extraRefs ?? []) updates.set(extra.ref, extra);

  const headOld = plan.headOn ?? state.head.hash;
  const headNew = headOld && newVersion(result, headOld);
  let head: HeadState;
  const branch = state.head.ref;
  const branchUpdate = branch ? updates.get(branch) : undefined;
  if (branch && !(branchUpdate && branchUpdate.new === undefined) && plan.headOn === undefined) {
    head = { ref: branch, hash: branchUpdate?.new ?? state.refs[branch] };
  } else {
    head = { hash: headNew };
  }
  return { refs: [...updates.values()], head, index: plan.index };
}

/**
 * A branch that moves onto a commit kept in view by a visible ref (restack onto the version left for
 * a branch another worktree kept, see worktrees.ts) makes that ref redundant: it goes.
 */
export function dropRedundantVisibleRefs(refs: Record<string, string>, transition: Transition): void {
  const updated = new Set(transition.refs.map((u) => u.ref));
  for (const update of [...transition.refs]) {
    const visible =
      update.new !== undefined && update.ref.startsWith('refs/heads/')
        ? `${VISIBLE_REF_PREFIX}${update.new}`
        : undefined;
    if (visible && refs[visible] === update.new && !updated.has(visible)) {
      transition.refs.push({ ref: visible, old: update.new, new: undefined });
      updated.add(visible);
    }
  }
}

/**
 * Drafts that stay as they are but were only in view through commits that moved away (the commit
 * a moved stack sat on, with no branch of its own) get a visible ref, so nothing drops out of sight.
 */
export async function keepLeftoversVisible(
  git: GitRunner,
  state: RepoState,
  result: RewriteResult,
  transition: Transition,
): Promise<void> {
  const rewritten = (hash: string) => newVersion(result, hash) !== hash;
  const candidates = new Set<string>();
  for (const old of result.mapping.keys()) {
    if (!rewritten(old)) continue;
    for (const parent of state.parents.get(old) ?? [])
      if (state.parents.has(parent) && !rewritten(parent)) candidates.add(parent);
  }
  if (candidates.size === 0) return;
  const refs = { ...state.refs };
  for (const update of transition.refs) {
    if (update.new === undefined) delete refs[update.ref];
    else refs[update.ref] = update.new;
  }
  const tips = [...new Set([...Object.values(refs), ...(transition.head.hash ? [transition.head.hash] : [])])];
  const reachable = new Set(
    (await git.run(['rev-list', ...tips, ...(state.trunk ? ['--not', state.trunk.hash] : []), '--']))
      .split('\n')
      .filter(Boolean),
  );
  const left = [...candidates].filter((hash) => !reachable.has(hash));
  // Only the tops of what is left need a ref: the rest is reachable from them.
  for (const hash of left) {
    if (left.some((other) => other !== hash && isAncestorInDrafts(state, hash, other))) continue;
    const ref = `${VISIBLE_REF_PREFIX}${hash}`;
    // Already given one (the version left for a branch another worktree keeps, see worktrees.ts).
    if (transition.refs.some((u) => u.ref === ref)) continue;
    transition.refs.push({ ref, old: undefined, new: hash });
  }
}

function isAncestorInDrafts(state: RepoState, ancestor: string, of: string): boolean {
  const queue = [of];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const current = queue.pop()!;
    if (current === ancestor) return true;
    if (seen.has(current)) continue;
    seen.add(current);
    queue.push(...(state.parents.get(current) ?? []));
  }
  return false;
}
