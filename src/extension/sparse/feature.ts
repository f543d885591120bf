// The sparse-profiles feature: status bar, Sparse profiles view, commands, and re-applying the
// active profiles when a checkout or pull changes them.
import * as vscode from 'vscode';
import { BlockedSwitchError, DeleteNotConfirmedError } from '../../core/sparse/errors';
import { reapplyIfChanged } from '../../core/sparse/reapply';
import { readState } from '../../core/sparse/state';
import type { Repository } from '../repository';
import type { Feature } from '../services';
import { registerSparseCommands } from './commands';
import { SparseModel } from './model';
import { SparseStatusBar } from './statusBar';
import { SparseProfilesTree } from './view';

export const registerSparse: Feature = ({ repositories, log }) => {
  const model = new SparseModel(repositories, log);
  const tree = new SparseProfilesTree(model);
  const view = vscode.window.createTreeView('stackline.sparseProfiles', { treeDataProvider: tree });
  const seenHead = new Map<string, string | undefined>();

  /** After HEAD moves (checkout, pull, commit), apply the active profiles again if their rules changed. */
  const reapplyAfterCheckout = async (repo: Repository) => {
    const enabled = vscode.workspace
      .getConfiguration('stackline.sparse', vscode.Uri.file(repo.root))
      .get<boolean>('reapplyOnCheckout', true);
    // In an untrusted workspace nothing changes the working tree on its own.
    if (!enabled || !vscode.workspace.isTrusted || !readState(repo.location)) return;
    try {
      const result = await repo.run(() =>
        reapplyIfChanged(model.context(repo), { onlyIfHeadMoved: true, confirmDelete: () => false }),
      );
      if (result.status === 'reapplied')
        vscode.window.setStatusBarMessage(
          vscode.l10n.t('$(sync) Sparse profile changed in this commit: applied again'),
          5000,
        );
    } catch (error) {
      const why =
        error instanceof BlockedSwitchError
          ? error.blocked.length === 1
            ? vscode.l10n.t('1 file with local changes is outside the new rules')
            : vscode.l10n.t('{0} files with local changes are outside the new rules', error.blocked.length)
          : error instanceof DeleteNotConfirmedError
            ? vscode.l10n.t('applying it would delete folders that hold only ignored files')
            : error instanceof Error
              ? error.message
              : String(error);
      log.appendLine(`[sparse ${repo.root}] re-apply after checkout: ${why}`);
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('The active sparse profile changed in this commit, but it was not applied again: {0}.', why),
        vscode.l10n.t('Re-apply…'),
      );
      if (choice) await vscode.commands.executeCommand('stackline.sparse.reapply', { kind: 'repo', repo });
    } finally {
      await model.refresh(repo);
    }
  };

  const onRepositories = repositories.onDidChange(() => {
    for (const repo of repositories.all) {
      const head = repo.smartlog?.head.hash;
      if (seenHead.has(repo.root) && seenHead.get(repo.root) === head) continue;
      seenHead.set(repo.root, head);
      void reapplyAfterCheckout(repo);
    }
  });
  void model.refreshAll();
  return [
    model,
    tree,
    view,
    new SparseStatusBar(model, repositories),
    onRepositories,
    ...registerSparseCommands(model, repositories, log),
    vscode.workspace.onDidChangeConfiguration(
      (event) => event.affectsConfiguration('stackline.sparse') && void model.refreshAll(true),
    ),
  ];
};
