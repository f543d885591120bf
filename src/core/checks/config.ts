// The checks a repository declares, committed in .stackline.json so every clone has them:
//
//   { "checks": [{ "name": "unit", "run": "npm test", "timeoutMinutes": 10 }] }
//
// With none declared, the repository's obvious ones (package.json's test and lint scripts) are
// offered, as JSON to add or written into the file by `stackline check --init`.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, isObject, readData } from '../conventions/configFile';
import { SETTINGS_FILE } from '../conventions/settings';
import { CheckError } from './errors';

export interface CheckDefinition {
  /** Short and unique: shown on badges and in messages ("unit", "lint"). */
  name: string;
  /** A shell command line, run in a checkout of the commit. */
  run: string;
  /** A check still running after this long is stopped and counts as timed out. */
  timeoutMinutes: number;
}

export const DEFAULT_TIMEOUT_MINUTES = 10;
const KNOWN_KEYS = ['name', 'run', 'timeoutMinutes'];

/** The checks declared in the repository at `root`; [] when the file or its "checks" is missing. */
export function loadChecks(root: string): CheckDefinition[] {
  const file = join(root, SETTINGS_FILE);
  if (!existsSync(file)) return [];
  const data = readData(file, 'json', root);
  if (!isObject(data))
    throw new CheckError('config', `${SETTINGS_FILE} must hold an object, not ${describe(data)}. Fix the file.`, file);
  if (data.checks === undefined) return [];
  return parseChecks(data.checks, file);
}

/** Validates the "checks" value of .stackline.json; each problem names the field. */
export function parseChecks(value: unknown, file = SETTINGS_FILE): CheckDefinition[] {
  const fail = (field: string, problem: string) =>
    new CheckError('config', `${SETTINGS_FILE}: "${field}" ${problem}. Fix the file.`, file);
  if (!Array.isArray(value))
    throw fail(
      'checks',
      `must be a list of checks such as [{ "name": "unit", "run": "npm test" }], not ${describe(value)}`,
    );
  const checks: CheckDefinition[] = [];
  value.forEach((entry: unknown, i) => {
    const at = `checks[${i}]`;
    if (!isObject(entry))
      throw fail(at, `must be an object such as { "name": "unit", "run": "npm test" }, not ${describe(entry)}`);
    const unknown = Object.keys(entry).find((key) => !KNOWN_KEYS.includes(key));
    if (unknown) throw fail(`${at}.${unknown}`, `is not a check setting (known: ${KNOWN_KEYS.join(', ')})`);
    if (typeof entry.name !== 'string' || entry.name.trim() === '')
      throw fail(`${at}.name`, `must be a short name such as "unit", not ${describe(entry.name)}`);
    if (!/^[\w.-][\w .:-]{0,39}$/.test(entry.name))
      throw fail(`${at}.name`, 'must be up to 40 letters, digits, spaces or ._:- (it is shown on badges)');
    if (checks.some((c) => c.name === entry.name))
      throw fail(`${at}.name`, `"${entry.name}" names another check too; names must be unique`);
    if (typeof entry.run !== 'string' || entry.run.trim() === '')
      throw fail(`${at}.run`, `must be a command line such as "npm test", not ${describe(entry.run)}`);
    const timeout = entry.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES;
    if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0)
      throw fail(`${at}.timeoutMinutes`, `must be a number of minutes above 0, not ${describe(timeout)}`);
    checks.push({ name: entry.name, run: entry.run, timeoutMinutes: timeout });
  });
  return checks;
}

/** A placeholder npm writes into new packages; not a check anyone means to run. */
const NO_TEST_SPECIFIED = /no test specified/;

/**
 * The checks a repository obviously has, to offer when it declares none: package.json's `test` and
 * `lint` scripts, run with the package manager its lock file names.
 */
export function suggestChecks(root: string): CheckDefinition[] {
  const pkg = join(root, 'package.json');
  if (!existsSync(pkg)) return [];
  let scripts: unknown;
  try {
    scripts = (JSON.parse(readFileSync(pkg, 'utf8')) as { scripts?: unknown }).scripts;
  } catch {
    return [];
  }
  if (!isObject(scripts)) return [];
  const runner = packageRunner(root);
  const suggestions: CheckDefinition[] = [];
  if (typeof scripts.test === 'string' && !NO_TEST_SPECIFIED.test(scripts.test))
    suggestions.push({ name: 'test', run: `${runner} test`, timeoutMinutes: DEFAULT_TIMEOUT_MINUTES });
  if (typeof scripts.lint === 'string')
    suggestions.push({ name: 'lint', run: `${runner} run lint`, timeoutMinutes: DEFAULT_TIMEOUT_MINUTES });
  return suggestions;
}

function packageRunner(root: string): string {
  if (existsSync(join(root, 'pnpm-lock.yaml'))) return 'pnpm';
  if (existsSync(join(root, 'yarn.lock'))) return 'yarn';
  if (existsSync(join(root, 'bun.lockb')) || existsSync(join(root, 'bun.lock'))) return 'bun';
  return 'npm';
}

/** The "checks" entry to paste into .stackline.json. */
export function checksSnippet(checks: CheckDefinition[]): string {
  return JSON.stringify({ checks }, null, 2);
}

/**
 * Writes `checks` into the repository's .stackline.json, keeping everything else in it. Refuses
 * when the file already declares checks: those are the repository's, not Stackline's to replace.
 */
export function writeChecks(root: string, checks: CheckDefinition[]): string {
  const file = join(root, SETTINGS_FILE);
  let data: Record<string, unknown> = {};
  if (existsSync(file)) {
    const existing = readData(file, 'json', root);
    if (!isObject(existing))
      throw new CheckError(
        'config',
        `${SETTINGS_FILE} must hold an object, not ${describe(existing)}. Fix the file.`,
        file,
      );
    if (existing.checks !== undefined)
      throw new CheckError('config', `${SETTINGS_FILE} already declares checks; edit them there.`, file);
    data = existing;
  }
  writeFileSync(file, `${JSON.stringify({ ...data, checks }, null, 2)}\n`);
  return file;
}
