// Every `stackline` command, in the order the help lists them. Each area adds its module here.
import type { CliCommand } from '../context';
import { logCommand } from './log';
import { navigationCommands } from './navigate';

export const COMMANDS: CliCommand[] = [logCommand, ...navigationCommands];
