// GitHub as a ReviewForge: batched GraphQL reads of a stack under review, and the documented writes
// of a review: review comments and replies (REST), resolving threads (GraphQL's resolveReviewThread
// and unresolveReviewThread; REST has none), a file's Viewed checkbox (markFileAsViewed and
// unmarkFileAsViewed, GraphQL only), and submitting a review with its comments (REST).
import type { RepoRef } from '../types';
import type {
  PendingComment,
  ReviewComment,
  ReviewEvent,
  ReviewForge,
  ReviewPull,
  StackLinks,
} from '../../review/types';
import type { Redactor } from '../redact';
import { queryRepo, toForgeError, type GitHubClient } from './client';
import { PULLS_PER_QUERY } from './pullStatusQuery';
import {
  addMorePages,
  continued,
  linksQuery,
  morePagesOf,
  morePagesQuery,
  threadsOf,
  type MoreAnswer,
  linksVariables,
  reviewStackQuery,
  toLink,
  toReviewPull,
  type RawLink,
  type RawReviewPull,
} from './reviewQueries';

/** Connections per follow-up request: 100 nodes each keeps a request far inside GitHub's node limit. */
const PAGES_PER_QUERY = 50;

export interface GitHubReviewsOptions {
  client: GitHubClient;
  repo: RepoRef;
  apiUrl: string;
  webUrl: string;
  redactor: Redactor;
}

const RESOLVE = `mutation StacklineResolveThread($id: ID!) { resolveReviewThread(input: { threadId: $id }) { thread { id isResolved } } }`;
const VIEWED = `mutation StacklineMarkViewed($id: ID!, $path: String!) { markFileAsViewed(input: { pullRequestId: $id, path: $path }) { clientMutationId } }`;
const UNVIEWED = `mutation StacklineUnmarkViewed($id: ID!, $path: String!) { unmarkFileAsViewed(input: { pullRequestId: $id, path: $path }) { clientMutationId } }`;
const UNRESOLVE = `mutation StacklineUnresolveThread($id: ID!) { unresolveReviewThread(input: { threadId: $id }) { thread { id isResolved } } }`;

export class GitHubReviews implements ReviewForge {
  readonly repo: RepoRef;
  readonly webUrl: string;

  constructor(private readonly options: GitHubReviewsOptions) {
    this.repo = options.repo;
    this.webUrl = options.webUrl;
  }

  private get params() {
    return { owner: this.repo.owner, repo: this.repo.name };
  }

  async links(query: { numbers: number[]; above: string[]; below: string[] }): Promise<StackLinks> {
    const data = await this.query<{
      viewer: { login: string };
      repository:
        | (Record<string, RawLink | { nodes: (RawLink | null)[] | null } | null> & {
            defaultBranchRef: { name: string } | null;
          })
        | null;
    }>(
      'find the pull requests of the stack',
      linksQuery(query.numbers, query.above, query.below),
      linksVariables(query.above, query.below),
    );
    const repository = data.repository ?? { defaultBranchRef: null };
    const list = (alias: string) =>
      ((repository[alias] as { nodes: (RawLink | null)[] | null } | null)?.nodes ?? [])
        .filter((x): x is RawLink => x !== null)
        .map(toLink);
    const pulls = new Map(
      query.numbers.flatMap((n) => {
        const raw = repository[`pr${n}`] as RawLink | null | undefined;
        return raw ? [[n, toLink(raw)] as const] : [];
      }),
    );
    return {
      viewer: data.viewer.login,
      trunk: repository.defaultBranchRef?.name ?? 'main',
      pulls,
      above: new Map(query.above.map((b, i) => [b, list(`above${i}`)])),
      below: new Map(query.below.map((h, i) => [h, list(`below${i}`)])),
    };
  }

  async reviewPulls(numbers: number[], viewer: string): Promise<Map<number, ReviewPull>> {
    const raws: RawReviewPull[] = [];
    for (let i = 0; i < numbers.length; i += PULLS_PER_QUERY) {
      const chunk = numbers.slice(i, i + PULLS_PER_QUERY);
      const data = await this.query<{ repository: Record<string, RawReviewPull | null> | null }>(
        'read the reviews, threads and checks of the stack',
        reviewStackQuery(chunk),
        { viewer },
      );
      for (const n of chunk) {
        const raw = data.repository?.[`pr${n}`];
        if (raw) raws.push(raw);
      }
    }
    await this.readOn(raws);
    return new Map(raws.map((raw) => [raw.number, toReviewPull(raw)]));
  }

  /** Reads every connection with more than a page to its end: one request per round, for all PRs at once. */
  private async readOn(raws: RawReviewPull[]): Promise<void> {
    let pages = morePagesOf(raws, raws.flatMap(threadsOf));
    while (pages.length > 0) {
      const round = pages.slice(0, PAGES_PER_QUERY);
      const { query, variables } = morePagesQuery(round);
      const answer = await this.query<MoreAnswer>(
        "read the rest of the stack's files, threads and checks",
        query,
        variables,
      );
      const newThreads = addMorePages(round, answer);
      pages = [
        ...pages.slice(PAGES_PER_QUERY),
        ...round.flatMap((page) => continued(page) ?? []),
        ...morePagesOf([], newThreads),
      ];
    }
  }

  async reply(number: number, commentId: number, body: string): Promise<ReviewComment> {
    const { data } = await this.call(`reply on #${number}`, () =>
      this.options.client.rest.pulls.createReplyForReviewComment({
        ...this.params,
        pull_number: number,
        comment_id: commentId,
        body,
      }),
    );
    return commentOf(data);
  }

  async startThread(number: number, commit: string, comment: PendingComment): Promise<ReviewComment> {
    const { data } = await this.call(`comment on ${comment.path} in #${number}`, () =>
      this.options.client.rest.pulls.createReviewComment({
        ...this.params,
        pull_number: number,
        commit_id: commit,
        path: comment.path,
        line: comment.line,
        side: comment.side,
        body: comment.body,
      }),
    );
    return commentOf(data);
  }

  async setResolved(threadId: string, resolved: boolean): Promise<void> {
    await this.query(resolved ? 'resolve the thread' : 'unresolve the thread', resolved ? RESOLVE : UNRESOLVE, {
      id: threadId,
    });
  }

  async setViewed(pullId: string, path: string, viewed: boolean): Promise<void> {
    await this.query(viewed ? `mark ${path} viewed` : `mark ${path} not viewed`, viewed ? VIEWED : UNVIEWED, {
      id: pullId,
      path,
    });
  }

  async submitReview(
    number: number,
    review: { event: ReviewEvent; body: string; commit: string; comments: PendingComment[] },
  ): Promise<void> {
    const what = { APPROVE: 'approve', REQUEST_CHANGES: 'request changes on', COMMENT: 'comment on' }[review.event];
    await this.call(`${what} #${number}`, () =>
      this.options.client.rest.pulls.createReview({
        ...this.params,
        pull_number: number,
        commit_id: review.commit,
        event: review.event,
        ...(review.body ? { body: review.body } : {}),
        ...(review.comments.length > 0
          ? { comments: review.comments.map((c) => ({ path: c.path, line: c.line, side: c.side, body: c.body })) }
          : {}),
      }),
    );
  }

  private async call<T>(what: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw toForgeError(error, this.options.redactor, this.options.apiUrl, what);
    }
  }

  /** A GraphQL request of this repository; PRs GitHub cannot find (a number named in a body, gone since) come back null. */
  private async query<T>(what: string, query: string, variables: Record<string, unknown>): Promise<T> {
    return queryRepo<T>(this.options, what, query, variables, true);
  }
}

function commentOf(data: {
  id: number;
  user: { login: string } | null;
  body: string;
  created_at: string;
  original_commit_id: string;
}): ReviewComment {
  return {
    id: data.id,
    author: data.user?.login ?? 'ghost',
    body: data.body,
    createdAt: data.created_at,
    originalCommit: data.original_commit_id,
  };
}
