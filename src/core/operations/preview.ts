// Predicted results, worked out on the smartlog alone (no git calls), for UIs to show while an
// operation runs or before it is chosen: the graph's drag and drop asks previewMove on every hover
// and shows predictMove's smartlog; the tree shows the predicted rows while the move runs.
import { shortHash } from '../format';
import type { Smartlog, SmartlogCommit } from '../smartlog/model';
import { reshaped } from './predict';

export type MovePreview =
  | {
      ok: true;
      source: string;
      destination: string;
      /** The commits that move, bottom (source) first; each keeps its parent except source. */
      moving: SmartlogCommit[];
      /** Local branches that move with them. */
      branches: string[];
      /** "Move 3 commits (abc… and above) onto def…". */
      description: string;
    }
  | { ok: false; reason: string };

export function previewMove(smartlog: Smartlog, source: string, destination: string): MovePreview {
  const byHash = new Map(smartlog.commits.map((c) => [c.hash, c]));
  const from = byHash.get(source);
  if (!from) return { ok: false, reason: `${shortHash(source)} is not in the smartlog.` };
  if (from.phase === 'public')
    return { ok: false, reason: `${shortHash(source)} is on trunk: Stackline never rewrites public commits.` };
  if (from.parents.length !== 1)
    return { ok: false, reason: `${shortHash(source)} is a merge commit; only commits with one parent move.` };
  const moving = [from];
  const inMove = new Set([source]);
  for (let i = 0; i < moving.length; i++) {
    for (const child of smartlog.commits) {
      if (child.phase === 'draft' && !inMove.has(child.hash) && child.parents.includes(moving[i].hash)) {
        inMove.add(child.hash);
        moving.push(child);
      }
    }
  }
  if (inMove.has(destination))
    return {
      ok: false,
      reason: `Can't move ${shortHash(source)} onto ${destination === source ? 'itself' : 'a commit above it'}.`,
    };
  if (from.parents[0] === destination)
    return { ok: false, reason: `${shortHash(source)} is already on ${shortHash(destination)}.` };
  const branches = moving.flatMap((c) => c.branches.filter((b) => !b.remote).map((b) => b.name));
  const count = moving.length === 1 ? '1 commit' : `${moving.length} commits`;
  return {
    ok: true,
    source,
    destination,
    moving,
    branches,
    description: `Move ${count} (${shortHash(source)}${moving.length > 1 ? ' and above' : ''}) onto ${shortHash(destination)}${branches.length ? `, with ${branches.join(', ')}` : ''}`,
  };
}

/**
 * The smartlog as it will look after the move (moved commits keep their hashes, marked rewriting;
 * their new hashes are only known once it has run). Undefined when the destination is not in the smartlog.
 */
export function predictMove(smartlog: Smartlog, preview: Extract<MovePreview, { ok: true }>): Smartlog | undefined {
  if (!smartlog.commits.some((c) => c.hash === preview.destination)) return undefined;
  const moving = new Set(preview.moving.map((c) => c.hash));
  const commits = smartlog.commits.map((c) => ({
    ...c,
    ...(c.hash === preview.source ? { parents: [preview.destination] } : {}),
    ...(moving.has(c.hash) ? { rewriting: true } : {}),
  }));
  return reshaped(smartlog, new Map(commits.map((c) => [c.hash, c])));
}

export type ChangesPreview = { ok: true; description: string } | { ok: false; reason: string };

/**
 * What dropping Uncommitted changes (all of them, or one file: `path`) on a commit would do: put
 * them into it with absorb-into, restacking what is above. Only a draft at or under HEAD takes them.
 */
export function previewAbsorbInto(smartlog: Smartlog, destination: string, path?: string): ChangesPreview {
  const target = smartlog.commits.find((c) => c.hash === destination);
  if (!target) return { ok: false, reason: `${shortHash(destination)} is not in the smartlog.` };
  if (target.phase === 'public')
    return {
      ok: false,
      reason: `${shortHash(destination)} is on trunk: Stackline never rewrites public commits. Drop the changes on a draft commit.`,
    };
  const files = smartlog.uncommitted.files;
  if (files.length === 0) return { ok: false, reason: 'There are no uncommitted changes.' };
  const taken = path === undefined ? files : files.filter((f) => f.path === path);
  if (taken.length === 0) return { ok: false, reason: `${path} has no uncommitted changes any more.` };
  const conflicted = taken.filter((f) => f.kinds.includes('conflicted')).map((f) => f.path);
  if (conflicted.length > 0)
    return { ok: false, reason: `${conflicted.join(', ')} has conflicts. Resolve them before amending.` };
  const byHash = new Map(smartlog.commits.map((c) => [c.hash, c]));
  const head = smartlog.head.hash;
  const line: string[] = [];
  for (let at = head && byHash.get(head); at && at.phase === 'draft'; at = byHash.get(at.parents[0]))
    line.push(at.hash);
  if (!line.includes(destination))
    return {
      ok: false,
      reason: `${shortHash(destination)} is not under the current commit: changes go into a commit of the stack you are on, at or below HEAD. Go to that commit's stack first.`,
    };
  const what = path === undefined ? 'the uncommitted changes' : path;
  const into = `${shortHash(destination)}${target.title ? ` (${target.title})` : ''}`;
  const inside = new Set([destination]);
  // Rows come children first: walking them from the bottom finds everything above the destination.
  for (const commit of [...smartlog.commits].reverse())
    if (commit.phase === 'draft' && commit.parents.some((p) => inside.has(p))) inside.add(commit.hash);
  const above = inside.size - 1;
  return {
    ok: true,
    description: `Amend ${what} into ${into}${above ? `, restacking ${above === 1 ? '1 commit' : `${above} commits`} above it` : ''}`,
  };
}
