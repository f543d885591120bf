// absorb: each hunk of the working copy goes into the draft commit that last changed its lines (see
// absorbPlan.ts), the rest stays. Every commit from the lowest target up to HEAD gets the hunks that
// reach it, placed where the plan found them: no merges, so the stack keeps its content exactly and
// HEAD's new tree is the old one plus the absorbed hunks. The work tree is not touched; commits off
// that line (other branches, commits above HEAD) are replayed as after any rewrite. A commit whose
// changes the hunks undo entirely is kept, empty, and the summary says so.
import type { Fix } from '../fix';
import { plural, shortHash } from '../format';
import type { Operation } from './context';
import { OperationError } from './errors';
import { committerNow, edited, requireHead, restackPicks } from './common';
import { planAbsorb, STAY_REASONS, type AbsorbPlan, type AbsorbRow, type PlacedHunk } from './absorbPlan';
import { splitLines } from './hunks';
import { titleOf, type ObjectStore } from './objects';
import { replay, RewriteConflict } from './rewrite';
import type { RepoState } from './state';
import { foldersOf, readObjects, replaceBlobs, type GitObject } from './treeEdit';

export interface AbsorbTarget {
  /** The commit that took hunks, before and after. */
  old: string;
  hash: string;
  title: string;
  hunks: number;
  paths: string[];
}

export interface AbsorbResult {
  rows: AbsorbRow[];
  targets: AbsorbTarget[];
  /** New commits left with no changes: the absorbed hunks undid everything they did. */
  emptied: string[];
}

export function absorbOperation(): Operation<AbsorbResult> {
  return {
    op: 'absorb',
    args: {},
    command: 'absorb',
    touchesIndex: true,
    async prepare({ state, store }) {
      requireHead(state);
      const plan = await planAbsorb(state, store);
      if (plan.rows.length === 0) throw new OperationError('nothing-to-do', 'There are no changes to absorb.');
      if (plan.placed.length === 0) throw new OperationError('nothing-to-do', nothingAbsorbed(plan.rows), '', [COMMIT]);
      return async ({ git }) => {
        const { commits, index, emptied } = await rewriteStack(state, store, plan, await committerNow(git));
        const chain = [...commits.keys()];
        const picks = restackPicks(state, chain, new Set(chain));
        if (picks.length > 0) await refuseConflictsAbove(store, commits, picks);
        const targets = targetsOf(plan, commits);
        const stays = plan.rows.filter((row) => row.stays).length;
        return {
          plan: { seeds: commits, picks, index },
          summary: (rewrites) => {
            const restacked = rewrites.size - targets.length;
            return [
              `Absorbed ${plural(plan.placed.length, 'hunk')} into ${plural(targets.length, 'commit')}`,
              restacked > 0 ? `; restacked ${plural(restacked, 'commit')}` : '',
              stays > 0 ? `; ${plural(stays, 'change')} stayed in the working copy` : '',
              '.',
            ].join('');
          },
          notices: emptied.map((old) => {
            const short = shortHash(commits.get(old)!);
            return {
              message: `${short} "${titleOf(store.known(old))}" is now empty: hide it, or keep it.`,
              fix: { label: `Hide ${short}`, cli: `stackline hide ${short}` },
            };
          }),
          result: { rows: plan.rows, targets, emptied: emptied.map((old) => commits.get(old)!) },
        };
      };
    },
  };
}

/** A new commit with the changes (git's own commit in a terminal, the message editor in VS Code). */
const COMMIT: Fix = { label: 'Commit…', cli: 'git commit', command: 'stackline.commit' };

function nothingAbsorbed(rows: AbsorbRow[]): string {
  const reasons = [...new Set(rows.map((row) => STAY_REASONS[row.stays!]))];
  const which = rows.length === 1 ? "The change can't" : `None of the ${rows.length} changes can`;
  return `${which} be absorbed (${reasons.join('; ')}). Commit them, or amend them into a commit of your choice.`;
}

/**
 * New versions of the commits from the lowest target up to HEAD (old → new, bottom first), each with
 * the hunks absorbed at or below it; and the index to leave: files that were fully staged keep their
 * staged content (the working copy's), the others get HEAD's new version (what stays is unstaged).
 */
async function rewriteStack(
  state: RepoState,
  store: ObjectStore,
  plan: AbsorbPlan,
  committer: string,
): Promise<{ commits: Map<string, string>; index: string; emptied: string[] }> {
  const lowest = Math.max(...plan.placed.map((p) => p.target));
  const chain = plan.stack.slice(0, lowest + 1);
  /** The hunks that commit `i` of the stack gets, by path. */
  const hunksAt = (i: number) => {
    const byPath = new Map<string, { hunk: PlacedHunk; at: number }[]>();
    for (const placed of plan.placed) {
      if (placed.target < i) continue;
      byPath.set(placed.path, [...(byPath.get(placed.path) ?? []), { hunk: placed, at: placed.positions[i] }]);
    }
    return byPath;
  };
  const indexTree = await state.indexTree();
  const paths = [...new Set(plan.placed.map((p) => p.path))];
  const specs = [
    ...chain.flatMap((hash, i) =>
      [...hunksAt(i).keys()].flatMap((path) => [`${hash}:${path}`, ...treeSpecs(hash, path)]),
    ),
    ...paths.flatMap((path) => treeSpecs(indexTree, path)),
  ];
  const objects = await readObjects(state.git, specs);
  const object = (spec: string): GitObject => {
    const found = objects.get(spec);
    if (!found) throw new Error(`absorb: git could not read ${spec}.`);
    return found;
  };

  const trees = chain.map((hash, i) => {
    const edits = new Map<string, string>();
    for (const [path, hunks] of hunksAt(i)) {
      const lines = splitLines(object(`${hash}:${path}`).content.toString('latin1'));
      // Bottom first, so the positions above stay valid.
      for (const { hunk, at } of hunks.sort((a, b) => b.at - a.at)) {
        const found = lines.slice(at, at + hunk.hunk.removed.length);
        if (found.join('') !== hunk.hunk.removed.join(''))
          throw new Error(`absorb: ${path} in ${shortHash(hash)} does not have the hunk's lines at line ${at + 1}.`);
        lines.splice(at, hunk.hunk.removed.length, ...hunk.hunk.added);
      }
      edits.set(path, store.write('blob', Buffer.from(lines.join(''), 'latin1')));
    }
    return { edits, tree: replaceBlobs(store, object(`${hash}:`), edits, (folder) => object(`${hash}:${folder}`)) };
  });

  const olds = await store.read(chain);
  const base = olds.get(chain.at(-1)!)!.parents;
  const commits = new Map<string, string>();
  const emptied: string[] = [];
  let parent = { parents: base, tree: base.length > 0 ? (await store.commit(base[0])).tree : undefined };
  for (let i = chain.length - 1; i >= 0; i--) {
    const { tree } = trees[i];
    // The hunks undo all the commit did: it stays, empty, for people to hide or keep.
    if (tree === parent.tree && olds.get(chain[i])!.tree !== tree) emptied.push(chain[i]);
    const hash = store.writeCommit(edited(olds.get(chain[i])!, committer, { tree, parents: parent.parents }));
    commits.set(chain[i], hash);
    parent = { parents: [hash], tree };
  }

  const headEdits = trees[0].edits;
  const staged = new Map(state.status.files.map((f) => [f.path, f.kinds]));
  const indexEdits = new Map(
    [...headEdits].filter(([path]) => {
      const kinds = staged.get(path) ?? [];
      return !(kinds.includes('staged') && !kinds.includes('modified'));
    }),
  );
  const index = replaceBlobs(store, object(`${indexTree}:`), indexEdits, (folder) => object(`${indexTree}:${folder}`));
  return { commits, index, emptied };
}

/** The trees a path's blob sits in: `<rev>:`, `<rev>:dir`, … */
function treeSpecs(rev: string, path: string): string[] {
  return foldersOf(path).map((folder) => `${rev}:${folder}`);
}

/** Commits off the rewritten line that would not replay cleanly: refused before anything changes. */
async function refuseConflictsAbove(
  store: ObjectStore,
  seeds: Map<string, string>,
  picks: Parameters<typeof replay>[2],
): Promise<void> {
  try {
    await replay(store, seeds, picks);
  } catch (error) {
    if (!(error instanceof RewriteConflict)) throw error;
    throw new OperationError(
      'refused',
      `Absorbing would make ${shortHash(error.at)} (above the absorbed commits) conflict in ${error.files.join(', ')}. Go to the top of that stack and absorb there, or amend by hand.`,
      '',
      [{ label: `Go to ${shortHash(error.at)}`, cli: `stackline goto ${shortHash(error.at)}` }],
    );
  }
}

function targetsOf(plan: AbsorbPlan, commits: Map<string, string>): AbsorbTarget[] {
  const out = new Map<string, AbsorbTarget>();
  for (const row of plan.rows) {
    if (!row.target) continue;
    const old = row.target.hash;
    const target = out.get(old) ?? { old, hash: commits.get(old)!, title: row.target.title, hunks: 0, paths: [] };
    target.hunks++;
    if (!target.paths.includes(row.path)) target.paths.push(row.path);
    out.set(old, target);
  }
  // Bottom of the stack first, as the smartlog reads upward.
  return [...out.values()].sort((a, b) => plan.stack.indexOf(b.old) - plan.stack.indexOf(a.old));
}
