// Every `stackline` command, in the order the help lists them. Each area adds its module here.
import type { CliCommand } from '../context';
import { checkCommands } from './check';
import { conventionsCommands } from './conventions';
import { doctorCommand } from './doctor';
import { forgeCommands } from './forge';
import { logCommand } from './log';
import { navigationCommands } from './navigate';
import { operationCommands } from './operations';
import { reviewCommand } from './review';
import { sparseCommand } from './sparse';

export const COMMANDS: CliCommand[] = [
  logCommand,
  ...navigationCommands,
  ...operationCommands,
  ...conventionsCommands,
  sparseCommand,
  ...checkCommands,
  ...forgeCommands,
  reviewCommand,
  doctorCommand,
];
