// fold: a run of adjacent commits becomes one (the top's tree on the bottom's parent, messages
// joined, the bottom's author). Commits above are re-parented; branches on the folded commits move
// to the result.
import { plural, shortHash } from '../format';
import type { Operation } from './context';
import { OperationError } from './errors';
import { commitMessage, committerNow, edited, requireHead, resolveDraft, restackPicks } from './common';
import type { RepoState } from './state';

export interface FoldOptions {
  /** One end of the run (its bottom or top). */
  from: string;
  /** The other end; default HEAD. */
  to?: string;
  /** The folded commit's message; default: the folded messages joined. */
  message?: string;
  noVerify?: boolean;
}

export function foldOperation(options: FoldOptions): Operation<{ folded: string[]; hash: string }> {
  return {
    op: 'fold',
    args: options,
    command: `fold ${options.from} ${options.to ?? 'HEAD'}`,
    async prepare({ state, store }) {
      const a = await resolveDraft(state, options.from);
      const b = await resolveDraft(state, options.to ?? requireHead(state));
      const range = linearRange(state, a, b) ?? linearRange(state, b, a);
      if (!range)
        throw new OperationError(
          'refused',
          `${shortHash(a)} and ${shortHash(b)} are not in one line of a stack: fold takes adjacent commits, one on top of the other.`,
        );
      if (range.length < 2) throw new OperationError('nothing-to-do', 'Fold needs at least two commits.');
      const commits = await store.read(range);
      const bottom = commits.get(range[0])!;
      const top = commits.get(range.at(-1)!)!;
      return async (context) => {
        const message =
          options.message !== undefined
            ? await commitMessage(context, options.message, !options.noVerify)
            : Buffer.concat(
                range.map((hash, i) =>
                  Buffer.concat([
                    i > 0 ? Buffer.from('\n') : Buffer.alloc(0),
                    trimEnd(commits.get(hash)!.message),
                    Buffer.from('\n'),
                  ]),
                ),
              );
        const hash = store.writeCommit(edited(bottom, await committerNow(context.git), { tree: top.tree, message }));
        const folded = new Set(range);
        return {
          plan: { seeds: new Map(range.map((old) => [old, hash])), picks: restackPicks(state, range, folded) },
          summary: () => `Folded ${plural(range.length, 'commit')} into ${shortHash(hash)}.`,
          result: { folded: range, hash },
        };
      };
    },
  };
}

/** bottom … top following first parents down from top, when bottom is reached; merges end it. */
function linearRange(state: RepoState, bottom: string, top: string): string[] | undefined {
  const range = [top];
  let current = top;
  while (current !== bottom) {
    const parents = state.parents.get(current);
    if (!parents || parents.length !== 1 || !state.parents.has(parents[0])) return undefined;
    current = parents[0];
    range.unshift(current);
  }
  return range.every((hash) => state.parents.get(hash)?.length === 1) ? range : undefined;
}

function trimEnd(message: Buffer): Buffer {
  let end = message.length;
  while (end > 0 && (message[end - 1] === 0x0a || message[end - 1] === 0x20)) end--;
  return message.subarray(0, end);
}
