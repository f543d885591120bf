// Is one commit an ancestor of another (or the same commit)? `git merge-base --is-ancestor`.
import { GitError } from './errors';
import type { GitRunner } from './runner';

export interface IsAncestorRequest {
  ancestor: string;
  descendant: string;
}

/** True when `ancestor` is reachable from `descendant`; false too when either is not in the repository. */
export async function isAncestor(git: GitRunner, { ancestor, descendant }: IsAncestorRequest): Promise<boolean> {
  try {
    const { exitCode } = await git.exec(['merge-base', '--is-ancestor', ancestor, descendant], { okCodes: [0, 1] });
    return exitCode === 0;
  } catch (error) {
    // Exit 128: a commit git does not have (a landed commit not fetched yet): not an ancestor of anything here.
    if (GitError.is(error, 'failed')) return false;
    throw error;
  }
}
