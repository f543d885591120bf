// Finds the stack a PR belongs to, anyone's: GitHub's native stack where it has one, else down
// along base branches to trunk and up along PRs based on each head branch, cross-checked with the
// stack list Stackline writes in PR bodies (the only link for PRs from a fork, which all target
// trunk). Then reads the whole stack in one request.
import { ForgeError } from '../forge/errors';
import { parseStackSection } from '../forge/stackBody';
import type { PullLink, ReviewForge, ReviewPull } from './types';

export interface ReviewStack {
  /** Bottom (next to trunk) to top. */
  pulls: ReviewPull[];
  /** The PR the review was opened from. */
  focus: number;
  trunk: string;
  viewer: string;
  /** What a reviewer should know about the shape: closed or merged PRs in the middle, body lists that disagree. */
  notes: string[];
}

/** A walk asks GitHub at most this many times before it reads the stack (each step adds a PR at each end). */
const MAX_STEPS = 50;

export interface FindOptions {
  /** The PRs of GitHub's native stack holding a PR, bottom first (undefined where GitHub has none). */
  nativeStackOf?: (number: number) => Promise<number[] | undefined>;
}

export async function findStackForReview(
  reviews: ReviewForge,
  number: number,
  options: FindOptions = {},
): Promise<ReviewStack> {
  const first = await reviews.links({ numbers: [number], above: [], below: [] });
  const start = first.pulls.get(number);
  if (!start)
    throw new ForgeError(
      'not-found',
      `GitHub has no pull request #${number} in ${reviews.repo.owner}/${reviews.repo.name}. Check the number or the link.`,
    );
  const { viewer, trunk } = first;
  const known = new Map<number, PullLink>([[number, start]]);
  const entries = parseStackSection(start.body);
  const listed = entries.map((e) => e.number);
  const unknownListed = listed.filter((n) => !known.has(n));
  if (unknownListed.length > 0) {
    const more = await reviews.links({ numbers: unknownListed, above: [], below: [] });
    for (const [n, link] of more.pulls) known.set(n, link);
  }
  const native = await nativeChain(reviews, options, number, known, trunk);
  const chain = native ?? [start];
  const asked = { above: new Set<string>(), below: new Set<string>() };
  for (let step = 0; !native && step < MAX_STEPS; step++) {
    const bottom = chain[0];
    const top = chain[chain.length - 1];
    const downBranch = bottom.baseRef !== trunk ? bottom.baseRef : undefined;
    const below = downBranch !== undefined ? pick(byHead(known, downBranch), listed, chain) : undefined;
    const above = pick(byBase(known, top.headRef), listed, chain);
    if (below) chain.unshift(below);
    if (above) chain.push(above);
    if (below || above) continue;
    const ask = {
      below: downBranch !== undefined && !asked.below.has(downBranch) ? [downBranch] : [],
      above: !asked.above.has(top.headRef) ? [top.headRef] : [],
    };
    if (ask.below.length === 0 && ask.above.length === 0) break;
    ask.below.forEach((b) => asked.below.add(b));
    ask.above.forEach((b) => asked.above.add(b));
    const found = await reviews.links({ numbers: [], ...ask });
    for (const list of [...found.above.values(), ...found.below.values()])
      for (const link of list) if (!known.has(link.number)) known.set(link.number, link);
  }
  const ordered = fromBodyWhenUnchained(chain, listed, known, trunk);
  const read = await reviews.reviewPulls(
    ordered.map((p) => p.number),
    viewer,
  );
  const pulls = ordered.flatMap((p) => read.get(p.number) ?? []);
  return {
    pulls,
    focus: number,
    trunk,
    viewer,
    notes: notesOf(
      pulls,
      entries.filter((e) => !e.merged).map((e) => e.number),
      trunk,
    ),
  };
}

/**
 * GitHub's native stack of the PR, when it has one and its PRs still chain base on head from
 * trunk up (else, e.g. with a closed PR left out of the middle, the walk along bases decides).
 */
async function nativeChain(
  reviews: ReviewForge,
  options: FindOptions,
  number: number,
  known: Map<number, PullLink>,
  trunk: string,
): Promise<PullLink[] | undefined> {
  const numbers = await options.nativeStackOf?.(number);
  if (!numbers || numbers.length < 2 || !numbers.includes(number)) return undefined;
  const unknown = numbers.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    const more = await reviews.links({ numbers: unknown, above: [], below: [] });
    for (const [n, link] of more.pulls) known.set(n, link);
  }
  const chain = numbers.map((n) => known.get(n));
  const chained = chain.every((p, i) => p !== undefined && p.baseRef === (i === 0 ? trunk : chain[i - 1]!.headRef));
  return chained ? (chain as PullLink[]) : undefined;
}

function byHead(known: Map<number, PullLink>, branch: string): PullLink[] {
  return [...known.values()].filter((p) => p.headRef === branch);
}

function byBase(known: Map<number, PullLink>, branch: string): PullLink[] {
  return [...known.values()].filter((p) => p.baseRef === branch);
}

const STATE_RANK = { open: 0, draft: 0, merged: 1, closed: 2 } as const;

/** Of several PRs on one branch: the one the body list names, else an open one, else the newest. */
function pick(candidates: PullLink[], listed: number[], chain: PullLink[]): PullLink | undefined {
  const fresh = candidates.filter((c) => !chain.some((p) => p.number === c.number));
  return [...fresh].sort(
    (a, b) =>
      Number(listed.includes(b.number)) - Number(listed.includes(a.number)) ||
      STATE_RANK[a.state] - STATE_RANK[b.state] ||
      b.number - a.number,
  )[0];
}

/**
 * PRs from a fork all target trunk, so bases link nothing: then the body list (top first) gives
 * the order, with the PRs it names that are still open or draft.
 */
function fromBodyWhenUnchained(
  chain: PullLink[],
  listed: number[],
  known: Map<number, PullLink>,
  trunk: string,
): PullLink[] {
  if (chain.length > 1 || listed.length < 2) return chain;
  const inBody = [...listed]
    .reverse()
    .map((n) => known.get(n))
    .filter((p): p is PullLink => p !== undefined && p.baseRef === trunk && p.state !== 'merged');
  return inBody.some((p) => p.number === chain[0].number) ? inBody : chain;
}

/** `unmerged`: the PRs the body list names as not merged yet. */
function notesOf(pulls: ReviewPull[], unmerged: number[], trunk: string): string[] {
  const notes: string[] = [];
  pulls.forEach((p, i) => {
    const below = i > 0 && pulls.slice(0, i).some((q) => q.state === 'open' || q.state === 'draft');
    const above = pulls.slice(i + 1).some((q) => q.state === 'open' || q.state === 'draft');
    if ((p.state === 'closed' || p.state === 'merged') && (below || above))
      notes.push(
        `#${p.number} in the middle of the stack is ${p.state}${p.state === 'closed' ? ' without merging' : ''}; the PRs above it still build on its branch ${p.headRef}.`,
      );
  });
  const bottom = pulls[0];
  if (bottom && bottom.baseRef !== trunk)
    notes.push(`#${bottom.number} is based on ${bottom.baseRef}, which no pull request has as its head.`);
  const inStack = new Set(pulls.map((p) => p.number));
  const missing = unmerged.filter((n) => !inStack.has(n));
  if (missing.length > 0)
    notes.push(
      `The stack list in the PR bodies also names ${missing.map((n) => `#${n}`).join(', ')}, which the PRs' bases no longer link (merged or moved).`,
    );
  return notes;
}
