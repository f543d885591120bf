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

export const REFS_FORMAT = ['%(refname)', '%(objectname)', '%(upstream)', '%(upstream:track,nobracket)', '%(symref)', '%(worktreepath)'].join(
  '%00',
);

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
        ahead: Number(/ahead (\d+)/.exec(track)?.[1] ?? 0),
        behind: Number(/behind (\d+)/.exec(track)?.[1] ?? 0),
        upstreamGone: track === 'gone',
        symref: symref || undefined,
        worktreePath: worktreePath || undefined,
      };
    });
}

/** refs/heads/feature/x → feature/x; refs/remotes/origin/main → origin/main. */
export function shortRefName(name: string): string {
  return name.replace(/^refs\/(heads|remotes|tags)\//, '');
}
