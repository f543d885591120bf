// The warning badge in the graph on a draft commit whose message breaks the commit rules or that
// changes more lines than the limit: the verdicts StackMarks keeps for the Stacks tree, shown with
// the rule names and the limit.
import type * as vscode from 'vscode';
import { commitSizeWarning } from '../../core/conventions/size';
import { formatCount } from '../../core/format';
import type { BadgePart } from '../../protocol';
import { counts } from '../counts';
import type { HostBadge } from '../graph/badgeMessage';
import type { GraphBadges } from '../graph/badges';
import { l10n } from '../l10n';
import type { StacksTree } from '../stacksTree';
import type { StackMarks } from './stackMarks';

type Verdict = NonNullable<ReturnType<StackMarks['verdictOf']>>;

/**
 * The badge: broken rules weigh as in the Stacks tree (ruleSeverity: an error only against rules
 * the repository committed, a warning against the default rules), then the size limit.
 */
export function conventionsBadge({ facts, report, settings, rulesLabel, severity }: Verdict): HostBadge | undefined {
  const size = commitSizeWarning(facts.linesChanged, settings);
  const errors = report?.errors ?? [];
  const problems = [...errors, ...(report?.warnings ?? [])];
  if (!size && problems.length === 0) return undefined;
  const parts: BadgePart[] = [];
  const tone = severity === 'error' ? 'error' : 'warning';
  if (problems.length > 0) {
    const broken = errors.length > 0 ? errors : problems;
    const names = broken.length === 1 ? broken[0].name : undefined;
    parts.push({
      icon: tone,
      text: names ?? l10n.t('{0} rules', broken.length),
      tone,
      label:
        errors.length > 0
          ? l10n.t('breaks {0}', names ?? counts.commitRule(broken.length))
          : counts.commitRuleWarning(problems.length),
    });
  }
  if (size)
    parts.push({
      icon: 'warning',
      text: l10n.t('{0} lines', formatCount(facts.linesChanged)),
      tone: 'warning',
      label: l10n.t(
        '{0} changed (limit {1})',
        counts.line(facts.linesChanged),
        formatCount(settings.size.maxCommitLines),
      ),
    });
  const rules = problems.map((p) =>
    p.level === 2 && severity === 'error'
      ? l10n.t('Error {0}: {1}', p.name, p.message)
      : l10n.t('Warning {0}: {1}', p.name, p.message),
  );
  const advice =
    severity === 'warning' && errors.length > 0
      ? [l10n.t('Advice: the repository has no commit rules of its own.')]
      : [];
  return {
    id: 'conventions',
    parts,
    title:
      problems.length > 0
        ? l10n.t(
            'Commit rules ({0}): {1}',
            rulesLabel ?? 'commitlint',
            severity === 'error' ? counts.error(errors.length) : counts.warning(problems.length),
          )
        : l10n.t('Over the size limit'),
    lines: [...rules, ...advice, ...(size ? [size] : [])],
  };
}

/** Puts the warning badges on the graph; the Stacks tree redraws whenever the verdicts change, so the graph asks again then. */
export function registerConventionBadges(
  badges: GraphBadges,
  marks: StackMarks,
  tree: StacksTree,
): vscode.Disposable[] {
  return [
    badges.addProvider((repo, commit) => {
      const verdict = commit.phase === 'draft' ? marks.verdictOf(repo.root, commit.hash) : undefined;
      return verdict && conventionsBadge(verdict);
    }),
    tree.onDidChangeTreeData(() => badges.refresh()),
  ];
}
