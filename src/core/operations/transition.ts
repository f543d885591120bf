// Moves the repository from one state to another: the work tree first (a two-way checkout that
// carries local edits, or refuses before anything changed), then the other worktrees whose branch
// moves (see worktrees.ts), then all refs in one transaction, then HEAD. Used by every operation,
// by undo and redo, and by rollback.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { shortHash } from '../format';
import { GitError } from '../git/errors';
import { GitRunner } from '../git/runner';
import type { RefUpdate } from '../oplog/records';
import type { HeadState } from '../oplog/snapshot';
import type { CheckoutRecord, WorktreeCheckoutRecord } from '../oplog/store';
import { OperationError } from './errors';
import { writeTree } from '../git/writeTree';
import { updateRefs } from '../git/updateRefs';
import { detachHead } from '../git/detachHead';

export interface Transition {
  refs: RefUpdate[];
  /** Where HEAD ends up. */
  head: HeadState;
  /**
   * Set the index to this tree and leave the work tree alone (commit-like operations, whose new
   * HEAD already holds the work tree's content). Without it, a HEAD whose tree changes is checked out.
   */
  index?: string;
  /** Other worktrees checked out along with their branch (each was clean: nothing there is lost). */
  worktrees?: WorktreeCheckout[];
}

export interface WorktreeCheckout {
  path: string;
  ref: string;
  from: string;
  to: string;
}

export interface TransitionHooks {
  /** Called with what a checkout is about to do, before it starts (for the write-ahead log). */
  beforeCheckout(record: CheckoutRecord): void;
  /** The same for a checkout in another worktree. */
  beforeWorktreeCheckout(record: WorktreeCheckoutRecord): void;
  /** Reflog message, e.g. "stackline: amend". */
  reason: string;
}

export async function applyTransition(
  git: GitRunner,
  root: string,
  current: HeadState,
  t: Transition,
  hooks: TransitionHooks,
): Promise<void> {
  const target = t.head.hash;
  if (t.index === undefined && current.hash && target && current.hash !== target) {
    await checkout(git, root, current.hash, target, hooks);
  }
  for (const worktree of t.worktrees ?? []) await checkoutElsewhere(worktree, hooks);
  const detachFirst =
    current.ref !== undefined && t.head.ref === undefined && t.refs.some((u) => u.ref === current.ref);
  if (detachFirst && current.hash) {
    // git refuses to detach HEAD and change its branch in one transaction.
    await detachHead(git, { at: target ?? current.hash, expected: current.hash, reason: hooks.reason });
  }
  const lines = t.refs.map(updateLine);
  if (t.head.ref === undefined && target && !detachFirst && (current.ref !== undefined || current.hash !== target)) {
    lines.push('option no-deref', `update HEAD ${target} ${current.hash ?? ''}`.trimEnd());
  }
  if (lines.length > 0) {
    try {
      await updateRefs(git, { commands: lines, reason: hooks.reason });
    } catch (error) {
      throw explainRefFailure(error);
    }
  }
  if (t.head.ref !== undefined && t.head.ref !== current.ref)
    await git.run(['symbolic-ref', '-m', hooks.reason, 'HEAD', t.head.ref]);
  if (t.index !== undefined) await setIndex(git, t.index);
}

/** Sets the index to a tree without touching the work tree, then refreshes its file stats. */
export async function setIndex(git: GitRunner, tree: string): Promise<void> {
  await git.run(['read-tree', tree]);
  // read-tree drops the stats: without a refresh every file looks modified (and git stash create fails).
  await git.exec(['update-index', '-q', '--refresh'], { okCodes: [0, 1] });
}

function updateLine(u: RefUpdate): string {
  if (u.new === undefined) return `delete ${u.ref} ${u.old ?? ''}`.trimEnd();
  if (u.old === undefined) return `create ${u.ref} ${u.new}`;
  return `update ${u.ref} ${u.new} ${u.old}`;
}

/**
 * What a checkout from one commit to another needs written ahead, so that an interrupted one can
 * be put back: the index and the work tree as trees, and the files it would add. Undefined when
 * the two commits have the same tree (the checkout changes no file).
 */
export async function checkoutRecord(
  git: GitRunner,
  root: string,
  from: string,
  to: string,
): Promise<CheckoutRecord | undefined> {
  const [fromTree, toTree] = (await git.run(['rev-parse', `${from}^{tree}`, `${to}^{tree}`])).trim().split('\n');
  if (fromTree === toTree) return undefined;
  await git.exec(['update-index', '-q', '--refresh'], { okCodes: [0, 1] });
  const [[index, stash], addedOut] = await Promise.all([
    // write-tree and stash create one after the other: both take the index lock.
    (async () => [await writeTree(git), (await git.run(['stash', 'create'])).trim()])(),
    git.run(['diff-tree', '-r', '-z', '--name-only', '--no-renames', '--diff-filter=A', from, to]),
  ]);
  const worktree = stash ? (await git.run(['rev-parse', `${stash}^{tree}`])).trim() : index;
  const added = addedOut.split('\0').filter((path) => path !== '' && !existsSync(join(root, path)));
  return { from, to, index, worktree, added };
}

/** A two-way checkout (what `git checkout` does): local edits to files that do not change come along. */
async function checkout(git: GitRunner, root: string, from: string, to: string, hooks: TransitionHooks): Promise<void> {
  const record = await checkoutRecord(git, root, from, to);
  if (!record) return;
  hooks.beforeCheckout(record);
  try {
    await git.run(['read-tree', '-m', '-u', from, to]);
  } catch (error) {
    throw explainCheckoutFailure(error, to);
  }
}

/** Another worktree follows its branch: the same two-way checkout, run there, written ahead the same way. */
async function checkoutElsewhere(worktree: WorktreeCheckout, hooks: TransitionHooks): Promise<void> {
  const git = new GitRunner(worktree.path);
  const record = await checkoutRecord(git, worktree.path, worktree.from, worktree.to);
  if (!record) return;
  hooks.beforeWorktreeCheckout({ path: worktree.path, ...record });
  try {
    await git.run(['read-tree', '-m', '-u', worktree.from, worktree.to]);
  } catch (error) {
    const explained = explainCheckoutFailure(error, worktree.to);
    if (explained instanceof OperationError)
      throw new OperationError(
        explained.kind,
        `In the worktree ${worktree.path}: ${explained.message}`,
        explained.detail,
      );
    throw explained;
  }
}

function explainCheckoutFailure(error: unknown, to: string): unknown {
  if (!(error instanceof GitError)) return error;
  const files = [...error.detail.matchAll(/'([^']+)'/g)].map((m) => m[1]);
  const list = files.slice(0, 5).join(', ') + (files.length > 5 ? `, and ${files.length - 5} more` : '');
  if (/not uptodate|would be overwritten|would be lost/.test(error.detail)) {
    const untracked = /Untracked/.test(error.detail);
    return new OperationError(
      'refused',
      `This would overwrite ${untracked ? 'untracked files' : 'local edits'} in ${list || 'the work tree'} (checking out ${shortHash(to)}). ${untracked ? 'Move or delete them' : 'Commit or stash them (git stash)'}, then try again.`,
      error.detail,
    );
  }
  return error;
}

function explainRefFailure(error: unknown): unknown {
  if (!(error instanceof GitError) || error.kind === 'locked') return error;
  const match = /cannot lock ref '([^']+)'/.exec(error.detail);
  if (match) {
    return new OperationError(
      'refused',
      `${match[1]} changed while Stackline was working (another git command?). Try again.`,
      error.detail,
    );
  }
  return error;
}
