// Builds the smartlog from git: a handful of git calls, most of them run in parallel.
import { LOG_FORMAT, parseLog, type LogCommit } from '../git/parsers/log';
import { REFS_FORMAT, parseRefs, shortRefName, type Ref } from '../git/parsers/refs';
import { parseStatus, type Status } from '../git/parsers/status';
import { inProgressOperation, type RepoLocation } from '../git/repository';
import type { GitRunner } from '../git/runner';
import { detectTrunk, type TrunkRef } from '../git/trunk';
import { samePath } from '../git/worktrees';
import type { BranchLabel, Smartlog, SmartlogCommit, Stack, Uncommitted } from './model';
import { orderRows } from './order';
import { markOutdated } from './outdated';

export interface SmartlogOptions {
  /** The `stackline.trunk` setting: a branch name such as origin/main. */
  trunk?: string;
  /** Without a trunk every commit is a draft; show at most this many. */
  noTrunkLimit?: number;
}

/** Refs whose commits are drafts unless trunk has them; refs/stackline/visible keeps branchless drafts. */
const HEAD_REF_PREFIXES = ['refs/heads/', 'refs/stackline/visible/'];

export async function buildSmartlog(git: GitRunner, repo: RepoLocation, options: SmartlogOptions = {}): Promise<Smartlog> {
  const [refsOutput, statusOutput] = await Promise.all([
    git.run(['for-each-ref', `--format=${REFS_FORMAT}`, 'refs/heads', 'refs/remotes', 'refs/stackline/visible']),
    git.run(['status', '--porcelain=v2', '-z', '--branch', '--no-ahead-behind']),
  ]);
  const refs = parseRefs(refsOutput);
  const status = parseStatus(statusOutput);
  const headHash = status.branch.oid;
  const trunk = detectTrunk(refs, options.trunk);
  const warnings: string[] = [];
  if (!trunk && refs.length > 0) {
    warnings.push(
      options.trunk
        ? `Trunk branch '${options.trunk}' (setting stackline.trunk) was not found. Fix the setting or fetch it.`
        : 'No trunk branch found (no origin/HEAD, origin/main, origin/master, main or master). Set stackline.trunk.',
    );
  }
  if (repo.isShallow) warnings.push('This is a shallow clone: history below the clone depth is not shown.');

  const tips = refs.filter((ref) => HEAD_REF_PREFIXES.some((p) => ref.name.startsWith(p))).map((r) => r.hash);
  const heads = unique([...tips, ...(headHash ? [headHash] : [])]);
  const logged = await logDrafts(git, heads, trunk, options.noTrunkLimit ?? 200);
  const drafts = logged.filter((commit) => !commit.boundary);
  const draftSet = new Set(drafts.map((commit) => commit.hash));
  const publicCommits = await publicCommitsToShow(git, logged, trunk, headHash, draftSet);
  const distances = await distancesFromTip(git, publicCommits, trunk);

  const labels = branchLabels(refs, repo.root);
  const toCommit = (commit: LogCommit, phase: 'draft' | 'public'): SmartlogCommit => ({
    hash: commit.hash,
    parents: commit.parents,
    title: commit.title,
    author: commit.author,
    authorEmail: commit.authorEmail,
    date: commit.date,
    branches: labels.get(commit.hash) ?? [],
    phase,
    isHead: commit.hash === headHash,
  });
  const ordered = orderRows(
    drafts.map((commit) => toCommit(commit, 'draft')),
    publicCommits.map((commit) => toCommit(commit, 'public')),
    distances,
  );
  const stacks: Stack[] = ordered.stacks.map((stack) => ({ ...stack, behindTrunk: distances.get(stack.base) ?? 0 }));
  markOutdated(repo, ordered.commits, new Set(tips));

  return {
    root: repo.root,
    trunk: trunk && { ref: trunk.name, hash: trunk.hash },
    head: { hash: headHash, branch: status.branch.head, detached: !status.branch.head && !!headHash, unborn: !headHash },
    commits: ordered.commits,
    stacks,
    uncommitted: summarize(status),
    state: {
      operation: inProgressOperation(repo.gitDir),
      detached: !status.branch.head && !!headHash,
      unborn: !headHash,
      shallow: repo.isShallow,
      worktree: repo.isWorktree,
    },
    warnings,
  };
}

/** Draft commits, newest first in topological order, plus their trunk parents marked as boundary. */
async function logDrafts(git: GitRunner, heads: string[], trunk: TrunkRef | undefined, noTrunkLimit: number): Promise<LogCommit[]> {
  if (heads.length === 0) return [];
  const args = ['log', '-z', `--format=${LOG_FORMAT}`, '--topo-order'];
  if (trunk) args.push('--boundary', ...heads, '--not', trunk.hash, '--');
  else args.push(`--max-count=${noTrunkLimit}`, ...heads, '--');
  return parseLog(await git.run(args));
}

/** Trunk commits worth a row: the bases of stacks, trunk tip, and HEAD when it sits on trunk. */
async function publicCommitsToShow(
  git: GitRunner,
  logged: LogCommit[],
  trunk: TrunkRef | undefined,
  headHash: string | undefined,
  drafts: Set<string>,
): Promise<LogCommit[]> {
  if (!trunk) return [];
  const bases = logged.filter((commit) => commit.boundary);
  const known = new Set(bases.map((commit) => commit.hash));
  const missing = unique([trunk.hash, ...(headHash && !drafts.has(headHash) ? [headHash] : [])]).filter((h) => !known.has(h));
  if (missing.length === 0) return bases;
  const extra = parseLog(await git.run(['log', '-z', `--format=${LOG_FORMAT}`, '--no-walk=unsorted', ...missing, '--']));
  return [...bases, ...extra.map((commit) => ({ ...commit, boundary: true }))];
}

/** For each public commit: how many trunk commits lie between it and trunk tip. */
async function distancesFromTip(git: GitRunner, publicCommits: LogCommit[], trunk: TrunkRef | undefined): Promise<Map<string, number>> {
  const distances = new Map<string, number>();
  if (!trunk) return distances;
  await Promise.all(
    publicCommits.map(async ({ hash }) => {
      const count = hash === trunk.hash ? 0 : Number(await git.run(['rev-list', '--count', `${hash}..${trunk.hash}`, '--']));
      distances.set(hash, count);
    }),
  );
  return distances;
}

/** Branch labels by commit; with `root` (this worktree), each local branch another worktree has checked out names it. */
export function branchLabels(refs: Ref[], root?: string): Map<string, BranchLabel[]> {
  const labels = new Map<string, BranchLabel[]>();
  for (const ref of refs) {
    const local = ref.name.startsWith('refs/heads/');
    if (!local && !ref.name.startsWith('refs/remotes/')) continue;
    if (ref.symref || ref.name.endsWith('/HEAD')) continue;
    const label: BranchLabel = {
      name: shortRefName(ref.name),
      remote: !local,
      upstream: ref.upstream && shortRefName(ref.upstream),
      ahead: ref.ahead,
      behind: ref.behind,
      upstreamGone: ref.upstreamGone,
    };
    if (local && root && ref.worktreePath && !samePath(ref.worktreePath, root)) label.worktree = ref.worktreePath;
    labels.set(ref.hash, [...(labels.get(ref.hash) ?? []), label]);
  }
  return labels;
}

function summarize(status: Status): Uncommitted {
  const count = (kind: string) => status.files.filter((file) => file.kinds.includes(kind as never)).length;
  return {
    staged: count('staged'),
    modified: count('modified'),
    untracked: count('untracked'),
    conflicted: count('conflicted'),
    files: status.files,
  };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
