// Where prev/next/top/bottom lead from HEAD, worked out on the smartlog alone (no git calls).
import { plural, shortHash } from '../format';
import type { Smartlog, SmartlogCommit } from '../smartlog/model';

export type Direction = 'prev' | 'next' | 'top' | 'bottom';

export type NavigationResult =
  | { kind: 'target'; commit: SmartlogCommit }
  | { kind: 'choose'; from: SmartlogCommit; choices: SmartlogCommit[]; message: string }
  | { kind: 'refuse'; message: string };

export function navigationTarget(smartlog: Smartlog, direction: Direction, steps = 1): NavigationResult {
  if (!Number.isInteger(steps) || steps < 1)
    return refuse(`The number of steps must be a whole number of at least 1 (got ${steps}).`);
  const byHash = new Map(smartlog.commits.map((commit) => [commit.hash, commit]));
  const head = smartlog.commits.find((commit) => commit.isHead);
  if (!head) {
    return refuse(
      smartlog.state.unborn ? 'There are no commits yet.' : 'HEAD is not in the smartlog. Use goto <commit> first.',
    );
  }
  const children = (commit: SmartlogCommit) =>
    smartlog.commits.filter((c) => c.phase === 'draft' && c.parents[0] === commit.hash);

  switch (direction) {
    case 'prev': {
      let current = head;
      for (let i = 0; i < steps; i++) {
        if (current.phase === 'public') {
          return refuse(
            i === 0
              ? 'HEAD is on trunk, not in a stack: there is no previous commit in a stack.'
              : `Only ${plural(i, 'commit')} below HEAD in this stack (down to trunk commit ${shortHash(current.hash)}).`,
          );
        }
        const parent = byHash.get(current.parents[0]);
        if (!parent) return refuse(`Commit ${shortHash(current.hash)} has no parent to go to.`);
        current = parent;
      }
      return { kind: 'target', commit: current };
    }
    case 'next':
    case 'top': {
      let current = head;
      for (let i = 0; direction === 'top' || i < steps; i++) {
        const next = children(current);
        if (next.length === 0) {
          if (direction === 'top' && i > 0) break;
          if (direction === 'top') return refuse('HEAD is already at the top of its stack.');
          return refuse(
            i === 0
              ? `No commit above ${shortHash(current.hash)} in a stack.`
              : `Only ${plural(i, 'commit')} above HEAD in this stack.`,
          );
        }
        if (next.length > 1) {
          return {
            kind: 'choose',
            from: current,
            choices: next,
            message: `${next.length} commits follow ${shortHash(current.hash)}; pick one: ${next.map((c) => `${shortHash(c.hash)} "${c.title}"`).join(', ')}.`,
          };
        }
        current = next[0];
      }
      return { kind: 'target', commit: current };
    }
    case 'bottom': {
      if (head.phase === 'public') {
        const next = children(head);
        if (next.length === 1) return { kind: 'target', commit: next[0] };
        if (next.length > 1)
          return {
            kind: 'choose',
            from: head,
            choices: next,
            message: `${next.length} stacks start on ${shortHash(head.hash)}; pick one.`,
          };
        return refuse('HEAD is on trunk with no stack on it.');
      }
      let current = head;
      for (
        let parent = byHash.get(current.parents[0]);
        parent && parent.phase === 'draft';
        parent = byHash.get(current.parents[0])
      ) {
        current = parent;
      }
      if (current === head) return refuse('HEAD is already at the bottom of its stack.');
      return { kind: 'target', commit: current };
    }
  }
}

function refuse(message: string): NavigationResult {
  return { kind: 'refuse', message };
}
