// Which commit a revision names (a hash, branch, tag, HEAD, `main~2`). `git rev-parse --verify`.
import type { GitRunner } from './runner';

export interface ResolveCommitRequest {
  rev: string;
}

/** The commit's full hash; undefined when `rev` names no commit (unknown, a tree or blob, HEAD before the first commit). */
export async function resolveCommit(git: GitRunner, { rev }: ResolveCommitRequest): Promise<string | undefined> {
  // --end-of-options: a revision typed by someone is never read as an option.
  const out = await git.tryRun(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
  return out?.trim() || undefined;
}
