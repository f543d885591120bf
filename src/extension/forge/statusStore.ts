// PR status per commit, per repository, as last read from GitHub; the Stacks tree's PR badges (and,
// through get/onDidChange, the graph's PR slot) read it.
import * as vscode from 'vscode';
import type { CommitPullStatus } from '../../core/forge/status';
import { plural } from '../../core/format';
import type { Annotation } from '../stacksTree';

export class PullStatusStore implements vscode.Disposable {
  private readonly byRoot = new Map<string, Map<string, CommitPullStatus>>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the repository root whose statuses changed. */
  readonly onDidChange = this.changed.event;

  get(root: string, commit: string): CommitPullStatus | undefined {
    return this.byRoot.get(root)?.get(commit);
  }

  set(root: string, statuses: Map<string, CommitPullStatus>): void {
    const before = JSON.stringify([...(this.byRoot.get(root) ?? new Map())]);
    this.byRoot.set(root, statuses);
    if (JSON.stringify([...statuses]) !== before) this.changed.fire(root);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

const CHECKS = { passing: '✓ checks', failing: '✗ checks', pending: '● checks running', none: '' } as const;
const REVIEW = { approved: 'approved', 'changes-requested': 'changes requested', 'review-required': 'needs review' } as const;

/** The badge on a commit row: "PR #12 open · ✓ checks · approved · 2 comments". */
export function pullAnnotation(status: CommitPullStatus | undefined): Annotation | undefined {
  if (!status) return undefined;
  const open = status.state === 'open' || status.state === 'draft';
  const parts = [`PR #${status.number} ${status.state}`, open ? CHECKS[status.checks] : '', open ? REVIEW[status.review] : '', status.comments ? plural(status.comments, 'comment') : ''].filter(Boolean);
  const tooltip = `**[PR #${status.number}](${status.url})** · ${status.state} · checks: ${status.checks} · review: ${REVIEW[status.review]} · ${plural(status.comments, 'comment')} · branch \`${status.branch}\``;
  return { text: parts.join(' · '), tooltip, warning: open && (status.checks === 'failing' || status.review === 'changes-requested') };
}
