// Every history-editing operation, once: its name (the CLI command and the oplog's `op`), its
// arguments and flags, its help line, the title of its progress row, what VS Code needs to ask
// for it, and how to build the Operation from its arguments. The CLI (cli/commands/operations.ts)
// and the extension (extension/operations/feature.ts) both loop over this table. To add an
// operation: add a row here (the CLI gets its command from it), then, when it has VS Code
// commands, its prompts and success text in extension/operations/prompts.ts.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { shortHash } from '../format';
import type { Smartlog } from '../smartlog/model';
import { absorbOperation } from './absorb';
import { absorbIntoOperation } from './absorbInto';
import { amendOperation } from './amend';
import { commitOperation } from './commit';
import type { StageMode } from './common';
import type { Operation } from './context';
import { foldOperation } from './fold';
import { hideOperation, unhideOperation } from './hide';
import { moveOperation } from './move';
import { reorderOperation, type Direction } from './reorder';
import { restackOperation } from './restack';
import { rewordOperation } from './reword';
import { splitOperation, type SplitOptions } from './split';
import {
  predictAbsorb,
  predictAbsorbInto,
  predictAmend,
  predictFold,
  predictHide,
  predictReorder,
  predictRestack,
  predictReword,
  predictSplit,
  predictSync,
  predictUncommit,
} from './predict';
import { predictMove, previewMove } from './preview';
import { formatHunkPicks, parseHunkPicks } from './splitPieces';
import { syncOperation } from './sync';
import { unamendOperation, uncommitOperation } from './uncommit';
import { redoOperation, undoOperation } from './undo';

/** split's arguments: what to split, or (--list) only show its hunks. */
type SplitArgs = SplitOptions & { list?: boolean; json?: boolean };

type Flags = NonNullable<ParseArgsConfig['options']>;
type Values<F extends Flags> = ReturnType<
  typeof parseArgs<{ args: string[]; options: F; allowPositionals: true; strict: true }>
>['values'];

/** Reports a usage problem; the CLI turns it into its usage error. */
export type Fail = (message: string) => never;

/** Where VS Code finds the commit an operation acts on: the row or selection (else HEAD), HEAD first, or none. */
export type TargetKind = 'selection' | 'head' | 'repo';
/** Questions VS Code asks before an operation, in this order; the extension maps each to a picker. */
export type PickerName = 'stage' | 'destination' | 'files' | 'hunks' | 'hidden';

export interface VscodeCommand<A> {
  /** The command id (package.json contributes.commands). */
  id: string;
  /** Arguments the command fixes (Move Up / Move Down are reorder with a direction). */
  preset?: Partial<A>;
  /** Its own questions, when they differ from the row's (Split Commit… asks for hunks, Split by Files… for files). */
  pickers?: PickerName[];
}

export interface OperationRow<A, R> {
  /** One line for the help's command list, e.g. `hide <rev>…`. */
  synopsis: string;
  summary: string;
  /** More lines for the help, under the command list: how its arguments read. */
  details?: string[];
  /** The CLI's arguments → the operation's; `fail` reports a usage problem. */
  parse(argv: string[], fail: Fail): A;
  /** The operation's arguments → CLI arguments that parse back to them: a fix's command line that runs it again. */
  argv(args: A): string[];
  build(args: A): Operation<R>;
  /** The smartlog it will leave, for UIs to show while it runs (operations/predict.ts); undefined: none. */
  predict?(smartlog: Smartlog, args: A): Smartlog | undefined;
  /** The progress row's text while it runs, e.g. "Moving 3f2a1b0c9 onto 9c1b2d3e4". */
  progress(args: A): string;
  vscode: {
    target: TargetKind;
    pickers: PickerName[];
    commands: VscodeCommand<A>[];
  };
}

interface OperationSpec<F extends Flags, A, R> extends Omit<OperationRow<A, R>, 'parse'> {
  /** The usage line a wrong number of positionals shows. */
  usage: string;
  flags: F;
  positionals: [min: number, max: number];
  args(values: Values<F>, positionals: string[], fail: Fail): A;
}

function define<F extends Flags, A, R>(spec: OperationSpec<F, A, R>): OperationRow<A, R> {
  const {
    usage,
    flags,
    positionals: [min, max],
    args,
    ...row
  } = spec;
  return {
    ...row,
    parse(argv, fail) {
      const { values, positionals } = parseArgs({ args: argv, options: flags, allowPositionals: true, strict: true });
      if (positionals.length < min || positionals.length > max) fail(`Usage: stackline ${usage}`);
      return args(values, positionals, fail);
    },
  };
}

const STAGE_FLAGS = {
  all: { type: 'boolean', short: 'A' },
  staged: { type: 'boolean' },
} as const;

function stageOf(values: { all?: boolean; staged?: boolean }, fail: Fail): StageMode {
  if (values.all && values.staged) fail('Choose --all or --staged, not both.');
  return values.all ? 'all' : values.staged ? 'staged' : 'auto';
}

function stageFlags(stage: StageMode | 'message'): string[] {
  return stage === 'all'
    ? ['--all']
    : stage === 'staged'
      ? ['--staged']
      : stage === 'message'
        ? ['--message-only']
        : [];
}

/** -m and --no-verify, as MESSAGE_FLAGS reads them. */
function messageFlags({ message, noVerify }: { message?: string; noVerify?: boolean }): string[] {
  return [...(message !== undefined ? ['-m', message] : []), ...(noVerify ? ['--no-verify'] : [])];
}

/** Optional positionals, leaving out the missing ones. */
const given = (...values: (string | undefined)[]) => values.filter((v): v is string => v !== undefined);

const MESSAGE_FLAGS = {
  message: { type: 'string', short: 'm' },
  'no-verify': { type: 'boolean' },
} as const;

function picksOf(text: string, fail: Fail) {
  try {
    return parseHunkPicks(text);
  } catch (error) {
    return fail((error as Error).message);
  }
}

/** An operation without arguments: `stackline restack`. */
function simple<R>(
  name: string,
  summary: string,
  make: () => Operation<R>,
  progress: string,
  commands: string[],
  predict?: (smartlog: Smartlog) => Smartlog | undefined,
): OperationRow<Record<string, never>, R> {
  return define({
    synopsis: name,
    summary,
    usage: name,
    flags: {},
    positionals: [0, 0],
    args: () => ({}),
    argv: () => [],
    build: make,
    predict: predict && ((smartlog) => predict(smartlog)),
    progress: () => progress,
    vscode: { target: 'repo', pickers: [], commands: commands.map((id) => ({ id })) },
  });
}

const table = {
  commit: define({
    synopsis: 'commit -m <msg> [-A|--staged]',
    summary: 'commit on top of the current commit (staged changes, else tracked files; -A adds new files)',
    usage: 'commit -m <message> [--all|--staged]',
    flags: { ...MESSAGE_FLAGS, ...STAGE_FLAGS },
    positionals: [0, 0],
    args: (values, _, fail) => {
      if (values.message === undefined) return fail('commit needs a message: -m "…".');
      return { message: values.message, stage: stageOf(values, fail), noVerify: values['no-verify'] };
    },
    argv: (a) => [...messageFlags(a), ...stageFlags(a.stage ?? 'auto')],
    build: commitOperation,
    progress: () => 'Committing',
    vscode: { target: 'repo', pickers: ['stage'], commands: [{ id: 'stackline.commit' }] },
  }),
  amend: define({
    synopsis: 'amend [-m <msg>] [-A|--staged|--message-only]',
    summary: 'fold changes into the current commit; restack what is above',
    usage: 'amend [-m <message>] [--all|--staged|--message-only]',
    flags: { ...MESSAGE_FLAGS, 'message-only': { type: 'boolean' }, ...STAGE_FLAGS },
    positionals: [0, 0],
    args: (values, _, fail) => ({
      stage: values['message-only'] ? ('message' as const) : stageOf(values, fail),
      message: values.message,
      noVerify: values['no-verify'],
    }),
    argv: (a) => [...messageFlags(a), ...stageFlags(a.stage ?? 'auto')],
    build: amendOperation,
    predict: predictAmend,
    progress: () => 'Amending and restacking',
    vscode: { target: 'repo', pickers: ['stage'], commands: [{ id: 'stackline.amend' }] },
  }),
  absorb: define({
    synopsis: 'absorb [--dry-run] [--json]',
    summary: 'put each hunk of the working copy into the draft commit that last changed its lines',
    usage: 'absorb [--dry-run] [--json]',
    flags: { 'dry-run': { type: 'boolean', short: 'n' }, json: { type: 'boolean' } },
    positionals: [0, 0],
    // How the CLI shows the result; the operation itself takes no arguments.
    args: (values) => ({ dryRun: values['dry-run'] ?? false, json: values.json ?? false }),
    argv: (a) => [...(a.dryRun ? ['--dry-run'] : []), ...(a.json ? ['--json'] : [])],
    build: () => absorbOperation(),
    predict: (smartlog) => predictAbsorb(smartlog),
    progress: () => 'Absorbing',
    vscode: { target: 'repo', pickers: [], commands: [{ id: 'stackline.absorb' }] },
  }),
  'absorb-into': define({
    synopsis: 'absorb-into <rev> [-A|--staged|-f <file>…]',
    summary: 'put working-copy changes (or those of some files) into an older commit of the stack',
    usage: 'absorb-into <rev> [--all|--staged|--file <file>…]',
    flags: { ...STAGE_FLAGS, file: { type: 'string', short: 'f', multiple: true } },
    positionals: [1, 1],
    args: (values, [into], fail) => {
      if (values.file?.length && (values.all || values.staged))
        fail('--file takes every change to those files; leave out --all and --staged.');
      return { into, stage: stageOf(values, fail), ...(values.file?.length ? { files: values.file } : {}) };
    },
    argv: (a) => [a.into, ...stageFlags(a.stage ?? 'auto'), ...(a.files ?? []).flatMap((file) => ['--file', file])],
    build: absorbIntoOperation,
    predict: predictAbsorbInto,
    progress: ({ into }) => `Amending changes into ${shortHash(into)}`,
    vscode: { target: 'selection', pickers: [], commands: [{ id: 'stackline.absorbInto' }] },
  }),
  move: define({
    synopsis: 'move <rev> --onto <dest>',
    summary: 'move a commit and everything above it onto another commit',
    usage: 'move <rev> --onto <destination>',
    flags: { onto: { type: 'string', short: 'd' } },
    positionals: [1, 2],
    args: (values, [source, second], fail) => {
      const destination = values.onto ?? second;
      if (!destination || (values.onto && second !== undefined))
        return fail('Usage: stackline move <rev> --onto <destination>');
      return { source, destination };
    },
    argv: (a) => [a.source, '--onto', a.destination],
    build: moveOperation,
    predict: (smartlog, { source, destination }) => {
      const preview = previewMove(smartlog, source, destination);
      return preview.ok ? predictMove(smartlog, preview) : undefined;
    },
    progress: ({ source, destination }) => `Moving ${shortHash(source)} onto ${shortHash(destination)}`,
    vscode: { target: 'selection', pickers: ['destination'], commands: [{ id: 'stackline.moveOnto' }] },
  }),
  fold: define({
    synopsis: 'fold <rev> [<rev>] [-m <msg>]',
    summary: 'fold adjacent commits (from <rev> to HEAD, or between two) into one',
    usage: 'fold <rev> [<rev>] [-m <message>]',
    flags: MESSAGE_FLAGS,
    positionals: [1, 2],
    args: (values, [from, to]) => ({ from, to, message: values.message, noVerify: values['no-verify'] }),
    argv: (a) => [...given(a.from, a.to), ...messageFlags(a)],
    build: foldOperation,
    predict: predictFold,
    progress: () => 'Folding',
    vscode: { target: 'selection', pickers: [], commands: [{ id: 'stackline.foldDown' }] },
  }),
  split: define({
    synopsis: 'split [<rev>] --hunks <picks>|-f <file>…|--list',
    summary: 'split a commit in two: the chosen hunks, lines or files first, the rest on top',
    details: [
      "split [<rev>] --list [--json]    the commit's hunks, numbered, and each hunk's changed lines, numbered",
      'split [<rev>] --hunks 1,3,4      hunks 1, 3 and 4 go into the first (lower) commit, the rest stays on top',
      'split [<rev>] --hunks 2:1-3,2:7  lines 1 to 3 and 7 of hunk 2: of its lines not picked, added ones wait',
      '                                 for the second commit and removed ones stay in the first',
      'split [<rev>] -f <file>…         whole files or folders (binary files are always taken whole)',
      "-m <msg>, --second-message <msg> the two commits' messages (default: the original message)",
      'Split the second commit again for a third part.',
    ],
    usage: 'split [<rev>] (--hunks <picks> | -f <file>… | --list [--json]) [-m <message>] [--second-message <message>]',
    flags: {
      file: { type: 'string', short: 'f', multiple: true },
      hunks: { type: 'string', multiple: true },
      list: { type: 'boolean' },
      json: { type: 'boolean' },
      'second-message': { type: 'string' },
      ...MESSAGE_FLAGS,
    },
    positionals: [0, 1],
    args: (values, [rev], fail): SplitArgs => {
      if (values.list) {
        if (values.file || values.hunks) fail('--list shows the hunks; pick them in a second run with --hunks.');
        return { rev, list: true, json: values.json ?? false };
      }
      if (values.json) fail('--json goes with --list.');
      const hunks = values.hunks ? picksOf(values.hunks.join(','), fail) : undefined;
      if (!values.file?.length && !hunks?.length)
        fail(
          'split needs the changes for the first commit: --hunks 1,3 (see them with --list), or -f <file> (repeat for more).',
        );
      return {
        rev,
        files: values.file,
        hunks,
        message: values.message,
        secondMessage: values['second-message'],
        noVerify: values['no-verify'],
      };
    },
    argv: (a) => [
      ...given(a.rev),
      ...(a.list ? ['--list', ...(a.json ? ['--json'] : [])] : []),
      ...(a.hunks?.length ? ['--hunks', formatHunkPicks(a.hunks)] : []),
      ...(a.files ?? []).flatMap((file) => ['--file', file]),
      ...(a.secondMessage !== undefined ? ['--second-message', a.secondMessage] : []),
      ...messageFlags(a),
    ],
    build: ({ list: _list, json: _json, ...options }) => splitOperation(options),
    predict: (smartlog, args) => (args.list ? undefined : predictSplit(smartlog, args)),
    progress: () => 'Splitting',
    vscode: {
      target: 'head',
      pickers: ['files'],
      commands: [{ id: 'stackline.split' }, { id: 'stackline.splitCommit', pickers: ['hunks'] }],
    },
  }),
  reorder: define({
    synopsis: 'reorder [<rev>] up|down',
    summary: 'swap a commit with the one above (up) or below (down) it',
    usage: 'reorder [<rev>] up|down',
    flags: {},
    positionals: [1, 2],
    args: (_, list, fail): { rev?: string; direction: Direction } => {
      const direction = list.at(-1);
      if (direction !== 'up' && direction !== 'down') return fail('reorder needs a direction: up or down.');
      return { rev: list.length === 2 ? list[0] : undefined, direction };
    },
    argv: (a) => [...given(a.rev), a.direction],
    build: ({ rev, direction }) => reorderOperation(rev, direction),
    predict: predictReorder,
    progress: ({ direction }) => (direction === 'up' ? 'Moving up' : 'Moving down'),
    vscode: {
      target: 'selection',
      pickers: [],
      commands: [
        { id: 'stackline.moveUp', preset: { direction: 'up' } },
        { id: 'stackline.moveDown', preset: { direction: 'down' } },
      ],
    },
  }),
  reword: define({
    synopsis: 'reword [<rev>] -m <msg>',
    summary: "change a commit's message",
    usage: 'reword [<rev>] -m <message>',
    flags: MESSAGE_FLAGS,
    positionals: [0, 1],
    args: (values, [rev], fail) => {
      if (values.message === undefined) return fail('reword needs the new message: -m "…".');
      return { rev, message: values.message, noVerify: values['no-verify'] };
    },
    argv: (a) => [...given(a.rev), ...messageFlags(a)],
    build: rewordOperation,
    predict: predictReword,
    progress: () => 'Rewording',
    vscode: { target: 'head', pickers: [], commands: [{ id: 'stackline.reword' }] },
  }),
  uncommit: simple(
    'uncommit',
    'remove the current commit, keeping its changes in the working copy',
    uncommitOperation,
    'Uncommitting',
    ['stackline.uncommit'],
    predictUncommit,
  ),
  unamend: simple(
    'unamend',
    'go back to the current commit as it was before its last amend',
    unamendOperation,
    'Unamending',
    ['stackline.unamend'],
  ),
  hide: define({
    synopsis: 'hide <rev>…',
    summary: 'hide commits (and what is above them) from the smartlog',
    usage: 'hide <rev>…',
    flags: {},
    positionals: [1, Infinity],
    args: (_, revs) => ({ revs }),
    argv: (a) => a.revs,
    build: ({ revs }) => hideOperation(revs),
    predict: predictHide,
    progress: () => 'Hiding',
    vscode: { target: 'selection', pickers: [], commands: [{ id: 'stackline.hide' }] },
  }),
  unhide: define({
    synopsis: 'unhide <rev>',
    summary: 'bring a hidden commit (and its branches) back',
    usage: 'unhide <rev>',
    flags: {},
    positionals: [1, 1],
    args: (_, [rev]) => ({ rev }),
    argv: (a) => [a.rev],
    build: ({ rev }) => unhideOperation(rev),
    progress: () => 'Unhiding',
    vscode: { target: 'repo', pickers: ['hidden'], commands: [{ id: 'stackline.unhide' }] },
  }),
  restack: simple(
    'restack',
    'move commits left on outdated versions onto the latest ones',
    restackOperation,
    'Restacking',
    ['stackline.restack'],
    predictRestack,
  ),
  sync: simple(
    'sync',
    'fetch trunk and move your stacks onto it, dropping landed commits',
    syncOperation,
    'Syncing with trunk',
    ['stackline.sync'],
    predictSync,
  ),
  undo: simple('undo', 'undo the last operation', undoOperation, 'Undoing', ['stackline.undo']),
  redo: simple('redo', 'redo the last undone operation', redoOperation, 'Redoing', ['stackline.redo']),
};

type Table = typeof table;
/** An operation's name: its CLI command and its oplog `op`. */
export type OperationName = keyof Table;
export type OperationArgs = { [K in OperationName]: Table[K] extends OperationRow<infer A, infer _R> ? A : never };
export type OperationResults = {
  [K in OperationName]: Table[K] extends OperationRow<infer _A, infer R> ? R : never;
};

/**
 * The table, typed so that code generic over a name gets that row's argument and result types. Each
 * operation built from it knows the CLI line that runs it again (`rerun`), for the fixes that say so.
 */
export const OPERATIONS = Object.fromEntries(
  Object.entries(table as Record<string, OperationRow<unknown, unknown>>).map(([name, row]) => [
    name,
    {
      ...row,
      build(args: unknown) {
        const operation = row.build(args);
        operation.rerun = [name, ...row.argv(args)];
        return operation;
      },
    },
  ]),
) as unknown as { [K in OperationName]: OperationRow<OperationArgs[K], OperationResults[K]> };

/** The names in the table's order (the order of the CLI's help). */
export const OPERATION_NAMES = Object.keys(table) as OperationName[];
