// What a switch would do to things the person made, found before the working tree changes:
// local edits and untracked files that would end up outside the new checkout, and folders git
// would delete because only ignored files (node_modules, build output) would be left in them.
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseStatus, type FileChange } from '../git/parsers/status';
import type { GitRunner } from '../git/runner';
import type { CompiledSparse } from './compile';
import { SparseError } from './errors';
import type { BlockedFile, DoomedDirectory, LocalChange } from './model';
import { queryPathTypes } from './tree';

export interface WorkingCopy {
  changes: FileChange[];
  /** Ignored files and folders (a folder ends with '/'), when asked for. */
  ignored: string[];
}

export async function readWorkingCopy(git: GitRunner, withIgnored: boolean): Promise<WorkingCopy> {
  const args = ['status', '--porcelain=v2', '-z', '--untracked-files=all', '--no-renames'];
  const { stdout: output } = await git.exec(withIgnored ? [...args, '--ignored=matching'] : args);
  const ignored = output
    .split('\0')
    .filter((entry) => entry.startsWith('! '))
    .map((entry) => entry.slice(2));
  return { changes: parseStatus(output).files, ignored };
}

/** Changes that would leave the checkout. A staged deletion is not: nothing is left on disk. */
export function findBlocked(changes: FileChange[], target: CompiledSparse): BlockedFile[] {
  return changes
    .filter((change) => !target.matcher.matches(change.path) && !(change.index === 'D' && change.worktree === '.'))
    .map((change) => ({ path: change.path, change: changeKind(change) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function changeKind(change: FileChange): LocalChange {
  if (change.kinds.includes('conflicted')) return 'conflicted';
  if (change.kinds.includes('untracked')) return 'untracked';
  if (change.worktree === 'D') return 'deleted';
  if (change.worktree !== '.') return 'modified';
  return 'staged';
}

/**
 * In cone mode git deletes every folder that falls wholly outside the cone and holds nothing but
 * ignored files once its tracked files are gone. Such a folder is the topmost one outside the cone
 * that git tracks files in; a folder with an untracked file, or a tracked file git keeps because it
 * has local edits, is left alone.
 */
export async function findDoomed(
  git: GitRunner,
  root: string,
  target: CompiledSparse,
  copy: WorkingCopy,
  signal?: AbortSignal,
): Promise<DoomedDirectory[]> {
  if (target.mode !== 'cone' || copy.ignored.length === 0) return [];
  const cone = new Set(target.rules);
  const parents = new Set(['']);
  for (const dir of target.rules)
    for (let i = dir.indexOf('/'); i >= 0; i = dir.indexOf('/', i + 1)) parents.add(dir.slice(0, i));
  const outside = (path: string): string | undefined => {
    for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
      const dir = path.slice(0, i);
      if (cone.has(dir)) return undefined;
      if (!parents.has(dir)) return dir;
    }
    return undefined;
  };
  const byDir = new Map<string, string[]>();
  for (const entry of copy.ignored) {
    const dir = outside(entry);
    if (dir) byDir.set(dir, [...(byDir.get(dir) ?? []), entry.replace(/\/$/, '')]);
  }
  const kept = new Set<string>();
  for (const change of copy.changes) {
    // Untracked files and edited tracked files stay on disk, so their folder does too.
    if (change.kinds.includes('untracked') || change.worktree !== '.') {
      const dir = outside(change.path);
      if (dir) kept.add(dir);
    }
  }
  const candidates = [...byDir.keys()].filter((dir) => !kept.has(dir));
  if (candidates.length === 0) return [];
  const types = await queryPathTypes(git, candidates);
  const doomed: DoomedDirectory[] = [];
  for (const dir of candidates.filter((d) => types.typeOf(d) === 'tree').sort()) {
    const ignored = byDir.get(dir)!;
    const size = { files: 0, bytes: 0 };
    for (const entry of ignored) measure(join(root, entry), size, signal);
    doomed.push({ path: dir, ignored, ...size });
  }
  return doomed;
}

/** Adds up files and bytes under a path without following symbolic links. */
function measure(path: string, total: { files: number; bytes: number }, signal?: AbortSignal): void {
  if (signal?.aborted) throw new SparseError('cancelled', 'Cancelled; the working tree was not changed.');
  const stats = lstatSync(path, { throwIfNoEntry: false });
  if (!stats) return;
  if (stats.isDirectory()) {
    for (const name of readdirSync(path)) measure(join(path, name), total, signal);
    return;
  }
  total.files++;
  total.bytes += stats.size;
}
