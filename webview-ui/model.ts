// The graph's rows: commits plus the smartlog's extra rows (uncommitted changes above HEAD, folded
// trunk runs), the lane layout that goes with them, and the words a screen reader says for each.
// Pure: no DOM, so Node tests can run it.
import { formatCount, plural, relativeTime, shortHash, uncommittedSummary } from '../src/core/format';
import { LaneLayout, type LayoutRow } from '../src/core/graph/layout';
import type { GraphCommit, UncommittedSummary } from '../src/protocol';

export type GraphRow =
  | { kind: 'commit'; commit: GraphCommit }
  | { kind: 'uncommitted'; summary: UncommittedSummary }
  | { kind: 'fold'; count: number; above: string };

const UNCOMMITTED_ID = 'uncommitted';
const foldId = (hash: string) => `fold:${hash}`;

/** Rows, their layout and an index by hash, grown page by page in history mode. */
export class GraphModel {
  readonly rows: GraphRow[] = [];
  readonly layout: LaneLayout;
  /** The row of the commit checked out; -1 when it is not shown. */
  headIndex = -1;
  private readonly indexByHash = new Map<string, number>();

  private constructor(isShown?: (id: string) => boolean) {
    this.layout = new LaneLayout(isShown);
  }

  /** The smartlog: every edge ends at a row shown here. */
  static smartlog(commits: GraphCommit[], uncommitted: UncommittedSummary | null): GraphModel {
    const head = commits.find((c) => c.isHead);
    const ids = new Set<string>();
    for (const commit of commits) {
      ids.add(commit.hash);
      if (commit.folded) ids.add(foldId(commit.hash));
    }
    const model = new GraphModel((id) => ids.has(id));
    // The uncommitted row sits right above HEAD, as in Sapling, hanging off the commit it is based on.
    if (uncommitted && !head) model.push({ kind: 'uncommitted', summary: uncommitted }, UNCOMMITTED_ID, []);
    for (const commit of commits) {
      if (uncommitted && commit === head) model.push({ kind: 'uncommitted', summary: uncommitted }, UNCOMMITTED_ID, [commit.hash]);
      if (!commit.folded) {
        model.pushCommit(commit);
        continue;
      }
      // A folded trunk run is a row of its own between the two trunk commits it separates.
      model.pushCommit(commit, [foldId(commit.hash)]);
      model.push({ kind: 'fold', count: commit.folded, above: commit.hash }, foldId(commit.hash), commit.parents);
    }
    return model;
  }

  /** History: parents not loaded yet come with a later page, so their lanes stay open. */
  static history(): GraphModel {
    return new GraphModel();
  }

  get length(): number {
    return this.rows.length;
  }

  layoutRow(index: number): LayoutRow {
    return this.layout.row(index);
  }

  indexOf(hash: string): number {
    return this.indexByHash.get(hash) ?? -1;
  }

  hashAt(index: number): string | undefined {
    return this.commitAt(index)?.hash;
  }

  /** The commit at a row, if the row is a commit. */
  commitAt(index: number): GraphCommit | undefined {
    const row = this.rows[index];
    return row?.kind === 'commit' ? row.commit : undefined;
  }

  pushCommit(commit: GraphCommit, parents: string[] = commit.parents): void {
    if (commit.isHead) this.headIndex = this.rows.length;
    this.indexByHash.set(commit.hash, this.rows.length);
    this.push({ kind: 'commit', commit }, commit.hash, parents);
  }

  private push(row: GraphRow, id: string, parents: readonly string[]): void {
    this.rows.push(row);
    this.layout.add({ id, parents });
  }
}

/** The branch and tag names a commit row shows, in order. */
export function labelTexts(commit: GraphCommit): string[] {
  return [
    ...commit.branches.map((b) => `${b.name}${b.ahead ? `↑${b.ahead}` : ''}${b.behind ? `↓${b.behind}` : ''}${b.upstreamGone ? ' (upstream gone)' : ''}`),
    ...(commit.tags ?? []),
  ];
}

/** What a screen reader announces for a row. */
export function ariaLabel(row: GraphRow, nowMs: number): string {
  switch (row.kind) {
    case 'uncommitted':
      return `Uncommitted changes: ${uncommittedSummary(row.summary)}`;
    case 'fold':
      return `${plural(row.count, 'trunk commit')} folded away`;
    case 'commit': {
      const c = row.commit;
      const labels = labelTexts(c);
      return [
        c.title || '(no message)',
        c.isHead ? 'you are here' : '',
        c.phase === 'draft' ? 'draft' : c.phase === 'public' ? 'on trunk' : '',
        `commit ${shortHash(c.hash)}`,
        `by ${c.author}`,
        relativeTime(c.date, nowMs),
        labels.length ? `${labels.length === 1 ? 'branch' : 'branches'} ${labels.join(', ')}` : '',
        c.parents.length > 1 ? `merge of ${c.parents.length} parents` : '',
      ]
        .filter(Boolean)
        .join(', ');
    }
  }
}

export function foldText(count: number): string {
  return `… ${formatCount(count)} ${count === 1 ? 'commit' : 'commits'}`;
}
