// The Review view: the PRs of the stack under review, bottom to top, each with its author, state,
// review decision, unresolved threads and whether you reviewed it at its current head; under each
// PR the files of its own change with GitHub's Viewed checkbox (the viewed ones folded into one row),
// its checks (a link each) and its outdated threads.
import { posix } from 'node:path';
import * as vscode from 'vscode';
import type { ChangedFile, PullChange } from '../../core/review/diffs';
import type { ReviewStack } from '../../core/review/findStack';
import type { ReviewPull, ReviewThread, ViewedState } from '../../core/review/types';
import { counts } from '../counts';

export type ReviewNode =
  | { kind: 'note'; text: string }
  | { kind: 'pull'; pull: ReviewPull }
  | { kind: 'file'; pull: ReviewPull; file: ChangedFile; viewed: ViewedState }
  | { kind: 'viewedFiles'; pull: ReviewPull; files: ChangedFile[] }
  | { kind: 'checks'; pull: ReviewPull }
  | { kind: 'check'; pull: ReviewPull; index: number }
  | { kind: 'outdated'; pull: ReviewPull }
  | { kind: 'outdatedThread'; pull: ReviewPull; thread: ReviewThread };

/** GitHub's Viewed state of a file of the PR's change (a file GitHub does not list counts as not viewed). */
export function viewedState(pull: ReviewPull, path: string): ViewedState {
  return pull.files.find((f) => f.path === path)?.viewed ?? 'UNVIEWED';
}

/** The PR's files split into the ones to read and the ones marked viewed (still so at the current head). */
export function splitViewed(pull: ReviewPull, files: ChangedFile[]): { toRead: ChangedFile[]; viewed: ChangedFile[] } {
  const viewed = files.filter((f) => viewedState(pull, f.path) === 'VIEWED');
  return { toRead: files.filter((f) => !viewed.includes(f)), viewed };
}

/** The head your latest review was made at (COMMENTED counts: you read it then). */
export function lastReviewedHead(pull: ReviewPull): string | undefined {
  return [...pull.viewerReviews].reverse().find((r) => r.state !== 'PENDING' && r.commit)?.commit;
}

export function unresolvedCount(pull: ReviewPull): number {
  return pull.threads.filter((t) => !t.resolved).length;
}

function decision(state: NonNullable<ReviewPull['reviewDecision']>): string {
  switch (state) {
    case 'approved':
      return vscode.l10n.t('approved');
    case 'changes-requested':
      return vscode.l10n.t('changes requested');
    case 'review-required':
      return vscode.l10n.t('review required');
  }
}
const CHECK_ICON = { passing: 'pass', failing: 'error', pending: 'clock' } as const;

export class ReviewTree implements vscode.TreeDataProvider<ReviewNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private stack: ReviewStack | undefined;
  private changes = new Map<number, PullChange>();

  show(stack: ReviewStack | undefined, changes = new Map<number, PullChange>()): void {
    this.stack = stack;
    this.changes = changes;
    this.changed.fire();
  }

  /** Redraws after a file's Viewed mark changed here (the stack is not read again). */
  refresh(): void {
    this.changed.fire();
  }

  get current(): ReviewStack | undefined {
    return this.stack;
  }

  dispose(): void {
    this.changed.dispose();
  }

  getChildren(node?: ReviewNode): ReviewNode[] {
    if (!this.stack) return [];
    if (!node)
      return [
        ...this.stack.notes.map((text): ReviewNode => ({ kind: 'note', text })),
        // Top of the stack first, as the Stacks view and GitHub's stack list read.
        ...[...this.stack.pulls].reverse().map((pull): ReviewNode => ({ kind: 'pull', pull })),
      ];
    const { pull } = node as { pull?: ReviewPull };
    if (!pull) return [];
    switch (node.kind) {
      case 'pull': {
        const { toRead, viewed } = splitViewed(pull, this.changes.get(pull.number)?.files ?? []);
        return [
          ...toRead.map((file): ReviewNode => ({ kind: 'file', pull, file, viewed: viewedState(pull, file.path) })),
          ...(viewed.length > 0 ? [{ kind: 'viewedFiles', pull, files: viewed } as const] : []),
          ...(pull.checks.length > 0 ? [{ kind: 'checks', pull } as const] : []),
          ...(pull.threads.some((t) => t.outdated) ? [{ kind: 'outdated', pull } as const] : []),
        ];
      }
      case 'viewedFiles':
        return node.files.map((file) => ({ kind: 'file', pull, file, viewed: 'VIEWED' }));
      case 'checks':
        return pull.checks.map((_, index) => ({ kind: 'check', pull, index }));
      case 'outdated':
        return pull.threads.filter((t) => t.outdated).map((thread) => ({ kind: 'outdatedThread', pull, thread }));
      default:
        return [];
    }
  }

  getParent(node: ReviewNode): ReviewNode | undefined {
    switch (node.kind) {
      case 'file':
        return node.viewed === 'VIEWED'
          ? { kind: 'viewedFiles', pull: node.pull, files: [] }
          : { kind: 'pull', pull: node.pull };
      case 'check':
        return { kind: 'checks', pull: node.pull };
      case 'outdatedThread':
        return { kind: 'outdated', pull: node.pull };
      case 'viewedFiles':
      case 'checks':
      case 'outdated':
        return { kind: 'pull', pull: node.pull };
      default:
        return undefined;
    }
  }

  private fileItem(node: Extract<ReviewNode, { kind: 'file' }>): vscode.TreeItem {
    const { file, pull } = node;
    const item = new vscode.TreeItem(vscode.Uri.file(file.path));
    item.id = `review:${pull.number}:file:${file.path}`;
    item.label = posix.basename(file.path);
    const dir = posix.dirname(file.path);
    item.description = [
      dir === '.' ? undefined : dir,
      node.viewed === 'DISMISSED' ? vscode.l10n.t('changed since you viewed it') : undefined,
    ]
      .filter(Boolean)
      .join(' · ');
    item.tooltip =
      file.status === 'renamed' ? vscode.l10n.t('{0} (renamed from {1})', file.path, file.oldPath) : file.path;
    item.checkboxState = {
      state: node.viewed === 'VIEWED' ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked,
      tooltip: vscode.l10n.t('Viewed'),
      accessibilityInformation: { label: vscode.l10n.t('Viewed') },
    };
    item.contextValue = `reviewFile ${node.viewed.toLowerCase()}`;
    item.command = {
      command: 'stackline.review.openFile',
      title: vscode.l10n.t('Open File Change'),
      arguments: [node],
    };
    return item;
  }

  getTreeItem(node: ReviewNode): vscode.TreeItem {
    if (node.kind === 'note') {
      const item = new vscode.TreeItem(node.text);
      item.iconPath = new vscode.ThemeIcon('warning');
      item.tooltip = node.text;
      return item;
    }
    if (node.kind === 'file') return this.fileItem(node);
    if (node.kind === 'viewedFiles') {
      const item = new vscode.TreeItem(
        vscode.l10n.t('{0} viewed', counts.file(node.files.length)),
        vscode.TreeItemCollapsibleState.Collapsed,
      );
      item.id = `review:${node.pull.number}:viewed`;
      item.iconPath = new vscode.ThemeIcon('eye');
      item.tooltip = vscode.l10n.t("Files you marked viewed, left out of the PR's change. Click to open them.");
      item.command = {
        command: 'stackline.review.openViewed',
        title: vscode.l10n.t('Open Viewed Files'),
        arguments: [node],
      };
      return item;
    }
    if (node.kind === 'checks') {
      const { checks } = node.pull;
      const item = new vscode.TreeItem(vscode.l10n.t('Checks'), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `review:${node.pull.number}:checks`;
      const failing = checks.filter((c) => c.state === 'failing').length;
      const pending = checks.filter((c) => c.state === 'pending').length;
      item.description = [
        vscode.l10n.t('{0} passing', checks.length - failing - pending),
        failing > 0 ? vscode.l10n.t('{0} failing', failing) : undefined,
        pending > 0 ? vscode.l10n.t('{0} pending', pending) : undefined,
      ]
        .filter(Boolean)
        .join(' · ');
      item.iconPath = new vscode.ThemeIcon(failing > 0 ? 'error' : pending > 0 ? 'clock' : 'pass');
      return item;
    }
    if (node.kind === 'outdated') {
      const count = node.pull.threads.filter((t) => t.outdated).length;
      const item = new vscode.TreeItem(
        vscode.l10n.t('Outdated threads ({0})', count),
        vscode.TreeItemCollapsibleState.Collapsed,
      );
      item.id = `review:${node.pull.number}:outdated`;
      item.iconPath = new vscode.ThemeIcon('history');
      item.tooltip = vscode.l10n.t(
        'Threads on lines that changed since they were written, shown on the version they were written on.',
      );
      return item;
    }
    if (node.kind === 'outdatedThread') {
      const { thread } = node;
      const first = thread.comments[0];
      const item = new vscode.TreeItem(`${thread.path}:${thread.originalLine ?? '?'}`);
      item.id = `review:${node.pull.number}:outdated:${thread.id}`;
      item.description = [
        first ? `${first.author}: ${first.body.split('\n')[0]}` : undefined,
        thread.resolved ? vscode.l10n.t('resolved') : undefined,
      ]
        .filter(Boolean)
        .join(' · ');
      item.tooltip = vscode.l10n.t(
        'Outdated: written on line {0} at {1}. Click to open that version with the thread.',
        thread.originalLine ?? '?',
        first?.originalCommit?.slice(0, 7) ?? '?',
      );
      item.iconPath = new vscode.ThemeIcon('comment-discussion');
      item.command = {
        command: 'stackline.review.openOutdated',
        title: vscode.l10n.t('Open Outdated Thread'),
        arguments: [node],
      };
      return item;
    }
    if (node.kind === 'check') {
      const check = node.pull.checks[node.index];
      const item = new vscode.TreeItem(check.name);
      item.description = check.state;
      item.iconPath = new vscode.ThemeIcon(CHECK_ICON[check.state]);
      if (check.url) {
        item.tooltip = check.url;
        item.command = {
          command: 'vscode.open',
          title: vscode.l10n.t('Open Check'),
          arguments: [vscode.Uri.parse(check.url)],
        };
      }
      return item;
    }
    const { pull } = node;
    const reviewedAtHead = lastReviewedHead(pull) === pull.headSha;
    const unresolved = unresolvedCount(pull);
    const files = this.changes.get(pull.number)?.files ?? [];
    const viewed = splitViewed(pull, files).viewed.length;
    const item = new vscode.TreeItem(`#${pull.number} ${pull.title}`, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `review:${pull.number}`;
    item.description = [
      pull.author,
      pull.state,
      pull.reviewDecision ? decision(pull.reviewDecision) : undefined,
      unresolved > 0 ? vscode.l10n.t('{0} unresolved', unresolved) : undefined,
      viewed > 0 ? vscode.l10n.t('{0}/{1} viewed', viewed, files.length) : undefined,
      reviewedAtHead
        ? vscode.l10n.t('✓ reviewed')
        : lastReviewedHead(pull)
          ? vscode.l10n.t('changed since your review')
          : undefined,
    ]
      .filter(Boolean)
      .join(' · ');
    item.tooltip = vscode.l10n.t(
      '{0}\n{1} ← {2} at {3}',
      pull.url,
      pull.baseRef,
      pull.headRef,
      pull.headSha.slice(0, 7),
    );
    item.iconPath = new vscode.ThemeIcon(
      pull.state === 'merged' ? 'git-merge' : pull.state === 'closed' ? 'circle-slash' : 'git-pull-request',
    );
    item.contextValue = [
      'reviewPull',
      pull.state === 'open' || pull.state === 'draft' ? 'open' : 'done',
      lastReviewedHead(pull) && !reviewedAtHead ? 'changedSinceReview' : '',
    ]
      .filter(Boolean)
      .join(' ');
    item.command = { command: 'stackline.review.openChange', title: vscode.l10n.t('Open Change'), arguments: [node] };
    return item;
  }
}
