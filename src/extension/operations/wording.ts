// What a finished operation says to the person who ran it, in their terms ("Moved 3 commits onto
// main"), built from what the operation returned and the smartlog before it ran, never from the
// oplog's command text. No vscode import, so unit tests check every sentence; translated through
// ../l10n, each a whole sentence with placeholders.
import { shortenHashes, shortHash } from '../../core/format';
import type { OperationName } from '../../core/operations/table';
import type { Smartlog } from '../../core/smartlog/model';
import { counts } from '../counts';
import { l10n } from '../l10n';

/** How commits and places are named: a commit by its title, a place by its branch or trunk's name. */
export class Names {
  constructor(
    private readonly before: Smartlog | undefined,
    private readonly after?: Smartlog,
  ) {}

  /** “feat: cart” (quoted title), or the short hash of a commit neither smartlog shows. */
  commit(hash: string): string {
    const title = this.find(hash)?.title;
    return title ? l10n.t('“{0}”', title) : shortHash(hash);
  }

  /** Where something lands: trunk's branch name at trunk tip, else the commit's only local branch, else its title. */
  place(hash: string): string {
    const trunk = this.before?.trunk ?? this.after?.trunk;
    if (trunk?.hash === hash) return trunkBranch(trunk.ref);
    const branches = this.find(hash)?.branches.filter((b) => !b.remote) ?? [];
    return branches.length === 1 ? branches[0].name : this.commit(hash);
  }

  /** Where HEAD is after the operation: on a branch (rate-limit), or at a commit (“feat: cart”). */
  here(): { branch: string } | { commit: string } | undefined {
    const head = this.after?.head;
    if (head?.branch) return { branch: head.branch };
    return head?.hash ? { commit: this.commit(head.hash) } : undefined;
  }

  private find(hash: string) {
    return this.after?.commits.find((c) => c.hash === hash) ?? this.before?.commits.find((c) => c.hash === hash);
  }
}

/** origin/main → main: the name people say. */
export function trunkBranch(ref: string): string {
  return ref.replace(/^[^/]+\//, '');
}

/** "; 3 commits above it moved along" when a rewrite carried the rest of the stack, else nothing. */
function above(rewrites: number): string {
  return rewrites > 0 ? l10n.t('; {0} above it moved along', counts.commit(rewrites)) : '';
}

/** The subject line of a message. */
export function subjectOf(message: string): string {
  return (
    message
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? ''
  );
}

export const successText = {
  commit: (names: Names, message: string) => {
    const here = names.here();
    return here && 'branch' in here
      ? l10n.t('Committed “{0}” on {1}', subjectOf(message), here.branch)
      : l10n.t('Committed “{0}”', subjectOf(message));
  },
  amend: (names: Names, old: string, rewrites: number) =>
    l10n.t('Amended {0}', names.commit(old)) + above(rewrites - 1),
  absorb: (names: Names, into: string[], hunks: number, stayed: number) => {
    const commits = into.map((hash) => names.commit(hash)).join(', ');
    return stayed > 0
      ? l10n.t(
          'Absorbed {0} into {1}; {2} stayed in the working copy',
          counts.hunk(hunks),
          commits,
          counts.change(stayed),
        )
      : l10n.t('Absorbed {0} into {1}', counts.hunk(hunks), commits);
  },
  absorbInto: (names: Names, into: string, rewrites: number) =>
    l10n.t('Amended your changes into {0}', names.commit(into)) + above(rewrites - 1),
  reword: (names: Names, old: string, message: string) => {
    const before = names.commit(old);
    const subject = l10n.t('“{0}”', subjectOf(message));
    return before === subject
      ? l10n.t('Changed the message of {0}', before)
      : l10n.t('Reworded {0} to {1}', before, subject);
  },
  uncommit: (names: Names, removed: string) => l10n.t('Uncommitted {0}: its changes are staged', names.commit(removed)),
  unamend: (names: Names, from: string) =>
    l10n.t('Took back the last amend of {0}: the amended changes are staged', names.commit(from)),
  move: (names: Names, destination: string, moved: number) =>
    l10n.t('Moved {0} onto {1}', counts.commit(moved), names.place(destination)),
  fold: (names: Names, folded: string[]) =>
    folded.length === 2
      ? l10n.t('Folded {0} into {1}', names.commit(folded[1]), names.commit(folded[0]))
      : l10n.t('Folded {0} into {1}', counts.commit(folded.length), names.commit(folded[0])),
  split: (names: Names, hash: string, files: string[]) =>
    l10n.t('Split {0} in two: {1} below, the rest on top', names.commit(hash), listFiles(files)),
  splitHunks: (names: Names, hash: string, hunks: number, files: string[]) =>
    l10n.t(
      'Split {0} in two: {1} of {2} below, the rest on top',
      names.commit(hash),
      counts.hunk(hunks),
      listFiles(files),
    ),
  reorder: (names: Names, hash: string, direction: 'up' | 'down') =>
    direction === 'up'
      ? l10n.t('Moved {0} up in its stack', names.commit(hash))
      : l10n.t('Moved {0} down in its stack', names.commit(hash)),
  hide: (names: Names, roots: string[], hidden: number, branches: string[]) => {
    const what =
      hidden === 1
        ? l10n.t('Hid {0}', names.commit(roots[0]))
        : l10n.t('Hid {0} and {1} above it', names.commit(roots[0]), counts.commit(hidden - 1));
    if (branches.length === 0) return what;
    return (
      what +
      (branches.length === 1
        ? l10n.t('; deleted branch {0}', branches[0])
        : l10n.t('; deleted branches {0}', branches.join(', ')))
    );
  },
  unhide: (names: Names, hash: string) => l10n.t('Brought back {0}', names.commit(hash)),
  restack: (moved: number) => l10n.t('Restacked {0} onto the latest versions of their parents', counts.commit(moved)),
  sync: (result: { trunk: string; before: string; after: string; landed: string[] }, moved: number) => {
    const trunk = result.trunk;
    const fresh = result.before !== result.after;
    const landed =
      result.landed.length === 0
        ? ''
        : result.landed.length === 1
          ? l10n.t('; 1 commit had landed and is gone from your stacks')
          : l10n.t('; {0} had landed and are gone from your stacks', counts.commit(result.landed.length));
    if (moved === 0)
      return (
        (fresh
          ? l10n.t('Fetched {0}; your stacks are on it already', trunk)
          : l10n.t('{0} has nothing new; your stacks are on it already', trunk)) + landed
      );
    return (
      (fresh
        ? l10n.t('Fetched {0} and moved {1} onto its tip', trunk, counts.commit(moved))
        : l10n.t('{0} has nothing new and moved {1} onto its tip', trunk, counts.commit(moved))) + landed
    );
  },
  /** Undo and redo: what was undone in the words it was done with, when known; where HEAD is now. */
  travel: (names: Names, direction: 'undo' | 'redo', what: string) => {
    const here = names.here();
    const undo = direction === 'undo';
    if (!here) return undo ? l10n.t('Undid: {0}', what) : l10n.t('Redid: {0}', what);
    if ('branch' in here)
      return undo
        ? l10n.t('Undid: {0} (now on {1})', what, here.branch)
        : l10n.t('Redid: {0} (now on {1})', what, here.branch);
    return undo
      ? l10n.t('Undid: {0} (now at {1})', what, here.commit)
      : l10n.t('Redid: {0} (now at {1})', what, here.commit);
  },
};

/** Every operation of the table (and navigation) as people would name it, for describeOp; read when asked, once translated. */
const NOUNS: Record<OperationName | 'goto', () => string> = {
  commit: () => l10n.t('a commit'),
  amend: () => l10n.t('an amend'),
  absorb: () => l10n.t('an absorb'),
  'absorb-into': () => l10n.t('amending changes into an older commit'),
  reword: () => l10n.t('a reword'),
  uncommit: () => l10n.t('an uncommit'),
  unamend: () => l10n.t('an unamend'),
  move: () => l10n.t('a move'),
  fold: () => l10n.t('a fold'),
  split: () => l10n.t('a split'),
  reorder: () => l10n.t('a reorder'),
  hide: () => l10n.t('hiding commits'),
  unhide: () => l10n.t('bringing back a commit'),
  restack: () => l10n.t('a restack'),
  sync: () => l10n.t('a sync with trunk'),
  goto: () => l10n.t('going to a commit'),
  undo: () => l10n.t('an undo'),
  redo: () => l10n.t('a redo'),
};

/**
 * An operation named by the oplog's record of it (its `op`), for undo and redo of operations this
 * window did not run; others (submit's trailers, land) are quoted from their display text.
 */
export function describeOp(op: string, command: string): string {
  return (NOUNS as Partial<Record<string, () => string>>)[op]?.() ?? `'${shortenHashes(command)}'`;
}

function listFiles(files: string[]): string {
  return files.length <= 3
    ? files.join(', ')
    : l10n.t('{0} and {1}', files.slice(0, 2).join(', '), counts.moreFile(files.length - 2));
}
