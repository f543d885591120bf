// Reading git config values in one call, and git's own reading of booleans.
import type { GitRunner } from './runner';

/**
 * Every value of the keys matching `keys` (a `git config --get-regexp` pattern, lower-case keys),
 * by lower-case key, in git's order (the last one wins for single-valued keys). A key written
 * without `=` (`[core] untrackedCache`) reads as 'true', as git reads it.
 */
export async function readConfigValues(git: GitRunner, keys: string): Promise<Map<string, string[]>> {
  // Exit code 1 (no key set) comes back as undefined.
  const output = (await git.tryRun(['config', '-z', '--get-regexp', keys])) ?? '';
  const values = new Map<string, string[]>();
  for (const entry of output.split('\0')) {
    if (!entry) continue;
    const newline = entry.indexOf('\n');
    const key = (newline < 0 ? entry : entry.slice(0, newline)).toLowerCase();
    values.set(key, [...(values.get(key) ?? []), newline < 0 ? 'true' : entry.slice(newline + 1)]);
  }
  return values;
}

/** A config value as git reads a boolean; undefined when it is not one (a path, "keep"). */
export function gitBoolean(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const text = value.trim().toLowerCase();
  if (['true', 'yes', 'on'].includes(text)) return true;
  if (['false', 'no', 'off', ''].includes(text)) return false;
  if (/^-?\d+$/.test(text)) return Number(text) !== 0;
  return undefined;
}
