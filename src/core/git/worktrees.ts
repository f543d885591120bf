// The other worktrees of a repository: who has which branch checked out (git keeps a branch in one
// worktree at a time), read from `git worktree list --porcelain -z`, and whether a worktree can be
// moved along with its branch (no local changes, no operation in progress, still on disk).
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parseStatus } from './parsers/status';
import { inProgressOperation, type RepoLocation } from './repository';
import { GitRunner } from './runner';

export interface WorktreeEntry {
  path: string;
  /** HEAD's commit; undefined on an unborn branch. */
  head?: string;
  /** The checked-out branch (refs/heads/x); undefined when detached. */
  branch?: string;
  bare: boolean;
  /** Its folder is gone (git worktree prune would remove it). */
  prunable: boolean;
}

export interface OtherWorktree extends WorktreeEntry {
  /** Its own git dir (HEAD, index, in-progress markers). */
  gitDir: string;
}

/** Parses `git worktree list --porcelain -z`: records of NUL-ended lines, an empty line between. */
export function parseWorktreeList(output: string): WorktreeEntry[] {
  const entries: WorktreeEntry[] = [];
  let current: WorktreeEntry | undefined;
  for (const line of output.split('\0')) {
    if (line === '') {
      current = undefined;
      continue;
    }
    const space = line.indexOf(' ');
    const [key, value] = space < 0 ? [line, ''] : [line.slice(0, space), line.slice(space + 1)];
    if (key === 'worktree') {
      current = { path: value, bare: false, prunable: false };
      entries.push(current);
    } else if (current && key === 'HEAD') current.head = /^0+$/.test(value) ? undefined : value;
    else if (current && key === 'branch') current.branch = value;
    else if (current && key === 'bare') current.bare = true;
    else if (current && key === 'prunable') current.prunable = true;
  }
  return entries;
}

/** The worktrees other than `repo`'s own (bare entries left out). One git call, none without linked worktrees. */
export async function otherWorktrees(git: GitRunner, repo: RepoLocation): Promise<OtherWorktree[]> {
  if (!existsSync(join(repo.commonDir, 'worktrees'))) return [];
  const entries = parseWorktreeList((await git.exec(['worktree', 'list', '--porcelain', '-z'])).stdout);
  const others: OtherWorktree[] = [];
  entries.forEach((entry, i) => {
    if (entry.bare) return;
    // The first entry is the main worktree, whose git dir is the common one.
    const gitDir = i === 0 ? repo.commonDir : linkedGitDir(entry.path);
    if (samePath(gitDir ?? '', repo.gitDir) || samePath(entry.path, repo.root)) return;
    others.push({ ...entry, gitDir: gitDir ?? '', prunable: entry.prunable || !existsSync(entry.path) });
  });
  return others;
}

/** A linked worktree's git dir, from the `gitdir:` line of its .git file (no process spawned). */
function linkedGitDir(path: string): string | undefined {
  try {
    const line = readFileSync(join(path, '.git'), 'utf8').trim();
    if (!line.startsWith('gitdir: ')) return undefined;
    const dir = line.slice('gitdir: '.length);
    return isAbsolute(dir) ? dir : resolve(path, dir);
  } catch {
    return undefined;
  }
}

/** Two paths naming one folder (git prints real paths; a symlinked temp dir may not be). */
export function samePath(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

export type WorktreeCondition =
  | { kind: 'clean' }
  /** Tracked files with local changes (staged, modified or conflicted). */
  | { kind: 'local-changes'; files: string[] }
  /** A rebase, merge, cherry-pick, … is under way there. */
  | { kind: 'busy'; operation: string }
  /** Its folder is gone. */
  | { kind: 'missing' };

/**
 * Whether a worktree can follow its branch: only when git would check out there without asking,
 * i.e. nothing but untracked files (those a checkout would overwrite are found by its dry run).
 */
export async function worktreeCondition(worktree: OtherWorktree): Promise<WorktreeCondition> {
  if (worktree.prunable || !worktree.gitDir) return { kind: 'missing' };
  const operation = inProgressOperation(worktree.gitDir);
  if (operation) return { kind: 'busy', operation };
  const out = (await new GitRunner(worktree.path).exec(['status', '--porcelain=v2', '-z', '--untracked-files=no']))
    .stdout;
  const files = parseStatus(out).files.map((file) => file.path);
  return files.length > 0 ? { kind: 'local-changes', files } : { kind: 'clean' };
}
