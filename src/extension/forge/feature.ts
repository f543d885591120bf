// Stacked PRs in VS Code: Submit and Land on a stack in the Stacks view, PR badges on its commits
// (state, checks, review, comments), sign-in, and the one-click close of a PR that left its stack.
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { ForgeError, LandNotReadyError } from '../../core/forge/errors';
import { landStack } from '../../core/forge/land';
import { apiUrlFor, isGitHubDotCom } from '../../core/forge/remote';
import { baseRemote, gitHubRemotes, openForgeSession, type ForgeSession } from '../../core/forge/session';
import { isLoopbackApi, parseMergeMethod } from '../../core/forge/settings';
import { pullStatusesFor } from '../../core/forge/status';
import { stackPath, stackTop } from '../../core/forge/stackPath';
import { submitStack, type SubmitResult } from '../../core/forge/submit';
import { submitSizeReport } from '../../core/conventions/sizeReport';
import { GitError } from '../../core/git/errors';
import type { Repository } from '../repository';
import type { Feature } from '../services';
import type { StacksNode } from '../stacksTree';
import { validateMenuContext } from '../../protocol';
import { graphMenuTarget } from '../graph/feature';
import { GitHubAuth } from './auth';
import { registerPullBadges } from './graphBadge';
import { RefreshScheduler } from './refreshScheduler';
import { PullStatusStore } from './statusStore';
import { registerPullContext } from './pullContext';
import { pullAnnotation, stackPullAnnotation } from './treeBadge';

/** A status refresh this often while the window is focused: one GraphQL query per repository. */
const POLL_MS = 60_000;

/** A command run from the graph's right-click menu (its argument is the row's menu context). */
const fromGraph = (arg: unknown): boolean => validateMenuContext(arg).ok;

export const registerForge: Feature = (s) => {
  const auth = new GitHubAuth(s.context.secrets);
  const store = new PullStatusStore();
  const sessions = new Map<string, { key: string; session: Promise<ForgeSession> }>();
  const log = (line: string) => s.log.appendLine(line);

  async function apiUrlOf(repo: Repository): Promise<string> {
    const setting = vscode.workspace.getConfiguration('stackline.github', vscode.Uri.file(repo.root)).get<string>('apiUrl') || undefined;
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

  const trunkOf = (repo: Repository) => vscode.workspace.getConfiguration('stackline', vscode.Uri.file(repo.root)).get<string>('trunk') || undefined;

  async function refreshStatuses(repo: Repository): Promise<void> {
    const smartlog = repo.smartlog;
    if (!smartlog || !smartlog.stacks.length || (await gitHubRemotes(repo.git)).length === 0) return;
    try {
      const session = await sessionFor(repo, false);
      store.set(repo.root, await pullStatusesFor(repo.git, repo.location, session, smartlog));
    } catch (error) {
      // A refresh in the background never pops up; the log says why badges are missing.
      log(`[pr status ${repo.root}] ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const refreshAll = () => Promise.all(s.repositories.all.map(refreshStatuses));
  /** Paused while the window is hidden: changes and polls only mark the status stale until focus returns. */
  const scheduler = new RefreshScheduler({ refresh: refreshAll, focused: () => vscode.window.state.focused, debounceMs: 1000, pollMs: POLL_MS });

  async function withForge<T>(repo: Repository, title: string, action: (session: ForgeSession) => Promise<T>): Promise<T | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage('Stackline pushes and talks to GitHub only in a trusted workspace. Trust this folder, then try again.');
      return undefined;
    }
    // After the user signs in or stores a token, the action goes on by itself (once).
    for (let attempt = 0; ; attempt++) {
      try {
        const session = await sessionFor(repo, true);
        return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, () => repo.run(() => action(session)));
      } catch (error) {
        const signedIn = await reportForgeError(repo, error);
        if (!signedIn || attempt > 0) return undefined;
      }
    }
  }

  /** Shows the error; for a missing or rejected token, offers to sign in or store one. True when the user did. */
  async function reportForgeError(repo: Repository, error: unknown): Promise<boolean> {
    const message = error instanceof Error ? error.message : String(error);
    const detail = error instanceof ForgeError || error instanceof GitError ? error.detail : '';
    log(`[error] ${message}${detail ? `\n${detail}` : ''}`);
    if (error instanceof ForgeError && error.kind === 'auth') {
      const apiUrl = await apiUrlOf(repo);
      const choices = isGitHubDotCom(apiUrl) ? ['Sign In to GitHub', 'Set Token'] : ['Set Token'];
      const choice = await vscode.window.showErrorMessage(message, ...choices);
      sessions.delete(repo.root);
      if (choice === 'Sign In to GitHub') return auth.signInAgain(apiUrl).then(() => true, () => false);
      if (choice === 'Set Token') return auth.promptForToken(apiUrl);
      return false;
    }
    // A refusal that says its cause and fix (no remote, a forked stack) has nothing more in the log.
    const refusal = error instanceof ForgeError && (error.kind === 'config' || error.kind === 'refused') && !detail;
    const choice = refusal ? await vscode.window.showErrorMessage(message) : await vscode.window.showErrorMessage(message, 'Show Log');
    if (choice === 'Show Log') s.log.show();
    return false;
  }

  async function submit(arg: unknown, draft: boolean): Promise<void> {
    const { repo, top } = target(arg);
    // Where the PRs would go comes first: no question about sizes, no sign-in, when there is no GitHub remote.
    await baseRemote(repo.git);
    if (!(await sizeAcceptable(repo, top)) || !(await s.forgeAccess.submitAllowed(repo, top))) return;
    const result = await withForge(repo, draft ? 'Submitting stack as draft PRs…' : 'Submitting stack…', (session) =>
      submitStack({ git: repo.git, location: repo.location, session, trunk: trunkOf(repo), top, draft, pushEnv: { GIT_TERMINAL_PROMPT: '0' }, log }),
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
    const detail = `${report.warnings.join('\n')}\n\nSize limits from ${report.source}; they are advice, and you can submit anyway.`;
    const choice = await vscode.window.showWarningMessage('This stack is over its size limits.', { modal: true, detail }, 'Submit Anyway');
    return choice === 'Submit Anyway';
  }

  async function announce(repo: Repository, result: SubmitResult): Promise<void> {
    const created = result.pulls.filter((p) => p.created).length;
    const changed = result.pulls.filter((p) => !p.created && (p.updated || p.pushed)).length;
    const top = result.pulls[result.pulls.length - 1];
    const summary = created + changed === 0 ? 'Nothing to update: GitHub already has this stack.' : `Submitted ${result.pulls.length} PRs (${created} new, ${changed} updated).`;
    void vscode.window.showInformationMessage(summary, 'Open Top PR').then((choice) => {
      if (choice && top) void vscode.env.openExternal(vscode.Uri.parse(top.url));
    });
    for (const pull of result.dropped) {
      void vscode.window
        .showWarningMessage(`PR #${pull.number} (${pull.title}) is no longer in the stack and was left open.`, `Close #${pull.number}`, 'Open')
        .then(async (choice) => {
          if (choice === 'Open') await vscode.env.openExternal(vscode.Uri.parse(pull.url));
          if (choice === `Close #${pull.number}`) await closePull(repo, pull.number);
        });
    }
  }

  async function closePull(repo: Repository, number: number): Promise<void> {
    const closed = await withForge(repo, `Closing PR #${number}…`, (session) => session.forge.updatePull(number, { state: 'closed' }));
    if (closed) vscode.window.setStatusBarMessage(`$(check) Closed PR #${number}`, 4000);
  }

  async function land(arg: unknown): Promise<void> {
    const { repo, top } = target(arg);
    const method = parseMergeMethod(vscode.workspace.getConfiguration('stackline.github', vscode.Uri.file(repo.root)).get<string>('mergeMethod'));
    // A PR that is not ready comes back as a value, so the user can choose to land it anyway.
    const run = (force: boolean) =>
      withForge(repo, 'Landing the bottom PR…', (session) =>
        landStack({ git: repo.git, location: repo.location, session, trunk: trunkOf(repo), top, method, force, pushEnv: { GIT_TERMINAL_PROMPT: '0' }, log }).catch((error: unknown) => {
          if (error instanceof LandNotReadyError) return error;
          throw error;
        }),
      );
    let result = await run(false);
    if (result instanceof LandNotReadyError) {
      const notReady = result;
      const choice = await vscode.window.showWarningMessage(`PR #${notReady.number} is not ready to land: ${notReady.reasons.join(' and ')}.`, 'Land Anyway', 'Open PR');
      if (choice === 'Open PR') await vscode.env.openExternal(vscode.Uri.parse(notReady.url));
      if (choice !== 'Land Anyway') return;
      result = await run(true);
    }
    if (!result || result instanceof LandNotReadyError) return;
    await refreshStatuses(repo);
    const rest = result.retargeted ? ` #${result.retargeted} now targets ${result.trunkBranch}.` : ' That was the last PR of the stack.';
    void vscode.window.showInformationMessage(`Merged #${result.merged.number} (${result.method}).${rest}`);
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
    if (!repo) throw new GitError('not-a-repo', 'No git repository is open. Open a folder that holds one.');
    return { repo };
  }

  const commands: Record<string, (arg?: unknown) => unknown> = {
    'stackline.submitStack': (arg) => submit(arg, false),
    'stackline.submitStackAsDraft': (arg) => submit(arg, true),
    'stackline.landStack': (arg) => land(arg),
    'stackline.openPullRequest': (arg) => {
      const node = isNode(arg) && arg.kind === 'commit' ? { root: arg.repo.root, hash: arg.commit.hash } : undefined;
      const graph = fromGraph(arg) ? graphMenuTarget(s.repositories, arg) : undefined;
      const commit = node ?? (graph && { root: graph.repo.root, hash: graph.hash });
      const status = commit && store.get(commit.root, commit.hash);
      if (!status) return vscode.window.showInformationMessage('This commit has no PR yet. Submit its stack first.');
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
      vscode.commands.registerCommand(id, async (arg?: unknown) => {
        try {
          await handler(arg);
        } catch (error) {
          const repo = s.repositories.active;
          if (repo) await reportForgeError(repo, error);
        }
      }),
    ),
    s.stacksTree.addAnnotator((node) =>
      node.kind === 'commit' ? pullAnnotation(store.get(node.repo.root, node.commit.hash), node.commit.hash) : stackPullAnnotation(store.get(node.repo.root, node.stack.commits.at(-1)!)),
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
