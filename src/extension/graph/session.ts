// One graph webview (an editor panel or the sidebar view) bound to a repository: answers the
// webview's messages after validating them, and pushes the smartlog or history again whenever the
// repository changes, so the graph updates in place.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { shortHash } from '../../core/format';
import { GitError } from '../../core/git/errors';
import { historyCommits, repoInfo, restackMarksOf, smartlogMessage } from '../../core/graph/commits';
import { readCommitDetails } from '../../core/history/details';
import {
  HISTORY_PAGE_SIZE,
  readHistoryLabels,
  readHistoryPage,
  resolveHistoryTips,
  type HistoryLabels,
  type HistoryTips,
} from '../../core/history/log';
import { previewAbsorbInto, previewMove } from '../../core/operations';
import type { Smartlog } from '../../core/smartlog/model';
import { needsRestack } from '../../core/smartlog/outdated';
import {
  answerRequest,
  notOfferedBy,
  unknownCommitIn,
  unknownFileIn,
  validateWebviewMessage,
  type BannerAction,
  type CommitDetails,
  type FileStat,
  type GraphBanner,
  type GraphMode,
  type HostMessage,
  type MovePreview,
  type RequestHandlers,
  type RequestMessage,
  type WebviewMessage,
} from '../../protocol';
import { moveTo, openCommitChanges, reportErrors } from '../commands';
import { gitUri } from '../gitContent';
import type { Repositories } from '../repositories';
import type { Repository } from '../repository';
import type { StacksTree } from '../stacksTree';
import { badgesMessage } from './badgeMessage';
import type { GraphBadges } from './badges';
import { graphBanner } from './banner';
import { graphChangesDrop, graphDrop } from './drop';

/** After a repository change, history reloads what was loaded, up to this many commits at once. */
const MAX_RELOAD = 10_000;
const DETAILS_CACHE_SIZE = 100;

/** Where the graph column's width is remembered: one for graphs in editors, one for the side bar. */
export interface ColumnWidths {
  get(): number | null;
  set(width: number | null): Thenable<void>;
}

interface HistoryState {
  session: number;
  tips: HistoryTips;
  labels: HistoryLabels;
  /** What the load depends on: when it changes, history starts over. */
  signature: string;
  /** Commits sent so far. */
  served: number;
}

export class GraphSession implements vscode.Disposable {
  private mode: GraphMode = 'smartlog';
  private ref: string | null = null;
  private ready = false;
  private sentSmartlog: Smartlog | undefined;
  private history: HistoryState | undefined;
  private historySessions = 0;
  /** History work runs one step at a time: a reload must not interleave with a page. */
  private historyQueue: Promise<unknown> = Promise.resolve();
  private readonly detailsCache = new Map<string, CommitDetails>();
  /** The badges last sent, as JSON: unchanged badges are not sent again. */
  private sentBadges = '';
  /** The banner last sent, as JSON; undefined = send it again whatever it is. */
  private sentBanner: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** When this webview last heard from its user: context-menu commands go to the latest one. */
  lastActive = 0;

  constructor(
    private readonly webview: vscode.Webview,
    private readonly repositories: Repositories,
    private readonly log: vscode.OutputChannel,
    private readonly badges: GraphBadges,
    /** Its banner rows (an operation stopped, interrupted or running) are the graph's banner too. */
    private readonly stacksTree: StacksTree,
    /** The repository shown; undefined = the active one, looked up again on each load. */
    private root: string | undefined,
    private readonly columnWidths: ColumnWidths,
  ) {
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)),
      repositories.onDidChange(() => void this.onRepositoryChange()),
      badges.onDidChange((root) => {
        if (this.ready && (!root || root === this.repo()?.root)) this.sendBadges();
      }),
      // Fires when the repository changes and when an operation starts or ends.
      stacksTree.onDidChangeTreeData(() => {
        if (this.ready) this.sendBanner();
      }),
    );
  }

  get repositoryRoot(): string | undefined {
    return this.repo()?.root;
  }

  private repo(): Repository | undefined {
    const all = this.repositories.all;
    return all.find((repo) => repo.root === this.root) ?? this.repositories.active;
  }

  private requireRepo(): Repository {
    const repo = this.repo();
    if (!repo)
      throw new GitError('not-a-repo', vscode.l10n.t('No git repository is open. Open a folder that holds one.'));
    return repo;
  }

  private post(message: HostMessage): void {
    void this.webview.postMessage(message);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const result = validateWebviewMessage(raw);
    if (!result.ok) {
      this.log.appendLine(`[graph] Dropped a message from the graph webview: ${result.error}`);
      return;
    }
    this.lastActive = Date.now();
    const message = result.value;
    const smartlog = this.repo()?.smartlog;
    const unknown = unknownCommitIn(message, (hash) => !!smartlog?.commits.some((c) => c.hash === hash));
    if (unknown) {
      this.log.appendLine(`[graph] Dropped a message from the graph webview: ${unknown}`);
      // A drag over a commit that just left the graph: say so, or the drag would wait until its request times out.
      if (message.type === 'request')
        this.post({
          type: 'requestFailed',
          id: message.id,
          message: vscode.l10n.t('That commit is no longer in the graph.'),
        });
      return;
    }
    const unknownFile = unknownFileIn(message, (path) => !!smartlog?.uncommitted.files.some((f) => f.path === path));
    if (unknownFile) {
      this.log.appendLine(`[graph] Dropped a message from the graph webview: ${unknownFile}`);
      if (message.type === 'request')
        this.post({
          type: 'requestFailed',
          id: message.id,
          message: vscode.l10n.t('That file has no uncommitted changes any more.'),
        });
      else this.sendSmartlog(true).catch(() => undefined);
      return;
    }
    const notOffered = notOfferedBy(message, this.banner());
    if (notOffered) {
      this.log.appendLine(`[graph] Dropped a message from the graph webview: ${notOffered}`);
      // The webview showed something that is gone by now: show it what is there.
      this.sendBanner(true);
      return;
    }
    try {
      await this.handle(message);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      this.log.appendLine(`[graph] ${message.type}: ${text}`);
      this.post({ type: 'error', message: text });
    }
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
      case 'setMode':
        this.ready = true;
        this.mode = message.mode;
        this.ref = message.ref;
        return this.load();
      case 'refresh':
        await this.repo()?.refresh();
        if (this.mode === 'history') await this.reloadHistory(true);
        return;
      case 'loadMore':
        return this.loadMore(message.session, message.offset);
      case 'request':
        return this.answer(message);
      case 'goto':
        return reportErrors(this.log, () => this.goto(message.hash));
      case 'copyHash':
        return reportErrors(this.log, () => copyHash(message.hash));
      case 'openChanges':
        return reportErrors(this.log, () => this.openChanges(message.hash));
      case 'openFile':
        return reportErrors(this.log, () => this.openFile(message.hash, message.file));
      case 'move':
        return reportErrors(this.log, () => this.move(message.source, message.destination));
      case 'amend':
        return reportErrors(this.log, () => this.amend(message.destination, message.path));
      case 'openBadge':
        return reportErrors(this.log, () => this.openBadge(message.hash, message.id));
      case 'bannerAction':
        return this.bannerAction(message.action);
      case 'openConflict':
        return reportErrors(this.log, () =>
          vscode.commands.executeCommand('vscode.open', vscode.Uri.file(join(this.requireRepo().root, message.path))),
        );
      case 'columnWidth':
        await this.columnWidths.set(message.width);
        return;
      case 'restack':
        return reportErrors(this.log, () => this.restack(message.hash));
    }
  }

  /**
   * Restack from a row or its menu, as the Stacks view's Restack runs it (the same queue, undo record
   * and conflict flow); only while the smartlog still says that commit waits for one.
   */
  async restack(hash: string): Promise<void> {
    const repo = this.requireRepo();
    try {
      const commits = repo.smartlog?.commits ?? [];
      const commit = commits.find((c) => c.hash === hash);
      if (!commit || !(commit.outdatedBy || commit.needsRestack) || !needsRestack(commits)) {
        throw new GitError(
          'failed',
          vscode.l10n.t(
            'Nothing to restack at {0} any more. The graph now shows the repository as it is.',
            shortHash(hash),
          ),
        );
      }
      await vscode.commands.executeCommand('stackline.restack', { kind: 'repo', repo });
    } finally {
      // Restacked, refused or stopped on conflicts: the graph shows the repository as it is.
      if (this.mode === 'smartlog') {
        this.sentSmartlog = undefined;
        await this.sendSmartlog();
      }
    }
  }

  private async load(): Promise<void> {
    this.sendBanner(true);
    this.post({ type: 'columnWidth', width: this.columnWidths.get() });
    // A webview shown again starts with no badges: send them even if this session sent them before.
    this.sentBadges = '';
    if (this.mode === 'smartlog') {
      this.sentSmartlog = undefined;
      this.history = undefined;
      return this.sendSmartlog();
    }
    await this.reloadHistory(true);
    // History shows the badges of the commits the smartlog has too (their PRs, broken rules).
    this.sendBadges();
  }

  /** Sends the smartlog shown now; `force`: even if it was sent already (the webview may show something else). */
  private async sendSmartlog(force = false): Promise<void> {
    if (force) this.sentSmartlog = undefined;
    const repo = this.requireRepo();
    if (!repo.smartlog && !repo.error) await repo.refresh();
    if (repo.error) throw repo.error;
    // While an operation runs, its predicted result, with what is running ("Amending and restacking…").
    const smartlog = repo.shown;
    if (!smartlog || smartlog === this.sentSmartlog) return;
    this.sentSmartlog = smartlog;
    this.root ??= repo.root;
    const pending = repo.pending;
    this.post(pending ? { ...smartlogMessage(smartlog), pending } : smartlogMessage(smartlog));
    this.sendBadges();
  }

  private sendBadges(): void {
    const repo = this.repo();
    if (!repo) return;
    const badges = badgesMessage(this.badges.badgesOf(repo));
    const json = JSON.stringify(badges);
    if (json === this.sentBadges) return;
    this.sentBadges = json;
    this.post({ type: 'badges', badges });
  }

  private banner(): GraphBanner | null {
    const repo = this.repo();
    return repo ? graphBanner(this.stacksTree.bannersFor(repo), repo.smartlog) : null;
  }

  private sendBanner(force = false): void {
    const banner = this.banner();
    const json = JSON.stringify(banner);
    if (!force && json === this.sentBanner) return;
    this.sentBanner = json;
    this.post({ type: 'banner', banner });
  }

  /**
   * Continue or Abort: the commands the Stacks view's buttons run, for this graph's repository.
   * They report their own errors; the banner is sent again either way, so its buttons work again.
   */
  private async bannerAction(action: BannerAction): Promise<void> {
    const repo = this.requireRepo();
    try {
      await vscode.commands.executeCommand(action === 'continue' ? 'stackline.continue' : 'stackline.abort', {
        kind: 'repo',
        repo,
      });
    } finally {
      this.sendBanner(true);
    }
  }

  private readonly requests: RequestHandlers = {
    details: ({ hash }) => this.details(hash),
    previewMove: async ({ source, destination }) => this.previewMove(source, destination),
    previewAmend: async ({ destination, path }) => this.previewAmend(destination, path),
  };

  /** A request from the webview: the answer (or why it failed) carries its id. */
  private async answer(request: RequestMessage): Promise<void> {
    const answer = await answerRequest(this.requests, request);
    if (answer.type === 'requestFailed') this.log.appendLine(`[graph] ${request.method}: ${answer.message}`);
    this.post(answer);
  }

  /** What a drop would do, from the smartlog alone: nothing is written while dragging. */
  private previewMove(source: string, destination: string): MovePreview {
    const smartlog = this.requireRepo().smartlog;
    if (!smartlog) return { ok: false, text: vscode.l10n.t('The graph is still loading.'), moving: [] };
    const preview = previewMove(smartlog, source, destination);
    return preview.ok
      ? { ok: true, text: preview.description, moving: preview.moving.map((c) => c.hash) }
      : { ok: false, text: preview.reason, moving: [] };
  }

  /** What a drop of Uncommitted changes (or one file) on a commit would do, from the smartlog alone. */
  private previewAmend(destination: string, path: string | null): MovePreview {
    const smartlog = this.requireRepo().smartlog;
    if (!smartlog) return { ok: false, text: vscode.l10n.t('The graph is still loading.'), moving: [] };
    const preview = previewAbsorbInto(smartlog, destination, path ?? undefined);
    return preview.ok
      ? { ok: true, text: preview.description, moving: [] }
      : { ok: false, text: preview.reason, moving: [] };
  }

  /**
   * Uncommitted changes (or one file) dropped on a commit: Amend Changes Into… runs with them, as
   * from the tree (the same queue, undo record, conflict flow and predicted smartlog).
   */
  private async amend(destination: string, path: string | null): Promise<void> {
    const repo = this.requireRepo();
    try {
      const smartlog = repo.smartlog;
      const preview = smartlog ? previewAbsorbInto(smartlog, destination, path ?? undefined) : undefined;
      if (!preview?.ok)
        throw new GitError(
          'failed',
          preview ? preview.reason : vscode.l10n.t('The graph is still loading. Try again in a moment.'),
        );
      await vscode.commands.executeCommand('stackline.absorbInto', graphChangesDrop(repo.root, destination, path));
    } finally {
      if (this.mode === 'smartlog') await this.sendSmartlog(true);
    }
  }

  /**
   * A drop: the move runs as Move Onto… runs it from the tree (the same queue, undo record, conflict
   * flow and predicted smartlog, shown here and in the tree at once), and the real graph replaces the prediction.
   */
  private async move(source: string, destination: string): Promise<void> {
    const repo = this.requireRepo();
    try {
      const smartlog = repo.smartlog;
      const preview = smartlog ? previewMove(smartlog, source, destination) : undefined;
      if (!smartlog || !preview?.ok)
        throw new GitError(
          'failed',
          preview && !preview.ok ? preview.reason : vscode.l10n.t('The graph is still loading. Try again in a moment.'),
        );
      await vscode.commands.executeCommand('stackline.moveOnto', graphDrop(repo.root, source, destination));
    } finally {
      // Whatever happened (moved, refused, stopped on conflicts), the graph shows the repository as it is.
      if (this.mode === 'smartlog') {
        this.sentSmartlog = undefined;
        await this.sendSmartlog();
      }
    }
  }

  private async openBadge(hash: string, id: string): Promise<void> {
    const badge = this.badges
      .badgesOf(this.requireRepo())
      .get(hash)
      ?.find((b) => b.id === id);
    if (badge?.command)
      return void (await vscode.commands.executeCommand(badge.command.command, ...badge.command.arguments));
    if (!badge?.link || !/^https?:\/\//.test(badge.link)) return;
    await vscode.env.openExternal(vscode.Uri.parse(badge.link));
  }

  private async onRepositoryChange(): Promise<void> {
    if (!this.ready) return;
    try {
      if (this.mode === 'smartlog') await this.sendSmartlog();
      else await this.reloadHistory(false);
    } catch (error) {
      this.post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Starts history over (`force`), or only when tips, labels or HEAD changed since it was loaded. */
  private reloadHistory(force: boolean): Promise<void> {
    const run = this.historyQueue.then(async () => {
      const repo = this.requireRepo();
      const ref = this.ref;
      const [tips, labels] = await Promise.all([resolveHistoryTips(repo.git, ref), readHistoryLabels(repo.git)]);
      const head = repo.smartlog?.head.hash ?? null;
      const signature = JSON.stringify([
        tips.tips,
        head,
        repo.smartlog?.head.branch,
        [...labels.branches],
        [...labels.tags],
      ]);
      if (!force && this.history && this.history.signature === signature && this.history.tips.ref === ref) return;
      const limit = Math.min(MAX_RELOAD, Math.max(HISTORY_PAGE_SIZE, this.history?.served ?? 0));
      const history: HistoryState = { session: ++this.historySessions, tips, labels, signature, served: 0 };
      this.history = history;
      this.root ??= repo.root;
      await this.sendHistoryPage(repo, history, 0, limit);
    });
    this.historyQueue = run.catch(() => undefined);
    return run;
  }

  private loadMore(session: number, offset: number): Promise<void> {
    const run = this.historyQueue.then(async () => {
      const history = this.history;
      // A page asked for by an older load, or twice: the webview drops what it did not ask for anyway.
      if (this.mode !== 'history' || !history || history.session !== session || offset !== history.served) return;
      await this.sendHistoryPage(this.requireRepo(), history, offset, HISTORY_PAGE_SIZE);
    });
    this.historyQueue = run.catch(() => undefined);
    return run;
  }

  private async sendHistoryPage(repo: Repository, history: HistoryState, offset: number, limit: number): Promise<void> {
    const page = await readHistoryPage(repo.git, history.tips.tips, offset, limit);
    const head = repo.smartlog?.head;
    const commits = historyCommits(
      page.commits,
      history.labels,
      head?.hash ?? null,
      head?.branch ?? null,
      restackMarksOf(repo.smartlog),
    );
    history.served = offset + commits.length;
    this.post({
      type: 'history',
      repo: repoInfo(repo.root, repo.smartlog),
      ref: history.tips.ref,
      session: history.session,
      offset,
      commits,
      done: page.done,
    });
  }

  private async details(hash: string): Promise<CommitDetails> {
    const cached = this.detailsCache.get(hash);
    if (cached) return cached;
    const details = await readCommitDetails(this.requireRepo().git, hash);
    this.detailsCache.set(hash, details);
    if (this.detailsCache.size > DETAILS_CACHE_SIZE) this.detailsCache.delete(this.detailsCache.keys().next().value!);
    return details;
  }

  /** Moves to a commit; onto its branch when it has exactly one, as goto does for the smartlog. */
  async goto(hash: string): Promise<void> {
    const repo = this.requireRepo();
    const fromSmartlog = repo.smartlog?.commits.find((c) => c.hash === hash)?.branches;
    const labels = fromSmartlog ?? this.history?.labels.branches.get(hash) ?? [];
    const local = labels.filter((b) => !b.remote);
    await moveTo(repo, local.length === 1 ? local[0].name : hash);
  }

  async openChanges(hash: string): Promise<void> {
    const details = await this.details(hash);
    await openCommitChanges(this.requireRepo(), {
      hash,
      parents: details.parents,
      title: details.message.split('\n')[0],
    });
  }

  private async openFile(hash: string, file: FileStat): Promise<void> {
    const repo = this.requireRepo();
    const details = await this.details(hash);
    // Only files this commit changes: the webview names them, the repository decides.
    const known = details.files.find(
      (f) => f.path === file.path && f.originalPath === file.originalPath && f.status === file.status,
    );
    if (!known)
      throw new GitError(
        'failed',
        vscode.l10n.t('Commit {0} does not change {1}. Refresh the graph.', shortHash(hash), file.path),
      );
    const parent = details.parents[0];
    const left =
      known.status === 'A' || !parent
        ? gitUri(repo.root, undefined, known.path)
        : gitUri(repo.root, parent, known.originalPath ?? known.path);
    const right = known.status === 'D' ? gitUri(repo.root, undefined, known.path) : gitUri(repo.root, hash, known.path);
    await vscode.commands.executeCommand('vscode.diff', left, right, `${known.path} (${shortHash(hash)})`);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

export async function copyHash(hash: string): Promise<void> {
  await vscode.env.clipboard.writeText(hash);
  vscode.window.setStatusBarMessage(vscode.l10n.t('$(copy) Copied {0}', shortHash(hash)), 3000);
}
