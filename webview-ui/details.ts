// The details pane: the selected commit's full message, author and committer with dates, and the
// files it changes with lines added and deleted. A file opens its diff; buttons go to, open or copy.
// For Uncommitted changes, their files: each one can be dragged onto a commit to amend it there.
import { formatCount, relativeTime, shortHash, uncommittedSummary } from '../src/core/format';
import type { CommitDetails, FileStat, GraphBadge, GraphCommit, UncommittedSummary } from '../src/protocol';
import { detailsBadge } from './badges';
import { h, icon } from './dom';

export interface DetailsActions {
  goto(hash: string): void;
  openChanges(hash: string): void;
  copyHash(hash: string): void;
  openFile(hash: string, file: FileStat): void;
  /** Selects another commit in the graph (a parent); false when it is not loaded. */
  reveal(hash: string): boolean;
  /** A badge's action (e.g. open the PR). */
  openBadge(hash: string, id: string): void;
  /** A press on a file of Uncommitted changes: it may become a drag onto a commit. */
  pressFile(event: PointerEvent, path: string): void;
}

const STATUS_NAMES: Record<string, string> = {
  A: 'added',
  M: 'modified',
  D: 'deleted',
  R: 'renamed',
  C: 'copied',
  T: 'type changed',
  U: 'unmerged',
  X: 'unknown',
};

export class DetailsPane {
  readonly element: HTMLElement;
  private shownHash: string | null = null;
  /** Uncommitted changes are shown (their files follow the working copy). */
  showingUncommitted = false;
  /** The shown commit's badges (its PR, broken commit rules), kept across re-renders of the rest. */
  private readonly badgeSection = h('div', { class: 'badges-section' });

  constructor(private readonly actions: DetailsActions) {
    this.element = h('aside', { class: 'details', attrs: { 'aria-label': 'Commit details', role: 'region' } });
    this.element.hidden = true;
  }

  get hash(): string | null {
    return this.shownHash;
  }

  hide(): void {
    this.shownHash = null;
    this.showingUncommitted = false;
    this.element.hidden = true;
    this.element.replaceChildren();
  }

  /** What the graph row already knows, while git fetches the rest. */
  showPending(commit: GraphCommit): void {
    this.shownHash = commit.hash;
    this.badgeSection.replaceChildren();
    this.fill([
      this.header(commit.title, commit.hash),
      this.badgeSection,
      h('p', { class: 'muted', text: 'Loading…' }),
    ]);
  }

  showMessage(title: string, text: string): void {
    this.shownHash = null;
    this.showingUncommitted = false;
    this.fill([h('h2', { class: 'title', text: title }), h('p', { class: 'muted', text })]);
  }

  /** Uncommitted changes: their files, each one draggable onto a commit (so is the row itself). */
  showUncommitted(summary: UncommittedSummary): void {
    this.shownHash = null;
    this.showingUncommitted = true;
    const files = summary.files ?? [];
    const items = files.map((file) => {
      const slash = file.path.lastIndexOf('/', file.path.endsWith('/') ? file.path.length - 2 : undefined);
      return h('li', {}, [
        h(
          'div',
          {
            class: 'file uncommitted-file',
            title: `${file.path} (${file.state}): drag onto a commit to amend it there`,
            attrs: { 'data-path': file.path, 'aria-label': `${file.path}, ${file.state}` },
            on: { pointerdown: (event) => this.actions.pressFile(event as PointerEvent, file.path) },
          },
          [
            icon('grabber'),
            h('span', { class: 'name', text: file.path.slice(slash + 1) }),
            h('span', { class: 'dir muted', text: slash > 0 ? file.path.slice(0, slash) : '' }),
            h('span', { class: 'counts muted', text: file.state }),
          ],
        ),
      ]);
    });
    this.fill([
      h('h2', { class: 'title', text: 'Uncommitted changes' }),
      h('p', { class: 'muted', text: `${uncommittedSummary(summary)}.` }),
      h('p', {
        class: 'muted',
        text: 'Drag this row, or one file below, onto a commit of your stack to amend the changes into it.',
      }),
      h('section', { class: 'files' }, [h('ul', { attrs: { role: 'list' } }, items)]),
    ]);
  }

  showError(hash: string, message: string): void {
    if (hash !== this.shownHash) return;
    this.fill([
      ...Array.from(this.element.children).slice(0, 2),
      h('p', { class: 'error', text: message, attrs: { role: 'alert' } }),
    ]);
  }

  show(details: CommitDetails, nowMs = Date.now()): void {
    if (details.hash !== this.shownHash) return;
    const [title, ...body] = details.message.split('\n');
    const bodyText = body.join('\n').replace(/^\n+/, '');
    const sameCommitter = details.committer === details.author && details.committerEmail === details.authorEmail;
    const meta = h('dl', { class: 'meta' }, [
      h('dt', { text: 'Author' }),
      h('dd', {}, [person(details.author, details.authorEmail), when(details.authorDate, nowMs)]),
      ...(sameCommitter && details.commitDate === details.authorDate
        ? []
        : [
            h('dt', { text: 'Committed' }),
            h('dd', {}, [
              sameCommitter ? null : person(details.committer, details.committerEmail),
              when(details.commitDate, nowMs),
            ]),
          ]),
      h('dt', { text: details.parents.length > 1 ? 'Parents' : 'Parent' }),
      h(
        'dd',
        {},
        details.parents.length
          ? details.parents.map((p) => this.parentLink(p))
          : [h('span', { class: 'muted', text: 'none (root commit)' })],
      ),
    ]);
    this.fill([
      this.header(title, details.hash),
      this.badgeSection,
      bodyText ? h('pre', { class: 'body', text: bodyText }) : null,
      meta,
      this.fileList(details),
    ]);
  }

  /** Shows these badges for the commit; the app calls it whenever a commit is shown or badges change. */
  setBadges(hash: string, badges: readonly GraphBadge[]): void {
    if (hash !== this.shownHash) return;
    this.badgeSection.replaceChildren(
      ...badges.map((badge) => detailsBadge(badge, () => this.actions.openBadge(hash, badge.id))),
    );
  }

  private fill(children: (Node | null)[]): void {
    this.element.hidden = false;
    this.element.replaceChildren(...children.filter((c): c is Node => c !== null));
  }

  private header(title: string, hash: string): HTMLElement {
    const button = (name: string, label: string, action: () => void) =>
      h(
        'button',
        { class: 'icon-button', title: label, attrs: { 'aria-label': label, type: 'button' }, on: { click: action } },
        [icon(name)],
      );
    return h('header', {}, [
      h('h2', { class: 'title', text: title || '(no message)' }),
      h('div', { class: 'actions' }, [
        h('code', { class: 'hash', text: shortHash(hash), title: hash }),
        button('copy', 'Copy commit hash', () => this.actions.copyHash(hash)),
        button('diff-multiple', 'Open commit changes', () => this.actions.openChanges(hash)),
        button('debug-step-into', 'Go to this commit', () => this.actions.goto(hash)),
      ]),
    ]);
  }

  private parentLink(hash: string): HTMLElement {
    return h('button', {
      class: 'link',
      text: shortHash(hash),
      title: hash,
      attrs: { type: 'button' },
      on: { click: () => this.actions.reveal(hash) },
    });
  }

  private fileList(details: CommitDetails): HTMLElement {
    const total = details.files.length + details.moreFiles;
    const heading = h('h3', { text: total === 1 ? '1 file changed' : `${formatCount(total)} files changed` });
    const items = details.files.map((file) => {
      const slash = file.path.lastIndexOf('/');
      const status = STATUS_NAMES[file.status] ?? file.status;
      const counts = file.added === null ? 'binary' : `+${formatCount(file.added)} −${formatCount(file.deleted ?? 0)}`;
      const label = `${file.path}, ${status}${file.originalPath ? ` from ${file.originalPath}` : ''}, ${file.added === null ? 'binary' : `${file.added} added, ${file.deleted} deleted`}`;
      return h('li', {}, [
        h(
          'button',
          {
            class: 'file',
            title: file.originalPath ? `${file.originalPath} → ${file.path}` : file.path,
            attrs: { type: 'button', 'aria-label': label },
            on: { click: () => this.actions.openFile(details.hash, file) },
          },
          [
            h('span', { class: `status status-${file.status}`, text: file.status }),
            h('span', { class: 'name', text: file.path.slice(slash + 1) }),
            h('span', { class: 'dir muted', text: slash > 0 ? file.path.slice(0, slash) : '' }),
            h(
              'span',
              { class: 'counts' },
              file.added === null
                ? [h('span', { class: 'muted', text: counts })]
                : [
                    h('span', { class: 'added', text: `+${formatCount(file.added)}` }),
                    h('span', { class: 'deleted', text: `−${formatCount(file.deleted ?? 0)}` }),
                  ],
            ),
          ],
        ),
      ]);
    });
    const more =
      details.moreFiles > 0
        ? h('p', {
            class: 'muted',
            text: `and ${formatCount(details.moreFiles)} more (open the commit's changes to see all)`,
          })
        : null;
    return h('section', { class: 'files' }, [heading, h('ul', { attrs: { role: 'list' } }, items), more]);
  }
}

function person(name: string, email: string): HTMLElement {
  return h('span', { class: 'person', title: email }, [
    h('span', { text: name }),
    h('span', { class: 'muted', text: ` <${email}>` }),
  ]);
}

function when(seconds: number, nowMs: number): HTMLElement {
  const date = new Date(seconds * 1000);
  return h('span', {
    class: 'when muted',
    title: date.toISOString(),
    text: ` · ${relativeTime(seconds, nowMs)} (${date.toLocaleString()})`,
  });
}
