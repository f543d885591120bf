// Points HEAD straight at a commit, leaving every branch where it is. `git update-ref --no-deref HEAD`.
import type { GitRunner } from './runner';

export interface DetachHeadRequest {
  at: string;
  /** Refuse unless HEAD is at this commit now (another process moved it meanwhile). */
  expected?: string;
  /** The reflog message. */
  reason: string;
}

export async function detachHead(git: GitRunner, { at, expected, reason }: DetachHeadRequest): Promise<void> {
  await git.run(['update-ref', '--no-deref', '-m', reason, 'HEAD', at, ...(expected ? [expected] : [])]);
}
