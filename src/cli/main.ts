// The `stackline` command: thin argument handling over src/core.
import { createInterface } from 'node:readline/promises';
import { GitError } from '../core/git/errors';
import { discoverRepository } from '../core/git/repository';
import { GitRunner } from '../core/git/runner';
import { shortHash } from '../core/format';
import { gotoRevision } from '../core/navigate/goto';
import { navigationTarget, type Direction } from '../core/navigate/targets';
import { buildSmartlog } from '../core/smartlog/build';
import { smartlogJson } from '../core/smartlog/json';
import { renderSmartlog } from '../core/smartlog/render';
import type { SmartlogCommit } from '../core/smartlog/model';

const USAGE = `Usage: stackline [-C <path>] [--trunk <branch>] <command>

Commands:
  log [--json]      show your stacks on top of trunk (the smartlog)
  goto <rev>        move to a commit, branch or tag
  prev [n]          move n commits down the current stack (default 1)
  next [n]          move n commits up the current stack (default 1)
  top               move to the top of the current stack
  bottom            move to the bottom of the current stack

Options:
  -C <path>         run in <path> instead of the current folder
  --trunk <branch>  the trunk branch (default: origin/HEAD, origin/main, origin/master, main, master)
  -h, --help        show this help`;

class UsageError extends Error {}

interface Args {
  cwd: string;
  trunk?: string;
  command?: string;
  rest: string[];
  json: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { cwd: process.cwd(), rest: [], json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-C' || arg === '--trunk') {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value.`);
      if (arg === '-C') args.cwd = value;
      else args.trunk = value;
    } else if (arg === '--json') args.json = true;
    else if (arg === '-h' || arg === '--help') args.command = 'help';
    else if (arg.startsWith('-') && !/^-\d+$/.test(arg)) throw new UsageError(`Unknown option ${arg}.`);
    else if (!args.command) args.command = arg;
    else args.rest.push(arg);
  }
  return args;
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.command === 'help') {
    console.log(USAGE);
    return 0;
  }
  const command = args.command ?? 'log';
  const repo = await discoverRepository(args.cwd);
  const git = new GitRunner(repo.root);
  const smartlog = await buildSmartlog(git, repo, { trunk: args.trunk });

  switch (command) {
    case 'log':
    case 'sl':
      expectArgs(args, 0);
      console.log(args.json ? JSON.stringify(smartlogJson(smartlog), null, 2) : renderSmartlog(smartlog));
      return 0;
    case 'goto': {
      expectArgs(args, 1, 'goto needs a commit, branch or tag: stackline goto <rev>');
      return report(await gotoRevision(git, smartlog, args.rest[0]));
    }
    case 'prev':
    case 'next':
    case 'top':
    case 'bottom': {
      expectArgs(args, command === 'prev' || command === 'next' ? 1 : 0);
      const steps = args.rest[0] === undefined ? 1 : Number(args.rest[0]);
      const result = navigationTarget(smartlog, command as Direction, steps);
      if (result.kind === 'refuse') throw new GitError('no-commit', result.message);
      const target = result.kind === 'target' ? result.commit : await choose(result.message, result.choices);
      return report(await gotoRevision(git, smartlog, target.hash));
    }
    default:
      throw new UsageError(`Unknown command '${command}'.`);
  }
}

function expectArgs(args: Args, max: number, missing?: string): void {
  if (missing && args.rest.length === 0) throw new UsageError(missing);
  if (args.rest.length > max) throw new UsageError(`Too many arguments: ${args.rest.slice(max).join(' ')}`);
}

/** Several commits follow: ask on a terminal, otherwise list them and stop. */
async function choose(message: string, choices: SmartlogCommit[]): Promise<SmartlogCommit> {
  const list = choices.map((c, i) => `  ${i + 1}) ${shortHash(c.hash)}  ${c.title}`).join('\n');
  if (!process.stdin.isTTY) {
    throw new GitError('ambiguous', `${message}\n${list}\nRun stackline goto <hash> with the one you want.`);
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(`${message}\n${list}\nWhich one? [1-${choices.length}] `);
    const picked = choices[Number(answer) - 1];
    if (!picked) throw new GitError('ambiguous', 'Nothing picked; HEAD did not move.');
    return picked;
  } finally {
    rl.close();
  }
}

function report(result: { hash: string; branch?: string; unchanged: boolean }): number {
  const where = `${shortHash(result.hash)}${result.branch ? ` (${result.branch})` : ''}`;
  console.log(result.unchanged ? `Already at ${where}.` : `Now at ${where}.`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`stackline: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(`stackline: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.STACKLINE_DEBUG && error instanceof GitError && error.detail) console.error(error.detail);
    process.exit(1);
  },
);
