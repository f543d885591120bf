// Runs a profile switch from the extension: a cancellable progress notification, a dialog listing
// files in the way (stash them, switch anyway, or cancel), and a confirmation before git deletes
// folders that hold only ignored files. Nothing the person made is lost on any path.
import * as vscode from 'vscode';
import { plural } from '../../core/format';
import { BlockedSwitchError, DeleteNotConfirmedError, SparseError } from '../../core/sparse/errors';
import { formatBytes } from '../../core/sparse/explain';
import type { BlockedFile, DoomedDirectory } from '../../core/sparse/model';
import type { SwitchOptions, SwitchResult } from '../../core/sparse/switch';
import type { Repository } from '../repository';
import type { SparseModel } from './model';

export type SparseAction = (options: SwitchOptions) => Promise<SwitchResult>;

const SHOWN_FILES = 15;

/** Runs the action; answers undefined when the person cancelled or chose not to go on. */
export async function runSparseAction(model: SparseModel, repo: Repository, title: string, action: SparseAction, force = false): Promise<SwitchResult | undefined> {
  let result: SwitchResult;
  try {
    result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const step = (message: string) => progress.report({ message: message.startsWith('Updating') ? `${message} (git is changing files; this can no longer be cancelled)` : message });
      return repo.run(() => action({ force, signal: abort.signal, progress: step, confirmDelete }));
    });
  } catch (error) {
    if (error instanceof BlockedSwitchError) return await resolveBlocked(model, repo, title, action, error);
    if (error instanceof DeleteNotConfirmedError) {
      vscode.window.setStatusBarMessage('$(circle-slash) Switch cancelled; nothing changed.', 4000);
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
  if (paths.length === 0) return 'the full checkout';
  const profiles = model.get(repo).profiles ?? [];
  const titles = paths.map((path) => profiles.find((p) => p.path === path)?.title ?? (path.split('/').pop() ?? path).replace(/\.sparse$/, ''));
  return `${titles.length === 1 ? 'profile' : 'profiles'} ${titles.join(', ')}`;
}

async function resolveBlocked(model: SparseModel, repo: Repository, title: string, action: SparseAction, error: BlockedSwitchError): Promise<SwitchResult | undefined> {
  const count = error.blocked.length === 1 ? '1 file with local changes' : `${error.blocked.length} files with local changes`;
  const choice = await vscode.window.showWarningMessage(
    `${count} would end up outside ${error.profiles.length > 0 ? profileTitles(model, repo, error.profiles) : error.target}.`,
    {
      modal: true,
      detail: `${fileList(error.blocked)}\n\nStash and Switch puts them in a git stash (git stash pop brings them back). Switch Anyway leaves them where they are, outside the profile.`,
    },
    'Stash and Switch',
    'Switch Anyway',
  );
  if (choice === 'Switch Anyway') return runSparseAction(model, repo, title, action, true);
  if (choice !== 'Stash and Switch') return undefined;
  const paths = error.blocked.map((b) => b.path);
  await repo.run(() => repo.git.exec(['stash', 'push', '--include-untracked', '-m', `Stackline: before ${title.toLowerCase()}`, '--', ...paths], { env: { GIT_LITERAL_PATHSPECS: '1' } }));
  void vscode.window.showInformationMessage(`Stashed ${plural(paths.length, 'file')} as stash@{0}. Run git stash pop to bring them back.`);
  return runSparseAction(model, repo, title, action);
}

async function confirmDelete(dirs: DoomedDirectory[]): Promise<boolean> {
  const count = dirs.length === 1 ? '1 folder that holds' : `${dirs.length} folders that hold`;
  const list = dirs.map((d) => `${d.path}/ — ${plural(d.files, 'ignored file')}, ${formatBytes(d.bytes)}`).join('\n');
  const choice = await vscode.window.showWarningMessage(
    `Switching deletes ${count} only ignored files.`,
    { modal: true, detail: `${list}\n\nOnce their tracked files leave the checkout, git removes these folders with everything in them (such as node_modules or build output). Move what you need first.` },
    'Delete and Switch',
  );
  return choice === 'Delete and Switch';
}

function report(result: SwitchResult, titles: (paths: string[]) => string): void {
  const what = titles(result.profiles);
  vscode.window.setStatusBarMessage(`$(check) ${result.unchanged ? 'Already on' : 'Now on'} ${what}`, 5000);
  if (result.kept.length > 0) {
    const count = result.kept.length === 1 ? '1 file with local changes stays' : `${result.kept.length} files with local changes stay`;
    void vscode.window.showWarningMessage(`${count} outside the checkout: ${result.kept.slice(0, 3).map((b) => b.path).join(', ')}${result.kept.length > 3 ? ', …' : ''}.`);
  }
  for (const warning of result.warnings) void vscode.window.showWarningMessage(warning);
}

function fileList(files: BlockedFile[]): string {
  const lines = files.slice(0, SHOWN_FILES).map((f) => `${f.change}: ${f.path}`);
  if (files.length > SHOWN_FILES) lines.push(`… and ${files.length - SHOWN_FILES} more`);
  return lines.join('\n');
}
