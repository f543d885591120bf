// `stackline commit|amend|absorb|absorb-into|move|fold|split|reorder|reword|uncommit|unamend|hide|unhide|
// restack|sync|undo|redo|oplog|continue|abort`: history editing, every step undoable. The operations
// come from the operations table (core/operations/table.ts); oplog, continue and abort are here.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  abortUnfinished,
  absorbPreview,
  splitPieces,
  continueStopped,
  OperationError,
  oplogOf,
  runOperation,
  settleUnfinished,
  type Operation,
  type RepoSession,
} from '../../core/operations';
import { OPERATION_NAMES, OPERATIONS, type OperationArgs, type OperationName } from '../../core/operations/table';
import { fixCommandLine, type Notice } from '../../core/fix';
import { oplogRows, renderOplog } from '../../core/oplog/format';
import { UsageError, type CliCommand, type CliContext } from '../context';
import { absorbRowsJson, formatAbsorbTable, formatTargets } from './absorbFormat';
import { formatSplitList, splitListJson } from './splitFormat';

/** Where an operation runs, from the CLI's options (-C, --trunk, and an operation's --edit-review). */
export async function repoSession(context: CliContext, editReview = false): Promise<RepoSession> {
  return { git: await context.git(), repo: await context.repo(), trunk: context.trunk, editReview };
}

async function run<T>(context: CliContext, operation: Operation<T>, editReview = false): Promise<number> {
  printOutcome(context, await runOperation(await repoSession(context, editReview), operation));
  return 0;
}

/** Every operation takes --edit-review: it may then change the stack checked out for review. */
const EDIT_REVIEW = '--edit-review';

/** The summary, then each fix as a command line to paste (`stackline -C <other worktree> restack`). */
export function printOutcome(context: CliContext, outcome: { summary: string; notices: Notice[] }): void {
  context.out(outcome.summary);
  for (const notice of outcome.notices) if (notice.fix) context.out(`  ${fixCommandLine(notice.fix)}`);
}

function usage(message: string): never {
  throw new UsageError(message);
}

function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
}

function positionals(list: string[], min: number, max: number, line: string): string[] {
  if (list.length < min || list.length > max) usage(`Usage: stackline ${line}`);
  return list;
}

/** Operations whose CLI shows more than the summary; the others run and print their outcome. */
const OUTPUTS: {
  [K in OperationName]?: (context: CliContext, args: OperationArgs[K], editReview: boolean) => Promise<number>;
} = {
  async absorb(context, args, editReview) {
    const session = await repoSession(context, editReview);
    const printRows = (rows: Parameters<typeof formatAbsorbTable>[0]) =>
      context.out(args.json ? JSON.stringify({ hunks: absorbRowsJson(rows) }, null, 2) : formatAbsorbTable(rows));
    if (args.dryRun) {
      const rows = await absorbPreview(session);
      if (rows.length === 0) throw new OperationError('nothing-to-do', 'There are no changes to absorb.');
      printRows(rows);
      return 0;
    }
    const outcome = await runOperation(session, OPERATIONS.absorb.build(args)).catch(async (error: unknown) => {
      // What stays, and why, is the answer to "why was nothing absorbed?".
      if (error instanceof OperationError && error.kind === 'nothing-to-do') {
        const rows = await absorbPreview(session);
        if (rows.length > 0) printRows(rows);
      }
      throw error;
    });
    if (args.json) {
      const { rows, targets } = outcome.result;
      context.out(
        JSON.stringify(
          { hunks: absorbRowsJson(rows), targets, entryId: outcome.entryId, summary: outcome.summary },
          null,
          2,
        ),
      );
      return 0;
    }
    context.out(`${formatAbsorbTable(outcome.result.rows)}

${formatTargets(outcome.result.targets)}`);
    printOutcome(context, outcome);
    return 0;
  },
  async split(context, args, editReview) {
    if (!args.list) return run(context, OPERATIONS.split.build(args), editReview);
    const listed = await splitPieces(await repoSession(context), args.rev ?? 'HEAD');
    context.out(args.json ? JSON.stringify(splitListJson(listed), null, 2) : formatSplitList(listed));
    return 0;
  },
};

function tableCommand<K extends OperationName>(name: K): CliCommand {
  const row = OPERATIONS[name];
  return {
    name,
    synopsis: row.synopsis,
    summary: row.summary,
    details: row.details,
    async run(context, argv) {
      const editReview = argv.includes(EDIT_REVIEW);
      const args = row.parse(
        argv.filter((a) => a !== EDIT_REVIEW),
        usage,
      );
      const output = OUTPUTS[name];
      return output ? output(context, args, editReview) : run(context, row.build(args), editReview);
    },
  };
}

export const operationCommands: CliCommand[] = [
  ...OPERATION_NAMES.map((name) => tableCommand(name)),
  {
    name: 'oplog',
    synopsis: 'oplog [--json] [-n <count>]',
    summary: 'list operations: when, what, and which refs changed',
    async run(context, argv) {
      const { values, positionals: rest } = parse(argv, {
        json: { type: 'boolean' },
        count: { type: 'string', short: 'n' },
      });
      positionals(rest, 0, 0, 'oplog [--json] [-n <count>]');
      const count = values.count === undefined ? 20 : Number(values.count);
      if (!Number.isInteger(count) || count < 1) throw new UsageError('-n needs a whole number of at least 1.');
      const session = await repoSession(context);
      // An operation git finished (or aborted) on its own is recorded before it is listed.
      await settleUnfinished(session);
      const rows = oplogRows(oplogOf(session.repo).entries()).slice(0, count);
      context.out(
        values.json
          ? JSON.stringify(
              rows.map((r) => ({ ...r, time: new Date(r.time).toISOString() })),
              null,
              2,
            )
          : renderOplog(rows),
      );
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
