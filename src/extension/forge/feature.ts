// Stacked PRs in VS Code: Submit and Land on a stack in the Stacks view, PR badges on its commits
// (state, checks, review, comments), sign-in, and the one-click close of a PR that left its stack.
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { rowLost, sayRowLost } from '../lostRow';
import { StacklineError } from '../../core/errors';
import { ForgeError } from '../../core/forge/errors';
import { apiUrlFor, isGitHubDotCom } from '../../core/forge/remote';
import { baseRemote, gitHubRemotes, openForgeSession, type ForgeSession } from '../../core/forge/session';
import {
  isLoopbackApi,
  parseMergeMethod,
  parseNativeStacks,
  parseStackList,
  type NativeStacksSetting,
} from '../../core/forge/settings';
import { forgetNativeStacks } from '../../core/forge/nativeStackMarks';
import { pullStatusesFor } from '../../core/forge/status';
import { stackPath, stackTop } from '../../core/forge/stackPath';
import type { MergeMethod } from '../../core/forge/types';
import { submitStack, type SubmitResult } from '../../core/forge/submit';
import { submitSizeReport } from '../../core/conventions/sizeReport';
import { GitError } from '../../core/git/errors';
import { showError } from '../commands';
import type { Repository } from '../repository';
import type { Feature } from '../services';
import type { StacksNode } from '../stacksTree';
import { validateMenuContext } from '../../protocol';
import { graphMenuTarget } from '../graph/feature';
import { GitHubAuth } from './auth';
import { createLanding } from './landing';
import { registerPullBadges } from './graphBadge';
import { RefreshScheduler } from './refreshScheduler';
import { PullStatusStore } from './statusStore';
import { registerPullContext } from './pullContext';
import { pullAnnotation, stackPullAnnotation } from './treeBadge';

/** A status refresh this often while the window is focused: one GraphQL query per repository. */
const POLL_MS = 60_000;

/** A command run from the graph's right-click menu (its argument is the row's menu context). */
/** Commands that GitHub writes can't be undone for, run from Stacks rows (or the palette, with no argument). */
const ROW_COMMANDS = new Set([
  'stackline.submitStack',
  'stackline.submitStackAsDraft',
  'stackline.landStack',
  'stackline.landWholeStack',
]);
const fromGraph = (arg: unknown): boolean => validateMenuContext(arg).ok;

export const registerForge: Feature = (s) => {
  const auth = new GitHubAuth(s.context.secrets);
  const store = new PullStatusStore();
  const sessions = new Map<string, { key: string; session: Promise<ForgeSession> }>();
  const log = (line: string) => s.log.appendLine(line);
  // Function declarations below are hoisted, so the landing commands can be made here.
  const landing = createLanding({
    withForge,
    inputOf: forgeInputOf,
    mergeMethodOf,
    refreshStatuses,
    target,
  });

  async function apiUrlOf(repo: Repository): Promise<string> {
    const setting =
      vscode.workspace.getConfiguration('stackline.github', vscode.Uri.file(repo.root)).get<string>('apiUrl') ||
      undefined;
    return apiUrlFor((await baseRemote(repo.git)).host, setting);
  }

  async function sessionFor(repo: Repository, interactive: boolean): Promise<ForgeSession> {
    const apiUrl = await apiUrlOf(repo);
    const token = await auth.token(apiUrl, interactive);
    const remotes = JSON.stringify(await gitHubRemotes(repo.git));
    const key = createHash('sha256').update(`${apiUrl}\n${token}\n${remotes}`).digest('hex');
    const cached = sessions.get(repo.root);
    if (cached?.key === key) return cached.session;
    const session = openForgeSession(repo.git, {
      token,
      apiUrl,
      log,
      notify: (message) => void vscode.window.showWarningMessage(message),
      spaceWrites: !isLoopbackApi(apiUrl),
    });
    sessions.set(repo.root, { key, session });
    session.catch(() => sessions.delete(repo.root));
    return session;
  }

  const trunkOf = (repo: Repository) =>
    vscode.workspace.getConfiguration('stackline', vscode.Uri.file(repo.root)).get<string>('trunk') || undefined;

  async function refreshStatuses(repo: Repository): Promise<void> {
    const smartlog = repo.smartlog;
    if (!smartlog || !smartlog.stacks.length || (await gitHubRemotes(repo.git)).length === 0) return;
    try {
      const session = await sessionFor(repo, false);
      const statuses = await pullStatusesFor(repo.git, repo.location, session, smartlog, nativeStacksOf(repo));
      store.set(repo.root, statuses);
      landing.afterRefresh(repo, session, statuses);
    } catch (error) {
      // A refresh in the background never pops up; the log says why badges are missing.
      log(`[pr status ${repo.root}] ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const refreshAll = () => Promise.all(s.repositories.all.map(refreshStatuses));
  /** Paused while the window is hidden: changes and polls only mark the status stale until focus returns. */
  const scheduler = new RefreshScheduler({
    refresh: refreshAll,
    focused: () => vscode.window.state.focused,
    debounceMs: 1000,
    pollMs: POLL_MS,
  });

  async function withForge<T>(
    repo: Repository,
    title: string,
    action: (session: ForgeSession, signal: AbortSignal) => Promise<T>,
    options: { cancellable?: boolean } = {},
  ): Promise<T | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t(
          'Stackline pushes and talks to GitHub only in a trusted workspace. Trust this folder, then try again.',
        ),
      );
      return undefined;
    }
    // After the user signs in or stores a token, the action goes on by itself (once).
    for (let attempt = 0; ; attempt++) {
      try {
        const session = await sessionFor(repo, true);
        return await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title, cancellable: !!options.cancellable },
          (_progress, token) => {
            // Cancel stops between two steps (a local queue between PRs); the step running finishes.
            const stop = new AbortController();
            token.onCancellationRequested(() => stop.abort());
            // Whatever the action changed on GitHub (a new or edited native stack) is read fresh next.
            return repo.run(() => action(session, stop.signal)).finally(() => forgetNativeStacks(session));
          },
        );
      } catch (error) {
        const signedIn = await reportForgeError(repo, error);
        if (!signedIn || attempt > 0) return undefined;
      }
    }
  }

  /** Shows the error; for a missing or rejected token, offers to sign in or store one. True when the user did. */
  async function reportForgeError(repo: Repository, error: unknown): Promise<boolean> {
    const detail = StacklineError.is(error) ? error.detail : '';
    if (ForgeError.is(error, 'auth')) {
      log(`[error] ${error.message}${detail ? `\n${detail}` : ''}`);
      const message = error.message;
      const apiUrl = await apiUrlOf(repo);
      const setToken = vscode.l10n.t('Set Token');
      const choices = isGitHubDotCom(apiUrl) ? [vscode.l10n.t('Sign In to GitHub'), setToken] : [setToken];
      const choice = await vscode.window.showErrorMessage(message, ...choices);
      sessions.delete(repo.root);
      if (choice === vscode.l10n.t('Sign In to GitHub'))
        return auth.signInAgain(apiUrl).then(
          () => true,
          () => false,
        );
      if (choice === setToken) return auth.promptForToken(apiUrl);
      return false;
    }
    // A refusal that says its cause and fix (no remote, a forked stack) has nothing more in the log.
    const refusal = (ForgeError.is(error, 'config') || ForgeError.is(error, 'refused')) && !detail;
    await showError(s.log, error, { showLog: !refusal });
    return false;
  }

  async function submit(arg: unknown, draft: boolean): Promise<void> {
    const { repo, top } = target(arg);
    // Where the PRs would go comes first: no question about sizes, no sign-in, when there is no GitHub remote.
    await baseRemote(repo.git);
    if (!(await sizeAcceptable(repo, top)) || !(await s.forgeAccess.submitAllowed(repo, top))) return;
    const result = await withForge(
      repo,
      draft ? vscode.l10n.t('Submitting stack as draft PRs…') : vscode.l10n.t('Submitting stack…'),
      (session) =>
        submitStack({
          ...forgeInputOf(repo, session, top),
          draft,
        }),
    );
    if (!result) return;
    await refreshStatuses(repo);
    await announce(repo, result);
  }

  /** Shows the stack's size warnings (advisory) and asks before submitting a stack over its limits. */
  async function sizeAcceptable(repo: Repository, top: string | undefined): Promise<boolean> {
    if (!repo.smartlog) return true;
    const line = stackPath(repo.smartlog, top).commits.map((c) => c.hash);
    const report = await submitSizeReport(repo.git, repo.root, line);
    if (report.warnings.length === 0) return true;
    const detail = vscode.l10n.t(
      '{0}\n\nSize limits from {1}; they are advice, and you can submit anyway.',
      report.warnings.join('\n'),
      report.source,
    );
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('This stack is over its size limits.'),
      { modal: true, detail },
      vscode.l10n.t('Submit Anyway'),
    );
    return choice === 'Submit Anyway';
  }

  async function announce(repo: Repository, result: SubmitResult): Promise<void> {
    const created = result.pulls.filter((p) => p.created).length;
    const changed = result.pulls.filter((p) => !p.created && (p.updated || p.pushed)).length;
    const top = result.pulls[result.pulls.length - 1];
    const summary =
      created + changed === 0
        ? vscode.l10n.t('Nothing to update: GitHub already has this stack.')
        : `Submitted ${result.pulls.length} PRs (${created} new, ${changed} updated).`;
    void vscode.window.showInformationMessage(summary, vscode.l10n.t('Open Top PR')).then((choice) => {
      if (choice && top) void vscode.env.openExternal(vscode.Uri.parse(top.url));
    });
    for (const pull of result.dropped) {
      void vscode.window
        .showWarningMessage(
          vscode.l10n.t('PR #{0} ({1}) is no longer in the stack and was left open.', pull.number, pull.title),
          vscode.l10n.t('Close #{0}', pull.number),
          vscode.l10n.t('Open'),
        )
        .then(async (choice) => {
          if (choice === 'Open') await vscode.env.openExternal(vscode.Uri.parse(pull.url));
          if (choice === `Close #${pull.number}`) await closePull(repo, pull.number);
        });
    }
  }

  async function closePull(repo: Repository, number: number): Promise<void> {
    const closed = await withForge(repo, `Closing PR #${number}…`, (session) =>
      session.forge.updatePull(number, { state: 'closed' }),
    );
    if (closed) vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Closed PR #{0}', number), 4000);
  }

  function mergeMethodOf(repo: Repository): MergeMethod {
    return parseMergeMethod(
      vscode.workspace.getConfiguration('stackline.github', vscode.Uri.file(repo.root)).get<string>('mergeMethod'),
    );
  }

  function nativeStacksOf(repo: Repository): NativeStacksSetting {
    return parseNativeStacks(
      vscode.workspace.getConfiguration('stackline.github', vscode.Uri.file(repo.root)).get<string>('nativeStacks'),
    );
  }

  /** What submit and land both take: the repository, its forge session, the stack's top and settings. */
  function forgeInputOf(repo: Repository, session: ForgeSession, top: string | undefined) {
    return {
      git: repo.git,
      location: repo.location,
      session,
      trunk: trunkOf(repo),
      top,
      nativeStacks: nativeStacksOf(repo),
      stackListInBody: parseStackList(
        vscode.workspace
          .getConfiguration('stackline.github', vscode.Uri.file(repo.root))
          .get<string>('stackListInBody'),
      ),
      // No credential prompt in a terminal nobody sees: a push that needs one fails and says so.
      pushEnv: { GIT_TERMINAL_PROMPT: '0' },
      log,
    };
  }

  function target(arg: unknown): { repo: Repository; top?: string } {
    if (fromGraph(arg)) {
      const { repo, hash } = graphMenuTarget(s.repositories, arg);
      return { repo, top: hash };
    }
    const node = isNode(arg) ? arg : s.stacksView.selection[0];
    if (node?.kind === 'stack') return { repo: node.repo, top: stackTop(node.smartlog, node.stack) };
    if (node?.kind === 'commit' && node.commit.phase === 'draft') return { repo: node.repo, top: node.commit.hash };
    const repo = node?.repo ?? s.repositories.active;
    if (!repo)
      throw new GitError('not-a-repo', vscode.l10n.t('No git repository is open. Open a folder that holds one.'));
    return { repo };
  }

  const commands: Record<string, (arg?: unknown) => unknown> = {
    'stackline.submitStack': (arg) => submit(arg, false),
    'stackline.submitStackAsDraft': (arg) => submit(arg, true),
    ...landing.commands,
    'stackline.openPullRequest': (arg) => {
      const node = isNode(arg) && arg.kind === 'commit' ? { root: arg.repo.root, hash: arg.commit.hash } : undefined;
      const graph = fromGraph(arg) ? graphMenuTarget(s.repositories, arg) : undefined;
      const commit = node ?? (graph && { root: graph.repo.root, hash: graph.hash });
      const status = commit && store.get(commit.root, commit.hash);
      if (!status)
        return vscode.window.showInformationMessage(
          vscode.l10n.t('This commit has no PR yet. Submit its stack first.'),
        );
      return vscode.env.openExternal(vscode.Uri.parse(status.url));
    },
    'stackline.signInToGitHub': async () => {
      const repo = s.repositories.active;
      if (repo) await auth.token(await apiUrlOf(repo), true);
      else await vscode.authentication.getSession('github', ['repo'], { createIfNone: true });
      await refreshAll();
    },
    'stackline.setGitHubToken': async () => {
      const repo = s.repositories.active;
      const apiUrl = repo ? await apiUrlOf(repo) : 'https://api.github.com';
      if (await auth.promptForToken(apiUrl)) {
        sessions.clear();
        await refreshAll();
      }
    },
    'stackline.refreshPullRequests': () => refreshAll(),
  };

  return [
    ...Object.entries(commands).map(([id, handler]) =>
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        // Only on rows and in the palette: from a row that VS Code lost while redrawing, do nothing
        // rather than push or merge HEAD's stack.
        if (ROW_COMMANDS.has(id) && rowLost(args)) return sayRowLost();
        try {
          await handler(args[0]);
        } catch (error) {
          const repo = s.repositories.active;
          if (repo) await reportForgeError(repo, error);
        }
      }),
    ),
    s.stacksTree.addAnnotator((node) =>
      node.kind === 'commit'
        ? pullAnnotation(store.get(node.repo.root, node.commit.hash), node.commit.hash)
        : stackPullAnnotation(store.get(node.repo.root, node.stack.commits.at(-1)!)),
    ),
    ...registerPullContext(store, s.repositories),
    store.onDidChange(() => s.stacksTree.redraw()),
    s.forgeAccess.provideSessions({ open: (repo) => sessionFor(repo, true), report: reportForgeError }),
    ...registerPullBadges(s.graphBadges, store),
    store,
    s.repositories.onDidChange(() => scheduler.changed()),
    vscode.window.onDidChangeWindowState((state) => {
      scheduler.focusChanged(state.focused);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('stackline.github')) {
        sessions.clear();
        scheduler.changed();
      }
    }),
    scheduler,
  ];
};

function isNode(arg: unknown): arg is StacksNode {
  return typeof arg === 'object' && arg !== null && 'kind' in arg && 'repo' in arg;
}
