// The needs-restack marks in the Stacks view: a row on top with a Restack button while commits sit
// on an outdated version of their parent (after a `git commit --amend` in the terminal, say), and a
// mark on those commits, on the outdated ones and on their stacks. The smartlog finds them
// (core/smartlog/outdated.ts); Restack moves them onto the latest versions and the marks go.
import type * as vscode from 'vscode';
import { plural, shortHash } from '../../core/format';
import { needsRestack } from '../../core/smartlog/outdated';
import type { Annotation, StacksNode, StacksTree } from '../stacksTree';

export function registerRestackHint(tree: StacksTree): vscode.Disposable[] {
  return [
    tree.addBanner((repo) => {
      const commits = repo.smartlog?.commits ?? [];
      // While git or an operation is mid-way (a rebase stopped on conflicts), its own row says what to do.
      if (repo.smartlog?.state.operation || !needsRestack(commits)) return undefined;
      const waiting = commits.filter((c) => c.needsRestack).length;
      return {
        text: 'Needs restack',
        detail: waiting > 0 ? `${plural(waiting, 'commit')} on an outdated version of ${waiting === 1 ? 'its' : 'their'} parent` : 'a branch is on an outdated commit',
        icon: 'layers',
        contextValue: 'operation.restack',
      };
    }),
    tree.addAnnotator(annotate),
  ];
}

function annotate(node: Extract<StacksNode, { kind: 'commit' | 'stack' }>): Annotation | undefined {
  if (node.kind === 'stack') {
    const inStack = new Set(node.stack.commits);
    return needsRestack(node.smartlog.commits.filter((c) => inStack.has(c.hash))) ? { text: 'needs restack', warning: true } : undefined;
  }
  const { commit } = node;
  if (commit.outdatedBy) {
    return { text: `outdated: now ${shortHash(commit.outdatedBy)}`, tooltip: `Amended or rewritten since: the latest version is \`${shortHash(commit.outdatedBy)}\`. **Restack** moves what sits on this one onto it.` };
  }
  if (commit.needsRestack) {
    return { text: 'needs restack', tooltip: 'Sits on an outdated version of its parent. **Restack** (on the row at the top, or `stackline restack`) moves it onto the latest version.', warning: true };
  }
  return undefined;
}
