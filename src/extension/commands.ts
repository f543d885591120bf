// Every Stackline command in one table: what it is called and what it does.
import * as vscode from 'vscode';
import { shortHash } from '../core/format';
import { StacklineError } from '../core/errors';
import { GitError } from '../core/git/errors';
import { parseNameStatus } from '../core/git/parsers/diff';
import { gotoRevision } from '../core/navigate/goto';
import { navigationTarget, type Direction } from '../core/navigate/targets';
import type { SmartlogCommit } from '../core/smartlog/model';
import { errorNotification } from './errorNotification';
import { gitUri } from './gitContent';
import { repoSession } from './operations/session';
import type { Repositories } from './repositories';
import type { Repository } from './repository';
import type { StacksNode } from './stacksTree';

type CommitNode = Extract<StacksNode, { kind: 'commit' }>;
type FileNode = Extract<StacksNode, { kind: 'file' }>;

export function registerCommands(
  repositories: Repositories,
  view: vscode.TreeView<StacksNode>,
  log: vscode.OutputChannel,
): vscode.Disposable[] {
  // Commands get a tree node from menus, nothing (or something else) from keybindings and the
  // palette: then the commit selected in the view counts.
  const commitOf = (arg: unknown): CommitNode | undefined => {
    const node = isNode(arg) ? arg : view.selection[0];
    return node?.kind === 'commit' ? node : undefined;
  };
  const table: Record<string, (...args: never[]) => unknown> = {
    'stackline.refresh': () => repositories.refreshAll(),
    'stackline.goto': async (arg?: unknown) => {
      const node = isNode(arg) && arg.kind === 'commit' ? arg : undefined;
      const repo = node?.repo ?? requireRepo(repositories);
      const target = node?.commit ?? (await pickCommit(repo));
      if (target) await moveTo(repo, target.hash);
    },
    'stackline.prev': (arg?: unknown) => navigate(isNode(arg) ? arg.repo : requireRepo(repositories), 'prev'),
    'stackline.next': (arg?: unknown) => navigate(isNode(arg) ? arg.repo : requireRepo(repositories), 'next'),
    'stackline.top': (arg?: unknown) => navigate(isNode(arg) ? arg.repo : requireRepo(repositories), 'top'),
    'stackline.bottom': (arg?: unknown) => navigate(isNode(arg) ? arg.repo : requireRepo(repositories), 'bottom'),
    'stackline.copyHash': async (arg?: unknown) => {
      const hash = commitOf(arg)?.commit.hash ?? requireRepo(repositories).smartlog?.head.hash;
      if (!hash) throw new GitError('no-commit', vscode.l10n.t('There is no commit to copy yet.'));
      await vscode.env.clipboard.writeText(hash);
      vscode.window.setStatusBarMessage(vscode.l10n.t('$(copy) Copied {0}', shortHash(hash)), 3000);
    },
    'stackline.openCommitChanges': async (arg?: unknown) => {
      const node = commitOf(arg);
      const repo = node?.repo ?? requireRepo(repositories);
      const commit = node?.commit ?? repo.smartlog?.commits.find((c) => c.isHead);
      if (!commit) throw new GitError('no-commit', vscode.l10n.t('There is no commit to show yet.'));
      await openCommitChanges(repo, commit);
    },
    'stackline.openFileChange': (node: FileNode) => openFileChange(node),
    'stackline.showLog': () => log.show(),
  };
  return Object.entries(table).map(([id, handler]) =>
    vscode.commands.registerCommand(id, (...args: unknown[]) =>
      reportErrors(log, () => (handler as (...a: unknown[]) => unknown)(...args)),
    ),
  );
}

export async function reportErrors(log: vscode.OutputChannel, action: () => unknown): Promise<void> {
  try {
    await action();
  } catch (error) {
    await showError(log, error);
  }
}

/** Logs the error and shows it with a button for each of its fixes (see errorNotification). */
export async function showError(
  log: vscode.OutputChannel,
  error: unknown,
  options: { tag?: string; showLog?: boolean } = {},
): Promise<void> {
  const { message, actions } = errorNotification(error, options.showLog);
  const detail = StacklineError.is(error) ? error.detail : '';
  log.appendLine(`[${options.tag ?? 'error'}] ${message}${detail ? `\n${detail}` : ''}`);
  const choice = await vscode.window.showErrorMessage(message, ...actions);
  if (choice?.kind === 'log') log.show();
  if (choice?.kind === 'copy') {
    await vscode.env.clipboard.writeText(choice.text);
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(copy) Copied {0}', choice.text), 3000);
  }
  if (choice?.kind === 'run') await vscode.commands.executeCommand(choice.command, ...choice.args);
}

function isNode(arg: unknown): arg is StacksNode {
  return typeof arg === 'object' && arg !== null && 'kind' in arg && 'repo' in arg;
}

function requireRepo(repositories: Repositories): Repository {
  const repo = repositories.active;
  if (!repo)
    throw new GitError('not-a-repo', vscode.l10n.t('No git repository is open. Open a folder that holds one.'));
  return repo;
}

async function navigate(repo: Repository, direction: Direction): Promise<void> {
  await repo.refresh();
  const smartlog = repo.smartlog;
  if (!smartlog) throw repo.error ?? new GitError('failed', vscode.l10n.t('The repository could not be read.'));
  const result = navigationTarget(smartlog, direction);
  if (result.kind === 'refuse') throw new GitError('no-commit', result.message);
  const target = result.kind === 'target' ? result.commit : await pickFrom(result.choices, result.message);
  if (target) await moveTo(repo, target.hash, direction);
}

/** Goes to a commit (recorded in the oplog as `command`, so undo comes back). */
export async function moveTo(repo: Repository, rev: string, command?: string): Promise<void> {
  const result = await repo.run(() => gotoRevision(repoSession(repo), rev, command));
  const title = repo.smartlog?.commits.find((c) => c.hash === result.hash)?.title;
  const where = `${shortHash(result.hash)}${title ? ` ${title}` : ''}${result.branch ? ` (${result.branch})` : ''}`;
  if (result.elsewhere) {
    // Git keeps a branch in one worktree at a time: say why HEAD is detached here instead of on the branch.
    const { branch, worktree } = result.elsewhere;
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Now at {0}, detached: branch {1} is checked out in the worktree {2}. Work on the branch there.',
        where,
        branch,
        worktree,
      ),
    );
    return;
  }
  vscode.window.setStatusBarMessage(
    result.unchanged ? vscode.l10n.t('$(check) Already at {0}', where) : vscode.l10n.t('$(check) Now at {0}', where),
    4000,
  );
}

async function pickCommit(repo: Repository): Promise<SmartlogCommit | undefined> {
  const commits = repo.smartlog?.commits ?? [];
  return pickFrom(commits, vscode.l10n.t('Go to which commit?'));
}

async function pickFrom(commits: SmartlogCommit[], placeHolder: string): Promise<SmartlogCommit | undefined> {
  const items = commits.map((commit) => ({
    label: `${commit.isHead ? '$(circle-filled) ' : ''}${commit.title}`,
    description: [
      shortHash(commit.hash),
      ...commit.branches.filter((b) => !b.remote).map((b) => b.name),
      commit.phase === 'public' ? 'trunk' : '',
    ]
      .filter(Boolean)
      .join(' · '),
    commit,
  }));
  return (await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true }))?.commit;
}

export async function openCommitChanges(
  repo: Repository,
  commit: Pick<SmartlogCommit, 'hash' | 'parents' | 'title'>,
): Promise<void> {
  const parent = commit.parents[0];
  const args = parent
    ? ['diff-tree', '-r', '-z', '--name-status', '-M', parent, commit.hash]
    : ['diff-tree', '-r', '-z', '--name-status', '-M', '--root', commit.hash];
  const files = parseNameStatus(await repo.git.run(args));
  if (files.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Commit {0} changes no files.', shortHash(commit.hash)));
    return;
  }
  const resources = files.map((file) => [
    vscode.Uri.file(`${repo.root}/${file.path}`),
    file.status === 'A'
      ? gitUri(repo.root, undefined, file.path)
      : gitUri(repo.root, parent, file.originalPath ?? file.path),
    file.status === 'D' ? gitUri(repo.root, undefined, file.path) : gitUri(repo.root, commit.hash, file.path),
  ]);
  await vscode.commands.executeCommand('vscode.changes', `${shortHash(commit.hash)} ${commit.title}`, resources);
}

async function openFileChange(node: FileNode): Promise<void> {
  const { repo, file } = node;
  const uri = vscode.Uri.file(`${repo.root}/${file.path}`);
  if (file.kinds.includes('untracked') || file.index === 'A') {
    await vscode.commands.executeCommand('vscode.open', uri);
    return;
  }
  const deleted = file.worktree === 'D' || file.index === 'D';
  const left = gitUri(repo.root, 'HEAD', file.originalPath ?? file.path);
  const right = deleted ? gitUri(repo.root, undefined, file.path) : uri;
  await vscode.commands.executeCommand(
    'vscode.diff',
    left,
    right,
    vscode.l10n.t('{0} (HEAD ↔ working copy)', file.path),
  );
}
