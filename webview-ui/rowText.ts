// What a commit row shows in words when space is short: its branch and tag pills (a remote branch
// that only mirrors a local one shares its pill; Stackline's own PR branches shrink to an icon) and
// its date in a compact form. Pure: no DOM, so Node tests can run it.
import { relativeTime } from '../src/core/format';
import type { GraphBranch, GraphCommit } from '../src/protocol';

export interface Label {
  kind: string;
  icon: string;
  /** Empty: the pill is its icon alone; the title says it all. */
  text: string;
  /** The whole story, for the tooltip: a pill's text may be cut. */
  title: string;
  /** The local branch is on a remote too, at this commit. */
  pushed?: boolean;
}

/** Branches Submit pushes for commits without a branch of their own (stackline/<slug>-<id>). */
const GENERATED = /^[^/]+\/stackline\//;

export function labelsOf(commit: GraphCommit): Label[] {
  const remoteOnly = commit.branches.filter((b) => b.remote);
  const mirrors = new Map<string, GraphBranch>();
  for (const local of commit.branches.filter((b) => !b.remote)) {
    const mirror = remoteOnly.find((r) => r.name.slice(r.name.indexOf('/') + 1) === local.name);
    if (mirror) mirrors.set(local.name, mirror);
  }
  const mirrored = new Set([...mirrors.values()]);
  const labels: Label[] = [];
  for (const b of commit.branches) {
    if (mirrored.has(b)) continue;
    const text = `${b.name}${marks(b)}`;
    if (b.remote) {
      const generated = GENERATED.test(b.name);
      labels.push({
        kind: generated ? 'remote generated' : 'remote',
        icon: 'cloud',
        text: generated ? '' : text,
        title: generated
          ? `Remote branch ${text}: where Submit pushed this commit for its pull request`
          : `Remote branch ${text}`,
      });
      continue;
    }
    const mirror = mirrors.get(b.name);
    const what = b.current ? 'Current branch' : 'Branch';
    labels.push({
      kind: b.current ? 'branch current' : 'branch',
      icon: 'git-branch',
      text,
      title: `${what} ${text}${mirror ? `, also ${mirror.name}${marks(mirror)}` : ''}`,
      ...(mirror ? { pushed: true } : {}),
    });
  }
  for (const tag of commit.tags ?? []) labels.push({ kind: 'tag', icon: 'tag', text: tag, title: `Tag ${tag}` });
  return labels;
}

function marks(b: GraphBranch): string {
  return `${b.ahead ? `↑${b.ahead}` : ''}${b.behind ? `↓${b.behind}` : ''}${b.upstreamGone ? ' (upstream gone)' : ''}`;
}

const SHORT_UNITS: Record<string, string> = {
  second: 's',
  minute: 'm',
  hour: 'h',
  day: 'd',
  week: 'w',
  month: 'mo',
  year: 'y',
};

/** "36s", "5m", "3h", "2d", "4w", "7mo", "2y": the date column when the graph is narrow. */
export function compactTime(epochSeconds: number, nowMs: number): string {
  const words = /^(\d+) (\w+?)s? ago$/.exec(relativeTime(epochSeconds, nowMs));
  return words ? `${words[1]}${SHORT_UNITS[words[2]]}` : 'now';
}
