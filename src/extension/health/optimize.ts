// Stackline: Optimize Repository…: a multi-select of git's speed-ups that are off, each with what
// it does (the one that writes global config left unticked), then the chosen ones turned on with
// progress, and a message that says what changed.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { detectAccelerators, gitCommandLine, type Accelerator } from '../../core/health/accelerators';
import { turnOnAccelerators, type TurnOnResult } from '../../core/health/turnOn';
import type { Repository } from '../repository';

interface AcceleratorItem extends vscode.QuickPickItem {
  accelerator: Accelerator;
}

export async function optimizeRepository(repo: Repository, log: vscode.OutputChannel): Promise<void> {
  const name = basename(repo.root);
  const found = await detectAccelerators(repo.git, repo.location);
  const off = found.filter((a) => a.state === 'off');
  if (off.length === 0) {
    const unavailable = found.filter((a) => a.state === 'unavailable').map((a) => a.title.toLowerCase());
    void vscode.window.showInformationMessage(
      unavailable.length > 0
        ? vscode.l10n.t(
            'Every speed-up git has here is already on in {0}. Not available here: {1}.',
            name,
            unavailable.join(', '),
          )
        : vscode.l10n.t('Every speed-up git has here is already on in {0}.', name),
    );
    return;
  }
  const items: AcceleratorItem[] = off.map((accelerator) => ({
    label: accelerator.title,
    description: accelerator.global
      ? vscode.l10n.t('changes your global git config')
      : vscode.l10n.t("in this repository's config"),
    detail: accelerator.description,
    picked: !accelerator.global,
    accelerator,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: vscode.l10n.t('Optimize Repository: {0}', name),
    placeHolder: vscode.l10n.t('Choose the speed-ups to turn on (Enter to apply)'),
    matchOnDetail: true,
  });
  if (!picked || picked.length === 0) return;
  const chosen = picked.map((item) => item.accelerator.id);
  const results = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Optimizing {0}', name) },
    (progress) =>
      repo.run(() =>
        turnOnAccelerators(repo.git, repo.location, chosen, {
          onStart: (accelerator) =>
            progress.report({ message: `${accelerator.title}…`, increment: 100 / chosen.length }),
        }),
      ),
  );
  for (const r of results) {
    log.appendLine(`[optimize ${repo.root}] ${r.title}: ${r.outcome}${r.why ? ` (${r.why})` : ''}`);
    for (const args of r.ran) log.appendLine(`  ${gitCommandLine(args)}`);
  }
  await report(name, results, log);
}

async function report(name: string, results: TurnOnResult[], log: vscode.OutputChannel): Promise<void> {
  const titles = (outcome: TurnOnResult['outcome']) =>
    results.filter((r) => r.outcome === outcome).map((r) => r.title.toLowerCase());
  const turnedOn = titles('turned-on');
  const failed = results.filter((r) => r.outcome === 'failed');
  const done =
    turnedOn.length > 0
      ? vscode.l10n.t('Turned on {0} in {1}.', listed(turnedOn), name)
      : vscode.l10n.t('Nothing changed in {0}.', name);
  if (failed.length === 0) {
    void vscode.window.showInformationMessage(done);
    return;
  }
  const why = failed.map((r) => `${r.title}: ${r.why ?? 'failed'}`).join(' ');
  const choice = await vscode.window.showErrorMessage(
    vscode.l10n.t('{0} Not turned on: {1}', done, why),
    vscode.l10n.t('Show Log'),
  );
  if (choice) log.show();
}

/** "a", "a and b", "a, b and c". */
function listed(words: string[]): string {
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : words[0];
}
