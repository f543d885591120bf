// Parser for `git status --porcelain=v2 -z --branch`.

export type FileChangeKind = 'staged' | 'modified' | 'untracked' | 'conflicted';

export interface FileChange {
  path: string;
  /** For renames and copies: the path before. */
  originalPath?: string;
  /** Index status letter (X) and worktree status letter (Y) as git prints them; '?' for untracked. */
  index: string;
  worktree: string;
  kinds: FileChangeKind[];
}

export interface StatusBranch {
  oid?: string;
  head?: string;
  upstream?: string;
  ahead?: number;
  behind?: number;
}

export interface Status {
  branch: StatusBranch;
  files: FileChange[];
}

export function parseStatus(output: string): Status {
  const entries = output.split('\0');
  const branch: StatusBranch = {};
  const files: FileChange[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (entry === '') continue;
    if (entry.startsWith('# ')) {
      parseBranchHeader(entry, branch);
      continue;
    }
    switch (entry[0]) {
      case '1': {
        const [, xy, , , , , , , ...rest] = entry.split(' ');
        files.push(change(rest.join(' '), xy));
        break;
      }
      case '2': {
        const [, xy, , , , , , , , ...rest] = entry.split(' ');
        const originalPath = entries[++i];
        files.push({ ...change(rest.join(' '), xy), originalPath });
        break;
      }
      case 'u': {
        const [, xy, , , , , , , , , ...rest] = entry.split(' ');
        files.push({ path: rest.join(' '), index: xy[0], worktree: xy[1], kinds: ['conflicted'] });
        break;
      }
      case '?':
        files.push({ path: entry.slice(2), index: '?', worktree: '?', kinds: ['untracked'] });
        break;
      default:
        // '!' (ignored) entries only appear when asked for; nothing else is defined by git.
        break;
    }
  }
  return { branch, files };
}

function change(path: string, xy: string): FileChange {
  const kinds: FileChangeKind[] = [];
  if (xy[0] !== '.') kinds.push('staged');
  if (xy[1] !== '.') kinds.push('modified');
  return { path, index: xy[0], worktree: xy[1], kinds };
}

function parseBranchHeader(entry: string, branch: StatusBranch): void {
  const [, key, ...values] = entry.split(' ');
  const value = values.join(' ');
  if (key === 'branch.oid' && value !== '(initial)') branch.oid = value;
  if (key === 'branch.head' && value !== '(detached)') branch.head = value;
  if (key === 'branch.upstream') branch.upstream = value;
  if (key === 'branch.ab') {
    const match = /^\+(\d+) -(\d+)$/.exec(value);
    if (match) {
      branch.ahead = Number(match[1]);
      branch.behind = Number(match[2]);
    }
  }
}
