// Merging through GitHub's asynchronous merge (the one way to merge a PR of a native stack, and it
// merges every PR below it too): ask, then follow the result until it is merged, enqueued in a merge
// queue, or failed with GitHub's reason.
import { ForgeError } from './errors';
import type { Forge, MergeAsyncResult, MergeMethod } from './types';

/** GitHub answered that the merge failed (or a merge queue dropped the PR); `reason` is GitHub's message. */
export class MergeFailedError extends ForgeError {
  constructor(
    readonly number: number,
    readonly reason: string,
  ) {
    super(
      'conflict',
      `GitHub did not merge #${number}: ${reason.replace(/\.$/, '')}. Fix that on GitHub, then land again.`,
    );
  }
}

export interface FollowOptions {
  log?: (line: string) => void;
  /** Waits between result reads, in ms; GitHub merges in seconds. */
  waits?: number[];
}

const WAITS = [250, 500, 1000, 2000, 3000, 5000];
const GIVE_UP_MS = 10 * 60 * 1000;

/** Merges `number` (and what is below it in its native stack); resolves once merged or enqueued, throws when it fails. */
export async function mergeAndFollow(
  forge: Forge,
  number: number,
  method: MergeMethod,
  sha: string,
  options: FollowOptions = {},
): Promise<MergeAsyncResult & { status: 'merged' | 'enqueued' }> {
  const waits = options.waits ?? WAITS;
  let result = await forge.mergeAsync(number, method, sha);
  const uuid = result.uuid;
  let waited = 0;
  for (let i = 0; result.status === 'pending'; i++) {
    if (!result.uuid) throw new MergeFailedError(number, 'GitHub gave no id to follow the merge by');
    if (waited > GIVE_UP_MS)
      throw new ForgeError(
        'server',
        `GitHub is still merging #${number} after ${Math.round(waited / 60000)} minutes. Look at the PR on GitHub; land again once it is merged.`,
      );
    const wait = waits[Math.min(i, waits.length - 1)];
    await new Promise((resolve) => setTimeout(resolve, wait));
    waited += wait;
    result = await forge.mergeAsyncResult(number, result.uuid);
  }
  if (result.status === 'failed') throw new MergeFailedError(number, result.message);
  options.log?.(result.status === 'merged' ? `Merged #${number}.` : `#${number} is in the merge queue.`);
  // The id stays the way to ask about an enqueued merge later (merged, or why the queue dropped it).
  return { ...result, uuid: result.uuid ?? uuid } as MergeAsyncResult & { status: 'merged' | 'enqueued' };
}
