// The banner above the graph while an operation needs the person: stopped on conflicts (Continue,
// Abort), interrupted (Abort), running, or a git rebase/merge… with git's advice; and the files with
// conflicts, each a button that opens the file. All text goes in as text.
import type { BannerAction, GraphBanner } from '../src/protocol';
import { h, icon } from './dom';

export interface BannerHost {
  act(action: BannerAction): void;
  openConflict(path: string): void;
}

const ICONS: Record<GraphBanner['kind'], string> = {
  stopped: 'warning',
  interrupted: 'error',
  running: 'loading',
  git: 'warning',
  conflicts: 'warning',
};

const BUTTONS: Record<BannerAction, { label: string; icon: string; title: string; primary: boolean }> = {
  continue: {
    label: 'Continue',
    icon: 'debug-continue',
    title: 'Continue the operation: the conflicts are resolved and staged (stackline continue)',
    primary: true,
  },
  abort: {
    label: 'Abort',
    icon: 'debug-stop',
    title: 'Abort: every branch and file goes back to exactly how it was before the operation (stackline abort)',
    primary: false,
  },
};

export class OperationBanner {
  /** Always in the page, empty when there is no banner; a new banner is announced, an update is not. */
  readonly element = h('div', { class: 'op-banner-slot' });
  private key = '';
  private filesKey = '';
  private buttons: HTMLButtonElement[] = [];
  private files: HTMLElement | undefined;

  constructor(private readonly host: BannerHost) {}

  show(banner: GraphBanner | null): void {
    const key = banner ? JSON.stringify([banner.kind, banner.text, banner.detail, banner.actions]) : '';
    if (key !== this.key) {
      this.key = key;
      this.filesKey = '';
      this.element.replaceChildren(...(banner ? [this.render(banner)] : []));
    }
    // The answer to a click arrived (or the state changed): the buttons work again.
    for (const button of this.buttons) button.disabled = false;
    // Rebuilt only when the files change, so a focused file button keeps its focus.
    const filesKey = JSON.stringify(banner?.conflicts ?? []);
    if (banner && this.files && filesKey !== this.filesKey) {
      this.filesKey = filesKey;
      this.files.replaceChildren(...banner.conflicts.map((path) => this.fileButton(path)));
      this.files.hidden = banner.conflicts.length === 0;
    }
  }

  private render(banner: GraphBanner): HTMLElement {
    this.buttons = banner.actions.map((action) => {
      const spec = BUTTONS[action];
      const button = h(
        'button',
        {
          class: spec.primary ? 'primary' : 'secondary',
          title: spec.title,
          attrs: { type: 'button', 'data-action': action },
        },
        [icon(spec.icon), h('span', { text: spec.label })],
      );
      button.addEventListener('click', () => {
        for (const b of this.buttons) b.disabled = true;
        this.host.act(action);
      });
      return button;
    });
    this.files = h('ul', { class: 'conflicts', attrs: { role: 'list', 'aria-label': 'Files with conflicts' } });
    const symbol = icon(ICONS[banner.kind]);
    if (banner.kind === 'running') symbol.classList.add('codicon-modifier-spin');
    // Something to act on is an alert (read out at once); a running operation is only news.
    return h(
      'div',
      { class: `op-banner kind-${banner.kind}`, attrs: { role: banner.kind === 'running' ? 'status' : 'alert' } },
      [
        symbol,
        h('div', { class: 'op-body' }, [
          h('p', { class: 'op-text' }, [
            h('strong', { text: banner.text }),
            banner.detail ? h('span', { class: 'op-detail', text: banner.detail }) : null,
          ]),
          this.files,
        ]),
        this.buttons.length
          ? h('div', { class: 'op-actions', attrs: { role: 'group', 'aria-label': 'Operation' } }, this.buttons)
          : null,
      ],
    );
  }

  private fileButton(path: string): HTMLElement {
    const slash = path.lastIndexOf('/');
    return h('li', {}, [
      h(
        'button',
        {
          class: 'conflict-file',
          title: `Open ${path} to resolve its conflicts`,
          attrs: { type: 'button', 'aria-label': `${path}, has conflicts: open it` },
          on: { click: () => this.host.openConflict(path) },
        },
        [
          icon('git-merge'),
          h('span', { class: 'name', text: path.slice(slash + 1) }),
          slash > 0 ? h('span', { class: 'dir', text: path.slice(0, slash) }) : null,
        ],
      ),
    ]);
  }
}
