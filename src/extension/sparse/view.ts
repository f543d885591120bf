// The Sparse profiles view: each profile with its size and whether it is active, plus the full
// checkout; one section per repository in a multi-root workspace.
import * as vscode from 'vscode';
import { counts } from '../counts';
import { formatBytes, formatShare } from '../../core/sparse/explain';
import type { ProfileSummary } from '../../core/sparse/inspect';
import { formatCount } from '../../core/format';
import type { Repository } from '../repository';
import type { RepoSparse, SparseModel } from './model';

export type SparseNode =
  | { kind: 'repo'; repo: Repository }
  | { kind: 'profile'; repo: Repository; profile: ProfileSummary }
  | { kind: 'full'; repo: Repository; active: boolean }
  | { kind: 'message'; repo: Repository; text: string; icon: string };

export class SparseProfilesTree implements vscode.TreeDataProvider<SparseNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: SparseModel) {
    this.subscription = model.onDidChange(() => this.changed.fire());
  }

  getChildren(node?: SparseNode): SparseNode[] {
    if (!node) {
      const all = this.model.all;
      return all.length === 1 ? this.repoChildren(all[0]) : all.map((entry) => ({ kind: 'repo', repo: entry.repo }));
    }
    return node.kind === 'repo' ? this.repoChildren(this.model.get(node.repo)) : [];
  }

  private repoChildren(entry: RepoSparse): SparseNode[] {
    const { repo } = entry;
    if (entry.error) return [{ kind: 'message', repo, text: entry.error, icon: 'error' }];
    if (!entry.status || !entry.profiles)
      return [{ kind: 'message', repo, text: vscode.l10n.t('Loading…'), icon: 'loading~spin' }];
    const profiles = entry.profiles.filter((p) => !p.hidden || p.active);
    if (profiles.length === 0 && entry.status.mode === 'full') return [];
    const nodes: SparseNode[] = profiles.map((profile) => ({ kind: 'profile', repo, profile }));
    nodes.push({ kind: 'full', repo, active: entry.status.mode === 'full' });
    if (entry.status.mode === 'unmanaged')
      nodes.push({
        kind: 'message',
        repo,
        text: vscode.l10n.t('Sparse rules were set outside Stackline'),
        icon: 'info',
      });
    return nodes;
  }

  getTreeItem(node: SparseNode): vscode.TreeItem {
    switch (node.kind) {
      case 'repo': {
        const item = new vscode.TreeItem(
          node.repo.root.split('/').pop() ?? node.repo.root,
          vscode.TreeItemCollapsibleState.Expanded,
        );
        item.iconPath = new vscode.ThemeIcon('repo');
        item.tooltip = node.repo.root;
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text);
        item.iconPath = new vscode.ThemeIcon(node.icon);
        item.tooltip = node.text;
        return item;
      }
      case 'full': {
        const item = new vscode.TreeItem(vscode.l10n.t('Full checkout'));
        item.description = node.active ? vscode.l10n.t('active') : vscode.l10n.t('every file');
        item.iconPath = new vscode.ThemeIcon(node.active ? 'check' : 'list-flat');
        item.contextValue = node.active ? 'sparseFull.active' : 'sparseFull';
        item.tooltip = node.active
          ? vscode.l10n.t('Every file of the repository is checked out.')
          : vscode.l10n.t('Turn sparse checkout off and check out every file.');
        return item;
      }
      case 'profile':
        return profileItem(node);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function profileItem(node: Extract<SparseNode, { kind: 'profile' }>): vscode.TreeItem {
  const { profile } = node;
  const item = new vscode.TreeItem(profile.title);
  const e = profile.explanation;
  const size = e ? `${counts.file(e.files)} · ${formatShare(e.files, e.totalFiles)}` : '';
  item.description = [
    profile.active ? vscode.l10n.t('active') : '',
    profile.error ? vscode.l10n.t('cannot be read') : size,
  ]
    .filter(Boolean)
    .join(' · ');
  item.iconPath = new vscode.ThemeIcon(profile.error ? 'warning' : profile.active ? 'check' : 'filter');
  item.contextValue = profile.error
    ? 'sparseProfile.broken'
    : profile.active
      ? 'sparseProfile.active'
      : 'sparseProfile';
  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown(`**${escape(profile.title)}** — \`${escape(profile.path)}\`\n\n`);
  if (profile.description) tooltip.appendMarkdown(`${escape(profile.description)}\n\n`);
  if (e)
    tooltip.appendMarkdown(
      vscode.l10n.t(
        '{0} of {1} ({2}), {3} · {4} mode',
        counts.file(e.files),
        formatCount(e.totalFiles),
        formatShare(e.files, e.totalFiles),
        formatBytes(e.bytes),
        String(profile.mode),
      ),
    );
  if (profile.error) tooltip.appendMarkdown(`$(warning) ${escape(profile.error)}`);
  tooltip.supportThemeIcons = true;
  item.tooltip = tooltip;
  item.command = { command: 'stackline.sparse.openProfile', title: vscode.l10n.t('Open Profile'), arguments: [node] };
  return item;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}
