// Which commits a submit or land works on: one line of a stack, bottom (next to trunk) first.
import type { Smartlog, SmartlogCommit } from '../smartlog/model';
import { ForgeError } from './errors';

export interface StackPath {
  /** Bottom first. */
  commits: SmartlogCommit[];
  stackId: string;
}

/**
 * The line from the bottom of the stack up to `top` (a commit hash), else up to the stack's top
 * above HEAD. A stack that forks above the chosen commit needs an explicit top.
 */
export function stackPath(smartlog: Smartlog, top?: string): StackPath {
  const byHash = new Map(smartlog.commits.map((c) => [c.hash, c]));
  const start = top ? byHash.get(top) : smartlog.commits.find((c) => c.isHead);
  if (top && !start) throw new ForgeError('config', `Commit ${top.slice(0, 9)} is not in the smartlog; pick a draft commit of a stack.`);
  if (!start || start.phase !== 'draft' || !start.stackId) {
    throw new ForgeError('config', 'Nothing to submit: you are not on a stack of draft commits. Commit on top of trunk, or pick a stack in the Stacks view.');
  }
  const stack = smartlog.stacks.find((s) => s.id === start.stackId)!;
  const inStack = new Set(stack.commits);
  let tip = start;
  if (!top) {
    // Walk up while exactly one draft child continues the line.
    for (;;) {
      const children = smartlog.commits.filter((c) => inStack.has(c.hash) && c.parents[0] === tip.hash);
      if (children.length !== 1) break;
      tip = children[0];
    }
  }
  const line: SmartlogCommit[] = [];
  for (let commit: SmartlogCommit | undefined = tip; commit && inStack.has(commit.hash); commit = byHash.get(commit.parents[0])) {
    if (commit.parents.length > 1) throw new ForgeError('config', `Commit ${commit.hash.slice(0, 9)} is a merge; stacked PRs need a linear stack.`);
    line.push(commit);
  }
  return { commits: line.reverse(), stackId: stack.id };
}
