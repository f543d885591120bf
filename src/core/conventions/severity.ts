// How much a broken commit rule weighs, the same everywhere it shows (the Stacks tree, the graph,
// Stackline's message inputs): an error against rules the repository committed (its commit-msg
// hook would refuse the message), a warning against the built-in default rules (advice only).
import type { LintConfig } from './lintConfig';
import type { LintReport } from './lint';

export type RuleSeverity = 'error' | 'warning';

/** The severity of a report's problems under `config`, or undefined when it has none. */
export function ruleSeverity(
  report: Pick<LintReport, 'errors' | 'warnings'>,
  config: Pick<LintConfig, 'file'> | undefined,
): RuleSeverity | undefined {
  if (report.errors.length > 0) return config?.file !== undefined ? 'error' : 'warning';
  return report.warnings.length > 0 ? 'warning' : undefined;
}
