// Drag and drop in the smartlog: drag a commit (its descendants come along) onto another commit to
// move it there. While dragging, the extension says what a drop would do (the core's move preview,
// worked out on the smartlog: nothing is written) and a card under the target shows it, or why it
// can't be done. Escape cancels. Keyboard: M picks the selected commit up, the arrows choose where,
// Enter puts it down.
import { shortHash } from '../src/core/format';
import type { GraphCommit, HostMessage, WebviewMessage } from '../src/protocol';
import { h, icon } from './dom';

type Preview = Extract<HostMessage, { type: 'movePreview' }>;

export interface DragHost {
  /** The scrolling list of rows. */
  list: HTMLElement;
  /** Holds the list; the card and the chip are placed in it. */
  container: HTMLElement;
  rowHeight: number;
  /** Moves are made in the smartlog only. */
  enabled(): boolean;
  commitAt(index: number): GraphCommit | undefined;
  indexOf(hash: string): number;
  post(message: WebviewMessage): void;
  /** The rows' drag look changed. */
  redraw(): void;
  /** A move was sent to the extension: `text` says what it does. */
  dropped(text: string): void;
}

/** Pixels the pointer travels before a press becomes a drag (a click stays a click). */
const THRESHOLD = 4;
/** Near the top or bottom edge of the list, a drag scrolls it. */
const EDGE = 32;
const MAX_SCROLL_STEP = 18;

interface Drag {
  source: GraphCommit;
  target: GraphCommit | null;
  keyboard: boolean;
}

export class MoveDrag {
  readonly card: HTMLElement;
  readonly chip: HTMLElement;
  private press: { x: number; y: number; index: number } | undefined;
  private drag: Drag | undefined;
  private readonly previews = new Map<string, Preview>();
  private readonly asked = new Set<string>();
  /** The commits that move with the source (any valid preview says; the destination does not change them). */
  private moving: string[] = [];
  private pointer = { x: 0, y: 0 };
  private scrolling = 0;

  constructor(private readonly host: DragHost) {
    this.card = h('div', { class: 'drop-card', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.chip = h('div', { class: 'drag-chip', attrs: { 'aria-hidden': 'true' } });
    this.card.hidden = true;
    this.chip.hidden = true;
    host.container.append(this.card, this.chip);
    host.list.addEventListener('pointerdown', (event) => this.onPointerDown(event));
    window.addEventListener('pointermove', (event) => this.onPointerMove(event));
    window.addEventListener('pointerup', (event) => this.onPointerUp(event));
    window.addEventListener('pointercancel', () => this.cancel());
    window.addEventListener('blur', () => this.drag && !this.drag.keyboard && this.cancel());
    window.addEventListener('keydown', (event) => this.onKey(event), true);
    host.list.addEventListener('scroll', () => this.drag && this.place());
  }

  get active(): boolean {
    return this.drag !== undefined;
  }

  /** Extra classes for a row while dragging: the commits that move, the target, a refused target. */
  rowClass(hash: string): string {
    const drag = this.drag;
    if (!drag) return '';
    if (hash === drag.target?.hash && hash !== drag.source.hash) {
      const preview = this.previewOf(drag);
      return preview ? (preview.ok ? ' drop-target' : ' drop-refused') : ' drop-target';
    }
    if (hash === drag.source.hash || this.moving.includes(hash)) return ` drag-moving${hash === drag.target?.hash ? ' drop-refused' : ''}`;
    return '';
  }

  onPreview(preview: Preview): void {
    const key = `${preview.source}:${preview.destination}`;
    this.previews.set(key, preview);
    if (preview.ok && this.drag?.source.hash === preview.source) this.moving = preview.moving;
    if (this.drag) this.render();
  }

  /** New rows: previews are asked again; a drag whose commit went away ends. */
  onModel(): void {
    this.previews.clear();
    this.asked.clear();
    const drag = this.drag;
    if (!drag) return;
    const source = this.host.commitAt(this.host.indexOf(drag.source.hash));
    if (!source || !this.host.enabled()) return this.cancel();
    drag.source = source;
    drag.target = drag.target ? this.host.commitAt(this.host.indexOf(drag.target.hash)) ?? null : null;
    this.render();
  }

  /** Keyboard: picks up the commit at `index`; the selection then says where it goes. */
  pickUp(index: number): boolean {
    const source = this.host.commitAt(index);
    if (!source || !this.host.enabled() || this.drag) return false;
    this.start(source, true);
    return true;
  }

  /** Keyboard: the selection moved to this row. */
  select(index: number): void {
    if (!this.drag?.keyboard) return;
    this.setTarget(this.host.commitAt(index) ?? null);
  }

  /** Puts the commit down on the target: sends the move when the preview allows it. */
  drop(): void {
    const drag = this.drag;
    if (!drag) return;
    const preview = this.previewOf(drag);
    this.end();
    if (!drag.target || drag.target.hash === drag.source.hash || (preview && !preview.ok)) return;
    this.host.post({ type: 'move', source: drag.source.hash, destination: drag.target.hash });
    this.host.dropped(preview?.ok ? preview.text : `Moving ${shortHash(drag.source.hash)} onto ${shortHash(drag.target.hash)}`);
  }

  cancel(): void {
    this.press = undefined;
    if (this.drag) this.end();
  }

  private start(source: GraphCommit, keyboard: boolean): void {
    this.drag = { source, target: keyboard ? source : null, keyboard };
    this.moving = [];
    this.host.list.classList.add('dragging');
    this.render();
  }

  private end(): void {
    this.drag = undefined;
    this.moving = [];
    cancelAnimationFrame(this.scrolling);
    this.scrolling = 0;
    this.host.list.classList.remove('dragging');
    this.card.hidden = true;
    this.chip.hidden = true;
    this.host.redraw();
  }

  private onPointerDown(event: PointerEvent): void {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || !this.host.enabled()) return;
    const row = (event.target as Element | null)?.closest<HTMLElement>('.row.commit');
    if (!row || (event.target as Element).closest('.badge.actionable')) return;
    this.press = { x: event.clientX, y: event.clientY, index: Number(row.dataset.index) };
  }

  private onPointerMove(event: PointerEvent): void {
    this.pointer = { x: event.clientX, y: event.clientY };
    if (!this.drag && this.press) {
      if ((event.buttons & 1) === 0) return void (this.press = undefined);
      if (Math.hypot(event.clientX - this.press.x, event.clientY - this.press.y) < THRESHOLD) return;
      const source = this.host.commitAt(this.press.index);
      this.press = undefined;
      if (source) this.start(source, false);
    }
    if (!this.drag || this.drag.keyboard) return;
    this.targetUnderPointer();
    this.autoScroll();
  }

  private onPointerUp(event: PointerEvent): void {
    this.press = undefined;
    if (!this.drag || this.drag.keyboard) return;
    this.pointer = { x: event.clientX, y: event.clientY };
    this.targetUnderPointer();
    // The press and release may both land on one row: that click must not also select it.
    const swallow = (click: Event) => click.stopPropagation();
    window.addEventListener('click', swallow, true);
    setTimeout(() => window.removeEventListener('click', swallow, true), 0);
    this.drop();
  }

  private onKey(event: KeyboardEvent): void {
    if (!this.drag) return;
    if (event.key === 'Escape') this.cancel();
    else if (event.key === 'Enter' && this.drag.keyboard) this.drop();
    else return;
    event.preventDefault();
    event.stopPropagation();
  }

  private targetUnderPointer(): void {
    const element = document.elementFromPoint(this.pointer.x, this.pointer.y);
    const row = element?.closest<HTMLElement>('.row.commit');
    this.setTarget(row && this.host.list.contains(row) ? this.host.commitAt(Number(row.dataset.index)) ?? null : null);
  }

  private setTarget(target: GraphCommit | null): void {
    const drag = this.drag!;
    if (drag.target?.hash === target?.hash) return this.place();
    drag.target = target;
    if (target) this.ask(drag.source, target);
    this.render();
  }

  private ask(source: GraphCommit, destination: GraphCommit): void {
    const key = `${source.hash}:${destination.hash}`;
    if (this.asked.has(key)) return;
    this.asked.add(key);
    this.host.post({ type: 'previewMove', source: source.hash, destination: destination.hash });
  }

  private previewOf(drag: Drag): Preview | undefined {
    return drag.target ? this.previews.get(`${drag.source.hash}:${drag.target.hash}`) : undefined;
  }

  /** Scrolls the list while the pointer is near its top or bottom edge. */
  private autoScroll(): void {
    const box = this.host.list.getBoundingClientRect();
    const step = this.pointer.y < box.top + EDGE ? -1 : this.pointer.y > box.bottom - EDGE ? 1 : 0;
    if (step === 0 || this.scrolling) return;
    const tick = () => {
      const depth = step < 0 ? box.top + EDGE - this.pointer.y : this.pointer.y - (box.bottom - EDGE);
      if (!this.drag || depth <= 0) return void (this.scrolling = 0);
      this.host.list.scrollTop += step * Math.min(MAX_SCROLL_STEP, Math.ceil(depth / 2));
      this.targetUnderPointer();
      this.scrolling = requestAnimationFrame(tick);
    };
    this.scrolling = requestAnimationFrame(tick);
  }

  private render(): void {
    const drag = this.drag;
    this.host.redraw();
    if (!drag) return;
    const count = Math.max(1, this.moving.length);
    const more = count > 1 ? [h('span', { class: 'count', text: `+${count - 1}` })] : [];
    this.chip.replaceChildren(icon('grabber'), h('span', { class: 'title', text: drag.source.title || shortHash(drag.source.hash) }), ...more);
    // Over a commit the card says it all; elsewhere the chip beside the pointer shows what is held.
    this.chip.hidden = drag.keyboard || drag.target !== null;
    this.card.replaceChildren(...this.cardContent(drag));
    this.card.hidden = !drag.keyboard && drag.target === null;
    this.card.className = `drop-card${this.cardTone(drag)}`;
    this.place();
  }

  private cardTone(drag: Drag): string {
    const preview = this.previewOf(drag);
    if (!drag.target || (drag.keyboard && drag.target.hash === drag.source.hash)) return ' hint';
    return preview ? (preview.ok ? ' ok' : ' refused') : ' checking';
  }

  private cardContent(drag: Drag): Node[] {
    const preview = this.previewOf(drag);
    if (!drag.target || (drag.keyboard && drag.target.hash === drag.source.hash)) {
      const text = `Moving ${drag.source.title || shortHash(drag.source.hash)}: choose a commit with ↑ and ↓, Enter moves it there, Escape cancels.`;
      return [h('div', { class: 'headline' }, [icon('move'), h('span', { text })])];
    }
    if (!preview) return [h('div', { class: 'headline' }, [icon('loading~spin'), h('span', { text: 'Checking…' })])];
    if (!preview.ok) return [h('div', { class: 'headline' }, [icon('circle-slash'), h('span', { text: preview.text })])];
    const ghosts = [...preview.moving].reverse().map((hash) => {
      const commit = this.host.commitAt(this.host.indexOf(hash));
      return h('div', { class: 'ghost' }, [h('span', { class: 'dot' }), h('span', { class: 'title', text: commit?.title || '(no message)' }), h('span', { class: 'sha', text: shortHash(hash) })]);
    });
    const onto = h('div', { class: 'ghost onto' }, [h('span', { class: 'dot' }), h('span', { class: 'title', text: drag.target.title || '(no message)' }), h('span', { class: 'sha', text: shortHash(drag.target.hash) })]);
    const how = drag.keyboard ? 'Enter moves, Escape cancels' : 'Release to move, Escape cancels';
    return [h('div', { class: 'headline' }, [icon('move'), h('span', { text: preview.text })]), h('div', { class: 'ghosts' }, [...ghosts, onto]), h('div', { class: 'how', text: how })];
  }

  /** The card sits under the target row (above it when there is no room), the chip beside the pointer. */
  private place(): void {
    const drag = this.drag;
    if (!drag) return;
    const origin = this.host.container.getBoundingClientRect();
    this.chip.style.transform = `translate(${Math.round(this.pointer.x - origin.left + 14)}px, ${Math.round(this.pointer.y - origin.top + 10)}px)`;
    const anchor = drag.target ?? drag.source;
    const index = this.host.indexOf(anchor.hash);
    const rowTop = index * this.host.rowHeight - this.host.list.scrollTop;
    const height = this.card.offsetHeight;
    const below = rowTop + this.host.rowHeight + 2;
    const top = below + height <= this.host.container.clientHeight || rowTop - height - 2 < 0 ? below : rowTop - height - 2;
    this.card.style.transform = `translateY(${Math.round(top)}px)`;
    this.card.style.left = `calc(${this.host.list.style.getPropertyValue('--graph-width') || '18px'} + 8px)`;
  }
}
