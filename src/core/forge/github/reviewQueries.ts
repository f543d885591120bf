// The GraphQL reads of a stack review: `links` walks a stack along its bases (an alias per PR, per
// branch above and per branch below, in one request), and `reviewStack` reads the whole stack's
// files, threads, checks and the viewer's reviews in one request (an alias per PR); connections
// longer than a page go on in follow-up requests, one per round for every PR and thread that has more.
import type {
  PullLink,
  ReviewCheck,
  ReviewPull,
  ReviewPullState,
  ReviewThread,
  ViewedState,
  ViewerReview,
} from '../../review/types';
import { checksOfContext, type RollupContext } from './pullStatusQuery';

/** PRs per branch the walk asks about: more than one PR on a branch is rare; many is a fork in the stack. */
const PULLS_PER_BRANCH = 20;

const LINK_FRAGMENT = `fragment StacklineReviewLink on PullRequest {
  number
  state
  isDraft
  headRefName
  baseRefName
  body
}`;

/** Variables b0…, h0… carry the branch names (a name is data, never query text). */
export function linksQuery(numbers: number[], above: string[], below: string[]): string {
  const vars = [...above.map((_, i) => `$b${i}: String!`), ...below.map((_, i) => `$h${i}: String!`)];
  const lines = [
    ...numbers.map((n) => `    pr${n}: pullRequest(number: ${n}) { ...StacklineReviewLink }`),
    ...above.map(
      (_, i) =>
        `    above${i}: pullRequests(baseRefName: $b${i}, first: ${PULLS_PER_BRANCH}, states: [OPEN, MERGED, CLOSED]) { nodes { ...StacklineReviewLink } }`,
    ),
    ...below.map(
      (_, i) =>
        `    below${i}: pullRequests(headRefName: $h${i}, first: ${PULLS_PER_BRANCH}, states: [OPEN, MERGED, CLOSED]) { nodes { ...StacklineReviewLink } }`,
    ),
  ];
  return `query StacklineReviewLinks($owner: String!, $name: String!${vars.map((v) => `, ${v}`).join('')}) {
  viewer { login }
  repository(owner: $owner, name: $name) {
    defaultBranchRef { name }
${lines.join('\n')}
  }
}
${LINK_FRAGMENT}`;
}

export function linksVariables(above: string[], below: string[]): Record<string, string> {
  return Object.fromEntries([...above.map((b, i) => [`b${i}`, b]), ...below.map((h, i) => [`h${i}`, h])]);
}

export interface RawLink {
  number: number;
  state: 'OPEN' | 'CLOSED' | 'MERGED';
  isDraft: boolean;
  headRefName: string;
  baseRefName: string;
  body: string;
}

export function toLink(raw: RawLink): PullLink {
  return {
    number: raw.number,
    state: stateOf(raw),
    headRef: raw.headRefName,
    baseRef: raw.baseRefName,
    body: raw.body,
  };
}

function stateOf(raw: { state: 'OPEN' | 'CLOSED' | 'MERGED'; isDraft: boolean }): ReviewPullState {
  return raw.state === 'MERGED' ? 'merged' : raw.state === 'CLOSED' ? 'closed' : raw.isDraft ? 'draft' : 'open';
}

/** GitHub's page limit: longer connections are read on from `endCursor` in follow-up requests. */
const PAGE = 100;

const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';
const FILE_NODES = `nodes { path viewerViewedState }`;
const COMMENT_NODES = `nodes { databaseId author { login } body createdAt originalCommit { oid } }`;
const CONTEXT_NODES = `nodes {
              __typename
              ... on CheckRun { name status conclusion detailsUrl }
              ... on StatusContext { context state targetUrl }
            }`;

const THREAD_FRAGMENT = `fragment StacklineReviewThread on PullRequestReviewThread {
  id
  isResolved
  isOutdated
  path
  line
  originalLine
  diffSide
  comments(first: ${PAGE}) { ${PAGE_INFO} ${COMMENT_NODES} }
}`;

/** The viewer's reviews: the last 50 are plenty to know the head of their latest one. */
const REVIEW_FRAGMENT = `fragment StacklineReviewPull on PullRequest {
  id
  number
  url
  title
  state
  isDraft
  author { login }
  headRefName
  headRefOid
  baseRefName
  baseRefOid
  reviewDecision
  reviews(author: $viewer, last: 50) { nodes { state submittedAt commit { oid } } }
  files(first: ${PAGE}) { ${PAGE_INFO} ${FILE_NODES} }
  reviewThreads(first: ${PAGE}) { ${PAGE_INFO} nodes { ...StacklineReviewThread } }
  commits(last: 1) {
    nodes {
      commit {
        statusCheckRollup {
          contexts(first: ${PAGE}) {
            ${PAGE_INFO}
            ${CONTEXT_NODES}
          }
        }
      }
    }
  }
}`;

export function reviewStackQuery(numbers: number[]): string {
  const aliases = numbers.map((n) => `    pr${n}: pullRequest(number: ${n}) { ...StacklineReviewPull }`).join('\n');
  return `query StacklineReviewStack($owner: String!, $name: String!, $viewer: String!) {\n  repository(owner: $owner, name: $name) {\n${aliases}\n  }\n}\n${REVIEW_FRAGMENT}\n${THREAD_FRAGMENT}`;
}

type Nodes<T> = { nodes: (T | null)[] | null } | null;
interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}
type Paged<T> = { pageInfo: PageInfo; nodes: (T | null)[] | null };

interface RawComment {
  databaseId: number | null;
  author: { login: string } | null;
  body: string;
  createdAt: string;
  originalCommit: { oid: string } | null;
}

interface RawThread {
  id: string;
  isResolved: boolean;
  isOutdated: boolean;
  path: string;
  line: number | null;
  originalLine: number | null;
  diffSide: 'LEFT' | 'RIGHT';
  comments: Paged<RawComment>;
}

type RawContext = RollupContext & { detailsUrl?: string | null; targetUrl?: string | null };
type RawFile = { path: string; viewerViewedState: ViewedState };

export interface RawReviewPull {
  id: string;
  number: number;
  url: string;
  title: string;
  state: 'OPEN' | 'CLOSED' | 'MERGED';
  isDraft: boolean;
  author: { login: string } | null;
  headRefName: string;
  headRefOid: string;
  baseRefName: string;
  baseRefOid: string | null;
  reviewDecision: 'APPROVED' | 'CHANGES_REQUESTED' | 'REVIEW_REQUIRED' | null;
  reviews: Nodes<{ state: ViewerReview['state']; submittedAt: string | null; commit: { oid: string } | null }>;
  files: Paged<RawFile> | null;
  reviewThreads: Paged<RawThread>;
  commits: Nodes<{ commit: { statusCheckRollup: { contexts: Paged<RawContext> } | null } }>;
}

/** A connection with more to read: where it is in the answers read so far, and where to go on from. */
export type MorePage =
  | { kind: 'files' | 'threads' | 'checks'; pull: RawReviewPull; after: string }
  | { kind: 'comments'; thread: RawThread; after: string };

function rollupOf(pull: RawReviewPull): { contexts: Paged<RawContext> } | null {
  return present(pull.commits)[0]?.commit.statusCheckRollup ?? null;
}

function more(page: Paged<unknown> | null | undefined): string | undefined {
  return page?.pageInfo.hasNextPage && page.pageInfo.endCursor ? page.pageInfo.endCursor : undefined;
}

/** The connections of these PRs (and of the threads in `threads`) that have a next page. */
export function morePagesOf(pulls: RawReviewPull[], threads: RawThread[]): MorePage[] {
  const pages: MorePage[] = [];
  for (const pull of pulls) {
    const files = more(pull.files);
    const ts = more(pull.reviewThreads);
    const checks = more(rollupOf(pull)?.contexts);
    if (files) pages.push({ kind: 'files', pull, after: files });
    if (ts) pages.push({ kind: 'threads', pull, after: ts });
    if (checks) pages.push({ kind: 'checks', pull, after: checks });
  }
  for (const thread of threads) {
    const comments = more(thread.comments);
    if (comments) pages.push({ kind: 'comments', thread, after: comments });
  }
  return pages;
}

/** The same connection again when the page just added to it says there is more. */
export function continued(page: MorePage): MorePage | undefined {
  if (page.kind === 'comments') {
    const after = more(page.thread.comments);
    return after ? { ...page, after } : undefined;
  }
  const after = more(
    page.kind === 'files'
      ? page.pull.files
      : page.kind === 'threads'
        ? page.pull.reviewThreads
        : rollupOf(page.pull)?.contexts,
  );
  return after ? { ...page, after } : undefined;
}

export function threadsOf(pull: RawReviewPull): RawThread[] {
  return present(pull.reviewThreads);
}

/**
 * One follow-up request for the next page of each connection: an alias per PR connection (under
 * the repository) and per thread (a node id); cursors and ids are variables, never query text.
 */
export function morePagesQuery(pages: MorePage[]): { query: string; variables: Record<string, string> } {
  const variables: Record<string, string> = {};
  const inRepo: string[] = [];
  const nodes: string[] = [];
  pages.forEach((page, i) => {
    variables[`c${i}`] = page.after;
    const next = `first: ${PAGE}, after: $c${i}`;
    if (page.kind === 'comments') {
      variables[`t${i}`] = page.thread.id;
      nodes.push(
        `  m${i}: node(id: $t${i}) { ... on PullRequestReviewThread { comments(${next}) { ${PAGE_INFO} ${COMMENT_NODES} } } }`,
      );
      return;
    }
    const field =
      page.kind === 'files'
        ? `files(${next}) { ${PAGE_INFO} ${FILE_NODES} }`
        : page.kind === 'threads'
          ? `reviewThreads(${next}) { ${PAGE_INFO} nodes { ...StacklineReviewThread } }`
          : `commits(last: 1) { nodes { commit { statusCheckRollup { contexts(${next}) { ${PAGE_INFO} ${CONTEXT_NODES} } } } } }`;
    inRepo.push(`    m${i}: pullRequest(number: ${page.pull.number}) { ${field} }`);
  });
  // A round of thread comments only has no repository part, and declares no owner and name.
  const vars = [
    ...(inRepo.length > 0 ? ['$owner: String!', '$name: String!'] : []),
    ...pages.flatMap((page, i) => [`$c${i}: String!`, ...(page.kind === 'comments' ? [`$t${i}: ID!`] : [])]),
  ];
  const repository = inRepo.length > 0 ? `  repository(owner: $owner, name: $name) {\n${inRepo.join('\n')}\n  }\n` : '';
  const threadFragment = pages.some((p) => p.kind === 'threads') ? `\n${THREAD_FRAGMENT}` : '';
  return {
    query: `query StacklineReviewMore(${vars.join(', ')}) {\n${repository}${nodes.join('\n')}\n}${threadFragment}`,
    variables,
  };
}

export interface MoreAnswer {
  repository?: Record<string, Partial<RawReviewPull> | null> | null;
  [alias: string]: unknown;
}

/**
 * Adds each next page to the connection it continues (nodes appended, pageInfo replaced); returns
 * the threads that came with it, whose comments may have pages of their own.
 */
export function addMorePages(pages: MorePage[], answer: MoreAnswer): RawThread[] {
  const newThreads: RawThread[] = [];
  const extend = <T>(into: Paged<T>, page: Paged<T> | null | undefined) => {
    if (!page) {
      // Gone since (a thread deleted, a PR closed and its rollup dropped): stop reading this one.
      into.pageInfo = { hasNextPage: false, endCursor: null };
      return;
    }
    into.nodes = [...(into.nodes ?? []), ...(page.nodes ?? [])];
    into.pageInfo = page.pageInfo;
  };
  pages.forEach((page, i) => {
    if (page.kind === 'comments') {
      const node = answer[`m${i}`] as { comments?: Paged<RawComment> } | null | undefined;
      extend(page.thread.comments, node?.comments);
      return;
    }
    const raw = answer.repository?.[`m${i}`];
    if (page.kind === 'files') {
      if (page.pull.files) extend(page.pull.files, raw?.files);
    } else if (page.kind === 'threads') {
      const before = page.pull.reviewThreads.nodes?.length ?? 0;
      extend(page.pull.reviewThreads, raw?.reviewThreads);
      newThreads.push(...present(page.pull.reviewThreads).slice(before));
    } else {
      const rollup = rollupOf(page.pull);
      const next = raw ? rollupOf(raw as RawReviewPull)?.contexts : undefined;
      if (rollup) extend(rollup.contexts, next);
    }
  });
  return newThreads;
}

const DECISIONS = {
  APPROVED: 'approved',
  CHANGES_REQUESTED: 'changes-requested',
  REVIEW_REQUIRED: 'review-required',
} as const;

function present<T>(list: Nodes<T> | undefined): T[] {
  return (list?.nodes ?? []).filter((x): x is T => x !== null);
}

export function toReviewPull(raw: RawReviewPull): ReviewPull {
  const contexts = present(rollupOf(raw)?.contexts);
  return {
    id: raw.id,
    number: raw.number,
    url: raw.url,
    title: raw.title,
    // A deleted account shows as GitHub's "ghost".
    author: raw.author?.login ?? 'ghost',
    state: stateOf(raw),
    headRef: raw.headRefName,
    headSha: raw.headRefOid,
    baseRef: raw.baseRefName,
    baseSha: raw.baseRefOid ?? undefined,
    reviewDecision: raw.reviewDecision ? DECISIONS[raw.reviewDecision] : undefined,
    viewerReviews: present(raw.reviews).map((r) => ({
      state: r.state,
      commit: r.commit?.oid,
      submittedAt: r.submittedAt ?? undefined,
    })),
    threads: present(raw.reviewThreads).map((t): ReviewThread => ({
      id: t.id,
      path: t.path,
      // GitHub keeps `line` on an outdated thread only where it could move it; shown outdated either way.
      line: t.isOutdated ? undefined : (t.line ?? undefined),
      originalLine: t.originalLine ?? undefined,
      side: t.diffSide,
      resolved: t.isResolved,
      outdated: t.isOutdated,
      comments: present(t.comments).map((c) => ({
        id: c.databaseId ?? 0,
        author: c.author?.login ?? 'ghost',
        body: c.body,
        createdAt: c.createdAt,
        originalCommit: c.originalCommit?.oid,
      })),
    })),
    checks: contexts.map((c): ReviewCheck => ({
      name: c.__typename === 'CheckRun' ? c.name : c.context,
      state: checksOfContext(c),
      ...((c.detailsUrl ?? c.targetUrl) ? { url: (c.detailsUrl ?? c.targetUrl)! } : {}),
    })),
    files: present(raw.files).map((f) => ({ path: f.path, viewed: f.viewerViewedState })),
  };
}
