// Sparse-profile commands of the extension: pick and switch (status bar, palette, view), enable,
// disable, full checkout, explain, re-apply, open a profile, and derive one from a workspace package.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { counts } from '../counts';
import { formatCount } from '../../core/format';
import { GitError } from '../../core/git/errors';
import { ProfileError, SparseError } from '../../core/sparse/errors';
import { formatBytes, formatShare, type Explanation } from '../../core/sparse/explain';
import { explainProfiles, type ProfileSummary } from '../../core/sparse/inspect';
import { reapplyIfChanged } from '../../core/sparse/reapply';
import { disableProfile, enableProfile, switchProfiles, turnOff, type SwitchResult } from '../../core/sparse/switch';
import {
  defaultProfilePath,
  dependencyClosure,
  readWorkspace,
  workspaceProfileText,
} from '../../core/sparse/workspace';
import { showError } from '../commands';
import type { Repositories } from '../repositories';
import type { Repository } from '../repository';
import type { SparseModel } from './model';
import { runSparseAction } from './switching';
import type { SparseNode } from './view';

type ProfileNode = Extract<SparseNode, { kind: 'profile' }>;

export function registerSparseCommands(
  model: SparseModel,
  repositories: Repositories,
  log: vscode.OutputChannel,
): vscode.Disposable[] {
  const repoOf = (node: unknown): Repository => {
    const repo = isNode(node) ? node.repo : repositories.active;
    if (!repo)
      throw new GitError('not-a-repo', vscode.l10n.t('No git repository is open. Open a folder that holds one.'));
    return repo;
  };
  const profileOf = async (
    node: unknown,
    placeHolder: string,
    filter: (p: ProfileSummary) => boolean,
  ): Promise<ProfileSummary | undefined> => {
    if (isNode(node) && node.kind === 'profile') return node.profile;
    const picked = await pickProfile(model, repoOf(node), placeHolder, filter, false);
    return picked === 'full' ? undefined : picked;
  };
  const switchTo = (repo: Repository, profile: ProfileSummary) =>
    runSparseAction(model, repo, vscode.l10n.t('Switching to profile {0}', profile.title), (options) =>
      switchProfiles(model.context(repo), [profile.path], options),
    );
  const full = (repo: Repository) =>
    runSparseAction(model, repo, vscode.l10n.t('Restoring the full checkout'), (options) =>
      turnOff(model.context(repo), options),
    );

  const table: Record<string, (arg?: unknown) => unknown> = {
    'stackline.sparse.pick': async (arg) => {
      const repo = repoOf(arg);
      const picked = await pickProfile(
        model,
        repo,
        vscode.l10n.t('Switch the checkout to a profile'),
        () => true,
        true,
      );
      if (picked === 'full') await full(repo);
      else if (picked) await switchTo(repo, picked);
    },
    'stackline.sparse.switch': async (arg) => {
      const profile = await profileOf(arg, vscode.l10n.t('Switch the checkout to a profile'), () => true);
      if (profile) await switchTo(repoOf(arg), profile);
    },
    'stackline.sparse.enable': async (arg) => {
      const repo = repoOf(arg);
      const profile = await profileOf(arg, vscode.l10n.t('Add a profile to the checkout'), (p) => !p.active);
      if (profile)
        await runSparseAction(model, repo, vscode.l10n.t('Adding profile {0}', profile.title), (options) =>
          enableProfile(model.context(repo), profile.path, options),
        );
    },
    'stackline.sparse.disable': async (arg) => {
      const repo = repoOf(arg);
      const profile = await profileOf(arg, vscode.l10n.t('Remove a profile from the checkout'), (p) => p.active);
      if (profile)
        await runSparseAction(model, repo, vscode.l10n.t('Removing profile {0}', profile.title), (options) =>
          disableProfile(model.context(repo), profile.path, options),
        );
    },
    'stackline.sparse.off': (arg) => full(repoOf(arg)),
    'stackline.sparse.explain': async (arg) => {
      const repo = repoOf(arg);
      const profile = await profileOf(arg, vscode.l10n.t('Explain which profile?'), () => true);
      if (!profile) return;
      const { explanation, target } = await explainProfiles(model.context(repo), [profile.path]);
      const choice = await vscode.window.showInformationMessage(
        vscode.l10n.t('Profile {0}: {1}', profile.title, summaryLine(explanation)),
        { modal: true, detail: explainDetail(explanation, target.profiles[0].warnings) },
        vscode.l10n.t('Switch to It'),
      );
      if (choice === vscode.l10n.t('Switch to It')) await switchTo(repo, profile);
    },
    'stackline.sparse.reapply': async (arg) => {
      const repo = repoOf(arg);
      await runSparseAction(
        model,
        repo,
        vscode.l10n.t('Re-applying the active profiles'),
        async (options): Promise<SwitchResult> => {
          const result = await reapplyIfChanged(model.context(repo), options);
          if (result.status === 'inactive')
            throw new SparseError('not-found', vscode.l10n.t('No Stackline profile is active; nothing to re-apply.'));
          if (result.status === 'reapplied') return result.result;
          return {
            profiles: result.state.profiles,
            mode: result.state.mode,
            kept: [],
            deleted: [],
            unchanged: true,
            warnings: [],
          };
        },
      );
    },
    'stackline.sparse.openProfile': async (arg) => {
      const node = arg as ProfileNode;
      const file = join(node.repo.root, node.profile.path);
      const document = existsSync(file)
        ? await vscode.workspace.openTextDocument(vscode.Uri.file(file))
        : await vscode.workspace.openTextDocument({
            content: await node.repo.git.run(['cat-file', 'blob', `HEAD:${node.profile.path}`]),
            language: 'ini',
          });
      await vscode.window.showTextDocument(document, { preview: true });
    },
    'stackline.sparse.fromWorkspace': (arg) => fromWorkspace(model, repoOf(arg), switchTo),
    'stackline.sparse.refresh': () => model.refreshAll(true),
  };
  const roots = () => repositories.all.map((repo) => repo.root);
  return Object.entries(table).map(([id, handler]) =>
    vscode.commands.registerCommand(id, (arg?: unknown) => reportSparseErrors(log, roots, () => handler(arg))),
  );
}

function isNode(arg: unknown): arg is SparseNode {
  return typeof arg === 'object' && arg !== null && 'kind' in arg && 'repo' in arg;
}

type PickItem = vscode.QuickPickItem & { profile?: ProfileSummary; full?: boolean };

/** The profile picker: title, description and size of each profile, then the full checkout. */
async function pickProfile(
  model: SparseModel,
  repo: Repository,
  placeholder: string,
  filter: (p: ProfileSummary) => boolean,
  withFull: boolean,
): Promise<ProfileSummary | 'full' | undefined> {
  const pick = vscode.window.createQuickPick<PickItem>();
  pick.title = vscode.l10n.t('Sparse profiles');
  pick.placeholder = placeholder;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.busy = true;
  pick.show();
  const chosen = new Promise<PickItem | undefined>((resolve) => {
    pick.onDidAccept(() => resolve(pick.selectedItems[0]));
    pick.onDidHide(() => resolve(undefined));
  });
  await model.refresh(repo);
  const entry = model.get(repo);
  if (entry.error) {
    pick.dispose();
    throw new SparseError('not-found', entry.error);
  }
  const profiles = (entry.profiles ?? []).filter((p) => (!p.hidden || p.active) && filter(p));
  const items: PickItem[] = profiles.map((profile) => ({
    label: `${profile.active ? '$(check) ' : ''}${profile.title}`,
    description: [profile.name, profile.error ? vscode.l10n.t('cannot be read') : sizeText(profile.explanation)]
      .filter(Boolean)
      .join(' · '),
    detail: profile.error ?? (profile.description.replace(/\n/g, ' ') || undefined),
    profile,
  }));
  if (withFull) {
    const fullActive = entry.status?.mode === 'full';
    items.push(
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      {
        label: fullActive ? vscode.l10n.t('$(check) Full checkout') : vscode.l10n.t('$(list-flat) Full checkout'),
        description: vscode.l10n.t('every file'),
        full: true,
      },
    );
  }
  if (profiles.length === 0 && !withFull) {
    pick.hide();
    throw new SparseError(
      'not-found',
      vscode.l10n.t('No profile to choose in {0}/.', entry.status?.profileDirectory ?? '.sparse'),
    );
  }
  pick.items = items;
  pick.busy = false;
  const item = await chosen;
  pick.dispose();
  if (item?.profile?.error) throw new SparseError('not-found', item.profile.error);
  return item?.full ? 'full' : item?.profile;
}

function sizeText(e: Explanation | undefined): string {
  return e ? `${counts.file(e.files)} · ${formatShare(e.files, e.totalFiles)}` : '';
}

function summaryLine(e: Explanation): string {
  return vscode.l10n.t(
    '{0} of {1} ({2}), {3} of {4}.',
    formatCount(e.files),
    counts.file(e.totalFiles),
    formatShare(e.files, e.totalFiles),
    formatBytes(e.bytes),
    formatBytes(e.totalBytes),
  );
}

function explainDetail(e: Explanation, warnings: string[]): string {
  const largest = e.largest.map(
    (d) => `${d.path || vscode.l10n.t('(top-level files)')} — ${counts.file(d.files)}, ${formatBytes(d.bytes)}`,
  );
  const unknown =
    e.unknownSizes > 0
      ? [vscode.l10n.t('Sizes of {0} not downloaded yet are not counted.', counts.file(e.unknownSizes))]
      : [];
  return [
    e.mode === 'cone'
      ? vscode.l10n.t('Cone mode (folders only: fast to switch).')
      : vscode.l10n.t('Non-cone mode (patterns).'),
    '',
    vscode.l10n.t('Largest folders:'),
    ...largest,
    ...unknown,
    ...warnings,
  ].join('\n');
}

async function fromWorkspace(
  model: SparseModel,
  repo: Repository,
  switchTo: (repo: Repository, profile: ProfileSummary) => Promise<unknown>,
): Promise<void> {
  const context = model.context(repo);
  const workspace = await readWorkspace(repo.git, repo.root);
  const picked = await vscode.window.showQuickPick(
    workspace.packages.map((p) => ({
      label: p.name,
      description: p.dir,
      detail: p.internal.length ? vscode.l10n.t('depends on {0}', p.internal.join(', ')) : undefined,
      name: p.name,
    })),
    {
      title: vscode.l10n.t('Profile from a {0} workspace package', workspace.kind),
      placeHolder: vscode.l10n.t('Which package do you work on?'),
      matchOnDescription: true,
    },
  );
  if (!picked) return;
  const closure = dependencyClosure(workspace, picked.name);
  const config = await context.config();
  const path = defaultProfilePath(context.profileDirectory(config), picked.name);
  const text = workspaceProfileText(workspace, closure, `stackline sparse from-workspace ${picked.name}`);
  const preview = await vscode.workspace.openTextDocument({ content: text, language: 'ini' });
  await vscode.window.showTextDocument(preview, { preview: true });
  const { explanation } = await explainProfiles(context, [path], new Map([[path, text]]));
  const dependencies = closure.length - 1;
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t('Save a sparse profile for {0}?', picked.name),
    {
      modal: true,
      detail: vscode.l10n.t(
        '{0} and {1} it depends on: {2}\nSaved as {3}.',
        picked.name,
        counts.workspacePackage(dependencies),
        summaryLine(explanation),
        path,
      ),
    },
    vscode.l10n.t('Save Profile'),
    vscode.l10n.t('Save and Switch'),
  );
  // The unsaved preview goes either way: the profile is saved as its own file, or not at all.
  await vscode.window.showTextDocument(preview);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  if (!choice) return;
  const file = join(repo.root, path);
  if (
    existsSync(file) &&
    (await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} exists already.', path),
      { modal: true },
      vscode.l10n.t('Overwrite'),
    )) !== vscode.l10n.t('Overwrite')
  )
    return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  await model.refreshAll(true);
  const profile = model.get(repo).profiles?.find((p) => p.path === path);
  if (choice === vscode.l10n.t('Save and Switch') && profile) await switchTo(repo, profile);
  else await vscode.window.showTextDocument(vscode.Uri.file(file));
}

/** Errors as a message; a profile mistake offers to open the file at the line. */
async function reportSparseErrors(
  log: vscode.OutputChannel,
  roots: () => string[],
  action: () => unknown,
): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof ProfileError)) return showError(log, error, { tag: 'sparse', showLog: true });
    log.appendLine(`[sparse] ${error.message}`);
    const choice = await vscode.window.showErrorMessage(
      error.message,
      vscode.l10n.t('Open Profile'),
      vscode.l10n.t('Show Log'),
    );
    if (choice === 'Show Log') log.show();
    if (choice === 'Open Profile') await openAtLine(error, roots());
  }
}

async function openAtLine(error: ProfileError, roots: string[]): Promise<void> {
  const root = roots.find((r) => existsSync(join(r, error.file)));
  if (!root) return;
  const line = Math.max(0, error.line - 1);
  await vscode.window.showTextDocument(vscode.Uri.file(join(root, error.file)), {
    selection: new vscode.Range(line, 0, line, 0),
  });
}
