// The smartlog: the commits a person cares about (their drafts, the trunk commits those hang off,
// trunk tip, "you are here") plus working-copy and repo state. Plain data, no behaviour.
import type { FileChange } from '../git/parsers/status';
import type { InProgressOperation } from '../git/repository';

export type Phase = 'draft' | 'public';

export interface BranchLabel {
  /** Short name: feature/x, or origin/feature/x for a remote branch. */
  name: string;
  remote: boolean;
  /** Local branches: the upstream's short name, when one is set. */
  upstream?: string;
  ahead: number;
  behind: number;
  /** The upstream is set but gone on the remote. */
  upstreamGone: boolean;
  /** Local branches checked out in another worktree: that worktree's folder. */
  worktree?: string;
}

export interface SmartlogCommit {
  hash: string;
  /** Real git parents. */
  parents: string[];
  title: string;
  author: string;
  authorEmail: string;
  /** Author time in seconds since the epoch: the commit's age (an amend or a restack keeps it). */
  date: number;
  /** Committer time: when this version was made. */
  committerDate: number;
  branches: BranchLabel[];
  phase: Phase;
  isHead: boolean;
  /** Public commits: the next older public commit shown, and how many trunk commits are folded between. */
  trunkBelow?: { hash: string; hidden: number };
  /** Public commits: the oldest one shown still has older history below it. */
  hasOlderHistory?: boolean;
  /** Draft commits: the id of the stack they belong to. */
  stackId?: string;
  /** Drafts: replaced by this newer version (amended or rewritten) while something still sits on this one. */
  outdatedBy?: string;
  /** Drafts: sits on an outdated version of its parent; `stackline restack` moves it onto the latest. */
  needsRestack?: boolean;
  /** Predicted smartlogs only (operations/predict.ts): git is still rewriting this commit; its hash will change. */
  rewriting?: boolean;
  /** Drafts of a stack checked out for review (someone else's, read-only): the PR it belongs to. */
  review?: ReviewMark;
}

export interface ReviewMark {
  pull: number;
  /** The PR's author on GitHub. */
  author: string;
  url?: string;
}

export interface Stack {
  /** Stable within one smartlog: the hash of the stack's bottom-most draft commit. */
  id: string;
  /** The trunk commit the stack is based on (the first-parent base of its bottom commit). */
  base: string;
  /** Trunk commits between the base and trunk tip (0 when based on the tip). */
  behindTrunk: number;
  /** Draft commits, top of the stack first. */
  commits: string[];
  /** A stack checked out for review: whose it is and its PRs, bottom first (read-only; your commits on top are yours). */
  review?: { authors: string[]; pulls: number[] };
}

export interface Uncommitted {
  staged: number;
  modified: number;
  untracked: number;
  conflicted: number;
  files: FileChange[];
}

export interface HeadInfo {
  hash?: string;
  /** The checked-out local branch; undefined when detached or unborn. */
  branch?: string;
  detached: boolean;
  unborn: boolean;
}

export interface RepoState {
  operation?: InProgressOperation;
  detached: boolean;
  unborn: boolean;
  shallow: boolean;
  worktree: boolean;
}

export interface Smartlog {
  root: string;
  trunk?: { ref: string; hash: string };
  head: HeadInfo;
  /** Row order: every commit comes before its parents; each stack sits just above its base. */
  commits: SmartlogCommit[];
  stacks: Stack[];
  uncommitted: Uncommitted;
  state: RepoState;
  /** Things the person should know, e.g. that no trunk was found. */
  warnings: string[];
}

/** Edges to draw: drafts to their real parents, public commits to the next older public one. */
export function graphParents(commit: SmartlogCommit): string[] {
  if (commit.phase === 'draft') return commit.parents;
  return commit.trunkBelow ? [commit.trunkBelow.hash] : [];
}
