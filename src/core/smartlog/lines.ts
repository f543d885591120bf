// A stack's lines: a linear stack is one line; a stack that forks has a main line plus side lines,
// each sitting on a commit of another line (its fork point). The main line is the one the smartlog
// draws in its first column (the line of the stack's top row), so the views agree.
import type { Smartlog, SmartlogCommit, Stack } from './model';

export interface StackLine {
  /** Draft commits of the line, top first; each sits on the next (first parent). */
  commits: string[];
  /** What the bottom commit sits on: the stack's base for the main line, the fork point for a side line. */
  on: string;
}

/** The main line first, then side lines in smartlog row order. */
export function stackLines(smartlog: Smartlog, stack: Stack): StackLine[] {
  const byHash = new Map(smartlog.commits.map((c) => [c.hash, c]));
  const placed = new Set<string>();
  const lines: StackLine[] = [];
  // Rows are children first, so the first commit not yet placed is the top of a line not yet walked.
  for (const top of stack.commits) {
    if (placed.has(top)) continue;
    const commits: string[] = [];
    let commit: SmartlogCommit | undefined = byHash.get(top);
    while (commit && commit.stackId === stack.id && !placed.has(commit.hash)) {
      placed.add(commit.hash);
      commits.push(commit.hash);
      commit = byHash.get(commit.parents[0]);
    }
    const bottom = byHash.get(commits[commits.length - 1]);
    lines.push({ commits, on: bottom?.parents[0] ?? stack.base });
  }
  return lines;
}

/** Where a stack forks: the fork points (oldest first) and the top commit of every line. */
export function stackForks(smartlog: Smartlog, stack: Stack): { forkPoints: string[]; tops: string[] } {
  const lines = stackLines(smartlog, stack);
  const inStack = new Set(stack.commits);
  const forkPoints = [
    ...new Set(
      lines
        .slice(1)
        .map((l) => l.on)
        .filter((hash) => inStack.has(hash)),
    ),
  ];
  forkPoints.sort((a, b) => stack.commits.indexOf(b) - stack.commits.indexOf(a));
  return { forkPoints, tops: lines.map((l) => l.commits[0]) };
}
