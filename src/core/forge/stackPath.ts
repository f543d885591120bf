// Which commits a submit or land works on: one line of a stack, bottom (next to trunk) first.
import { shortHash } from '../format';
import { stackForks } from '../smartlog/lines';
import type { Smartlog, SmartlogCommit, Stack } from '../smartlog/model';
import { ForgeError } from './errors';

export interface StackPath {
  /** Bottom first. */
  commits: SmartlogCommit[];
  stackId: string;
}

/**
 * The line from the bottom of the stack up to `top` (a commit hash), else up to the stack's top
 * above HEAD. A stack that forks above HEAD needs an explicit top: which line is meant is ambiguous.
 */
export function stackPath(smartlog: Smartlog, top?: string): StackPath {
  const byHash = new Map(smartlog.commits.map((c) => [c.hash, c]));
  const start = top ? byHash.get(top) : smartlog.commits.find((c) => c.isHead);
  if (top && !start)
    throw new ForgeError('config', `Commit ${top.slice(0, 9)} is not in the smartlog; pick a draft commit of a stack.`);
  if (!start || start.phase !== 'draft' || !start.stackId) {
    throw new ForgeError(
      'config',
      'Nothing to submit: you are not on a stack of draft commits. Commit on top of trunk, or pick a stack in the Stacks view.',
    );
  }
  const stack = smartlog.stacks.find((s) => s.id === start.stackId)!;
  const inStack = new Set(stack.commits);
  const tip = top ? start : topAbove(smartlog, stack, start, 'head');
  const line: SmartlogCommit[] = [];
  for (
    let commit: SmartlogCommit | undefined = tip;
    commit && inStack.has(commit.hash);
    commit = byHash.get(commit.parents[0])
  ) {
    if (commit.parents.length > 1)
      throw new ForgeError('config', `Commit ${commit.hash.slice(0, 9)} is a merge; stacked PRs need a linear stack.`);
    line.push(commit);
  }
  return { commits: line.reverse(), stackId: stack.id };
}

/**
 * The top commit a whole-stack action (the stack row's Submit or Land) works up to: the stack's top
 * when it is one line; on a stack that forks, the top of HEAD's line when HEAD is in it above every
 * fork, else a refusal that names the tops to choose from.
 */
export function stackTop(smartlog: Smartlog, stack: Stack): string {
  const { forkPoints, tops } = stackForks(smartlog, stack);
  if (forkPoints.length === 0) return stack.commits[0];
  const head = smartlog.commits.find((c) => c.isHead && c.stackId === stack.id);
  if (!head) throw forkError(smartlog, forkPoints[0], tops, 'row');
  return topAbove(smartlog, stack, head, 'row').hash;
}

/** Walks up from `start` while exactly one draft child continues the line; a fork on the way is an error. */
function topAbove(smartlog: Smartlog, stack: Stack, start: SmartlogCommit, from: 'head' | 'row'): SmartlogCommit {
  const inStack = new Set(stack.commits);
  let tip = start;
  for (;;) {
    const children = smartlog.commits.filter((c) => inStack.has(c.hash) && c.parents[0] === tip.hash);
    if (children.length > 1) throw forkError(smartlog, tip.hash, stackForks(smartlog, stack).tops, from);
    if (children.length === 0) return tip;
    tip = children[0];
  }
}

/**
 * The line of `start`'s stack above it, while it does not fork: what a land moves onto trunk and
 * re-submits along with `start`. Bottom first, `start` excluded.
 */
export function lineAbove(smartlog: Smartlog, start: string): SmartlogCommit[] {
  const commit = smartlog.commits.find((c) => c.hash === start);
  const stack = smartlog.stacks.find((s) => s.id === commit?.stackId);
  if (!stack) return [];
  const inStack = new Set(stack.commits);
  const above: SmartlogCommit[] = [];
  for (let tip = start; ;) {
    const children = smartlog.commits.filter((c) => inStack.has(c.hash) && c.parents[0] === tip);
    if (children.length !== 1 || children[0].parents.length > 1) return above;
    above.push(children[0]);
    tip = children[0].hash;
  }
}

function forkError(smartlog: Smartlog, fork: string, tops: string[], from: 'head' | 'row'): ForgeError {
  const titled = (hash: string) => `${shortHash(hash)} "${smartlog.commits.find((c) => c.hash === hash)?.title ?? ''}"`;
  const choices = tops.map(titled).join(' or ');
  const where =
    from === 'head' ? `The stack forks above HEAD at ${titled(fork)}` : `This stack forks at ${titled(fork)}`;
  if (from === 'row')
    return new ForgeError('config', `${where}. Submit one line: select its top commit (${choices}) and Submit.`);
  // From HEAD: the CLI names the top to submit; VS Code selects it in the Stacks view.
  const fixes = tops.map((top) => ({
    label: `Submit up to ${shortHash(top)}`,
    cli: `stackline submit ${shortHash(top)}`,
  }));
  return new ForgeError(
    'config',
    `${where}. Submit one line: check out its top commit (${choices}), or select it in the Stacks view and Submit.`,
    '',
    fixes,
  );
}
