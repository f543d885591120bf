// amend: puts changes (staged, tracked, or all) or a new message into the current commit with git commit
// --amend (hooks run), then replays every commit above it onto the new version. Branches on the
// stack move with their commits, like `git rebase --update-refs`.
import { plural, shortHash } from '../format';
import type { Operation } from './context';
import { OperationError } from './errors';
import {
  effectiveStage,
  hasChanges,
  nothingTaken,
  stageTaken,
  requireHead,
  resolveDraft,
  restackPicks,
  type StageMode,
} from './common';
import { detachHead } from '../git/detachHead';

export interface AmendOptions {
  /** staged / all / auto (staged if any, else changes to tracked files); 'message' changes only the message. */
  stage?: StageMode | 'message';
  message?: string;
  noVerify?: boolean;
}

export interface AmendResult {
  old: string;
  hash: string;
  restacked: number;
}

export function amendOperation(options: AmendOptions): Operation<AmendResult> {
  const stage = options.stage ?? 'auto';
  return {
    op: 'amend',
    args: options,
    command: `amend${stage !== 'auto' ? ` --${stage}` : ''}${options.message !== undefined ? ' -m …' : ''}`,
    touchesIndex: true,
    async prepare({ state }) {
      const old = await resolveDraft(state, requireHead(state));
      if (stage === 'message' && options.message === undefined)
        throw new OperationError('bad-input', 'amend --message-only needs the new message: -m "…".');
      if (options.message !== undefined && options.message.trim() === '')
        throw new OperationError('bad-input', 'The commit message is empty.');
      const taken = stage === 'message' ? undefined : effectiveStage(state, stage);
      if (taken && !hasChanges(state, taken) && options.message === undefined) {
        throw new OperationError(
          'nothing-to-do',
          `${nothingTaken(state, taken, 'amend')} To change only the message, use -m "…".`,
        );
      }
      const picks = restackPicks(state, [old]);
      return async ({ git }) => {
        if (taken) await stageTaken(git, taken);
        // Detached first, so git moves only HEAD; the branch moves with the rest of the stack, in one step.
        if (state.head.ref) await detachHead(git, { at: old, expected: old, reason: 'stackline: amend' });
        const args = ['commit', '--quiet', '--amend', '--cleanup=strip'];
        if (options.message !== undefined) args.push('-m', options.message);
        else args.push('--no-edit');
        if (stage === 'message') args.push('--only');
        if (options.noVerify) args.push('--no-verify');
        await git.run(args);
        const hash = (await git.run(['rev-parse', 'HEAD'])).trim();
        return {
          plan: { seeds: new Map([[old, hash]]), picks },
          summary: (rewrites) => {
            const restacked = rewrites.size - 1;
            return `Amended ${shortHash(old)} → ${shortHash(hash)}${restacked > 0 ? `; restacked ${plural(restacked, 'commit')} above it` : ''}.`;
          },
          result: { old, hash, restacked: picks.length },
        };
      };
    },
  };
}
