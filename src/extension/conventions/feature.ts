// Repo-wide commit conventions in VS Code: live diagnostics on commit messages, warning marks and
// size warnings in the Stacks tree, the commit composer, and the commit hooks.
import * as vscode from 'vscode';
import { GitError } from '../../core/git/errors';
import { reportErrors } from '../commands';
import type { Feature } from '../services';
import { composeCommitMessage } from './composer';
import { registerConventionBadges } from './graphBadge';
import { commitRulesCheck } from './messageCheck';
import { registerCommitDiagnostics } from './diagnostics';
import { installCommitHooks, registerHookOffer } from './hooks';
import { ConventionsRules } from './rules';
import { StackMarks } from './stackMarks';

export const registerConventions: Feature = ({
  context,
  repositories,
  stacksTree,
  graphBadges,
  messageChecks,
  messageEditors,
  log,
}) => {
  const rules = new ConventionsRules(log);
  const marks = new StackMarks(repositories, rules, stacksTree, log);
  const activeRepo = () => {
    const repo = repositories.active;
    if (!repo)
      throw new GitError('not-a-repo', vscode.l10n.t('No git repository is open. Open a folder that holds one.'));
    return repo;
  };
  return [
    rules,
    marks,
    ...registerConventionBadges(graphBadges, marks, stacksTree),
    messageChecks.add(commitRulesCheck(rules)),
    ...registerCommitDiagnostics(rules, repositories, log),
    vscode.commands.registerCommand('stackline.composeCommitMessage', () =>
      reportErrors(log, () => composeCommitMessage(activeRepo(), rules, messageEditors)),
    ),
    vscode.commands.registerCommand('stackline.installHooks', () =>
      reportErrors(log, () => installCommitHooks(context, activeRepo(), log)),
    ),
    ...registerHookOffer(context, repositories, rules, log),
  ];
};
