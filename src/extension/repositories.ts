// Finds the git repositories of the workspace folders and keeps the list in step with them.
import * as vscode from 'vscode';
import { GitError } from '../core/git/errors';
import { discoverRepository } from '../core/git/repository';
import { Repository } from './repository';

export class Repositories implements vscode.Disposable {
  private readonly byRoot = new Map<string, Repository>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a repository is added or removed, or any repository's smartlog changes. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** A missing or too old git was shown to the user (once a session). */
  private gitUnusableShown = false;

  constructor(private readonly log: vscode.OutputChannel) {
    this.disposables.push(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.scan()));
  }

  get all(): Repository[] {
    return [...this.byRoot.values()].sort((a, b) => a.root.localeCompare(b.root));
  }

  /** The repository of the active editor's file, else the first one. */
  get active(): Repository | undefined {
    const file = vscode.window.activeTextEditor?.document.uri;
    const all = this.all;
    if (file?.scheme === 'file') {
      const owner = all
        .filter((repo) => file.fsPath.startsWith(repo.root + '/'))
        .sort((a, b) => b.root.length - a.root.length)[0];
      if (owner) return owner;
    }
    return all[0];
  }

  async scan(): Promise<void> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const found = new Set<string>();
    for (const folder of folders) {
      try {
        const location = await discoverRepository(folder.uri.fsPath);
        found.add(location.root);
        if (!this.byRoot.has(location.root)) {
          const repo = new Repository(location, this.log);
          repo.onDidChange(() => this.changed.fire());
          this.byRoot.set(location.root, repo);
          await repo.refresh();
        }
      } catch (error) {
        if (!(error instanceof GitError && error.kind === 'not-a-repo')) {
          this.log.appendLine(`[scan ${folder.uri.fsPath}] ${error instanceof Error ? error.message : String(error)}`);
        }
        // Without a usable git nothing shows at all: say why once, not only in the log.
        if (GitError.is(error, 'git-missing') || GitError.is(error, 'git-too-old')) this.sayGitUnusable(error.message);
      }
    }
    for (const [root, repo] of this.byRoot) {
      if (!found.has(root)) {
        repo.dispose();
        this.byRoot.delete(root);
      }
    }
    await vscode.commands.executeCommand(
      'setContext',
      'stackline.state',
      this.byRoot.size > 0 ? 'ready' : 'noRepository',
    );
    this.changed.fire();
  }

  private sayGitUnusable(message: string): void {
    if (this.gitUnusableShown) return;
    this.gitUnusableShown = true;
    void vscode.window.showErrorMessage(message);
  }

  refreshAll(): Promise<void[]> {
    return Promise.all(this.all.map((repo) => repo.refresh()));
  }

  dispose(): void {
    for (const repo of this.byRoot.values()) repo.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
