// Badges other features put on the graph's commit rows (PR status, broken commit rules), the way
// StacksTree.addAnnotator lets them add to tree rows. A provider answers per commit; it calls
// refresh() when what it knows changed, and the open graphs ask again.
import * as vscode from 'vscode';
import type { SmartlogCommit } from '../../core/smartlog/model';
import type { Repository } from '../repository';
import type { HostBadge } from './badgeMessage';

export type GraphBadgeProvider = (repo: Repository, commit: SmartlogCommit) => HostBadge | undefined;

export class GraphBadges implements vscode.Disposable {
  private readonly providers = new Set<GraphBadgeProvider>();
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with the root of the repository whose badges may have changed (undefined: any). */
  readonly onDidChange = this.changed.event;

  addProvider(provider: GraphBadgeProvider): vscode.Disposable {
    this.providers.add(provider);
    this.changed.fire(undefined);
    return { dispose: () => this.providers.delete(provider) && this.changed.fire(undefined) };
  }

  /** Tells the graphs to ask the providers again. */
  refresh(root?: string): void {
    this.changed.fire(root);
  }

  /** Every smartlog commit's badges, in provider order, with ids made unique per commit. */
  badgesOf(repo: Repository): Map<string, HostBadge[]> {
    const result = new Map<string, HostBadge[]>();
    for (const commit of repo.smartlog?.commits ?? []) {
      const badges: HostBadge[] = [];
      for (const provider of this.providers) {
        const badge = provider(repo, commit);
        if (badge && !badges.some((b) => b.id === badge.id)) badges.push(badge);
      }
      if (badges.length) result.set(commit.hash, badges);
    }
    return result;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
