// The checks badges on a commit: in the Stacks tree (text on the row, a tooltip with a link to the
// output) and in the graph (a badge that opens the output of the failing check when clicked), for
// local checks and for the forge's answers from a dry run. No vscode import: unit tests check them.
import type { CheckEntry, CommitCheckStatus } from '../../core/checks/status';
import { failingNames } from '../../core/checks/status';
import type { RemoteCommitResult } from '../../core/checks/remote';
import type { BadgePart } from '../../protocol';
import type { HostBadge } from '../graph/badgeMessage';
import { l10n } from '../l10n';
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
      return result ? l10n.t('✓ {0} ({1})', entry.name, seconds(result.durationMs)) : `✓ ${entry.name}`;
    case 'fail':
      return result?.signal
        ? l10n.t('✗ {0} (killed by {1})', entry.name, result.signal)
        : l10n.t('✗ {0} (exit {1})', entry.name, String(result?.exitCode));
    case 'timeout':
      return l10n.t('✗ {0} (timed out)', entry.name);
    case 'error':
      return l10n.t('✗ {0} (could not run)', entry.name);
    case 'running':
      return l10n.t('◌ {0} (running)', entry.name);
    case 'queued':
      return l10n.t('◌ {0} (waiting)', entry.name);
    default:
      return l10n.t('○ {0} (not run)', entry.name);
  }
}

function seconds(ms: number): string {
  return l10n.t('{0} s', (ms / 1000).toFixed(1));
}

/** The row's short word on its checks: "✓ checks pass", "✗ unit failed", "◌ checking", "○ not checked". */
export function summaryText(status: CommitCheckStatus): string {
  switch (status.overall) {
    case 'pass':
      return status.entries.length === 1
        ? l10n.t('✓ {0} passes', status.entries[0].name)
        : l10n.t('✓ {0} checks pass', status.entries.length);
    case 'fail':
      return l10n.t('✗ {0} failed', failingNames(status).join(', '));
    case 'running':
      return l10n.t('◌ checking');
    default:
      return l10n.t('○ not checked');
  }
}

export function commandUri(command: string, arg: unknown): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify([arg]))}`;
}

/** The Stacks tree's text and tooltip for a draft commit's checks. */
export function checksAnnotation(
  status: CommitCheckStatus | undefined,
  remote: RemoteCommitResult | undefined,
  root: string,
): Annotation | undefined {
  const parts: string[] = [];
  const tooltip: string[] = [];
  if (status && status.entries.length > 0) {
    parts.push(summaryText(status));
    const target: OutputTarget = { root, commit: status.commit };
    const links = status.entries.some((e) => e.result)
      ? ` · ${l10n.t('[Show output]({0})', commandUri(SHOW_OUTPUT, target))}`
      : '';
    const run =
      status.overall === 'running'
        ? ''
        : ` · ${l10n.t('[Run checks]({0})', commandUri(RUN_CHECKS, { root, commit: status.commit }))}`;
    tooltip.push(l10n.t('**Checks** (.stackline.json): {0}', status.entries.map(entryText).join(' · ')) + links + run);
  }
  if (remote) {
    parts.push(remoteText(remote));
    const contexts = remote.contexts.map(
      (c) =>
        `${{ passing: '✓', failing: '✗', pending: '◌' }[c.state]} ${c.url ? `[${escape(c.name)}](${c.url})` : escape(c.name)}`,
    );
    tooltip.push(
      l10n.t(
        '**On GitHub** (dry run on {0}): {1}',
        remote.branch,
        contexts.join(' · ') || (remote.state === 'none' ? l10n.t('nothing reported') : l10n.t('waiting')),
      ),
    );
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
      return l10n.t('☁ ✓ CI passes');
    case 'failing':
      return l10n.t(
        '☁ ✗ {0} failed',
        remote.contexts
          .filter((c) => c.state === 'failing')
          .map((c) => c.name)
          .join(', '),
      );
    case 'pending':
      return l10n.t('☁ ◌ CI running');
    default:
      return l10n.t('☁ no CI reported');
  }
}

const PARTS: Record<CommitCheckStatus['overall'], (status: CommitCheckStatus) => BadgePart> = {
  pass: () => ({ icon: 'pass', text: '', tone: 'success', label: l10n.t('checks pass') }),
  fail: (status) => ({
    icon: 'error',
    text: failingNames(status).join(', '),
    tone: 'error',
    label: l10n.t('{0} failed', failingNames(status).join(', ')),
  }),
  running: () => ({ icon: 'loading', text: '', tone: 'pending', label: l10n.t('checks running') }),
  'not-run': () => ({ icon: 'circle-large-outline', text: '', tone: 'muted', label: l10n.t('not checked') }),
};

/** The graph's badge for a draft commit's checks; a click opens the output (or runs them, when never run). */
export function checksBadge(status: CommitCheckStatus | undefined, root: string): HostBadge | undefined {
  if (!status || status.entries.length === 0) return undefined;
  const failing = failingNames(status);
  const hasOutput = status.entries.some((e) => e.result);
  const title = {
    pass: () => l10n.t('Checks pass'),
    fail: () => l10n.t('Checks: {0} failed', failing.join(', ')),
    running: () => l10n.t('Checks running'),
    'not-run': () => l10n.t('Not checked yet'),
  }[status.overall]();
  return {
    id: 'checks',
    parts: [PARTS[status.overall](status)],
    title,
    lines: status.entries.map(entryText),
    ...(status.overall === 'running'
      ? {}
      : hasOutput
        ? {
            action: failing.length > 0 ? l10n.t('Show the output of {0}', failing[0]) : l10n.t('Show the output'),
            command: {
              command: SHOW_OUTPUT,
              arguments: [{ root, commit: status.commit, check: failing[0] } satisfies OutputTarget],
            },
          }
        : {
            action: l10n.t('Run checks on this stack'),
            command: { command: RUN_CHECKS, arguments: [{ root, commit: status.commit }] },
          }),
  };
}

/** The graph's badge for the forge's answer from a dry run; a click opens the first failing run's page. */
export function remoteBadge(remote: RemoteCommitResult | undefined): HostBadge | undefined {
  if (!remote) return undefined;
  const tone = { passing: 'success', failing: 'error', pending: 'pending', none: 'muted' } as const;
  const failing = remote.contexts.find((c) => c.state === 'failing' && c.url);
  return {
    id: 'checks-remote',
    parts: [
      {
        icon: 'cloud',
        text: remote.state === 'failing' ? String(remote.contexts.filter((c) => c.state === 'failing').length) : '',
        tone: tone[remote.state],
        label: l10n.t('GitHub dry run: {0}', remoteText(remote).replace(/^☁ /, '')),
      },
    ],
    title: l10n.t('GitHub dry run on {0}', remote.branch),
    lines: remote.contexts.map(
      (c) =>
        `${{ passing: '✓', failing: '✗', pending: '◌' }[c.state]} ${c.name}${c.description ? `: ${c.description}` : ''}`,
    ),
    ...(failing ? { action: l10n.t('Open {0} on the forge', failing.name), link: failing.url } : {}),
  };
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
