// GitHub's GraphQL API in the stand-in. Every query is parsed and validated against GitHub's published
// schema (@octokit/graphql-schema) and executed against that schema by graphql-js, with resolvers
// over the stand-in's PRs, check runs, commit statuses and reviews: the answer has the shape the
// real schema gives, and a query github.com would reject is rejected here and counted as a mismatch.
// Only what Stackline asks for is modeled; any other field is reported as a mismatch too.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, execute, GraphQLError, parse, validate, type DocumentNode, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { Check, CommitStatus, Pull, Review } from './server';

let shared: GraphQLSchema | undefined;

/** GitHub's schema, built once per process (1.2 MB of SDL). */
export function githubGraphqlSchema(): GraphQLSchema {
  if (!shared) {
    // The package exports only its ESM entry, so the SDL file is found next to it on the resolve paths.
    const dir = require.resolve.paths('@octokit/graphql-schema')?.find((d) => existsSync(join(d, '@octokit/graphql-schema/schema.graphql')));
    if (!dir) throw new Error('@octokit/graphql-schema is not installed');
    // GitHub's SDL declares two fields of EnterpriseOwnerInfo twice (identically), which strict SDL
    // validation refuses; the schema built from it validates (graphql's validateSchema finds nothing).
    shared = buildSchema(readFileSync(join(dir, '@octokit/graphql-schema/schema.graphql'), 'utf8'), { assumeValidSDL: true });
  }
  return shared;
}

/** What the resolvers read: the stand-in's state. */
export interface GraphqlWorld {
  repo(key: string): { owner: string; name: string; reviewRequiredOn: Set<string> } | undefined;
  pulls(key: string): Pull[];
  checks(key: string, sha: string): Check[];
  statuses(key: string, sha: string): CommitStatus[];
  /** Whether the repository has this commit (pushed to any branch, or reachable from one). */
  hasCommit(key: string, sha: string): boolean;
  htmlUrl(pull: Pull): string;
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
  const { query, variables, operationName } = (request ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
  if (typeof query !== 'string' || (variables != null && typeof variables !== 'object') || (operationName != null && typeof operationName !== 'string')) {
    return refused('a GraphQL request needs a "query" string and optional "variables" object and "operationName"', 'Problems parsing JSON');
  }
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return refused(`query does not parse: ${(error as Error).message}`, (error as Error).message);
  }
  const invalid = validate(githubGraphqlSchema(), document);
  if (invalid.length > 0) {
    return { ok: false, answer: { body: { errors: invalid.map((e) => e.toJSON()) }, mutation: false, violations: invalid.map((e) => `query is invalid against GitHub's schema: ${e.message}`) } };
  }
  const name = typeof operationName === 'string' ? operationName : undefined;
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition' && (!name || d.name?.value === name));
  if (operation?.kind !== 'OperationDefinition') return refused(`no operation named ${name}`, `No operation named "${name}"`);
  return { ok: true, document, variables: (variables ?? {}) as Record<string, unknown>, operationName: operation.name?.value, mutation: operation.operation !== 'query' };
}

/** Runs a validated request against GitHub's schema, with resolvers over the stand-in's state. */
export function executeGraphql(world: GraphqlWorld, request: Extract<PreparedGraphql, { ok: true }>): GraphqlAnswer {
  const result = execute({
    schema: githubGraphqlSchema(),
    document: request.document,
    rootValue: rootOf(world),
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
    violations: (result.errors ?? []).filter((e) => e.extensions?.type !== 'NOT_FOUND').map((e) => `${e.path?.join('.') ?? 'request'}: ${e.message}`),
  };
}

function refused(violation: string, message: string): PreparedGraphql {
  return { ok: false, answer: { body: { errors: [{ message }] }, mutation: false, violations: [violation] } };
}

/** Reads a field from the resolved object (calling it when it is a function); a field not there is not modeled. */
const strictField: GraphQLFieldResolver<unknown, unknown> = (source, args, _context, info) => {
  const object = source as Record<string, unknown>;
  if (!(info.fieldName in object)) throw new Error(`the stand-in does not model ${info.parentType.name}.${info.fieldName}`);
  const value = object[info.fieldName];
  return typeof value === 'function' ? (value as (a: unknown) => unknown)(args) : value;
};

interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/**
 * A connection as GitHub pages it: nodes need `first` or `last` (at most 100). `items` may be only
 * a count (the stand-in keeps how many comments there are, not their text), or only the last item.
 */
function connection<T>(name: string, args: PageArgs, items: T[] | { count: number } | { last: T }): Record<string, unknown> {
  const page = (): T[] => {
    if (args.first == null && args.last == null) throw githubError('MISSING_PAGINATION_BOUNDARIES', `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`);
    const bound = args.first != null ? 'first' : 'last';
    const size = (args.first ?? args.last)!;
    if (size < 0 || size > 100) throw githubError('EXCESSIVE_PAGINATION', `Requesting ${size} records on the \`${name}\` connection exceeds the \`${bound}\` limit of 100 records.`);
    if (args.after != null || args.before != null) throw new Error(`the stand-in does not model cursors on ${name}`);
    if ('last' in items && !Array.isArray(items)) {
      if (bound !== 'last') throw new Error(`the stand-in models only the last item of ${name}`);
      return size === 0 ? [] : [items.last];
    }
    if (!Array.isArray(items)) throw new Error(`the stand-in models only the count of ${name}`);
    return bound === 'first' ? items.slice(0, size) : items.slice(Math.max(0, items.length - size));
  };
  const total = Array.isArray(items) ? items.length : 'count' in items ? items.count : undefined;
  return {
    nodes: page,
    ...(total !== undefined ? { totalCount: total } : {}),
    pageInfo: () => {
      const nodes = page();
      const all = Array.isArray(items) ? items.length : nodes.length;
      return { hasNextPage: args.first != null && all > nodes.length, hasPreviousPage: args.last != null && all > nodes.length, startCursor: null, endCursor: null };
    },
  };
}

function rootOf(world: GraphqlWorld): Record<string, unknown> {
  return {
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = world.repo(`${owner}/${name}`);
      if (!repo) throw githubError('NOT_FOUND', `Could not resolve to a Repository with the name '${owner}/${name}'.`);
      const key = `${repo.owner}/${repo.name}`;
      return {
        name: repo.name,
        nameWithOwner: key,
        pullRequest: ({ number }: { number: number }) => {
          const pull = world.pulls(key).find((p) => p.number === number);
          if (!pull) throw githubError('NOT_FOUND', `Could not resolve to a PullRequest with the number of ${number}.`);
          return pullNode(world, key, repo.reviewRequiredOn, pull);
        },
        // Only commits are modeled: a tree or blob id answers null, as an unknown object does on GitHub.
        object: ({ oid }: { oid: string }) => (world.hasCommit(key, oid) ? commitNode(world, key, oid) : null),
      };
    },
  };
}

function pullNode(world: GraphqlWorld, key: string, reviewRequiredOn: Set<string>, pull: Pull): Record<string, unknown> {
  const opinions = latestOpinions(pull.reviews);
  return {
    number: pull.number,
    title: pull.title,
    url: world.htmlUrl(pull),
    state: pull.merged ? 'MERGED' : pull.state === 'open' ? 'OPEN' : 'CLOSED',
    isDraft: pull.draft,
    reviewDecision: reviewRequiredOn.has(pull.base.ref) ? decisionOf(opinions) : null,
    headRefName: pull.head.ref,
    baseRefName: pull.base.ref,
    headRefOid: pull.head.sha,
    comments: (args: PageArgs) => connection('comments', args, { count: pull.comments }),
    reviewThreads: (args: PageArgs) => connection('reviewThreads', args, { count: pull.reviewThreads }),
    latestOpinionatedReviews: (args: PageArgs & { writersOnly?: boolean }) =>
      connection('latestOpinionatedReviews', args, opinions.map((r) => ({ state: r.state, submittedAt: r.submittedAt, author: { __typename: 'User', login: r.user } }))),
    // A PR's commits are modeled as its head commit, the one its checks ran on.
    commits: (args: PageArgs) => connection('commits', args, { last: { commit: commitNode(world, key, pull.head.sha) } }),
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
    ...runs.map((run) => ({ __typename: 'CheckRun', name: run.name, status: run.status.toUpperCase(), conclusion: run.conclusion?.toUpperCase() ?? null, detailsUrl: run.detailsUrl ?? null })),
    ...statuses.map((status) => ({ __typename: 'StatusContext', context: status.context, state: status.state.toUpperCase(), description: status.description ?? null, targetUrl: status.targetUrl ?? null })),
  ];
  return {
    __typename: 'Commit',
    oid: sha,
    statusCheckRollup: contexts.length === 0 ? null : { state: rollupState(runs, statuses), contexts: (args: PageArgs) => connection('contexts', args, contexts) },
  };
}

/**
 * GitHub's combined state of a commit: failing when any check run failed or any status is failure
 * (ERROR when the only problems are statuses in error), else pending while any check run is not
 * completed or any status is pending, else success. No check runs and no statuses: no rollup at all.
 */
function rollupState(runs: Check[], statuses: CommitStatus[]): string {
  if (runs.some((r) => r.status === 'completed' && FAILED_RUN.has(r.conclusion ?? '')) || statuses.some((s) => s.state === 'failure')) return 'FAILURE';
  if (statuses.some((s) => s.state === 'error')) return 'ERROR';
  if (runs.some((r) => r.status !== 'completed') || statuses.some((s) => s.state === 'pending')) return 'PENDING';
  return 'SUCCESS';
}
