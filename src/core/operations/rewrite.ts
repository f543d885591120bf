// Replays commits onto new parents without touching the work tree (like `git rebase`, in memory).
// Each replay is a three-way merge in `git merge-tree`: base the old parent, one side the new
// parent, the other the commit. Replays are batched so a whole stack costs a few git calls:
//  1. every pending commit is merged against the nearest ancestor whose new version is known
//     (exact for a commit whose new parent is known, a guess for the others);
//  2. each guessed commit is merged again on its parent's guessed tree. When a parent's guess was
//     exact, that second merge is exactly the replay of the child.
// A wrong guess only costs another round. Commits whose parent keeps its tree are re-parented
// without a merge.
import { shortHash } from '../format';
import { OperationError } from './errors';
import type { Pick } from '../oplog/records';
import { withoutSignature, type MergeResult, type ObjectStore } from './objects';

export interface RewriteResult {
  /** Old commit → new commit; picks that did not need to change map to themselves. */
  mapping: Map<string, string>;
  /** Picks dropped as empty; each maps to the commit that took its place (its new parent). */
  dropped: Set<string>;
}

export class RewriteConflict extends Error {
  constructor(
    /** The commit that did not replay cleanly. */
    readonly at: string,
    readonly files: string[],
  ) {
    super(`Replaying ${shortHash(at)} conflicts in ${files.join(', ')}.`);
  }
}

/** Replays `picks` (parents before children), given commits already rewritten (`seeds`: old → new). */
export async function replay(store: ObjectStore, seeds: Map<string, string>, picks: Pick[]): Promise<RewriteResult> {
  const mapping = new Map(seeds);
  const dropped = new Set<string>();
  const targets = picks.map((p) => ('commit' in p.parent ? p.parent.commit : p.parent.rewrittenFrom));
  const olds = await store.read([...picks.map((p) => p.old), ...targets, ...seeds.keys(), ...seeds.values()]);
  // Only replayed commits need one parent: a destination may be a merge (trunk on merge-method repos).
  for (const { old } of picks) {
    const { parents } = olds.get(old)!;
    if (parents.length !== 1) {
      throw new OperationError(
        'refused',
        `${shortHash(old)} is a ${parents.length === 0 ? 'root' : 'merge'} commit in the part that would be rewritten; Stackline only replays commits with one parent. Use git rebase --rebase-merges for this one.`,
      );
    }
  }
  const oldParent = (hash: string) => olds.get(hash)!.parents[0];
  await store.read(picks.map((p) => oldParent(p.old)));
  const tree = (hash: string) => store.known(hash).tree;

  const byOld = new Map(picks.map((p) => [p.old, p]));
  const isPending = (hash: string) => byOld.has(hash) && !mapping.has(hash);
  /** The pending pick whose new version will be this pick's new parent. */
  const pendingSource = (pick: Pick) =>
    'rewrittenFrom' in pick.parent && isPending(pick.parent.rewrittenFrom) ? pick.parent.rewrittenFrom : undefined;
  /** The new parent, once known. */
  const newParent = (pick: Pick): string | undefined => {
    if ('commit' in pick.parent) return pick.parent.commit;
    const from = pick.parent.rewrittenFrom;
    return isPending(from) ? undefined : (mapping.get(from) ?? from);
  };
  const finish = (pick: Pick, parent: string, newTree: string) => {
    const old = olds.get(pick.old)!;
    if (pick.dropIfEmpty && newTree === tree(parent) && old.tree !== tree(old.parents[0])) {
      dropped.add(pick.old);
      mapping.set(pick.old, parent);
    } else {
      mapping.set(
        pick.old,
        store.writeCommit({
          tree: newTree,
          parents: [parent],
          headers: withoutSignature(old.headers),
          message: old.message,
        }),
      );
    }
  };

  for (;;) {
    // Commits whose new parent is known and needs no merge, in order (a parent resolved here frees its children).
    for (const pick of picks) {
      if (!isPending(pick.old)) continue;
      const parent = newParent(pick);
      if (parent === undefined) continue;
      if (pick.drop) {
        dropped.add(pick.old);
        mapping.set(pick.old, parent);
      } else if (parent === oldParent(pick.old)) mapping.set(pick.old, pick.old);
      else if (tree(parent) === tree(oldParent(pick.old))) finish(pick, parent, olds.get(pick.old)!.tree);
    }
    const pending = picks.filter((p) => isPending(p.old));
    if (pending.length === 0) break;
    if (pending.every((pick) => pendingSource(pick) !== undefined))
      throw new Error('Stackline rewrite plan has a cycle: every pending commit waits for another.');

    // Round 1: merge against the nearest pick (following new parents) whose new parent is known.
    const anchors = pending.map((pick) => {
      let first = pick;
      for (let source = pendingSource(first); source; source = pendingSource(first)) first = byOld.get(source)!;
      return { base: oldParent(first.old), onto: newParent(first)! };
    });
    const round1 = await store.mergeTrees(
      pending.map((pick, i) => ({
        ours: store.syntheticSide(tree(anchors[i].onto), anchors[i].base),
        theirs: pick.old,
      })),
    );
    const guess = new Map(pending.map((pick, i) => [pick.old, round1[i]]));

    // Round 2: merge each pick whose new parent is pending onto that parent's guessed tree.
    const checkable = pending.filter((pick) => {
      const source = pendingSource(pick);
      return source !== undefined && guess.get(source)!.clean;
    });
    const round2 = await store.mergeTrees(
      checkable.map((pick) => ({
        ours: store.syntheticSide(guess.get(pendingSource(pick)!)!.tree, oldParent(pick.old)),
        theirs: pick.old,
      })),
    );
    const check = new Map(checkable.map((pick, i) => [pick.old, round2[i]]));

    // Accept in order: round 1 is exact for a pick whose new parent was known; round 2 is exact for
    // a pick whose new parent came out exactly as guessed.
    const sources = new Map(pending.map((pick) => [pick.old, pendingSource(pick)]));
    const exactTree = new Map<string, string>();
    for (const pick of pending) {
      const source = sources.get(pick.old);
      let result: MergeResult | undefined;
      if (source === undefined) result = guess.get(pick.old);
      else if (exactTree.has(source) && exactTree.get(source) === guess.get(source)!.tree) result = check.get(pick.old);
      if (!result) continue;
      if (!result.clean) throw new RewriteConflict(pick.old, result.conflicts);
      exactTree.set(pick.old, result.tree);
      finish(pick, newParent(pick)!, result.tree);
    }
  }
  await store.flush();
  return { mapping, dropped };
}
