// Which ref trunk will turn out to be, guessed before `for-each-ref` answers, so that the draft log
// can run beside it instead of after it (one round of git calls fewer). A guess is only ever a
// head start: the build checks it against the refs and runs the log again when it was wrong.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RepoLocation } from '../git/repository';

export interface TrunkGuess {
  /** Full ref name, e.g. refs/remotes/origin/main. */
  trunk: string;
  /** Local branches (short names) to leave out of the draft log: trunk had them last time. */
  merged: string[];
}

/** What the last build of each repository (and trunk setting) found. */
const known = new Map<string, TrunkGuess>();

function key(repo: RepoLocation, setting: string | undefined): string {
  return `${repo.commonDir}\0${setting ?? ''}`;
}

/**
 * The trunk ref the last build here found; on a first build, what origin/HEAD names (a symbolic
 * ref is a small file in the git folder: reading it costs no git call) or the setting's likeliest
 * meaning. Undefined when there is nothing to go on.
 */
export function guessTrunk(repo: RepoLocation, setting: string | undefined): TrunkGuess | undefined {
  const last = known.get(key(repo, setting));
  if (last) return last;
  if (repo.isShallow) return undefined;
  const wanted = setting?.trim();
  if (wanted) {
    if (wanted.startsWith('refs/')) return { trunk: wanted, merged: [] };
    return { trunk: wanted.includes('/') ? `refs/remotes/${wanted}` : `refs/heads/${wanted}`, merged: [] };
  }
  try {
    const symref = /^ref: (refs\/remotes\/origin\/\S+)\s*$/.exec(
      readFileSync(join(repo.commonDir, 'refs', 'remotes', 'origin', 'HEAD'), 'utf8'),
    );
    return symref ? { trunk: symref[1], merged: [] } : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps what this build found for the next one's guess. */
export function rememberTrunk(repo: RepoLocation, setting: string | undefined, trunk: string, merged: string[]): void {
  known.set(key(repo, setting), { trunk, merged });
}

/** Forgets every guess (benches measure a first build with nothing known). */
export function forgetTrunkGuesses(): void {
  known.clear();
}
