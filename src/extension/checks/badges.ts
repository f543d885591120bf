// The checks badges on a commit: in the Stacks tree (text on the row, a tooltip with a link to the
// output) and in the graph (a badge that opens the output of the failing check when clicked), for
// local checks and for the forge's answers from a dry run. No vscode import: unit tests check them.
import type { CheckEntry, CommitCheckStatus } from '../../core/checks/status';
import { failingNames } from '../../core/checks/status';
import type { RemoteCommitResult } from '../../core/checks/remote';
import type { BadgePart } from '../../protocol';
import type { HostBadge } from '../graph/badgeMessage';
import type { Annotation } from '../stacksTree';

export const SHOW_OUTPUT = 'stackline.showCheckOutput';
export const RUN_CHECKS = 'stackline.runChecks';

/** The argument of Show Check Output: which commit, and which check (default: the first that failed). */
export interface OutputTarget {
  root: string;
  commit: string;
  check?: string;
}

function entryText(entry: CheckEntry): string {
  const result = entry.result;
  switch (entry.state) {
    case 'pass':
      return `✓ ${entry.name}${result ? ` (${seconds(result.durationMs)})` : ''}`;
    case 'fail':
      return `✗ ${entry.name} (${result?.signal ? `killed by ${result.signal}` : `exit ${result?.exitCode}`})`;
    case 'timeout':
      return `✗ ${entry.name} (timed out)`;
    case 'error':
      return `✗ ${entry.name} (could not run)`;
    case 'running':
      return `◌ ${entry.name} (running)`;
    case 'queued':
      return `◌ ${entry.name} (waiting)`;
    default:
      return `○ ${entry.name} (not run)`;
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The row's short word on its checks: "✓ checks pass", "✗ unit failed", "◌ checking", "○ not checked". */
export function summaryText(status: CommitCheckStatus): string {
  switch (status.overall) {
    case 'pass':
      return status.entries.length === 1 ? `✓ ${status.entries[0].name} passes` : `✓ ${status.entries.length} checks pass`;
    case 'fail':
      return `✗ ${failingNames(status).join(', ')} failed`;
    case 'running':
      return '◌ checking';
    default:
      return '○ not checked';
  }
}

export function commandUri(command: string, arg: unknown): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify([arg]))}`;
}

/** The Stacks tree's text and tooltip for a draft commit's checks. */
export function checksAnnotation(status: CommitCheckStatus | undefined, remote: RemoteCommitResult | undefined, root: string): Annotation | undefined {
  const parts: string[] = [];
  const tooltip: string[] = [];
  if (status && status.entries.length > 0) {
    parts.push(summaryText(status));
    const target: OutputTarget = { root, commit: status.commit };
    const links = status.entries.some((e) => e.result) ? ` · [Show output](${commandUri(SHOW_OUTPUT, target)})` : '';
    const run = status.overall === 'running' ? '' : ` · [Run checks](${commandUri(RUN_CHECKS, { root, commit: status.commit })})`;
    tooltip.push(`**Checks** (.stackline.json): ${status.entries.map(entryText).join(' · ')}${links}${run}`);
  }
  if (remote) {
    parts.push(remoteText(remote));
    const contexts = remote.contexts.map((c) => `${{ passing: '✓', failing: '✗', pending: '◌' }[c.state]} ${c.url ? `[${escape(c.name)}](${c.url})` : escape(c.name)}`);
    tooltip.push(`**On GitHub** (dry run on ${remote.branch}): ${contexts.join(' · ') || (remote.state === 'none' ? 'nothing reported' : 'waiting')}`);
  }
  if (parts.length === 0) return undefined;
  return {
    text: parts.join(' · '),
    tooltip: tooltip.join('\n\n'),
    warning: status?.overall === 'fail' || remote?.state === 'failing',
    commands: [SHOW_OUTPUT, RUN_CHECKS],
  };
}

function remoteText(remote: RemoteCommitResult): string {
  switch (remote.state) {
    case 'passing':
      return '☁ ✓ CI passes';
    case 'failing':
      return `☁ ✗ ${remote.contexts.filter((c) => c.state === 'failing').map((c) => c.name).join(', ')} failed`;
    case 'pending':
      return '☁ ◌ CI running';
    default:
      return '☁ no CI reported';
  }
}

const PARTS: Record<CommitCheckStatus['overall'], (status: CommitCheckStatus) => BadgePart> = {
  pass: () => ({ icon: 'pass', text: '', tone: 'success', label: 'checks pass' }),
  fail: (status) => ({ icon: 'error', text: failingNames(status).join(', '), tone: 'error', label: `${failingNames(status).join(', ')} failed` }),
  running: () => ({ icon: 'loading', text: '', tone: 'pending', label: 'checks running' }),
  'not-run': () => ({ icon: 'circle-large-outline', text: '', tone: 'muted', label: 'not checked' }),
};

/** The graph's badge for a draft commit's checks; a click opens the output (or runs them, when never run). */
export function checksBadge(status: CommitCheckStatus | undefined, root: string): HostBadge | undefined {
  if (!status || status.entries.length === 0) return undefined;
  const failing = failingNames(status);
  const hasOutput = status.entries.some((e) => e.result);
  const title = { pass: 'Checks pass', fail: `Checks: ${failing.join(', ')} failed`, running: 'Checks running', 'not-run': 'Not checked yet' }[status.overall];
  return {
    id: 'checks',
    parts: [PARTS[status.overall](status)],
    title,
    lines: status.entries.map(entryText),
    ...(status.overall === 'running'
      ? {}
      : hasOutput
        ? { action: failing.length > 0 ? `Show the output of ${failing[0]}` : 'Show the output', command: { command: SHOW_OUTPUT, arguments: [{ root, commit: status.commit, check: failing[0] } satisfies OutputTarget] } }
        : { action: 'Run checks on this stack', command: { command: RUN_CHECKS, arguments: [{ root, commit: status.commit }] } }),
  };
}

/** The graph's badge for the forge's answer from a dry run; a click opens the first failing run's page. */
export function remoteBadge(remote: RemoteCommitResult | undefined): HostBadge | undefined {
  if (!remote) return undefined;
  const tone = { passing: 'success', failing: 'error', pending: 'pending', none: 'muted' } as const;
  const failing = remote.contexts.find((c) => c.state === 'failing' && c.url);
  return {
    id: 'checks-remote',
    parts: [{ icon: 'cloud', text: remote.state === 'failing' ? String(remote.contexts.filter((c) => c.state === 'failing').length) : '', tone: tone[remote.state], label: `GitHub dry run: ${remoteText(remote).replace(/^☁ /, '')}` }],
    title: `GitHub dry run on ${remote.branch}`,
    lines: remote.contexts.map((c) => `${{ passing: '✓', failing: '✗', pending: '◌' }[c.state]} ${c.name}${c.description ? `: ${c.description}` : ''}`),
    ...(failing ? { action: `Open ${failing.name} on the forge`, link: failing.url } : {}),
  };
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
