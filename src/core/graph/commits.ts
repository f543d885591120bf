// Turns the smartlog and history pages into what the graph webview draws (protocol types).
import { basename } from 'node:path';
import type { GraphBranch, GraphCommit, HostMessage, RepoInfo, UncommittedSummary } from '../../protocol';
import type { LogCommit } from '../git/parsers/log';
import type { FileChange } from '../git/parsers/status';
import type { HistoryLabels } from '../history/log';
import { graphParents, type BranchLabel, type Smartlog } from '../smartlog/model';

export function repoInfo(root: string, smartlog: Smartlog | undefined): RepoInfo {
  return {
    root,
    name: basename(root),
    head: smartlog?.head.hash ?? null,
    branch: smartlog?.head.branch ?? null,
    trunk: smartlog?.trunk?.ref ?? null,
  };
}

/** The details pane lists at most this many uncommitted files (the Stacks view has them all). */
const MAX_UNCOMMITTED_FILES = 500;

/** How a file of the working copy changed, in the Stacks view's words: conflicted, untracked, staged + modified. */
export function fileState(file: FileChange): string {
  if (file.kinds.includes('conflicted')) return 'conflicted';
  if (file.kinds.includes('untracked')) return 'untracked';
  return file.kinds.join(' + ');
}

export function smartlogMessage(smartlog: Smartlog): Extract<HostMessage, { type: 'smartlog' }> {
  const { staged, modified, untracked, conflicted } = smartlog.uncommitted;
  const uncommitted: UncommittedSummary | null =
    staged + modified + untracked + conflicted > 0
      ? {
          staged,
          modified,
          untracked,
          conflicted,
          files: smartlog.uncommitted.files.slice(0, MAX_UNCOMMITTED_FILES).map((file) => ({
            path: file.path,
            state: fileState(file),
          })),
        }
      : null;
  const commits = smartlog.commits.map((commit): GraphCommit => ({
    hash: commit.hash,
    parents: graphParents(commit),
    title: commit.title,
    author: commit.author,
    date: commit.date,
    branches: graphBranches(commit.branches, smartlog.head.branch),
    phase: commit.phase,
    isHead: commit.isHead,
    ...(commit.trunkBelow && commit.trunkBelow.hidden > 0 ? { folded: commit.trunkBelow.hidden } : {}),
    ...(commit.hasOlderHistory ? { olderHistory: true } : {}),
    ...(commit.outdatedBy ? { outdatedBy: commit.outdatedBy } : {}),
    ...(commit.needsRestack ? { needsRestack: true } : {}),
    ...(commit.rewriting ? { rewriting: true } : {}),
    ...(commit.review ? { review: { pull: commit.review.pull, author: commit.review.author } } : {}),
  }));
  return {
    type: 'smartlog',
    repo: repoInfo(smartlog.root, smartlog),
    commits,
    uncommitted,
    notices: smartlog.warnings,
  };
}

/** What the smartlog knows about outdated drafts, by hash, for History to mark the same rows. */
export type RestackMarks = Map<string, Pick<GraphCommit, 'outdatedBy' | 'needsRestack'>>;

export function restackMarksOf(smartlog: Smartlog | undefined): RestackMarks {
  const marks: RestackMarks = new Map();
  for (const c of smartlog?.commits ?? []) {
    if (c.outdatedBy || c.needsRestack) {
      marks.set(c.hash, {
        ...(c.outdatedBy ? { outdatedBy: c.outdatedBy } : {}),
        ...(c.needsRestack ? { needsRestack: true } : {}),
      });
    }
  }
  return marks;
}

export function historyCommits(
  commits: LogCommit[],
  labels: HistoryLabels,
  head: string | null,
  currentBranch: string | null,
  restack: RestackMarks = new Map(),
): GraphCommit[] {
  return commits.map((commit) => {
    const tags = labels.tags.get(commit.hash);
    return {
      ...restack.get(commit.hash),
      hash: commit.hash,
      parents: commit.parents,
      title: commit.title,
      author: commit.author,
      date: commit.date,
      branches: graphBranches(labels.branches.get(commit.hash) ?? [], currentBranch),
      ...(tags ? { tags } : {}),
      isHead: commit.hash === head,
    };
  });
}

/** Local branches, and a remote branch only when no local branch here tracks it (it would say the same). */
function graphBranches(labels: BranchLabel[], currentBranch: string | null | undefined): GraphBranch[] {
  const trackedHere = new Set(labels.filter((b) => !b.remote && b.upstream).map((b) => b.upstream));
  return labels
    .filter((b) => !b.remote || !trackedHere.has(b.name))
    .map((b) => ({
      name: b.name,
      remote: b.remote,
      current: !b.remote && b.name === currentBranch,
      ahead: b.ahead,
      behind: b.behind,
      upstreamGone: b.upstreamGone,
    }));
}
