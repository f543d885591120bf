// GitHub's GraphQL API in the stand-in. Every query is parsed and validated against GitHub's published
// schema (@octokit/graphql-schema) and executed against that schema by graphql-js, with resolvers
// over the stand-in's PRs, check runs, commit statuses and reviews: the answer has the shape the
// real schema gives, and a query github.com would reject is rejected here and counted as a mismatch.
// Only what Stackline asks for is modeled; any other field is reported as a mismatch too.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  execute,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import type { ReviewThread } from './reviews';
import { nodeIdOf } from './objects';
import type { Check, CommitStatus, Pull, Review } from './server';

let shared: GraphQLSchema | undefined;

/** GitHub's schema, built once per process (1.2 MB of SDL). */
export function githubGraphqlSchema(): GraphQLSchema {
  if (!shared) {
    // The package exports only its ESM entry, so the SDL file is found next to it on the resolve paths.
    const dir = require.resolve
      .paths('@octokit/graphql-schema')
      ?.find((d) => existsSync(join(d, '@octokit/graphql-schema/schema.graphql')));
    if (!dir) throw new Error('@octokit/graphql-schema is not installed');
    // GitHub's SDL declares two fields of EnterpriseOwnerInfo twice (identically), which strict SDL
    // validation refuses; the schema built from it validates (graphql's validateSchema finds nothing).
    shared = buildSchema(readFileSync(join(dir, '@octokit/graphql-schema/schema.graphql'), 'utf8'), {
      assumeValidSDL: true,
    });
  }
  return shared;
}

/** What the resolvers read: the stand-in's state. */
export interface GraphqlWorld {
  repo(key: string): { owner: string; name: string; defaultBranch: string; reviewRequiredOn: Set<string> } | undefined;
  pulls(key: string): Pull[];
  checks(key: string, sha: string): Check[];
  statuses(key: string, sha: string): CommitStatus[];
  /** Whether the repository has this commit (pushed to any branch, or reachable from one). */
  hasCommit(key: string, sha: string): boolean;
  htmlUrl(pull: Pull): string;
  branchSha(key: string, ref: string): string | undefined;
  threads(key: string, number: number): ReviewThread[];
  /** The PR's place in its base branch's merge queue (1 = next), when it is in one. */
  queuePosition(key: string, number: number): number | undefined;
  /** Resolves or unresolves a review thread by node id; undefined when there is no such thread. */
  setResolved(id: string, resolved: boolean, login: string): ReviewThread | undefined;
  thread(id: string): ReviewThread | undefined;
  /** Where the thread's line is at the PR's head now; `line` null when its lines changed since (outdated). */
  threadPlace(key: string, thread: ReviewThread): { line: number | null; outdated: boolean };
  /** The files of the PR's diff (its head against the merge base with its base branch), in path order. */
  pullFiles(key: string, pull: Pull): PullFile[];
  /** GitHub's Viewed checkbox of a file for one user. */
  viewedState(key: string, pull: Pull, login: string, path: string): 'VIEWED' | 'UNVIEWED' | 'DISMISSED';
  /** Ticks or clears it; undefined when no PR has this node id. */
  setViewed(pullId: string, path: string, login: string, viewed: boolean): { key: string; pull: Pull } | undefined;
}

export interface PullFile {
  path: string;
  additions: number;
  deletions: number;
  changeType: 'ADDED' | 'DELETED' | 'MODIFIED' | 'RENAMED' | 'COPIED' | 'CHANGED';
}

export interface GraphqlAnswer {
  body: { data?: unknown; errors?: object[] };
  /** Name of the operation run, for the call log. */
  operationName?: string;
  mutation: boolean;
  /** Problems that mean Stackline sent what GitHub would refuse, or asked for what the stand-in does not model. */
  violations: string[];
}

/** An error GitHub itself would answer with (it carries GitHub's `type`, e.g. NOT_FOUND). */
function githubError(type: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { type } });
}

export type PreparedGraphql =
  | { ok: true; document: DocumentNode; variables: Record<string, unknown>; operationName?: string; mutation: boolean }
  | { ok: false; answer: GraphqlAnswer };

/** Parses one GraphQL request body and validates its query against GitHub's schema. */
export function prepareGraphql(request: unknown): PreparedGraphql {
  const { query, variables, operationName } = (request ?? {}) as {
    query?: unknown;
    variables?: unknown;
    operationName?: unknown;
  };
  if (
    typeof query !== 'string' ||
    (variables != null && typeof variables !== 'object') ||
    (operationName != null && typeof operationName !== 'string')
  ) {
    return refused(
      'a GraphQL request needs a "query" string and optional "variables" object and "operationName"',
      'Problems parsing JSON',
    );
  }
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return refused(`query does not parse: ${(error as Error).message}`, (error as Error).message);
  }
  const invalid = validate(githubGraphqlSchema(), document);
  if (invalid.length > 0) {
    return {
      ok: false,
      answer: {
        body: { errors: invalid.map((e) => e.toJSON()) },
        mutation: false,
        violations: invalid.map((e) => `query is invalid against GitHub's schema: ${e.message}`),
      },
    };
  }
  const name = typeof operationName === 'string' ? operationName : undefined;
  const operation = document.definitions.find(
    (d) => d.kind === 'OperationDefinition' && (!name || d.name?.value === name),
  );
  if (operation?.kind !== 'OperationDefinition')
    return refused(`no operation named ${name}`, `No operation named "${name}"`);
  return {
    ok: true,
    document,
    variables: (variables ?? {}) as Record<string, unknown>,
    operationName: operation.name?.value,
    mutation: operation.operation !== 'query',
  };
}

/** Runs a validated request against GitHub's schema, with resolvers over the stand-in's state. */
export function executeGraphql(
  world: GraphqlWorld,
  request: Extract<PreparedGraphql, { ok: true }>,
  login: string,
): GraphqlAnswer {
  const result = execute({
    schema: githubGraphqlSchema(),
    document: request.document,
    rootValue: rootOf(world, login),
    variableValues: request.variables,
    operationName: request.operationName,
    fieldResolver: strictField,
  });
  if ('then' in result) throw new Error('the stand-in resolves synchronously');
  const errors = (result.errors ?? []).map((e) => {
    const type = e.extensions?.type;
    return { ...(typeof type === 'string' ? { type } : {}), path: e.path, locations: e.locations, message: e.message };
  });
  return {
    body: { ...(result.data !== undefined ? { data: result.data } : {}), ...(errors.length > 0 ? { errors } : {}) },
    operationName: request.operationName,
    mutation: request.mutation,
    // NOT_FOUND is an answer about GitHub's data; a query GitHub refuses, or an error without GitHub's
    // `type` (the stand-in does not model what was asked), is a mismatch.
    violations: (result.errors ?? [])
      .filter((e) => e.extensions?.type !== 'NOT_FOUND')
      .map((e) => `${e.path?.join('.') ?? 'request'}: ${e.message}`),
  };
}

function refused(violation: string, message: string): PreparedGraphql {
  return { ok: false, answer: { body: { errors: [{ message }] }, mutation: false, violations: [violation] } };
}

/** Reads a field from the resolved object (calling it when it is a function); a field not there is not modeled. */
const strictField: GraphQLFieldResolver<unknown, unknown> = (source, args, _context, info) => {
  const object = source as Record<string, unknown>;
  if (!(info.fieldName in object))
    throw new Error(`the stand-in does not model ${info.parentType.name}.${info.fieldName}`);
  const value = object[info.fieldName];
  return typeof value === 'function' ? (value as (a: unknown) => unknown)(args) : value;
};

interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** GitHub's cursors are opaque strings; the stand-in's hold the position of the node in its list. */
function cursorAt(index: number): string {
  return Buffer.from(`cursor:v2:${index}`).toString('base64');
}

function indexOfCursor(cursor: string): number {
  const m = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString());
  if (!m) throw githubError('INVALID_CURSOR_ARGUMENTS', `\`${cursor}\` does not appear to be a valid cursor.`);
  return Number(m[1]);
}

/**
 * A connection as GitHub pages it: nodes need `first` or `last` (at most 100), and go on from a
 * cursor (`after` the endCursor of a page, `before` a startCursor). `items` may be only a count
 * (the stand-in keeps how many comments there are, not their text), or only the last item.
 */
function connection<T>(
  name: string,
  args: PageArgs,
  items: T[] | { count: number } | { last: T },
): Record<string, unknown> {
  const window = (): { nodes: T[]; from: number; all: number } => {
    if (args.first == null && args.last == null)
      throw githubError(
        'MISSING_PAGINATION_BOUNDARIES',
        `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`,
      );
    const bound = args.first != null ? 'first' : 'last';
    const size = (args.first ?? args.last)!;
    if (size < 0 || size > 100)
      throw githubError(
        'EXCESSIVE_PAGINATION',
        `Requesting ${size} records on the \`${name}\` connection exceeds the \`${bound}\` limit of 100 records.`,
      );
    if ('last' in items && !Array.isArray(items)) {
      if (bound !== 'last' || args.after != null || args.before != null)
        throw new Error(`the stand-in models only the last item of ${name}`);
      return { nodes: size === 0 ? [] : [items.last], from: 0, all: 1 };
    }
    if (!Array.isArray(items)) throw new Error(`the stand-in models only the count of ${name}`);
    // The slice between the cursors, then `first` from its start or `last` from its end.
    const start = args.after != null ? indexOfCursor(args.after) + 1 : 0;
    const end = args.before != null ? indexOfCursor(args.before) : items.length;
    const between = items.slice(start, Math.max(start, end));
    const from = bound === 'first' ? start : start + Math.max(0, between.length - size);
    const nodes = bound === 'first' ? between.slice(0, size) : between.slice(Math.max(0, between.length - size));
    return { nodes, from, all: items.length };
  };
  const total = Array.isArray(items) ? items.length : 'count' in items ? items.count : undefined;
  return {
    nodes: () => window().nodes,
    ...(total !== undefined ? { totalCount: total } : {}),
    pageInfo: () => {
      const { nodes, from, all } = window();
      return {
        hasNextPage: from + nodes.length < all,
        hasPreviousPage: from > 0,
        startCursor: nodes.length > 0 ? cursorAt(from) : null,
        endCursor: nodes.length > 0 ? cursorAt(from + nodes.length - 1) : null,
      };
    },
  };
}

const PULL_STATE = (pull: Pull) => (pull.merged ? 'MERGED' : pull.state === 'open' ? 'OPEN' : 'CLOSED');

function rootOf(world: GraphqlWorld, login: string): Record<string, unknown> {
  const resolve =
    (resolved: boolean) =>
    ({ input }: { input: { threadId: string } }) => {
      const thread = world.setResolved(input.threadId, resolved, login);
      if (!thread)
        throw githubError('NOT_FOUND', `Could not resolve to a node with the global id of '${input.threadId}'.`);
      return { clientMutationId: null, thread: threadNode(world, thread) };
    };
  const view =
    (viewed: boolean) =>
    ({ input }: { input: { pullRequestId: string; path: string } }) => {
      const found = world.setViewed(input.pullRequestId, input.path, login, viewed);
      if (!found)
        throw githubError('NOT_FOUND', `Could not resolve to a node with the global id of '${input.pullRequestId}'.`);
      const repo = world.repo(found.key)!;
      return {
        clientMutationId: null,
        pullRequest: pullNode(world, found.key, repo.reviewRequiredOn, found.pull, login),
      };
    };
  return {
    viewer: { login },
    resolveReviewThread: resolve(true),
    unresolveReviewThread: resolve(false),
    markFileAsViewed: view(true),
    unmarkFileAsViewed: view(false),
    // Only review threads are modeled as nodes.
    node: ({ id }: { id: string }) => {
      const thread = world.thread(id);
      if (!thread) throw githubError('NOT_FOUND', `Could not resolve to a node with the global id of '${id}'.`);
      return { __typename: 'PullRequestReviewThread', ...threadNode(world, thread) };
    },
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = world.repo(`${owner}/${name}`);
      if (!repo) throw githubError('NOT_FOUND', `Could not resolve to a Repository with the name '${owner}/${name}'.`);
      const key = `${repo.owner}/${repo.name}`;
      return {
        name: repo.name,
        nameWithOwner: key,
        defaultBranchRef: { name: repo.defaultBranch },
        pullRequest: ({ number }: { number: number }) => {
          const pull = world.pulls(key).find((p) => p.number === number);
          if (!pull) throw githubError('NOT_FOUND', `Could not resolve to a PullRequest with the number of ${number}.`);
          return pullNode(world, key, repo.reviewRequiredOn, pull, login);
        },
        // In GitHub's default order: oldest first.
        pullRequests: (args: PageArgs & { states?: string[]; headRefName?: string; baseRefName?: string }) =>
          connection(
            'pullRequests',
            args,
            world
              .pulls(key)
              .filter(
                (p) =>
                  (!args.states || args.states.includes(PULL_STATE(p))) &&
                  (args.headRefName == null || p.head.ref === args.headRefName) &&
                  (args.baseRefName == null || p.base.ref === args.baseRefName),
              )
              .map((p) => pullNode(world, key, repo.reviewRequiredOn, p, login)),
          ),
        // Only commits are modeled: a tree or blob id answers null, as an unknown object does on GitHub.
        object: ({ oid }: { oid: string }) => (world.hasCommit(key, oid) ? commitNode(world, key, oid) : null),
      };
    },
  };
}

function pullNode(
  world: GraphqlWorld,
  key: string,
  reviewRequiredOn: Set<string>,
  pull: Pull,
  login: string,
): Record<string, unknown> {
  const opinions = latestOpinions(pull.reviews);
  const threads = world.threads(key, pull.number);
  const [headOwner] = pull.head.repo.split('/');
  return {
    id: nodeIdOf('PR', pull.repo, pull.number),
    number: pull.number,
    title: pull.title,
    body: pull.body ?? '',
    author: { __typename: 'User', login: pull.user },
    url: world.htmlUrl(pull),
    state: PULL_STATE(pull),
    isDraft: pull.draft,
    reviewDecision: reviewRequiredOn.has(pull.base.ref) ? decisionOf(opinions) : null,
    headRefName: pull.head.ref,
    baseRefName: pull.base.ref,
    headRefOid: pull.head.sha,
    baseRefOid: world.branchSha(key, pull.base.ref) ?? null,
    headRepositoryOwner: { __typename: 'User', login: headOwner },
    comments: (args: PageArgs) => connection('comments', args, { count: pull.comments }),
    reviewThreads: (args: PageArgs) =>
      connection(
        'reviewThreads',
        args,
        threads.map((t) => threadNode(world, t)),
      ),
    files: (args: PageArgs) =>
      connection(
        'files',
        args,
        world.pullFiles(key, pull).map((file) => ({
          ...file,
          viewerViewedState: world.viewedState(key, pull, login, file.path),
        })),
      ),
    reviews: (args: PageArgs & { author?: string | null; states?: string[] | null }) =>
      connection(
        'reviews',
        args,
        pull.reviews
          .filter(
            (r) =>
              (args.author == null || r.user.toLowerCase() === args.author.toLowerCase()) &&
              (!args.states || args.states.includes(r.state)),
          )
          .map((r) => ({
            state: r.state,
            body: r.body ?? '',
            submittedAt: r.submittedAt,
            author: { __typename: 'User', login: r.user },
            commit: commitNode(world, key, r.sha),
          })),
      ),
    latestOpinionatedReviews: (args: PageArgs & { writersOnly?: boolean }) =>
      connection(
        'latestOpinionatedReviews',
        args,
        opinions.map((r) => ({
          state: r.state,
          submittedAt: r.submittedAt,
          author: { __typename: 'User', login: r.user },
        })),
      ),
    mergeQueueEntry: () => {
      const position = world.queuePosition(key, pull.number);
      return position === undefined ? null : { position, state: 'QUEUED' };
    },
    // A PR's commits are modeled as its head commit, the one its checks ran on.
    commits: (args: PageArgs) =>
      connection('commits', args, { last: { commit: commitNode(world, key, pull.head.sha) } }),
  };
}

function threadNode(world: GraphqlWorld, thread: ReviewThread): Record<string, unknown> {
  const place = () => world.threadPlace(thread.repo, thread);
  return {
    id: thread.id,
    isResolved: thread.resolved,
    isOutdated: () => place().outdated,
    path: thread.path,
    line: () => place().line,
    originalLine: thread.line,
    diffSide: thread.side,
    resolvedBy: thread.resolvedBy ? { login: thread.resolvedBy } : null,
    comments: (args: PageArgs) =>
      connection(
        'comments',
        args,
        thread.comments.map((c) => ({
          id: `PRRC_${c.id}`,
          fullDatabaseId: String(c.id),
          databaseId: c.id,
          author: { __typename: 'User', login: c.user },
          body: c.body,
          createdAt: c.createdAt,
          commit: { __typename: 'Commit', oid: c.commitId },
          originalCommit: { __typename: 'Commit', oid: thread.comments[0].commitId },
        })),
      ),
  };
}

/** The latest approving or change-requesting review of each reviewer. */
function latestOpinions(reviews: Review[]): Review[] {
  const latest = new Map<string, Review>();
  for (const review of reviews) if (review.state !== 'COMMENTED') latest.set(review.user.toLowerCase(), review);
  return [...latest.values()];
}

/** GitHub's decision where the base branch requires one approving review. */
function decisionOf(opinions: Review[]): string {
  if (opinions.some((r) => r.state === 'CHANGES_REQUESTED')) return 'CHANGES_REQUESTED';
  return opinions.some((r) => r.state === 'APPROVED') ? 'APPROVED' : 'REVIEW_REQUIRED';
}

const FAILED_RUN = new Set(['failure', 'timed_out', 'cancelled', 'action_required', 'startup_failure']);

function commitNode(world: GraphqlWorld, key: string, sha: string): Record<string, unknown> {
  const runs = world.checks(key, sha);
  const statuses = world.statuses(key, sha);
  const contexts = [
    ...runs.map((run) => ({
      __typename: 'CheckRun',
      name: run.name,
      status: run.status.toUpperCase(),
      conclusion: run.conclusion?.toUpperCase() ?? null,
      detailsUrl: run.detailsUrl ?? null,
    })),
    ...statuses.map((status) => ({
      __typename: 'StatusContext',
      context: status.context,
      state: status.state.toUpperCase(),
      description: status.description ?? null,
      targetUrl: status.targetUrl ?? null,
    })),
  ];
  return {
    __typename: 'Commit',
    oid: sha,
    statusCheckRollup:
      contexts.length === 0
        ? null
        : { state: rollupState(runs, statuses), contexts: (args: PageArgs) => connection('contexts', args, contexts) },
  };
}

/**
 * GitHub's combined state of a commit: failing when any check run failed or any status is failure
 * (ERROR when the only problems are statuses in error), else pending while any check run is not
 * completed or any status is pending, else success. No check runs and no statuses: no rollup at all.
 */
function rollupState(runs: Check[], statuses: CommitStatus[]): string {
  if (
    runs.some((r) => r.status === 'completed' && FAILED_RUN.has(r.conclusion ?? '')) ||
    statuses.some((s) => s.state === 'failure')
  )
    return 'FAILURE';
  if (statuses.some((s) => s.state === 'error')) return 'ERROR';
  if (runs.some((r) => r.status !== 'completed') || statuses.some((s) => s.state === 'pending')) return 'PENDING';
  return 'SUCCESS';
}
