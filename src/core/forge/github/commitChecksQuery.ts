// Check runs and commit statuses of commits that have no PR (a remote dry run's scratch branches),
// through GitHub's GraphQL API: one query for many commits, an alias per commit, read from the
// commit's status check rollup (check runs of any app plus classic commit statuses).
import type { CommitCheckContext, CommitChecks } from '../types';
import { checksOfContext, type RollupContext } from './pullStatusQuery';

/** Commits per query, far inside GitHub's per-request node limits (100 contexts each). */
export const COMMITS_PER_QUERY = 25;

export function commitChecksQuery(count: number): string {
  const variables = Array.from({ length: count }, (_, i) => `$c${i}: GitObjectID!`).join(', ');
  const aliases = Array.from(
    { length: count },
    (_, i) => `    c${i}: object(oid: $c${i}) { ...StacklineCommitChecks }`,
  ).join('\n');
  return `query StacklineCommitChecks($owner: String!, $name: String!, ${variables}) {
  repository(owner: $owner, name: $name) {
${aliases}
  }
}
fragment StacklineCommitChecks on GitObject {
  __typename
  ... on Commit {
    oid
    statusCheckRollup {
      contexts(first: 100) {
        nodes {
          __typename
          ... on CheckRun { name status conclusion detailsUrl }
          ... on StatusContext { context state description targetUrl }
        }
      }
    }
  }
}`;
}

type RawContext = RollupContext & {
  detailsUrl?: string | null;
  description?: string | null;
  targetUrl?: string | null;
};

export interface RawCommitChecks {
  __typename: string;
  oid?: string;
  statusCheckRollup?: { contexts: { nodes: (RawContext | null)[] | null } } | null;
}

export function toCommitChecks(sha: string, raw: RawCommitChecks | null | undefined): CommitChecks {
  if (!raw || raw.__typename !== 'Commit') return { sha, known: false, contexts: [] };
  const contexts = (raw.statusCheckRollup?.contexts.nodes ?? []).flatMap((node): CommitCheckContext[] => {
    if (!node) return [];
    const url = (node.__typename === 'CheckRun' ? node.detailsUrl : node.targetUrl) ?? undefined;
    const description = node.__typename === 'StatusContext' ? (node.description ?? undefined) : undefined;
    return [
      {
        name: node.__typename === 'CheckRun' ? node.name : node.context,
        state: checksOfContext(node),
        ...(url ? { url } : {}),
        ...(description ? { description } : {}),
      },
    ];
  });
  return { sha, known: true, contexts };
}
