// Lane layout: a pure function from commits (children before parents) to rows of lanes and edges.
// Used by the CLI's text graph and the webview graph.

export interface LayoutNode {
  id: string;
  parents: string[];
}

export interface LayoutRow {
  id: string;
  /** The lane the node sits in. */
  column: number;
  /** What each lane waits for when entering this row (null = free lane). */
  lanesIn: (string | null)[];
  /** Lanes other than `column` that end in this node: edges from children drawn in those lanes. */
  mergingColumns: number[];
  /** What each lane waits for after this row. */
  lanesOut: (string | null)[];
  /** For each parent (in order): the lane its edge continues in, or -1 when the parent is not shown. */
  parentColumns: number[];
}

export function layoutGraph(nodes: LayoutNode[]): LayoutRow[] {
  const shown = new Set(nodes.map((node) => node.id));
  let lanes: (string | null)[] = [];
  const rows: LayoutRow[] = [];
  for (const node of nodes) {
    const lanesIn = lanes.slice();
    const waiting = lanes.flatMap((id, index) => (id === node.id ? [index] : []));
    const column = waiting[0] ?? freeLane(lanes);
    if (column === lanes.length) lanes.push(null);
    const mergingColumns = waiting.slice(1);
    for (const index of waiting) lanes[index] = null;

    const parentColumns: number[] = [];
    node.parents.forEach((parent, i) => {
      if (!shown.has(parent)) {
        parentColumns.push(-1);
        return;
      }
      const existing = lanes.indexOf(parent);
      // The first parent stays in the node's lane unless a lane to the left already waits for it;
      // a lane to the right waiting for it merges in at the parent's row instead.
      if (i === 0 && (existing === -1 || existing > column)) {
        lanes[column] = parent;
        parentColumns.push(column);
      } else if (existing !== -1) {
        parentColumns.push(existing);
      } else {
        const lane = freeLane(lanes, column + 1);
        if (lane === lanes.length) lanes.push(null);
        lanes[lane] = parent;
        parentColumns.push(lane);
      }
    });
    while (lanes.length > 0 && lanes[lanes.length - 1] === null) lanes.pop();
    rows.push({ id: node.id, column, lanesIn, mergingColumns, lanesOut: lanes.slice(), parentColumns });
  }
  return rows;
}

function freeLane(lanes: (string | null)[], from = 0): number {
  for (let i = from; i < lanes.length; i++) if (lanes[i] === null) return i;
  return lanes.length;
}
