// `stackline log`: the smartlog as text or JSON.
import { parseArgs } from 'node:util';
import { smartlogJson } from '../../core/smartlog/json';
import { renderSmartlog } from '../../core/smartlog/render';
import type { CliCommand } from '../context';

export const logCommand: CliCommand = {
  name: 'log',
  aliases: ['sl', 'smartlog'],
  synopsis: 'log [--json]',
  summary: 'show your stacks on top of trunk (the smartlog)',
  async run(context, argv) {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, strict: true });
    const smartlog = await context.smartlog();
    context.out(values.json ? JSON.stringify(smartlogJson(smartlog), null, 2) : renderSmartlog(smartlog));
    return 0;
  },
};
