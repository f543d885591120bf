// The commit-graph app: a toolbar (smartlog or history, a ref for history), the virtualized graph
// and the details pane. Talks to the extension only through the typed protocol.
import { relativeTime, shortHash, uncommittedSummary, formatCount } from '../src/core/format';
import {
  RequestClient,
  validateWebviewMessage,
  type CommitMenuContext,
  type FileStat,
  type GraphBadge,
  type GraphCommit,
  type GraphMode,
  type GraphViewState,
  type HostMessage,
  type RepoInfo,
  type WebviewMessage,
} from '../src/protocol';
import { anchoredScrollTop, captureAnchor, isInView, type ViewAnchor, type Viewport } from './anchor';
import { badgeSpeech, commitBadges, rowBadge } from './badges';
import { OperationBanner } from './banner';
import { GraphColumn } from './column';
import { DetailsPane } from './details';
import { h, icon, setText } from './dom';
import { MoveDrag } from './drag';
import { LANE_WIDTH, ROW_HEIGHT, rowSvg, type NodeKind } from './lanes';
import { VirtualList } from './list';
import { ariaLabel, foldText, GraphModel, type GraphRow } from './model';
import { restackMarks, type RestackMark } from './restackMarks';
import { compactTime, labelsOf, type Label } from './rowText';

export interface HostBridge {
  post(message: WebviewMessage): void;
  saveState(state: GraphViewState): void;
  /** A message from the extension was dropped: one line saying why. */
  dropped(reason: string): void;
}

/** Ask for the next history page when the view gets this close to the last loaded row. */
const LOAD_AHEAD = 200;
/** Keyboard repeat would ask git for every commit passed over: wait for the selection to settle. */
const DETAILS_DELAY_MS = 80;

interface RowParts {
  svg: SVGSVGElement;
  title: HTMLElement;
  /** "you are here", outside the labels: they may shrink away, it never does. */
  here: HTMLElement;
  labels: HTMLElement;
  author: HTMLElement;
  date: HTMLElement;
  /** The date in words and in its compact form ("5m"); CSS shows the one that fits. */
  longDate: HTMLElement;
  shortDate: HTMLElement;
  hash: HTMLElement;
  badges: HTMLElement;
  /** Needs restack: the outdated mark or the needs-restack mark, and the Restack button. */
  restack: HTMLElement;
  markup?: string;
  /** What each slot holds now, as JSON: a slot is rebuilt only when it changes. */
  keys: Partial<Record<Slot, string>>;
}

type Slot = 'labels' | 'badges' | 'restack';

export class GraphApp {
  readonly element: HTMLElement;
  private mode: GraphMode;
  private ref: string | null;
  private repo: RepoInfo | null = null;
  private model = GraphModel.history();
  private selectedHash: string | null;
  /** Where the saved state had the view, applied to the first rows after the webview comes back. */
  private restore: { anchor: ViewAnchor; scrollTop: number } | null;
  private history = { session: -1, done: true, loading: false };
  private readonly list: VirtualList;
  private readonly details: DetailsPane;
  private readonly drag: MoveDrag;
  /** An operation stopped on conflicts, interrupted or running, above the graph in both modes. */
  private readonly banner: OperationBanner;
  /** Per commit: what other features say about it (its PR, broken commit rules). */
  private badges = new Map<string, GraphBadge[]>();
  private readonly parts = new WeakMap<HTMLElement, RowParts>();
  private readonly status = h('span', { class: 'toolbar-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly notices = h('div', { class: 'notices' });
  private readonly modeButtons: Record<GraphMode, HTMLButtonElement>;
  private readonly refInput: HTMLInputElement;
  private readonly empty = h('div', { class: 'empty' });
  private readonly column: GraphColumn;
  /** Details and move previews are asked for, and answered by id. */
  private readonly requests: RequestClient;
  private detailsTimer: ReturnType<typeof setTimeout> | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: HostBridge,
    state: GraphViewState | undefined,
  ) {
    this.mode = state?.mode ?? 'smartlog';
    this.ref = state?.ref ?? null;
    this.selectedHash = state?.selected ?? null;
    this.requests = new RequestClient(
      (message) => host.post(message),
      (reason) => host.dropped(reason),
    );
    this.restore = state
      ? {
          anchor: state.scrollTop <= ROW_HEIGHT ? 'top' : state.anchor ? [state.anchor] : [],
          scrollTop: state.scrollTop,
        }
      : null;

    this.list = new VirtualList({
      label: 'Commit graph',
      rowHeight: ROW_HEIGHT,
      createRow: () => this.createRow(),
      updateRow: (element, index) => this.updateRow(element, index),
      onSelect: (index) => this.onSelect(index),
      onActivate: (index) => {
        const commit = this.model.commitAt(index);
        if (commit) this.host.post({ type: 'goto', hash: commit.hash });
      },
      onCopy: (index) => {
        const commit = this.model.commitAt(index);
        if (commit) this.host.post({ type: 'copyHash', hash: commit.hash });
      },
      onRendered: (last) => this.maybeLoadMore(last),
      onScroll: () => this.saveStateSoon(),
    });
    this.details = new DetailsPane({
      goto: (hash) => this.host.post({ type: 'goto', hash }),
      openChanges: (hash) => this.host.post({ type: 'openChanges', hash }),
      copyHash: (hash) => this.host.post({ type: 'copyHash', hash }),
      openFile: (hash: string, file: FileStat) => this.host.post({ type: 'openFile', hash, file }),
      reveal: (hash) => this.reveal(hash),
      openBadge: (hash, id) => this.host.post({ type: 'openBadge', hash, id }),
      pressFile: (event, path) => this.drag.pressFile(event, path),
    });

    const modeButton = (mode: GraphMode, label: string, iconName: string) =>
      h(
        'button',
        {
          class: 'mode',
          title: label,
          attrs: { type: 'button', 'aria-pressed': 'false', 'aria-label': label },
          on: { click: () => this.setMode(mode, this.ref) },
        },
        [icon(iconName), h('span', { text: label })],
      );
    this.modeButtons = {
      smartlog: modeButton('smartlog', 'Smartlog', 'list-tree'),
      history: modeButton('history', 'History', 'history'),
    };
    this.refInput = h('input', {
      class: 'ref',
      attrs: {
        type: 'text',
        placeholder: 'All branches and tags',
        'aria-label': 'Ref to show history of (empty: all branches and tags)',
        spellcheck: 'false',
      },
      on: {
        keydown: (event) => {
          if ((event as KeyboardEvent).key === 'Enter') this.setMode('history', this.refInput.value.trim() || null);
        },
      },
    });
    this.refInput.value = this.ref ?? '';
    const refresh = h(
      'button',
      {
        class: 'icon-button',
        title: 'Refresh',
        attrs: { type: 'button', 'aria-label': 'Refresh' },
        on: { click: () => this.host.post({ type: 'refresh' }) },
      },
      [icon('refresh')],
    );
    const toolbar = h('div', { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Graph' } }, [
      h('div', { class: 'modes', attrs: { role: 'group', 'aria-label': 'Mode' } }, [
        this.modeButtons.smartlog,
        this.modeButtons.history,
      ]),
      this.refInput,
      refresh,
      this.status,
    ]);
    this.banner = new OperationBanner({
      act: (action) => this.host.post({ type: 'bannerAction', action }),
      openConflict: (path) => this.host.post({ type: 'openConflict', path }),
    });
    const graph = h('div', { class: 'graph' }, [this.list.element, this.empty]);
    this.column = new GraphColumn(
      graph,
      {
        redraw: () => this.redrawLanes(),
        resized: (width) => {
          this.host.post({ type: 'columnWidth', width });
          this.saveStateSoon();
        },
        changed: () => this.saveStateSoon(),
      },
      { width: state?.columnWidth ?? null, scroll: state?.laneScroll ?? 0 },
    );
    this.element = h('div', { class: 'app' }, [
      toolbar,
      this.banner.element,
      this.notices,
      h('div', { class: 'main' }, [graph, this.details.element]),
    ]);
    this.drag = new MoveDrag({
      list: this.list.element,
      container: graph,
      rowHeight: ROW_HEIGHT,
      enabled: () => this.mode === 'smartlog',
      commitAt: (index) => this.model.commitAt(index),
      isUncommitted: (index) => this.model.rows[index]?.kind === 'uncommitted',
      indexOf: (hash) => this.model.indexOf(hash),
      post: (message) => this.host.post(message),
      preview: (source, destination) => this.requests.request('previewMove', { source, destination }),
      previewAmend: (destination, path) => this.requests.request('previewAmend', { destination, path }),
      redraw: () => this.list.refreshRows(),
      dropped: (text) => this.setStatus(`${text.replace(/^Move\b/, 'Moving')}…`),
    });
    // M picks up the selected commit to move it with the keyboard, aiming at trunk tip (the drag's own keys come first);
    // R restacks from a row that offers it; Left and Right scroll lanes that do not fit.
    this.list.element.addEventListener('keydown', (event) => {
      if (event.ctrlKey || event.altKey || event.metaKey) return;
      const selected = this.list.selected;
      let handled = false;
      if (event.key === 'm' && selected >= 0) {
        handled = this.drag.pickUp(selected);
        // Trunk tip is the likeliest destination (Move Onto… lists it first): the choice starts there;
        // for Uncommitted changes, HEAD (amend).
        const changes = this.model.rows[selected]?.kind === 'uncommitted';
        const tip = !handled ? -1 : changes ? this.model.headIndex : this.model.trunkTipIndex();
        if (tip >= 0 && tip !== selected && !this.model.sitsOn(selected, tip)) this.list.select(tip);
      } else if (event.key === 'r' && selected >= 0 && this.model.offersRestack(selected))
        handled = this.restack(selected);
      else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight')
        handled = this.column.scrollBy(event.key === 'ArrowLeft' ? -LANE_WIDTH : LANE_WIDTH);
      if (handled) event.preventDefault();
    });
    this.list.element.addEventListener('click', (event) => {
      const target = event.target as Element | null;
      const row = target?.closest<HTMLElement>('.row');
      const index = row ? Number(row.dataset.index) : -1;
      const commit = this.model.commitAt(index);
      const badge = target?.closest<HTMLElement>('.badge.actionable');
      if (badge && commit) this.host.post({ type: 'openBadge', hash: commit.hash, id: badge.dataset.badge! });
      if (target?.closest('.row-action.restack') && commit) this.restack(index);
      // The dot drawn at the column's edge: scroll its lane into view.
      if (target?.closest('.edge-marker') && index >= 0) this.column.reveal(this.model.layoutRow(index).column);
    });
    // Over the graph column, a sideways wheel (or Shift and the wheel) scrolls the lanes.
    this.list.element.addEventListener(
      'wheel',
      (event) => {
        const delta = event.deltaX || (event.shiftKey ? event.deltaY : 0);
        if (delta === 0 || !this.column.overflows) return;
        if (this.column.scrollBy(delta)) event.preventDefault();
      },
      { passive: false },
    );
    this.showMode();
  }

  /** The mode and ref to ask the extension for first. */
  get initial(): { mode: GraphMode; ref: string | null } {
    return { mode: this.mode, ref: this.ref };
  }

  handle(message: HostMessage): void {
    switch (message.type) {
      case 'smartlog':
        if (this.mode !== 'smartlog') return;
        this.repo = message.repo;
        this.replaceModel(GraphModel.smartlog(message.commits, message.uncommitted));
        this.drag.onModel();
        // Uncommitted changes in the details pane follow the working copy.
        if (this.details.showingUncommitted) {
          if (message.uncommitted) this.details.showUncommitted(message.uncommitted);
          else this.details.hide();
        }
        this.showNotices(message.notices);
        this.element.classList.toggle('pending', message.pending !== undefined);
        this.setStatus(message.pending ?? `${formatCount(message.commits.length)} commits in the smartlog`);
        return;
      case 'response':
      case 'requestFailed':
        this.requests.receive(message);
        return;
      case 'badges':
        this.badges = new Map(message.badges.map((entry) => [entry.hash, entry.badges]));
        this.list.refreshRows();
        if (this.selectedHash) this.details.setBadges(this.selectedHash, this.badgesOf(this.selectedHash));
        return;
      case 'banner':
        this.banner.show(message.banner);
        return;
      case 'columnWidth':
        this.column.setStored(message.width);
        return;
      case 'history':
        return this.onHistory(message);
      case 'error':
        this.history.loading = false;
        this.showNotices([message.message], true);
        this.setStatus('');
        return;
    }
  }

  private onHistory(message: Extract<HostMessage, { type: 'history' }>): void {
    if (this.mode !== 'history' || message.ref !== this.ref) return;
    this.repo = message.repo;
    if (message.session !== this.history.session) {
      if (message.offset !== 0) return;
      this.history = { session: message.session, done: message.done, loading: false };
      const model = GraphModel.history();
      for (const commit of message.commits) model.pushCommit(commit);
      this.replaceModel(model);
      this.showNotices([]);
    } else {
      if (message.offset !== this.model.length) return;
      for (const commit of message.commits) this.model.pushCommit(commit);
      this.history.done = message.done;
      this.history.loading = false;
      this.updateGraphWidth();
      this.list.grow(this.model.length);
    }
    this.list.setSize(this.history.done ? this.model.length : -1);
    const what = this.ref ? `of ${this.ref}` : 'of all branches and tags';
    this.setStatus(
      this.history.done
        ? `${formatCount(this.model.length)} commits ${what}`
        : `${formatCount(this.model.length)}+ commits ${what}, more load as you scroll`,
    );
    this.showEmpty();
  }

  /**
   * New rows for the same view: keeps the selection by hash and what was in view (the top, the
   * selected row, HEAD or the first commits in view) where it was; a selection in view stays in view.
   */
  private replaceModel(model: GraphModel): void {
    const view = this.viewport();
    const restore = this.restore ?? {
      anchor: captureAnchor(this.model, view, this.selectedHash),
      scrollTop: view.scrollTop,
    };
    const selectedWasInView =
      !this.restore && isInView(this.selectedHash ? this.model.indexOf(this.selectedHash) : -1, view);
    this.restore = null;
    const scrollTop = anchoredScrollTop(restore.anchor, model, ROW_HEIGHT, restore.scrollTop);
    this.model = model;
    this.updateGraphWidth();
    const selected = this.selectedHash ? model.indexOf(this.selectedHash) : -1;
    if (selected < 0 && this.selectedHash) {
      this.selectedHash = null;
      this.details.hide();
    }
    this.list.reset(model.length, selected, scrollTop);
    this.list.setSize(model.length);
    if (selected >= 0 && selectedWasInView) this.list.reveal(selected);
    if (selected >= 0 && this.details.hash !== this.selectedHash) this.list.select(selected, false);
    this.showEmpty();
    this.saveStateSoon();
  }

  private setMode(mode: GraphMode, ref: string | null): void {
    if (mode === this.mode && ref === this.ref) return;
    // The extension would refuse it anyway; say why here instead of waiting.
    if (!validateWebviewMessage({ type: 'setMode', mode, ref }).ok) {
      this.showNotices(
        [
          `'${ref}' is not a ref name. Type a branch, tag or commit (e.g. origin/main), or leave it empty for all history.`,
        ],
        true,
      );
      return;
    }
    this.drag.cancel();
    this.mode = mode;
    this.ref = mode === 'history' ? ref : this.ref;
    this.selectedHash = null;
    this.details.hide();
    this.history = { session: -1, done: true, loading: false };
    this.model = GraphModel.history();
    this.list.reset(0, -1, 0);
    this.showMode();
    this.setStatus('Loading…');
    this.host.post({ type: 'setMode', mode, ref: this.ref });
    this.saveStateSoon();
  }

  private showMode(): void {
    for (const [mode, button] of Object.entries(this.modeButtons))
      button.setAttribute('aria-pressed', String(mode === this.mode));
    this.refInput.hidden = this.mode !== 'history';
    this.element.dataset.mode = this.mode;
  }

  private maybeLoadMore(lastVisible: number): void {
    const { done, loading, session } = this.history;
    if (this.mode !== 'history' || done || loading || session < 0) return;
    if (lastVisible < this.model.length - LOAD_AHEAD) return;
    this.history.loading = true;
    this.host.post({ type: 'loadMore', session, offset: this.model.length });
  }

  private onSelect(index: number): void {
    const row = this.model.rows[index];
    clearTimeout(this.detailsTimer);
    this.drag.select(index);
    // The context-menu key on the focused list opens the menu for the selected commit.
    if (row?.kind === 'commit' && this.repo)
      this.list.element.setAttribute('data-vscode-context', JSON.stringify(menuContext(this.repo.root, row.commit)));
    else this.list.element.removeAttribute('data-vscode-context');
    if (row?.kind !== 'commit') {
      this.selectedHash = null;
      if (row?.kind === 'fold')
        this.details.showMessage(
          foldText(row.count),
          'Trunk commits between these two are folded away. Switch to History to see every commit.',
        );
      else if (row?.kind === 'uncommitted') this.details.showUncommitted(row.summary);
      this.saveStateSoon();
      return;
    }
    const hash = row.commit.hash;
    this.selectedHash = hash;
    if (this.details.hash !== hash) {
      this.details.showPending(row.commit);
      this.details.setBadges(hash, this.badgesOf(hash));
      this.detailsTimer = setTimeout(() => this.loadDetails(hash), DETAILS_DELAY_MS);
    }
    this.saveStateSoon();
  }

  /** The pane shows the answer only if this commit is still the one selected. */
  private loadDetails(hash: string): void {
    this.requests.request('details', { hash }).then(
      (details) => this.details.show(details),
      (error: Error) => this.details.showError(hash, error.message),
    );
  }

  private reveal(hash: string): boolean {
    const index = this.model.indexOf(hash);
    if (index < 0) return false;
    this.list.select(index);
    this.list.focus();
    return true;
  }

  private createRow(): HTMLElement {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('class', 'lanes');
    svg.setAttribute('height', String(ROW_HEIGHT));
    svg.setAttribute('aria-hidden', 'true');
    const longDate = h('span', { class: 'long' });
    const shortDate = h('span', { class: 'short' });
    const parts: RowParts = {
      svg,
      title: h('span', { class: 'title' }),
      // Narrower, it says "you", then only its icon (the row's label still says "you are here").
      here: h('span', { class: 'pill here', title: 'HEAD: the commit checked out' }, [
        icon('location'),
        h('span', { class: 'you' }, [
          document.createTextNode('you'),
          h('span', { class: 'are-here', text: ' are here' }),
        ]),
      ]),
      labels: h('span', { class: 'labels' }),
      author: h('span', { class: 'author' }),
      date: h('span', { class: 'date' }, [longDate, shortDate]),
      longDate,
      shortDate,
      hash: h('span', { class: 'sha' }),
      // A slot per commit for the badges other features add: its PR, broken commit rules.
      badges: h('span', { class: 'pr', attrs: { 'data-pr-slot': '' } }),
      restack: h('span', { class: 'restack' }),
      keys: {},
    };
    const row = h('div', { class: 'row', attrs: { role: 'option' } }, [
      svg,
      h('span', { class: 'text' }, [parts.title, parts.restack, parts.labels, parts.badges]),
      parts.author,
      parts.date,
      parts.hash,
    ]);
    this.parts.set(row, parts);
    return row;
  }

  private updateRow(element: HTMLElement, index: number): void {
    const parts = this.parts.get(element)!;
    const row = this.model.rows[index];
    const selected = index === this.list.selected;
    element.setAttribute('aria-selected', String(selected));
    element.setAttribute('aria-setsize', this.list.element.dataset.setsize ?? String(this.model.length));
    const badges = row.kind === 'commit' ? commitBadges(row.commit, this.badges.get(row.commit.hash) ?? []) : [];
    const dragClass =
      row.kind === 'commit'
        ? this.drag.rowClass(row.commit.hash)
        : row.kind === 'uncommitted'
          ? this.drag.changesClass()
          : '';
    const outdated = row.kind === 'commit' && row.commit.outdatedBy ? ' outdated' : '';
    // A predicted row while an operation runs: git is still making this commit.
    const rewriting = row.kind === 'commit' && row.commit.rewriting ? ' rewriting' : '';
    const className = `row ${row.kind}${selected ? ' selected' : ''}${row.kind === 'commit' && row.commit.isHead ? ' head' : ''}${outdated}${rewriting}${dragClass}`;
    if (element.className !== className) element.className = className;
    const nowMs = Date.now();
    element.setAttribute(
      'aria-label',
      [ariaLabel(row, nowMs), badgeSpeech(badges), rewriting ? 'being rewritten' : ''].filter(Boolean).join('; '),
    );
    this.setBadges(parts, badges);
    this.drawLanes(parts, index);
    this.setRestack(parts, row.kind === 'commit' ? restackMarks(row.commit, this.model.offersRestack(index)) : []);
    if (row.kind !== 'commit') {
      element.removeAttribute('data-vscode-context');
      setText(
        parts.title,
        row.kind === 'fold' ? foldText(row.count) : `Uncommitted changes: ${uncommittedSummary(row.summary)}`,
      );
      parts.here.remove();
      this.setLabels(parts, []);
      setText(parts.author, '');
      this.setDate(parts, undefined, nowMs);
      setText(parts.hash, '');
      return;
    }
    const commit = row.commit;
    if (this.repo) element.setAttribute('data-vscode-context', JSON.stringify(menuContext(this.repo.root, commit)));
    setText(parts.title, commit.title || '(no message)');
    // Only HEAD's row holds the pill, so `.pill.here` finds HEAD.
    if (!commit.isHead) parts.here.remove();
    else if (!parts.here.isConnected) parts.title.after(parts.here);
    this.setLabels(parts, labelsOf(commit));
    setText(parts.author, commit.author);
    this.setDate(parts, commit.date, nowMs);
    setText(parts.hash, commit.rewriting ? '…' : shortHash(commit.hash));
    parts.hash.title = commit.rewriting ? 'Git is rewriting this commit: its new hash comes when it is done' : '';
  }

  /** Most rows of a long history draw the same lanes: a recycled row often needs no new SVG at all. */
  private drawLanes(parts: RowParts, index: number): void {
    const row = this.model.rows[index];
    const shape = {
      kind: nodeKind(row),
      truncated: row.kind === 'commit' && row.commit.olderHistory,
      restack: row.kind === 'commit' && row.commit.needsRestack,
      colors: this.model.colorsAt(index),
    };
    const markup = rowSvg(this.model.layoutRow(index), shape, this.column.view);
    if (parts.markup !== markup) {
      parts.markup = markup;
      parts.svg.innerHTML = markup;
    }
  }

  /** The column was resized or its lanes scrolled: only the lanes of the rows in view change. */
  private redrawLanes(): void {
    for (const [index, element] of this.list.visibleRows()) {
      const parts = this.parts.get(element);
      // Rows of a model being replaced are filled again by the list's reset.
      if (parts && index < this.model.length) this.drawLanes(parts, index);
    }
  }

  /** Runs Restack for the repository, from a row that offers it. */
  private restack(index: number): boolean {
    const commit = this.model.commitAt(index);
    if (!commit) return false;
    this.host.post({ type: 'restack', hash: commit.hash });
    this.setStatus('Restacking…');
    return true;
  }

  /** Fills a slot of the row from its items, only when they changed. */
  private fillSlot<T>(parts: RowParts, slot: Slot, items: T[], build: (item: T) => Node): void {
    const key = JSON.stringify(items);
    if (parts.keys[slot] === key) return;
    parts.keys[slot] = key;
    parts[slot].replaceChildren(...items.map(build));
  }

  /** The needs-restack marks after the title. */
  private setRestack(parts: RowParts, marks: RestackMark[]): void {
    this.fillSlot(parts, 'restack', marks, (mark) =>
      mark.kind === 'button'
        ? h('button', { class: 'row-action restack', title: mark.title, attrs: { type: 'button', tabindex: '-1' } }, [
            icon('layers'),
            h('span', { text: mark.text }),
          ])
        : h('span', { class: `pill ${mark.kind}`, title: mark.title }, [
            icon(mark.icon),
            h('span', { class: 'name', text: mark.text }),
          ]),
    );
  }

  /** The date column: relative, compact when narrow, the exact date in the tooltip. */
  private setDate(parts: RowParts, date: number | undefined, nowMs: number): void {
    const words = date === undefined ? '' : relativeTime(date, nowMs);
    setText(parts.longDate, words);
    setText(parts.shortDate, date === undefined ? '' : compactTime(date, nowMs));
    const title = date === undefined ? '' : `${words}, ${new Date(date * 1000).toLocaleString()}`;
    if (parts.date.title !== title) parts.date.title = title;
  }

  /** The badges of a commit shown: its own (under review) and the extension's. */
  private badgesOf(hash: string): GraphBadge[] {
    const commit = this.model.commitAt(this.model.indexOf(hash));
    const fromHost = this.badges.get(hash) ?? [];
    return commit ? commitBadges(commit, fromHost) : fromHost;
  }

  /** Badges after the labels. */
  private setBadges(parts: RowParts, badges: GraphBadge[]): void {
    this.fillSlot(parts, 'badges', badges, rowBadge);
  }

  /** Pills after the title: branches, tags. Each one shrinks on its own, its whole name in its tooltip. */
  private setLabels(parts: RowParts, labels: Label[]): void {
    this.fillSlot(parts, 'labels', labels, (label) =>
      h('span', { class: `pill ${label.kind}`, title: label.title }, [
        icon(label.icon),
        label.text ? h('span', { class: 'name', text: label.text }) : null,
        label.pushed ? icon('cloud') : null,
      ]),
    );
  }

  private updateGraphWidth(): void {
    this.column.setLanes(this.model.layout.width);
  }

  private showNotices(notices: string[], error = false): void {
    this.notices.replaceChildren(
      ...notices.map((text) =>
        h('div', { class: `notice${error ? ' error' : ''}`, attrs: { role: error ? 'alert' : 'note' } }, [
          icon(error ? 'error' : 'info'),
          h('span', { text }),
        ]),
      ),
    );
  }

  private showEmpty(): void {
    this.empty.hidden = this.model.length > 0;
    if (this.model.length > 0) return;
    setText(
      this.empty,
      this.mode === 'history'
        ? 'No commits to show.'
        : this.repo?.head
          ? 'No commits to show.'
          : 'No commits yet. Make the first commit with git commit.',
    );
  }

  private viewport(): Viewport {
    return { scrollTop: this.list.scrollTop, height: this.list.viewportHeight, rowHeight: ROW_HEIGHT };
  }

  private setStatus(text: string): void {
    setText(this.status, text);
  }

  private saveStateSoon(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      const view = this.viewport();
      const anchor = captureAnchor(this.model, view, this.selectedHash);
      const column = this.column.state;
      const state: GraphViewState = {
        mode: this.mode,
        ref: this.ref,
        selected: this.selectedHash,
        scrollTop: Math.max(0, Math.round(view.scrollTop)),
        columnWidth: column.width,
        laneScroll: column.scroll,
      };
      this.host.saveState(
        anchor === 'top' || !anchor[0] ? state : { ...state, anchor: { ...anchor[0], y: Math.round(anchor[0].y) } },
      );
    }, 150);
  }
}

function nodeKind(row: GraphRow): NodeKind {
  if (row.kind !== 'commit') return row.kind;
  if (row.commit.isHead) return 'head';
  if (row.commit.outdatedBy) return 'outdated';
  return row.commit.phase ?? 'commit';
}

function menuContext(root: string, commit: GraphCommit): CommitMenuContext {
  return {
    webviewSection: 'commit',
    root,
    hash: commit.hash,
    isHead: commit.isHead,
    phase: commit.phase ?? 'unknown',
    restack: !!(commit.outdatedBy || commit.needsRestack),
    preventDefaultContextMenuItems: true,
  };
}
