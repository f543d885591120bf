// The `stackline` command: global options, then one of the commands in ./commands.
import { addGitCallLog, formatGitCall } from '../core/git/callLog';
import { COMMANDS } from './commands';
import { CliContext, UsageError } from './context';
import { errorText } from './errorText';
import { exitWhenWritten, toleratePipeClosed } from './exit';
import { escapeControls } from './terminalText';

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.synopsis.length)) + 2;
  const lines = COMMANDS.map((c) => `  ${c.synopsis.padEnd(width)}${c.summary}`);
  const details = COMMANDS.filter((c) => c.details).map(
    (c) => `\n${c.name}:\n${c.details!.map((d) => `  ${d}`).join('\n')}\n`,
  );
  return `Usage: stackline [-C <path>] [--trunk <branch>] <command> [options]

Commands:
${lines.join('\n')}
${details.join('')}
Options:
  -C <path>         run in <path> instead of the current folder
  --trunk <branch>  the trunk branch (default: origin/HEAD, origin/main, origin/master, main, master)
  -h, --help        show this help`;
}

async function main(argv: string[]): Promise<number> {
  let cwd = process.cwd();
  let trunk: string | undefined;
  let i = 0;
  // Global options come before the command; everything after belongs to the command.
  for (; i < argv.length && argv[i].startsWith('-'); i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      console.log(usage());
      return 0;
    }
    if (arg !== '-C' && arg !== '--trunk') throw new UsageError(`Unknown option ${arg}.`);
    const value = argv[++i];
    if (value === undefined) throw new UsageError(`${arg} needs a value.`);
    if (arg === '-C') cwd = value;
    else trunk = value;
  }
  const name = argv[i] ?? 'log';
  if (name === 'help') {
    console.log(usage());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name || c.aliases?.includes(name));
  if (!command) throw new UsageError(`Unknown command '${name}'.`);
  return command.run(new CliContext(cwd, trunk), argv.slice(i + 1));
}

toleratePipeClosed();
// STACKLINE_DEBUG: each git call on stderr with its time, and git's own words with an error.
if (process.env.STACKLINE_DEBUG) addGitCallLog((call) => console.error(escapeControls(formatGitCall(call))));
main(process.argv.slice(2)).then(
  (code) => exitWhenWritten(code),
  (error: unknown) => {
    // parseArgs reports unknown flags and missing values as TypeErrors with a code.
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`stackline: ${escapeControls((error as Error).message)}\n\n${usage()}`);
      exitWhenWritten(2);
      return;
    }
    // Messages name branches, files and revisions: repository text, shown escaped as all output is.
    console.error(escapeControls(errorText(error, !!process.env.STACKLINE_DEBUG)));
    exitWhenWritten(1);
  },
);
