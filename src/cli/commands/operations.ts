// `stackline commit|amend|absorb-into|move|fold|split|reorder|reword|uncommit|unamend|hide|unhide|
// restack|sync|undo|redo|oplog|continue|abort`: history editing, every step undoable.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  abortUnfinished,
  absorbIntoOperation,
  amendOperation,
  commitOperation,
  continueStopped,
  foldOperation,
  hideOperation,
  moveOperation,
  oplogOf,
  redoOperation,
  reorderOperation,
  restackOperation,
  rewordOperation,
  runOperation,
  settleUnfinished,
  splitOperation,
  syncOperation,
  unamendOperation,
  uncommitOperation,
  undoOperation,
  unhideOperation,
  type Operation,
  type RepoSession,
  type StageMode,
} from '../../core/operations';
import { fixCommandLine, type Notice } from '../../core/fix';
import { oplogRows, renderOplog } from '../../core/oplog/format';
import { UsageError, type CliCommand, type CliContext } from '../context';

/** Where an operation runs, from the CLI's options (-C, --trunk). */
export async function repoSession(context: CliContext): Promise<RepoSession> {
  return { git: await context.git(), repo: await context.repo(), trunk: context.trunk };
}

async function run<T>(context: CliContext, operation: Operation<T>): Promise<number> {
  printOutcome(context, await runOperation(await repoSession(context), operation));
  return 0;
}

/** The summary, then each fix as a command line to paste (`stackline -C <other worktree> restack`). */
export function printOutcome(context: CliContext, outcome: { summary: string; notices: Notice[] }): void {
  context.out(outcome.summary);
  for (const notice of outcome.notices) if (notice.fix) context.out(`  ${fixCommandLine(notice.fix)}`);
}

const STAGE_OPTIONS = {
  all: { type: 'boolean', short: 'A' },
  staged: { type: 'boolean' },
} as const;

function stageOf(values: { all?: boolean; staged?: boolean }): StageMode {
  if (values.all && values.staged) throw new UsageError('Choose --all or --staged, not both.');
  return values.all ? 'all' : values.staged ? 'staged' : 'auto';
}

function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
}

function positionals(list: string[], min: number, max: number, usage: string): string[] {
  if (list.length < min || list.length > max) throw new UsageError(`Usage: stackline ${usage}`);
  return list;
}

export const operationCommands: CliCommand[] = [
  {
    name: 'commit',
    synopsis: 'commit -m <msg> [-A|--staged]',
    summary: 'commit on top of the current commit (staged changes, else tracked files; -A adds new files)',
    async run(context, argv) {
      const { values, positionals: rest } = parse(argv, { message: { type: 'string', short: 'm' }, 'no-verify': { type: 'boolean' }, ...STAGE_OPTIONS });
      positionals(rest, 0, 0, 'commit -m <message> [--all|--staged]');
      if (values.message === undefined) throw new UsageError('commit needs a message: -m "…".');
      return run(context, commitOperation({ message: values.message, stage: stageOf(values), noVerify: values['no-verify'] }));
    },
  },
  {
    name: 'amend',
    synopsis: 'amend [-m <msg>] [-A|--staged|--message-only]',
    summary: 'fold changes into the current commit; restack what is above',
    async run(context, argv) {
      const { values, positionals: rest } = parse(argv, {
        message: { type: 'string', short: 'm' },
        'message-only': { type: 'boolean' },
        'no-verify': { type: 'boolean' },
        ...STAGE_OPTIONS,
      });
      positionals(rest, 0, 0, 'amend [-m <message>] [--all|--staged|--message-only]');
      const stage = values['message-only'] ? 'message' : stageOf(values);
      return run(context, amendOperation({ stage, message: values.message, noVerify: values['no-verify'] }));
    },
  },
  {
    name: 'absorb-into',
    synopsis: 'absorb-into <rev> [-A|--staged]',
    summary: 'put working-copy changes into an older commit of the stack',
    async run(context, argv) {
      const { values, positionals: rest } = parse(argv, STAGE_OPTIONS);
      const [into] = positionals(rest, 1, 1, 'absorb-into <rev> [--all|--staged]');
      return run(context, absorbIntoOperation({ into, stage: stageOf(values) }));
    },
  },
  {
    name: 'move',
    synopsis: 'move <rev> --onto <dest>',
    summary: 'move a commit and everything above it onto another commit',
    async run(context, argv) {
      const { values, positionals: rest } = parse(argv, { onto: { type: 'string', short: 'd' } });
      const args = positionals(rest, 1, 2, 'move <rev> --onto <destination>');
      const destination = values.onto ?? args[1];
      if (!destination || (values.onto && args.length > 1)) throw new UsageError('Usage: stackline move <rev> --onto <destination>');
      return run(context, moveOperation({ source: args[0], destination }));
    },
  },
  {
    name: 'fold',
    synopsis: 'fold <rev> [<rev>] [-m <msg>]',
    summary: 'fold adjacent commits (from <rev> to HEAD, or between two) into one',
    async run(context, argv) {
      const { values, positionals: rest } = parse(argv, { message: { type: 'string', short: 'm' }, 'no-verify': { type: 'boolean' } });
      const [from, to] = positionals(rest, 1, 2, 'fold <rev> [<rev>] [-m <message>]');
      return run(context, foldOperation({ from, to, message: values.message, noVerify: values['no-verify'] }));
    },
  },
  {
    name: 'split',
    synopsis: 'split [<rev>] -f <file>… [-m <msg>]',
    summary: 'split a commit in two: the chosen files first, the rest on top',
    async run(context, argv) {
      const { values, positionals: rest } = parse(argv, {
        file: { type: 'string', short: 'f', multiple: true },
        message: { type: 'string', short: 'm' },
        'no-verify': { type: 'boolean' },
      });
      const [rev] = positionals(rest, 0, 1, 'split [<rev>] -f <file> [-f <file>…] [-m <message>]');
      if (!values.file?.length) throw new UsageError('split needs the files for the first commit: -f <file> (repeat for more).');
      return run(context, splitOperation({ rev, files: values.file, message: values.message, noVerify: values['no-verify'] }));
    },
  },
  {
    name: 'reorder',
    synopsis: 'reorder [<rev>] up|down',
    summary: 'swap a commit with the one above (up) or below (down) it',
    async run(context, argv) {
      const { positionals: rest } = parse(argv, {});
      const args = positionals(rest, 1, 2, 'reorder [<rev>] up|down');
      const direction = args.at(-1);
      if (direction !== 'up' && direction !== 'down') throw new UsageError('reorder needs a direction: up or down.');
      return run(context, reorderOperation(args.length === 2 ? args[0] : undefined, direction));
    },
  },
  {
    name: 'reword',
    synopsis: 'reword [<rev>] -m <msg>',
    summary: "change a commit's message",
    async run(context, argv) {
      const { values, positionals: rest } = parse(argv, { message: { type: 'string', short: 'm' }, 'no-verify': { type: 'boolean' } });
      const [rev] = positionals(rest, 0, 1, 'reword [<rev>] -m <message>');
      if (values.message === undefined) throw new UsageError('reword needs the new message: -m "…".');
      return run(context, rewordOperation({ rev, message: values.message, noVerify: values['no-verify'] }));
    },
  },
  simple('uncommit', 'remove the current commit, keeping its changes in the working copy', uncommitOperation),
  simple('unamend', 'go back to the current commit as it was before its last amend', unamendOperation),
  {
    name: 'hide',
    synopsis: 'hide <rev>…',
    summary: 'hide commits (and what is above them) from the smartlog',
    async run(context, argv) {
      const { positionals: rest } = parse(argv, {});
      if (rest.length === 0) throw new UsageError('Usage: stackline hide <rev>…');
      return run(context, hideOperation(rest));
    },
  },
  {
    name: 'unhide',
    synopsis: 'unhide <rev>',
    summary: 'bring a hidden commit (and its branches) back',
    async run(context, argv) {
      const { positionals: rest } = parse(argv, {});
      const [rev] = positionals(rest, 1, 1, 'unhide <rev>');
      return run(context, unhideOperation(rev));
    },
  },
  simple('restack', 'move commits left on outdated versions onto the latest ones', restackOperation),
  simple('sync', 'fetch trunk and move your stacks onto it, dropping landed commits', syncOperation),
  simple('undo', 'undo the last operation', undoOperation),
  simple('redo', 'redo the last undone operation', redoOperation),
  {
    name: 'oplog',
    synopsis: 'oplog [--json] [-n <count>]',
    summary: 'list operations: when, what, and which refs changed',
    async run(context, argv) {
      const { values, positionals: rest } = parse(argv, { json: { type: 'boolean' }, count: { type: 'string', short: 'n' } });
      positionals(rest, 0, 0, 'oplog [--json] [-n <count>]');
      const count = values.count === undefined ? 20 : Number(values.count);
      if (!Number.isInteger(count) || count < 1) throw new UsageError('-n needs a whole number of at least 1.');
      const session = await repoSession(context);
      // An operation git finished (or aborted) on its own is recorded before it is listed.
      await settleUnfinished(session);
      const rows = oplogRows(oplogOf(session.repo).entries()).slice(0, count);
      context.out(values.json ? JSON.stringify(rows.map((r) => ({ ...r, time: new Date(r.time).toISOString() })), null, 2) : renderOplog(rows));
      return 0;
    },
  },
  {
    name: 'continue',
    synopsis: 'continue',
    summary: 'go on with an operation stopped on conflicts, once they are resolved',
    async run(context, argv) {
      positionals(parse(argv, {}).positionals, 0, 0, 'continue');
      printOutcome(context, await continueStopped(await repoSession(context)));
      return 0;
    },
  },
  {
    name: 'abort',
    synopsis: 'abort',
    summary: 'give up a stopped or interrupted operation: back to exactly before it',
    async run(context, argv) {
      positionals(parse(argv, {}).positionals, 0, 0, 'abort');
      const { command, notes } = await abortUnfinished(await repoSession(context));
      context.out([`Aborted '${command}': the repository is back as it was before it.`, ...notes].join(' '));
      return 0;
    },
  },
];

function simple<T>(name: string, summary: string, make: () => Operation<T>): CliCommand {
  return {
    name,
    synopsis: name,
    summary,
    async run(context, argv) {
      positionals(parse(argv, {}).positionals, 0, 0, name);
      return run(context, make());
    },
  };
}
