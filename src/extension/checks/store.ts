// What the badges show about checks, per repository: the declared checks, each draft commit's status
// (stored answers by tree, plus the runs going on now), and the forge's answers from the last dry
// run. Re-read whenever the smartlog changes (one git call for the trees) and as runs report.
import * as vscode from 'vscode';
import { ResultStore } from '../../core/checks/cache';
import { loadChecks, type CheckDefinition } from '../../core/checks/config';
import type { RemoteCommitResult } from '../../core/checks/remote';
import { treesOf, type CheckItem } from '../../core/checks/run';
import { commitStatus, type CommitCheckStatus } from '../../core/checks/status';
import type { Repository } from '../repository';

interface RepoChecks {
  checks: CheckDefinition[];
  /** .stackline.json could not be read: shown once, badges left off. */
  error?: string;
  store: ResultStore;
  trees: Map<string, string>;
  statuses: Map<string, CommitCheckStatus>;
  /** Items of runs going on now, by result key (tree + command line). */
  live: Map<string, CheckItem>;
  remote: Map<string, RemoteCommitResult>;
}

export class CheckStatusStore implements vscode.Disposable {
  private readonly repos = new Map<string, RepoChecks>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with a repository root when its check statuses changed. */
  readonly onDidChange = this.changed.event;

  /** Reads the declared checks and every draft commit's status again. */
  async refresh(repo: Repository): Promise<void> {
    const entry = this.entryOf(repo);
    try {
      entry.checks = loadChecks(repo.root);
      entry.error = undefined;
    } catch (error) {
      entry.checks = [];
      entry.error = error instanceof Error ? error.message : String(error);
    }
    const drafts = (repo.smartlog?.commits ?? []).filter((c) => c.phase === 'draft').map((c) => c.hash);
    const missing = drafts.filter((hash) => !entry.trees.has(hash));
    const found = missing.length > 0 ? await treesOf(repo.git, missing) : new Map<string, string>();
    // Only the commits in view now: the map does not grow with every commit ever shown.
    entry.trees = new Map(drafts.map((hash) => [hash, entry.trees.get(hash) ?? found.get(hash)!]));
    const before = JSON.stringify([entry.error, [...entry.statuses]]);
    entry.statuses = new Map(
      drafts.map((hash) => [hash, commitStatus(entry.store, entry.checks, hash, entry.trees.get(hash)!, entry.live)]),
    );
    // Redrawing the tree when nothing changed would drop its selection and flicker.
    if (JSON.stringify([entry.error, [...entry.statuses]]) !== before) this.changed.fire(repo.root);
  }

  /** A run's item changed state: that commit's (and any commit with the same tree's) badge follows. */
  update(repo: Repository, item: CheckItem): void {
    const entry = this.entryOf(repo);
    const key = entry.store.keyOf(item.tree, item.check.run);
    if (item.state === 'queued' || item.state === 'running') entry.live.set(key, item);
    else entry.live.delete(key);
    for (const [commit, status] of entry.statuses) {
      if (status.tree === item.tree)
        entry.statuses.set(commit, commitStatus(entry.store, entry.checks, commit, status.tree, entry.live));
    }
    this.changed.fire(repo.root);
  }

  setRemote(repo: Repository, result: RemoteCommitResult): void {
    this.entryOf(repo).remote.set(result.commit, result);
    this.changed.fire(repo.root);
  }

  get(root: string, commit: string): CommitCheckStatus | undefined {
    return this.repos.get(root)?.statuses.get(commit);
  }

  remote(root: string, commit: string): RemoteCommitResult | undefined {
    return this.repos.get(root)?.remote.get(commit);
  }

  checksOf(root: string): CheckDefinition[] {
    return this.repos.get(root)?.checks ?? [];
  }

  configError(root: string): string | undefined {
    return this.repos.get(root)?.error;
  }

  private entryOf(repo: Repository): RepoChecks {
    let entry = this.repos.get(repo.root);
    if (!entry) {
      entry = {
        checks: [],
        store: new ResultStore(repo.location),
        trees: new Map(),
        statuses: new Map(),
        live: new Map(),
        remote: new Map(),
      };
      this.repos.set(repo.root, entry);
    }
    return entry;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
