// Stackline's own convention settings, committed with the repository: size limits and hook policy.
// They live under "conventions" in .stackline.json, or in package.json under "stackline".
//
//   { "conventions": { "size": { "maxStackCommits": 8, "maxCommitLines": 400, "exclude": ["package-lock.json"] },
//                      "hooks": { "commitMsg": true, "prePush": "warn" } } }
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, isObject, readData } from './configFile';
import { ConventionsError } from './errors';

export type PushCheck = 'off' | 'warn' | 'block';

export interface ConventionsSettings {
  /** Where the settings came from ("defaults" when no file sets them). */
  source: string;
  size: {
    /** Draft commits a stack may have before Stackline warns; 0 = no limit. */
    maxStackCommits: number;
    /** Lines added + deleted a commit may change before Stackline warns; 0 = no limit. */
    maxCommitLines: number;
    /** Paths (git glob pathspecs, e.g. package-lock.json or **\/*.snap) not counted as changed lines. */
    exclude: string[];
  };
  hooks: {
    /** Install the commit-msg hook that checks messages. */
    commitMsg: boolean;
    /** The size check before push: off, warn (print and push), or block (refuse the push). */
    prePush: PushCheck;
  };
}

export const SETTINGS_FILE = '.stackline.json';

export function defaultSettings(): ConventionsSettings {
  return {
    source: 'defaults',
    size: { maxStackCommits: 8, maxCommitLines: 400, exclude: [] },
    hooks: { commitMsg: true, prePush: 'off' },
  };
}

/** Reads the settings of the repository at `root`; a malformed file is an error naming it. */
export function loadSettings(root: string): ConventionsSettings {
  const settings = defaultSettings();
  const file = join(root, SETTINGS_FILE);
  let section: unknown;
  let where: string;
  if (existsSync(file)) {
    const data = readData(file, 'json', root);
    if (!isObject(data))
      throw new ConventionsError(
        'config',
        `${SETTINGS_FILE} must hold an object, not ${describe(data)}. Fix the file.`,
        file,
      );
    section = data.conventions;
    where = `${SETTINGS_FILE}`;
  } else {
    const pkg = join(root, 'package.json');
    if (!existsSync(pkg)) return settings;
    const data = readData(pkg, 'json', root);
    const stackline = isObject(data) ? data.stackline : undefined;
    if (stackline === undefined) return settings;
    if (!isObject(stackline))
      throw new ConventionsError(
        'config',
        `package.json: "stackline" must be an object, not ${describe(stackline)}. Fix the file.`,
        pkg,
      );
    section = stackline.conventions;
    where = 'package.json#stackline';
  }
  if (section === undefined) return settings;
  const path = existsSync(file) ? file : join(root, 'package.json');
  const fail = (key: string, problem: string) =>
    new ConventionsError('config', `${where}: "conventions${key}" ${problem}. Fix the file.`, path);
  if (!isObject(section)) throw fail('', `must be an object, not ${describe(section)}`);
  settings.source = where;
  checkKeys(section, ['size', 'hooks'], '', fail);
  if (section.size !== undefined) {
    if (!isObject(section.size)) throw fail('.size', `must be an object, not ${describe(section.size)}`);
    const size = section.size;
    checkKeys(size, ['maxStackCommits', 'maxCommitLines', 'exclude'], '.size', fail);
    for (const key of ['maxStackCommits', 'maxCommitLines'] as const) {
      if (size[key] === undefined) continue;
      if (!Number.isInteger(size[key]) || (size[key] as number) < 0)
        throw fail(`.size.${key}`, `must be a whole number (0 for no limit), not ${describe(size[key])}`);
      settings.size[key] = size[key] as number;
    }
    if (size.exclude !== undefined) {
      if (!Array.isArray(size.exclude) || size.exclude.some((p) => typeof p !== 'string' || p === ''))
        throw fail('.size.exclude', 'must be a list of path patterns');
      settings.size.exclude = size.exclude as string[];
    }
  }
  if (section.hooks !== undefined) {
    if (!isObject(section.hooks)) throw fail('.hooks', `must be an object, not ${describe(section.hooks)}`);
    const hooks = section.hooks;
    checkKeys(hooks, ['commitMsg', 'prePush'], '.hooks', fail);
    if (hooks.commitMsg !== undefined) {
      if (typeof hooks.commitMsg !== 'boolean')
        throw fail('.hooks.commitMsg', `must be true or false, not ${describe(hooks.commitMsg)}`);
      settings.hooks.commitMsg = hooks.commitMsg;
    }
    if (hooks.prePush !== undefined) {
      if (hooks.prePush !== 'off' && hooks.prePush !== 'warn' && hooks.prePush !== 'block') {
        throw fail('.hooks.prePush', `must be "off", "warn" or "block", not ${describe(hooks.prePush)}`);
      }
      settings.hooks.prePush = hooks.prePush;
    }
  }
  return settings;
}

function checkKeys(
  object: Record<string, unknown>,
  known: string[],
  prefix: string,
  fail: (key: string, problem: string) => Error,
): void {
  const unknown = Object.keys(object).find((key) => !known.includes(key));
  if (unknown) throw fail(`${prefix}.${unknown}`, `is not a setting (known: ${known.join(', ')})`);
}
