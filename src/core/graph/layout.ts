// Lane layout: a pure function from commits (children before parents) to rows of lanes and edges.
// Used by the CLI's text graph and the webview graph. Incremental (LaneLayout.add), so the webview
// can lay out history page by page; linear in the number of rows for the graphs people have.
// Compact as `git log --graph`: a lane freed is taken again at once, and edges to the same commit
// share one lane from the row where the second one starts (on a generated git/git-like history:
// 54 lanes where git draws 53 columns; kept apart until their parent, those edges took 61).

export interface LayoutNode {
  id: string;
  parents: readonly string[];
}

export interface LayoutRow {
  id: string;
  /** The lane the node sits in. */
  column: number;
  /**
   * Lanes that carry an edge as the row starts, ascending. Consecutive rows share these arrays
   * (one row's lanesOut is the next row's lanesIn, and unchanged lanes are not copied): never mutate.
   */
  lanesIn: readonly number[];
  /**
   * Lanes that end in this row below the node, joining the node's own lane: they carried edges to
   * the node's first parent, and from here the node's lane carries them (git's `|/`). Always right
   * of `column`; they are free again from the next row.
   */
  joiningColumns: readonly number[];
  /** Lanes that carry an edge after the row, ascending. */
  lanesOut: readonly number[];
  /** For each parent (in order): the lane its edge continues in, or -1 when the parent is not shown. */
  parentColumns: readonly number[];
}

const NONE: readonly number[] = Object.freeze([]);
/** One-element arrays are the common case for parentColumns; share them. */
const SINGLE: (readonly number[])[] = [];
const single = (lane: number): readonly number[] => (SINGLE[lane] ??= Object.freeze([lane]));

export interface LaneLayoutOptions {
  /**
   * A line that starts here (a node no lane waits for) does not take a lane freed in the row above:
   * in the smartlog, two stacks on one base would otherwise follow each other in one lane and read
   * as one long stack.
   */
  separateLines?: boolean;
}

/**
 * Lays out nodes one at a time. `isShown(parent)` says whether a parent will be added later; an edge
 * to a parent that is never shown gets no lane (-1). By default every parent counts as coming, which
 * suits history loaded in pages.
 */
export class LaneLayout {
  // Rows are kept column by column, not as one object each: 100,000 rows then cost a few arrays
  // of shared references instead of 100,000 objects for the garbage collector to move around.
  private readonly ids: string[] = [];
  private readonly columns: number[] = [];
  private readonly outs: (readonly number[])[] = [];
  private readonly joins: (readonly number[])[] = [];
  private readonly parentLanes: (readonly number[])[] = [];
  /** What each lane waits for (null = free). Trailing free lanes are trimmed. */
  private readonly lanes: (string | null)[] = [];
  /** For each id a lane waits for: that lane (never more than one: edges to one commit share a lane). */
  private readonly waiting = new Map<string, number>();
  /** Lanes joining the node's lane in the current row: freed once the row is laid out, so no fork takes one in the same row. */
  private readonly joiningThisRow: number[] = [];
  private readonly free = new FreeLanes();
  private busy: readonly number[] = NONE;
  /** Busy-lane lists by bitmask (graphs up to 30 lanes wide): rows with the same lanes share one list. */
  private readonly busyByMask = new Map<number, readonly number[]>([[0, NONE]]);
  /** Two-parent lane pairs, shared the same way. */
  private readonly pairs = new Map<number, readonly number[]>();
  /** Lanes freed in the current row and not taken again: the row's busy lanes changed. */
  private readonly freedThisRow: number[] = [];
  private busyChanged = false;
  private widest = 0;

  private readonly separateLines: boolean;

  constructor(
    private readonly isShown: (id: string) => boolean = () => true,
    options: LaneLayoutOptions = {},
  ) {
    this.separateLines = options.separateLines ?? false;
  }

  /** The widest the graph has been: lanes needed to draw every row so far. */
  get width(): number {
    return this.widest;
  }

  get length(): number {
    return this.ids.length;
  }

  row(index: number): LayoutRow {
    return {
      id: this.ids[index],
      column: this.columns[index],
      lanesIn: index === 0 ? NONE : this.outs[index - 1],
      joiningColumns: this.joins[index],
      lanesOut: this.outs[index],
      parentColumns: this.parentLanes[index],
    };
  }

  /** Every row as an object: for small graphs (the text renderer) and tests. */
  get rows(): LayoutRow[] {
    return this.ids.map((_, index) => this.row(index));
  }

  add(node: LayoutNode): void {
    const waitingLane = this.waiting.get(node.id);
    let column: number;
    if (waitingLane !== undefined) {
      this.waiting.delete(node.id);
      column = waitingLane;
      this.release(column);
    } else {
      column = this.startLane();
    }

    const parents = node.parents;
    let parentColumns: readonly number[];
    if (parents.length === 1) parentColumns = single(this.placeParent(parents[0], 0, column));
    else if (parents.length === 0) parentColumns = NONE;
    else if (parents.length === 2)
      parentColumns = this.pair(this.placeParent(parents[0], 0, column), this.placeParent(parents[1], 1, column));
    else parentColumns = Object.freeze(parents.map((parent, index) => this.placeParent(parent, index, column)));

    let joiningColumns = NONE;
    if (this.joiningThisRow.length > 0) {
      joiningColumns = Object.freeze(this.joiningThisRow.sort((a, b) => a - b).slice());
      for (const lane of joiningColumns) this.release(lane);
      this.joiningThisRow.length = 0;
    }
    this.trim();
    if (this.busyChanged || this.freedThisRow.length > 0) this.busy = this.snapshotBusy();
    this.ids.push(node.id);
    this.columns.push(column);
    this.outs.push(this.busy);
    this.joins.push(joiningColumns);
    this.parentLanes.push(parentColumns);
    this.widest = Math.max(this.widest, column + 1, this.lanes.length);
  }

  /** The lane for a node no lane waits for: the lowest free one (with separateLines, not one the row above freed). */
  private startLane(): number {
    const end = this.lanes.length;
    let lane = this.free.first(0, end);
    if (this.separateLines)
      while (this.freedByPreviousRow(lane)) lane = lane < end ? this.free.first(lane + 1, end) : lane + 1;
    // Lanes skipped past the end stay free.
    while (this.lanes.length < lane) {
      this.free.set(this.lanes.length);
      this.lanes.push(null);
    }
    if (lane === this.lanes.length) this.lanes.push(null);
    return lane;
  }

  private freedByPreviousRow(lane: number): boolean {
    const previous = this.ids.length - 1;
    if (previous < 0) return false;
    return this.columns[previous] === lane || (previous > 0 && this.outs[previous - 1].includes(lane));
  }

  private placeParent(parent: string, index: number, column: number): number {
    const existing = this.waiting.get(parent) ?? -1;
    // A parent some lane already waits for is known to be shown: ask only about new ones.
    if (existing === -1 && !this.isShown(parent)) return -1;
    if (index === 0) {
      // The first parent stays in the node's lane unless a lane to the left already waits for it;
      // a lane to the right waiting for it joins the node's lane here.
      if (existing !== -1 && existing < column) return existing;
      if (existing > column) this.joiningThisRow.push(existing);
      this.occupy(column, parent);
      return column;
    }
    if (existing !== -1) return existing;
    const lane = this.free.first(column + 1, this.lanes.length);
    if (lane === this.lanes.length) this.lanes.push(null);
    this.occupy(lane, parent);
    return lane;
  }

  private occupy(lane: number, id: string): void {
    if (this.lanes[lane] !== null) throw new Error(`lane ${lane} is taken`);
    this.lanes[lane] = id;
    this.free.clear(lane);
    const freed = this.freedThisRow.indexOf(lane);
    if (freed === -1) this.busyChanged = true;
    else this.freedThisRow.splice(freed, 1);
    this.waiting.set(id, lane);
  }

  private release(lane: number): void {
    this.lanes[lane] = null;
    this.free.set(lane);
    this.freedThisRow.push(lane);
  }

  private trim(): void {
    const lanes = this.lanes;
    while (lanes.length > 0 && lanes[lanes.length - 1] === null) {
      lanes.pop();
      this.free.clear(lanes.length);
    }
  }

  private snapshotBusy(): readonly number[] {
    this.busyChanged = false;
    this.freedThisRow.length = 0;
    const lanes = this.lanes;
    if (lanes.length > 30) return Object.freeze(lanes.flatMap((id, lane) => (id === null ? [] : [lane])));
    let mask = 0;
    for (let lane = 0; lane < lanes.length; lane++) if (lanes[lane] !== null) mask |= 1 << lane;
    let shared = this.busyByMask.get(mask);
    if (!shared) {
      shared = Object.freeze(lanes.flatMap((id, lane) => (id === null ? [] : [lane])));
      this.busyByMask.set(mask, shared);
    }
    return shared;
  }

  private pair(first: number, second: number): readonly number[] {
    if (first >= 0xffff || second >= 0xffff) return Object.freeze([first, second]);
    const key = (first + 1) * 0x10000 + (second + 1);
    let shared = this.pairs.get(key);
    if (!shared) {
      shared = Object.freeze([first, second]);
      this.pairs.set(key, shared);
    }
    return shared;
  }
}

/** Lays out a complete list of nodes (children before parents); parents not in the list get no lane. */
export function layoutGraph(nodes: readonly LayoutNode[], options: LaneLayoutOptions = {}): LayoutRow[] {
  let next = 0;
  let ids: Set<string> | undefined;
  // In topological order most parents come within a few rows: look there before probing a big set.
  const isShown = (id: string) => {
    for (let i = next; i < next + 4 && i < nodes.length; i++) if (nodes[i].id === id) return true;
    return (ids ??= new Set(nodes.map((node) => node.id))).has(id);
  };
  const layout = new LaneLayout(isShown, options);
  while (next < nodes.length) layout.add(nodes[next++]);
  return layout.rows;
}

/** Free lanes below the trimmed width as a bitset, so finding one does not scan every lane. */
class FreeLanes {
  private words = new Uint32Array(4);

  set(lane: number): void {
    const word = lane >>> 5;
    if (word >= this.words.length) {
      const grown = new Uint32Array(Math.max(word + 1, this.words.length * 2));
      grown.set(this.words);
      this.words = grown;
    }
    this.words[word] |= 1 << (lane & 31);
  }

  clear(lane: number): void {
    const word = lane >>> 5;
    if (word < this.words.length) this.words[word] &= ~(1 << (lane & 31));
  }

  /** The lowest free lane at or after `from`, or `end` when there is none below it. */
  first(from: number, end: number): number {
    let word = from >>> 5;
    let bits = word < this.words.length ? this.words[word] & (~0 << (from & 31)) : 0;
    const last = Math.min(this.words.length, (end + 31) >>> 5);
    while (bits === 0) {
      if (++word >= last) return end;
      bits = this.words[word];
    }
    const lane = (word << 5) + (31 - Math.clz32(bits & -bits));
    return lane < end ? lane : end;
  }
}
