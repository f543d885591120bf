// When an in-memory rewrite conflicts, the same rewrite runs in the work tree as a `git rebase -i`
// with a todo list written by Stackline, so it stops in git's own conflict state: git status, VS
// Code's merge editor and `git rebase --continue` all work. Each replayed commit's new version is
// recorded under refs/stackline/rewrite/<entry>/; `stackline continue` (or git's own continue,
// noticed later) moves the branches; `stackline abort` puts everything back as before.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { plural, shortHash } from '../format';
import { inProgressOperation } from '../git/repository';
import { readAllRefs, readHead } from '../oplog/snapshot';
import type { OplogEntry, OplogStore, StopRecord } from '../oplog/store';
import { ABORT, CONTINUE, OperationError, UNDO } from './errors';
import { ObjectStore, titleOf } from './objects';
import { dropRedundantVisibleRefs, planTransition, type RewritePlan } from './plan';
import { restoreExactly } from './recover';
import type { NewParent } from '../oplog/records';
import type { RewriteConflict, RewriteResult } from './rewrite';
import type { OperationContext } from './context';
import { finishEntry, withRepoLock } from './entry';
import { oplogOf, stacklineDir } from '../oplog/files';
import { rewriteRefPrefix, type RepoSession } from './session';
import { applyTransition } from './transition';
import { followOtherWorktrees } from './worktrees';
import { otherWorktrees, samePath } from '../git/worktrees';
import type { Notice } from '../fix';
import { shellQuote } from '../fix';
import { unmergedPaths } from '../git/unmergedPaths';

export interface SequencerOutcome {
  summary: string;
  rewrites: Map<string, string>;
  notices: Notice[];
}

export async function startSequencer(
  context: OperationContext,
  log: OplogStore,
  plan: RewritePlan,
  conflict: RewriteConflict,
): Promise<SequencerOutcome> {
  const { git, repo, state, entryId } = context;
  const stop: StopRecord = {
    seeds: [...plan.seeds],
    picks: plan.picks,
    deleteRefsOf: [...(plan.deleteRefsOf ?? [])],
    deleteRefsOfDropped: plan.deleteRefsOfDropped,
    headOn: plan.headOn,
    extraRefs: plan.extraRefs ?? [],
    index: await state.indexTree(),
    conflicts: conflict.files,
    stoppedAt: conflict.at,
  };
  const todo = join(stacklineDir(repo), `todo-${entryId}`);
  writeFileSync(todo, `${todoLines(stop, entryId, plan.headOn ?? state.head.hash).join('\n')}\n`);
  // Stop record first: if anything below is interrupted, abort knows a rebase may be under way.
  log.append({ type: 'stop', id: entryId, ...stop });
  try {
    if (state.head.ref) await git.run(['checkout', '--quiet', '--detach']);
    await git.exec(
      [
        'rebase',
        '--interactive',
        '--autostash',
        `--empty=${plan.picks.some((p) => p.dropIfEmpty) ? 'drop' : 'keep'}`,
        '--no-autosquash',
        'HEAD',
      ],
      {
        env: { GIT_SEQUENCE_EDITOR: `cp ${shellQuote(todo)}`, GIT_EDITOR: 'true' },
        okCodes: [0, 1],
      },
    );
  } finally {
    rmSync(todo, { force: true });
  }
  return afterRebaseStep(context, log, entry(log, entryId));
}

/** `stackline continue`: goes on with a stopped operation once its conflicts are resolved. */
export async function continueStopped(
  session: RepoSession,
): Promise<SequencerOutcome & { op: string; command: string }> {
  return withRepoLock(session, 'continue', async () => {
    const log = oplogOf(session.repo);
    const settled = await settleStoppedEntry(session, log);
    if (settled) return settled;
    const stopped = log.unfinished();
    if (stopped?.status !== 'stopped')
      throw new OperationError(
        'nothing-to-do',
        'No Stackline operation is stopped on conflicts, so there is nothing to continue.',
      );
    const unresolved = await unmergedPaths(session.git);
    if (unresolved.length > 0) {
      throw new OperationError(
        'conflict',
        `Still unresolved: ${unresolved.join(', ')}. Resolve the conflicts and stage the files, then continue.`,
        '',
        [CONTINUE, ABORT],
      );
    }
    await session.git.exec(['rebase', '--continue'], { env: { GIT_EDITOR: 'true' }, okCodes: [0, 1] });
    const store = new ObjectStore(session.git, session.repo, stopped.before.head.hash ?? '0'.repeat(40));
    const outcome = await afterRebaseStep({ ...session, store, entryId: stopped.id }, log, entry(log, stopped.id));
    return { ...outcome, op: stopped.op, command: stopped.command };
  });
}

/**
 * `stackline abort`: an operation stopped on conflicts, or interrupted (a killed process), goes back
 * exactly to the state before it. Answers the aborted operation (its name and display text).
 */
export async function abortUnfinished(session: RepoSession): Promise<{ op: string; command: string; notes: string[] }> {
  return withRepoLock(session, 'abort', async () => {
    const log = oplogOf(session.repo);
    const open = log.unfinished();
    if (!open)
      throw new OperationError(
        'nothing-to-do',
        'No Stackline operation is stopped or interrupted, so there is nothing to abort. To take back a finished one, undo it.',
        '',
        [UNDO],
      );
    if (open.worktree !== session.repo.gitDir) {
      const there = (await otherWorktrees(session.git, session.repo)).find((w) => samePath(w.gitDir, open.worktree));
      throw new OperationError(
        'refused',
        `'${open.command}' was started in another worktree (${there?.path ?? open.worktree}); abort it there.`,
        '',
        there ? [{ label: `Abort in ${basename(there.path)}`, cli: 'stackline abort', cwd: there.path }] : [],
      );
    }
    const notes = await restoreExactly(session, open);
    log.append({
      type: 'end',
      id: open.id,
      time: Date.now(),
      status: 'aborted',
      summary: `aborted; back to before '${open.command}'`,
    });
    return { op: open.op, command: open.command, notes };
  });
}

/** Settles a stopped operation that git continued or aborted on its own (see settleStoppedEntry). */
export async function settleUnfinished(session: RepoSession): Promise<void> {
  const log = oplogOf(session.repo);
  if (log.unfinished()?.status !== 'stopped') return;
  await withRepoLock(session, 'settle', () => settleStoppedEntry(session, log));
}

/**
 * A stopped operation whose rebase is no longer in progress was continued or aborted with git itself:
 * finish it (branches move) or put everything back. Answers the outcome when it finished one.
 */
export async function settleStoppedEntry(
  session: RepoSession,
  log: OplogStore,
): Promise<(SequencerOutcome & { op: string; command: string }) | undefined> {
  const stopped = log.unfinished();
  if (!stopped || stopped.status !== 'stopped' || inProgressOperation(session.repo.gitDir) === 'rebase')
    return undefined;
  const refs = await readAllRefs(session.git);
  if (![...refs.keys()].some((name) => name.startsWith(rewriteRefPrefix(stopped.id)))) {
    await restoreExactly(session, stopped);
    log.append({
      type: 'end',
      id: stopped.id,
      time: Date.now(),
      status: 'aborted',
      summary: 'the rebase was aborted with git',
    });
    return undefined;
  }
  const store = new ObjectStore(session.git, session.repo, stopped.before.head.hash ?? '0'.repeat(40));
  const outcome = await finishRewrite({ ...session, store, entryId: stopped.id }, log, stopped);
  return { ...outcome, op: stopped.op, command: stopped.command };
}

async function afterRebaseStep(
  context: Omit<OperationContext, 'state'>,
  log: OplogStore,
  stopped: OplogEntry,
): Promise<SequencerOutcome> {
  const { git, repo } = context;
  if (inProgressOperation(repo.gitDir) !== 'rebase') return finishRewrite(context, log, stopped);
  const conflicts = await unmergedPaths(git);
  const stoppedSha = join(repo.gitDir, 'rebase-merge', 'stopped-sha');
  const at = existsSync(stoppedSha) ? readFileSync(stoppedSha, 'utf8').trim() : undefined;
  log.append({ type: 'stop', id: stopped.id, ...stopped.stop!, conflicts, stoppedAt: at });
  const title = at ? ` "${titleOf(await context.store.commit(at))}"` : '';
  throw new OperationError(
    'conflict',
    `'${stopped.command}' stopped: replaying ${at ? shortHash(at) : 'a commit'}${title} conflicts in ${conflicts.join(', ') || 'some files'}. ` +
      'Resolve the conflicts and stage the files, then continue; abort goes back to exactly where you were before.',
    '',
    [CONTINUE, ABORT],
  );
}

/** The rebase is done: move branches and visible refs to the new commits, put HEAD back on its branch. */
async function finishRewrite(
  context: Omit<OperationContext, 'state'>,
  log: OplogStore,
  stopped: OplogEntry,
): Promise<SequencerOutcome> {
  const { git, repo, store } = context;
  const stop = stopped.stop!;
  const prefix = rewriteRefPrefix(stopped.id);
  const all = await readAllRefs(git);
  const seeds = new Map(stop.seeds);
  const mapping = new Map(seeds);
  for (const [name, hash] of all) if (name.startsWith(prefix)) mapping.set(name.slice(prefix.length), hash);
  const parentNow = (parent: NewParent) =>
    'commit' in parent ? parent.commit : (mapping.get(parent.rewrittenFrom) ?? parent.rewrittenFrom);
  const result: RewriteResult = {
    mapping,
    dropped: new Set(stop.picks.filter((p) => mapping.get(p.old) === parentNow(p.parent)).map((p) => p.old)),
  };
  const plan: RewritePlan = {
    seeds,
    picks: stop.picks,
    deleteRefsOf: new Set(stop.deleteRefsOf),
    deleteRefsOfDropped: stop.deleteRefsOfDropped,
    headOn: stop.headOn,
    extraRefs: stop.extraRefs,
  };
  const transition = planTransition(stopped.before, plan, result);
  const rewritten = new Set(
    [...mapping].flatMap(([old, now]) => (old !== now && !result.dropped.has(old) ? [now] : [])),
  );
  const notices = await followOtherWorktrees(
    { git, worktrees: await otherWorktrees(git, repo), refs: stopped.before.refs, rewritten },
    transition,
  );
  dropRedundantVisibleRefs(stopped.before.refs, transition);
  for (const [name, hash] of all)
    if (name.startsWith(prefix)) transition.refs.push({ ref: name, old: hash, new: undefined });
  const current = await readHead(git, repo.gitDir, all);
  await applyTransition(git, repo.root, current, transition, {
    reason: `stackline: ${stopped.command}`,
    beforeCheckout: (record) => log.append({ type: 'checkout', id: stopped.id, ...record }),
    beforeWorktreeCheckout: (record) => log.append({ type: 'worktree-checkout', id: stopped.id, ...record }),
  });
  const rewrites = new Map([...mapping].filter(([old, now]) => old !== now));
  const summary = [
    `${stopped.command}: finished after resolving conflicts; ${plural(rewrites.size, 'commit')} rewritten.`,
    ...notices.map((n) => n.message),
  ].join(' ');
  await finishEntry(
    context,
    log,
    stopped,
    store,
    all.get('refs/stackline/oplog'),
    stopped.before.index !== undefined,
    'done',
    summary,
    rewrites,
  );
  return { summary, rewrites, notices };
}

function todoLines(stop: StopRecord, id: number, head: string | undefined): string[] {
  const picked = new Set(stop.picks.map((p) => p.old));
  const seeds = new Map(stop.seeds);
  const label = (hash: string) => `s-${hash}`;
  const at = (hash: string) => (picked.has(hash) ? label(hash) : (seeds.get(hash) ?? hash));
  const lines: string[] = [];
  for (const pick of stop.picks) {
    // A dropped commit (landed upstream) gets no pick: its label marks its new parent, for its children.
    lines.push(
      `reset ${'commit' in pick.parent ? pick.parent.commit : at(pick.parent.rewrittenFrom)}`,
      ...(pick.drop ? [] : [`pick ${pick.old}`]),
      `label ${label(pick.old)}`,
      `update-ref ${rewriteRefPrefix(id)}${pick.old}`,
    );
  }
  if (head) lines.push(`reset ${at(head)}`);
  return lines;
}

function entry(log: OplogStore, id: number): OplogEntry {
  const last = log.last();
  if (last?.id !== id) throw new Error(`Oplog entry ${id} is not the last one.`);
  return last;
}
