// Branches checked out in other worktrees, when an operation moves them. Git refuses to move such a
// branch (its worktree's HEAD would name a commit its index and files do not hold); Stackline moves
// the worktree with it when nothing there can be lost, and otherwise leaves the branch where it is,
// keeps its new version in view (so it shows as outdated, for `stackline restack` there) and says so.
import { basename } from 'node:path';
import { shortHash } from '../format';
import type { Fix, Notice } from '../fix';
import { GitError } from '../git/errors';
import { GitRunner } from '../git/runner';
import { worktreeCondition, type OtherWorktree, type WorktreeCondition } from '../git/worktrees';
import { VISIBLE_REF_PREFIX } from '../oplog/snapshot';
import type { HeadState } from '../oplog/snapshot';
import type { RefUpdate } from '../oplog/records';
import type { Transition } from './transition';

export interface FollowContext {
  git: GitRunner;
  /** The other worktrees, read once per operation. */
  worktrees: OtherWorktree[];
  /** Tracked refs before the transition. */
  refs: Record<string, string>;
  /**
   * The new versions of the commits the operation rewrote. A branch left behind that should have
   * moved to one of them sits on an outdated version: its new version is kept in view, and
   * `stackline restack` there finishes the move.
   */
  rewritten: Set<string>;
}

/**
 * Adjusts `transition` for branches checked out elsewhere: their worktrees are added to
 * `transition.worktrees` (checked out along with the refs), or their updates are dropped.
 * Answers what to tell people about each.
 */
export async function followOtherWorktrees(context: FollowContext, transition: Transition): Promise<Notice[]> {
  const holder = new Map(context.worktrees.filter((w) => w.branch).map((w) => [w.branch!, w]));
  const affected = transition.refs.filter((u) => holder.has(u.ref));
  if (affected.length === 0) return [];
  const conditions = new Map<OtherWorktree, Promise<WorktreeCondition>>();
  const conditionOf = (worktree: OtherWorktree) => {
    if (!conditions.has(worktree)) conditions.set(worktree, worktreeCondition(worktree));
    return conditions.get(worktree)!;
  };
  const notices: Notice[] = [];
  const left: RefUpdate[] = [];
  for (const update of affected) {
    const worktree = holder.get(update.ref)!;
    const name = update.ref.replace(/^refs\/heads\//, '');
    if (update.old === undefined || update.new === undefined) {
      // Deleting it would leave that worktree on no commit; creating it would move an unborn branch there.
      left.push(update);
      const what = update.new === undefined ? `Kept branch ${name}` : `Did not create branch ${name}`;
      notices.push({ message: `${what}: it is checked out in ${worktree.path}.`, worktree: worktree.path });
      continue;
    }
    let condition = await conditionOf(worktree);
    if (condition.kind === 'clean') condition = await dryRun(worktree, update.old, update.new);
    if (condition.kind === 'clean') {
      (transition.worktrees ??= []).push({ path: worktree.path, ref: update.ref, from: update.old, to: update.new });
      notices.push({
        message: `The worktree ${worktree.path} moved with ${name} to ${shortHash(update.new)}.`,
        worktree: worktree.path,
      });
    } else {
      left.push(update);
      notices.push(leftBehind(context, worktree, name, update, condition));
    }
  }
  transition.refs = transition.refs.filter((u) => !left.includes(u));
  await keepInView(
    context,
    transition,
    left.flatMap((u) => (u.new !== undefined && context.rewritten.has(u.new) ? [u.new] : [])),
  );
  return notices;
}

/** Whether the checkout would go through there (untracked files in the way are found here). */
async function dryRun(worktree: OtherWorktree, from: string, to: string): Promise<WorktreeCondition> {
  try {
    await new GitRunner(worktree.path).exec(['read-tree', '-n', '-m', '-u', from, to]);
    return { kind: 'clean' };
  } catch (error) {
    if (!(error instanceof GitError) || error.kind === 'locked') throw error;
    return { kind: 'local-changes', files: [...error.detail.matchAll(/'([^']+)'/g)].map((m) => m[1]) };
  }
}

function leftBehind(
  context: FollowContext,
  worktree: OtherWorktree,
  name: string,
  update: RefUpdate,
  condition: Exclude<WorktreeCondition, { kind: 'clean' }>,
): Notice {
  const files = (list: string[]) =>
    list.slice(0, 3).join(', ') + (list.length > 3 ? ` and ${list.length - 3} more` : '');
  const why =
    condition.kind === 'local-changes'
      ? `which has local changes (${files(condition.files)})`
      : condition.kind === 'busy'
        ? `where a ${condition.operation} is in progress`
        : 'whose folder is gone';
  const place = basename(worktree.path);
  let fix: Fix;
  let todo: string;
  if (condition.kind === 'missing') {
    fix = { label: 'Prune worktrees', cli: 'git worktree prune' };
    todo = 'git worktree prune forgets it';
  } else if (context.rewritten.has(update.new!)) {
    fix = { label: `Restack in ${place}`, cli: 'stackline restack', cwd: worktree.path };
    todo = `restack there${condition.kind === 'busy' ? ` once the ${condition.operation} is done` : ''} to move it onto the new commits`;
  } else {
    fix = { label: `Move ${name} in ${place}`, cli: `git reset --keep ${shortHash(update.new!)}`, cwd: worktree.path };
    todo = `reset it there to ${shortHash(update.new!)}, keeping the local changes`;
  }
  return {
    message: `Left ${name} at ${shortHash(update.old!)}: it is checked out in ${worktree.path}, ${why}; ${todo}.`,
    worktree: worktree.path,
    fix,
  };
}

/** Gives each new commit a visible ref when nothing else keeps it in view after the transition. */
async function keepInView(context: FollowContext, transition: Transition, targets: string[]): Promise<void> {
  if (targets.length === 0) return;
  const refs = { ...context.refs };
  for (const update of transition.refs) {
    if (update.new === undefined) delete refs[update.ref];
    else refs[update.ref] = update.new;
  }
  const tips = [...new Set([...Object.values(refs), ...headTip(transition.head)])];
  const input = [...targets, ...tips.map((tip) => `^${tip}`)].join('\n');
  const outside = new Set(
    (await context.git.exec(['rev-list', '--stdin'], { input: `${input}\n` })).stdout.split('\n').filter(Boolean),
  );
  for (const hash of new Set(targets)) {
    const visible = `${VISIBLE_REF_PREFIX}${hash}`;
    if (outside.has(hash) && !(visible in refs)) transition.refs.push({ ref: visible, old: undefined, new: hash });
  }
}

function headTip(head: HeadState): string[] {
  return head.hash ? [head.hash] : [];
}
