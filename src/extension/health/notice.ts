// The one-time notice per repository: when git's speed-ups are off in a repository big enough
// for them to matter, ask once whether to turn them on. Never changes anything without the answer.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { detectAccelerators } from '../../core/health/accelerators';
import { measureRepository } from '../../core/health/size';
import type { Repository } from '../repository';

/** globalState: roots of repositories whose notice was answered with Optimize… or Don't Ask Again. */
const ANSWERED = 'stackline.health.answered';
/** workspaceState: root → when "Not Now" was answered (ms since the epoch). */
const SNOOZED = 'stackline.health.snoozed';
const SNOOZE_MS = 7 * 24 * 60 * 60 * 1000;

export class HealthNotice {
  /** Repositories looked at in this window: one look per activation at most. */
  private readonly seen = new Set<string>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.OutputChannel,
    private readonly optimize: (repo: Repository) => Promise<void>,
  ) {}

  async consider(repo: Repository): Promise<void> {
    if (this.seen.has(repo.root)) return;
    this.seen.add(repo.root);
    const settings = vscode.workspace.getConfiguration('stackline.health', vscode.Uri.file(repo.root));
    if (!settings.get<boolean>('notice', true) || this.answered().includes(repo.root)) return;
    const snoozedAt = this.context.workspaceState.get<Record<string, number>>(SNOOZED, {})[repo.root];
    if (snoozedAt !== undefined && Date.now() - snoozedAt < SNOOZE_MS) return;
    const size = await measureRepository(repo.git, repo.location, {
      minCommits: settings.get<number>('noticeMinCommits', 5000),
      minFiles: settings.get<number>('noticeMinFiles', 2000),
    });
    if (!size.big) return;
    const off = (await detectAccelerators(repo.git, repo.location)).filter((a) => a.state === 'off');
    if (off.length === 0) return;
    this.log.appendLine(
      `[health ${repo.root}] ${size.files} files${size.commits === undefined ? '' : `, ${size.commits}+ commits`}; off: ${off.map((a) => a.id).join(', ')}`,
    );
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        "Git's speed-ups are off in {0} ({1}). In a repository this size they make git and Stackline's views noticeably faster.",
        basename(repo.root),
        off.map((a) => a.title.toLowerCase()).join(', '),
      ),
      vscode.l10n.t('Optimize…'),
      vscode.l10n.t('Not Now'),
      vscode.l10n.t("Don't Ask Again"),
    );
    if (choice === 'Optimize…' || choice === "Don't Ask Again") {
      await this.context.globalState.update(ANSWERED, [...this.answered(), repo.root]);
      if (choice === 'Optimize…') await this.optimize(repo);
      return;
    }
    // "Not Now", or the notice closed: ask again in a week.
    const snoozed = this.context.workspaceState.get<Record<string, number>>(SNOOZED, {});
    await this.context.workspaceState.update(SNOOZED, { ...snoozed, [repo.root]: Date.now() });
  }

  private answered(): string[] {
    return this.context.globalState.get<string[]>(ANSWERED, []);
  }
}
