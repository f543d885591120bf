// `stackline goto|prev|next|top|bottom`: move HEAD along the stacks (each move is in the oplog:
// `stackline undo` goes back).
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { shortHash } from '../../core/format';
import { GitError } from '../../core/git/errors';
import { describeGoto, gotoRevision, type GotoResult } from '../../core/navigate/goto';
import { navigationTarget, type Direction } from '../../core/navigate/targets';
import type { SmartlogCommit } from '../../core/smartlog/model';
import { UsageError, type CliCommand, type CliContext } from '../context';
import { escapeControls } from '../terminalText';
import { repoSession } from './operations';

const gotoCommand: CliCommand = {
  name: 'goto',
  synopsis: 'goto [--detach] <rev>',
  summary: 'move to a commit, branch or tag (--detach: to its commit, without its branch)',
  async run(context, argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { detach: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1)
      throw new UsageError('goto needs one commit, branch or tag: stackline goto [--detach] <rev>');
    return report(
      context,
      await gotoRevision(await repoSession(context), positionals[0], undefined, { detach: values.detach }),
    );
  },
};

function directionCommand(direction: Direction, synopsis: string, summary: string): CliCommand {
  const takesCount = direction === 'prev' || direction === 'next';
  return {
    name: direction,
    synopsis,
    summary,
    async run(context, argv) {
      const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true });
      if (positionals.length > (takesCount ? 1 : 0))
        throw new UsageError(`Too many arguments: ${positionals.join(' ')}`);
      const steps = positionals[0] === undefined ? 1 : Number(positionals[0]);
      const smartlog = await context.smartlog();
      const result = navigationTarget(smartlog, direction, steps);
      if (result.kind === 'refuse') throw new GitError('no-commit', result.message);
      const target = result.kind === 'target' ? result.commit : await choose(result.message, result.choices);
      const command = `${direction}${positionals[0] === undefined ? '' : ` ${steps}`}`;
      return report(context, await gotoRevision(await repoSession(context), target.hash, command));
    },
  };
}

export const navigationCommands: CliCommand[] = [
  gotoCommand,
  directionCommand('prev', 'prev [n]', 'move n commits down the current stack (default 1)'),
  directionCommand('next', 'next [n]', 'move n commits up the current stack (default 1)'),
  directionCommand('top', 'top', 'move to the top of the current stack'),
  directionCommand('bottom', 'bottom', 'move to the bottom of the current stack'),
];

/** Several commits follow: ask on a terminal, otherwise list them and stop. */
async function choose(message: string, choices: SmartlogCommit[]): Promise<SmartlogCommit> {
  const list = choices.map((c, i) => `  ${i + 1}) ${shortHash(c.hash)}  ${c.title}`).join('\n');
  if (!process.stdin.isTTY) {
    throw new GitError('ambiguous', `${message}\n${list}\nRun stackline goto <hash> with the one you want.`);
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    // readline prints straight to the terminal, past context.out's escaping: escape titles here.
    const answer = await rl.question(escapeControls(`${message}\n${list}\nWhich one? [1-${choices.length}] `));
    const picked = choices[Number(answer) - 1];
    if (!picked) throw new GitError('ambiguous', 'Nothing picked; HEAD did not move.');
    return picked;
  } finally {
    rl.close();
  }
}

function report(context: CliContext, result: GotoResult): number {
  const where = describeGoto(result);
  context.out(result.unchanged ? `Already at ${where}.` : `Now at ${where}.`);
  return 0;
}
