// PR status per commit, per repository, as last read from GitHub; the Stacks tree's PR badges (and,
// through get/onDidChange, the graph's PR slot) read it.
import * as vscode from 'vscode';
import type { CommitPullStatus } from '../../core/forge/status';

export class PullStatusStore implements vscode.Disposable {
  private readonly byRoot = new Map<string, Map<string, CommitPullStatus>>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the repository root whose statuses changed. */
  readonly onDidChange = this.changed.event;

  get(root: string, commit: string): CommitPullStatus | undefined {
    return this.byRoot.get(root)?.get(commit);
  }

  /** Every commit of the repository that has a PR, with its status. */
  entries(root: string): [string, CommitPullStatus][] {
    return [...(this.byRoot.get(root) ?? [])];
  }

  set(root: string, statuses: Map<string, CommitPullStatus>): void {
    const before = JSON.stringify([...(this.byRoot.get(root) ?? new Map())]);
    this.byRoot.set(root, statuses);
    if (JSON.stringify([...statuses]) !== before) this.changed.fire(root);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
