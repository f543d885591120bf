// Drag and drop in the smartlog: drag a commit (its descendants come along) onto another commit to
// move it there, or drag Uncommitted changes (the row, or one file of it from the details pane) onto
// a commit to amend them into it. While dragging, the extension says what a drop would do (the
// core's previews, worked out on the smartlog: nothing is written) and a card under the target
// shows it, or why it can't be done. Escape cancels. Keyboard: M picks the selected row up, the
// arrows choose where, Enter puts it down.
import { shortHash } from '../src/core/format';
import type { GraphCommit, MovePreview, WebviewMessage } from '../src/protocol';
import { h, icon } from './dom';
import { UNCOMMITTED_ID } from './model';

export interface DragHost {
  /** The scrolling list of rows. */
  list: HTMLElement;
  /** Holds the list; the card and the chip are placed in it. */
  container: HTMLElement;
  rowHeight: number;
  /** Moves are made in the smartlog only. */
  enabled(): boolean;
  commitAt(index: number): GraphCommit | undefined;
  /** The row at `index` is Uncommitted changes. */
  isUncommitted(index: number): boolean;
  indexOf(hash: string): number;
  post(message: WebviewMessage): void;
  /** Asks the extension what dropping `source` on `destination` would do. */
  preview(source: string, destination: string): Promise<MovePreview>;
  /** The same for Uncommitted changes (all, or the file `path`). */
  previewAmend(destination: string, path: string | null): Promise<MovePreview>;
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

/** What is held: a commit (with what is above it), or Uncommitted changes, all of them or one file. */
type Held = { kind: 'commit'; commit: GraphCommit } | { kind: 'changes'; path: string | null };

interface Drag {
  source: Held;
  target: GraphCommit | null;
  keyboard: boolean;
}

/** The hash of the commit held; none for changes. */
const heldHash = (held: Held) => (held.kind === 'commit' ? held.commit.hash : undefined);
const heldKey = (held: Held) => (held.kind === 'commit' ? held.commit.hash : `changes:${held.path ?? ''}`);
const heldTitle = (held: Held) =>
  held.kind === 'commit' ? held.commit.title || shortHash(held.commit.hash) : (held.path ?? 'Uncommitted changes');

export class MoveDrag {
  readonly card: HTMLElement;
  readonly chip: HTMLElement;
  private press: { x: number; y: number; source: () => Held | undefined } | undefined;
  private drag: Drag | undefined;
  private readonly previews = new Map<string, MovePreview>();
  private readonly asked = new Set<string>();
  /** Counts the rows' changes: an answer asked for about older rows is dropped. */
  private rowsVersion = 0;
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
    if (hash === drag.target?.hash && hash !== heldHash(drag.source)) {
      const preview = this.previewOf(drag);
      return preview ? (preview.ok ? ' drop-target' : ' drop-refused') : ' drop-target';
    }
    if (hash === heldHash(drag.source) || this.moving.includes(hash))
      return ` drag-moving${hash === drag.target?.hash ? ' drop-refused' : ''}`;
    return '';
  }

  /** The Uncommitted changes row's drag look: held (all of them, or one of its files). */
  changesClass(): string {
    return this.drag?.source.kind === 'changes' ? ' drag-moving' : '';
  }

  /** A press on a file of Uncommitted changes (in the details pane): dragging it onto a commit amends it there. */
  pressFile(event: PointerEvent, path: string): void {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || !this.host.enabled())
      return;
    this.press = { x: event.clientX, y: event.clientY, source: () => ({ kind: 'changes', path }) };
  }

  /** New rows: previews are asked again; a drag whose commit went away ends. */
  onModel(): void {
    this.rowsVersion++;
    this.previews.clear();
    this.asked.clear();
    const drag = this.drag;
    if (!drag) return;
    if (!this.host.enabled()) return this.cancel();
    if (drag.source.kind === 'commit') {
      const source = this.host.commitAt(this.host.indexOf(drag.source.commit.hash));
      if (!source) return this.cancel();
      drag.source = { kind: 'commit', commit: source };
    }
    drag.target = drag.target ? (this.host.commitAt(this.host.indexOf(drag.target.hash)) ?? null) : null;
    this.render();
  }

  /** Keyboard: picks up the commit (or Uncommitted changes) at `index`; the selection then says where it goes. */
  pickUp(index: number): boolean {
    const source = this.heldAt(index);
    if (!source || !this.host.enabled() || this.drag) return false;
    this.start(source, true);
    return true;
  }

  private heldAt(index: number): Held | undefined {
    if (this.host.isUncommitted(index)) return { kind: 'changes', path: null };
    const commit = this.host.commitAt(index);
    return commit && { kind: 'commit', commit };
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
    const source = drag.source;
    if (!drag.target || drag.target.hash === heldHash(source) || (preview && !preview.ok)) return;
    if (source.kind === 'changes') {
      this.host.post({ type: 'amend', destination: drag.target.hash, path: source.path });
      return this.host.dropped(preview?.ok ? preview.text : `Amending into ${shortHash(drag.target.hash)}`);
    }
    this.host.post({ type: 'move', source: source.commit.hash, destination: drag.target.hash });
    this.host.dropped(
      preview?.ok ? preview.text : `Moving ${shortHash(source.commit.hash)} onto ${shortHash(drag.target.hash)}`,
    );
  }

  cancel(): void {
    this.press = undefined;
    if (this.drag) this.end();
  }

  private start(source: Held, keyboard: boolean): void {
    this.drag = { source, target: keyboard && source.kind === 'commit' ? source.commit : null, keyboard };
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
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || !this.host.enabled())
      return;
    const row = (event.target as Element | null)?.closest<HTMLElement>('.row.commit, .row.uncommitted');
    if (!row || (event.target as Element).closest('.badge.actionable')) return;
    const index = Number(row.dataset.index);
    this.press = { x: event.clientX, y: event.clientY, source: () => this.heldAt(index) };
  }

  private onPointerMove(event: PointerEvent): void {
    this.pointer = { x: event.clientX, y: event.clientY };
    if (!this.drag && this.press) {
      if ((event.buttons & 1) === 0) return void (this.press = undefined);
      if (Math.hypot(event.clientX - this.press.x, event.clientY - this.press.y) < THRESHOLD) return;
      const source = this.press.source();
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
    this.setTarget(
      row && this.host.list.contains(row) ? (this.host.commitAt(Number(row.dataset.index)) ?? null) : null,
    );
  }

  private setTarget(target: GraphCommit | null): void {
    const drag = this.drag!;
    if (drag.target?.hash === target?.hash) return this.place();
    drag.target = target;
    if (target) this.ask(drag.source, target);
    this.render();
  }

  private ask(source: Held, destination: GraphCommit): void {
    const key = `${heldKey(source)}:${destination.hash}`;
    if (this.asked.has(key)) return;
    this.asked.add(key);
    const version = this.rowsVersion;
    const answered = (preview: MovePreview) => {
      if (version !== this.rowsVersion) return;
      this.previews.set(key, preview);
      if (preview.ok && this.drag && heldKey(this.drag.source) === heldKey(source)) this.moving = preview.moving;
      if (this.drag) this.render();
    };
    const asking =
      source.kind === 'commit'
        ? this.host.preview(source.commit.hash, destination.hash)
        : this.host.previewAmend(destination.hash, source.path);
    asking.then(answered, (error: Error) => answered({ ok: false, text: error.message, moving: [] }));
  }

  private previewOf(drag: Drag): MovePreview | undefined {
    return drag.target ? this.previews.get(`${heldKey(drag.source)}:${drag.target.hash}`) : undefined;
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
    this.chip.replaceChildren(icon('grabber'), h('span', { class: 'title', text: heldTitle(drag.source) }), ...more);
    // Over a commit the card says it all; elsewhere the chip beside the pointer shows what is held.
    this.chip.hidden = drag.keyboard || drag.target !== null;
    this.card.replaceChildren(...this.cardContent(drag));
    this.card.hidden = !drag.keyboard && drag.target === null;
    this.card.className = `drop-card${this.cardTone(drag)}`;
    this.place();
  }

  private cardTone(drag: Drag): string {
    const preview = this.previewOf(drag);
    if (!drag.target || (drag.keyboard && drag.target.hash === heldHash(drag.source))) return ' hint';
    return preview ? (preview.ok ? ' ok' : ' refused') : ' checking';
  }

  private cardContent(drag: Drag): Node[] {
    const preview = this.previewOf(drag);
    const changes = drag.source.kind === 'changes';
    if (!drag.target || (drag.keyboard && drag.target.hash === heldHash(drag.source))) {
      const text = changes
        ? `Amending ${heldTitle(drag.source)}: choose a commit with ↑ and ↓, Enter amends it, Escape cancels.`
        : `Moving ${heldTitle(drag.source)}: choose a commit with ↑ and ↓, Enter moves it there, Escape cancels.`;
      return [h('div', { class: 'headline' }, [icon(changes ? 'diff-added' : 'move'), h('span', { text })])];
    }
    if (!preview) return [h('div', { class: 'headline' }, [icon('loading~spin'), h('span', { text: 'Checking…' })])];
    if (!preview.ok)
      return [h('div', { class: 'headline' }, [icon('circle-slash'), h('span', { text: preview.text })])];
    if (changes) {
      const how = drag.keyboard ? 'Enter amends, Escape cancels' : 'Release to amend, Escape cancels';
      return [
        h('div', { class: 'headline' }, [icon('diff-added'), h('span', { text: preview.text })]),
        h('div', { class: 'how', text: how }),
      ];
    }
    const ghosts = [...preview.moving].reverse().map((hash) => {
      const commit = this.host.commitAt(this.host.indexOf(hash));
      return h('div', { class: 'ghost' }, [
        h('span', { class: 'dot' }),
        h('span', { class: 'title', text: commit?.title || '(no message)' }),
        h('span', { class: 'sha', text: shortHash(hash) }),
      ]);
    });
    const onto = h('div', { class: 'ghost onto' }, [
      h('span', { class: 'dot' }),
      h('span', { class: 'title', text: drag.target.title || '(no message)' }),
      h('span', { class: 'sha', text: shortHash(drag.target.hash) }),
    ]);
    const how = drag.keyboard ? 'Enter moves, Escape cancels' : 'Release to move, Escape cancels';
    return [
      h('div', { class: 'headline' }, [icon('move'), h('span', { text: preview.text })]),
      h('div', { class: 'ghosts' }, [...ghosts, onto]),
      h('div', { class: 'how', text: how }),
    ];
  }

  /** The card sits under the target row (above it when there is no room), the chip beside the pointer. */
  private place(): void {
    const drag = this.drag;
    if (!drag) return;
    const origin = this.host.container.getBoundingClientRect();
    this.chip.style.transform = `translate(${Math.round(this.pointer.x - origin.left + 14)}px, ${Math.round(this.pointer.y - origin.top + 10)}px)`;
    const index = this.host.indexOf(drag.target?.hash ?? heldHash(drag.source) ?? UNCOMMITTED_ID);
    const rowTop = index * this.host.rowHeight - this.host.list.scrollTop;
    const height = this.card.offsetHeight;
    const below = rowTop + this.host.rowHeight + 2;
    const top =
      below + height <= this.host.container.clientHeight || rowTop - height - 2 < 0 ? below : rowTop - height - 2;
    this.card.style.transform = `translateY(${Math.round(top)}px)`;
    this.card.style.left = `calc(${this.host.list.style.getPropertyValue('--graph-width') || '18px'} + 8px)`;
  }
}
