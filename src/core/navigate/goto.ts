// Moves HEAD to a commit the way Sapling's `goto` does: onto its branch when it has exactly one,
// detached otherwise (or when asked, or when that branch is checked out in another worktree), never
// over local edits, and without losing sight of a branchless draft. Every move is an operation in
// the oplog, so `stackline undo` takes you back to where you were.
import type { Fix } from '../fix';
import { GitError } from '../git/errors';
import { shortHash } from '../format';
import type { Operation } from '../operations/context';
import { OperationError } from '../operations/errors';
import { runOperation } from '../operations/run';
import { oplogOf } from '../oplog/files';
import type { RepoSession } from '../operations/session';
import { refsAt, requireCommit, type RepoState } from '../operations/state';
import type { RefUpdate } from '../oplog/records';
import { checkoutRecord } from '../operations/transition';
import { VISIBLE_REF_PREFIX } from '../oplog/snapshot';

export interface GotoResult {
  hash: string;
  /** The branch now checked out, if any. */
  branch?: string;
  /** HEAD was already there. */
  unchanged: boolean;
  /** The commit's branch, left alone (HEAD is detached) because another worktree has it checked out. */
  elsewhere?: { branch: string; worktree: string };
}

export interface GotoOptions {
  /** Detach HEAD on the commit even when it has a branch. */
  detach?: boolean;
}

const BRANCH_PREFIX = 'refs/heads/';

/**
 * Goes to `rev` and records the move in the oplog (nothing is recorded when HEAD is already there).
 * `command` is what the oplog shows, e.g. "prev 2".
 */
export async function gotoRevision(
  session: RepoSession,
  rev: string,
  command?: string,
  options: GotoOptions = {},
): Promise<GotoResult> {
  try {
    return (
      await runOperation(
        session,
        gotoOperation(rev, command ?? `goto${options.detach ? ' --detach' : ''} ${rev}`, options),
      )
    ).result;
  } catch (error) {
    if (error instanceof AlreadyThere) return error.result;
    throw error;
  }
}

/** Thrown before anything is recorded when HEAD is already where the move would take it. */
class AlreadyThere extends OperationError {
  constructor(readonly result: GotoResult) {
    super('nothing-to-do', `Already at ${shortHash(result.hash)}.`);
  }
}

function gotoOperation(rev: string, command: string, options: GotoOptions): Operation<GotoResult> {
  return {
    op: 'goto',
    args: { rev, ...options },
    command,
    async prepare({ state }) {
      const hash = await requireCommit(state.git, rev);
      const branchesHere = refsAt(state, hash)
        .filter((ref) => ref.startsWith(BRANCH_PREFIX))
        .map((ref) => ref.slice(BRANCH_PREFIX.length));
      const named = `${BRANCH_PREFIX}${rev}` in state.refs;
      let branch = options.detach ? undefined : named ? rev : branchesHere.length === 1 ? branchesHere[0] : undefined;
      const holder =
        branch === undefined ? undefined : state.worktrees.find((w) => w.branch === `${BRANCH_PREFIX}${branch}`);
      let elsewhere: GotoResult['elsewhere'];
      if (holder && branch !== undefined) {
        if (named) throw checkedOutElsewhere(branch, holder.path, hash);
        // Asked for a commit, not its branch: go there detached, as git would have to.
        elsewhere = { branch, worktree: holder.path };
        branch = undefined;
      }
      const current = state.head.ref?.slice(BRANCH_PREFIX.length);
      const alreadyThere =
        state.head.hash === hash &&
        (branch === undefined
          ? current === undefined || (!options.detach && branchesHere.includes(current))
          : current === branch);
      if (alreadyThere) throw new AlreadyThere({ hash, branch: current, unchanged: true });
      const keep = keepLeftDraftVisible(state);
      return async ({ git, repo, entryId }) => {
        // Written ahead, so an interrupted switch is put back by abort; git switch itself runs the
        // post-checkout hook and refuses over local edits, as it always has.
        const record = state.head.hash ? await checkoutRecord(git, repo.root, state.head.hash, hash) : undefined;
        if (record) oplogOf(repo).append({ type: 'checkout', id: entryId, ...record });
        try {
          await git.exec(branch ? ['switch', '--quiet', branch] : ['switch', '--quiet', '--detach', hash]);
        } catch (error) {
          throw explainSwitchFailure(error, hash);
        }
        const where = describeGoto({ hash, branch, elsewhere });
        return {
          transition: { refs: keep, head: branch ? { ref: `${BRANCH_PREFIX}${branch}`, hash } : { hash } },
          summary: () => `Now at ${where}.`,
          result: { hash, branch, unchanged: false, ...(elsewhere && { elsewhere }) },
        };
      };
    },
  };
}

/** "1a2b3c4d5 (feature)", or with the reason HEAD is detached on a commit that has a branch. */
export function describeGoto(result: Pick<GotoResult, 'hash' | 'branch' | 'elsewhere'>): string {
  if (result.elsewhere)
    return `${shortHash(result.hash)} (detached: ${result.elsewhere.branch} is checked out in ${result.elsewhere.worktree})`;
  return `${shortHash(result.hash)}${result.branch ? ` (${result.branch})` : ''}`;
}

/** Git refuses to check out a branch another worktree has; detaching on its commit is the way here. */
function checkedOutElsewhere(branch: string, worktree: string, hash: string): OperationError {
  const fix: Fix = { label: `Detach on ${shortHash(hash)}`, cli: `stackline goto --detach ${shortHash(hash)}` };
  return new OperationError(
    'refused',
    `Branch ${branch} is checked out in the worktree ${worktree}, and git keeps a branch in one worktree at a time. Work on it there, or go to its commit here, detached.`,
    '',
    [fix],
  );
}

/** A detached draft with no branch, no visible ref and nothing above it would vanish from view once HEAD leaves it. */
function keepLeftDraftVisible(state: RepoState): RefUpdate[] {
  const head = state.head.hash;
  if (!head || state.head.ref || !state.parents.has(head)) return [];
  if (refsAt(state, head).length > 0 || (state.children.get(head) ?? []).length > 0) return [];
  return [{ ref: `${VISIBLE_REF_PREFIX}${head}`, old: undefined, new: head }];
}

function explainSwitchFailure(error: unknown, hash: string): unknown {
  if (!(error instanceof GitError)) return error;
  const detail = error.detail;
  const files = detail
    .split('\n')
    .filter((line) => line.startsWith('\t'))
    .map((line) => line.trim());
  const shown = files.slice(0, 5).join(', ') + (files.length > 5 ? `, and ${files.length - 5} more` : '');
  if (/untracked working tree files would be (overwritten|removed)/.test(detail)) {
    return new GitError(
      'local-changes',
      `Untracked files would be overwritten by moving to ${shortHash(hash)}: ${shown}. Move, commit or delete them, then try again.`,
      detail,
    );
  }
  if (/local changes to the following files would be overwritten/.test(detail)) {
    return new GitError(
      'local-changes',
      `Local edits would be overwritten by moving to ${shortHash(hash)}: ${shown}. Commit them, or stash them (git stash), then try again.`,
      detail,
    );
  }
  return error;
}
