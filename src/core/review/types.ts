// What a stack review reads and writes: the PRs of someone's stack with their threads, reviews and
// checks, and the ReviewForge that reads them in batched queries and writes through the documented
// endpoints. The GitHub implementation lives in ../forge/github/reviews.ts.
import type { RepoRef } from '../forge/types';

export type ReviewPullState = 'open' | 'draft' | 'merged' | 'closed';

/** What the walk along bases needs of a PR. */
export interface PullLink {
  number: number;
  state: ReviewPullState;
  headRef: string;
  baseRef: string;
  body: string;
}

export interface ReviewComment {
  /** REST id (what a reply names). */
  id: number;
  author: string;
  body: string;
  createdAt: string;
  /** The commit the comment was written on (where an outdated thread still has its line). */
  originalCommit: string | undefined;
}

export interface ReviewThread {
  /** GraphQL node id (what resolve takes). */
  id: string;
  path: string;
  /** Line in the file on `side`; undefined when GitHub no longer places it (outdated). */
  line: number | undefined;
  /** The line it was written on, in the file at the first comment's `originalCommit`. */
  originalLine: number | undefined;
  side: 'LEFT' | 'RIGHT';
  resolved: boolean;
  /** The lines it was written on changed since: it belongs to an older version of the change. */
  outdated: boolean;
  comments: ReviewComment[];
}

export interface ReviewCheck {
  name: string;
  state: 'passing' | 'failing' | 'pending';
  url?: string;
}

export interface ViewerReview {
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  /** The head the review was made at. */
  commit: string | undefined;
  submittedAt: string | undefined;
}

/**
 * GitHub's "Viewed" checkbox of a file, per reviewer: DISMISSED when the file changed since it was
 * marked (GitHub unmarks it), UNVIEWED when never marked.
 */
export type ViewedState = 'VIEWED' | 'UNVIEWED' | 'DISMISSED';

export interface ReviewFile {
  path: string;
  viewed: ViewedState;
}

export interface ReviewPull {
  /** GraphQL node id (what markFileAsViewed takes). */
  id: string;
  number: number;
  url: string;
  title: string;
  author: string;
  state: ReviewPullState;
  headRef: string;
  headSha: string;
  baseRef: string;
  /** The base branch's tip as GitHub has it (undefined when the branch is gone). */
  baseSha: string | undefined;
  reviewDecision: 'approved' | 'changes-requested' | 'review-required' | undefined;
  /** The signed-in user's reviews, oldest first. */
  viewerReviews: ViewerReview[];
  threads: ReviewThread[];
  checks: ReviewCheck[];
  /** Every file of the PR's diff on GitHub, with whether the signed-in user marked it viewed. */
  files: ReviewFile[];
}

/** A comment to send with a review (pending until the review is submitted). */
export interface PendingComment {
  path: string;
  line: number;
  side: 'LEFT' | 'RIGHT';
  body: string;
}

export type ReviewEvent = 'APPROVE' | 'REQUEST_CHANGES' | 'COMMENT';

export interface StackLinks {
  viewer: string;
  trunk: string;
  pulls: Map<number, PullLink>;
  /** PRs by the base branch asked for in `above`. */
  above: Map<string, PullLink[]>;
  /** PRs by the head branch asked for in `below`. */
  below: Map<string, PullLink[]>;
}

export interface ReviewForge {
  readonly repo: RepoRef;
  /** Web address of the repository (https://github.com/o/r or https://ghes.host/o/r). */
  readonly webUrl: string;
  /** One request: the given PRs, the PRs based on each branch in `above`, the PRs whose head is each branch in `below`. */
  links(query: { numbers: number[]; above: string[]; below: string[] }): Promise<StackLinks>;
  /**
   * One request for the whole stack: each PR with its files, threads, checks and the viewer's
   * reviews; connections longer than a page are read on in follow-up requests, batched across PRs.
   */
  reviewPulls(numbers: number[], viewer: string): Promise<Map<number, ReviewPull>>;
  reply(number: number, commentId: number, body: string): Promise<ReviewComment>;
  startThread(number: number, commit: string, comment: PendingComment): Promise<ReviewComment>;
  setResolved(threadId: string, resolved: boolean): Promise<void>;
  /** Ticks (or clears) GitHub's Viewed checkbox of one file of a PR, for the signed-in user. */
  setViewed(pullId: string, path: string, viewed: boolean): Promise<void>;
  submitReview(
    number: number,
    review: { event: ReviewEvent; body: string; commit: string; comments: PendingComment[] },
  ): Promise<void>;
}
