// Draws layout rows as box-drawing text, in the style of Sapling's `sl` smartlog.
import type { LayoutRow } from './layout';

export interface TextNode {
  glyph: string;
  /** Lines of text shown right of the graph; the first sits on the node's line. */
  lines: string[];
  /** Draw the edge below this node as dashed (commits folded away) with this note. */
  foldedNote?: string;
  /** The node has older history that is not shown. */
  truncated?: boolean;
}

type Cell = { up: boolean; down: boolean; left: boolean; right: boolean };

const BOX: Record<string, string> = {
  'ud..': '│',
  'udl.': '┤',
  'ud.r': '├',
  udlr: '┼',
  'u.l.': '╯',
  'u..r': '╰',
  '.dl.': '╮',
  '.d.r': '╭',
  '.dlr': '┬',
  'u.lr': '┴',
  '..lr': '─',
  'u...': '│',
  '.d..': '│',
  '....': ' ',
};

export function renderText(rows: LayoutRow[], nodes: TextNode[]): string {
  const out: string[] = [];
  rows.forEach((row, i) => {
    const node = nodes[i];
    const lanesIn = new Set(row.lanesIn);
    const lanesOut = new Set(row.lanesOut);
    const width = Math.max(...row.lanesIn, row.column) + 1;
    const nodeCells = Array.from({ length: width }, (_, c) =>
      c === row.column ? node.glyph : lanesIn.has(c) ? '│' : ' ',
    );
    out.push(joinCells(nodeCells, []) + '  ' + (node.lines[0] ?? ''));
    const hasFork = row.joiningColumns.length > 0 || row.parentColumns.some((c) => c !== -1 && c !== row.column);
    const hasParent = row.parentColumns.some((c) => c !== -1);
    // Lines under the node: until the fork connector the lanes that came in (and the node's own
    // lane) are drawn; after it, the lanes going out.
    let forked = false;
    const below = (text: string, dashed = false) => {
      const lanes = forked ? lanesOut : lanesIn;
      const cells = Array.from({ length: forked ? laneCount(row.lanesOut) : width }, (_, c) => {
        if (c === row.column) return hasParent ? (dashed ? '╷' : '│') : ' ';
        return lanes.has(c) ? '│' : ' ';
      });
      out.push((joinCells(cells, []).padEnd(2 * width - 1) + '  ' + text).trimEnd());
    };
    for (const line of node.lines.slice(1)) below(line);
    if (hasFork) {
      out.push(forkConnector(row, lanesIn, lanesOut));
      forked = true;
    }
    if (node.foldedNote) below(node.foldedNote, true);
    else if (node.truncated) out.push(' '.repeat(2 * row.column) + '~');
    // A spacer between rows, unless a connector line came anyway.
    else if (i < rows.length - 1 && !hasFork) below('');
  });
  return out.map((line) => line.trimEnd()).join('\n');
}

/** Lanes needed to draw a set of busy lanes. */
function laneCount(lanes: readonly number[]): number {
  return lanes.length === 0 ? 0 : lanes[lanes.length - 1] + 1;
}

/** The line under a node that splits it into its parents' lanes and takes in the lanes joining it. */
function forkConnector(row: LayoutRow, lanesIn: Set<number>, lanesOut: Set<number>): string {
  const targets = row.parentColumns.filter((c) => c !== -1 && c !== row.column);
  const joining = row.joiningColumns;
  const lo = Math.min(row.column, ...targets);
  const hi = Math.max(row.column, ...targets, ...joining);
  const width = Math.max(laneCount(row.lanesOut), hi + 1);
  const cells: Cell[] = Array.from({ length: width }, (_, c) => {
    const inSpan = c >= lo && c <= hi;
    const cell: Cell = { up: false, down: false, left: inSpan && c > lo, right: inSpan && c < hi };
    if (c === row.column) {
      cell.up = true;
      cell.down = row.parentColumns.includes(c);
    } else if (targets.includes(c)) {
      // A fork into a lane that already waited for that parent: the lane comes from above too.
      cell.up = lanesIn.has(c);
      cell.down = true;
    } else if (joining.includes(c)) {
      cell.up = true;
    } else if (lanesOut.has(c)) {
      cell.up = cell.down = true;
    }
    return cell;
  });
  const glyphs = cells.map((cell) => {
    const key = `${cell.up ? 'u' : '.'}${cell.down ? 'd' : '.'}${cell.left ? 'l' : '.'}${cell.right ? 'r' : '.'}`;
    return BOX[key] ?? (cell.left || cell.right ? '┼' : '│');
  });
  const gaps = cells.map((cell, c) => (c < cells.length - 1 && cell.right ? '─' : ' '));
  return joinCells(glyphs, gaps);
}

function joinCells(cells: string[], gaps: string[]): string {
  return cells.map((cell, c) => cell + (c < cells.length - 1 ? (gaps[c] ?? ' ') : '')).join('');
}
