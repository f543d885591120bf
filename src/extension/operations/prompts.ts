// What VS Code asks before each operation of the operations table (core/operations/table.ts) and
// what it says after. The table names the commit an operation acts on and the pickers it needs
// (answered before `ask` runs); `ask` turns those answers, plus the message editor where an
// operation takes a message, into the operation's arguments. A table row with VS Code commands
// needs an entry here.
import * as vscode from 'vscode';
import { counts } from '../counts';
import { shortHash } from '../../core/format';
import { GitError } from '../../core/git/errors';
import {
  absorbPreview,
  destination,
  hunkLines,
  predictAbsorb,
  type Outcome,
  type StageMode,
} from '../../core/operations';
import { splitPieces } from '../../core/operations';
import type { OperationArgs, OperationName, OperationResults, PickerName } from '../../core/operations/table';
import type { Smartlog } from '../../core/smartlog/model';
import { droppedChanges } from '../graph/drop';
import type { MessageEditors } from '../messageEditor';
import type { Repository } from '../repository';
import { scmInputBox } from '../scmInput';
import type { PickedHunks } from './hunkPicker';
import { repoSession } from './session';
import { describeOp, Names, successText } from './wording';

/** The pickers' answers (see PickerName in the table). */
export interface Answers {
  stage?: StageMode;
  destination?: string;
  files?: string[];
  hunks?: PickedHunks;
  hidden?: string;
}

/** A button beside Undo in the success notification, for what people often do next (Split the Rest Again). */
export interface NextStep {
  label: string;
  run(): Promise<unknown>;
}

/** What an operation's next step can do: run a table operation again, on another commit, with other pickers. */
export interface NextInput {
  repo: Repository;
  again(next: { hash: string; pickers: PickerName[] }): Promise<unknown>;
}

export interface AskInput<A> {
  repo: Repository;
  /** The commit acted on; undefined for operations whose target is the repository. */
  hash?: string;
  answers: Answers;
  /** What the command fixes (Move Up: direction up). */
  preset: Partial<A>;
  /** The command's argument as VS Code passed it (a tree row, a graph row, a drop in the graph). */
  arg?: unknown;
  editors: MessageEditors;
}

export interface Asked<A> {
  args: A;
  /** Runs once the operation succeeded (Commit empties the Source Control box it took its message from). */
  afterwards?: () => void;
  /** A sharper prediction than the table's, from what asking found out (absorb's plan). */
  predict?: (smartlog: Smartlog) => Smartlog | undefined;
}

export interface OperationUi<A, R> {
  /** The arguments; undefined when the person cancelled. */
  ask(input: AskInput<A>): Promise<Asked<A> | undefined>;
  /**
   * The success notification's text, in the person's terms; `earlier` is what this window said
   * when it ran an oplog entry (undo and redo repeat it).
   */
  said(outcome: Outcome<R>, names: Names, args: A, earlier: (entry: number) => string | undefined): string;
  /** A next step to offer beside Undo, when there is one. */
  next?(outcome: Outcome<R>, input: NextInput): Promise<NextStep | undefined>;
}

type Prompts = { [K in OperationName]?: OperationUi<OperationArgs[K], OperationResults[K]> };

/** The full message of a commit, as git keeps it. */
async function messageOf(repo: Repository, hash: string): Promise<string> {
  return (await repo.git.exec(['log', '-1', '--format=%B', hash])).stdout.trim();
}

const names = (repo: Repository) => new Names(repo.smartlog);

/** Undo and redo say what they took back in the words it was done with, when this window ran it. */
function travel(direction: 'undo' | 'redo'): OperationUi<Record<string, never>, OperationResults['undo']> {
  return {
    ask: async () => ({ args: {} }),
    said: ({ result }, n, _, earlier) =>
      successText.travel(n, direction, earlier(result.target) ?? describeOp(result.op, result.command)),
  };
}

export const PROMPTS: Prompts = {
  commit: {
    async ask({ repo, answers, editors }) {
      // A message already written in Source Control (by hand or by the composer) is where this one starts.
      const box = await scmInputBox(repo.root);
      const written = box?.value.trim() ?? '';
      const head = repo.smartlog?.head;
      const about = !head?.hash
        ? vscode.l10n.t('A new commit.')
        : head.branch
          ? vscode.l10n.t('A new commit on top of {0} ({1}).', names(repo).commit(head.hash), head.branch)
          : vscode.l10n.t('A new commit on top of {0}.', names(repo).commit(head.hash));
      const message = await editors.edit({
        repo,
        action: vscode.l10n.t('Commit'),
        about: [about],
        initial: written,
      });
      if (message === undefined) return undefined;
      return {
        args: { message, stage: answers.stage },
        afterwards: () => {
          if (box && written && box.value.trim() === written) box.value = '';
        },
      };
    },
    said: (_, n, { message }) => successText.commit(n, message),
  },
  amend: {
    ask: async ({ answers }) => ({ args: { stage: answers.stage } }),
    said: ({ result, rewrites }, n) => successText.amend(n, result.old, rewrites.size),
  },
  absorb: {
    async ask({ repo }) {
      const rows = await absorbPreview(repoSession(repo));
      const going = rows.filter((row) => row.target);
      // Nothing to absorb: the operation says why, as the CLI does.
      if (going.length === 0) return { args: { dryRun: false, json: false } };
      const commits = new Set(going.map((row) => row.target!.hash)).size;
      const choice = await vscode.window.showInformationMessage(
        vscode.l10n.t('Absorb {0} into {1}?', counts.hunk(going.length), counts.commit(commits)),
        {
          modal: true,
          detail: rows.map((row) => `${row.path}  ${hunkLines(row)}  ${destination(row)}`).join('\n'),
        },
        vscode.l10n.t('Absorb'),
      );
      return choice === 'Absorb'
        ? { args: { dryRun: false, json: false }, predict: (smartlog) => predictAbsorb(smartlog, rows) }
        : undefined;
    },
    said: ({ result }, n) =>
      successText.absorb(
        n,
        result.targets.map((t) => t.old),
        result.targets.reduce((sum, t) => sum + t.hunks, 0),
        result.rows.filter((row) => row.stays).length,
      ),
  },
  'absorb-into': {
    ask: async ({ hash, arg }) => {
      // Dropped in the graph: the files dropped, or every change (new files too) for the whole row.
      const drop = droppedChanges(arg);
      if (!drop) return { args: { into: hash! } };
      return { args: drop.files ? { into: hash!, files: drop.files } : { into: hash!, stage: 'all' as const } };
    },
    said: ({ rewrites }, n, { into }) => successText.absorbInto(n, into, rewrites.size),
  },
  reword: {
    async ask({ repo, hash, editors }) {
      const current = await messageOf(repo, hash!);
      const message = await editors.edit({
        repo,
        action: vscode.l10n.t('Reword {0}', shortHash(hash!)),
        about: [
          vscode.l10n.t(
            'A new message for {0} ({1}); the commits above it keep theirs.',
            names(repo).commit(hash!),
            shortHash(hash!),
          ),
        ],
        initial: current,
      });
      return message !== undefined && message !== current ? { args: { rev: hash, message } } : undefined;
    },
    said: (_, n, { rev, message }) => successText.reword(n, rev!, message),
  },
  uncommit: {
    ask: async () => ({ args: {} }),
    said: ({ result }, n) => successText.uncommit(n, result.removed),
  },
  unamend: {
    ask: async () => ({ args: {} }),
    said: ({ result }, n) => successText.unamend(n, result.from),
  },
  move: {
    ask: async ({ hash, answers }) => ({ args: { source: hash!, destination: answers.destination! } }),
    said: ({ result, rewrites }, n) => successText.move(n, result.destination, rewrites.size),
  },
  fold: {
    async ask({ repo, hash, editors }) {
      const parent = repo.smartlog?.commits.find((c) => c.hash === hash)?.parents[0];
      const below = repo.smartlog?.commits.find((c) => c.hash === parent);
      if (!parent || below?.phase === 'public')
        throw new GitError(
          'no-commit',
          vscode.l10n.t(
            '{0} is the bottom of its stack: there is no draft commit below it to fold it into.',
            shortHash(hash!),
          ),
        );
      // Both messages, the lower one first (as fold joins them), to edit into one.
      const joined = (await Promise.all([parent, hash!].map((h) => messageOf(repo, h)))).join('\n\n');
      const n = names(repo);
      const message = await editors.edit({
        repo,
        action: vscode.l10n.t('Fold into {0}', shortHash(parent)),
        about: [
          vscode.l10n.t(
            '{0} folds into {1} below it: one commit with the changes of both.',
            n.commit(hash!),
            n.commit(parent),
          ),
          vscode.l10n.t('Both messages are above, the lower one first: edit them into one.'),
        ],
        initial: joined,
      });
      if (message === undefined) return undefined;
      return { args: { from: parent, to: hash, message: message === joined ? undefined : message } };
    },
    said: ({ result }, n) => successText.fold(n, result.folded),
  },
  split: {
    async ask({ repo, hash, answers, editors }) {
      const { files, hunks } = answers;
      const original = await messageOf(repo, hash!);
      const what = names(repo).commit(hash!);
      const taken = files
        ? files.join(', ')
        : hunks!.someLines
          ? vscode.l10n.t('{0} of {1}, some lines only', counts.hunk(hunks!.picks.length), hunks!.paths.join(', '))
          : vscode.l10n.t('{0} of {1}', counts.hunk(hunks!.picks.length), hunks!.paths.join(', '));
      const first = await editors.edit({
        repo,
        action: vscode.l10n.t('Split: Message of Part 1'),
        about: [
          vscode.l10n.t('Splitting {0}: part 1 of 2, below, with {1}.', what, taken),
          vscode.l10n.t('The message for part 2 (the rest, on top) comes next.'),
        ],
        initial: original,
      });
      if (first === undefined) return undefined;
      const second = await editors.edit({
        repo,
        action: vscode.l10n.t('Split'),
        about: [
          vscode.l10n.t('Splitting {0}: part 2 of 2, on top, with the rest of its changes.', what),
          vscode.l10n.t('Part 1 (below, {0}) is “{1}”.', taken, first.split('\n')[0]),
        ],
        initial: original,
      });
      if (second === undefined) return undefined;
      return {
        args: {
          rev: hash,
          files,
          hunks: hunks?.picks,
          message: first === original ? undefined : first,
          secondMessage: second === original ? undefined : second,
        },
      };
    },
    said: ({ result }, n, { rev, files, hunks }) =>
      hunks?.length ? successText.splitHunks(n, rev!, hunks.length, result.paths) : successText.split(n, rev!, files!),
    // The part on top can be split again, for a third part, when it has more than one change.
    async next({ result }, { repo, again }) {
      const rest = await splitPieces(repoSession(repo), result.second);
      if (rest.pieces.length < 2 && rest.pieces.every((p) => p.lines.length < 2)) return undefined;
      return {
        label: vscode.l10n.t('Split the Rest Again…'),
        run: () => again({ hash: result.second, pickers: ['hunks'] }),
      };
    },
  },
  reorder: {
    ask: async ({ hash, preset }) => ({ args: { rev: hash, direction: preset.direction! } }),
    said: (_, n, { rev, direction }) => successText.reorder(n, rev!, direction),
  },
  hide: {
    ask: async ({ hash }) => ({ args: { revs: [hash!] } }),
    said: ({ result }, n, { revs }) => successText.hide(n, revs, result.hidden.length, result.deleted),
  },
  unhide: {
    ask: async ({ answers }) => ({ args: { rev: answers.hidden! } }),
    said: (_, n, { rev }) => successText.unhide(n, rev),
  },
  restack: {
    ask: async () => ({ args: {} }),
    said: ({ result }) => successText.restack(result.restacked),
  },
  sync: {
    ask: async () => ({ args: {} }),
    said: ({ result, rewrites }) => successText.sync(result, rewrites.size),
  },
  undo: travel('undo'),
  redo: travel('redo'),
};
