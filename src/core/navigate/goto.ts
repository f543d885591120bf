// Moves HEAD to a commit the way Sapling's `goto` does: onto its branch when it has exactly one,
// detached otherwise, never over local edits, and without losing sight of a branchless draft.
import { GitError } from '../git/errors';
import { inProgressAdvice } from '../git/repository';
import type { GitRunner } from '../git/runner';
import { shortHash } from '../format';
import type { Smartlog } from '../smartlog/model';

export interface GotoResult {
  hash: string;
  /** The branch now checked out, if any. */
  branch?: string;
  /** HEAD was already there. */
  unchanged: boolean;
}

export const VISIBLE_REF_PREFIX = 'refs/stackline/visible/';

export async function gotoRevision(git: GitRunner, smartlog: Smartlog, rev: string): Promise<GotoResult> {
  if (smartlog.state.operation) throw new GitError('operation-in-progress', inProgressAdvice(smartlog.state.operation));
  if (smartlog.uncommitted.conflicted > 0) {
    throw new GitError('local-changes', 'There are unresolved conflicts. Resolve them (or git merge --abort / git rebase --abort) before moving.');
  }
  const isBranch = (await git.tryRun(['show-ref', '--verify', '--quiet', `refs/heads/${rev}`])) !== undefined;
  const hash = (await git.tryRun(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]))?.trim();
  if (!hash) throw new GitError('bad-revision', `'${rev}' is not a commit, branch or tag in this repository.`);

  const branchesHere = (smartlog.commits.find((c) => c.hash === hash)?.branches ?? []).filter((b) => !b.remote).map((b) => b.name);
  const branch = isBranch ? rev : branchesHere.length === 1 ? branchesHere[0] : undefined;
  const alreadyThere = smartlog.head.hash === hash && (branch === undefined ? smartlog.head.detached || branchesHere.includes(smartlog.head.branch ?? '') : smartlog.head.branch === branch);
  if (alreadyThere) return { hash, branch: smartlog.head.branch, unchanged: true };

  await keepDetachedDraftVisible(git, smartlog);
  try {
    await git.exec(branch ? ['switch', '--quiet', branch] : ['switch', '--quiet', '--detach', hash]);
  } catch (error) {
    throw explainSwitchFailure(error, hash);
  }
  return { hash, branch, unchanged: false };
}

/** A detached draft with no branch and nothing above it would vanish from view once HEAD leaves it. */
async function keepDetachedDraftVisible(git: GitRunner, smartlog: Smartlog): Promise<void> {
  const head = smartlog.commits.find((c) => c.isHead);
  if (!head || !smartlog.head.detached || head.phase !== 'draft') return;
  if (head.branches.some((b) => !b.remote)) return;
  if (smartlog.commits.some((c) => c.phase === 'draft' && c.parents.includes(head.hash))) return;
  await git.exec(['update-ref', `${VISIBLE_REF_PREFIX}${head.hash}`, head.hash]);
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
    return new GitError('local-changes', `Untracked files would be overwritten by moving to ${shortHash(hash)}: ${shown}. Move, commit or delete them, then try again.`, detail);
  }
  if (/local changes to the following files would be overwritten/.test(detail)) {
    return new GitError('local-changes', `Local edits would be overwritten by moving to ${shortHash(hash)}: ${shown}. Commit them, or stash them (git stash), then try again.`, detail);
  }
  return error;
}
