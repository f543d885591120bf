// The PR badge in the graph's PR slot: number and state, checks, review and comments, opening the
// PR on click. Reads the same PullStatusStore as the Stacks tree's badges.
import type * as vscode from 'vscode';
import type { CommitPullStatus } from '../../core/forge/status';
import { plural } from '../../core/format';
import type { BadgePart } from '../../protocol';
import type { HostBadge } from '../graph/badgeMessage';
import type { GraphBadges } from '../graph/badges';
import type { PullStatusStore } from './statusStore';
import { needsResubmit, RESUBMIT_HINT } from './treeBadge';

const STATE_ICONS = { open: 'git-pull-request', draft: 'git-pull-request-draft', merged: 'git-merge', closed: 'git-pull-request-closed' } as const;

const CHECKS: Record<CommitPullStatus['checks'], BadgePart | undefined> = {
  passing: { icon: 'check', text: '', tone: 'success', label: 'checks passing' },
  failing: { icon: 'close', text: '', tone: 'error', label: 'checks failing' },
  pending: { icon: 'circle-filled', text: '', tone: 'pending', label: 'checks running' },
  none: undefined,
};

const REVIEW: Record<CommitPullStatus['review'], BadgePart> = {
  approved: { icon: 'verified', text: '', tone: 'success', label: 'approved' },
  'changes-requested': { icon: 'request-changes', text: '', tone: 'error', label: 'changes requested' },
  'review-required': { icon: 'eye', text: '', tone: 'muted', label: 'needs review' },
};

export function pullBadge(status: CommitPullStatus | undefined, commit: string): HostBadge | undefined {
  if (!status) return undefined;
  const open = status.state === 'open' || status.state === 'draft';
  const stale = needsResubmit(status, commit);
  const parts: BadgePart[] = [{ icon: STATE_ICONS[status.state], text: `#${status.number}`, tone: status.state, label: `PR #${status.number} ${status.state}` }];
  if (stale) parts.push({ icon: 'cloud-upload', text: '', tone: 'warning', label: 'changed since submit' });
  const checks = open ? CHECKS[status.checks] : undefined;
  if (checks) parts.push(checks);
  if (open) parts.push(REVIEW[status.review]);
  if (status.comments > 0) parts.push({ icon: 'comment', text: String(status.comments), tone: 'muted', label: plural(status.comments, 'comment') });
  return {
    id: 'pr',
    parts,
    title: `Pull request #${status.number}: ${status.state}`,
    lines: [`Branch ${status.branch}`, ...(stale ? [RESUBMIT_HINT] : [])],
    action: `Open PR #${status.number} on GitHub`,
    link: status.url,
  };
}

/** Puts the PR badges on the graph and asks the graphs to redraw them when statuses change. */
export function registerPullBadges(badges: GraphBadges, store: PullStatusStore): vscode.Disposable[] {
  return [badges.addProvider((repo, commit) => pullBadge(store.get(repo.root, commit.hash), commit.hash)), store.onDidChange((root) => badges.refresh(root))];
}
