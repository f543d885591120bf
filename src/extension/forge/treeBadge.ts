// The PR badge on a Stacks tree row, and when a commit has changed since its PR was last updated.
import type { CommitPullStatus } from '../../core/forge/status';
import { counts } from '../counts';
import { l10n } from '../l10n';
import type { Annotation } from '../stacksTree';

function checksText(checks: CommitPullStatus['checks']): string {
  switch (checks) {
    case 'passing':
      return l10n.t('✓ checks');
    case 'failing':
      return l10n.t('✗ checks');
    case 'pending':
      return l10n.t('● checks running');
    case 'none':
      return '';
  }
}

/** A PR's review state in words (the graph's badge says the same). */
export function reviewText(review: CommitPullStatus['review']): string {
  switch (review) {
    case 'approved':
      return l10n.t('approved');
    case 'changes-requested':
      return l10n.t('changes requested');
    case 'review-required':
      return l10n.t('needs review');
  }
}

/** An open PR whose head is not this commit any more: amended, restacked or reworded since the last submit. */
export function needsResubmit(status: CommitPullStatus, commit: string): boolean {
  return (status.state === 'open' || status.state === 'draft') && status.headSha !== '' && status.headSha !== commit;
}

/** "queued, position 2" for a PR in its base branch's merge queue, else its state. */
export function stateText(status: CommitPullStatus): string {
  if (status.state === 'open' && status.queuePosition) return l10n.t('queued, position {0}', status.queuePosition);
  return status.state;
}

/** The PR's place in GitHub's native stack, and where GitHub stacks it differently from the local line. */
export function nativeStackText(status: CommitPullStatus): { place?: string; mismatch?: string } {
  const mark = status.nativeStack;
  if (!mark) return {};
  const place = l10n.t("GitHub's native stack {0} ({1} of {2})", mark.number, mark.position, mark.size);
  if (!mark.mismatch) return { place };
  const { nativeBelow, localBelow } = mark.mismatch;
  const onGitHub = nativeBelow ? l10n.t('on #{0}', nativeBelow) : l10n.t('at the bottom');
  const here = localBelow ? l10n.t('on #{0}', localBelow) : l10n.t('on trunk');
  return {
    place,
    mismatch: l10n.t(
      "GitHub's native stack {0} has #{1} {2}, but here its commit sits {3}. Submit the stack again to make GitHub match.",
      mark.number,
      status.number,
      onGitHub,
      here,
    ),
  };
}

export const resubmitHint = (): string =>
  l10n.t('This commit changed since it was submitted: submit the stack again to update the PR.');

/** The badge on a commit row: "PR #12 open · ↑ not submitted · ✓ checks · approved · 2 comments". */
export function pullAnnotation(status: CommitPullStatus | undefined, commit: string): Annotation | undefined {
  if (!status) return undefined;
  const open = status.state === 'open' || status.state === 'draft';
  const stale = needsResubmit(status, commit);
  const native = nativeStackText(status);
  const parts = [
    l10n.t('PR #{0} {1}', status.number, stateText(status)),
    stale ? l10n.t('↑ not submitted') : '',
    native.mismatch ? l10n.t('⚠ stacked differently on GitHub') : '',
    open ? checksText(status.checks) : '',
    open ? reviewText(status.review) : '',
    status.comments ? counts.comment(status.comments) : '',
  ].filter(Boolean);
  const tooltip =
    l10n.t(
      '**[PR #{0}]({1})** · {2} · checks: {3} · review: {4} · {5} · branch `{6}`',
      status.number,
      status.url,
      stateText(status),
      status.checks,
      reviewText(status.review),
      counts.comment(status.comments),
      status.branch,
    ) +
    (native.place ? `\n\n${native.place}` : '') +
    (native.mismatch ? `\n\n${native.mismatch}` : '') +
    (stale ? `\n\n${resubmitHint()}` : '');
  // The flag shows Open Pull Request in the row's menu (package.json: viewItem =~ /\.pr$/).
  return {
    text: parts.join(' · '),
    tooltip,
    warning: open && (status.checks === 'failing' || status.review === 'changes-requested' || !!native.mismatch),
    flag: 'pr',
  };
}

/**
 * A stack row whose bottom commit has an open PR gets the flag that shows Land Bottom PR in its menu,
 * and the number of the GitHub native stack it is, linked to the bottom PR (where GitHub shows the
 * stack map).
 */
export function stackPullAnnotation(bottom: CommitPullStatus | undefined): Annotation | undefined {
  if (!bottom || (bottom.state !== 'open' && bottom.state !== 'draft')) return undefined;
  const mark = bottom.nativeStack;
  if (!mark) return { flag: 'pr' };
  return {
    flag: 'pr',
    text: l10n.t('native stack {0}', mark.number),
    tooltip: l10n.t(
      "GitHub's native stack {0}: {1} PRs, merged as one. [Its stack map is on PR #{2}]({3}).",
      mark.number,
      mark.size,
      bottom.number,
      bottom.url,
    ),
  };
}
