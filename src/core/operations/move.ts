// move: a commit and everything above it onto another commit (`git rebase -s <commit> -d <dest>`),
// computed in memory; branches on the moved commits go with them. The graph's drag and drop calls
// previewMove (preview.ts) while dragging and this on drop.
import { plural, shortHash } from '../format';
import type { Operation } from './context';
import { OperationError } from './errors';
import { resolveDraft, restackPicks } from './common';
import { descendants, requireCommit } from './state';

export interface MoveOptions {
  /** The bottom commit to move; its descendants come along. */
  source: string;
  /** The commit it lands on. */
  destination: string;
}

export interface MoveResult {
  source: string;
  destination: string;
}

export function moveOperation(options: MoveOptions): Operation<MoveResult> {
  return {
    op: 'move',
    args: options,
    command: `move ${options.source} --onto ${options.destination}`,
    async prepare({ state }) {
      const source = await resolveDraft(state, options.source);
      const destination = await requireCommit(state.git, options.destination);
      const above = descendants(state, [source]);
      if (destination === source || above.includes(destination)) {
        throw new OperationError(
          'refused',
          `Can't move ${shortHash(source)} onto ${shortHash(destination)}: that commit is part of what moves (it is ${destination === source ? 'the commit itself' : 'above it'}).`,
        );
      }
      const parents = state.parents.get(source)!;
      if (parents.length === 1 && parents[0] === destination) {
        throw new OperationError('nothing-to-do', `${shortHash(source)} is already on ${shortHash(destination)}.`);
      }
      return async () => ({
        plan: {
          seeds: new Map(),
          picks: [{ old: source, parent: { commit: destination } }, ...restackPicks(state, [source])],
        },
        summary: (rewrites) =>
          `Moved ${plural(rewrites.size, 'commit')} (${shortHash(source)} and above) onto ${shortHash(destination)}.`,
        result: { source, destination },
      });
    },
  };
}
