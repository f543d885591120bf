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
  'ud..': '│', 'udl.': '┤', 'ud.r': '├', 'udlr': '┼', 'u.l.': '╯', 'u..r': '╰', '.dl.': '╮',
  '.d.r': '╭', '.dlr': '┬', 'u.lr': '┴', '..lr': '─', 'u...': '│', '.d..': '│', '....': ' ',
};

export function renderText(rows: LayoutRow[], nodes: TextNode[]): string {
  const out: string[] = [];
  rows.forEach((row, i) => {
    const node = nodes[i];
    if (row.mergingColumns.length > 0) out.push(connector(row, 'merge'));
    const width = Math.max(row.lanesIn.length, row.lanesOut.length, row.column + 1);
    const nodeCells = Array.from({ length: width }, (_, c) => {
      if (c === row.column) return node.glyph;
      return row.lanesIn[c] && !row.mergingColumns.includes(c) ? '│' : ' ';
    });
    out.push(joinCells(nodeCells, []) + '  ' + (node.lines[0] ?? ''));
    const hasFork = row.parentColumns.some((c) => c !== -1 && c !== row.column);
    const hasParent = row.parentColumns.some((c) => c !== -1);
    // Lines under the node: its own lane runs on down to the fork connector or its parent.
    const below = (text: string, dashed = false) => {
      const cells = Array.from({ length: Math.max(width, row.lanesOut.length) }, (_, c) => {
        if (c === row.column) return hasParent ? (dashed ? '╷' : '│') : ' ';
        return row.lanesOut[c] ? '│' : ' ';
      });
      out.push((joinCells(cells, []) + '  ' + text).trimEnd());
    };
    for (const line of node.lines.slice(1)) below(line);
    if (hasFork) out.push(connector(row, 'fork'));
    if (node.foldedNote) below(node.foldedNote, true);
    else if (node.truncated) out.push(' '.repeat(2 * row.column) + '~');
    else if (i < rows.length - 1 && !hasFork) below('');
  });
  return out.map((line) => line.trimEnd()).join('\n');
}

/** The line that joins lanes into a node (merge) or splits a node into its parents' lanes (fork). */
function connector(row: LayoutRow, kind: 'merge' | 'fork'): string {
  const targets = kind === 'merge' ? row.mergingColumns : row.parentColumns.filter((c) => c !== -1 && c !== row.column);
  const lanes = kind === 'merge' ? row.lanesIn : row.lanesOut;
  const lo = Math.min(row.column, ...targets);
  const hi = Math.max(row.column, ...targets);
  const width = Math.max(lanes.length, hi + 1);
  const cells: Cell[] = Array.from({ length: width }, (_, c) => {
    const inSpan = c >= lo && c <= hi;
    const cell: Cell = { up: false, down: false, left: inSpan && c > lo, right: inSpan && c < hi };
    if (c === row.column) {
      if (kind === 'merge') {
        cell.up = row.lanesIn[c] !== null;
        cell.down = true;
      } else {
        cell.up = true;
        cell.down = row.parentColumns.includes(c);
      }
    } else if (targets.includes(c)) {
      cell.up = kind === 'merge' || row.lanesIn[c] === row.lanesOut[c];
      cell.down = kind === 'fork';
    } else if (lanes[c]) {
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
  return cells.map((cell, c) => cell + (c < cells.length - 1 ? gaps[c] ?? ' ' : '')).join('');
}
