// Adds Stackline's checks to a lefthook YAML config as commands of its commit-msg / pre-push hooks,
// editing the text (so the team's comments and layout stay) and checking the result by parsing it.
import { load as loadYaml } from 'js-yaml';
import { isObject } from '../configFile';
import { ConventionsError, INSTALL_HOOKS } from '../errors';
import { MARKER, lefthookCommand, type HookName } from './scripts';

/** lefthook's config files, in the order it reads them. Only YAML ones are edited. */
export const LEFTHOOK_CONFIGS = [
  'lefthook.yml',
  '.lefthook.yml',
  'lefthook.yaml',
  '.lefthook.yaml',
  '.config/lefthook.yml',
  '.config/lefthook.yaml',
  'lefthook.toml',
  '.lefthook.toml',
  'lefthook.json',
  '.lefthook.json',
];

const COMMAND = 'stackline';

/** The YAML to add by hand when the file cannot be edited safely. */
export function lefthookSnippet(hook: HookName): string {
  const { run, useStdin } = lefthookCommand(hook);
  return `${hook}:\n  commands:\n    ${COMMAND}:\n      run: ${run}${useStdin ? '\n      use_stdin: true' : ''}`;
}

export function hasLefthookCommand(text: string, hook: HookName): boolean {
  const command = commandOf(parse(text), hook);
  return isObject(command) && command.run === lefthookCommand(hook).run;
}

/** The config with Stackline's command in `hook` (unchanged when it is there already). */
export function addLefthookCommand(text: string, hook: HookName, file: string): string {
  if (hasLefthookCommand(text, hook)) return text;
  const cleaned = removeLefthookCommand(text, hook, file);
  const doc = parse(cleaned);
  const { run, useStdin } = lefthookCommand(hook);
  /** The command's lines, `base` in from the margin, its settings one `step` further. */
  const command = (base: string, step: string) => [
    `${base}${COMMAND}:`,
    `${base}${step}run: ${run}`,
    ...(useStdin ? [`${base}${step}use_stdin: true`] : []),
  ];
  const lines = cleaned.split('\n');
  const hookLine = lines.findIndex((line) => new RegExp(`^${hook}:\\s*(#.*)?$`).test(line));
  let result: string;
  if (!isObject(doc) || doc[hook] === undefined) {
    const step = indentOf(lines.find((line) => /^ +[^\s#]/.test(line)) ?? '  ') || '  ';
    const section = [
      `${MARKER} ${hook} check (stackline hooks install)`,
      `${hook}:`,
      `${step}commands:`,
      ...command(step + step, step),
    ];
    result = `${cleaned.replace(/\n*$/, '')}\n\n${section.join('\n')}\n`;
  } else if (hookLine === -1 || !isObject(doc[hook])) {
    throw manualEdit(file, hook, `its ${hook} section is not in a form Stackline can edit`);
  } else {
    const end = sectionEnd(lines, hookLine);
    const body = lines.slice(hookLine + 1, end);
    const step = indentOf(body.find(isContent) ?? '  ') || '  ';
    const commandsAt = body.findIndex((line) => new RegExp(`^${step}commands:\\s*(#.*)?$`).test(line));
    if (commandsAt === -1) {
      lines.splice(hookLine + 1, 0, `${step}commands:`, ...command(step + step, step));
    } else {
      const at = hookLine + 1 + commandsAt;
      const child = lines.slice(at + 1, end).find(isContent);
      const base = child && indentOf(child).length > step.length ? indentOf(child) : step + step;
      lines.splice(at + 1, 0, ...command(base, step));
    }
    result = lines.join('\n');
  }
  if (!hasLefthookCommand(result, hook)) throw manualEdit(file, hook, 'editing it did not give the expected config');
  return result;
}

function isContent(line: string): boolean {
  return line.trim() !== '' && !line.trim().startsWith('#');
}

function indentOf(line: string): string {
  return line.match(/^ */)![0];
}

/** The config without Stackline's command in `hook`, and without the section when Stackline added it. */
export function removeLefthookCommand(text: string, hook: HookName, file: string): string {
  const lines = text.split('\n');
  const marker = lines.findIndex((line) => line.startsWith(`${MARKER} ${hook} `));
  if (marker !== -1 && lines[marker + 1]?.startsWith(`${hook}:`)) {
    lines.splice(marker, sectionEnd(lines, marker + 1) - marker);
    while (lines.length > 1 && lines[lines.length - 1] === '' && lines[lines.length - 2] === '') lines.pop();
  } else {
    const hookLine = lines.findIndex((line) => new RegExp(`^${hook}:\\s*(#.*)?$`).test(line));
    if (hookLine === -1) return text;
    const end = sectionEnd(lines, hookLine);
    const at = lines.slice(hookLine + 1, end).findIndex((line) => new RegExp(`^\\s+${COMMAND}:\\s*$`).test(line));
    if (at === -1) return text;
    const start = hookLine + 1 + at;
    const own = lines[start].match(/^\s*/)![0].length;
    let stop = start + 1;
    while (stop < end && (lines[stop].trim() === '' || lines[stop].match(/^\s*/)![0].length > own)) stop++;
    lines.splice(start, stop - start);
  }
  const result = lines.join('\n');
  if (commandOf(parse(result), hook) !== undefined)
    throw manualEdit(file, hook, 'Stackline could not take its command out');
  return result;
}

function parse(text: string): unknown {
  return loadYaml(text);
}

function commandOf(doc: unknown, hook: HookName): unknown {
  if (!isObject(doc) || !isObject(doc[hook])) return undefined;
  const commands = doc[hook].commands;
  return isObject(commands) ? commands[COMMAND] : undefined;
}

/** The index after the last line of the top-level section that starts at `start`. */
function sectionEnd(lines: string[], start: number): number {
  let end = start + 1;
  while (end < lines.length && (lines[end].trim() === '' || /^[\s#]/.test(lines[end]) || lines[end].startsWith('-')))
    end++;
  // Trailing blank lines and comments belong to whatever comes next.
  while (end > start + 1 && (lines[end - 1].trim() === '' || lines[end - 1].trim().startsWith('#'))) end--;
  return end;
}

function manualEdit(file: string, hook: HookName, problem: string): ConventionsError {
  return new ConventionsError(
    'hooks',
    `${file}: ${problem}. Add this to it by hand, then install the hooks again:\n${lefthookSnippet(hook)}`,
    file,
    [INSTALL_HOOKS],
  );
}
