// Moves, creates and deletes refs in one transaction: all of them or none. `git update-ref --stdin`.
import type { GitRunner } from './runner';

export interface UpdateRefsRequest {
  /** `update-ref --stdin` commands: `update <ref> <new> [<old>]`, `create <ref> <new>`, `delete <ref>`, `option no-deref`. */
  commands: string[];
  /** The reflog message. */
  reason: string;
}

export async function updateRefs(git: GitRunner, { commands, reason }: UpdateRefsRequest): Promise<void> {
  await git.run(['update-ref', '-m', reason, '--stdin'], { input: `${commands.join('\n')}\n` });
}
