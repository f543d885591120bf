// absorb-into: puts working-copy changes (staged, or all) into an older commit of the current stack
// instead of the current one, then replays the commits above it. The changes are three-way merged
// into that commit (based on HEAD), so they must not depend on what later commits changed.
import { shortHash } from '../format';
import { writeIndexTree } from '../oplog/snapshot';
import type { Operation } from './context';
import { OperationError } from './errors';
import { committerNow, edited, effectiveStage, hasChanges, nothingTaken, plural, stageTaken, requireHead, resolveDraft, restackPicks, type StageMode } from './common';
import { descendants } from './state';

export interface AbsorbOptions {
  /** The older commit that takes the changes. */
  into: string;
  stage?: StageMode;
}

export function absorbIntoOperation(options: AbsorbOptions): Operation<{ old: string; hash: string }> {
  return {
    command: `absorb-into ${options.into}${options.stage && options.stage !== 'auto' ? ` --${options.stage}` : ''}`,
    touchesIndex: true,
    async prepare({ state, store }) {
      const head = requireHead(state);
      const target = await resolveDraft(state, options.into);
      if (target !== head && !descendants(state, [target]).includes(head)) {
        throw new OperationError('refused', `${shortHash(target)} is not below the current commit; absorb-into takes a commit of the current stack, under HEAD.`);
      }
      const stage = effectiveStage(state, options.stage ?? 'auto');
      if (!hasChanges(state, stage)) throw new OperationError('nothing-to-do', nothingTaken(state, stage, 'absorb'));
      const targetCommit = await store.commit(target);
      return async ({ git }) => {
        await stageTaken(git, stage);
        const index = await writeIndexTree(git);
        // Base HEAD: the changes (HEAD → index) applied to the target's tree.
        const [merged] = await store.mergeTrees([{ ours: store.syntheticSide(targetCommit.tree, head), theirs: store.syntheticSide(index, head) }]);
        if (!merged.clean) {
          throw new OperationError('refused', `The changes to ${merged.conflicts.join(', ')} build on later commits of the stack, so they can't go into ${shortHash(target)}. Amend them into a later commit instead. Nothing was changed.`);
        }
        const hash = store.writeCommit(edited(targetCommit, await committerNow(git), { tree: merged.tree }));
        return {
          plan: { seeds: new Map([[target, hash]]), picks: restackPicks(state, [target]), index },
          summary: (rewrites) => `Amended the changes into ${shortHash(target)} → ${shortHash(hash)}; ${plural(rewrites.size - 1, 'commit')} above it replayed.`,
          result: { old: target, hash },
        };
      };
    },
  };
}
