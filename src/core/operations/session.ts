// Where an operation runs: the repository, its git runner and the trunk setting, plus the folder
// under the common git dir that holds the oplog, the lock and scratch files.
import { join } from 'node:path';
import type { RepoLocation } from '../git/repository';
import type { GitRunner } from '../git/runner';
import { OplogStore } from '../oplog/store';

export interface RepoSession {
  git: GitRunner;
  repo: RepoLocation;
  /** The stackline.trunk setting or --trunk option, when given. */
  trunk?: string;
  /** How long to wait for another Stackline process to finish (default 10 s). */
  lockWaitMs?: number;
}

export function stacklineDir(repo: RepoLocation): string {
  return join(repo.commonDir, 'stackline');
}

export function oplogOf(repo: RepoLocation): OplogStore {
  return new OplogStore(stacklineDir(repo));
}

export function lockPath(repo: RepoLocation): string {
  return join(stacklineDir(repo), 'lock');
}

export function scratchDir(repo: RepoLocation): string {
  return join(stacklineDir(repo), 'tmp');
}

/** Namespace of the refs a stopped rebase writes its results to (one folder per oplog entry). */
export function rewriteRefPrefix(id: number): string {
  return `refs/stackline/rewrite/${id}/`;
}
