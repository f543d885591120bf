// reorder: swaps a commit with the one below it (down) or above it (up) in a linear part of a
// stack; everything above the pair is replayed on top. Branches stay on their commits.
import { shortHash } from '../format';
import type { Operation } from './context';
import { OperationError } from './errors';
import { draftChildren, requireHead, resolveDraft, restackPicks } from './common';
import type { Pick } from '../oplog/records';
import { isDraft, type RepoState } from './state';

export type Direction = 'up' | 'down';

export function reorderOperation(rev: string | undefined, direction: Direction): Operation<{ moved: string }> {
  return {
    op: 'reorder',
    args: { rev, direction },
    command: `reorder ${rev ?? 'HEAD'} ${direction}`,
    async prepare({ state }) {
      const hash = await resolveDraft(state, rev ?? requireHead(state));
      // Moving a commit up is moving the one above it down.
      let lower: string;
      if (direction === 'down') {
        lower = hash;
      } else {
        const above = draftChildren(state, hash);
        if (above.length !== 1)
          throw new OperationError(
            'refused',
            above.length === 0
              ? `${shortHash(hash)} is already at the top of its stack.`
              : `${shortHash(hash)} has ${above.length} commits on top of it; reorder works where the stack is a single line.`,
          );
        lower = above[0];
      }
      return async () => ({
        plan: { seeds: new Map(), picks: swapPicks(state, lower) },
        summary: () => `Moved ${shortHash(hash)} ${direction} one place in its stack.`,
        result: { moved: hash },
      });
    },
  };
}

/** Puts `commit` below its parent: grandparent → commit → parent → commit's old children. */
function swapPicks(state: RepoState, commit: string): Pick[] {
  const parents = state.parents.get(commit)!;
  if (parents.length !== 1)
    throw new OperationError(
      'refused',
      `${shortHash(commit)} is a merge commit; reorder works on commits with one parent.`,
    );
  const parent = parents[0];
  if (!isDraft(state, parent))
    throw new OperationError(
      'refused',
      `${shortHash(commit)} is already at the bottom of its stack (below it is trunk).`,
    );
  const grandparents = state.parents.get(parent)!;
  if (grandparents.length !== 1)
    throw new OperationError(
      'refused',
      `${shortHash(parent)} is a merge commit; reorder works on commits with one parent.`,
    );
  const siblings = draftChildren(state, parent).filter((c) => c !== commit);
  if (siblings.length > 0)
    throw new OperationError(
      'refused',
      `${shortHash(parent)} has other commits on top of it besides ${shortHash(commit)}; reorder works where the stack is a single line.`,
    );
  const above = draftChildren(state, commit);
  return [
    { old: commit, parent: { commit: grandparents[0] } },
    { old: parent, parent: { rewrittenFrom: commit } },
    ...above.map((child): Pick => ({ old: child, parent: { rewrittenFrom: parent } })),
    ...restackPicks(state, above),
  ];
}
