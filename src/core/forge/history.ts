// The two history rewrites submit and land need, run as Stackline operations (runOperation): each
// holds the repository lock, is recorded in the operation log, and is undone with `stackline undo`.
import type { RepoLocation } from '../git/repository';
import type { GitRunner } from '../git/runner';
import { plural, shortHash } from '../format';
import { runOperation, type Operation } from '../operations';
import { committerNow, edited, restackPicks } from '../operations/common';
import type { Pick } from '../oplog/records';
import { topoOrder } from '../operations/state';
import type { Notice } from '../fix';
import { isAncestor } from '../git/isAncestor';

export interface HistoryOutcome {
  /** Old hash → new hash. */
  rewrites: Map<string, string>;
  /** Branches checked out in other worktrees that moved with their worktree, or were left. */
  notices: Notice[];
}

export interface HistoryTarget {
  git: GitRunner;
  location: RepoLocation;
  /** The stackline.trunk setting. */
  trunk?: string;
}

/**
 * Gives commits new messages (trees, authors and parents kept; the commits above are re-parented).
 * Submit uses it to add Stackline-Id trailers.
 */
export async function rewriteMessages(target: HistoryTarget, messages: Map<string, string>): Promise<HistoryOutcome> {
  const operation: Operation<null> = {
    op: 'submit',
    args: { commits: [...messages.keys()] },
    command: `submit: add Stackline-Id to ${plural(messages.size, 'commit')}`,
    async prepare({ state, store }) {
      const targets = topoOrder(state, [...messages.keys()]);
      return async (context) => {
        const committer = await committerNow(context.git);
        const seeds = new Map<string, string>();
        for (const old of targets) {
          const commit = await store.commit(old);
          const parents = commit.parents.map((p) => seeds.get(p) ?? p);
          // Bookkeeping, not an edit: the commit keeps its committer and date ("2 hours ago" stays).
          const own = commit.headers.find((h) => h.startsWith('committer '))?.slice('committer '.length) ?? committer;
          seeds.set(
            old,
            store.writeCommit(edited(commit, own, { parents, message: Buffer.from(messages.get(old)!, 'utf8') })),
          );
        }
        return {
          plan: { seeds, picks: restackPicks(state, targets, new Set(targets)) },
          summary: (rewrites) =>
            `Added a Stackline-Id trailer to ${targets.length} commit(s) for submit (${rewrites.size} rewritten).`,
          result: null,
        };
      };
    },
  };
  return runOperation({ git: target.git, repo: target.location, trunk: target.trunk }, operation);
}

/**
 * After a land: drops the landed commit (its change is on trunk now, squashed or rebased) and moves
 * what sat on it onto the new trunk tip (`git rebase --onto trunk landed`); branches on the landed
 * commit move to the trunk tip. A landed commit that trunk contains as it is (merge method) needs
 * nothing: the rest already stands on trunk.
 */
export async function dropLanded(target: HistoryTarget, landed: string, trunkTip: string): Promise<HistoryOutcome> {
  if (await isAncestor(target.git, { ancestor: landed, descendant: trunkTip }))
    return { rewrites: new Map(), notices: [] };
  const operation: Operation<null> = {
    op: 'land',
    args: { landed, onto: trunkTip },
    command: `land: drop ${shortHash(landed)}, move what was on it onto ${shortHash(trunkTip)}`,
    async prepare({ state }) {
      const picks: Pick[] = [
        { old: landed, parent: { commit: trunkTip }, drop: true },
        ...restackPicks(state, [landed]),
      ];
      return async () => ({
        plan: { seeds: new Map(), picks },
        summary: (rewrites) =>
          `Dropped the landed ${shortHash(landed)}; moved ${rewrites.size - 1} commit(s) onto ${shortHash(trunkTip)}.`,
        result: null,
      });
    },
  };
  return runOperation({ git: target.git, repo: target.location, trunk: target.trunk }, operation);
}
