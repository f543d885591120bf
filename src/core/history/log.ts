// History mode: every commit reachable from the branches, remote branches and tags (or from one
// ref), children before parents, read in pages with `git log --skip --max-count`. The tips are
// resolved to hashes once per load, so later pages continue the same walk even when refs move.
import { GitError } from '../git/errors';
import { LOG_FORMAT, parseLog, type LogCommit } from '../git/parsers/log';
import { REFS_FORMAT, parseRefs } from '../git/parsers/refs';
import type { GitRunner } from '../git/runner';
import type { BranchLabel } from '../smartlog/model';
import { branchLabels } from '../smartlog/build';
import { resolveCommit } from '../git/resolveCommit';

export const HISTORY_PAGE_SIZE = 500;

export interface HistoryTips {
  /** The ref asked for; null = every branch, remote branch and tag. */
  ref: string | null;
  /** Commit hashes the walk starts from. Empty in a repository without commits. */
  tips: string[];
}

export interface HistoryPage {
  commits: LogCommit[];
  /** No commits after these. */
  done: boolean;
}

/** Labels shown in history: branches (local and remote) and tags, by commit hash. */
export interface HistoryLabels {
  branches: Map<string, BranchLabel[]>;
  tags: Map<string, string[]>;
}

const TIP_REFS = ['refs/heads', 'refs/remotes', 'refs/tags', 'refs/stackline/visible'];

export async function resolveHistoryTips(git: GitRunner, ref: string | null): Promise<HistoryTips> {
  if (ref !== null) {
    const hash = await resolveCommit(git, { rev: ref });
    if (!hash)
      throw new GitError(
        'bad-revision',
        `'${ref}' is not a commit, branch or tag in this repository. Pick another ref, or clear it to see all history.`,
      );
    return { ref, tips: [hash] };
  }
  // Annotated tags point at tag objects: use what they peel to, and skip tags of trees and blobs.
  const [refs, head] = await Promise.all([
    git.run(['for-each-ref', '--format=%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)', ...TIP_REFS]),
    resolveCommit(git, { rev: 'HEAD' }),
  ]);
  const tips = new Set<string>();
  if (head) tips.add(head);
  for (const line of refs.split('\n')) {
    const [type, hash, peeledType, peeled] = line.split('\0');
    if (type === 'commit') tips.add(hash);
    else if (peeledType === 'commit') tips.add(peeled);
  }
  return { ref, tips: [...tips] };
}

/** Commits `offset` to `offset + limit` of the walk from `tips`, newest first in topological order. */
export async function readHistoryPage(
  git: GitRunner,
  tips: string[],
  offset: number,
  limit = HISTORY_PAGE_SIZE,
): Promise<HistoryPage> {
  if (tips.length === 0) return { commits: [], done: true };
  // One commit more than asked tells whether another page follows.
  const output = await git.run([
    'log',
    '-z',
    `--format=${LOG_FORMAT}`,
    '--topo-order',
    `--skip=${offset}`,
    `--max-count=${limit + 1}`,
    ...tips,
    '--',
  ]);
  const commits = parseLog(output);
  const done = commits.length <= limit;
  return { commits: done ? commits : commits.slice(0, limit), done };
}

export async function readHistoryLabels(git: GitRunner): Promise<HistoryLabels> {
  const [branchOutput, tagOutput] = await Promise.all([
    git.run(['for-each-ref', `--format=${REFS_FORMAT}`, 'refs/heads', 'refs/remotes']),
    git.run(['for-each-ref', '--format=%(objectname)%00%(*objectname)%00%(refname:short)', 'refs/tags']),
  ]);
  const tags = new Map<string, string[]>();
  for (const line of tagOutput.split('\n')) {
    if (!line) continue;
    const [hash, peeled, name] = line.split('\0');
    const target = peeled || hash;
    tags.set(target, [...(tags.get(target) ?? []), name]);
  }
  return { branches: branchLabels(parseRefs(branchOutput)), tags };
}
