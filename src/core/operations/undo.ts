// undo and redo: move the repository back to the state before an operation (or forward to the
// state after it). Refs the operation changed must still be as it left them (or undo would throw
// away later work); HEAD goes back too, carrying local edits the way git checkout does. Undo and
// redo are operations themselves, recorded in the log, so they can be undone and interrupted safely.
import { shortenHashes, shortHash } from '../format';
import { oplogOf } from '../oplog/files';
import type { RefUpdate } from '../oplog/records';
import { changedRefs, sameHead, type HeadState, type RepoSnapshot } from '../oplog/snapshot';
import { undoStacks, type OplogEntry } from '../oplog/store';
import type { Operation } from './context';
import { OperationError } from './errors';
import type { RepoState } from './state';
import type { Transition } from './transition';

export interface UndoResult {
  /** The entry undone or redone: its id, operation name and display text. */
  target: number;
  op: string;
  command: string;
}

export function undoOperation(): Operation<UndoResult> {
  return travel('undo');
}

export function redoOperation(): Operation<UndoResult> {
  return travel('redo');
}

function travel(direction: 'undo' | 'redo'): Operation<UndoResult> {
  const operation: Operation<UndoResult> = {
    op: direction,
    args: {},
    command: direction,
    kind: direction,
    needsDrafts: false,
    async prepare({ state, repo }) {
      const stacks = undoStacks(oplogOf(repo).entries());
      const target = direction === 'undo' ? stacks.done.at(-1) : stacks.undone.at(-1);
      if (!target)
        throw new OperationError(
          'nothing-to-do',
          direction === 'undo' ? 'There is nothing to undo.' : 'There is nothing to redo.',
        );
      if (target.worktree !== repo.gitDir) {
        throw new OperationError(
          'refused',
          `'${target.command}' was made in another worktree (${target.worktree}); ${direction} it there.`,
        );
      }
      const [from, to] = direction === 'undo' ? [target.after!, target.before] : [target.before, target.after!];
      operation.target = target.id;
      operation.touchesIndex = to.index !== undefined;
      const transition = await travelTransition(state, target, from, to, direction);
      return async () => ({
        transition,
        summary: () =>
          `${direction === 'undo' ? 'Undid' : 'Redid'} '${shortenHashes(target.command)}' (oplog #${target.id})${describeHead(transition.head)}.`,
        result: { target: target.id, op: target.op, command: target.command },
      });
    },
  };
  return operation;
}

async function travelTransition(
  state: RepoState,
  target: OplogEntry,
  from: RepoSnapshot,
  to: RepoSnapshot,
  direction: string,
): Promise<Transition> {
  const refs: RefUpdate[] = [];
  for (const [ref, [was, now]] of changedRefs(from.refs, to.refs)) {
    // Already there: a branch checked out in another worktree was left where it was, and has been moved since.
    if (state.refs[ref] === now) continue;
    if (state.refs[ref] !== was) {
      const name = ref.replace(/^refs\/heads\//, 'branch ');
      const current = state.refs[ref] ? `it is now at ${shortHash(state.refs[ref])}` : 'it was deleted';
      throw new OperationError(
        'refused',
        `${name} changed after '${target.command}' (${current}); ${direction} would throw that away. Put it back first, or leave it.`,
      );
    }
    refs.push({ ref, old: was, new: now });
  }
  const headUnmoved = sameHead(state.head, from.head);
  let head: HeadState;
  if (headUnmoved) head = to.head;
  else if (state.head.ref)
    head = { ref: state.head.ref, hash: refs.find((u) => u.ref === state.head.ref)?.new ?? state.head.hash };
  else head = state.head;
  if (from.index !== undefined && to.index !== undefined && headUnmoved) {
    if ((await state.indexTree()) !== from.index) {
      throw new OperationError(
        'refused',
        `The staged changes differ from what '${target.command}' left. Commit them, or unstage them (git restore --staged .), then ${direction} again.`,
      );
    }
    return { refs, head, index: to.index };
  }
  return { refs, head };
}

function describeHead(head: HeadState): string {
  if (head.ref) return `; on ${head.ref.replace(/^refs\/heads\//, '')}`;
  return head.hash ? `; HEAD at ${shortHash(head.hash)}` : '';
}
