// Review threads, review comments and submitted reviews in the stand-in: their state (settable by
// tests), GitHub's REST endpoints that write them (pulls/create-review-comment, the reply endpoint,
// pulls/create-review with its comments) and their JSON, completed from GitHub's OpenAPI description.
// The GraphQL side (reviewThreads, reviews, resolveReviewThread) lives in graphql.ts over this state.
import { complete, idOf, userJson } from './objects';
import type { OpenApiValidator } from './openapi';

export interface ReviewComment {
  id: number;
  user: string;
  body: string;
  createdAt: string;
  /** The commit the comment was made on. */
  commitId: string;
  /** The submitted review that carried it, when it came with one. */
  reviewId: number | null;
  replyTo: number | null;
}

export interface ReviewThread {
  /** GraphQL node id (PRRT_…), what resolveReviewThread takes. */
  id: string;
  repo: string;
  number: number;
  path: string;
  line: number;
  side: 'LEFT' | 'RIGHT';
  resolved: boolean;
  resolvedBy: string | null;
  comments: ReviewComment[];
}

export interface NewThread {
  path: string;
  line: number;
  side?: 'LEFT' | 'RIGHT';
  body: string;
  user: string;
  commitId: string;
  createdAt: string;
  reviewId?: number | null;
}

/** Every review thread of the stand-in, by PR. */
export class ReviewThreads {
  private readonly byPull = new Map<string, ReviewThread[]>();
  private nextComment = 1;
  private nextThread = 1;

  of(repo: string, number: number): ReviewThread[] {
    return this.byPull.get(`${repo.toLowerCase()}#${number}`) ?? [];
  }

  start(repo: string, number: number, input: NewThread): ReviewThread {
    const thread: ReviewThread = {
      id: `PRRT_${this.nextThread++}`,
      repo,
      number,
      path: input.path,
      line: input.line,
      side: input.side ?? 'RIGHT',
      resolved: false,
      resolvedBy: null,
      comments: [],
    };
    this.byPull.set(`${repo.toLowerCase()}#${number}`, [...this.of(repo, number), thread]);
    this.comment(thread, input, null);
    return thread;
  }

  reply(thread: ReviewThread, input: Omit<NewThread, 'path' | 'line' | 'side'>): ReviewComment {
    return this.comment(thread, input, thread.comments[0].id);
  }

  thread(id: string): ReviewThread | undefined {
    for (const threads of this.byPull.values()) {
      const found = threads.find((t) => t.id === id);
      if (found) return found;
    }
    return undefined;
  }

  /** The thread holding review comment `id` of a PR. */
  threadOfComment(repo: string, number: number, id: number): ReviewThread | undefined {
    return this.of(repo, number).find((t) => t.comments.some((c) => c.id === id));
  }

  private comment(thread: ReviewThread, input: Omit<NewThread, 'path' | 'line'>, replyTo: number | null) {
    const comment: ReviewComment = {
      id: this.nextComment++,
      user: input.user,
      body: input.body,
      createdAt: input.createdAt,
      commitId: input.commitId,
      reviewId: input.reviewId ?? null,
      replyTo,
    };
    thread.comments.push(comment);
    return comment;
  }
}

/** What the review endpoints need from the rest of the stand-in. */
export interface ReviewRoutesDeps {
  api: OpenApiValidator;
  baseUrl(): string;
  apiPrefix: string;
  now(): string;
  threads: ReviewThreads;
  pull(key: string, number: number): ReviewedPull | undefined;
  /** Line ranges of the PR's diff for one file on one side (GitHub refuses comments outside them). */
  diffLines(key: string, pull: ReviewedPull, path: string, side: 'LEFT' | 'RIGHT'): [number, number][];
  addReview(key: string, pull: ReviewedPull, review: ReviewedPull['reviews'][number]): void;
  notFound(): Error;
  validationFailed(errors: Record<string, unknown>[], message?: string): Error;
  /** A 422 whose errors are plain messages (GitHub's validation-error-simple, as pulls/create-review answers). */
  refused(messages: string[]): Error;
}

/** The part of the server's Pull these endpoints read. */
export interface ReviewedPull {
  number: number;
  user: string;
  state: 'open' | 'closed';
  head: { sha: string };
  reviews: {
    id: number;
    user: string;
    state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED';
    sha: string;
    submittedAt: string;
    body?: string;
  }[];
}

type Ctx = { key: string; op: { params: Record<string, string> }; body: Record<string, unknown>; login: string };
type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

const EVENTS = { APPROVE: 'APPROVED', REQUEST_CHANGES: 'CHANGES_REQUESTED', COMMENT: 'COMMENTED' } as const;

export function reviewRoutes(deps: ReviewRoutesDeps): Record<string, (ctx: Ctx) => Reply> {
  const pullOf = ({ key, op }: Ctx) => {
    const pull = deps.pull(key, Number(op.params.pull_number));
    if (!pull) throw deps.notFound();
    return pull;
  };
  /** GitHub's checks on a new comment: a path and line inside the PR's diff, on the PR's head or an earlier head. */
  /**
   * GitHub's checks on a new comment: a path and line inside the PR's diff. `simple`: answer as
   * pulls/create-review does (plain messages).
   */
  const checkPlace = (
    key: string,
    pull: ReviewedPull,
    place: { path: unknown; line: unknown; side: 'LEFT' | 'RIGHT' },
    simple: boolean,
  ) => {
    const { path, line, side } = place;
    const inDiff =
      typeof path === 'string' &&
      typeof line === 'number' &&
      deps.diffLines(key, pull, path, side).some(([from, to]) => line >= from && line <= to);
    if (inDiff) return;
    if (simple) throw deps.refused(['Line could not be resolved']);
    throw deps.validationFailed(
      [
        {
          resource: 'PullRequestReviewComment',
          code: 'custom',
          field: 'line',
          message: 'line must be part of the diff',
        },
      ],
      'Unprocessable Entity',
    );
  };
  const sideOf = (value: unknown) => (value === 'LEFT' ? 'LEFT' : 'RIGHT');
  const commentJson = (key: string, thread: ReviewThread, comment: ReviewComment) =>
    reviewCommentJson(deps, key, thread, comment);
  return {
    'pulls/create-review-comment': (ctx) => {
      const pull = pullOf(ctx);
      const { body, login, key } = ctx;
      if (typeof body.in_reply_to === 'number') {
        const thread = deps.threads.threadOfComment(key, pull.number, body.in_reply_to);
        if (!thread) throw deps.notFound();
        const reply = deps.threads.reply(thread, {
          body: String(body.body),
          user: login,
          commitId: pull.head.sha,
          createdAt: deps.now(),
        });
        return { status: 201, body: commentJson(key, thread, reply) };
      }
      const side = sideOf(body.side);
      checkPlace(key, pull, { path: body.path, line: body.line, side }, false);
      const thread = deps.threads.start(key, pull.number, {
        path: String(body.path),
        line: Number(body.line),
        side,
        body: String(body.body),
        user: login,
        commitId: typeof body.commit_id === 'string' ? body.commit_id : pull.head.sha,
        createdAt: deps.now(),
      });
      return { status: 201, body: commentJson(key, thread, thread.comments[0]) };
    },
    'pulls/create-reply-for-review-comment': (ctx) => {
      const pull = pullOf(ctx);
      const thread = deps.threads.threadOfComment(ctx.key, pull.number, Number(ctx.op.params.comment_id));
      if (!thread) throw deps.notFound();
      const reply = deps.threads.reply(thread, {
        body: String(ctx.body.body),
        user: ctx.login,
        commitId: pull.head.sha,
        createdAt: deps.now(),
      });
      return { status: 201, body: commentJson(ctx.key, thread, reply) };
    },
    'pulls/create-review': (ctx) => {
      const pull = pullOf(ctx);
      const { body, login, key } = ctx;
      const event = body.event as keyof typeof EVENTS | undefined;
      if (!event || !(event in EVENTS)) throw deps.refused(['the stand-in models submitted reviews only']);
      const text = typeof body.body === 'string' ? body.body : '';
      if (event !== 'APPROVE' && !text.trim() && !Array.isArray(body.comments))
        throw deps.refused(['Review body is required']);
      if (event !== 'COMMENT' && pull.user.toLowerCase() === login.toLowerCase())
        throw deps.refused([`Can not ${event === 'APPROVE' ? 'approve' : 'request changes on'} your own pull request`]);
      const sha = typeof body.commit_id === 'string' ? body.commit_id : pull.head.sha;
      const comments = (Array.isArray(body.comments) ? body.comments : []) as Record<string, unknown>[];
      for (const c of comments) checkPlace(key, pull, { path: c.path, line: c.line, side: sideOf(c.side) }, true);
      const review = {
        id: idOf(`${key}#${pull.number}`) + pull.reviews.length + 1,
        user: login,
        state: EVENTS[event],
        sha,
        submittedAt: deps.now(),
        body: text,
      };
      deps.addReview(key, pull, review);
      for (const c of comments)
        deps.threads.start(key, pull.number, {
          path: String(c.path),
          line: Number(c.line),
          side: sideOf(c.side),
          body: String(c.body),
          user: login,
          commitId: sha,
          createdAt: review.submittedAt,
          reviewId: review.id,
        });
      return { status: 200, body: reviewJson(deps, key, pull.number, review) };
    },
  };
}

function reviewCommentJson(deps: ReviewRoutesDeps, key: string, thread: ReviewThread, comment: ReviewComment) {
  const base = deps.baseUrl();
  const pullUrl = `${base}${deps.apiPrefix}/repos/${key}/pulls/${thread.number}`;
  const html = `${base}/${key}/pull/${thread.number}#discussion_r${comment.id}`;
  return complete(
    deps.api,
    'pull-request-review-comment',
    {
      url: `${base}${deps.apiPrefix}/repos/${key}/pulls/comments/${comment.id}`,
      id: comment.id,
      node_id: `PRRC_${comment.id}`,
      pull_request_review_id: comment.reviewId,
      diff_hunk: '',
      path: thread.path,
      commit_id: comment.commitId,
      original_commit_id: comment.commitId,
      user: userJson(deps.api, base, comment.user),
      body: comment.body,
      created_at: comment.createdAt,
      updated_at: comment.createdAt,
      html_url: html,
      pull_request_url: pullUrl,
      author_association: 'CONTRIBUTOR',
      _links: {
        self: { href: `${pullUrl}/comments/${comment.id}` },
        html: { href: html },
        pull_request: { href: pullUrl },
      },
      line: thread.line,
      side: thread.side,
      ...(comment.replyTo ? { in_reply_to_id: comment.replyTo } : {}),
    },
    base,
  );
}

function reviewJson(deps: ReviewRoutesDeps, key: string, number: number, review: ReviewedPull['reviews'][number]) {
  const base = deps.baseUrl();
  const pullUrl = `${base}${deps.apiPrefix}/repos/${key}/pulls/${number}`;
  const html = `${base}/${key}/pull/${number}#pullrequestreview-${review.id}`;
  return complete(
    deps.api,
    'pull-request-review',
    {
      id: review.id,
      node_id: `PRR_${review.id}`,
      user: userJson(deps.api, base, review.user),
      body: review.body ?? '',
      state: review.state,
      commit_id: review.sha,
      html_url: html,
      pull_request_url: pullUrl,
      _links: { html: { href: html }, pull_request: { href: pullUrl } },
      submitted_at: review.submittedAt,
      author_association: 'CONTRIBUTOR',
    },
    base,
  );
}

/** Line ranges (1-based, inclusive) of each hunk of a unified diff with no context, on one side. */
export function hunkRanges(diff: string, side: 'LEFT' | 'RIGHT'): [number, number][] {
  const ranges: [number, number][] = [];
  for (const m of diff.matchAll(/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/gm)) {
    const start = Number(side === 'LEFT' ? m[1] : m[3]);
    const count = Number((side === 'LEFT' ? m[2] : m[4]) ?? 1);
    if (count > 0) ranges.push([start, start + count - 1]);
  }
  return ranges;
}

/**
 * Where a line of the old version is in the new one, from a unified diff of the file with no
 * context (old → new): moved by the hunks above it, or undefined when a hunk changed it (GitHub then
 * marks the thread outdated). A file the diff deletes has no line left.
 */
export function lineAfter(diff: string, line: number): number | undefined {
  if (/^\+\+\+ \/dev\/null$/m.test(diff)) return undefined;
  let shift = 0;
  for (const m of diff.matchAll(/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/gm)) {
    const oldStart = Number(m[1]);
    const oldCount = Number(m[2] ?? 1);
    const newCount = Number(m[4] ?? 1);
    if (oldCount === 0) {
      // Lines inserted after old line oldStart.
      if (oldStart >= line) break;
      shift += newCount;
    } else if (oldStart + oldCount - 1 < line) shift += newCount - oldCount;
    else if (oldStart > line) break;
    else return undefined;
  }
  return line + shift;
}
