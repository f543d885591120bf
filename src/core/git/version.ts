// The oldest git Stackline works with, and the error for an older one. The runner asks
// `git --version` once per process (per PATH) before its first call.
import { GitError } from './errors';

/**
 * git 2.39: `merge-tree --write-tree --stdin` (previews, restacks and moves merge many commit pairs in
 * one process; --write-tree came in 2.38, --stdin in 2.39). Everything else used is older:
 * `hook run` and `worktree list -z` (2.36), `--diff-merges=first-parent` (2.31).
 */
export const MIN_GIT_VERSION = { major: 2, minor: 39 } as const;
const NEEDED_FOR = 'git merge-tree --write-tree --stdin';

export interface GitVersion {
  major: number;
  minor: number;
  patch: number;
  /** As git printed it, e.g. "2.39.5" or "2.39.3 (Apple Git-146)". */
  text: string;
}

/** The version in `git --version` output ("git version 2.39.5", "git version 2.40.1.windows.1"). */
export function parseGitVersion(output: string): GitVersion | undefined {
  const match = /^git version ((\d+)\.(\d+)(?:\.(\d+))?.*)$/m.exec(output.trim());
  if (!match) return undefined;
  return { text: match[1].trim(), major: Number(match[2]), minor: Number(match[3]), patch: Number(match[4] ?? 0) };
}

export function isSupported(version: GitVersion): boolean {
  const { major, minor } = MIN_GIT_VERSION;
  return version.major > major || (version.major === major && version.minor >= minor);
}

export function gitTooOld(version: GitVersion): GitError {
  const { major, minor } = MIN_GIT_VERSION;
  return new GitError(
    'git-too-old',
    `Stackline needs git ${major}.${minor} or newer (for ${NEEDED_FOR}); the git on PATH is ${version.text}. Install a newer git and make sure it comes first on PATH.`,
  );
}
