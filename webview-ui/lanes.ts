// SVG for one row of the graph: the lanes passing through, the lanes joining the node's lane below
// it, the edges forking from the node to its parents, and the node itself. The lanes can be wider
// than the graph column: then they scroll sideways, and a node scrolled out of view is drawn at the
// column's edge with an arrow, so every row shows its dot. Only numbers and fixed class names go
// into the markup, never commit text. Pure, so Node tests can check it.
import type { LayoutRow } from '../src/core/graph/layout';

export const ROW_HEIGHT = 26;
export const LANE_WIDTH = 14;
export const LANE_COLORS = 8;
/** A colour for rows that belong to no line (uncommitted changes). */
export const NEUTRAL = -1;
const MID = ROW_HEIGHT / 2;
const RADIUS = 6;
/** Where a lane joining the node's lane below the node meets it: under the node's dot and ring. */
const JOIN_Y = ROW_HEIGHT - 4;
/** A node drawn at the edge sits this far in, beside its arrow. */
const EDGE_INSET = LANE_WIDTH / 2 + 7;

export type NodeKind = 'draft' | 'public' | 'commit' | 'head' | 'uncommitted' | 'fold' | 'outdated';

/** Colour numbers (see colorClass) of a row's node and of the edges in each lane. */
export interface RowColors {
  node: number;
  /** The edge a lane carries as the row starts. */
  above(lane: number): number;
  /** The edge a lane carries as the row ends. */
  below(lane: number): number;
  /** The edge from the node into a lane. */
  fork(lane: number): number;
}

export interface RowShape {
  kind: NodeKind;
  /** The node has older history that is not shown (smartlog): a dashed stub below it. */
  truncated?: boolean;
  /** Sits on an outdated version of its parent: a warning ring round the node. */
  restack?: boolean;
  /** By lane unless given (history); the smartlog colours each stack. */
  colors?: RowColors;
}

/** The part of the lanes in view: `width` pixels from `scroll` pixels in. */
export interface LaneView {
  scroll: number;
  width: number;
}

export const laneX = (lane: number) => lane * LANE_WIDTH + LANE_WIDTH / 2 + 2;
/** Pixels needed to draw this many lanes side by side. */
export const lanesWidth = (lanes: number) => Math.max(lanes, 1) * LANE_WIDTH + 4;
export const colorClass = (color: number) => (color < 0 ? 'cn' : `c${color % LANE_COLORS}`);

const byLane = (column: number): RowColors => ({
  node: column,
  above: (lane) => lane,
  below: (lane) => lane,
  fork: (lane) => lane,
});

/** Which edge a node's dot sits at when its lane is scrolled out of view, if it is. */
export function nodeOutside(column: number, view: LaneView | undefined): 'left' | 'right' | undefined {
  if (!view) return undefined;
  const x = laneX(column) - view.scroll;
  if (x < RADIUS + 1) return 'left';
  if (x > view.width - RADIUS - 1) return 'right';
  return undefined;
}

/** The SVG elements (as markup) for a row. */
export function rowSvg(row: LayoutRow, shape: RowShape, view?: LaneView): string {
  const parts: string[] = [];
  const colors = shape.colors ?? byLane(row.column);
  const shift = view?.scroll ?? 0;
  const at = (lane: number) => laneX(lane) - shift;
  const x = at(row.column);
  const dashed = shape.kind === 'fold' ? ' dashed' : '';
  // Top half: lanes coming in. The node's own lane ends at the node; a joining lane runs on and
  // bends into the node's lane below the node; the others pass through.
  for (const lane of row.lanesIn) {
    const cls = colorClass(colors.above(lane));
    if (lane === row.column) parts.push(line(cls + dashed, x, 0, x, MID));
    else if (row.joiningColumns.includes(lane)) parts.push(joinCurve(cls, at(lane), x));
    else parts.push(line(cls, at(lane), 0, at(lane), MID));
  }
  // Bottom half: lanes going out. Each parent edge starts at the node exactly once; a lane that was
  // already there (another child's edge to the same parent) keeps running beside it.
  const targets = new Set<number>();
  for (const lane of row.parentColumns) {
    if (lane < 0 || targets.has(lane)) continue;
    targets.add(lane);
    parts.push(
      lane === row.column
        ? line(colorClass(colors.below(lane)) + dashed, x, MID, x, ROW_HEIGHT)
        : forkCurve(colorClass(colors.fork(lane)), x, at(lane)),
    );
  }
  for (const lane of row.lanesOut) {
    const passing = row.lanesIn.includes(lane) && lane !== row.column;
    if (!targets.has(lane) || passing)
      parts.push(line(colorClass(colors.below(lane)), at(lane), MID, at(lane), ROW_HEIGHT));
  }
  const cls = colorClass(colors.node);
  if (shape.truncated) parts.push(line(`${cls} dashed`, x, MID, x, ROW_HEIGHT - 4));
  const outside = shape.kind === 'fold' ? undefined : nodeOutside(row.column, view);
  if (outside && view) {
    // Beside the arrow, or in the middle of a column too narrow for both.
    const inset = Math.min(EDGE_INSET, view.width / 2);
    parts.push(
      `<g class="edge-marker">${edgeMarker(outside, view.width, cls)}${node(shape, outside === 'left' ? inset : view.width - inset, `${cls} edge`)}</g>`,
    );
  } else parts.push(node(shape, x, cls));
  return parts.join('');
}

function line(cls: string, x1: number, y1: number, x2: number, y2: number): string {
  return `<path class="e ${cls}" d="M${x1} ${y1}L${x2} ${y2}"/>`;
}

/** From the node across into a lane to the side, then down (like ├─╮). */
function forkCurve(cls: string, x1: number, x2: number): string {
  const side = Math.sign(x2 - x1);
  return `<path class="e ${cls}" d="M${x1} ${MID}L${x2 - side * RADIUS} ${MID}Q${x2} ${MID} ${x2} ${MID + RADIUS}L${x2} ${ROW_HEIGHT}"/>`;
}

/** From a lane above, down and across into the node's lane under the node (like ├─╯ below it). */
function joinCurve(cls: string, x1: number, x2: number): string {
  const side = Math.sign(x2 - x1);
  return `<path class="e ${cls}" d="M${x1} 0L${x1} ${JOIN_Y - RADIUS}Q${x1} ${JOIN_Y} ${x1 + side * RADIUS} ${JOIN_Y}L${x2} ${JOIN_Y}"/>`;
}

/** A backing and an arrow at the column's edge: the node's lane is further that way. */
function edgeMarker(side: 'left' | 'right', width: number, cls: string): string {
  const tip = side === 'left' ? 1 : width - 1;
  const base = side === 'left' ? 6 : width - 6;
  const backing = side === 'left' ? 0 : width - EDGE_INSET - RADIUS - 2;
  return `<rect class="marker-bg" x="${backing}" y="${MID - RADIUS - 2}" width="${EDGE_INSET + RADIUS + 2}" height="${2 * RADIUS + 4}" rx="3"/><path class="n fill arrow ${cls}" d="M${tip} ${MID}L${base} ${MID - 4}L${base} ${MID + 4}Z"/>`;
}

function node(shape: RowShape, x: number, cls: string): string {
  const ring = shape.restack ? `<circle class="restack-ring" cx="${x}" cy="${MID}" r="7.5"/>` : '';
  switch (shape.kind) {
    case 'fold':
      return '';
    case 'head':
      return `${ring}<circle class="n head-ring ${cls}" cx="${x}" cy="${MID}" r="6.5"/><circle class="n fill ${cls}" cx="${x}" cy="${MID}" r="3.5"/>`;
    case 'uncommitted':
      return `<circle class="n hollow dashed ${cls}" cx="${x}" cy="${MID}" r="5"/>`;
    case 'public':
      return `${ring}<circle class="n hollow ${cls}" cx="${x}" cy="${MID}" r="4.5"/>`;
    case 'outdated':
      // Crossed out: this version was amended or rewritten since.
      return `${ring}<circle class="n hollow outdated ${cls}" cx="${x}" cy="${MID}" r="5"/><path class="n-x ${cls}" d="M${x - 2.5} ${MID - 2.5}L${x + 2.5} ${MID + 2.5}M${x + 2.5} ${MID - 2.5}L${x - 2.5} ${MID + 2.5}"/>`;
    default:
      return `${ring}<circle class="n fill ${cls}" cx="${x}" cy="${MID}" r="4.5"/>`;
  }
}
