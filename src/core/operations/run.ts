// Runs one operation: under the repository lock, with a write-ahead record in the oplog, and with
// the repository put back exactly as it was if anything fails. One at a time per repository,
// whichever process (CLI, extension) asks.
import { inProgressOperation, inProgressRefusal } from '../git/repository';
import { keepAlive } from '../oplog/keep';
import { readHead, type RepoSnapshot } from '../oplog/snapshot';
import type { OplogEntry } from '../oplog/store';
import type { Operation, Outcome } from './context';
import { finishEntry, refuseIfUnfinished, withRepoLock } from './entry';
import { ABORT, OperationError } from './errors';
import { ObjectStore } from './objects';
import { dropRedundantVisibleRefs, keepLeftoversVisible, planTransition } from './plan';
import { restoreExactly } from './recover';
import { replay, RewriteConflict, type RewriteResult } from './rewrite';
import { oplogOf } from '../oplog/files';
import type { RepoSession } from './session';
import { startSequencer, settleStoppedEntry } from './sequencer';
import { conflictedFiles, readRepoState, type RepoState } from './state';
import { applyTransition } from './transition';
import { editAttempt, refuseEditingReview } from '../review/checkout';
import { followOtherWorktrees } from './worktrees';

export function runOperation<T>(session: RepoSession, operation: Operation<T>): Promise<Outcome<T>> {
  return withRepoLock(session, operation.command, async (): Promise<Outcome<T>> => {
    const log = oplogOf(session.repo);
    await settleStoppedEntry(session, log);
    refuseIfUnfinished(log.unfinished());
    const state = await readRepoState(session.git, session.repo, session.trunk, operation.needsDrafts ?? true);
    refuseIfBusy(state);
    const sample = state.head.hash ?? Object.values(state.refs)[0] ?? '0'.repeat(40);
    const store = new ObjectStore(session.git, session.repo, sample);
    const work = await operation.prepare({ ...session, state, store });

    const id = log.nextId();
    const before: RepoSnapshot = {
      refs: state.refs,
      head: state.head,
      index: operation.touchesIndex ? await state.indexTree() : undefined,
    };
    log.append({
      type: 'begin',
      id,
      time: Date.now(),
      kind: operation.kind ?? 'operation',
      op: operation.op,
      args: operation.args,
      command: operation.command,
      target: operation.target,
      worktree: session.repo.gitDir,
      pid: process.pid,
      before,
    });
    const entry = (): OplogEntry => log.last()!;
    try {
      const change = await work({ ...session, state, store, entryId: id });
      if (operation.kind !== 'undo' && operation.kind !== 'redo')
        refuseEditingReview(session.repo, state, editAttempt(change), operation, session.editReview);
      let rewrites = new Map<string, string>();
      let dropped = new Set<string>();
      let transition = change.transition;
      let result: RewriteResult | undefined;
      if (change.plan) {
        try {
          result = await replay(store, change.plan.seeds, change.plan.picks);
        } catch (error) {
          if (!(error instanceof RewriteConflict)) throw error;
          await keepAlive(
            session.git,
            store,
            state.keep,
            [...change.plan.seeds.values()],
            [],
            `stackline oplog ${id}: ${operation.command} (stopped)`,
          );
          const started = await startSequencer({ ...session, state, store, entryId: id }, log, change.plan, error);
          return {
            entryId: id,
            summary: started.summary,
            result: change.result,
            rewrites: started.rewrites,
            notices: started.notices,
          };
        }
        rewrites = new Map([...result.mapping].filter(([old, now]) => old !== now));
        dropped = result.dropped;
        transition = planTransition(state, change.plan, result);
      }
      const follow = {
        git: session.git,
        worktrees: state.worktrees,
        refs: state.refs,
        rewritten: new Set([...rewrites].flatMap(([old, now]) => (dropped.has(old) ? [] : [now]))),
      };
      const notices = [
        ...(change.notices ?? []),
        ...(transition ? await followOtherWorktrees(follow, transition) : []),
      ];
      if (transition) {
        if (result) {
          dropRedundantVisibleRefs(state.refs, transition);
          await keepLeftoversVisible(session.git, state, result, transition);
        }
        // The operation may have moved HEAD itself (an amend detaches HEAD, then commits).
        const current = await readHead(session.git, session.repo.gitDir, new Map(Object.entries(state.refs)));
        await applyTransition(session.git, session.repo.root, current, transition, {
          reason: `stackline: ${operation.command}`,
          beforeCheckout: (record) => log.append({ type: 'checkout', id, ...record }),
          beforeWorktreeCheckout: (record) => log.append({ type: 'worktree-checkout', id, ...record }),
        });
      }
      const summary = [change.summary(rewrites, dropped), ...notices.map((n) => n.message)].join(' ');
      // A transition that sets the index is the last thing to touch it: no need to read it back.
      const touched = operation.touchesIndex ? (transition?.index ?? true) : false;
      await finishEntry(session, log, entry(), store, state.keep, touched, 'done', summary, rewrites);
      return { entryId: id, summary, result: change.result, rewrites, notices };
    } catch (error) {
      if (error instanceof OperationError && error.kind === 'conflict') throw error;
      const notes = await restoreExactly(session, entry(), { staleLocks: false }).catch((restoreError: unknown) => {
        throw new OperationError(
          'pending',
          `${messageOf(error)} Putting the repository back failed too (${messageOf(restoreError)}). Abort to try again.`,
          '',
          [ABORT],
        );
      });
      log.append({ type: 'end', id, time: Date.now(), status: 'rolled-back', summary: messageOf(error) });
      // Rolled back: it is so whatever the error was, so the error does not say it itself.
      notes.unshift('Nothing was changed.');
      throw withNote(error, notes);
    }
  });
}

function refuseIfBusy(state: RepoState): void {
  const operation = inProgressOperation(state.repo.gitDir);
  if (operation) {
    const { message, fixes } = inProgressRefusal(operation);
    throw new OperationError('refused', message, '', fixes);
  }
  const conflicts = conflictedFiles(state);
  if (conflicts.length > 0)
    throw new OperationError(
      'refused',
      `There are unresolved conflicts in ${conflicts.join(', ')}. Resolve them (or undo the merge) first.`,
    );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function withNote(error: unknown, notes: string[]): unknown {
  if (notes.length === 0 || !(error instanceof Error)) return error;
  error.message = `${error.message} ${notes.join(' ')}`;
  return error;
}
