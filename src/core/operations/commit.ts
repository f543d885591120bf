// commit: a new commit on top of the current one, branch or no branch (git commit, hooks included).
import { shortHash } from '../format';
import type { Operation } from './context';
import { OperationError } from './errors';
import { effectiveStage, hasChanges, nothingTaken, stageTaken, type StageMode } from './common';

export interface CommitOptions {
  message: string;
  /** staged: what is staged; all: every change, new files included; auto: staged if any, else changes to tracked files. */
  stage?: StageMode;
  /** Skip the pre-commit and commit-msg hooks (git commit --no-verify). */
  noVerify?: boolean;
}

export function commitOperation(options: CommitOptions): Operation<{ hash: string }> {
  return {
    op: 'commit',
    args: options,
    command: `commit${options.stage && options.stage !== 'auto' ? ` --${options.stage}` : ''}`,
    touchesIndex: true,
    async prepare({ state }) {
      if (options.message.trim() === '')
        throw new OperationError('bad-input', 'The commit message is empty. Give one with -m "…".');
      const stage = effectiveStage(state, options.stage ?? 'auto');
      if (!hasChanges(state, stage)) throw new OperationError('nothing-to-do', nothingTaken(state, stage, 'commit'));
      return async ({ git }) => {
        await stageTaken(git, stage);
        await git.run([
          'commit',
          '--quiet',
          '--cleanup=strip',
          '-m',
          options.message,
          ...(options.noVerify ? ['--no-verify'] : []),
        ]);
        const hash = (await git.run(['rev-parse', 'HEAD'])).trim();
        const on = state.head.hash ? ` on top of ${shortHash(state.head.hash)}` : '';
        return {
          summary: () =>
            `Committed ${shortHash(hash)}${on}${state.head.ref ? ` (${state.head.ref.replace('refs/heads/', '')})` : ''}.`,
          result: { hash },
        };
      };
    },
  };
}
