// Whether submit keeps a GitHub native stack for a line, and which one it has now. Availability is
// asked once per repository (the stacks endpoint answers 404 where GitHub has none) and remembered
// in <common dir>/stackline/github.json; a "not available" is asked again after a day.
import { ForgeError } from './errors';
import type { ForgeSession } from './session';
import type { NativeStacksSetting } from './settings';
import { readStateFile, writeStateFile } from './stateFile';
import type { NativeStack, RepoRef } from './types';

const RECHECK_MS = 24 * 60 * 60 * 1000;

type Remembered = Record<string, { nativeStacks: boolean; checkedAt: string }>;

const FILE = 'github.json';

function read(commonDir: string): Remembered {
  return readStateFile<Remembered>(commonDir, FILE);
}

const keyOf = (repo: RepoRef) => `${repo.owner}/${repo.name}`.toLowerCase();

export function rememberNativeStacks(commonDir: string, repo: RepoRef, available: boolean): void {
  const all = read(commonDir);
  all[keyOf(repo)] = { nativeStacks: available, checkedAt: new Date().toISOString() };
  writeStateFile(commonDir, FILE, all);
}

/** What was remembered, unless it is a "no" old enough to ask again. */
export function remembered(commonDir: string, repo: RepoRef): boolean | undefined {
  const entry = read(commonDir)[keyOf(repo)];
  if (!entry) return undefined;
  if (!entry.nativeStacks && Date.now() - Date.parse(entry.checkedAt) > RECHECK_MS) return undefined;
  return entry.nativeStacks;
}

/** The line's native stack as GitHub has it now; `stack` unset when none of its PRs is in one. */
export interface NativeStackReading {
  stack?: NativeStack;
}

/**
 * Reads the native stack of a line whose PRs (bottom first) are `numbers` (undefined: no PR yet).
 * Undefined when submit keeps none: the setting is off, the repository has none, PRs come from a
 * fork, or the local stack forks.
 */
export async function readNativeStack(
  session: ForgeSession,
  commonDir: string,
  setting: NativeStacksSetting,
  numbers: (number | undefined)[],
  shape: { fork: boolean; forkedStack: boolean },
): Promise<NativeStackReading | undefined> {
  if (setting === 'off' || shape.fork || shape.forkedStack) return undefined;
  const repo = session.forge.repo;
  // "on" asks again rather than trust a remembered "no": GitHub may have turned them on since.
  let available = remembered(commonDir, repo);
  if (available === undefined || (!available && setting === 'on')) {
    available = await session.forge.nativeStacksAvailable();
    rememberNativeStacks(commonDir, repo, available);
  }
  if (!available) {
    if (setting === 'on') throw notAvailable(repo);
    return undefined;
  }
  // The first PR of the line that is in a native stack names the stack: usually the first one asked.
  for (const number of numbers) {
    if (number === undefined) continue;
    try {
      const stack = await session.forge.nativeStackOf(number);
      if (stack) return { stack };
    } catch (error) {
      if (!(error instanceof ForgeError && error.kind === 'not-found')) throw error;
      rememberNativeStacks(commonDir, repo, false);
      if (setting === 'on') throw notAvailable(repo);
      return undefined;
    }
  }
  return {};
}

function notAvailable(repo: RepoRef): ForgeError {
  return new ForgeError(
    'config',
    `GitHub has no native stacks on ${repo.owner}/${repo.name} (its stacks endpoint answers 404), and stackline.github.nativeStacks is on. Set it to auto to submit without them.`,
  );
}
