// Parser for `git for-each-ref --format=REFS_FORMAT`.

export interface Ref {
  /** Full name, e.g. refs/heads/main. */
  name: string;
  hash: string;
  /** Full name of the upstream, e.g. refs/remotes/origin/main, when one is configured. */
  upstream?: string;
  ahead: number;
  behind: number;
  /** The upstream is configured but its remote branch no longer exists. */
  upstreamGone: boolean;
  /** For symbolic refs such as refs/remotes/origin/HEAD: what they point to. */
  symref?: string;
  /** Local branches: the folder of the worktree that has it checked out (this one included). */
  worktreePath?: string;
}

export const REFS_FORMAT = [
  '%(refname)',
  '%(objectname)',
  '%(upstream)',
  '%(upstream:track,nobracket)',
  '%(symref)',
  '%(worktreepath)',
].join('%00');

/**
 * REFS_FORMAT without ahead/behind (parsed as 0/0 by parseRefs): `upstream:track` walks history once
 * per branch with an upstream, which adds up with hundreds of branches. Ask TRACK_FORMAT for the few shown.
 */
export const REFS_FORMAT_UNTRACKED = [
  '%(refname)',
  '%(objectname)',
  '%(upstream)',
  '',
  '%(symref)',
  '%(worktreepath)',
].join('%00');

/** For `git for-each-ref --format=TRACK_FORMAT <refs>`: ahead/behind of each against its upstream. */
export const TRACK_FORMAT = ['%(refname)', '%(upstream:track,nobracket)'].join('%00');

export type Tracking = Pick<Ref, 'ahead' | 'behind' | 'upstreamGone'>;

export function parseRefs(output: string): Ref[] {
  return output
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [name, hash, upstream, track, symref, worktreePath] = line.split('\0');
      return {
        name,
        hash,
        upstream: upstream || undefined,
        ...parseTrack(track),
        symref: symref || undefined,
        worktreePath: worktreePath || undefined,
      };
    });
}

/** Ref name → its tracking state, from TRACK_FORMAT output. */
export function parseTracking(output: string): Map<string, Tracking> {
  const lines = output.split('\n').filter((line) => line !== '');
  return new Map(lines.map((line) => line.split('\0')).map(([name, track]) => [name, parseTrack(track)]));
}

/** `%(upstream:track,nobracket)`: "ahead 2, behind 1", "gone" or empty. */
function parseTrack(track: string): Tracking {
  return {
    ahead: Number(/ahead (\d+)/.exec(track)?.[1] ?? 0),
    behind: Number(/behind (\d+)/.exec(track)?.[1] ?? 0),
    upstreamGone: track === 'gone',
  };
}

/** refs/heads/feature/x → feature/x; refs/remotes/origin/main → origin/main. */
export function shortRefName(name: string): string {
  return name.replace(/^refs\/(heads|remotes|tags)\//, '');
}
