// Sparse-profile state of each open repository for the status bar and the Sparse profiles view:
// what is active (cheap, read on every repository change) and the profiles with their sizes
// (a full tree listing, so read again only when HEAD, the active profiles or a profile file change).
import { statSync } from 'node:fs';
import * as vscode from 'vscode';
import { SparseContext } from '../../core/sparse/context';
import { listProfiles, sparseStatus, type ProfileSummary, type SparseStatus } from '../../core/sparse/inspect';
import { statePath } from '../../core/sparse/state';
import type { Repositories } from '../repositories';
import type { Repository } from '../repository';

export interface RepoSparse {
  repo: Repository;
  status?: SparseStatus;
  profiles?: ProfileSummary[];
  error?: string;
}

export class SparseModel implements vscode.Disposable {
  private readonly byRoot = new Map<string, RepoSparse>();
  /** What the profile list was computed from, per repository: HEAD, state file time, profile edits. */
  private readonly listedFor = new Map<string, string>();
  private readonly loading = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private profileEdits = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly repositories: Repositories,
    private readonly log: vscode.OutputChannel,
  ) {
    this.disposables.push(repositories.onDidChange(() => void this.refreshAll()));
    // Editing, adding or deleting a profile file changes titles and counts.
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.sparse');
    const edited = () => {
      this.profileEdits++;
      void this.refreshAll();
    };
    this.disposables.push(
      watcher,
      watcher.onDidChange(edited),
      watcher.onDidCreate(edited),
      watcher.onDidDelete(edited),
    );
  }

  get all(): RepoSparse[] {
    return this.repositories.all.map((repo) => this.byRoot.get(repo.root) ?? { repo });
  }

  get(repo: Repository): RepoSparse {
    return this.byRoot.get(repo.root) ?? { repo };
  }

  context(repo: Repository): SparseContext {
    const settings = vscode.workspace.getConfiguration('stackline.sparse', vscode.Uri.file(repo.root));
    return new SparseContext(repo.git, repo.location, {
      profileDirectory: settings.get<string>('profileDirectory') || undefined,
      always: settings.get<string[]>('alwaysInclude') ?? [],
    });
  }

  async refreshAll(force = false): Promise<void> {
    if (force) this.listedFor.clear();
    await Promise.all(this.repositories.all.map((repo) => this.refresh(repo)));
    for (const root of this.byRoot.keys())
      if (!this.repositories.all.some((r) => r.root === root)) this.byRoot.delete(root);
  }

  /** Re-reads one repository; calls made while one runs are folded into one more run. */
  refresh(repo: Repository): Promise<void> {
    const running = this.loading.get(repo.root);
    if (running) {
      this.again.add(repo.root);
      return running;
    }
    const run = (async () => {
      do {
        this.again.delete(repo.root);
        await this.load(repo);
      } while (this.again.has(repo.root));
    })().finally(() => this.loading.delete(repo.root));
    this.loading.set(repo.root, run);
    return run;
  }

  private async load(repo: Repository): Promise<void> {
    const context = this.context(repo);
    const entry: RepoSparse = { ...this.get(repo), repo };
    try {
      const config = await context.config();
      entry.status = await sparseStatus(context, config);
      const key = JSON.stringify([
        repo.smartlog?.head.hash,
        stateTime(repo),
        this.profileEdits,
        entry.status.profileDirectory,
      ]);
      if (this.listedFor.get(repo.root) !== key) {
        entry.profiles = await listProfiles(context);
        this.listedFor.set(repo.root, key);
      }
      entry.error = undefined;
    } catch (error) {
      entry.error = error instanceof Error ? error.message : String(error);
      this.log.appendLine(`[sparse ${repo.root}] ${entry.error}`);
    }
    const before = JSON.stringify(summary(this.byRoot.get(repo.root)));
    this.byRoot.set(repo.root, entry);
    await vscode.commands.executeCommand(
      'setContext',
      'stackline.sparse.hasProfiles',
      this.all.some((r) => (r.profiles?.length ?? 0) > 0 || (r.status && r.status.mode !== 'full')),
    );
    if (JSON.stringify(summary(entry)) !== before) this.changed.fire();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function stateTime(repo: Repository): number {
  return statSync(statePath(repo.location), { throwIfNoEntry: false })?.mtimeMs ?? 0;
}

function summary(entry: RepoSparse | undefined): unknown {
  return entry && [entry.status?.mode, entry.status?.profiles, entry.profiles, entry.error];
}
