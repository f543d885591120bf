// The files still in conflict in the index (a stopped rebase, merge or cherry-pick).
import type { GitRunner } from './runner';

/** Each conflicted path once, as git spells it (no quoting: -z). */
export async function unmergedPaths(git: GitRunner): Promise<string[]> {
  return (await git.run(['diff', '--name-only', '-z', '--diff-filter=U'])).split('\0').filter(Boolean);
}
