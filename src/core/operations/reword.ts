// reword: a new message for any commit of a stack (the commit-msg hook runs on it, as with git
// commit); the commits above it are re-parented, their trees unchanged.
import { shortHash } from '../format';
import type { Operation } from './context';
import { commitMessage, committerNow, edited, requireHead, resolveDraft, restackPicks } from './common';

export interface RewordOptions {
  rev?: string;
  message: string;
  noVerify?: boolean;
}

export function rewordOperation(options: RewordOptions): Operation<{ old: string; hash: string }> {
  return {
    op: 'reword',
    args: options,
    command: `reword ${options.rev ?? 'HEAD'}`,
    async prepare({ state, store }) {
      const old = await resolveDraft(state, options.rev ?? requireHead(state));
      const commit = await store.commit(old);
      return async (context) => {
        const message = await commitMessage(context, options.message, !options.noVerify);
        const hash = store.writeCommit(edited(commit, await committerNow(context.git), { message }));
        return {
          plan: { seeds: new Map([[old, hash]]), picks: restackPicks(state, [old]) },
          summary: (rewrites) =>
            `Reworded ${shortHash(old)} → ${shortHash(hash)}${rewrites.size > 1 ? `; ${rewrites.size - 1} commit${rewrites.size === 2 ? '' : 's'} above it re-parented` : ''}.`,
          result: { old, hash },
        };
      };
    },
  };
}
