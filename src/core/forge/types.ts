// The Forge interface: what Stackline needs from a code host to submit, show and land stacked PRs.
// The GitHub implementation lives in ./github; the GitHub stand-in serves it in tests and the demo.

export interface RepoRef {
  owner: string;
  name: string;
}

export interface PullRequest {
  number: number;
  url: string;
  state: 'open' | 'closed';
  merged: boolean;
  draft: boolean;
  title: string;
  body: string;
  /** Branch name on the head repository. */
  headRef: string;
  /** Owner of the head repository (differs from the base owner for a PR from a fork). */
  headOwner: string;
  headSha: string;
  baseRef: string;
  requestedReviewers: string[];
  labels: string[];
}

export type MergeMethod = 'squash' | 'merge' | 'rebase';
export type ChecksRollup = 'passing' | 'failing' | 'pending' | 'none';
export type ReviewDecision = 'approved' | 'changes-requested' | 'review-required';

/** What the Stacks tree and the graph show for a commit with a PR. */
export interface PullStatus {
  number: number;
  url: string;
  state: 'open' | 'draft' | 'merged' | 'closed';
  checks: ChecksRollup;
  review: ReviewDecision;
  /** Conversation comments plus inline review threads. */
  comments: number;
  /** The PR's head and base branch on GitHub, and the head commit its checks ran on. */
  headRef: string;
  baseRef: string;
  headSha: string;
  /** In the base branch's merge queue: its place there, 1 = merges next. */
  queuePosition?: number;
}

export interface CreatePull {
  /** Branch on the head repository; `headOwner` makes it owner:branch (PRs from a fork). */
  head: string;
  headOwner?: string;
  base: string;
  title: string;
  body: string;
  draft: boolean;
}

export interface UpdatePull {
  base?: string;
  title?: string;
  body?: string;
  state?: 'open' | 'closed';
}

/** One check run or commit status the forge has for a commit (any CI that reports to it). */
export interface CommitCheckContext {
  name: string;
  state: 'passing' | 'failing' | 'pending';
  /** Where to read about it (the run's page), when the forge says. */
  url?: string;
  description?: string;
}

/** The check runs and commit statuses of one commit; `known` is false when the forge has no such commit. */
export interface CommitChecks {
  sha: string;
  known: boolean;
  contexts: CommitCheckContext[];
}

/** A native stack on GitHub: one linear chain of PRs in one repository, bottom first. */
export interface NativeStack {
  number: number;
  url: string;
  pulls: { number: number; open: boolean; merged: boolean }[];
}

/** Where an asynchronous merge is: `enqueued` in a merge queue, `failed` with GitHub's message. */
export interface MergeAsyncResult {
  status: 'pending' | 'merged' | 'enqueued' | 'failed';
  message: string;
  /** Set while pending: what to ask about the merge with. */
  uuid?: string;
  /** The merge commit, once merged. */
  sha?: string;
}

export interface Forge {
  /** The repository PRs are opened against. */
  readonly repo: RepoRef;
  /** Web address of the repository, for messages. */
  readonly webUrl: string;
  /** Whether the signed-in user can push branches to `repo` (else: push to their fork). */
  canPush(): Promise<boolean>;
  /** Every open PR of the repository (one paginated list call). */
  openPulls(): Promise<PullRequest[]>;
  createPull(input: CreatePull): Promise<PullRequest>;
  updatePull(number: number, changes: UpdatePull): Promise<PullRequest>;
  requestReviewers(number: number, logins: string[]): Promise<void>;
  addLabels(number: number, labels: string[]): Promise<void>;
  /** Whether the repository has native stacks: false where GitHub answers their endpoint 404. */
  nativeStacksAvailable(): Promise<boolean>;
  /** The native stack holding PR `number`, if any. */
  nativeStackOf(number: number): Promise<NativeStack | undefined>;
  /** A native stack of these PRs, bottom first; each PR's base must be the head of the one below. */
  createNativeStack(numbers: number[]): Promise<NativeStack>;
  /** Appends PRs on top of a native stack (GitHub adds on top only). */
  addToNativeStack(stack: number, numbers: number[]): Promise<NativeStack>;
  /** Takes every unmerged PR out of a native stack (the PRs stay open). */
  unstack(stack: number): Promise<void>;
  /** Starts a merge in the background; merging a stacked PR merges every PR below it too. */
  mergeAsync(number: number, method: MergeMethod, sha: string): Promise<MergeAsyncResult>;
  mergeAsyncResult(number: number, uuid: string): Promise<MergeAsyncResult>;
  /** Merges a PR; `sha` guards against merging a head that moved since it was checked. */
  mergePull(number: number, method: MergeMethod, sha: string): Promise<{ sha: string }>;
  deleteBranch(branch: string): Promise<void>;
  /** Checks and review of one PR, read fresh (for land's safety check). */
  readiness(
    pull: PullRequest,
  ): Promise<{ checks: ChecksRollup; failing: string[]; pending: string[]; review: ReviewDecision }>;
  /** Status of many PRs at once, by number: one request per refresh, not one per PR. PRs GitHub does not know are left out. */
  statuses(numbers: number[]): Promise<Map<number, PullStatus>>;
  /** Check runs and commit statuses of many commits at once (in `repo`, default the base repository); no PR needed. */
  commitChecks(shas: string[], repo?: RepoRef): Promise<Map<string, CommitChecks>>;
}
