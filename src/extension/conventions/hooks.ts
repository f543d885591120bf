// Installing the commit hooks from VS Code: the "Install Commit Hooks" command, and the offer made
// when a repository with commit rules is opened in a trusted workspace without the hook active
// ("Don't Ask Again" is remembered per repository). Nothing is offered or installed in an
// untrusted workspace: a hook runs on every commit.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { findCommitlintConfig } from '../../core/conventions/configFile';
import { ConventionsError } from '../../core/conventions/errors';
import { hookStatus, installHooks } from '../../core/conventions/hooks/install';
import { LAUNCHER } from '../../core/conventions/hooks/scripts';
import type { Repositories } from '../repositories';
import type { Repository } from '../repository';
import type { ConventionsRules } from './rules';

const DISMISSED = 'stackline.conventions.hookOfferDismissed';

export async function installCommitHooks(
  context: vscode.ExtensionContext,
  repo: Repository,
  log: vscode.OutputChannel,
): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    throw new ConventionsError(
      'untrusted',
      vscode.l10n.t(
        'Stackline installs hooks only in a trusted workspace: a hook runs on every commit. Trust the workspace first.',
      ),
    );
  }
  const result = await repo.run(() =>
    installHooks(repo.git, repo.location, { bundle: context.asAbsolutePath(join('dist', 'hook.js')) }),
  );
  log.appendLine(`[hooks ${repo.root}]\n${result.lines.join('\n')}`);
  const problem = result.problems[0];
  const summary = problem
    ? vscode.l10n.t('Commit hooks: {0}: {1}', problem.name, problem.detail)
    : result.files.length
      ? vscode.l10n.t('Commit hooks installed. Commit the changed files so every clone gets them.')
      : vscode.l10n.t('Commit hooks installed.');
  const choice = await (problem
    ? vscode.window.showWarningMessage(summary, vscode.l10n.t('Show Details'))
    : vscode.window.showInformationMessage(summary, vscode.l10n.t('Show Details')));
  if (choice === 'Show Details') log.show();
}

/** Offers the hook once per session for each repository that has conventions but no active hook. */
export function registerHookOffer(
  context: vscode.ExtensionContext,
  repositories: Repositories,
  rules: ConventionsRules,
  log: vscode.OutputChannel,
): vscode.Disposable[] {
  const asked = new Set<string>();
  const offer = async (repo: Repository) => {
    if (asked.has(repo.root) || !vscode.workspace.isTrusted) return;
    if (
      !vscode.workspace
        .getConfiguration('stackline.conventions', vscode.Uri.file(repo.root))
        .get<boolean>('offerHookInstall', true)
    )
      return;
    if (context.workspaceState.get<string[]>(DISMISSED, []).includes(repo.root)) return;
    asked.add(repo.root);
    const conventions = await rules.get(repo.root);
    const rulesFile = findCommitlintConfig(repo.root, repo.root);
    const hasConventions =
      rulesFile || conventions.settings.source !== 'defaults' || existsSync(join(repo.root, LAUNCHER));
    if (!hasConventions) return;
    const status = await hookStatus(repo.git, repo.location);
    const commitMsg = status.hooks.find((hook) => hook.name === 'commit-msg');
    if (!commitMsg?.wanted || commitMsg.active || commitMsg.runsCommitlint) return;
    const name = basename(repo.root);
    const where = conventions.config?.label ?? vscode.l10n.t('its settings');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        "{0} has commit message rules ({1}). Install Stackline's commit-msg hook so git checks every message in this clone?",
        name,
        where,
      ),
      vscode.l10n.t('Install'),
      vscode.l10n.t('Not Now'),
      vscode.l10n.t("Don't Ask Again"),
    );
    if (choice === 'Install') await installCommitHooks(context, repo, log);
    else if (choice === "Don't Ask Again")
      await context.workspaceState.update(DISMISSED, [
        ...context.workspaceState.get<string[]>(DISMISSED, []),
        repo.root,
      ]);
  };
  const offerAll = () => {
    for (const repo of repositories.all) {
      offer(repo).catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        log.appendLine(`[hooks ${repo.root}] ${message}`);
        void vscode.window.showErrorMessage(message);
      });
    }
  };
  offerAll();
  return [repositories.onDidChange(offerAll), vscode.workspace.onDidGrantWorkspaceTrust(offerAll)];
}
