// Marks in the Stacks tree: a warning on draft commits whose messages break the commit rules or
// that change more lines than the limit, and on stacks with more commits than the limit. Commits
// never change, so each one's message and size are read from git once and kept.
import * as vscode from 'vscode';
import { readCommitFacts, type CommitFacts } from '../../core/conventions/commitFacts';
import { lintMessage, type LintReport } from '../../core/conventions/lint';
import { ruleSeverity, type RuleSeverity } from '../../core/conventions/severity';
import { commitSizeWarning, stackSizeWarning } from '../../core/conventions/size';
import { counts } from '../counts';
import type { Repositories } from '../repositories';
import type { Repository } from '../repository';
import type { Annotation, Annotator, StacksTree } from '../stacksTree';
import { enabled } from './diagnostics';
import type { ConventionsRules, RepoConventions } from './rules';

export interface CommitMarks {
  facts: CommitFacts;
  report?: LintReport;
}

export class StackMarks implements vscode.Disposable {
  /** Per repository root: what is known about each draft commit, and the conventions used. */
  private readonly known = new Map<
    string,
    { marks: Map<string, CommitMarks>; conventions?: RepoConventions; exclude: string }
  >();
  /** Per repository root: bumped when its rules change, so an update begun on older rules gives way. */
  private readonly generation = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly repositories: Repositories,
    private readonly rules: ConventionsRules,
    private readonly tree: StacksTree,
    private readonly log: vscode.OutputChannel,
  ) {
    this.disposables.push(
      tree.addAnnotator(this.annotate),
      repositories.onDidChange(() => void this.updateAll()),
      rules.onDidChange((root) => {
        // New rules: messages are checked again; new exclusions: sizes are read again.
        this.known.delete(root);
        this.generation.set(root, (this.generation.get(root) ?? 0) + 1);
        void this.updateAll();
      }),
      vscode.workspace.onDidChangeConfiguration(
        (event) => event.affectsConfiguration('stackline.conventions') && tree.redraw(),
      ),
    );
    void this.updateAll();
  }

  private async updateAll(): Promise<void> {
    await Promise.all(
      this.repositories.all.map((repo) =>
        this.update(repo).catch((error: unknown) =>
          this.log.appendLine(
            `[conventions ${repo.root}] stack marks: ${error instanceof Error ? error.message : String(error)}`,
          ),
        ),
      ),
    );
  }

  private async update(repo: Repository): Promise<void> {
    const smartlog = repo.smartlog;
    if (!smartlog) return;
    const generation = this.generation.get(repo.root) ?? 0;
    const outdated = () => generation !== (this.generation.get(repo.root) ?? 0);
    const conventions = await this.rules.get(repo.root);
    // The rules changed while they were read: the update that change started shows the new ones.
    if (outdated()) return;
    const exclude = JSON.stringify(conventions.settings.size.exclude);
    let entry = this.known.get(repo.root);
    if (!entry || entry.conventions !== conventions || entry.exclude !== exclude) {
      entry = { marks: new Map(), conventions, exclude };
      this.known.set(repo.root, entry);
    }
    const drafts = smartlog.stacks.flatMap((stack) => stack.commits);
    const missing = drafts.filter((hash) => !entry.marks.has(hash));
    if (missing.length === 0) return;
    for (const facts of await readCommitFacts(repo.git, missing, conventions.settings.size.exclude)) {
      const report = conventions.config ? await lintMessage(facts.message, conventions.config) : undefined;
      entry.marks.set(facts.hash, { facts, report });
    }
    if (!outdated()) this.tree.redraw();
  }

  private readonly annotate: Annotator = (node) => {
    if (!enabled()) return undefined;
    const entry = this.known.get(node.repo.root);
    const settings = entry?.conventions?.settings;
    if (!entry || !settings) return undefined;
    if (node.kind === 'stack') {
      const warning = stackSizeWarning(node.stack.commits.length, settings);
      return warning
        ? {
            text: vscode.l10n.t('over the limit of {0}', settings.size.maxStackCommits),
            tooltip: `$(warning) ${warning}`,
            warning: true,
          }
        : undefined;
    }
    if (node.role !== 'draft') return undefined;
    const marks = entry.marks.get(node.commit.hash);
    if (!marks) return undefined;
    return commitAnnotation(marks, settings, entry.conventions?.config?.label, severityOf(marks, entry.conventions));
  };

  /** A draft commit's verdicts, as the tree shows them (for the graph's warning badge); redraws of the tree say when they change. */
  verdictOf(
    root: string,
    hash: string,
  ):
    | (CommitMarks & { settings: RepoConventions['settings']; rulesLabel?: string; severity?: RuleSeverity })
    | undefined {
    const entry = this.known.get(root);
    const marks = entry?.marks.get(hash);
    const settings = entry?.conventions?.settings;
    return enabled() && marks && settings
      ? {
          ...marks,
          settings,
          rulesLabel: entry?.conventions?.config?.label,
          severity: severityOf(marks, entry?.conventions),
        }
      : undefined;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** How the broken rules weigh: errors against committed rules, warnings against the default ones. */
function severityOf(marks: CommitMarks, conventions: RepoConventions | undefined): RuleSeverity | undefined {
  return marks.report && ruleSeverity(marks.report, conventions?.config);
}

function commitAnnotation(
  { facts, report }: CommitMarks,
  settings: RepoConventions['settings'],
  rulesLabel: string | undefined,
  severity: RuleSeverity | undefined,
): Annotation | undefined {
  const size = commitSizeWarning(facts.linesChanged, settings);
  const errors = report?.errors ?? [];
  const warnings = report?.warnings ?? [];
  if (!size && errors.length === 0 && warnings.length === 0) return undefined;
  const texts: string[] = [];
  if (errors.length === 1) texts.push(vscode.l10n.t('breaks {0}', errors[0].name));
  else if (errors.length > 1) texts.push(vscode.l10n.t('breaks {0} commit rules', errors.length));
  else if (warnings.length > 0)
    texts.push(
      warnings.length === 1
        ? vscode.l10n.t('warns about {0}', warnings[0].name)
        : vscode.l10n.t('{0} commit rule warnings', warnings.length),
    );
  if (size) texts.push(vscode.l10n.t('{0} (limit {1})', counts.line(facts.linesChanged), settings.size.maxCommitLines));
  const tooltip: string[] = [];
  if (errors.length + warnings.length > 0) {
    tooltip.push(vscode.l10n.t('**Commit rules** ({0}):', rulesLabel ?? 'commitlint'));
    const icon = (problem: { level: number }) =>
      problem.level === 2 && severity === 'error' ? '$(error)' : '$(warning)';
    for (const problem of [...errors, ...warnings])
      tooltip.push(`- ${icon(problem)} ${escape(problem.message)} \`${problem.name}\``);
  }
  if (size) tooltip.push(`$(warning) ${size}`);
  return {
    text: texts.join(' · ') || undefined,
    tooltip: tooltip.join('\n'),
    warning: severity !== undefined || size !== undefined,
    error: severity === 'error',
  };
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
