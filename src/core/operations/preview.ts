// Predicted results, worked out on the smartlog alone (no git calls), for UIs to show while an
// operation runs or before it is chosen: the graph's drag and drop asks previewMove on every hover
// and shows predictMove's smartlog; the tree shows the predicted rows while the move runs.
import { shortHash } from '../format';
import type { Smartlog, SmartlogCommit } from '../smartlog/model';
import { orderRows } from '../smartlog/order';

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
  if (from.phase === 'public') return { ok: false, reason: `${shortHash(source)} is on trunk: Stackline never rewrites public commits.` };
  if (from.parents.length !== 1) return { ok: false, reason: `${shortHash(source)} is a merge commit; only commits with one parent move.` };
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
  if (inMove.has(destination)) return { ok: false, reason: `Can't move ${shortHash(source)} onto ${destination === source ? 'itself' : 'a commit above it'}.` };
  if (from.parents[0] === destination) return { ok: false, reason: `${shortHash(source)} is already on ${shortHash(destination)}.` };
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
 * The smartlog as it will look after the move (moved commits keep their hashes; their new hashes
 * are only known once it has run). Undefined when the destination is not in the smartlog.
 */
export function predictMove(smartlog: Smartlog, preview: Extract<MovePreview, { ok: true }>): Smartlog | undefined {
  if (!smartlog.commits.some((c) => c.hash === preview.destination)) return undefined;
  const commits = smartlog.commits.map((c) => (c.hash === preview.source ? { ...c, parents: [preview.destination] } : c));
  const publics = commits.filter((c) => c.phase === 'public');
  const distances = new Map<string, number>();
  let distance = 0;
  for (const commit of publics) {
    distances.set(commit.hash, distance);
    distance += (commit.trunkBelow?.hidden ?? 0) + 1;
  }
  const drafts = topologicalChildrenFirst(commits.filter((c) => c.phase === 'draft'));
  const ordered = orderRows(drafts, publics, distances);
  return {
    ...smartlog,
    commits: ordered.commits,
    stacks: ordered.stacks.map((stack) => ({ ...stack, behindTrunk: distances.get(stack.base) ?? 0 })),
  };
}

function topologicalChildrenFirst(drafts: SmartlogCommit[]): SmartlogCommit[] {
  const byHash = new Map(drafts.map((c) => [c.hash, c]));
  const out: SmartlogCommit[] = [];
  const seen = new Set<string>();
  const visit = (commit: SmartlogCommit) => {
    if (seen.has(commit.hash)) return;
    seen.add(commit.hash);
    for (const child of drafts) if (child.parents.includes(commit.hash)) visit(child);
    out.push(commit);
  };
  for (const commit of drafts) {
    if (!commit.parents.some((p) => byHash.has(p))) visit(commit);
  }
  for (const commit of drafts) visit(commit);
  return out;
}
