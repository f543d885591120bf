// Puts the repository back exactly as an operation found it: refs, HEAD, index and, if it was
// checking out, the work tree (its own, and other worktrees it moved along with their branches).
// Used when an operation fails, when it was interrupted (killed, crashed), and by abort.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inProgressOperation } from '../git/repository';
import { GitRunner } from '../git/runner';
import { isTracked, readAllRefs } from '../oplog/snapshot';
import type { CheckoutRecord, OplogEntry } from '../oplog/store';
import type { RepoSession } from './session';
import { rewriteRefPrefix } from './session';
import { setIndex } from './transition';
import { updateRefs } from '../git/updateRefs';
import { detachHead } from '../git/detachHead';

export interface RestoreOptions {
  /**
   * Remove lock files made since the operation began (a git it ran was killed). Not after a failure
   * in this process: its git calls have all ended, so any lock there belongs to another git.
   */
  staleLocks?: boolean;
}

export async function restoreExactly(
  session: RepoSession,
  entry: OplogEntry,
  options: RestoreOptions = {},
): Promise<string[]> {
  const { git, repo } = session;
  const notes: string[] = [];
  if (options.staleLocks ?? true) {
    const removed = removeStaleGitLocks(repo.gitDir, repo.commonDir, entry.time - 1000);
    if (removed.length > 0)
      notes.push(`Removed lock files git left behind when it was stopped: ${removed.join(', ')}.`);
  }
  if (
    inProgressOperation(repo.gitDir) === 'rebase' &&
    startedAfter(join(repo.gitDir, 'rebase-merge'), entry.time - 1000)
  ) {
    // Puts HEAD back where the rebase started and re-applies its autostash.
    if ((await git.tryRun(['rebase', '--abort'])) === undefined) await git.run(['rebase', '--quit']);
  }
  if (entry.checkout) await undoCheckout(git, repo.root, entry.checkout);
  for (const checkout of [...(entry.worktreeCheckouts ?? [])].reverse())
    await undoCheckout(new GitRunner(checkout.path), checkout.path, checkout);
  await restoreRefs(git, entry.before.refs, rewriteRefPrefix(entry.id));
  const head = entry.before.head;
  if (head.ref) await git.run(['symbolic-ref', '-m', 'stackline: restore', 'HEAD', head.ref]);
  else if (head.hash) await detachHead(git, { at: head.hash, reason: 'stackline: restore' });
  const index = entry.before.index ?? entry.stop?.index;
  if (index) await setIndex(git, index);
  return notes;
}

/** The work tree and index as they were before a checkout, whether it finished or not. */
async function undoCheckout(git: GitRunner, root: string, checkout: CheckoutRecord): Promise<void> {
  await git.run(['read-tree', '--reset', '-u', checkout.worktree]);
  await setIndex(git, checkout.index);
  for (const path of checkout.added) rmSync(join(root, path), { force: true });
}

/** Sets every tracked ref to exactly `refs` (creating, moving, deleting) and drops scratch refs. */
async function restoreRefs(git: GitRunner, refs: Record<string, string>, scratchPrefix: string): Promise<void> {
  const current = await readAllRefs(git);
  const lines: string[] = [];
  for (const name of current.keys()) {
    if ((isTracked(name) && !(name in refs)) || name.startsWith(scratchPrefix)) lines.push(`delete ${name}`);
  }
  for (const [name, hash] of Object.entries(refs)) {
    if (current.get(name) !== hash) lines.push(`update ${name} ${hash}`);
  }
  if (lines.length > 0) await updateRefs(git, { commands: lines, reason: 'stackline: restore' });
}

function startedAfter(path: string, since: number): boolean {
  try {
    return statSync(path).mtimeMs >= since;
  } catch {
    return false;
  }
}

/**
 * A git process killed mid-write leaves its lock file, and every later git command fails on it.
 * Only locks made while the interrupted operation ran are removed.
 */
function removeStaleGitLocks(gitDir: string, commonDir: string, since: number): string[] {
  const candidates = [
    join(gitDir, 'index.lock'),
    join(gitDir, 'HEAD.lock'),
    join(commonDir, 'packed-refs.lock'),
    ...lockFilesUnder(join(commonDir, 'refs')),
  ];
  const removed: string[] = [];
  for (const path of candidates) {
    if (existsSync(path) && startedAfter(path, since)) {
      rmSync(path, { force: true });
      removed.push(path.slice(commonDir.length + 1) || path);
    }
  }
  return removed;
}

function lockFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((name) => name.endsWith('.lock'))
    .map((name) => join(dir, name));
}
