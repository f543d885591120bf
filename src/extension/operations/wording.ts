// What a finished operation says to the person who ran it, in their terms ("Moved 3 commits onto
// main"), built from what the operation returned and the smartlog before it ran, never from the
// oplog's command text. No vscode import, so unit tests check every sentence.
import { plural, shortenHashes, shortHash } from '../../core/format';
import type { Smartlog } from '../../core/smartlog/model';

/** How commits and places are named: a commit by its title, a place by its branch or trunk's name. */
export class Names {
  constructor(
    private readonly before: Smartlog | undefined,
    private readonly after?: Smartlog,
  ) {}

  /** “feat: cart” (quoted title), or the short hash of a commit neither smartlog shows. */
  commit(hash: string): string {
    const title = this.find(hash)?.title;
    return title ? `“${title}”` : shortHash(hash);
  }

  /** Where something lands: trunk's branch name at trunk tip, else the commit's only local branch, else its title. */
  place(hash: string): string {
    const trunk = this.before?.trunk ?? this.after?.trunk;
    if (trunk?.hash === hash) return trunkBranch(trunk.ref);
    const branches = this.find(hash)?.branches.filter((b) => !b.remote) ?? [];
    return branches.length === 1 ? branches[0].name : this.commit(hash);
  }

  /** Where HEAD is after the operation: "on rate-limit" or "at “feat: cart”". */
  here(): string | undefined {
    const head = this.after?.head;
    if (head?.branch) return `on ${head.branch}`;
    return head?.hash ? `at ${this.commit(head.hash)}` : undefined;
  }

  private find(hash: string) {
    return this.after?.commits.find((c) => c.hash === hash) ?? this.before?.commits.find((c) => c.hash === hash);
  }
}

/** origin/main → main: the name people say. */
export function trunkBranch(ref: string): string {
  return ref.replace(/^[^/]+\//, '');
}

/** "3 commits above it moved along" when a rewrite carried the rest of the stack, else nothing. */
function above(rewrites: number): string {
  return rewrites > 0 ? `; ${plural(rewrites, 'commit')} above it moved along` : '';
}

/** The subject line of a message. */
export function subjectOf(message: string): string {
  return message.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
}

export const successText = {
  commit: (names: Names, message: string) => {
    const branch = names.here();
    return `Committed “${subjectOf(message)}”${branch?.startsWith('on ') ? ` ${branch}` : ''}`;
  },
  amend: (names: Names, old: string, rewrites: number) => `Amended ${names.commit(old)}${above(rewrites - 1)}`,
  absorbInto: (names: Names, into: string, rewrites: number) => `Amended your changes into ${names.commit(into)}${above(rewrites - 1)}`,
  reword: (names: Names, old: string, message: string) => {
    const before = names.commit(old);
    const subject = `“${subjectOf(message)}”`;
    return before === subject ? `Changed the message of ${before}` : `Reworded ${before} to ${subject}`;
  },
  uncommit: (names: Names, removed: string) => `Uncommitted ${names.commit(removed)}: its changes are staged`,
  unamend: (names: Names, from: string) => `Took back the last amend of ${names.commit(from)}: the amended changes are staged`,
  move: (names: Names, destination: string, moved: number) => `Moved ${plural(moved, 'commit')} onto ${names.place(destination)}`,
  fold: (names: Names, folded: string[]) =>
    folded.length === 2 ? `Folded ${names.commit(folded[1])} into ${names.commit(folded[0])}` : `Folded ${plural(folded.length, 'commit')} into ${names.commit(folded[0])}`,
  split: (names: Names, hash: string, files: string[]) => `Split ${names.commit(hash)} in two: ${listFiles(files)} below, the rest on top`,
  reorder: (names: Names, hash: string, direction: 'up' | 'down') => `Moved ${names.commit(hash)} ${direction} in its stack`,
  hide: (names: Names, roots: string[], hidden: number, branches: string[]) =>
    `Hid ${hidden === 1 ? names.commit(roots[0]) : `${names.commit(roots[0])} and ${plural(hidden - 1, 'commit')} above it`}${branches.length > 0 ? `; deleted ${branches.length === 1 ? 'branch' : 'branches'} ${branches.join(', ')}` : ''}`,
  unhide: (names: Names, hash: string) => `Brought back ${names.commit(hash)}`,
  restack: (moved: number) => `Restacked ${plural(moved, 'commit')} onto the latest versions of their parents`,
  sync: (result: { trunk: string; before: string; after: string; landed: string[] }, moved: number) => {
    const trunk = result.trunk;
    const news = result.before === result.after ? `${trunk} has nothing new` : `Fetched ${trunk}`;
    const landed = result.landed.length > 0 ? `; ${plural(result.landed.length, 'commit')} had landed and ${result.landed.length === 1 ? 'is' : 'are'} gone from your stacks` : '';
    if (moved === 0) return `${news}; your stacks are on it already${landed}`;
    return `${news} and moved ${plural(moved, 'commit')} onto its tip${landed}`;
  },
  /** Undo and redo: what was undone in the words it was done with, when known; where HEAD is now. */
  travel: (names: Names, direction: 'undo' | 'redo', what: string) => {
    const where = names.here();
    return `${direction === 'undo' ? 'Undid' : 'Redid'}: ${what}${where ? ` (now ${where})` : ''}`;
  },
};

/** An operation named by the oplog's record of it, for undo and redo of operations this window did not run. */
export function describeCommand(command: string): string {
  const verb = command.split(' ')[0];
  const nouns: Record<string, string> = {
    commit: 'a commit',
    amend: 'an amend',
    'absorb-into': 'amending changes into an older commit',
    reword: 'a reword',
    uncommit: 'an uncommit',
    unamend: 'an unamend',
    move: 'a move',
    fold: 'a fold',
    split: 'a split',
    reorder: 'a reorder',
    hide: 'hiding commits',
    unhide: 'bringing back a commit',
    restack: 'a restack',
    sync: 'a sync with trunk',
    goto: 'going to a commit',
    prev: 'going to the previous commit',
    next: 'going to the next commit',
    top: 'going to the top of the stack',
    bottom: 'going to the bottom of the stack',
    undo: 'an undo',
    redo: 'a redo',
  };
  return nouns[verb] ?? `'${shortenHashes(command)}'`;
}

function listFiles(files: string[]): string {
  return files.length <= 3 ? files.join(', ') : `${files.slice(0, 2).join(', ')} and ${plural(files.length - 2, 'more file')}`;
}
