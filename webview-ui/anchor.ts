// What the person was looking at, found again in new rows. An in-place update (a commit, a submit,
// a drop) adds or removes rows above the view; keeping the pixel offset would then scroll the new
// top commit, HEAD or the selection out of view. Pure: no DOM, so Node tests can run it.
import type { RowAnchor } from '../src/protocol';

export interface AnchorRows {
  readonly length: number;
  readonly headIndex: number;
  indexOf(hash: string): number;
  /** The commit hash of a row; undefined for the other rows (uncommitted changes, folds). */
  hashAt(index: number): string | undefined;
}

export interface Viewport {
  scrollTop: number;
  height: number;
  rowHeight: number;
}

/** 'top': the view stays at the top, so rows added there show; else rows to keep in place, best first. */
export type ViewAnchor = 'top' | RowAnchor[];

/**
 * At the top (or within a row of it): stay there. Otherwise the selected row if in view, then HEAD
 * if in view, then every commit in view from the top: the first one still there after the update
 * keeps its place on screen.
 */
export function captureAnchor(rows: AnchorRows, view: Viewport, selected: string | null): ViewAnchor {
  const { scrollTop, height, rowHeight } = view;
  if (scrollTop <= rowHeight) return 'top';
  const first = Math.floor(scrollTop / rowHeight);
  const last = Math.min(rows.length - 1, Math.floor((scrollTop + Math.max(height, 1) - 1) / rowHeight));
  const inView = (index: number) => index >= first && index <= last;
  const y = (index: number) => index * rowHeight - scrollTop;
  const anchors: RowAnchor[] = [];
  const selectedIndex = selected ? rows.indexOf(selected) : -1;
  if (selected && inView(selectedIndex)) anchors.push({ kind: 'commit', hash: selected, y: y(selectedIndex) });
  const headHash = rows.hashAt(rows.headIndex);
  if (headHash && inView(rows.headIndex)) anchors.push({ kind: 'head', hash: headHash, y: y(rows.headIndex) });
  for (let index = first; index <= last; index++) {
    const hash = rows.hashAt(index);
    if (hash) anchors.push({ kind: 'commit', hash, y: y(index) });
  }
  return anchors;
}

/** Where to scroll in the new rows; `fallback` when none of the anchored rows is there any more. */
export function anchoredScrollTop(anchor: ViewAnchor, rows: AnchorRows, rowHeight: number, fallback: number): number {
  if (anchor === 'top') return 0;
  for (const row of anchor) {
    const index = row.kind === 'head' && rows.headIndex >= 0 ? rows.headIndex : rows.indexOf(row.hash);
    if (index >= 0) return Math.max(0, index * rowHeight - row.y);
  }
  return fallback;
}

/** Was the row at `index` at least partly in view? */
export function isInView(index: number, view: Viewport): boolean {
  if (index < 0) return false;
  const top = index * view.rowHeight;
  return top + view.rowHeight > view.scrollTop && top < view.scrollTop + view.height;
}
