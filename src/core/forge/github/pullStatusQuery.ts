// PR status through GitHub's GraphQL API: one query for many PRs (an alias per PR number, so it
// asks for exactly the PRs of the stack, whatever their state, in one round trip), and the mapping
// of GitHub's own rollup, review and PR states onto what Stackline shows.
import type { ChecksRollup, PullStatus, ReviewDecision } from '../types';

/** PRs per query: keeps one query far inside GitHub's per-request node and time limits. */
export const PULLS_PER_QUERY = 50;

/**
 * Comments = conversation comments + inline review threads (a thread with replies counts once).
 * `reviewDecision` is null unless branch protection on the PR's base requires reviews, which is the
 * usual case for every PR of a stack but the bottom one; the latest opinion of each reviewer fills in.
 */
const STATUS_FRAGMENT = `fragment StacklinePullStatus on PullRequest {
  number
  url
  state
  isDraft
  reviewDecision
  headRefName
  baseRefName
  headRefOid
  comments { totalCount }
  reviewThreads { totalCount }
  latestOpinionatedReviews(first: 100) { nodes { state } }
  commits(last: 1) { nodes { commit { statusCheckRollup { state } } } }
  mergeQueueEntry { position }
}`;

/** The status of the given PRs of owner/name, one alias (`pr<number>`) per PR. */
export function pullStatusQuery(numbers: number[]): string {
  const aliases = numbers.map((n) => `    pr${n}: pullRequest(number: ${n}) { ...StacklinePullStatus }`).join('\n');
  return `query StacklinePullStatuses($owner: String!, $name: String!) {\n  repository(owner: $owner, name: $name) {\n${aliases}\n  }\n}\n${STATUS_FRAGMENT}`;
}

/** One PR's status plus the check runs and commit statuses behind its rollup, for land's safety check. */
export const PULL_READINESS_QUERY = `query StacklinePullReadiness($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      ...StacklinePullStatus
      commits(last: 1) {
        nodes {
          commit {
            statusCheckRollup {
              contexts(first: 100) {
                nodes {
                  __typename
                  ... on CheckRun { name status conclusion }
                  ... on StatusContext { context state }
                }
              }
            }
          }
        }
      }
    }
  }
}
${STATUS_FRAGMENT}`;

type StatusState = 'ERROR' | 'EXPECTED' | 'FAILURE' | 'PENDING' | 'SUCCESS';

export type RollupContext =
  | { __typename: 'CheckRun'; name: string; status: string; conclusion: string | null }
  | { __typename: 'StatusContext'; context: string; state: StatusState };

export interface RawPullStatus {
  number: number;
  url: string;
  state: 'OPEN' | 'CLOSED' | 'MERGED';
  isDraft: boolean;
  reviewDecision: 'APPROVED' | 'CHANGES_REQUESTED' | 'REVIEW_REQUIRED' | null;
  headRefName: string;
  baseRefName: string;
  headRefOid: string;
  comments: { totalCount: number };
  reviewThreads: { totalCount: number };
  latestOpinionatedReviews: { nodes: ({ state: string } | null)[] | null } | null;
  mergeQueueEntry: { position: number } | null;
  commits: {
    nodes:
      | ({
          commit: {
            statusCheckRollup: { state: StatusState; contexts?: { nodes: (RollupContext | null)[] | null } } | null;
          };
        } | null)[]
      | null;
  };
}

/** GitHub's own rollup state of the head commit (check runs of any app and commit statuses). */
export function checksOfRollup(state: StatusState | undefined): ChecksRollup {
  switch (state) {
    case 'SUCCESS':
      return 'passing';
    case 'FAILURE':
    case 'ERROR':
      return 'failing';
    case 'PENDING':
    case 'EXPECTED':
      return 'pending';
    default:
      return 'none';
  }
}

const PASSED = new Set(['SUCCESS', 'NEUTRAL', 'SKIPPED']);
const FAILED = new Set(['FAILURE', 'TIMED_OUT', 'CANCELLED', 'ACTION_REQUIRED', 'STARTUP_FAILURE']);

/** One context of the rollup: a check run counts by its conclusion once completed (a STALE run never finished). */
export function checksOfContext(context: RollupContext): Exclude<ChecksRollup, 'none'> {
  if (context.__typename === 'StatusContext') return checksOfRollup(context.state) as Exclude<ChecksRollup, 'none'>;
  if (context.status !== 'COMPLETED' || !context.conclusion) return 'pending';
  if (PASSED.has(context.conclusion)) return 'passing';
  return FAILED.has(context.conclusion) ? 'failing' : 'pending';
}

export function reviewOf(raw: RawPullStatus): ReviewDecision {
  if (raw.reviewDecision === 'APPROVED') return 'approved';
  if (raw.reviewDecision === 'CHANGES_REQUESTED') return 'changes-requested';
  if (raw.reviewDecision === 'REVIEW_REQUIRED') return 'review-required';
  const states = (raw.latestOpinionatedReviews?.nodes ?? []).map((r) => r?.state);
  return states.includes('CHANGES_REQUESTED')
    ? 'changes-requested'
    : states.includes('APPROVED')
      ? 'approved'
      : 'review-required';
}

export function rollupOf(raw: RawPullStatus) {
  return raw.commits.nodes?.[0]?.commit.statusCheckRollup ?? null;
}

export function toPullStatus(raw: RawPullStatus): PullStatus {
  return {
    number: raw.number,
    url: raw.url,
    state: raw.state === 'MERGED' ? 'merged' : raw.state === 'CLOSED' ? 'closed' : raw.isDraft ? 'draft' : 'open',
    checks: checksOfRollup(rollupOf(raw)?.state),
    review: reviewOf(raw),
    comments: raw.comments.totalCount + raw.reviewThreads.totalCount,
    headRef: raw.headRefName,
    baseRef: raw.baseRefName,
    headSha: raw.headRefOid,
    ...(raw.mergeQueueEntry ? { queuePosition: raw.mergeQueueEntry.position } : {}),
  };
}
