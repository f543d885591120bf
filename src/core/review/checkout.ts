// Checking out a stack under review: each open PR's head gets a ref under refs/stackline/reviewing/
// (one per PR number), so the smartlog shows the stack as drafts, marked as someone else's and
// read-only; reviewing.json in the git dir keeps who wrote each PR. Operations moving those refs
// carry them along (they are tracked refs, so undo puts them back); editing a reviewed commit is
// refused unless asked for (`editReview`). Dropping the review deletes the refs and the record.
import { shortenHashes } from '../format';
import { readStateFile, writeStateFile } from '../forge/stateFile';
import { shellQuote, type Fix, type Notice } from '../fix';
import { OperationError } from '../operations/errors';
import type { RewritePlan } from '../operations/plan';
import type { RefUpdate } from '../oplog/records';
import { REVIEWING_REF_PREFIX } from '../oplog/snapshot';
import type { RepoLocation } from '../git/repository';
import type { GitRunner } from '../git/runner';
import { fetchPullHeads } from './diffs';
import type { ReviewStack } from './findStack';

export { REVIEWING_REF_PREFIX };

const FILE = 'reviewing.json';

export interface ReviewedPull {
  number: number;
  author: string;
  title: string;
  url: string;
  /** The head checked out (GitHub's, when it was checked out). */
  head: string;
}

export interface ReviewingFile {
  /** owner/name of the repository the PRs are in. */
  repo?: string;
  pulls?: ReviewedPull[];
}

/** Stops reviewing: the Stop Reviewing command and `stackline review drop`. */
export const STOP_REVIEWING: Fix = {
  label: 'Stop Reviewing',
  cli: 'stackline review drop',
  command: 'stackline.review.stopReviewing',
};

export function reviewingRef(number: number): string {
  return `${REVIEWING_REF_PREFIX}${number}`;
}

/** The PRs checked out for review, bottom first (what reviewing.json holds of them). */
export function reviewedPulls(repo: RepoLocation): ReviewedPull[] {
  const file = readStateFile<ReviewingFile>(repo.commonDir, FILE);
  return (Array.isArray(file.pulls) ? file.pulls : []).filter(
    (p): p is ReviewedPull => typeof p?.number === 'number' && typeof p.author === 'string',
  );
}

export interface CheckoutResult {
  pulls: ReviewedPull[];
  /** PRs of the stack left out: merged (trunk has them) or closed. */
  skipped: number[];
  summary: string;
}

/**
 * Fetches the stack's PR heads and points refs/stackline/reviewing/<n> at each open (or draft) one.
 * A stack checked out before is replaced: its refs go, this one's come.
 */
export async function checkoutForReview(
  git: GitRunner,
  repo: RepoLocation,
  remote: string,
  repoName: string,
  stack: ReviewStack,
): Promise<CheckoutResult> {
  const open = stack.pulls.filter((p) => p.state === 'open' || p.state === 'draft');
  const skipped = stack.pulls.filter((p) => !open.includes(p)).map((p) => p.number);
  await fetchPullHeads(
    git,
    remote,
    stack.pulls.map((p) => ({ number: p.number, headSha: p.headSha, baseRef: p.baseRef, open: p.state === 'open' })),
  );
  const pulls: ReviewedPull[] = open.map((p) => ({
    number: p.number,
    author: p.author,
    title: p.title,
    url: p.url,
    head: p.headSha,
  }));
  const keep = new Set(pulls.map((p) => reviewingRef(p.number)));
  const stale = (await reviewingRefs(git)).filter(([ref]) => !keep.has(ref));
  await updateRefs(git, [
    ...stale.map(([ref, hash]): RefUpdate => ({ ref, old: hash, new: undefined })),
    ...pulls.map((p): RefUpdate => ({ ref: reviewingRef(p.number), old: undefined, new: p.head })),
  ]);
  writeStateFile(repo.commonDir, FILE, { repo: repoName, pulls } satisfies ReviewingFile);
  const authors = [...new Set(pulls.map((p) => p.author))].join(', ');
  const summary =
    pulls.length === 0
      ? `No PR of the stack of #${stack.focus} is open: there is nothing to check out.`
      : `Checked out ${authors}'s stack of ${pulls.length} PR${pulls.length === 1 ? '' : 's'} (${pulls.map((p) => `#${p.number}`).join(', ')}) for review, read-only.${skipped.length > 0 ? ` Left out (merged or closed): ${skipped.map((n) => `#${n}`).join(', ')}.` : ''}`;
  return { pulls, skipped, summary };
}

/** Removes the reviewed stack's refs and record; your own commits on top of it keep their branches. */
export async function dropReview(git: GitRunner, repo: RepoLocation): Promise<{ dropped: number[]; summary: string }> {
  const refs = await reviewingRefs(git);
  const pulls = reviewedPulls(repo);
  await updateRefs(
    git,
    refs.map(([ref, hash]) => ({ ref, old: hash, new: undefined })),
  );
  writeStateFile(repo.commonDir, FILE, {});
  const dropped = refs.map(([ref]) => Number(ref.slice(REVIEWING_REF_PREFIX.length))).sort((a, b) => a - b);
  const authors = [...new Set(pulls.map((p) => p.author))].join(', ');
  return {
    dropped,
    summary:
      dropped.length === 0
        ? 'No stack is checked out for review.'
        : `Stopped reviewing ${authors ? `${authors}'s ` : ''}stack: ${dropped.map((n) => `#${n}`).join(', ')} left the smartlog (GitHub is unchanged).`,
  };
}

async function reviewingRefs(git: GitRunner): Promise<[string, string][]> {
  const out = await git.run(['for-each-ref', '--format=%(refname) %(objectname)', REVIEWING_REF_PREFIX]);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' ') as [string, string]);
}

async function updateRefs(git: GitRunner, updates: RefUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  const zero = '0'.repeat(40);
  const input = updates
    .map((u) =>
      u.new === undefined ? `delete ${u.ref} ${u.old ?? ''}\n` : `update ${u.ref} ${u.new} ${u.old ?? zero}\n`,
    )
    .join('');
  await git.exec(['update-ref', '--stdin'], { input });
}

/**
 * The commits of the stack under review among the drafts (`parents`: drafts → their parents), each
 * with the PR it belongs to: a PR's head and the commits below it down to the next PR's head.
 */
export function reviewedCommits(refs: Record<string, string>, parents: Map<string, string[]>): Map<string, number> {
  const heads = Object.entries(refs)
    .filter(([name]) => name.startsWith(REVIEWING_REF_PREFIX))
    .map(([name, hash]) => ({ number: Number(name.slice(REVIEWING_REF_PREFIX.length)), hash }))
    .sort((a, b) => a.number - b.number);
  const owner = new Map<string, number>();
  // Lowest PR first: a commit below several heads belongs to the lowest PR that has it.
  for (const { number, hash } of heads) {
    const queue = [hash];
    while (queue.length > 0) {
      const commit = queue.pop()!;
      if (owner.has(commit) || !parents.has(commit)) continue;
      owner.set(commit, number);
      queue.push(...(parents.get(commit) ?? []));
    }
  }
  return owner;
}

/**
 * What sync and restack leave where it is: the commits of the stack under review and everything on
 * them (your own commits on top stay on it), with its PRs, bottom first, and each reviewed commit's
 * PR. Empty when `editReview`.
 */
export function leftForReview(
  state: { refs: Record<string, string>; parents: Map<string, string[]>; children: Map<string, string[]> },
  editReview: boolean | undefined,
): { commits: Set<string>; pulls: number[]; pullOf: Map<string, number> } {
  if (editReview) return { commits: new Set(), pulls: [], pullOf: new Map() };
  const reviewed = reviewedCommits(state.refs, state.parents);
  const commits = new Set(reviewed.keys());
  const queue = [...commits];
  while (queue.length > 0)
    for (const child of state.children.get(queue.pop()!) ?? [])
      if (!commits.has(child)) {
        commits.add(child);
        queue.push(child);
      }
  return { commits, pulls: [...new Set(reviewed.values())].sort((a, b) => a - b), pullOf: reviewed };
}

/** "octo's stack under review (#2, #3)": the PRs' authors from reviewing.json. */
export function reviewedStackName(repo: RepoLocation, numbers: number[]): string {
  const pulls = reviewedPulls(repo);
  const authors = [
    ...new Set(numbers.map((n) => pulls.find((p) => p.number === n)?.author).filter((a): a is string => !!a)),
  ];
  const whose = authors.length > 0 ? `${authors.join(', ')}'s` : "someone else's";
  return `${whose} stack under review (${numbers.map((n) => `#${n}`).join(', ')})`;
}

/** Checks the stack under review out again: GitHub's latest heads of its PRs. */
export function checkOutAgain(pull: number): Fix {
  return { label: 'Check Out Again', cli: `stackline review checkout ${pull}` };
}

/** Says that sync or restack left the stack under review as it was, and how to get its latest version. */
export function leftForReviewNotice(repo: RepoLocation, pulls: number[]): Notice[] {
  if (pulls.length === 0) return [];
  return [
    {
      message: `Left ${reviewedStackName(repo, pulls)} where it was: it is read-only here. Check it out for review again for its latest version.`,
      fix: checkOutAgain(pulls[0]),
    },
  ];
}

/** What an operation is about to do, as far as the guard needs to know. */
export interface EditAttempt {
  /** Commits it rewrites, drops or hides. */
  commits: string[];
  /** Refs it moves or deletes. */
  refs: string[];
}

/** The commits an operation's change rewrites and the refs it touches. */
export function editAttempt(change: { plan?: RewritePlan; transition?: { refs: RefUpdate[] } }): EditAttempt {
  const { plan, transition } = change;
  return {
    commits: plan ? [...plan.seeds.keys(), ...plan.picks.map((p) => p.old), ...(plan.deleteRefsOf ?? [])] : [],
    refs: [...(transition?.refs ?? []), ...(plan?.extraRefs ?? [])].map((u) => u.ref),
  };
}

/**
 * Refuses an edit of the stack under review (unless `editReview`): someone else's commits, checked
 * out to read. Fixes: stop reviewing, or do it anyway (the CLI's --edit-review; VS Code asks first).
 */
export function refuseEditingReview(
  repo: RepoLocation,
  state: { refs: Record<string, string>; parents: Map<string, string[]> },
  attempt: EditAttempt,
  operation: { command: string; rerun?: readonly string[] },
  editReview: boolean | undefined,
): void {
  if (editReview) return;
  const reviewed = reviewedCommits(state.refs, state.parents);
  const numbers = new Set([
    ...attempt.commits.flatMap((c) => (reviewed.has(c) ? [reviewed.get(c)!] : [])),
    ...attempt.refs.flatMap((r) =>
      r.startsWith(REVIEWING_REF_PREFIX) ? [Number(r.slice(REVIEWING_REF_PREFIX.length))] : [],
    ),
  ]);
  if (numbers.size === 0) return;
  const list = [...numbers].sort((a, b) => a - b);
  throw new ReviewReadOnlyError(
    `'${shortenHashes(operation.command)}' would change ${reviewedStackName(repo, list)}, which is checked out read-only. Stop reviewing it first, or edit it anyway.`,
    list,
    [STOP_REVIEWING, editAnyway(operation.rerun)],
  );
}

/**
 * The operation again with --edit-review: its exact command line when it knows it (`rerun`), else
 * the advice in words (an operation Stackline runs for submit or land has no command line of its own).
 */
export function editAnyway(rerun: readonly string[] | undefined): Fix {
  if (!rerun) return { label: 'Edit Anyway', cli: 'run it again with --edit-review', advice: true };
  return { label: 'Edit Anyway', cli: ['stackline', ...rerun, '--edit-review'].map(shellQuote).join(' ') };
}

/** The refusal to edit a reviewed stack; `pulls` says which PRs, for a UI that asks "edit anyway?". */
export class ReviewReadOnlyError extends OperationError {
  constructor(
    message: string,
    readonly pulls: number[],
    fixes: readonly Fix[],
  ) {
    super('refused', message, '', fixes);
    this.name = 'ReviewReadOnlyError';
  }
}
