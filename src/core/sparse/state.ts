// Which profiles are active, kept in the repository's git dir (.git/stackline/sparse.json) so the
// CLI and the extension agree, along with the rules last given to git: a checkout that changes a
// profile's file is noticed by compiling again and comparing.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RepoLocation } from '../git/repository';
import type { SparseMode } from './compile';

export interface SparseState {
  version: 1;
  /** Repository paths of the active profiles. */
  profiles: string[];
  mode: SparseMode;
  /** What `git sparse-checkout set` was given. */
  rules: string[];
  /** Always-needed rules from settings when the profiles were applied (re-applies reuse them). */
  always: string[];
  /** The commit checked out when the rules were last compiled. */
  head: string | null;
  /** Of git's own rules file as Stackline left it: a different one means someone changed the rules with git. */
  checksum: string;
  updatedAt: string;
}

export function statePath(location: RepoLocation): string {
  return join(location.gitDir, 'stackline', 'sparse.json');
}

/**
 * The recorded state; a missing or unreadable file, or git rules changed since (with git
 * sparse-checkout itself), mean no Stackline profile is active.
 */
export function readState(location: RepoLocation): SparseState | undefined {
  try {
    const state = JSON.parse(readFileSync(statePath(location), 'utf8')) as SparseState;
    const valid =
      state.version === 1 &&
      Array.isArray(state.profiles) &&
      Array.isArray(state.rules) &&
      state.checksum === rulesChecksum(location);
    return valid ? { ...state, always: state.always ?? [] } : undefined;
  } catch {
    return undefined;
  }
}

/** Checksum of git's sparse-checkout file ('' when there is none). */
export function rulesChecksum(location: RepoLocation): string {
  try {
    return createHash('sha1')
      .update(readFileSync(join(location.gitDir, 'info', 'sparse-checkout')))
      .digest('hex');
  } catch {
    return '';
  }
}

export function writeState(
  location: RepoLocation,
  state: Omit<SparseState, 'version' | 'updatedAt' | 'checksum'>,
): SparseState {
  const full: SparseState = {
    version: 1,
    ...state,
    checksum: rulesChecksum(location),
    updatedAt: new Date().toISOString(),
  };
  const file = statePath(location);
  mkdirSync(dirname(file), { recursive: true });
  // Write then rename: a reader never sees half a file.
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(full, null, 2)}\n`);
  renameSync(temp, file);
  return full;
}

export function clearState(location: RepoLocation): void {
  rmSync(statePath(location), { force: true });
}
