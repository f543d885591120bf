// The status-bar item: the active sparse profile of the current repository; a click opens the
// profile picker.
import * as vscode from 'vscode';
import { plural } from '../../core/format';
import { formatShare } from '../../core/sparse/explain';
import type { Repositories } from '../repositories';
import type { SparseModel } from './model';

export class SparseStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('stackline.sparse', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [this.item];

  constructor(private readonly model: SparseModel, private readonly repositories: Repositories) {
    this.item.name = 'Stackline Sparse Profile';
    this.item.command = 'stackline.sparse.pick';
    this.disposables.push(
      model.onDidChange(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('stackline.sparse.showStatusBar') && this.update()),
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
    this.item.text = status.mode === 'full' ? '$(filter) Full checkout' : status.mode === 'unmanaged' ? '$(filter) Sparse (git)' : `$(filter) ${names[0] ?? status.profiles[0]}${names.length > 1 ? ` +${names.length - 1}` : ''}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    if (status.mode === 'full') tooltip.appendMarkdown('Full checkout: every file is here.');
    else if (status.mode === 'unmanaged') tooltip.appendMarkdown('Sparse rules were set with git sparse-checkout.');
    for (const p of active) {
      const e = p.explanation;
      tooltip.appendMarkdown(`**${p.title}**${p.description ? ` — ${p.description.replace(/\n/g, ' ')}` : ''}${e ? `\n\n${plural(e.files, 'file')} (${formatShare(e.files, e.totalFiles)} of the repository), ${status.mode} mode` : ''}\n\n`);
    }
    tooltip.appendMarkdown('\n\nClick to switch profiles.');
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `Sparse profile: ${this.item.text.replace('$(filter) ', '')}. Click to switch.` };
    this.item.show();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
