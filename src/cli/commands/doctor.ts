// `stackline doctor [--fix [<item>,…]] [--json]`: which of git's speed-ups are on in this
// repository, what each does and the commands that turn it on; with --fix, turns them on.
import { parseArgs } from 'node:util';
import {
  ACCELERATOR_IDS,
  detectAccelerators,
  gitCommandLine,
  type Accelerator,
  type AcceleratorId,
} from '../../core/health/accelerators';
import { turnOnAccelerators, type TurnOnResult } from '../../core/health/turnOn';
import { UsageError, type CliCommand } from '../context';

const HELP = `Usage: stackline doctor [--fix [<item>,...]] [--json]

Shows which of git's own speed-ups (the ones scalar turns on) are on in this repository, what each
does, and the git commands that turn it on. Changes nothing unless --fix is given.

  --fix               turn on every item that is off and available here, in this repository's
                      own config (all but maintenance)
  --fix <item>,...    turn on only these: ${ACCELERATOR_IDS.join(', ')}
                      (maintenance runs git maintenance start, which writes your global git config
                      and schedules background jobs: it is only turned on when named)
  --json              machine-readable output`;

const OPTIONS = {
  fix: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const doctorCommand: CliCommand = {
  name: 'doctor',
  synopsis: 'doctor [--fix [<item>,...]]',
  summary: "which of git's speed-ups are on here, and turn them on (--fix)",
  async run(context, argv) {
    // `--fix=a,b` reads as `--fix a,b`: parseArgs gives booleans no value.
    const args = argv.flatMap((arg) => (arg.startsWith('--fix=') ? ['--fix', arg.slice('--fix='.length)] : [arg]));
    const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
    if (values.help) {
      context.out(HELP);
      return 0;
    }
    const named = positionals.flatMap((p) => p.split(',')).filter(Boolean);
    if (named.length > 0 && !values.fix)
      throw new UsageError(`Name items only after --fix: stackline doctor --fix ${named.join(',')}`);
    const unknown = named.filter((id) => !isAcceleratorId(id));
    if (unknown.length > 0) {
      throw new UsageError(`Unknown item ${unknown.join(', ')}. The items are ${ACCELERATOR_IDS.join(', ')}.`);
    }
    const git = await context.git();
    const repo = await context.repo();
    const before = await detectAccelerators(git, repo);
    if (!values.fix) {
      context.out(
        values.json
          ? JSON.stringify({ root: repo.root, accelerators: before.map(toJson) }, null, 2)
          : report(repo.root, before),
      );
      return 0;
    }
    // Bare --fix: what is off here, but never the one that writes global config.
    const chosen =
      named.length > 0
        ? named.filter(isAcceleratorId)
        : before.filter((a) => a.state === 'off' && !a.global).map((a) => a.id);
    const results = await turnOnAccelerators(git, repo, chosen);
    const after = await detectAccelerators(git, repo);
    if (values.json) {
      context.out(
        JSON.stringify({ root: repo.root, results: results.map(resultJson), accelerators: after.map(toJson) }, null, 2),
      );
    } else {
      context.out(fixReport(results, after, named.length === 0));
    }
    return results.some((r) => r.outcome === 'failed') ? 1 : 0;
  },
};

const isAcceleratorId = (id: string): id is AcceleratorId => (ACCELERATOR_IDS as readonly string[]).includes(id);

const STATE_WIDTH = 'unavailable'.length + 2;
const indent = ' '.repeat(2 + STATE_WIDTH);

function report(root: string, accelerators: Accelerator[]): string {
  const lines = [`Git's speed-ups in ${root}:`, ''];
  for (const a of accelerators) {
    lines.push(`  ${a.state.padEnd(STATE_WIDTH)}${a.title} (${a.id})`, `${indent}${a.description}`);
    if (a.why) lines.push(`${indent}${a.why}`);
    if (a.fix) lines.push(`${indent}${a.fix.label}: ${a.fix.cli}`);
    if (a.global && a.state === 'off')
      lines.push(`${indent}Writes your global git config, not only this repository's.`);
    a.turnOn.forEach((args, i) => lines.push(`${indent}${i === 0 ? 'Turn on: ' : '         '}${gitCommandLine(args)}`));
  }
  const off = accelerators.filter((a) => a.state === 'off');
  const local = off.filter((a) => !a.global);
  lines.push('');
  if (off.length === 0) lines.push('Every speed-up available here is on.');
  if (local.length > 0) {
    const which = local.length === 1 ? 'the one that is' : `the ${local.length} that are`;
    lines.push(`Turn on ${which} off in this repository: stackline doctor --fix`);
  }
  for (const a of off.filter((a) => a.global))
    lines.push(`Turn on ${a.title.toLowerCase()} too: stackline doctor --fix ${a.id}`);
  return lines.join('\n').trimEnd();
}

const OUTCOME_LABELS: Record<TurnOnResult['outcome'], string> = {
  'turned-on': 'Turned on',
  'already-on': 'Already on',
  unavailable: 'Skipped',
  failed: 'Failed',
};

function fixReport(results: TurnOnResult[], after: Accelerator[], bare: boolean): string {
  if (results.length === 0) return 'Nothing to turn on: every speed-up available here is on.';
  const lines = results.map((r) => {
    const line = `${OUTCOME_LABELS[r.outcome]}: ${r.title}`;
    if (r.outcome === 'turned-on') return `${line} (${r.ran.map(gitCommandLine).join('; ')})`;
    const fix = r.fix ? ` ${r.fix.label}: ${r.fix.cli}` : '';
    return r.why ? `${line}: ${r.why}${fix}` : line;
  });
  const global = after.filter((a) => a.global && a.state === 'off');
  if (bare)
    for (const a of global)
      lines.push(
        `Not changed: ${a.title.toLowerCase()} writes your global git config. Turn it on with stackline doctor --fix ${a.id}`,
      );
  return lines.join('\n');
}

function toJson(a: Accelerator) {
  return { ...a, turnOn: a.turnOn.map(gitCommandLine) };
}

function resultJson(r: TurnOnResult) {
  return { ...r, ran: r.ran.map(gitCommandLine) };
}
