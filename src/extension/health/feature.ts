// Repository health in VS Code: the Optimize Repository… command and the one-time notice.
import * as vscode from 'vscode';
import { GitError } from '../../core/git/errors';
import { reportErrors } from '../commands';
import { Repository } from '../repository';
import type { Feature } from '../services';
import { HealthNotice } from './notice';
import { optimizeRepository } from './optimize';

export const registerHealth: Feature = ({ context, log, repositories }) => {
  const optimize = (repo: Repository) => reportErrors(log, () => optimizeRepository(repo, log));
  const notice = new HealthNotice(context, log, optimize);
  const considerAll = () => {
    for (const repo of repositories.all) {
      notice.consider(repo).catch((error: unknown) => {
        log.appendLine(`[health ${repo.root}] ${error instanceof Error ? error.message : String(error)}`);
      });
    }
  };
  considerAll();
  return [
    repositories.onDidChange(considerAll),
    vscode.commands.registerCommand('stackline.optimizeRepository', (arg?: unknown) => {
      const repo = arg instanceof Repository ? arg : repositories.active;
      if (repo) return optimize(repo);
      return reportErrors(log, () => {
        throw new GitError('not-a-repo', vscode.l10n.t('No git repository is open. Open a folder that holds one.'));
      });
    }),
  ];
};
