// Helpers for tests of history-editing operations: run one on a test repo (in process, or through
// the bundled CLI), take an exact picture of a repository (refs, HEAD, index, every file) to
// compare before and after, build stacks.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { discoverRepository } from '../../src/core/git/repository';
import { GitRunner } from '../../src/core/git/runner';
import { runOperation, type Operation, type Outcome, type RepoSession } from '../../src/core/operations';
import { runCli } from './cli';
import { makeClone, type TestRepo } from './repo';

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

/** Every file under root (tracked or not, .git left out) → content. */
export function filesOf(root: string): Record<string, string> {
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

/** trunk 1-2 on origin; b1: s1 (a.txt) ← s2 (b.txt) ← s3 (c.txt, branch b3); HEAD on b1. */
export function branchStack() {
  const { origin, repo } = makeClone(2);
  repo.git('switch', '-q', '-c', 'b1');
  const s1 = repo.commit('s1', { 'a.txt': 'a\n' });
  repo.git('switch', '-q', '--detach');
  const s2 = repo.commit('s2', { 'b.txt': 'b\n' });
  const s3 = repo.commit('s3', { 'c.txt': 'c\n' });
  repo.git('branch', 'b3', s3);
  repo.git('switch', '-q', 'b1');
  return { origin, repo, s1, s2, s3 };
}

/** Runs the bundled `stackline` CLI in the repository; it must succeed. Answers its output. */
export function stacklineOk(repo: TestRepo, ...args: string[]): string {
  const result = runCli(repo.dir, args);
  if (result.code !== 0) throw new Error(`stackline ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}
