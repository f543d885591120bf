// Helpers for tests of history-editing operations: run one on a test repo, take an exact picture
// of a repository (refs, HEAD, index, every file) to compare before and after, build stacks.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { discoverRepository } from '../../src/core/git/repository';
import { GitRunner } from '../../src/core/git/runner';
import { runOperation, type Operation, type Outcome, type RepoSession } from '../../src/core/operations';
import type { TestRepo } from './repo';

export async function sessionOf(repo: TestRepo, trunk?: string): Promise<RepoSession> {
  const location = await discoverRepository(repo.dir);
  return { git: new GitRunner(location.root), repo: location, trunk };
}

export async function runOp<T>(repo: TestRepo, operation: Operation<T>, trunk?: string): Promise<Outcome<T>> {
  return runOperation(await sessionOf(repo, trunk), operation);
}

export interface RepoPicture {
  /** Branches and visible refs with their commits. */
  refs: string;
  /** "ref: refs/heads/x" or a hash. */
  head: string;
  /** The index as a tree. */
  index: string;
  /** Every file of the work tree (tracked or not) → content. */
  files: Record<string, string>;
}

/** Everything undo and abort promise to put back. */
export function picture(repo: TestRepo): RepoPicture {
  const head = readFileSync(join(repo.dir, '.git', 'HEAD'), 'utf8').trim();
  return {
    refs: repo.git('for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/stackline/visible'),
    head: head.startsWith('ref: ') ? head : head,
    index: repo.git('write-tree').trim(),
    files: filesOf(repo.dir),
  };
}

function filesOf(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (dir === root && name === '.git') continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(root, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  return files;
}

/** Every commit reachable from any ref (the oplog's keep chain included). */
export function reachableCommits(repo: TestRepo): Set<string> {
  return new Set(repo.git('rev-list', '--all').split('\n').filter(Boolean));
}

export function rev(repo: TestRepo, name: string): string {
  return repo.git('rev-parse', name).trim();
}

export function headRef(repo: TestRepo): string | undefined {
  try {
    return execFileSync('git', ['symbolic-ref', '-q', 'HEAD'], { cwd: repo.dir, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** Subjects from `rev` down to (excluding) `base`, top first. */
export function subjects(repo: TestRepo, range: string): string[] {
  return repo.git('log', '--format=%s', range).split('\n').filter(Boolean);
}

export function fileAt(repo: TestRepo, revision: string, path: string): string {
  return repo.git('show', `${revision}:${path}`);
}
