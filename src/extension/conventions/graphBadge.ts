// The warning badge in the graph on a draft commit whose message breaks the commit rules or that
// changes more lines than the limit: the verdicts StackMarks keeps for the Stacks tree, shown with
// the rule names and the limit.
import type * as vscode from 'vscode';
import { commitSizeWarning } from '../../core/conventions/size';
import { formatCount, plural } from '../../core/format';
import type { BadgePart } from '../../protocol';
import type { HostBadge } from '../graph/badgeMessage';
import type { GraphBadges } from '../graph/badges';
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
      text: names ?? `${broken.length} rules`,
      tone,
      label: errors.length > 0 ? `breaks ${names ?? plural(broken.length, 'commit rule')}` : `${plural(problems.length, 'commit rule warning')}`,
    });
  }
  if (size) parts.push({ icon: 'warning', text: `${formatCount(facts.linesChanged)} lines`, tone: 'warning', label: `${plural(facts.linesChanged, 'line')} changed (limit ${formatCount(settings.size.maxCommitLines)})` });
  const rules = problems.map((p) => `${p.level === 2 && severity === 'error' ? 'Error' : 'Warning'} ${p.name}: ${p.message}`);
  const advice = severity === 'warning' && errors.length > 0 ? ['Advice: the repository has no commit rules of its own.'] : [];
  return {
    id: 'conventions',
    parts,
    title: problems.length > 0 ? `Commit rules (${rulesLabel ?? 'commitlint'}): ${severity === 'error' ? plural(errors.length, 'error') : plural(problems.length, 'warning')}` : 'Over the size limit',
    lines: [...rules, ...advice, ...(size ? [size] : [])],
  };
}

/** Puts the warning badges on the graph; the Stacks tree redraws whenever the verdicts change, so the graph asks again then. */
export function registerConventionBadges(badges: GraphBadges, marks: StackMarks, tree: StacksTree): vscode.Disposable[] {
  return [
    badges.addProvider((repo, commit) => {
      const verdict = commit.phase === 'draft' ? marks.verdictOf(repo.root, commit.hash) : undefined;
      return verdict && conventionsBadge(verdict);
    }),
    tree.onDidChangeTreeData(() => badges.refresh()),
  ];
}
