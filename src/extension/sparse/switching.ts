// Runs a profile switch from the extension: a cancellable progress notification, a dialog listing
// files in the way (stash them, switch anyway, or cancel), and a confirmation before git deletes
// folders that hold only ignored files. Nothing the person made is lost on any path.
import * as vscode from 'vscode';
import { counts } from '../counts';
import { BlockedSwitchError, DeleteNotConfirmedError, SparseError } from '../../core/sparse/errors';
import { formatBytes } from '../../core/sparse/explain';
import type { BlockedFile, DoomedDirectory } from '../../core/sparse/model';
import type { SwitchOptions, SwitchResult } from '../../core/sparse/switch';
import type { Repository } from '../repository';
import type { SparseModel } from './model';

export type SparseAction = (options: SwitchOptions) => Promise<SwitchResult>;

const SHOWN_FILES = 15;

/** Runs the action; answers undefined when the person cancelled or chose not to go on. */
export async function runSparseAction(
  model: SparseModel,
  repo: Repository,
  title: string,
  action: SparseAction,
  force = false,
): Promise<SwitchResult | undefined> {
  let result: SwitchResult;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        const step = (message: string, changesFiles = false) =>
          progress.report({
            message: changesFiles
              ? vscode.l10n.t('{0} (git is changing files; this can no longer be cancelled)', message)
              : message,
          });
        return repo.run(() => action({ force, signal: abort.signal, progress: step, confirmDelete }));
      },
    );
  } catch (error) {
    if (error instanceof BlockedSwitchError) return await resolveBlocked(model, repo, title, action, error);
    if (error instanceof DeleteNotConfirmedError) {
      vscode.window.setStatusBarMessage(vscode.l10n.t('$(circle-slash) Switch cancelled; nothing changed.'), 4000);
      return undefined;
    }
    if (error instanceof SparseError && error.kind === 'cancelled') {
      void vscode.window.showInformationMessage(error.message);
      return undefined;
    }
    throw error;
  } finally {
    await model.refresh(repo);
  }
  report(result, (paths) => profileTitles(model, repo, paths));
  return result;
}

/** "profile Web app" / "profiles Web app, API": profiles by their titles, as the view and the picker show them. */
function profileTitles(model: SparseModel, repo: Repository, paths: string[]): string {
  if (paths.length === 0) return vscode.l10n.t('the full checkout');
  const profiles = model.get(repo).profiles ?? [];
  const titles = paths.map(
    (path) => profiles.find((p) => p.path === path)?.title ?? (path.split('/').pop() ?? path).replace(/\.sparse$/, ''),
  );
  return titles.length === 1
    ? vscode.l10n.t('profile {0}', titles[0])
    : vscode.l10n.t('profiles {0}', titles.join(', '));
}

async function resolveBlocked(
  model: SparseModel,
  repo: Repository,
  title: string,
  action: SparseAction,
  error: BlockedSwitchError,
): Promise<SwitchResult | undefined> {
  const count =
    error.blocked.length === 1
      ? vscode.l10n.t('1 file with local changes')
      : vscode.l10n.t('{0} files with local changes', error.blocked.length);
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t(
      '{0} would end up outside {1}.',
      count,
      error.profiles.length > 0 ? profileTitles(model, repo, error.profiles) : error.target,
    ),
    {
      modal: true,
      detail: vscode.l10n.t(
        '{0}\n\nStash and Switch puts them in a git stash (git stash pop brings them back). Switch Anyway leaves them where they are, outside the profile.',
        fileList(error.blocked),
      ),
    },
    vscode.l10n.t('Stash and Switch'),
    vscode.l10n.t('Switch Anyway'),
  );
  if (choice === 'Switch Anyway') return runSparseAction(model, repo, title, action, true);
  if (choice !== vscode.l10n.t('Stash and Switch')) return undefined;
  const paths = error.blocked.map((b) => b.path);
  await repo.run(() =>
    repo.git.exec(
      ['stash', 'push', '--include-untracked', '-m', `Stackline: before ${title.toLowerCase()}`, '--', ...paths],
      { env: { GIT_LITERAL_PATHSPECS: '1' } },
    ),
  );
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Stashed {0} as {1}. Run git stash pop to bring them back.', counts.file(paths.length), 'stash@{0}'),
  );
  return runSparseAction(model, repo, title, action);
}

async function confirmDelete(dirs: DoomedDirectory[]): Promise<boolean> {
  const list = dirs.map((d) => `${d.path}/ — ${counts.ignoredFile(d.files)}, ${formatBytes(d.bytes)}`).join('\n');
  const choice = await vscode.window.showWarningMessage(
    dirs.length === 1
      ? vscode.l10n.t('Switching deletes 1 folder that holds only ignored files.')
      : vscode.l10n.t('Switching deletes {0} folders that hold only ignored files.', dirs.length),
    {
      modal: true,
      detail: vscode.l10n.t(
        '{0}\n\nOnce their tracked files leave the checkout, git removes these folders with everything in them (such as node_modules or build output). Move what you need first.',
        list,
      ),
    },
    vscode.l10n.t('Delete and Switch'),
  );
  return choice === vscode.l10n.t('Delete and Switch');
}

function report(result: SwitchResult, titles: (paths: string[]) => string): void {
  const what = titles(result.profiles);
  vscode.window.setStatusBarMessage(
    result.unchanged ? vscode.l10n.t('$(check) Already on {0}', what) : vscode.l10n.t('$(check) Now on {0}', what),
    5000,
  );
  if (result.kept.length > 0) {
    const count =
      result.kept.length === 1
        ? vscode.l10n.t('1 file with local changes stays')
        : vscode.l10n.t('{0} files with local changes stay', result.kept.length);
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        '{0} outside the checkout: {1}{2}.',
        count,
        result.kept
          .slice(0, 3)
          .map((b) => b.path)
          .join(', '),
        result.kept.length > 3 ? ', …' : '',
      ),
    );
  }
  for (const warning of result.warnings) void vscode.window.showWarningMessage(warning);
}

function fileList(files: BlockedFile[]): string {
  const lines = files.slice(0, SHOWN_FILES).map((f) => `${f.change}: ${f.path}`);
  if (files.length > SHOWN_FILES) lines.push(`… and ${files.length - SHOWN_FILES} more`);
  return lines.join('\n');
}
