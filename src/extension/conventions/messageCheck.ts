// The repository's commit rules in Stackline's own message inputs. A rule error blocks the input
// only when the repository committed its rules (the commit-msg hook would refuse the message
// anyway); against the built-in default rules it is a warning.
import * as vscode from 'vscode';
import { lintMessage } from '../../core/conventions/lint';
import { ruleSeverity } from '../../core/conventions/severity';
import type { MessageCheck } from '../messageChecks';
import { enabled } from './diagnostics';
import type { ConventionsRules } from './rules';

export function commitRulesCheck(rules: ConventionsRules): MessageCheck {
  return async (root, message) => {
    if (!enabled() || message.trim() === '') return undefined;
    const { config } = await rules.get(root);
    if (!config) return undefined;
    const report = await lintMessage(message, config);
    const problems = [...report.errors, ...report.warnings];
    if (problems.length === 0) return undefined;
    const blocking = ruleSeverity(report, config) === 'error';
    const text = problems.map((problem) => `${problem.name}: ${problem.message}`).join('; ');
    return {
      message: config.file
        ? report.errors.length > 0
          ? vscode.l10n.t('Breaks the commit rules in {0}: {1}', config.label, text)
          : vscode.l10n.t('Warns about the commit rules in {0}: {1}', config.label, text)
        : report.errors.length > 0
          ? vscode.l10n.t('Breaks {0}: {1}', config.label, text)
          : vscode.l10n.t('Warns about {0}: {1}', config.label, text),
      severity: blocking ? vscode.InputBoxValidationSeverity.Error : vscode.InputBoxValidationSeverity.Warning,
    };
  };
}
