// Which commits a check run covers: every draft commit of one stack (each line of a stack that
// forks), or only the top of each line. The stack is HEAD's, or the one holding a named commit.
import { shortHash } from '../format';
import { stackForks } from '../smartlog/lines';
import type { Smartlog, SmartlogCommit, Stack } from '../smartlog/model';
import { CheckError } from './errors';

export type CheckScope = 'all' | 'top';

export interface CheckTargets {
  stack: Stack;
  /** Bottom first: the order people read a stack's results in when fixing them. */
  commits: SmartlogCommit[];
}

export function checkTargets(
  smartlog: Smartlog,
  options: { commit?: string; stackId?: string; scope?: CheckScope } = {},
): CheckTargets {
  const byHash = new Map(smartlog.commits.map((c) => [c.hash, c]));
  let stack: Stack | undefined;
  if (options.stackId) stack = smartlog.stacks.find((s) => s.id === options.stackId);
  else {
    const start = options.commit ? byHash.get(options.commit) : smartlog.commits.find((c) => c.isHead);
    if (options.commit && start?.phase !== 'draft') {
      throw new CheckError(
        'no-stack',
        `Commit ${shortHash(options.commit)} is not a draft commit of a stack; checks run on the commits of a stack before they are submitted.`,
      );
    }
    stack = start?.stackId ? smartlog.stacks.find((s) => s.id === start.stackId) : undefined;
  }
  if (!stack)
    throw new CheckError(
      'no-stack',
      'Nothing to check: you are not on a stack of draft commits. Commit on top of trunk, or name a commit of a stack to check.',
    );
  const wanted = options.scope === 'top' ? new Set(stackForks(smartlog, stack).tops) : new Set(stack.commits);
  const commits = [...stack.commits]
    .reverse()
    .filter((hash) => wanted.has(hash))
    .map((hash) => byHash.get(hash)!);
  return { stack, commits };
}
