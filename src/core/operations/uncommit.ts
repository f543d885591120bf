// uncommit: removes the current commit and keeps its changes in the working copy (staged), like
// `git reset --soft HEAD^`; its branches move to the parent. unamend: goes back to the version of
// the current commit before its last amend, with the amended changes kept in the working copy.
import { VISIBLE_REF_PREFIX } from '../oplog/snapshot';
import { shortHash } from '../format';
import type { Operation } from './context';
import { OperationError, UNDO } from './errors';
import { draftChildren, requireHead, resolveDraft } from './common';
import { predecessorOf } from '../oplog/successors';
import { refsAt, type RepoState } from './state';
import type { Transition } from './transition';

export function uncommitOperation(): Operation<{ removed: string; head: string }> {
  return {
    op: 'uncommit',
    args: {},
    command: 'uncommit',
    touchesIndex: true,
    async prepare({ state, store }) {
      const hash = await resolveDraft(state, requireHead(state));
      refuseWithChildren(state, hash, 'uncommit');
      const commit = await store.commit(hash);
      if (commit.parents.length !== 1)
        throw new OperationError(
          'refused',
          `${shortHash(hash)} is a ${commit.parents.length === 0 ? 'root' : 'merge'} commit; uncommit needs a commit with one parent.`,
        );
      const parent = commit.parents[0];
      return async () => ({
        transition: moveHeadSoftly(state, hash, parent, await state.indexTree()),
        summary: () =>
          `Uncommitted ${shortHash(hash)}: its changes are in the working copy (staged); now at ${shortHash(parent)}.`,
        result: { removed: hash, head: parent },
      });
    },
  };
}

export function unamendOperation(): Operation<{ from: string; to: string }> {
  return {
    op: 'unamend',
    args: {},
    command: 'unamend',
    touchesIndex: true,
    async prepare({ state, repo }) {
      const hash = await resolveDraft(state, requireHead(state));
      refuseWithChildren(state, hash, 'unamend');
      const previous = predecessorOf(repo, hash, 'amend');
      if (!previous)
        throw new OperationError(
          'nothing-to-do',
          `${shortHash(hash)} has no earlier version from an amend to go back to.`,
        );
      return async () => ({
        transition: moveHeadSoftly(state, hash, previous, await state.indexTree()),
        summary: () =>
          `Unamended ${shortHash(hash)}: back to ${shortHash(previous)}, with the amended changes in the working copy (staged).`,
        result: { from: hash, to: previous },
      });
    },
  };
}

function refuseWithChildren(state: RepoState, hash: string, verb: string): void {
  const children = draftChildren(state, hash);
  if (children.length > 0) {
    throw new OperationError(
      'refused',
      `${shortHash(hash)} has ${children.length === 1 ? 'a commit' : `${children.length} commits`} on top of it; ${verb} works on the top of a stack. Move or fold those first, or undo what put them there.`,
      '',
      [UNDO],
    );
  }
}

/** HEAD (and the branches on `from`) move to `to`; index and work tree stay as they are. */
function moveHeadSoftly(state: RepoState, from: string, to: string, index: string): Transition {
  const refs = refsAt(state, from).map((ref) =>
    ref.startsWith(VISIBLE_REF_PREFIX) ? { ref, old: from, new: undefined } : { ref, old: from, new: to },
  );
  return { refs, head: state.head.ref ? { ref: state.head.ref, hash: to } : { hash: to }, index };
}
