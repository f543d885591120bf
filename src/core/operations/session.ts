// Where an operation runs: the repository, its git runner and the trunk setting. The files
// Stackline keeps in the repository (oplog, lock, scratch) are found through oplog/files.ts.
import type { RepoLocation } from '../git/repository';
import type { GitRunner } from '../git/runner';

export interface RepoSession {
  git: GitRunner;
  repo: RepoLocation;
  /** The stackline.trunk setting or --trunk option, when given. */
  trunk?: string;
  /** How long to wait for another Stackline process to finish (default 10 s). */
  lockWaitMs?: number;
  /** Lets an operation change the stack checked out for review (refused by default: it is someone else's). */
  editReview?: boolean;
}

/** Namespace of the refs a stopped rebase writes its results to (one folder per oplog entry). */
export function rewriteRefPrefix(id: number): string {
  return `refs/stackline/rewrite/${id}/`;
}
