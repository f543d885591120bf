// Which GitHub native stack each PR of the smartlog is in, for the Stacks tree and the graph: the
// stack's number, the PR's place in it, and a mismatch when GitHub stacks a PR on a different PR than
// the one its commit sits on here (the order changed locally, or someone edited the stack on GitHub).
// One read per line of the smartlog (the PRs of a line share one stack), remembered for a short while.
import { ForgeError } from './errors';
import type { ForgeSession } from './session';
import type { NativeStack } from './types';

export interface NativeStackMark {
  number: number;
  /** 1 = the bottom of the stack. */
  position: number;
  size: number;
  /** Set when the PR directly below this one differs between GitHub's stack and the local line. */
  mismatch?: { nativeBelow?: number; localBelow?: number };
}

/** A PR of the smartlog with the PR its commit sits on in the local line (undefined: on trunk). */
export interface LinePull {
  number: number;
  below?: number;
}

const FRESH_MS = 30_000;
const cache = new WeakMap<ForgeSession, Map<number, { at: number; stack: NativeStack | undefined }>>();

export async function nativeStackMarks(
  session: ForgeSession,
  pulls: LinePull[],
  now = Date.now(),
): Promise<Map<number, NativeStackMark>> {
  let seen = cache.get(session);
  if (!seen) cache.set(session, (seen = new Map()));
  const stacks: NativeStack[] = [];
  const covered = new Set<number>();
  // Bottom PRs first: one read names the stack of the whole line above them.
  const ordered = [...pulls].sort((a, b) => Number(a.below !== undefined) - Number(b.below !== undefined));
  for (const { number } of ordered) {
    if (covered.has(number)) continue;
    let entry = seen.get(number);
    if (!entry || now - entry.at > FRESH_MS) {
      let stack: NativeStack | undefined;
      try {
        stack = await session.forge.nativeStackOf(number);
      } catch (error) {
        // A repository without native stacks (any more): no marks, not an error for a refresh.
        if (ForgeError.is(error, 'not-found')) return new Map();
        throw error;
      }
      entry = { at: now, stack };
      for (const n of stack?.pulls.map((p) => p.number) ?? [number]) seen.set(n, entry);
    }
    covered.add(number);
    if (!entry.stack) continue;
    if (!stacks.includes(entry.stack)) stacks.push(entry.stack);
    for (const p of entry.stack.pulls) covered.add(p.number);
  }

  const marks = new Map<number, NativeStackMark>();
  for (const pull of pulls) {
    const stack = stacks.find((s) => s.pulls.some((p) => p.number === pull.number));
    if (!stack) continue;
    const index = stack.pulls.findIndex((p) => p.number === pull.number);
    const nativeBelow = stack.pulls
      .slice(0, index)
      .reverse()
      .find((p) => p.open && !p.merged)?.number;
    const mark: NativeStackMark = { number: stack.number, position: index + 1, size: stack.pulls.length };
    if (nativeBelow !== pull.below) mark.mismatch = { nativeBelow, localBelow: pull.below };
    marks.set(pull.number, mark);
  }
  return marks;
}

/** Forgets what was read (after a submit or land changed the stacks). */
export function forgetNativeStacks(session: ForgeSession): void {
  cache.delete(session);
}
