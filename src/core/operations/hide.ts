// hide: a commit and everything above it leave the smartlog (their branches and visible refs are
// deleted); HEAD, if it was among them, goes to the first commit below. The commits stay in the
// repository, kept alive by the oplog: unhide (or undo) brings them back.
import { basename } from 'node:path';
import type { Fix } from '../fix';
import { VISIBLE_REF_PREFIX } from '../oplog/snapshot';
import { plural, shortHash } from '../format';
import type { Operation } from './context';
import { OperationError } from './errors';
import { resolveDraft } from './common';
import { oplogOf } from '../oplog/files';
import { descendants, isDraft, requireCommit, type RepoState } from './state';
import { undoStacks, type OplogEntry } from '../oplog/store';
import type { RefUpdate } from '../oplog/records';
import { isAncestor } from '../git/isAncestor';

export function hideOperation(revs: string[]): Operation<{ hidden: string[]; deleted: string[] }> {
  return {
    op: 'hide',
    args: { revs },
    command: `hide ${revs.join(' ')}`,
    async prepare({ state }) {
      if (revs.length === 0) throw new OperationError('bad-input', 'Name the commit(s) to hide.');
      const roots = await Promise.all(revs.map((rev) => resolveDraft(state, rev)));
      const hidden = new Set([...roots, ...descendants(state, roots)]);
      const refs: RefUpdate[] = Object.entries(state.refs)
        .filter(([, hash]) => hidden.has(hash))
        .map(([ref, hash]) => ({ ref, old: hash, new: undefined }));
      let head = state.head;
      if (head.hash && hidden.has(head.hash)) {
        let below = head.hash;
        while (hidden.has(below)) below = state.parents.get(below)![0];
        const keepsBranch = head.ref && !refs.some((u) => u.ref === head.ref);
        head = keepsBranch ? head : { hash: below };
      }
      // A branchless draft below the hidden commits would vanish with them: keep it in view.
      for (const root of roots) {
        const parent = state.parents.get(root)?.[0];
        if (
          parent &&
          isDraft(state, parent) &&
          !hidden.has(parent) &&
          !stillVisible(state, parent, hidden, refs, head.hash)
        ) {
          refs.push({ ref: `${VISIBLE_REF_PREFIX}${parent}`, old: undefined, new: parent });
        }
      }
      const deleted = refs
        .filter((u) => u.new === undefined && u.ref.startsWith('refs/heads/'))
        .map((u) => u.ref.slice('refs/heads/'.length));
      refuseCheckedOutElsewhere(state, deleted);
      return async () => ({
        transition: { refs: dedupe(refs), head },
        summary: () =>
          `Hid ${plural(hidden.size, 'commit')}${deleted.length ? ` and deleted branch${deleted.length > 1 ? 'es' : ''} ${deleted.join(', ')}` : ''} (unhide ${shortHash(roots[0])} brings ${hidden.size > 1 ? 'them' : 'it'} back).`,
        result: { hidden: [...hidden], deleted },
      });
    },
  };
}

export function unhideOperation(rev: string): Operation<{ restored: string[] }> {
  return {
    op: 'unhide',
    args: { rev },
    command: `unhide ${rev}`,
    async prepare({ state, repo, git }) {
      const hash = await requireCommit(git, rev);
      if (isDraft(state, hash)) throw new OperationError('nothing-to-do', `${shortHash(hash)} is not hidden.`);
      if (state.trunk && (await isAncestor(git, { ancestor: hash, descendant: state.trunk.hash }))) {
        throw new OperationError('nothing-to-do', `${shortHash(hash)} is on trunk, so it is always shown.`);
      }
      // The refs the last hide of this commit (or of a commit below it) deleted, where still free.
      const refs: RefUpdate[] = [];
      for (const entry of undoStacks(oplogOf(repo).entries()).done.reverse()) {
        if (entry.op !== 'hide' || !entry.after) continue;
        const deleted = Object.entries(entry.before.refs).filter(([ref]) => !(ref in entry.after!.refs));
        for (const [ref, target] of deleted) {
          if (ref in state.refs) continue;
          if (target === hash || (await isAncestor(git, { ancestor: hash, descendant: target })))
            refs.push({ ref, old: undefined, new: target });
        }
        if (refs.length > 0) break;
      }
      if (refs.length === 0) refs.push({ ref: `${VISIBLE_REF_PREFIX}${hash}`, old: undefined, new: hash });
      const restored = refs.map((u) => u.ref.replace(/^refs\/heads\//, '').replace(VISIBLE_REF_PREFIX, 'draft '));
      return async () => ({
        transition: { refs, head: state.head },
        summary: () => `Unhid ${shortHash(hash)} (${restored.join(', ')}).`,
        result: { restored },
      });
    },
  };
}

/** The revisions a hide entry was given (as typed: hashes or branch names); none for other entries. */
export function revsHiddenBy(entry: OplogEntry): string[] {
  if (entry.op !== 'hide' || !('revs' in entry.args) || !Array.isArray(entry.args.revs)) return [];
  return entry.args.revs.filter((rev): rev is string => typeof rev === 'string');
}

/** Git keeps a branch another worktree has checked out; hiding would have to delete it. */
function refuseCheckedOutElsewhere(state: RepoState, branches: string[]): void {
  for (const branch of branches) {
    const holder = state.worktrees.find((w) => w.branch === `refs/heads/${branch}`);
    if (!holder) continue;
    const fix: Fix = { label: `Detach in ${basename(holder.path)}`, cli: 'git switch --detach', cwd: holder.path };
    throw new OperationError(
      'refused',
      `Branch ${branch} is checked out in the worktree ${holder.path}, so it can't be deleted. Detach HEAD in that worktree first, then hide. Nothing was changed.`,
      '',
      [fix],
    );
  }
}

/** Whether `hash` is still reachable from a ref that survives, or from HEAD. */
function stillVisible(
  state: RepoState,
  hash: string,
  hidden: Set<string>,
  removed: RefUpdate[],
  head: string | undefined,
): boolean {
  const gone = new Set(removed.map((u) => u.ref));
  const tips = [
    ...Object.entries(state.refs)
      .filter(([ref]) => !gone.has(ref))
      .map(([, h]) => h),
    ...(head ? [head] : []),
  ];
  const seen = new Set<string>();
  const queue = tips.filter((tip) => !hidden.has(tip));
  while (queue.length > 0) {
    const current = queue.pop()!;
    if (current === hash) return true;
    if (seen.has(current)) continue;
    seen.add(current);
    for (const parent of state.parents.get(current) ?? []) queue.push(parent);
  }
  return false;
}

function dedupe(updates: RefUpdate[]): RefUpdate[] {
  return [...new Map(updates.map((u) => [u.ref, u])).values()];
}
