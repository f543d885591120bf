// The PR badge in the graph's PR slot: number and state, checks, review and comments, opening the
// PR on click. Reads the same PullStatusStore as the Stacks tree's badges.
import type * as vscode from 'vscode';
import type { CommitPullStatus } from '../../core/forge/status';
import type { BadgePart } from '../../protocol';
import { counts } from '../counts';
import type { HostBadge } from '../graph/badgeMessage';
import type { GraphBadges } from '../graph/badges';
import { l10n } from '../l10n';
import type { PullStatusStore } from './statusStore';
import { nativeStackText, needsResubmit, resubmitHint, reviewText, stateText } from './treeBadge';

const STATE_ICONS = {
  open: 'git-pull-request',
  draft: 'git-pull-request-draft',
  merged: 'git-merge',
  closed: 'git-pull-request-closed',
} as const;

function checksPart(checks: CommitPullStatus['checks']): BadgePart | undefined {
  switch (checks) {
    case 'passing':
      return { icon: 'check', text: '', tone: 'success', label: l10n.t('checks passing') };
    case 'failing':
      return { icon: 'close', text: '', tone: 'error', label: l10n.t('checks failing') };
    case 'pending':
      return { icon: 'circle-filled', text: '', tone: 'pending', label: l10n.t('checks running') };
    case 'none':
      return undefined;
  }
}

const REVIEW_LOOK: Record<CommitPullStatus['review'], Pick<BadgePart, 'icon' | 'tone'>> = {
  approved: { icon: 'verified', tone: 'success' },
  'changes-requested': { icon: 'request-changes', tone: 'error' },
  'review-required': { icon: 'eye', tone: 'muted' },
};

export function pullBadge(status: CommitPullStatus | undefined, commit: string): HostBadge | undefined {
  if (!status) return undefined;
  const open = status.state === 'open' || status.state === 'draft';
  const stale = needsResubmit(status, commit);
  const native = nativeStackText(status);
  const parts: BadgePart[] = [
    {
      icon: STATE_ICONS[status.state],
      text: `#${status.number}`,
      tone: status.state,
      label: l10n.t('PR #{0} {1}', status.number, stateText(status)),
    },
  ];
  if (open && status.queuePosition)
    parts.push({
      icon: 'clock',
      text: String(status.queuePosition),
      tone: 'pending',
      label: l10n.t('in the merge queue, position {0}', status.queuePosition),
    });
  if (native.mismatch)
    parts.push({ icon: 'layers', text: '', tone: 'warning', label: l10n.t('stacked differently on GitHub') });
  else if (status.nativeStack)
    parts.push({
      icon: 'layers',
      text: `${status.nativeStack.position}/${status.nativeStack.size}`,
      tone: 'muted',
      label: native.place!,
    });
  if (stale) parts.push({ icon: 'cloud-upload', text: '', tone: 'warning', label: l10n.t('changed since submit') });
  const checks = open ? checksPart(status.checks) : undefined;
  if (checks) parts.push(checks);
  if (open) parts.push({ ...REVIEW_LOOK[status.review], text: '', label: reviewText(status.review) });
  if (status.comments > 0)
    parts.push({
      icon: 'comment',
      text: String(status.comments),
      tone: 'muted',
      label: counts.comment(status.comments),
    });
  return {
    id: 'pr',
    parts,
    title: l10n.t('Pull request #{0}: {1}', status.number, status.state),
    lines: [
      l10n.t('Branch {0}', status.branch),
      ...(native.place ? [native.place] : []),
      ...(native.mismatch ? [native.mismatch] : []),
      ...(stale ? [resubmitHint()] : []),
    ],
    action: l10n.t('Open PR #{0} on GitHub', status.number),
    link: status.url,
  };
}

/** Puts the PR badges on the graph and asks the graphs to redraw them when statuses change. */
export function registerPullBadges(badges: GraphBadges, store: PullStatusStore): vscode.Disposable[] {
  return [
    badges.addProvider((repo, commit) => pullBadge(store.get(repo.root, commit.hash), commit.hash)),
    store.onDidChange((root) => badges.refresh(root)),
  ];
}
