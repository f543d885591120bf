// The needs-restack marks in the Stacks view: a row on top with a Restack button while commits sit
// on an outdated version of their parent (after a `git commit --amend` in the terminal, say), and a
// mark on those commits, on the outdated ones and on their stacks. The smartlog finds them
// (core/smartlog/outdated.ts); Restack moves them onto the latest versions and the marks go.
import type * as vscode from 'vscode';
import { shortHash } from '../../core/format';
import { needsRestack } from '../../core/smartlog/outdated';
import { counts } from '../counts';
import { l10n } from '../l10n';
import type { Annotation, StacksNode, StacksTree } from '../stacksTree';

export function registerRestackHint(tree: StacksTree): vscode.Disposable[] {
  return [
    tree.addBanner((repo) => {
      const commits = repo.smartlog?.commits ?? [];
      // While git or an operation is mid-way (a rebase stopped on conflicts), its own row says what to do.
      if (repo.smartlog?.state.operation || !needsRestack(commits)) return undefined;
      const waiting = commits.filter((c) => c.needsRestack).length;
      return {
        text: l10n.t('Needs restack'),
        detail:
          waiting === 0
            ? l10n.t('a branch is on an outdated commit')
            : waiting === 1
              ? l10n.t('1 commit on an outdated version of its parent')
              : l10n.t('{0} on an outdated version of their parent', counts.commit(waiting)),
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
    return needsRestack(node.smartlog.commits.filter((c) => inStack.has(c.hash)))
      ? { text: l10n.t('needs restack'), warning: true }
      : undefined;
  }
  const { commit } = node;
  if (commit.outdatedBy) {
    return {
      text: l10n.t('outdated: now {0}', shortHash(commit.outdatedBy)),
      tooltip: l10n.t(
        'Amended or rewritten since: the latest version is `{0}`. **Restack** moves what sits on this one onto it.',
        shortHash(commit.outdatedBy),
      ),
    };
  }
  if (commit.needsRestack) {
    return {
      text: l10n.t('needs restack'),
      tooltip: l10n.t(
        'Sits on an outdated version of its parent. **Restack** (on the row at the top, or `stackline restack`) moves it onto the latest version.',
      ),
      warning: true,
    };
  }
  return undefined;
}
