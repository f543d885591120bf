// A virtualized listbox: only the rows in view (plus a few) exist in the DOM, recycled as you
// scroll. Owns selection and keyboard navigation; what a row shows is the caller's business.
import { h } from './dom';

export interface ListOptions {
  label: string;
  rowHeight: number;
  createRow(): HTMLElement;
  /** Fills a (possibly recycled) row element for `index`. */
  updateRow(element: HTMLElement, index: number): void;
  onSelect(index: number): void;
  /** Enter or double-click. */
  onActivate(index: number): void;
  onCopy(index: number): void;
  /** After each render: the last row index in view, so the caller can load more. */
  onRendered(lastVisible: number): void;
  onScroll(scrollTop: number): void;
}

/** Rows rendered beyond the viewport on each side, so fast scrolling does not show gaps. */
const OVERSCAN = 8;

export class VirtualList {
  readonly element: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly visible = new Map<number, HTMLElement>();
  private readonly spare: HTMLElement[] = [];
  private count = 0;
  private selectedIndex = -1;
  private viewport = 0;

  constructor(private readonly options: ListOptions) {
    this.spacer = h('div', { class: 'spacer' });
    this.element = h('div', { class: 'list', attrs: { role: 'listbox', tabindex: '0', 'aria-label': options.label } }, [
      this.spacer,
    ]);
    this.element.addEventListener('scroll', () => {
      // Read before rendering: reading it after the rows changed would force a layout every frame.
      const scrollTop = this.element.scrollTop;
      this.render(scrollTop);
      this.options.onScroll(scrollTop);
    });
    this.element.addEventListener('click', (event) => this.onPointer(event, false));
    this.element.addEventListener('dblclick', (event) => this.onPointer(event, true));
    // Right-click selects the row first, so the context menu and the details pane agree.
    this.element.addEventListener('contextmenu', (event) => this.onPointer(event, false));
    this.element.addEventListener('keydown', (event) => this.onKey(event));
    new ResizeObserver(() => {
      this.viewport = this.element.clientHeight;
      this.render();
    }).observe(this.element);
  }

  get selected(): number {
    return this.selectedIndex;
  }

  get scrollTop(): number {
    return this.element.scrollTop;
  }

  get viewportHeight(): number {
    return this.viewport || this.element.clientHeight;
  }

  /** Replaces the row count; every rendered row is filled again. */
  reset(count: number, selected: number, scrollTop: number): void {
    this.count = count;
    this.selectedIndex = selected < count ? selected : -1;
    this.spacer.style.height = `${count * this.options.rowHeight}px`;
    for (const [index, row] of this.visible) this.recycle(index, row);
    this.element.scrollTop = scrollTop;
    this.render();
  }

  /** More rows at the end (the next history page); rows already shown stay as they are. */
  grow(count: number): void {
    this.count = count;
    this.spacer.style.height = `${count * this.options.rowHeight}px`;
    this.render();
  }

  select(index: number, reveal = true): void {
    if (index < 0 || index >= this.count) return;
    const previous = this.selectedIndex;
    this.selectedIndex = index;
    for (const i of [previous, index]) {
      const row = this.visible.get(i);
      if (row) this.options.updateRow(row, i);
    }
    if (reveal) this.reveal(index);
    this.updateActiveDescendant();
    this.options.onSelect(index);
  }

  focus(): void {
    this.element.focus({ preventScroll: true });
  }

  /** Scrolls the least needed to show the row whole. */
  reveal(index: number): void {
    const height = this.options.rowHeight;
    const top = index * height;
    const viewport = this.viewportHeight;
    if (top < this.element.scrollTop) this.element.scrollTop = top;
    else if (top + height > this.element.scrollTop + viewport) this.element.scrollTop = top + height - viewport;
    this.render();
  }

  render(scrollTop = this.element.scrollTop): void {
    const height = this.options.rowHeight;
    const viewport = this.viewportHeight;
    const first = Math.max(0, Math.floor(scrollTop / height) - OVERSCAN);
    const last = Math.min(this.count - 1, Math.ceil((scrollTop + viewport) / height) + OVERSCAN);
    for (const [index, row] of this.visible) if (index < first || index > last) this.recycle(index, row);
    for (let index = first; index <= last; index++) {
      if (this.visible.has(index)) continue;
      const row = this.spare.pop() ?? this.element.appendChild(this.options.createRow());
      row.hidden = false;
      row.id = `row-${index}`;
      row.dataset.index = String(index);
      row.style.transform = `translateY(${index * height}px)`;
      row.setAttribute('aria-posinset', String(index + 1));
      this.options.updateRow(row, index);
      this.visible.set(index, row);
    }
    this.updateActiveDescendant();
    this.options.onRendered(Math.min(this.count - 1, Math.ceil((scrollTop + viewport) / height)));
  }

  /** The rows rendered now (in view, and a few more), by index. */
  visibleRows(): IterableIterator<[number, HTMLElement]> {
    return this.visible.entries();
  }

  /** Fills every rendered row again (the rows' data changed in place). */
  refreshRows(): void {
    for (const [index, row] of this.visible) this.options.updateRow(row, index);
  }

  /** aria-setsize for every row: -1 while more history may come. */
  setSize(size: number): void {
    this.element.dataset.setsize = String(size);
    for (const row of this.visible.values()) row.setAttribute('aria-setsize', String(size));
  }

  private recycle(index: number, row: HTMLElement): void {
    this.visible.delete(index);
    row.hidden = true;
    row.removeAttribute('id');
    this.spare.push(row);
  }

  private updateActiveDescendant(): void {
    if (this.visible.has(this.selectedIndex))
      this.element.setAttribute('aria-activedescendant', `row-${this.selectedIndex}`);
    else this.element.removeAttribute('aria-activedescendant');
  }

  private onPointer(event: MouseEvent, activate: boolean): void {
    const row = (event.target as Element | null)?.closest<HTMLElement>('.row');
    if (!row || row.hidden) return;
    const index = Number(row.dataset.index);
    if (index !== this.selectedIndex) this.select(index, false);
    if (activate) this.options.onActivate(index);
  }

  private onKey(event: KeyboardEvent): void {
    if (event.altKey || event.metaKey) return;
    const page = Math.max(1, Math.floor(this.viewportHeight / this.options.rowHeight) - 1);
    const from =
      this.selectedIndex >= 0 ? this.selectedIndex : Math.floor(this.element.scrollTop / this.options.rowHeight) - 1;
    if (event.ctrlKey) {
      if (event.key === 'c' && this.selectedIndex >= 0) this.options.onCopy(this.selectedIndex);
      else if (event.key === 'Home') this.moveTo(0);
      else if (event.key === 'End') this.moveTo(this.count - 1);
      else return;
      event.preventDefault();
      return;
    }
    switch (event.key) {
      case 'ArrowDown':
      case 'j':
        this.moveTo(from + 1);
        break;
      case 'ArrowUp':
      case 'k':
        this.moveTo(from - 1);
        break;
      case 'PageDown':
        this.moveTo(from + page);
        break;
      case 'PageUp':
        this.moveTo(from - page);
        break;
      case 'Home':
        this.moveTo(0);
        break;
      case 'End':
        this.moveTo(this.count - 1);
        break;
      case 'Enter':
        if (this.selectedIndex >= 0) this.options.onActivate(this.selectedIndex);
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  private moveTo(index: number): void {
    if (this.count > 0) this.select(Math.max(0, Math.min(this.count - 1, index)));
  }
}
