// The graph's rows: commits plus the smartlog's extra rows (uncommitted changes above HEAD, folded
// trunk runs), the lane layout that goes with them, their colours, and the words a screen reader
// says for each. Pure: no DOM, so Node tests can run it.
import { formatCount, plural, relativeTime, shortHash, uncommittedSummary } from '../src/core/format';
import { LaneLayout, type LaneLayoutOptions, type LayoutRow } from '../src/core/graph/layout';
import type { GraphCommit, UncommittedSummary } from '../src/protocol';
import { LANE_COLORS, NEUTRAL, type RowColors } from './lanes';
import { restackSpeech } from './restackMarks';

export type GraphRow =
  | { kind: 'commit'; commit: GraphCommit }
  | { kind: 'uncommitted'; summary: UncommittedSummary }
  | { kind: 'fold'; count: number; above: string };

/** The Uncommitted changes row's id (indexOf finds it by this). */
export const UNCOMMITTED_ID = 'uncommitted';
const foldId = (hash: string) => `fold:${hash}`;

/** Rows, their layout and an index by hash, grown page by page in history mode. */
export class GraphModel {
  readonly rows: GraphRow[] = [];
  readonly layout: LaneLayout;
  /** The row of the commit checked out; -1 when it is not shown. */
  headIndex = -1;
  private readonly indexByHash = new Map<string, number>();
  /** Smartlog: colours by stack. History colours by lane (undefined). */
  private readonly stackColors: StackColors | undefined;
  /** Smartlog: outdated commits something shown sits on (their Restack is offered on those rows). */
  private readonly restackedAbove = new Set<string>();

  private constructor(isShown?: (id: string) => boolean, options?: LaneLayoutOptions, colors?: StackColors) {
    this.layout = new LaneLayout(isShown, options);
    this.stackColors = colors;
  }

  /** The smartlog: every edge ends at a row shown here. */
  static smartlog(commits: GraphCommit[], uncommitted: UncommittedSummary | null): GraphModel {
    const head = commits.find((c) => c.isHead);
    const ids = new Set<string>();
    for (const commit of commits) {
      ids.add(commit.hash);
      if (commit.folded) ids.add(foldId(commit.hash));
    }
    const model = new GraphModel((id) => ids.has(id), { separateLines: true }, new StackColors());
    for (const commit of commits)
      if (commit.needsRestack) for (const parent of commit.parents) model.restackedAbove.add(parent);
    // The uncommitted row sits right above HEAD, as in Sapling, hanging off the commit it is based on.
    if (uncommitted && !head) model.push({ kind: 'uncommitted', summary: uncommitted }, UNCOMMITTED_ID, []);
    for (const commit of commits) {
      if (uncommitted && commit === head)
        model.push({ kind: 'uncommitted', summary: uncommitted }, UNCOMMITTED_ID, [commit.hash]);
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

  /** The row's colours; undefined = by lane. */
  colorsAt(index: number): RowColors | undefined {
    return this.stackColors?.at(index);
  }

  /**
   * Whether the row offers Restack: it sits on an outdated version of its parent, or it is an
   * outdated commit (a branch still on it) with nothing shown that sits on it and says so.
   */
  offersRestack(index: number): boolean {
    const commit = this.commitAt(index);
    return !!commit && (!!commit.needsRestack || (!!commit.outdatedBy && !this.restackedAbove.has(commit.hash)));
  }

  /** The smartlog's trunk tip: the trunk commit no other shown trunk commit sits on; -1 when none is shown. */
  trunkTipIndex(): number {
    const publics = this.rows.flatMap((row) =>
      row.kind === 'commit' && row.commit.phase === 'public' ? [row.commit] : [],
    );
    const below = new Set(publics.flatMap((c) => c.parents));
    const tip = publics.find((c) => !below.has(c.hash));
    return tip ? this.indexOf(tip.hash) : -1;
  }

  /** Whether the commit at `index` has the commit at `parent` as a parent. */
  sitsOn(index: number, parent: number): boolean {
    const hash = this.hashAt(parent);
    return !!hash && !!this.commitAt(index)?.parents.includes(hash);
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
    // History pages arrive newest first: a commit that needs restack comes before the parent it waits on.
    if (commit.needsRestack) for (const parent of commit.parents) this.restackedAbove.add(parent);
    this.indexByHash.set(commit.hash, this.rows.length);
    this.push({ kind: 'commit', commit }, commit.hash, parents);
  }

  private push(row: GraphRow, id: string, parents: readonly string[]): void {
    this.rows.push(row);
    this.layout.add({ id, parents });
    this.stackColors?.add(this.layout.row(this.layout.length - 1), row);
  }
}

/**
 * Smartlog colours: trunk in the first colour, each stack (a line of drafts, or a fork within one)
 * in the next of the others, so stacks side by side never share one; an edge in the colour of the
 * commit it leaves; uncommitted changes in a neutral one.
 */
class StackColors {
  /** The colour of the edge each lane carries now. */
  private lanes: number[] = [];
  private readonly rows: RowColors[] = [];
  private nextStack = 0;

  at(index: number): RowColors | undefined {
    return this.rows[index];
  }

  add(layout: LayoutRow, row: GraphRow): void {
    const above = this.lanes;
    const below = above.slice();
    const incoming = layout.lanesIn.includes(layout.column) ? above[layout.column] : undefined;
    let node: number;
    if (row.kind === 'uncommitted') node = NEUTRAL;
    else if (row.kind === 'fold' || row.commit.phase !== 'draft') node = TRUNK;
    else node = incoming !== undefined && incoming > TRUNK ? incoming : this.newStackColor();
    for (const lane of layout.joiningColumns) delete below[lane];
    if (!layout.lanesOut.includes(layout.column)) delete below[layout.column];
    // The node's own lane and the lanes it starts carry its colour; a lane it joins keeps its own.
    for (const lane of layout.parentColumns)
      if (lane >= 0 && (lane === layout.column || !layout.lanesIn.includes(lane))) below[lane] = node;
    this.lanes = below;
    this.rows.push({
      node,
      above: (lane) => above[lane] ?? lane,
      below: (lane) => below[lane] ?? lane,
      fork: () => node,
    });
  }

  private newStackColor(): number {
    return 1 + (this.nextStack++ % (LANE_COLORS - 1));
  }
}

const TRUNK = 0;

/** The branch and tag names a commit row shows, in order. */
export function labelTexts(commit: GraphCommit): string[] {
  return [
    ...commit.branches.map(
      (b) =>
        `${b.name}${b.ahead ? `↑${b.ahead}` : ''}${b.behind ? `↓${b.behind}` : ''}${b.upstreamGone ? ' (upstream gone)' : ''}`,
    ),
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
        restackSpeech(c),
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
