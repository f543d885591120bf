// Land in VS Code: the bottom PR (Land Bottom PR), the whole line (Land Stack: one merge with a native
// stack, else a local queue with progress and Cancel), Continue Landing after a stop, and the
// follow-through of a merge queue: once a status refresh sees the queued PR merged, the rest of the
// line moves onto trunk by itself, as the land the user started would have done.
import * as vscode from 'vscode';
import { LandNotReadyError } from '../../core/forge/errors';
import { landStack, type LandInput } from '../../core/forge/land';
import { continueLanding, landAll, type LandAllResult } from '../../core/forge/landAll';
import { queuedPull } from '../../core/forge/landState';
import type { ForgeSession } from '../../core/forge/session';
import type { CommitPullStatus } from '../../core/forge/status';
import type { MergeMethod } from '../../core/forge/types';
import type { Repository } from '../repository';

export interface LandingDeps {
  /** Runs an action with the repository's GitHub session under a progress notification. */
  withForge<T>(
    repo: Repository,
    title: string,
    action: (session: ForgeSession, signal: AbortSignal) => Promise<T>,
    options?: { cancellable?: boolean },
  ): Promise<T | undefined>;
  inputOf(repo: Repository, session: ForgeSession, top: string | undefined): Omit<LandInput, 'method'>;
  mergeMethodOf(repo: Repository): MergeMethod;
  refreshStatuses(repo: Repository): Promise<void>;
  target(arg: unknown): { repo: Repository; top?: string };
}

export function createLanding(deps: LandingDeps) {
  /** Repositories whose merge-queue follow-through is running (a refresh does not start a second). */
  const following = new Set<string>();

  const queuedText = (number: number, position: number | undefined, trunk: string) =>
    position
      ? vscode.l10n.t(
          'PR #{0} is in the merge queue of {1} (position {2}). The rest of the stack follows once GitHub merges it.',
          number,
          trunk,
          position,
        )
      : vscode.l10n.t(
          'PR #{0} is in the merge queue of {1}. The rest of the stack follows once GitHub merges it.',
          number,
          trunk,
        );

  /**
   * Runs a land whose refusal for a PR that is not ready comes back as a value, so the user can choose
   * to land it anyway (or open it). Undefined when nothing landed.
   */
  async function landAnywayIfChosen<T>(
    attempt: (force: boolean) => Promise<T | LandNotReadyError | undefined>,
  ): Promise<T | undefined> {
    const result = await attempt(false);
    if (!(result instanceof LandNotReadyError)) return result;
    const landAnyway = vscode.l10n.t('Land Anyway');
    const open = vscode.l10n.t('Open PR');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('PR #{0} is not ready to land: {1}.', result.number, result.reasons.join(' and ')),
      landAnyway,
      open,
    );
    if (choice === open) await vscode.env.openExternal(vscode.Uri.parse(result.url));
    if (choice !== landAnyway) return undefined;
    const forced = await attempt(true);
    return forced instanceof LandNotReadyError ? undefined : forced;
  }

  async function land(arg: unknown): Promise<void> {
    const { repo, top } = deps.target(arg);
    const method = deps.mergeMethodOf(repo);
    const result = await landAnywayIfChosen((force) =>
      deps.withForge(repo, vscode.l10n.t('Landing the bottom PR…'), (session) =>
        notReadyAsValue(landStack({ ...deps.inputOf(repo, session, top), method, force })),
      ),
    );
    if (!result) return;
    await deps.refreshStatuses(repo);
    if (result.queued) {
      void vscode.window.showInformationMessage(
        queuedText(result.merged.number, result.queuePosition, result.trunkBranch),
      );
      return;
    }
    void vscode.window.showInformationMessage(
      result.retargeted
        ? vscode.l10n.t(
            'Merged #{0} ({1}). #{2} now targets {3}.',
            result.merged.number,
            result.method,
            result.retargeted,
            result.trunkBranch,
          )
        : vscode.l10n.t('Merged #{0} ({1}). That was the last PR of the stack.', result.merged.number, result.method),
    );
  }

  /** Lands the line up to the chosen commit (a stack row: the whole line): one merge with a native stack. */
  async function landWhole(arg: unknown): Promise<void> {
    const { repo, top } = deps.target(arg);
    const method = deps.mergeMethodOf(repo);
    const result = await landAnywayIfChosen((force) =>
      deps.withForge(
        repo,
        vscode.l10n.t('Landing the stack…'),
        (session, signal) =>
          notReadyAsValue(landAll({ ...deps.inputOf(repo, session, top), upto: top, method, force, signal })),
        { cancellable: true },
      ),
    );
    if (result) await announce(repo, result);
  }

  async function continueLand(arg: unknown): Promise<void> {
    const { repo } = deps.target(arg);
    const result = await landAnywayIfChosen((force) =>
      deps.withForge(
        repo,
        vscode.l10n.t('Continuing to land the stack…'),
        (session, signal) =>
          notReadyAsValue(
            continueLanding({
              ...deps.inputOf(repo, session, undefined),
              method: deps.mergeMethodOf(repo),
              force,
              signal,
            }),
          ),
        { cancellable: true },
      ),
    );
    if (result) await announce(repo, result);
  }

  async function announce(repo: Repository, result: LandAllResult): Promise<void> {
    await deps.refreshStatuses(repo);
    const numbers = result.landed.map((p) => `#${p.number}`).join(', ');
    if (result.queued) {
      void vscode.window.showInformationMessage(queuedText(result.queued, result.queuePosition, result.trunkBranch));
      return;
    }
    if (result.cancelled) {
      const goOn = vscode.l10n.t('Continue Landing');
      const text =
        result.landed.length > 0
          ? vscode.l10n.t('Stopped after landing {0}. Continue Landing goes on from there.', numbers)
          : vscode.l10n.t('Stopped before landing anything. Continue Landing goes on from there.');
      const choice = await vscode.window.showInformationMessage(text, goOn);
      if (choice === goOn) await continueLand(undefined);
      return;
    }
    if (result.landed.length === 0) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Nothing left to land: it landed before the last run stopped.'),
      );
      return;
    }
    const how = result.native
      ? vscode.l10n.t('one merge of the native stack')
      : result.throughQueue
        ? vscode.l10n.t('through the merge queue')
        : vscode.l10n.t('one PR at a time');
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Landed {0} on {1} ({2}).', numbers, result.trunkBranch, how),
    );
  }

  /**
   * After a status refresh: when the PR a land left in the merge queue shows merged, finish that land
   * (drop the landed commits, move the rest onto trunk, re-submit it). Only in a trusted workspace,
   * where the land itself could run; once per repository at a time.
   */
  function afterRefresh(repo: Repository, session: ForgeSession, statuses: Map<string, CommitPullStatus>): void {
    const queued = queuedPull(repo.location.commonDir, session.forge.repo);
    if (!queued || following.has(repo.root) || !vscode.workspace.isTrusted) return;
    if (![...statuses.values()].some((s) => s.number === queued && s.state === 'merged')) return;
    following.add(repo.root);
    void (async () => {
      try {
        const result = await deps.withForge(
          repo,
          vscode.l10n.t('GitHub merged #{0} from the merge queue: moving the rest onto trunk…', queued),
          (s, signal) =>
            continueLanding({ ...deps.inputOf(repo, s, undefined), method: deps.mergeMethodOf(repo), signal }),
        );
        if (result) await announce(repo, result);
      } finally {
        following.delete(repo.root);
      }
    })();
  }

  return {
    commands: {
      'stackline.landStack': land,
      'stackline.landWholeStack': landWhole,
      'stackline.continueLanding': continueLand,
    } as Record<string, (arg?: unknown) => Promise<void>>,
    afterRefresh,
  };
}

/** A refusal because a PR is not ready, as a value the caller can offer Land Anyway for. */
function notReadyAsValue<T>(landing: Promise<T>): Promise<T | LandNotReadyError> {
  return landing.catch((error: unknown) => {
    if (error instanceof LandNotReadyError) return error;
    throw error;
  });
}
