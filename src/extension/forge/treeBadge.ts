// The PR badge on a Stacks tree row, and when a commit has changed since its PR was last updated.
import type { CommitPullStatus } from '../../core/forge/status';
import { plural } from '../../core/format';
import type { Annotation } from '../stacksTree';

const CHECKS = { passing: '✓ checks', failing: '✗ checks', pending: '● checks running', none: '' } as const;
const REVIEW = { approved: 'approved', 'changes-requested': 'changes requested', 'review-required': 'needs review' } as const;

/** An open PR whose head is not this commit any more: amended, restacked or reworded since the last submit. */
export function needsResubmit(status: CommitPullStatus, commit: string): boolean {
  return (status.state === 'open' || status.state === 'draft') && status.headSha !== '' && status.headSha !== commit;
}

export const RESUBMIT_HINT = 'This commit changed since it was submitted: submit the stack again to update the PR.';

/** The badge on a commit row: "PR #12 open · ↑ not submitted · ✓ checks · approved · 2 comments". */
export function pullAnnotation(status: CommitPullStatus | undefined, commit: string): Annotation | undefined {
  if (!status) return undefined;
  const open = status.state === 'open' || status.state === 'draft';
  const stale = needsResubmit(status, commit);
  const parts = [`PR #${status.number} ${status.state}`, stale ? '↑ not submitted' : '', open ? CHECKS[status.checks] : '', open ? REVIEW[status.review] : '', status.comments ? plural(status.comments, 'comment') : ''].filter(Boolean);
  const tooltip = `**[PR #${status.number}](${status.url})** · ${status.state} · checks: ${status.checks} · review: ${REVIEW[status.review]} · ${plural(status.comments, 'comment')} · branch \`${status.branch}\`${stale ? `\n\n${RESUBMIT_HINT}` : ''}`;
  // The flag shows Open Pull Request in the row's menu (package.json: viewItem =~ /\.pr$/).
  return { text: parts.join(' · '), tooltip, warning: open && (status.checks === 'failing' || status.review === 'changes-requested'), flag: 'pr' };
}

/** A stack row whose bottom commit has an open PR gets the flag that shows Land Bottom PR in its menu. */
export function stackPullAnnotation(bottom: CommitPullStatus | undefined): Annotation | undefined {
  return bottom && (bottom.state === 'open' || bottom.state === 'draft') ? { flag: 'pr' } : undefined;
}
