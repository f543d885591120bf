// The Stacks view: uncommitted changes, repo state, then each stack (top first) hung off its trunk base.
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { counts } from './counts';
import { relativeTime, shortHash, uncommittedSummary } from '../core/format';
import type { FileChange } from '../core/git/parsers/status';
import { inProgressAdvice } from '../core/git/repository';
import { fileState } from '../core/graph/commits';
import { stackLines, type StackLine } from '../core/smartlog/lines';
import { shorterPath } from '../core/smartlog/render';
import type { ReviewMark, Smartlog, SmartlogCommit, Stack } from '../core/smartlog/model';
import type { Repositories } from './repositories';
import type { Repository } from './repository';
import { worktreeMarkUri } from './worktreeMarks';

export type StacksNode =
  | { kind: 'repo'; repo: Repository }
  | { kind: 'message'; repo: Repository; text: string; detail?: string; icon: string; contextValue?: string }
  | { kind: 'uncommitted'; repo: Repository; smartlog: Smartlog }
  | { kind: 'file'; repo: Repository; file: FileChange }
  | { kind: 'stack'; repo: Repository; smartlog: Smartlog; stack: Stack }
  /** `stack`: for a base row, the stack it is shown under (a trunk commit can be the base of several). */
  | {
      kind: 'commit';
      repo: Repository;
      smartlog: Smartlog;
      commit: SmartlogCommit;
      role: 'draft' | 'base' | 'trunk';
      stack?: Stack;
    }
  /** A side line of a stack that forks, as a group just above the commit it sits on. */
  | {
      kind: 'fork';
      repo: Repository;
      smartlog: Smartlog;
      stack: Stack;
      line: StackLine;
      forks: Map<string, ForkNode[]>;
    };

type ForkNode = Extract<StacksNode, { kind: 'fork' }>;

/** Extra text, tooltip lines, a mark and a menu flag that a feature adds to a commit or stack row. */
export interface Annotation {
  /** Added to the row's description, after its branches and before its hash and age. */
  text?: string;
  /** A Markdown paragraph appended to the tooltip. */
  tooltip?: string;
  /** Shows the row with a warning icon. */
  warning?: boolean;
  /** Commands the tooltip links to (command: URIs); only these run from it. */
  commands?: string[];
  /** Shows the row with an error icon (wins over a warning). */
  error?: boolean;
  /** Appended to the row's contextValue as `.<flag>`, for menus: e.g. `pr` on a commit with a pull request. */
  flag?: string;
}

export type Annotator = (node: Extract<StacksNode, { kind: 'commit' | 'stack' }>) => Annotation | undefined;

/** A row a feature puts at the top of a repository (e.g. an operation stopped on conflicts, with its buttons). */
export interface Banner {
  text: string;
  detail?: string;
  icon: string;
  /** For menus: view/item/context entries with `viewItem == <contextValue>`. */
  contextValue: string;
}

export type BannerProvider = (repo: Repository) => Banner | undefined;

export class StacksTree implements vscode.TreeDataProvider<StacksNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly annotators = new Set<Annotator>();
  private readonly banners = new Set<BannerProvider>();

  /** What the tree showed at the last redraw, to skip redraws that would show the same. */
  private shown: string | undefined;

  constructor(private readonly repositories: Repositories) {
    repositories.onDidChange(() => this.redraw());
  }

  /** Lets a feature (PR status, lint, size warnings) add to commit and stack rows. */
  addAnnotator(annotator: Annotator): vscode.Disposable {
    this.annotators.add(annotator);
    this.redraw();
    return { dispose: () => this.annotators.delete(annotator) && this.redraw() };
  }

  /** Lets a feature show a row above the stacks of a repository. */
  addBanner(provider: BannerProvider): vscode.Disposable {
    this.banners.add(provider);
    this.redraw();
    return { dispose: () => this.banners.delete(provider) && this.redraw() };
  }

  /** What the banner providers show above a repository's stacks now (the graph shows the same). */
  bannersFor(repo: Repository): Banner[] {
    return [...this.banners]
      .map((provider) => provider(repo))
      .filter((banner): banner is Banner => banner !== undefined);
  }

  /**
   * Redraws the tree, e.g. after an annotator's data changed, when a row would look different.
   * A redraw makes VS Code forget the rows it shows until it has asked for them again: a click on a
   * row's button in between reaches the command without its row. Skipping redraws that change
   * nothing keeps that window rare.
   */
  redraw(): void {
    const shown = this.describeAll();
    if (shown === this.shown) return;
    this.shown = shown;
    this.changed.fire();
  }

  /** Every row as VS Code would draw it, expanded or not. */
  private describeAll(): string {
    const lines: string[] = [];
    const walk = (parent: StacksNode | undefined, depth: number): void => {
      for (const node of this.getChildren(parent)) {
        const item = this.getTreeItem(node);
        const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : item.tooltip;
        const icon = JSON.stringify(item.iconPath);
        lines.push(
          JSON.stringify([
            depth,
            item.id,
            item.label,
            item.description,
            tooltip,
            item.contextValue,
            icon,
            item.collapsibleState,
            item.resourceUri?.toString(),
            item.command?.command,
            item.command?.arguments?.length,
            item.accessibilityInformation?.label,
            item.checkboxState,
          ]),
        );
        walk(node, depth + 1);
      }
    };
    walk(undefined, 0);
    return lines.join('\n');
  }

  getChildren(node?: StacksNode): StacksNode[] {
    if (!node) {
      const repos = this.repositories.all;
      if (repos.length === 1) return this.repoChildren(repos[0]);
      return repos.map((repo) => ({ kind: 'repo', repo }));
    }
    switch (node.kind) {
      case 'repo':
        return this.repoChildren(node.repo);
      case 'uncommitted':
        return node.smartlog.uncommitted.files.map((file) => ({ kind: 'file', repo: node.repo, file }));
      case 'stack': {
        // The main line flat, top first; each side line a group just above the commit it forks from.
        const [main, ...sides] = stackLines(node.smartlog, node.stack);
        const forks = new Map<string, ForkNode[]>();
        const lineNode = (line: StackLine): ForkNode => ({
          kind: 'fork',
          repo: node.repo,
          smartlog: node.smartlog,
          stack: node.stack,
          line,
          forks,
        });
        const sideNodes = sides.map(lineNode);
        for (const side of sideNodes) forks.set(side.line.on, [...(forks.get(side.line.on) ?? []), side]);
        const commits: StacksNode[] = lineCommits(lineNode(main));
        // Side lines on a commit outside the stack (joined to it by a merge) hang off the stack itself.
        commits.push(...sideNodes.filter((side) => !node.stack.commits.includes(side.line.on)));
        const byHash = new Map(node.smartlog.commits.map((c) => [c.hash, c]));
        const base = byHash.get(node.stack.base);
        if (base)
          commits.push({
            kind: 'commit',
            repo: node.repo,
            smartlog: node.smartlog,
            commit: base,
            role: 'base',
            stack: node.stack,
          });
        return commits;
      }
      case 'fork':
        return lineCommits(node);
      default:
        return [];
    }
  }

  private repoChildren(repo: Repository): StacksNode[] {
    // While an operation runs, its predicted result (rows git is still rewriting say so).
    const smartlog = repo.shown;
    if (repo.error) return [{ kind: 'message', repo, text: repo.error.message, icon: 'error' }];
    if (!smartlog) return [{ kind: 'message', repo, text: vscode.l10n.t('Loading…'), icon: 'loading~spin' }];
    const nodes: StacksNode[] = [];
    if (smartlog.state.operation) {
      nodes.push({
        kind: 'message',
        repo,
        text: vscode.l10n.t('{0} in progress', capitalize(smartlog.state.operation)),
        detail: inProgressAdvice(smartlog.state.operation),
        icon: 'warning',
      });
    }
    for (const banner of this.bannersFor(repo)) nodes.push({ kind: 'message', repo, ...banner });
    for (const warning of smartlog.warnings) nodes.push({ kind: 'message', repo, text: warning, icon: 'info' });
    if (smartlog.uncommitted.files.length > 0) nodes.push({ kind: 'uncommitted', repo, smartlog });
    if (smartlog.state.unborn)
      nodes.push({
        kind: 'message',
        repo,
        text: smartlog.head.branch
          ? vscode.l10n.t('No commits yet on {0}', smartlog.head.branch)
          : vscode.l10n.t('No commits yet on this branch'),
        icon: 'info',
      });
    for (const stack of smartlog.stacks) nodes.push({ kind: 'stack', repo, smartlog, stack });
    // Trunk commits that are not a stack's base (those show inside their stack): trunk tip, and
    // HEAD when it sits on trunk.
    const bases = new Set(smartlog.stacks.map((s) => s.base));
    for (const commit of smartlog.commits) {
      if (commit.phase === 'public' && !bases.has(commit.hash)) {
        nodes.push({ kind: 'commit', repo, smartlog, commit, role: 'trunk' });
      }
    }
    return nodes;
  }

  getTreeItem(node: StacksNode): vscode.TreeItem {
    switch (node.kind) {
      case 'repo': {
        const item = new vscode.TreeItem(basename(node.repo.root), vscode.TreeItemCollapsibleState.Expanded);
        item.id = `repo:${node.repo.root}`;
        item.description =
          node.repo.smartlog?.head.branch ??
          (node.repo.smartlog?.head.detached ? vscode.l10n.t('detached') : undefined);
        item.iconPath = new vscode.ThemeIcon('repo');
        item.tooltip = node.repo.root;
        item.contextValue = 'repository';
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text);
        item.iconPath = new vscode.ThemeIcon(node.icon);
        item.tooltip = node.detail ?? node.text;
        item.description = node.detail;
        item.contextValue = node.contextValue ?? 'message';
        return item;
      }
      case 'uncommitted':
        return uncommittedItem(node.repo, node.smartlog);
      case 'file':
        return fileItem(node.repo, node.file);
      case 'stack':
        return this.annotate(stackItem(node.repo, node.smartlog, node.stack), node);
      case 'commit': {
        const { item, tail } = commitItem(node);
        return this.annotate(item, node, tail);
      }
      case 'fork':
        return forkItem(node);
    }
  }

  /** Adds what the annotators say; `tail` (hash and age) goes last, the first text VS Code cuts off in a narrow side bar. */
  private annotate(
    item: vscode.TreeItem,
    node: Extract<StacksNode, { kind: 'commit' | 'stack' }>,
    tail?: string,
  ): vscode.TreeItem {
    let mark: 'warning' | 'error' | undefined;
    for (const annotator of this.annotators) {
      const annotation = annotator(node);
      if (!annotation) continue;
      if (annotation.text) item.description = [item.description, annotation.text].filter(Boolean).join(' · ');
      if (annotation.tooltip) {
        const tooltip =
          item.tooltip instanceof vscode.MarkdownString
            ? item.tooltip
            : new vscode.MarkdownString(String(item.tooltip ?? ''), true);
        tooltip.appendMarkdown(`\n\n${annotation.tooltip}`);
        if (annotation.commands)
          tooltip.isTrusted = {
            enabledCommands: [
              ...(typeof tooltip.isTrusted === 'object' ? tooltip.isTrusted.enabledCommands : []),
              ...annotation.commands,
            ],
          };
        item.tooltip = tooltip;
      }
      if (annotation.error) mark = 'error';
      else if (annotation.warning && !mark) mark = 'warning';
      if (annotation.flag) item.contextValue = `${item.contextValue}.${annotation.flag}`;
    }
    if (mark === 'error') item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    if (mark === 'warning')
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    if (tail) item.description = [item.description, tail].filter(Boolean).join(' · ');
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/**
 * A line's commits, top first, each preceded by the side lines that fork from it: every commit row
 * sits on the next commit row at its level, the last one of a group on the commit the group names.
 */
function lineCommits(node: ForkNode): StacksNode[] {
  const byHash = new Map(node.smartlog.commits.map((c) => [c.hash, c]));
  return node.line.commits.flatMap((hash): StacksNode[] => [
    ...(node.forks.get(hash) ?? []),
    { kind: 'commit', repo: node.repo, smartlog: node.smartlog, commit: byHash.get(hash)!, role: 'draft' },
  ]);
}

function forkItem(node: ForkNode): vscode.TreeItem {
  const on = node.smartlog.commits.find((c) => c.hash === node.line.on);
  const count = counts.commit(node.line.commits.length);
  const item = new vscode.TreeItem(
    vscode.l10n.t('{0} on {1}', count, on?.title || shortHash(node.line.on)),
    vscode.TreeItemCollapsibleState.Expanded,
  );
  item.id = `fork:${node.repo.root}:${node.line.commits[node.line.commits.length - 1]}`;
  item.description = vscode.l10n.t('forks at {0}', shortHash(node.line.on));
  item.iconPath = new vscode.ThemeIcon('repo-forked');
  item.contextValue = 'stackFork';
  item.tooltip = vscode.l10n.t(
    'Another line of this stack: {0} on {1}{2}, the commit just below this group. To submit this line, select its top commit and Submit.',
    count,
    shortHash(node.line.on),
    on ? ` (${on.title})` : '',
  );
  return item;
}

function uncommittedItem(repo: Repository, smartlog: Smartlog): vscode.TreeItem {
  const u = smartlog.uncommitted;
  const item = new vscode.TreeItem(vscode.l10n.t('Uncommitted changes'), vscode.TreeItemCollapsibleState.Expanded);
  item.id = `uncommitted:${repo.root}`;
  item.description = uncommittedSummary(u);
  item.iconPath = new vscode.ThemeIcon(u.conflicted ? 'warning' : 'edit');
  item.contextValue = 'uncommitted';
  return item;
}

function fileItem(repo: Repository, file: FileChange): vscode.TreeItem {
  const uri = vscode.Uri.file(`${repo.root}/${file.path}`);
  const item = new vscode.TreeItem(uri);
  item.id = `file:${repo.root}:${file.path}`;
  item.label = basename(file.path);
  const dir = dirname(file.path);
  const state = fileState(file);
  item.description = `${dir === '.' ? '' : dir + ' · '}${state}`;
  item.tooltip = `${file.path} (${state})`;
  item.contextValue = 'file';
  item.command = {
    command: 'stackline.openFileChange',
    title: vscode.l10n.t('Open Changes'),
    arguments: [{ kind: 'file', repo, file }],
  };
  return item;
}

function stackItem(repo: Repository, smartlog: Smartlog, stack: Stack): vscode.TreeItem {
  const byHash = new Map(smartlog.commits.map((c) => [c.hash, c]));
  const top = byHash.get(stack.commits[0]);
  const branch = stack.commits.flatMap((h) => byHash.get(h)?.branches.filter((b) => !b.remote) ?? [])[0];
  const item = new vscode.TreeItem(
    branch?.name ?? top?.title ?? vscode.l10n.t('Stack'),
    vscode.TreeItemCollapsibleState.Expanded,
  );
  item.id = `stack:${repo.root}:${stack.id}`;
  const behind = stack.behindTrunk > 0 ? vscode.l10n.t(', {0} behind trunk', counts.commit(stack.behindTrunk)) : '';
  const lines = stackLines(smartlog, stack).length;
  const forked = lines > 1 ? vscode.l10n.t(', in {0} lines', lines) : '';
  const facts = [counts.commit(stack.commits.length), shortHash(stack.base), forked, behind];
  item.description = vscode.l10n.t('{0} on {1}{2}{3}', ...facts);
  item.iconPath = new vscode.ThemeIcon('layers');
  item.contextValue = 'stack';
  item.tooltip = vscode.l10n.t('Stack of {0} based on trunk commit {1}{2}{3}', ...facts);
  if (stack.review) reviewedStackItem(item, stack.review);
  item.accessibilityInformation = { label: vscode.l10n.t('Stack {0}: {1}', item.label as string, item.tooltip) };
  return item;
}

/** A stack checked out for review: named by its author, marked read-only, with Stop Reviewing in its menu. */
function reviewedStackItem(item: vscode.TreeItem, review: NonNullable<Stack['review']>): void {
  const authors = review.authors.join(', ');
  const pulls = review.pulls.map((n) => `#${n}`).join(', ');
  item.label = vscode.l10n.t("{0}'s stack (review)", authors);
  item.description = vscode.l10n.t('{0} · read-only · {1}', pulls, item.description as string);
  item.tooltip = vscode.l10n.t(
    "{0}'s stack of PRs {1}, checked out for review: read-only here (editing it asks first). {2}",
    authors,
    pulls,
    item.tooltip as string,
  );
  item.iconPath = new vscode.ThemeIcon('eye');
  item.contextValue = 'reviewStack';
}

/** A commit of the stack under review: its PR and author, read-only. */
function reviewedCommitItem(item: vscode.TreeItem, review: ReviewMark, keepIcon: boolean): void {
  item.description = [vscode.l10n.t('#{0} by {1} · read-only', review.pull, review.author), item.description as string]
    .filter(Boolean)
    .join(' · ');
  if (!keepIcon) item.iconPath = new vscode.ThemeIcon('lock');
}

/**
 * The row that says "you are here": HEAD's own row. A trunk commit under several stacks (their
 * shared base) is HEAD's row only under the first of them.
 */
export function isHeadRow(node: Extract<StacksNode, { kind: 'commit' }>): boolean {
  if (!node.commit.isHead) return false;
  if (node.role !== 'base') return true;
  return node.smartlog.stacks.find((s) => s.base === node.commit.hash)?.id === node.stack?.id;
}

/** A commit row, and the text to end its description with (hash and age) once annotations are in. */
function commitItem(node: Extract<StacksNode, { kind: 'commit' }>): { item: vscode.TreeItem; tail: string } {
  const { repo, commit, role } = node;
  const here = isHeadRow(node);
  const item = new vscode.TreeItem(commit.title || vscode.l10n.t('(no message)'));
  item.id = `commit:${repo.root}:${role}:${commit.hash}:${node.stack?.id ?? ''}`;
  // Remote branches on trunk commits, unless a local branch here tracks one (main says what origin/main would).
  const tracked = new Set(commit.branches.filter((b) => !b.remote && b.upstream).map((b) => b.upstream));
  const labels = commit.branches
    .filter((b) => !b.remote || (commit.phase === 'public' && !tracked.has(b.name)))
    .map((b) => (b.remote ? b.name : branchLabel(b, repo.root)));
  const when = relativeTime(commit.date);
  const elsewhere = commit.branches.filter((b) => !b.remote && b.worktree);
  if (elsewhere.length > 0) {
    const where = elsewhere.map((b) => ({ branch: b.name, worktree: shorterPath(b.worktree!, repo.root) }));
    item.resourceUri = worktreeMarkUri(commit.hash, where);
  }
  // What VS Code cuts off last comes first: where you are and the branches; hash and age go last.
  item.description = [here ? vscode.l10n.t('@ you are here') : undefined, ...labels].filter(Boolean).join(' · ');
  item.iconPath = here
    ? new vscode.ThemeIcon('circle-filled', new vscode.ThemeColor('charts.blue'))
    : new vscode.ThemeIcon(commit.phase === 'public' ? 'git-commit' : 'circle-outline');
  item.contextValue = commit.isHead ? 'commit.head' : commit.phase === 'public' ? 'commit.public' : 'commit';
  if (commit.rewriting) {
    // A predicted row: git is still making this commit; its hash will change.
    item.iconPath = new vscode.ThemeIcon('loading~spin');
    item.description = [vscode.l10n.t('rewriting…'), item.description].filter(Boolean).join(' · ');
    item.contextValue = `${item.contextValue}.rewriting`;
  }
  if (commit.review) reviewedCommitItem(item, commit.review, here || !!commit.rewriting);
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendMarkdown(`**${escapeMarkdown(commit.title)}**\n\n`);
  tooltip.appendMarkdown(`\`${commit.hash}\` · ${escapeMarkdown(commit.author)} · ${dateLine(commit)}\n\n`);
  if (labels.length > 0) tooltip.appendMarkdown(`$(git-branch) ${escapeMarkdown(labels.join(', '))}\n\n`);
  for (const b of commit.branches.filter((x) => x.worktree)) {
    tooltip.appendMarkdown(
      `$(folder) ${escapeMarkdown(vscode.l10n.t('{0} is checked out in another worktree: {1}', b.name, b.worktree ?? ''))}\n\n`,
    );
  }
  tooltip.appendMarkdown(
    commit.phase === 'public' ? vscode.l10n.t('On trunk') : vscode.l10n.t('Draft (not on trunk yet)'),
  );
  if (commit.isHead) tooltip.appendMarkdown(` · ${vscode.l10n.t('**you are here**')}`);
  item.tooltip = tooltip;
  item.accessibilityInformation = {
    label: [
      commit.title,
      vscode.l10n.t('commit {0}', shortHash(commit.hash)),
      labels.length ? vscode.l10n.t('branches {0}', labels.join(', ')) : '',
      here ? vscode.l10n.t('you are here') : '',
      commit.phase === 'public' ? vscode.l10n.t('on trunk') : '',
      when,
    ]
      .filter(Boolean)
      .join(', '),
  };
  return { item, tail: [shortHash(commit.hash), when].join(' · ') };
}

/** "authored 3 days ago (date)", and when this version was committed if that was later (an amend, a restack). */
function dateLine(commit: SmartlogCommit): string {
  const at = (seconds: number) => `${relativeTime(seconds)} (${new Date(seconds * 1000).toLocaleString()})`;
  const authored = vscode.l10n.t('authored {0}', at(commit.date));
  return commit.committerDate === commit.date
    ? authored
    : `${authored} · ${vscode.l10n.t('committed {0}', at(commit.committerDate))}`;
}

function branchLabel(b: SmartlogCommit['branches'][number], root: string): string {
  // Git will not check out here a branch another worktree has: say where it is.
  const elsewhere = b.worktree ? ` ${vscode.l10n.t('(in {0})', shorterPath(b.worktree, root))}` : '';
  if (b.upstreamGone) return vscode.l10n.t('{0} (upstream gone){1}', b.name, elsewhere);
  const marks = `${b.ahead ? `↑${b.ahead}` : ''}${b.behind ? `↓${b.behind}` : ''}`;
  return `${b.name}${marks}${elsewhere}`;
}

function capitalize(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
