// Finds the repository that holds a path (worktrees included) and reads its in-progress state.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Fix } from '../fix';
import { GitError } from './errors';
import { GitRunner } from './runner';

export interface RepoLocation {
  /** The work tree's top-level folder. */
  root: string;
  /** This work tree's git dir (for a linked worktree: .git/worktrees/<name>). */
  gitDir: string;
  /** The dir holding refs, objects and config, shared by all worktrees. */
  commonDir: string;
  isWorktree: boolean;
  isShallow: boolean;
}

export type InProgressOperation = 'rebase' | 'am' | 'merge' | 'cherry-pick' | 'revert' | 'bisect';

export async function discoverRepository(path: string): Promise<RepoLocation> {
  if (!existsSync(path) || !statSync(path).isDirectory()) {
    throw new GitError('not-a-repo', `${path} is not a folder.`);
  }
  const out = await new GitRunner(path)
    .run([
      'rev-parse',
      '--path-format=absolute',
      '--show-toplevel',
      '--git-dir',
      '--git-common-dir',
      '--is-shallow-repository',
    ])
    .catch((error: unknown) => {
      if (error instanceof GitError && error.kind === 'not-a-repo') {
        throw new GitError(
          'not-a-repo',
          `${path} is not inside a git repository. Run git init or open a repository.`,
          error.detail,
        );
      }
      if (error instanceof GitError && /this operation must be run in a work tree/.test(error.detail)) {
        throw new GitError('not-a-repo', `${path} is a bare repository; Stackline needs a work tree.`, error.detail);
      }
      throw error;
    });
  const [root, gitDir, commonDir, shallow] = out.split('\n');
  return { root, gitDir, commonDir, isWorktree: gitDir !== commonDir, isShallow: shallow === 'true' };
}

/** The operation git is in the middle of, read from its marker files (no process spawned). */
export function inProgressOperation(gitDir: string): InProgressOperation | undefined {
  if (existsSync(join(gitDir, 'rebase-merge'))) return 'rebase';
  if (existsSync(join(gitDir, 'rebase-apply'))) {
    return existsSync(join(gitDir, 'rebase-apply', 'applying')) ? 'am' : 'rebase';
  }
  if (existsSync(join(gitDir, 'MERGE_HEAD'))) return 'merge';
  if (existsSync(join(gitDir, 'CHERRY_PICK_HEAD'))) return 'cherry-pick';
  if (existsSync(join(gitDir, 'REVERT_HEAD'))) return 'revert';
  if (existsSync(join(gitDir, 'BISECT_LOG'))) return 'bisect';
  return undefined;
}

/** What to tell someone who tries to move or edit while git is busy, git's commands included (banners). */
export function inProgressAdvice(operation: InProgressOperation): string {
  if (operation === 'bisect') return 'A bisect is in progress. Finish it with git bisect reset first.';
  return `A ${operation} is in progress. Resolve it with git ${operation} --continue, or undo it with git ${operation} --abort, then try again.`;
}

/** The same as a refusal: what to do in words, git's own commands as the fixes. */
export function inProgressRefusal(operation: InProgressOperation): { message: string; fixes: Fix[] } {
  if (operation === 'bisect')
    return {
      message: 'A bisect is in progress. Finish it first.',
      fixes: [{ label: 'End the Bisect', cli: 'git bisect reset' }],
    };
  return {
    message: `A ${operation} is in progress. Continue or abort it with git, then try again.`,
    fixes: [
      { label: `Continue the ${operation}`, cli: `git ${operation} --continue` },
      { label: `Abort the ${operation}`, cli: `git ${operation} --abort` },
    ],
  };
}
