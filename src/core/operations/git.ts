// How operations call git: straight through GitRunner.exec. (GitRunner.run goes through simple-git,
// which waits 50 ms more after any command that prints nothing: update-ref, read-tree, add, …)
import { GitError } from '../git/errors';
import type { GitRunner, RunOptions } from '../git/runner';

export async function gitRun(git: GitRunner, args: string[], options: RunOptions = {}): Promise<string> {
  return (await git.exec(args, options)).stdout;
}

/** Undefined instead of an error when git fails (probes such as merge-base --is-ancestor). */
export async function gitTry(git: GitRunner, args: string[], options: RunOptions = {}): Promise<string | undefined> {
  try {
    return await gitRun(git, args, options);
  } catch (error) {
    if (error instanceof GitError && error.kind !== 'git-missing') return undefined;
    throw error;
  }
}
