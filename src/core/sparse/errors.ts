// Typed errors of sparse profiles. Each message is one line a person can act on.
import { StacklineError } from '../errors';
import type { Fix } from '../fix';
import type { BlockedFile, DoomedDirectory } from './model';

/** A mistake in a profile file, pinned to the file and line that holds it. */
export class ProfileError extends StacklineError<'invalid-profile'> {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super('invalid-profile', `${file}:${line}: ${reason}`);
    this.name = 'ProfileError';
  }
}

export type SparseErrorKind =
  'not-found' | 'busy' | 'blocked' | 'needs-confirmation' | 'cancelled' | 'no-workspace' | 'exists';

export class SparseError extends StacklineError<SparseErrorKind> {
  constructor(kind: SparseErrorKind, message: string, fixes: readonly Fix[] = []) {
    super(kind, message, { fixes });
    this.name = 'SparseError';
  }
}

/** Lists the profiles to pick from (the CLI's list, VS Code's profile picker). */
export const LIST_PROFILES: Fix = {
  label: 'Pick a Profile',
  cli: 'stackline sparse list',
  command: 'stackline.sparse.pick',
};

/** Local changes would end up outside the new checkout; nothing was changed. */
export class BlockedSwitchError extends SparseError {
  constructor(
    readonly blocked: BlockedFile[],
    readonly target: string,
    /** The profile files switched to (for UIs that name them by title). */
    readonly profiles: string[] = [],
  ) {
    const count =
      blocked.length === 1 ? '1 file with local changes is' : `${blocked.length} files with local changes are`;
    super(
      'blocked',
      `${count} outside ${target}: ${listPaths(blocked.map((b) => b.path))}. Commit or stash them, or switch with --force to keep them in place.`,
    );
  }
}

/** Git would delete folders that hold only ignored files, and nobody said yes; nothing was changed. */
export class DeleteNotConfirmedError extends SparseError {
  constructor(readonly doomed: DoomedDirectory[]) {
    const count = doomed.length === 1 ? '1 folder that holds' : `${doomed.length} folders that hold`;
    super(
      'needs-confirmation',
      `Switching deletes ${count} only ignored files: ${listPaths(doomed.map((d) => d.path))}. Move what you need, then switch with --yes.`,
    );
  }
}

/** "a, b, c and 4 more". */
export function listPaths(paths: string[], shown = 3): string {
  const head = paths.slice(0, shown).join(', ');
  return paths.length > shown ? `${head} and ${paths.length - shown} more` : head;
}
