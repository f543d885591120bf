// One open repository: its smartlog, kept fresh by watching git metadata and the work tree, and a
// queue that runs Stackline's own git commands one at a time with refresh held until they finish.
import * as vscode from 'vscode';
import { GitRunner } from '../core/git/runner';
import type { RepoLocation } from '../core/git/repository';
import { RepoWatcher } from '../core/git/watcher';
import { buildSmartlog } from '../core/smartlog/build';
import type { Smartlog } from '../core/smartlog/model';

export class Repository implements vscode.Disposable {
  readonly git: GitRunner;
  smartlog: Smartlog | undefined;
  /** The last refresh failure, shown in the tree instead of stale data. */
  error: Error | undefined;
  /** While an operation runs: the smartlog it will leave (core/operations/predict.ts) and what is running. */
  private prediction: { smartlog: Smartlog; text: string } | undefined;

  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private operationsRunning = 0;
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  private workTreeTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly location: RepoLocation,
    private readonly log: vscode.OutputChannel,
  ) {
    this.git = new GitRunner(location.root);
    const watcher = new RepoWatcher(location, () => this.requestRefresh());
    this.disposables.push({ dispose: () => watcher.dispose() });
    // Edits in the work tree change "Uncommitted changes"; they come in bursts (saves, builds).
    const files = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(location.root), '**'),
    );
    const onFile = (uri: vscode.Uri) => {
      // Git's own folder is RepoWatcher's: a commit in a terminal would otherwise refresh twice.
      if (/[\\/]\.git([\\/]|$)/.test(uri.fsPath)) return;
      clearTimeout(this.workTreeTimer);
      this.workTreeTimer = setTimeout(() => this.requestRefresh(), 200);
    };
    this.disposables.push(
      files,
      files.onDidChange(onFile),
      files.onDidCreate(onFile),
      files.onDidDelete(onFile),
      this.changed,
    );
  }

  get root(): string {
    return this.location.root;
  }

  /** Refreshes now unless an operation is running; then the operation's end refreshes. */
  requestRefresh(): void {
    if (this.operationsRunning > 0) return;
    void this.refresh();
  }

  /** Rebuilds the smartlog; calls made while one runs are folded into one more run. */
  async refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      let shownPrint = this.fingerprint();
      do {
        this.refreshAgain = false;
        try {
          const trunk =
            vscode.workspace.getConfiguration('stackline', vscode.Uri.file(this.root)).get<string>('trunk') ||
            undefined;
          this.smartlog = await buildSmartlog(this.git, this.location, { trunk });
          this.error = undefined;
        } catch (error) {
          this.error = error instanceof Error ? error : new Error(String(error));
          this.log.appendLine(`[refresh ${this.root}] ${this.error.message}`);
        }
        // Shown as soon as it is known (a change that came meanwhile is the next round's). Redrawing
        // the tree when nothing changed would drop the selection and flicker.
        const print = this.fingerprint();
        if (print !== shownPrint) {
          shownPrint = print;
          this.changed.fire();
        }
      } while (this.refreshAgain);
      this.refreshing = undefined;
    })();
    return this.refreshing;
  }

  /** What the Stacks view and the graph show: the predicted smartlog while an operation runs, else the real one. */
  get shown(): Smartlog | undefined {
    return this.prediction?.smartlog ?? this.smartlog;
  }

  /** What is running, while a predicted smartlog is shown ("Amending and restacking…"). */
  get pending(): string | undefined {
    return this.prediction?.text;
  }

  private fingerprint(): string {
    return JSON.stringify([this.error?.message, this.smartlog]);
  }

  /**
   * Runs a Stackline operation after the ones already queued; refresh is held until it ends. With a
   * prediction, its smartlog is shown from the moment the operation starts until the real one (after
   * success or failure alike) replaces it.
   */
  run<T>(
    operation: () => Promise<T>,
    predict?: { text: string; smartlog(real: Smartlog): Smartlog | undefined },
  ): Promise<T> {
    const result = this.queue.then(async () => {
      this.operationsRunning++;
      const predicted = predict && this.smartlog && predict.smartlog(this.smartlog);
      if (predicted) {
        this.prediction = { smartlog: predicted, text: predict.text };
        this.changed.fire();
      }
      try {
        return await operation();
      } finally {
        this.operationsRunning--;
        await this.refresh();
        if (this.prediction) {
          this.prediction = undefined;
          this.changed.fire();
        }
      }
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  dispose(): void {
    clearTimeout(this.workTreeTimer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
