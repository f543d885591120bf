// The git side of the stand-in: reads branches from a bare repository and performs merges, squashes
// and rebases into it with plumbing (merge-tree, commit-tree, update-ref), as GitHub's merge button does.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class MergeConflict extends Error {}

export class BareRepo {
  /** Branch tips, read once per request (pushes arrive between requests, straight into the repo). */
  private tips: Map<string, string> | undefined;

  constructor(readonly dir: string) {}

  /** Forgets cached branch tips: called when a request starts and after every change made here. */
  invalidate(): void {
    this.tips = undefined;
  }

  git(args: string[], env: Record<string, string> = {}): string {
    return execFileSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
  }

  tryGit(args: string[]): string | undefined {
    try {
      return this.git(args);
    } catch {
      return undefined;
    }
  }

  branchSha(branch: string): string | undefined {
    this.tips ??= this.branches();
    return this.tips.get(branch);
  }

  branches(): Map<string, string> {
    const out = this.git(['for-each-ref', '--format=%(refname:lstrip=2) %(objectname)', 'refs/heads']);
    return new Map(
      out
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(' ') as [string, string]),
    );
  }

  /** Makes another repository's branch tip readable here (GitHub shares objects across a fork network). */
  importRef(from: BareRepo, branch: string, as: string): string | undefined {
    if (from.dir === this.dir) return this.branchSha(branch);
    if (!from.branchSha(branch)) return undefined;
    this.git(['fetch', '--quiet', '--no-tags', from.dir, `+refs/heads/${branch}:${as}`]);
    this.invalidate();
    return this.tryGit(['rev-parse', '--verify', '--quiet', `${as}^{commit}`])?.trim();
  }

  setRef(ref: string, sha: string): void {
    this.git(['update-ref', ref, sha]);
  }

  commitsBetween(base: string, head: string): string[] {
    return this.git(['rev-list', '--reverse', `${base}..${head}`])
      .split('\n')
      .filter(Boolean);
  }

  deleteBranch(branch: string): void {
    this.git(['update-ref', '-d', `refs/heads/${branch}`]);
    this.invalidate();
  }

  /** Merges head into base like GitHub: 'merge' makes a merge commit, 'squash' one commit, 'rebase' replays. */
  merge(
    base: string,
    head: string,
    method: 'merge' | 'squash' | 'rebase',
    message: { title: string; body: string },
    committer: string,
  ): string {
    const baseSha = this.branchSha(base);
    if (!baseSha) throw new MergeConflict(`Base branch ${base} does not exist.`);
    const env = { GIT_COMMITTER_NAME: 'GitHub', GIT_COMMITTER_EMAIL: 'noreply@github.com' };
    let tip: string;
    if (method === 'rebase') {
      tip = this.replay(baseSha, head, env);
    } else {
      const tree = this.mergeTree(baseSha, head);
      const text = `${message.title}\n\n${message.body}`.trim();
      const authorEnv = { GIT_AUTHOR_NAME: committer, GIT_AUTHOR_EMAIL: `${committer}@users.noreply.example` };
      const parents = method === 'merge' ? ['-p', baseSha, '-p', head] : ['-p', baseSha];
      tip = this.git(['commit-tree', tree, ...parents, '-m', text], { ...env, ...authorEnv }).trim();
    }
    this.git(['update-ref', `refs/heads/${base}`, tip, baseSha]);
    this.invalidate();
    return tip;
  }

  /** Rebase merge: cherry-picks base..head onto base in a throwaway worktree (git 2.39 lacks merge-tree --merge-base). */
  private replay(baseSha: string, head: string, env: Record<string, string>): string {
    const commits = this.commitsBetween(baseSha, head);
    const worktree = mkdtempSync(join(tmpdir(), 'standin-rebase-'));
    try {
      this.git(['worktree', 'add', '--quiet', '--detach', worktree, baseSha]);
      const run = (args: string[]) =>
        execFileSync('git', args, {
          cwd: worktree,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, ...env },
        });
      try {
        if (commits.length > 0) run(['cherry-pick', '--allow-empty', '--keep-redundant-commits', ...commits]);
      } catch {
        throw new MergeConflict('Merge conflict');
      }
      return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: worktree, encoding: 'utf8' }).trim();
    } finally {
      this.tryGit(['worktree', 'remove', '--force', worktree]);
      rmSync(worktree, { recursive: true, force: true });
      this.tryGit(['worktree', 'prune']);
    }
  }

  private mergeTree(ours: string, theirs: string): string {
    try {
      return this.git(['merge-tree', '--write-tree', ours, theirs]).split('\n')[0].trim();
    } catch {
      throw new MergeConflict('Merge conflict');
    }
  }
}
