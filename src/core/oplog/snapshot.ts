// What the operation log records of a repository: the refs Stackline may change, HEAD, and (for
// operations that change it) the index. Remote-tracking refs mirror the server, so they are never
// recorded for undo: rolling them back would only make the next push's lease wrong.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GitRunner } from '../git/runner';
import { writeTree } from '../git/writeTree';

/** Refs that keep a branchless draft in view (one per commit, named by its hash). */
export const VISIBLE_REF_PREFIX = 'refs/stackline/visible/';

/** Refs of the PR heads of a stack checked out for review (one per PR number); see core/review/checkout.ts. */
export const REVIEWING_REF_PREFIX = 'refs/stackline/reviewing/';

/** Refs an operation may create, move or delete; undo restores exactly these. */
export const TRACKED_REF_PREFIXES = ['refs/heads/', VISIBLE_REF_PREFIX, REVIEWING_REF_PREFIX];

export const KEEP_REF = 'refs/stackline/oplog';

export interface HeadState {
  /** The branch HEAD points to (refs/heads/x); undefined when detached. */
  ref?: string;
  /** The commit; undefined on an unborn branch. */
  hash?: string;
}

export interface RepoSnapshot {
  /** Tracked ref → commit. */
  refs: Record<string, string>;
  head: HeadState;
  /** The index written as a tree, for operations that change the index. */
  index?: string;
}

export function isTracked(ref: string): boolean {
  return TRACKED_REF_PREFIXES.some((prefix) => ref.startsWith(prefix));
}

/** All refs under refs/heads, refs/remotes and refs/stackline, in one git call. */
export async function readAllRefs(git: GitRunner): Promise<Map<string, string>> {
  const out = await git.run([
    'for-each-ref',
    '--format=%(refname)%00%(objectname)%00%(symref)',
    'refs/heads',
    'refs/remotes',
    'refs/stackline',
  ]);
  const refs = new Map<string, string>();
  for (const line of out.split('\n')) {
    if (line === '') continue;
    const [name, hash, symref] = line.split('\0');
    refs.set(name, symref ? `ref: ${symref}` : hash);
  }
  return refs;
}

export function trackedRefs(all: Map<string, string>): Record<string, string> {
  const refs: Record<string, string> = {};
  for (const [name, hash] of all) if (isTracked(name) && !hash.startsWith('ref: ')) refs[name] = hash;
  return refs;
}

/** HEAD from its file (no process), resolved through the refs already read. */
export async function readHead(git: GitRunner, gitDir: string, refs: Map<string, string>): Promise<HeadState> {
  const text = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
  if (!text.startsWith('ref: ')) return { hash: text };
  const ref = text.slice(5);
  const hash = refs.get(ref) ?? (await git.tryRun(['rev-parse', '--verify', '--quiet', ref]))?.trim();
  return ref.startsWith('refs/heads/') ? { ref, hash } : { hash };
}

export async function writeIndexTree(git: GitRunner): Promise<string> {
  return writeTree(git);
}

export function sameHead(a: HeadState, b: HeadState): boolean {
  return a.ref === b.ref && a.hash === b.hash;
}

/** Refs whose value differs between two snapshots: name → [before, after] (undefined = absent). */
export function changedRefs(
  before: Record<string, string>,
  after: Record<string, string>,
): Map<string, [string | undefined, string | undefined]> {
  const changes = new Map<string, [string | undefined, string | undefined]>();
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (before[name] !== after[name]) changes.set(name, [before[name], after[name]]);
  }
  return changes;
}
