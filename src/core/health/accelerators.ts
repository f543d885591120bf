// Git's own speed-ups that `scalar` turns on (its set_recommended_config and `git maintenance
// start`), and whether each is on in a repository: read from its config and files, with one probe
// of the fsmonitor daemon. Kept to the ones that speed up what people and Stackline run every day
// (log, status, merge-base), each with the exact git commands that turn it on.
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { shellQuote, type Fix } from '../fix';
import { gitBoolean, readConfigValues } from '../git/config';
import { GitError } from '../git/errors';
import type { RepoLocation } from '../git/repository';
import type { GitRunner } from '../git/runner';

export type AcceleratorId = 'commit-graph' | 'untracked-cache' | 'fsmonitor' | 'maintenance';
export type AcceleratorState = 'on' | 'off' | 'unavailable';

export interface Accelerator {
  id: AcceleratorId;
  title: string;
  /** What it does, in one sentence for the person deciding. */
  description: string;
  state: AcceleratorState;
  /** What was seen: what is missing when off, why it cannot be used here when unavailable. */
  why?: string;
  /** The way out when it is unavailable for a reason the user can change (a shallow clone). */
  fix?: Fix;
  /** The git commands (arguments after `git`) that turn it on, in order; empty unless off. */
  turnOn: string[][];
  /** Turning it on writes the user's global git config too, not only this repository's. */
  global: boolean;
}

/** In the order they are shown. */
export const ACCELERATOR_IDS: readonly AcceleratorId[] = [
  'commit-graph',
  'untracked-cache',
  'fsmonitor',
  'maintenance',
];

const TITLES: Record<AcceleratorId, string> = {
  'commit-graph': 'Commit-graph',
  'untracked-cache': 'Untracked cache',
  fsmonitor: 'File system monitor',
  maintenance: 'Background maintenance',
};

// Short enough to read whole in a quick pick's line.
const DESCRIPTIONS: Record<AcceleratorId, string> = {
  'commit-graph': 'Indexes the history, so log and "behind trunk" counts do not read every commit.',
  'untracked-cache': 'Remembers folders without new files, so git status skips reading them.',
  fsmonitor: 'A file watcher tells git status what changed, so it does not scan the work tree.',
  maintenance: 'Hourly jobs prefetch and update the commit-graph; daily ones repack.',
};

const CONFIG_KEYS =
  '^(core\\.(commitgraph|untrackedcache|fsmonitor)|fetch\\.writecommitgraph|feature\\.manyfiles|maintenance\\.repo)$';

/** Every accelerator and its state in this repository. */
export async function detectAccelerators(git: GitRunner, location: RepoLocation): Promise<Accelerator[]> {
  const [config, fsmonitorDaemon] = await Promise.all([readConfigValues(git, CONFIG_KEYS), probeFsmonitorDaemon(git)]);
  const last = (key: string) => config.get(key)?.at(-1);
  const maintained = isRegisteredForMaintenance(config.get('maintenance.repo') ?? [], location);
  return [
    commitGraph(location, last, maintained),
    untrackedCache(last),
    fsmonitor(last('core.fsmonitor'), fsmonitorDaemon),
    maintenance(maintained),
  ];
}

type ConfigValue = (key: string) => string | undefined;

const make = (
  id: AcceleratorId,
  state: AcceleratorState,
  why: string | undefined,
  turnOn: string[][] = [],
): Accelerator => ({
  id,
  title: TITLES[id],
  description: DESCRIPTIONS[id],
  state,
  ...(why ? { why } : {}),
  turnOn: state === 'off' ? turnOn : [],
  global: id === 'maintenance',
});

const setLocal = (key: string, value: string) => ['config', '--local', key, value];

function commitGraph(location: RepoLocation, value: ConfigValue, maintained: boolean): Accelerator {
  // Git reads no commit-graph in a shallow clone: writing one would change nothing.
  if (location.isShallow) {
    return {
      ...make('commit-graph', 'unavailable', 'This is a shallow clone, and git uses no commit-graph there.'),
      fix: { label: 'Fetch the whole history', cli: 'git fetch --unshallow' },
    };
  }
  const info = join(location.commonDir, 'objects', 'info');
  const hasFile =
    existsSync(join(info, 'commit-graph')) || existsSync(join(info, 'commit-graphs', 'commit-graph-chain'));
  const ignored = gitBoolean(value('core.commitgraph')) === false;
  // Scalar leaves fetch.writeCommitGraph off because its hourly maintenance rewrites the graph;
  // either one keeps it from falling behind new commits.
  const keptCurrent = gitBoolean(value('fetch.writecommitgraph')) === true || maintained;
  const missing = [
    ...(hasFile ? [] : ['There is no commit-graph file']),
    ...(ignored ? ['core.commitGraph is false, so git ignores it'] : []),
    ...(keptCurrent ? [] : ['fetch.writeCommitGraph is off, so it falls behind after each fetch']),
  ];
  if (missing.length === 0) return make('commit-graph', 'on', undefined);
  return make('commit-graph', 'off', sentence(missing), [
    ...(ignored ? [setLocal('core.commitGraph', 'true')] : []),
    ...(keptCurrent ? [] : [setLocal('fetch.writeCommitGraph', 'true')]),
    ['commit-graph', 'write', '--reachable', '--changed-paths'],
  ]);
}

function untrackedCache(value: ConfigValue): Accelerator {
  if (process.platform === 'win32') {
    return make(
      'untracked-cache',
      'unavailable',
      'Not offered on Windows: folder times there do not always change when a file is added, and scalar turns it off for that reason.',
    );
  }
  // feature.manyFiles makes it the default; "keep" (the default) uses it only if the index has one.
  const setting = value('core.untrackedcache') ?? (gitBoolean(value('feature.manyfiles')) ? 'true' : undefined);
  if (gitBoolean(setting) === true) return make('untracked-cache', 'on', undefined);
  return make(
    'untracked-cache',
    'off',
    gitBoolean(setting) === false ? 'core.untrackedCache is false.' : 'core.untrackedCache is not set.',
    [setLocal('core.untrackedCache', 'true'), ['update-index', '--untracked-cache']],
  );
}

/** What `git fsmonitor--daemon status` said: whether this git has the built-in daemon at all. */
interface FsmonitorDaemon {
  available: boolean;
  /** git's own words when it has none (its first line of stderr). */
  said?: string;
}

async function probeFsmonitorDaemon(git: GitRunner): Promise<FsmonitorDaemon> {
  try {
    // Exit 0: watching; 1: not watching. Either way the daemon exists in this git.
    const { stdout } = await git.exec(['fsmonitor--daemon', 'status'], { okCodes: [0, 1] });
    return { available: /fsmonitor-daemon is (not )?watching/.test(stdout) };
  } catch (error) {
    // Git exits 128 where it was built without the daemon (Linux) or cannot watch this repository
    // (a network share, for one).
    if (error instanceof GitError && error.kind === 'failed') {
      const said = error.detail.split('\n').find((line) => line.trim() !== '');
      return { available: false, said: said?.replace(/^(fatal|error): /, '') };
    }
    throw error;
  }
}

function fsmonitor(setting: string | undefined, daemon: FsmonitorDaemon): Accelerator {
  const enabled = gitBoolean(setting);
  // Any other value is a hook (Watchman's, say) that the user set up: theirs, and on.
  if (setting !== undefined && enabled === undefined) {
    return make('fsmonitor', 'on', `core.fsmonitor runs ${setting}.`);
  }
  if (!daemon.available && process.platform === 'linux') {
    return make(
      'fsmonitor',
      'unavailable',
      "Not available on this platform: git's built-in file system monitor runs on macOS and Windows only.",
    );
  }
  if (!daemon.available) {
    // Stackline needs a git that has the daemon on macOS and Windows: here git refused this repository.
    const where = "Git's built-in file system monitor cannot watch this repository";
    return make('fsmonitor', 'unavailable', daemon.said ? `${where} (git: ${daemon.said}).` : `${where}.`);
  }
  if (enabled) return make('fsmonitor', 'on', undefined);
  return make('fsmonitor', 'off', enabled === false ? 'core.fsmonitor is false.' : 'core.fsmonitor is not set.', [
    setLocal('core.fsmonitor', 'true'),
  ]);
}

function maintenance(registered: boolean): Accelerator {
  if (registered) return make('maintenance', 'on', undefined);
  return make(
    'maintenance',
    'off',
    'This repository is not in maintenance.repo; turning it on also installs the jobs in cron, systemd or launchd.',
    [['maintenance', 'start']],
  );
}

/**
 * Whether `git maintenance start` registered this repository: git writes its work tree (in some
 * versions its common git dir without /.git), resolved, to maintenance.repo in the global config.
 */
function isRegisteredForMaintenance(registered: string[], location: RepoLocation): boolean {
  const resolve = (path: string) => {
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  };
  const mine = new Set([location.root, location.commonDir, location.commonDir.replace(/\/\.git$/, '')].map(resolve));
  return registered.some((path) => mine.has(resolve(path)));
}

/** A command of turnOn as a line to paste into a terminal. */
export function gitCommandLine(args: string[]): string {
  return ['git', ...args].map(shellQuote).join(' ');
}

/** "a, b and c." (parts start as they are: config keys keep their case). */
function sentence(parts: string[]): string {
  const text = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0];
  return `${text}.`;
}
