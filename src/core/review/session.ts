// A review session: the GitHub repository of this clone's base remote (the one PRs go to), the
// ReviewForge that reads and writes its reviews, and the remote that PR heads are fetched from.
import { ForgeError } from '../forge/errors';
import { openForgeSession, type ForgeSession, type SessionOptions } from '../forge/session';
import type { GitRunner } from '../git/runner';
import type { PullRef } from './pullRef';
import type { ReviewForge } from './types';

export interface ReviewSession {
  reviews: ReviewForge;
  /** The git remote PR heads are fetched from. */
  remote: string;
  /** Hosts a PR address of this repository may name: the remote's, and the web pages'. */
  hosts: string[];
  /** GitHub's native stack of a PR, bottom first; undefined where GitHub has none or no native stacks. */
  nativeStackOf(number: number): Promise<number[] | undefined>;
}

export function reviewSessionOf(session: ForgeSession): ReviewSession {
  return {
    reviews: session.reviews,
    remote: session.baseRemote,
    hosts: [session.baseHost, new URL(session.reviews.webUrl).host].map(bareHost),
    nativeStackOf: async (number) => {
      try {
        return (await session.forge.nativeStackOf(number))?.pulls.map((p) => p.number);
      } catch (error) {
        // Where GitHub has no native stacks, its stacks endpoint answers 404.
        if (error instanceof ForgeError && error.kind === 'not-found') return undefined;
        throw error;
      }
    },
  };
}

export async function openReviewSession(git: GitRunner, options: SessionOptions): Promise<ReviewSession> {
  return reviewSessionOf(await openForgeSession(git, options));
}

/** Refuses a PR address of another repository than the one this clone's PRs go to. */
export function checkPullRefRepo(session: ReviewSession, ref: PullRef): void {
  const { owner, name } = session.reviews.repo;
  const sameRepo =
    ref.owner === undefined ||
    (ref.owner.toLowerCase() === owner.toLowerCase() && ref.name?.toLowerCase() === name.toLowerCase());
  const sameHost = ref.host === undefined || session.hosts.includes(bareHost(ref.host));
  if (sameRepo && sameHost) return;
  const named = `${ref.host ? `${ref.host}/` : ''}${ref.owner}/${ref.name}`;
  throw new ForgeError(
    'config',
    `PR #${ref.number} is in ${named}, but this clone's PRs go to ${session.hosts[0]}/${owner}/${name}. Open the review in a clone of ${ref.owner}/${ref.name}, or give the PR's number.`,
  );
}

function bareHost(host: string): string {
  return host.toLowerCase().replace(/^(www|api)\./, '');
}
