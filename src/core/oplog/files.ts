// Where Stackline keeps its files in a repository: a folder under the common git dir (shared by all
// worktrees) that holds the oplog, the repository lock and scratch files.
import { join } from 'node:path';
import type { RepoLocation } from '../git/repository';
import { OplogStore } from './store';

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
