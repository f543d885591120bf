// Turning on the accelerators someone chose, and nothing else: each runs its own git commands
// (local config, the commit-graph written now; `git maintenance start` alone writes global config).
import type { Fix } from '../fix';
import { GitError } from '../git/errors';
import type { RepoLocation } from '../git/repository';
import type { GitRunner } from '../git/runner';
import { detectAccelerators, type Accelerator, type AcceleratorId } from './accelerators';

export type TurnOnOutcome = 'turned-on' | 'already-on' | 'unavailable' | 'failed';

export interface TurnOnResult {
  id: AcceleratorId;
  title: string;
  outcome: TurnOnOutcome;
  /** Why it was unavailable, or what git said when a command failed. */
  why?: string;
  /** The way out of an unavailable one, when there is one. */
  fix?: Fix;
  /** The commands that ran (arguments after `git`). */
  ran: string[][];
}

export interface TurnOnOptions {
  /** Called before each accelerator's commands run (for progress). */
  onStart?(accelerator: Accelerator): void;
}

/**
 * Turns on each chosen accelerator that is off, in the order shown, and says what happened to
 * each. A failure leaves the others to run: they are independent settings.
 */
export async function turnOnAccelerators(
  git: GitRunner,
  location: RepoLocation,
  chosen: readonly AcceleratorId[],
  options: TurnOnOptions = {},
): Promise<TurnOnResult[]> {
  const results: TurnOnResult[] = [];
  for (const accelerator of await detectAccelerators(git, location)) {
    if (!chosen.includes(accelerator.id)) continue;
    const result = { id: accelerator.id, title: accelerator.title };
    if (accelerator.state !== 'off') {
      results.push({
        ...result,
        outcome: accelerator.state === 'on' ? 'already-on' : 'unavailable',
        ...(accelerator.why && accelerator.state === 'unavailable' ? { why: accelerator.why } : {}),
        ...(accelerator.fix ? { fix: accelerator.fix } : {}),
        ran: [],
      });
      continue;
    }
    options.onStart?.(accelerator);
    const ran: string[][] = [];
    try {
      for (const args of accelerator.turnOn) {
        ran.push(args);
        await git.exec(args);
      }
      results.push({ ...result, outcome: 'turned-on', ran });
    } catch (error) {
      // A command git refused (or a lock held too long) fails this item; a missing git, a cancel, all of them.
      if (!(error instanceof GitError) || (error.kind !== 'failed' && error.kind !== 'locked')) throw error;
      results.push({ ...result, outcome: 'failed', why: error.message, ran });
    }
  }
  return results;
}
