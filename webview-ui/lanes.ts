// SVG for one row of the graph: the lanes passing through, the edges merging into the node from
// above, the edges forking from it to its parents below, and the node itself. Only numbers and
// fixed class names go into the markup, never commit text. Pure, so Node tests can check it.
import type { LayoutRow } from '../src/core/graph/layout';

export const ROW_HEIGHT = 26;
export const LANE_WIDTH = 14;
/** Lanes drawn at most; a wider graph is clipped at the right (the text column stays put). */
export const MAX_LANES = 24;
export const LANE_COLORS = 8;
const MID = ROW_HEIGHT / 2;
const RADIUS = 6;

export type NodeKind = 'draft' | 'public' | 'commit' | 'head' | 'uncommitted' | 'fold';

export interface RowShape {
  kind: NodeKind;
  /** The node has older history that is not shown (smartlog): a dashed stub below it. */
  truncated?: boolean;
}

export const laneX = (lane: number) => lane * LANE_WIDTH + LANE_WIDTH / 2 + 2;
export const graphWidth = (lanes: number) => Math.min(Math.max(lanes, 1), MAX_LANES) * LANE_WIDTH + 4;
const color = (lane: number) => `c${lane % LANE_COLORS}`;

/** The SVG elements (as markup) for a row. */
export function rowSvg(row: LayoutRow, shape: RowShape): string {
  const parts: string[] = [];
  const x = laneX(row.column);
  const dashed = shape.kind === 'fold' ? ' dashed' : '';
  // Top half: lanes coming in. The node's own lane and merging lanes end at the node.
  for (const lane of row.lanesIn) {
    if (lane === row.column) parts.push(line(color(lane) + dashed, x, 0, x, MID));
    else if (row.mergingColumns.includes(lane)) parts.push(mergeCurve(lane, row.column));
    else parts.push(line(color(lane), laneX(lane), 0, laneX(lane), MID));
  }
  // Bottom half: lanes going out. Each parent edge starts at the node exactly once; a lane that was
  // already there (another child's edge to the same parent) keeps running beside it.
  const targets = new Set<number>();
  for (const lane of row.parentColumns) {
    if (lane < 0 || targets.has(lane)) continue;
    targets.add(lane);
    parts.push(lane === row.column ? line(color(lane) + dashed, x, MID, x, ROW_HEIGHT) : forkCurve(row.column, lane));
  }
  for (const lane of row.lanesOut) {
    const passing = row.lanesIn.includes(lane) && lane !== row.column && !row.mergingColumns.includes(lane);
    if (!targets.has(lane) || passing) parts.push(line(color(lane), laneX(lane), MID, laneX(lane), ROW_HEIGHT));
  }
  if (shape.truncated) parts.push(line(`${color(row.column)} dashed`, x, MID, x, ROW_HEIGHT - 4));
  parts.push(node(shape.kind, x, color(row.column)));
  return parts.join('');
}

function line(cls: string, x1: number, y1: number, x2: number, y2: number): string {
  return `<path class="e ${cls}" d="M${x1} ${y1}L${x2} ${y2}"/>`;
}

/** From the node down into a lane to the side: across, then a rounded corner down (like ├─╮). */
function forkCurve(from: number, to: number): string {
  const x1 = laneX(from);
  const x2 = laneX(to);
  const side = Math.sign(x2 - x1);
  return `<path class="e ${color(to)}" d="M${x1} ${MID}L${x2 - side * RADIUS} ${MID}Q${x2} ${MID} ${x2} ${MID + RADIUS}L${x2} ${ROW_HEIGHT}"/>`;
}

/** From a lane above into the node: down, then a rounded corner across (like ├─╯). */
function mergeCurve(from: number, to: number): string {
  const x1 = laneX(from);
  const x2 = laneX(to);
  const side = Math.sign(x2 - x1);
  return `<path class="e ${color(from)}" d="M${x1} 0L${x1} ${MID - RADIUS}Q${x1} ${MID} ${x1 + side * RADIUS} ${MID}L${x2} ${MID}"/>`;
}

function node(kind: NodeKind, x: number, cls: string): string {
  switch (kind) {
    case 'fold':
      return '';
    case 'head':
      return `<circle class="n head-ring ${cls}" cx="${x}" cy="${MID}" r="6.5"/><circle class="n fill ${cls}" cx="${x}" cy="${MID}" r="3.5"/>`;
    case 'uncommitted':
      return `<circle class="n hollow dashed ${cls}" cx="${x}" cy="${MID}" r="5"/>`;
    case 'public':
      return `<circle class="n hollow ${cls}" cx="${x}" cy="${MID}" r="4.5"/>`;
    default:
      return `<circle class="n fill ${cls}" cx="${x}" cy="${MID}" r="4.5"/>`;
  }
}
