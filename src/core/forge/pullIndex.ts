// Which PR each submitted branch has, remembered in the git dir (<common dir>/stackline/pulls.json)
// so a status refresh can map commits to PRs without asking GitHub. Rebuilt from one list call
// when a branch is missing (another clone submitted it, or the file was deleted).
import { readStateFile, writeStateFile } from './stateFile';
import type { RepoRef } from './types';

type IndexFile = Record<string, Record<string, number>>;
const FILE = 'pulls.json';

function readIndex(commonDir: string): IndexFile {
  return readStateFile<IndexFile>(commonDir, FILE);
}

/** Branch → PR number for one repository. */
export function readPullIndex(commonDir: string, repo: RepoRef): Map<string, number> {
  const entries = readIndex(commonDir)[`${repo.owner}/${repo.name}`.toLowerCase()] ?? {};
  return new Map(Object.entries(entries).filter(([, n]) => Number.isInteger(n)));
}

/** Adds or replaces entries (written atomically: a reader never sees half a file). */
export function recordPulls(commonDir: string, repo: RepoRef, entries: Iterable<[string, number]>): void {
  const index = readIndex(commonDir);
  const key = `${repo.owner}/${repo.name}`.toLowerCase();
  index[key] = { ...(index[key] ?? {}), ...Object.fromEntries(entries) };
  writeStateFile(commonDir, FILE, index);
}
