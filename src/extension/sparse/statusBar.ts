// The status-bar item: the active sparse profile of the current repository; a click opens the
// profile picker.
import * as vscode from 'vscode';
import { counts } from '../counts';
import { formatShare } from '../../core/sparse/explain';
import type { Repositories } from '../repositories';
import type { SparseModel } from './model';

export class SparseStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('stackline.sparse', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [this.item];

  constructor(
    private readonly model: SparseModel,
    private readonly repositories: Repositories,
  ) {
    this.item.name = 'Stackline Sparse Profile';
    this.item.command = 'stackline.sparse.pick';
    this.disposables.push(
      model.onDidChange(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeConfiguration(
        (e) => e.affectsConfiguration('stackline.sparse.showStatusBar') && this.update(),
      ),
    );
    this.update();
  }

  private update(): void {
    const repo = this.repositories.active;
    const entry = repo && this.model.get(repo);
    const show = vscode.workspace.getConfiguration('stackline.sparse').get<boolean>('showStatusBar', true);
    const status = entry?.status;
    if (!show || !entry || !status || (status.mode === 'full' && !entry.profiles?.length)) {
      this.item.hide();
      return;
    }
    const active = (entry.profiles ?? []).filter((p) => status.profiles.includes(p.path));
    const names = active.map((p) => p.title);
    this.item.text =
      status.mode === 'full'
        ? vscode.l10n.t('$(filter) Full checkout')
        : status.mode === 'unmanaged'
          ? vscode.l10n.t('$(filter) Sparse (git)')
          : `$(filter) ${names[0] ?? status.profiles[0]}${names.length > 1 ? ` +${names.length - 1}` : ''}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    if (status.mode === 'full') tooltip.appendMarkdown(vscode.l10n.t('Full checkout: every file is here.'));
    else if (status.mode === 'unmanaged')
      tooltip.appendMarkdown(vscode.l10n.t('Sparse rules were set with git sparse-checkout.'));
    for (const p of active) {
      const e = p.explanation;
      const size = e
        ? `\n\n${vscode.l10n.t('{0} ({1} of the repository), {2} mode', counts.file(e.files), formatShare(e.files, e.totalFiles), status.mode)}`
        : '';
      tooltip.appendMarkdown(
        `**${p.title}**${p.description ? ` — ${p.description.replace(/\n/g, ' ')}` : ''}${size}\n\n`,
      );
    }
    tooltip.appendMarkdown(`\n\n${vscode.l10n.t('Click to switch profiles.')}`);
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = {
      label: vscode.l10n.t('Sparse profile: {0}. Click to switch.', this.item.text.replace('$(filter) ', '')),
    };
    this.item.show();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
