// Opening and closing oplog entries: the repository lock around an operation, the check for an
// earlier one left unfinished, and the record of the state an operation leaves behind.
import { keepAlive } from '../oplog/keep';
import { RepoLock, RepoLockedError } from '../oplog/lock';
import { changedRefs, readAllRefs, readHead, trackedRefs, writeIndexTree, type RepoSnapshot } from '../oplog/snapshot';
import type { OplogEntry, OplogStore } from '../oplog/store';
import { ABORT, CONTINUE, OperationError } from './errors';
import type { ObjectStore } from './objects';
import { lockPath } from '../oplog/files';
import type { RepoSession } from './session';

/** Holds the repository lock while `fn` runs. */
export async function withRepoLock<T>(session: RepoSession, command: string, fn: () => Promise<T>): Promise<T> {
  const lock = await RepoLock.acquire(lockPath(session.repo), command, session.lockWaitMs).catch((error: unknown) => {
    throw error instanceof RepoLockedError ? new OperationError('locked', error.message) : error;
  });
  try {
    return await fn();
  } finally {
    lock.release();
  }
}

/** Records the state after an operation, keeps its old commits alive and closes its entry. */
export async function finishEntry(
  session: RepoSession,
  log: OplogStore,
  entry: OplogEntry,
  store: ObjectStore,
  keep: string | undefined,
  /** Whether to record the index after; a tree when it is already known. */
  touchesIndex: boolean | string,
  status: 'done' | 'aborted',
  summary: string,
  rewrites: Map<string, string>,
): Promise<RepoSnapshot> {
  const all = await readAllRefs(session.git);
  const after: RepoSnapshot = {
    refs: trackedRefs(all),
    head: await readHead(session.git, session.repo.gitDir, all),
    index:
      typeof touchesIndex === 'string' ? touchesIndex : touchesIndex ? await writeIndexTree(session.git) : undefined,
  };
  const changed = changedRefs(entry.before.refs, after.refs);
  // Rewritten commits were drafts, so reachable from the old refs or the old HEAD kept here.
  const commits = [
    ...[...changed.values()].flatMap(([old]) => (old ? [old] : [])),
    ...(entry.before.head.hash ? [entry.before.head.hash] : []),
  ];
  const checkouts = [...(entry.checkout ? [entry.checkout] : []), ...(entry.worktreeCheckouts ?? [])];
  const trees = [entry.before.index, after.index, ...checkouts.flatMap((c) => [c.index, c.worktree])].filter(
    (t): t is string => !!t,
  );
  await keepAlive(
    session.git,
    store,
    keep ?? all.get('refs/stackline/oplog'),
    commits,
    trees,
    `stackline oplog ${entry.id}: ${entry.command}`,
  );
  log.append({ type: 'end', id: entry.id, time: Date.now(), status, after, rewrites: [...rewrites], summary });
  return after;
}

/** An earlier operation that was interrupted or stopped on conflicts must be dealt with first. */
export function refuseIfUnfinished(open: OplogEntry | undefined): void {
  if (!open) return;
  const when = new Date(open.time).toLocaleTimeString();
  if (open.status === 'stopped') {
    const files = open.stop?.conflicts.length ? ` in ${open.stop.conflicts.join(', ')}` : '';
    throw new OperationError(
      'pending',
      `'${open.command}' stopped on conflicts${files}. Resolve them and stage the files, then continue it, or abort it to go back to before it.`,
      '',
      [CONTINUE, ABORT],
    );
  }
  throw new OperationError(
    'pending',
    `'${open.command}' (started ${when}) was interrupted before it finished. Abort it to put the repository back exactly as it was before it.`,
    '',
    [ABORT],
  );
}
