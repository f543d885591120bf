// The graph column: how wide it is (fit to the lanes, or what the person dragged it to, remembered
// by the extension), and, when the lanes need more room than that, how far they are scrolled
// sideways. Owns the resize handle (a separator: drag, arrow keys, double-click to fit) and the
// scroll bar under the column; rows are drawn by the app with `view`.
import { COLUMN_WIDTH } from '../src/protocol';
import { h } from './dom';
import { LANE_WIDTH, laneX, lanesWidth, type LaneView } from './lanes';

/** Fitting the lanes, the column takes at most this share of the window… */
const AUTO_SHARE = 0.2;
/** …but room for this many lanes at least. */
const AUTO_MIN_LANES = 6;
/** The titles keep this much of the list's width whatever the column is set to. */
const MIN_TEXT = 160;

/**
 * The column's width in pixels: what the person set, or the lanes' width up to a share of the
 * window; never wider than the lanes need, and never so wide the titles lose their room.
 */
export function columnWidth(lanes: number, stored: number | null, windowWidth: number, listWidth: number): number {
  const natural = lanesWidth(lanes);
  const wanted = stored ?? Math.max(lanesWidth(AUTO_MIN_LANES), Math.round(windowWidth * AUTO_SHARE));
  const room = listWidth > 0 ? listWidth - MIN_TEXT : Infinity;
  return Math.max(COLUMN_WIDTH.min, Math.min(wanted, natural, room));
}

/** The sideways scroll that shows `lane` in the middle of a column `width` wide. */
export function scrollToShow(lane: number, lanes: number, width: number): number {
  return clampScroll(Math.round(laneX(lane) - width / 2), lanes, width);
}

export function clampScroll(scroll: number, lanes: number, width: number): number {
  return Math.max(0, Math.min(Math.round(scroll), lanesWidth(lanes) - width));
}

export interface ColumnHost {
  /** The width or the scroll changed: draw the rows' lanes again. */
  redraw(): void;
  /** The person resized the column (null: back to fitting the lanes). */
  resized(width: number | null): void;
  /** Something worth keeping in the view state changed. */
  changed(): void;
}

export class GraphColumn {
  readonly handle: HTMLElement;
  readonly scrollbar: HTMLElement;
  private readonly track: HTMLElement;
  private lanes = 1;
  private stored: number | null;
  /** The sideways scroll asked for; shown clamped to the lanes there are (a restored view waits for its rows). */
  private wanted: number;
  /** The scroll bar's position as last set or seen here: its scroll events for that are not the person's. */
  private barScroll = 0;
  private width: number = COLUMN_WIDTH.min;
  private windowWidth = 0;
  private listWidth = 0;
  private dragging: { x: number; width: number } | undefined;

  constructor(
    /** Holds the list, the handle and the scroll bar; the column's width is its --graph-width. */
    private readonly container: HTMLElement,
    private readonly host: ColumnHost,
    saved: { width: number | null; scroll: number },
  ) {
    this.stored = saved.width;
    this.wanted = saved.scroll;
    this.handle = h('div', {
      class: 'column-handle',
      title: 'Drag to resize the graph column; double-click to fit the lanes',
      attrs: { role: 'separator', tabindex: '0', 'aria-orientation': 'vertical', 'aria-label': 'Graph column width' },
      on: {
        pointerdown: (event) => this.onPointerDown(event as PointerEvent),
        pointermove: (event) => this.onPointerMove(event as PointerEvent),
        pointerup: (event) => this.onPointerUp(event as PointerEvent),
        pointercancel: () => (this.dragging = undefined),
        dblclick: () => this.setStored(null, true),
        keydown: (event) => this.onKey(event as KeyboardEvent),
      },
    });
    this.track = h('div', { class: 'lane-track' });
    // Focusable only through the list's arrow keys; a mouse or touchpad scrolls it directly.
    this.scrollbar = h('div', { class: 'lane-scrollbar', attrs: { 'aria-hidden': 'true' } }, [this.track]);
    this.scrollbar.addEventListener('scroll', () => {
      if (this.scrollbar.scrollLeft !== this.barScroll) this.setScroll(this.scrollbar.scrollLeft);
    });
    container.append(this.handle, this.scrollbar);
    new ResizeObserver(() => this.measure()).observe(container);
  }

  /** The part of the lanes in view, when they do not all fit. */
  get view(): LaneView | undefined {
    return this.overflows ? { scroll: this.scroll, width: this.width } : undefined;
  }

  get overflows(): boolean {
    return lanesWidth(this.lanes) > this.width;
  }

  get state(): { width: number | null; scroll: number } {
    return { width: this.stored, scroll: this.wanted };
  }

  private get scroll(): number {
    return clampScroll(this.wanted, this.lanes, this.width);
  }

  /** The layout grew or changed. */
  setLanes(lanes: number): void {
    if (lanes === this.lanes) return;
    this.lanes = lanes;
    // Rows drawn before may show a scroll the new lanes clamp differently: draw them again.
    this.update(true);
  }

  /** The width remembered by the extension (another graph may have set it). */
  setStored(width: number | null, byPerson = false): void {
    if (this.dragging && !byPerson) return;
    this.stored = width;
    this.update();
    if (byPerson) this.host.resized(width);
  }

  /** Scrolls the lanes sideways by pixels; false when they fit (nothing to scroll). */
  scrollBy(pixels: number): boolean {
    if (!this.overflows) return false;
    this.setScroll(this.scroll + pixels);
    return true;
  }

  /** Brings a lane into view when it is scrolled away. */
  reveal(lane: number): void {
    const x = laneX(lane) - this.scroll;
    if (this.overflows && (x < LANE_WIDTH || x > this.width - LANE_WIDTH))
      this.setScroll(scrollToShow(lane, this.lanes, this.width));
  }

  private setScroll(scroll: number): void {
    const before = this.scroll;
    this.wanted = clampScroll(scroll, this.lanes, this.width);
    this.moveBar();
    if (this.scroll === before) return;
    this.host.redraw();
    this.host.changed();
  }

  private moveBar(): void {
    this.barScroll = this.scroll;
    if (this.scrollbar.scrollLeft !== this.barScroll) this.scrollbar.scrollLeft = this.barScroll;
    // The bar may not reach that far yet (its track just grew): what it shows is what it reports next.
    this.barScroll = this.scrollbar.scrollLeft;
  }

  private measure(): void {
    this.windowWidth = document.documentElement.clientWidth;
    this.listWidth = this.container.clientWidth;
    this.update();
  }

  private update(redraw = false): void {
    const width = columnWidth(this.lanes, this.stored, this.windowWidth, this.listWidth);
    const before = { width: this.width, overflows: this.overflows, scroll: this.scroll };
    this.width = width;
    const changed = width !== before.width || this.overflows !== before.overflows;
    this.container.style.setProperty('--graph-width', `${width}px`);
    this.container.classList.toggle('lanes-overflow', this.overflows);
    this.track.style.width = `${lanesWidth(this.lanes)}px`;
    this.handle.setAttribute('aria-valuenow', String(width));
    this.handle.setAttribute('aria-valuemin', String(COLUMN_WIDTH.min));
    this.handle.setAttribute('aria-valuemax', String(lanesWidth(this.lanes)));
    this.handle.setAttribute(
      'aria-valuetext',
      `${width} pixels, ${this.overflows ? `${Math.floor(width / LANE_WIDTH)} of ${this.lanes} lanes in view` : 'every lane in view'}`,
    );
    this.moveBar();
    if (redraw || changed || this.scroll !== before.scroll) this.host.redraw();
  }

  private onPointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    this.handle.setPointerCapture(event.pointerId);
    this.dragging = { x: event.clientX, width: this.width };
    event.preventDefault();
  }

  private onPointerMove(event: PointerEvent): void {
    if (!this.dragging) return;
    this.stored = Math.max(
      COLUMN_WIDTH.min,
      Math.min(COLUMN_WIDTH.max, Math.round(this.dragging.width + event.clientX - this.dragging.x)),
    );
    this.update();
  }

  private onPointerUp(event: PointerEvent): void {
    if (!this.dragging) return;
    this.handle.releasePointerCapture(event.pointerId);
    const moved = event.clientX !== this.dragging.x;
    this.dragging = undefined;
    // What the drag left is what the column shows (clamped to the lanes and the titles' room).
    if (moved) this.setStored(this.width, true);
  }

  private onKey(event: KeyboardEvent): void {
    const steps: Record<string, number | null> = {
      ArrowLeft: this.width - LANE_WIDTH,
      ArrowRight: this.width + LANE_WIDTH,
      Home: COLUMN_WIDTH.min,
      End: lanesWidth(this.lanes),
    };
    if (event.key === 'Enter') this.setStored(null, true);
    else if (event.key in steps)
      this.setStored(Math.max(COLUMN_WIDTH.min, Math.min(COLUMN_WIDTH.max, steps[event.key]!)), true);
    else return;
    event.preventDefault();
  }
}
