// Whether a repository is big enough for git's speed-ups to matter, measured cheaply: the file
// count from the index's header (no process), and commits counted only up to the threshold.
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { RepoLocation } from '../git/repository';
import type { GitRunner } from '../git/runner';

export interface SizeThresholds {
  minCommits: number;
  minFiles: number;
}

export interface RepositorySize {
  /** Entries in the index (tracked files; fewer in a sparse index). */
  files: number;
  /** Commits reachable from HEAD, counted up to minCommits; undefined when files alone decided. */
  commits?: number;
  big: boolean;
}

export async function measureRepository(
  git: GitRunner,
  location: RepoLocation,
  thresholds: SizeThresholds,
): Promise<RepositorySize> {
  const files = indexEntries(location.gitDir);
  if (files >= thresholds.minFiles) return { files, big: true };
  // --max-count stops the walk at the threshold: a few milliseconds even on a long history.
  const counted = await git.tryRun(['rev-list', '--count', `--max-count=${thresholds.minCommits}`, 'HEAD']);
  const commits = Number(counted?.trim() ?? 0) || 0;
  return { files, commits, big: commits >= thresholds.minCommits };
}

/** The entry count in the index's 12-byte header ("DIRC", version, entries); 0 without an index. */
function indexEntries(gitDir: string): number {
  let fd: number | undefined;
  try {
    fd = openSync(join(gitDir, 'index'), 'r');
    const header = Buffer.alloc(12);
    if (readSync(fd, header, 0, 12, 0) < 12 || header.toString('latin1', 0, 4) !== 'DIRC') return 0;
    return header.readUInt32BE(8);
  } catch {
    return 0;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
