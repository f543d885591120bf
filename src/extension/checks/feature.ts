// Checks before submit in VS Code: Run Checks on a stack (Stacks view, graph, palette) with a
// cancellable progress, check badges on every draft commit (pass / fail / running / not run) with
// the output one click away, a dry run on GitHub's CI, a button that declares the obvious checks,
// and, with stackline.checks.beforeSubmit, the checks before every submit. Nothing from the
// repository runs in a workspace that is not trusted.
import { existsSync, mkdirSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { counts } from '../counts';
import { ResultStore } from '../../core/checks/cache';
import { loadChecks, suggestChecks, writeChecks, type CheckDefinition } from '../../core/checks/config';
import { CheckError } from '../../core/checks/errors';
import { DEFAULT_REF_PREFIX, runRemoteChecks, type RemoteCheckSummary } from '../../core/checks/remote';
import { runChecks, treesOf, type CheckRunSummary } from '../../core/checks/run';
import { checkTargets } from '../../core/checks/targets';
import { stackPath } from '../../core/forge/stackPath';
import { shortHash } from '../../core/format';
import { GitError } from '../../core/git/errors';
import type { SmartlogCommit } from '../../core/smartlog/model';
import { validateMenuContext } from '../../protocol';
import { reportErrors } from '../commands';
import { graphMenuTarget } from '../graph/feature';
import type { Repository } from '../repository';
import type { Feature } from '../services';
import type { StacksNode } from '../stacksTree';
import { checksAnnotation, checksBadge, remoteBadge, RUN_CHECKS, SHOW_OUTPUT, type OutputTarget } from './badges';
import { CheckOutputProvider, OUTPUT_SCHEME } from './output';
import { CheckStatusStore } from './store';

interface Target {
  repo: Repository;
  /** A commit of the stack (its stack is checked); undefined with stackId, or for HEAD's stack. */
  commit?: string;
  stackId?: string;
}

const settings = (repo: Repository) =>
  vscode.workspace.getConfiguration('stackline.checks', vscode.Uri.file(repo.root));

export const registerChecks: Feature = (s) => {
  const forge = s.forgeAccess;
  const store = new CheckStatusStore();
  const outputs = new CheckOutputProvider();
  const watchers = new Map<string, FSWatcher>();
  /** Runs going on now: closing the window stops their checks (they run in process groups of their own, which would outlive it). */
  const running = new Set<AbortController>();
  const cancellable = () => {
    const controller = new AbortController();
    running.add(controller);
    return { signal: controller.signal, abort: () => controller.abort(), done: () => running.delete(controller) };
  };
  const log = (line: string) => s.log.appendLine(line);

  async function refresh(repo: Repository): Promise<void> {
    try {
      await store.refresh(repo);
      watchResults(repo);
    } catch (error) {
      log(`[checks ${repo.root}] ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Results a `stackline check` in a terminal writes show up here too. */
  function watchResults(repo: Repository): void {
    if (watchers.has(repo.root) || store.checksOf(repo.root).length === 0) return;
    const dir = new ResultStore(repo.location).dir;
    mkdirSync(dir, { recursive: true });
    let timer: NodeJS.Timeout | undefined;
    const watcher = watch(dir, () => {
      clearTimeout(timer);
      timer = setTimeout(() => void refresh(repo), 300);
    });
    watcher.on('error', () => watchers.delete(repo.root));
    watchers.set(repo.root, watcher);
  }

  function target(arg: unknown): Target {
    if (validateMenuContext(arg).ok) {
      const { repo, hash } = graphMenuTarget(s.repositories, arg);
      return { repo, commit: hash };
    }
    if (isOutputTarget(arg)) {
      const repo = s.repositories.all.find((r) => r.root === arg.root);
      if (!repo) throw new GitError('not-a-repo', vscode.l10n.t('{0} is no longer open in this window.', arg.root));
      return { repo, commit: arg.commit };
    }
    const node = isNode(arg) ? arg : s.stacksView.selection[0];
    if (node?.kind === 'stack') return { repo: node.repo, stackId: node.stack.id };
    if (node?.kind === 'commit' && node.commit.phase === 'draft') return { repo: node.repo, commit: node.commit.hash };
    const repo = node?.repo ?? s.repositories.active;
    if (!repo)
      throw new GitError('not-a-repo', vscode.l10n.t('No git repository is open. Open a folder that holds one.'));
    return { repo };
  }

  function requireTrust(): boolean {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        "Checks run the repository's own commands, so Stackline runs them only in a trusted workspace. Trust this folder, then try again.",
      ),
    );
    return false;
  }

  /** The declared checks; with none, offers to declare the obvious ones (and answers them once declared). */
  async function declaredChecks(repo: Repository): Promise<CheckDefinition[] | undefined> {
    const checks = loadChecks(repo.root);
    if (checks.length > 0) return checks;
    const suggested = suggestChecks(repo.root);
    if (suggested.length === 0) {
      const choice = await vscode.window.showInformationMessage(
        vscode.l10n.t(
          'This repository declares no checks. Declare them in .stackline.json, e.g. "checks": [{ "name": "unit", "run": "make test" }], and commit it so every clone has them.',
        ),
        vscode.l10n.t('Open .stackline.json'),
      );
      if (choice) await openSettingsFile(repo);
      return undefined;
    }
    const names = suggested.map((c) => `${c.name} (${c.run})`).join(' and ');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('This repository declares no checks. Add {0} from package.json to .stackline.json?', names),
      vscode.l10n.t('Add Checks'),
      vscode.l10n.t('Open .stackline.json'),
    );
    if (choice === 'Open .stackline.json') await openSettingsFile(repo);
    if (choice !== 'Add Checks') return undefined;
    writeChecks(repo.root, suggested);
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Declared {0} in .stackline.json. Commit the file so every clone has them.',
        suggested.map((c) => c.name).join(', '),
      ),
    );
    await refresh(repo);
    return suggested;
  }

  async function openSettingsFile(repo: Repository): Promise<void> {
    const file = join(repo.root, '.stackline.json');
    const uri = existsSync(file) ? vscode.Uri.file(file) : vscode.Uri.file(file).with({ scheme: 'untitled' });
    await vscode.window.showTextDocument(uri);
  }

  /** Runs the checks with a cancellable notification; the badges follow every step. */
  async function runWithProgress(
    repo: Repository,
    checks: CheckDefinition[],
    commits: SmartlogCommit[],
    title: string,
  ): Promise<CheckRunSummary> {
    const total = commits.length * checks.length;
    let done = 0;
    const run = (progress?: vscode.Progress<{ message?: string; increment?: number }>, signal?: AbortSignal) =>
      runChecks({
        git: repo.git,
        location: repo.location,
        checks,
        commits: commits.map((c) => ({ hash: c.hash, title: c.title })),
        trusted: vscode.workspace.isTrusted,
        parallel: settings(repo).get<number>('parallel') || undefined,
        signal,
        onChange: (item) => {
          store.update(repo, item);
          if (item.state === 'queued' || item.state === 'running') return;
          done++;
          progress?.report({
            message: `${done} of ${total}${item.state === 'pass' ? '' : ` (${item.check.name} on ${shortHash(item.commit)}: ${item.state})`}`,
            increment: 100 / total,
          });
        },
      });
    // Every answer kept already: nothing runs, so no progress to show (or to cancel).
    const summary = (await everyAnswerKept(repo, checks, commits))
      ? await run()
      : await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title, cancellable: true },
          async (progress, token) => {
            const cancel = cancellable();
            token.onCancellationRequested(cancel.abort);
            progress.report({ message: `0 of ${total}` });
            try {
              return await run(progress, cancel.signal);
            } finally {
              cancel.done();
            }
          },
        );
    await refresh(repo);
    return summary;
  }

  async function everyAnswerKept(
    repo: Repository,
    checks: CheckDefinition[],
    commits: SmartlogCommit[],
  ): Promise<boolean> {
    const trees = await treesOf(
      repo.git,
      commits.map((c) => c.hash),
    );
    const results = new ResultStore(repo.location);
    return commits.every((c) => checks.every((check) => results.cached(trees.get(c.hash)!, check.run)));
  }

  /** Commits whose checks did not all pass, with the checks that did not. */
  function failed(summary: CheckRunSummary): { commit: string; title: string; checks: string[] }[] {
    const byCommit = new Map<string, { commit: string; title: string; checks: string[] }>();
    for (const item of summary.items.filter((i) => i.state !== 'pass' && i.state !== 'cancelled')) {
      const entry = byCommit.get(item.commit) ?? { commit: item.commit, title: item.title, checks: [] };
      entry.checks.push(item.check.name);
      byCommit.set(item.commit, entry);
    }
    return [...byCommit.values()];
  }

  const named = (list: { commit: string; title: string; checks: string[] }[]) =>
    list.map((f) => `${shortHash(f.commit)} "${f.title}" (${f.checks.join(', ')})`).join(', ');

  async function runChecksCommand(arg: unknown): Promise<void> {
    const { repo, commit, stackId } = target(arg);
    if (!requireTrust()) return;
    const checks = await declaredChecks(repo);
    if (!checks) return;
    if (!repo.smartlog) await repo.refresh();
    const { commits } = checkTargets(repo.smartlog!, { commit, stackId });
    const summary = await runWithProgress(
      repo,
      checks,
      commits,
      vscode.l10n.t('Running {0} on {1}', checks.map((c) => c.name).join(', '), counts.commit(commits.length)),
    );
    if (summary.cancelled) {
      vscode.window.setStatusBarMessage(
        vscode.l10n.t('$(debug-stop) Checks cancelled; every check that was running was stopped.'),
        5000,
      );
      return;
    }
    const failing = failed(summary);
    if (failing.length === 0) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('All {0} pass {1}.', counts.commit(commits.length), checks.map((c) => c.name).join(', ')),
      );
      return;
    }
    const choice = await vscode.window.showWarningMessage(
      failing.length === 1
        ? vscode.l10n.t('1 of {0} fails: {1}.', counts.commit(commits.length), named(failing))
        : vscode.l10n.t('{0} of {1} fail: {2}.', failing.length, counts.commit(commits.length), named(failing)),
      vscode.l10n.t('Show Output'),
    );
    if (choice) await showOutput({ root: repo.root, commit: failing[0].commit, check: failing[0].checks[0] });
  }

  async function showOutput(arg: unknown): Promise<void> {
    const { repo, commit } = target(arg);
    if (!commit) throw new CheckError('no-stack', vscode.l10n.t('Pick a commit to show the output of its checks.'));
    const checks = loadChecks(repo.root);
    const tree = (await treesOf(repo.git, [commit])).get(commit)!;
    const results = new ResultStore(repo.location);
    const found = checks.flatMap((check) => {
      const result = results.read(tree, check.run);
      return result ? [result] : [];
    });
    if (found.length === 0) {
      const choice = await vscode.window.showInformationMessage(
        vscode.l10n.t('No check has run on {0} yet.', shortHash(commit)),
        vscode.l10n.t('Run Checks'),
      );
      if (choice) await runChecksCommand({ root: repo.root, commit });
      return;
    }
    const wanted = isOutputTarget(arg) && arg.check ? found.find((r) => r.check === arg.check) : undefined;
    const failing = found.find((r) => r.state !== 'pass');
    let result = wanted ?? (found.length === 1 ? found[0] : undefined);
    if (!result) {
      const picked = await vscode.window.showQuickPick(
        found.map((r) => ({
          label: `${r.state === 'pass' ? '$(pass)' : '$(error)'} ${r.check}`,
          description: `${r.state}${r.exitCode !== null ? `, exit ${r.exitCode}` : ''}`,
          result: r,
          picked: r === failing,
        })),
        { title: vscode.l10n.t('Check output of {0}', shortHash(commit)), placeHolder: vscode.l10n.t('Which check?') },
      );
      result = picked?.result;
    }
    if (result) await vscode.window.showTextDocument(outputs.uriOf(result), { preview: true });
  }

  async function addChecks(arg: unknown): Promise<void> {
    const { repo } = target(arg);
    if (loadChecks(repo.root).length > 0) {
      await openSettingsFile(repo);
      return;
    }
    await declaredChecks(repo);
  }

  async function runRemote(arg: unknown): Promise<void> {
    const { repo, commit, stackId } = target(arg);
    if (!requireTrust()) return;
    if (!repo.smartlog) await repo.refresh();
    const { commits } = checkTargets(repo.smartlog!, { commit, stackId });
    const session = await forge.session(repo);
    if (!session) return;
    const prefix = settings(repo).get<string>('refPrefix') || DEFAULT_REF_PREFIX;
    const minutes = settings(repo).get<number>('remoteTimeoutMinutes') || 30;
    const title = vscode.l10n.t('GitHub dry run of {0} (branches {1}…, no PR)', counts.commit(commits.length), prefix);
    const summary: RemoteCheckSummary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      async (progress, token) => {
        const cancel = cancellable();
        token.onCancellationRequested(cancel.abort);
        progress.report({ message: 'pushing…' });
        try {
          return await runRemoteChecks({
            git: repo.git,
            session,
            commits: commits.map((c) => ({ hash: c.hash, title: c.title })),
            prefix,
            timeoutMs: minutes * 60_000,
            signal: cancel.signal,
            pushEnv: { GIT_TERMINAL_PROMPT: '0' },
            log,
            onChange: (result) => {
              store.setRemote(repo, result);
              progress.report({
                message: vscode.l10n.t(
                  "waiting for GitHub's checks ({0}: {1})",
                  shortHash(result.commit),
                  result.state,
                ),
              });
            },
          });
        } finally {
          cancel.done();
        }
      },
    );
    for (const result of summary.results) store.setRemote(repo, result);
    if (summary.kept.length > 0)
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'Kept {0} on {1}: it changed since the dry run pushed it.',
          summary.kept.join(', '),
          summary.remote,
        ),
      );
    if (summary.cancelled) return;
    const failing = summary.results.filter((r) => r.state === 'failing');
    const none = summary.results.every((r) => r.state === 'none');
    if (failing.length > 0) {
      const first = failing[0].contexts.find((c) => c.state === 'failing' && c.url);
      const failingNames = failing.map((r) => `${shortHash(r.commit)} "${r.title}"`).join(', ');
      const openCheck = vscode.l10n.t('Open {0}', first?.name ?? '');
      const choice = await vscode.window.showWarningMessage(
        failing.length === 1
          ? vscode.l10n.t('On GitHub, 1 of {0} fails: {1}.', counts.commit(commits.length), failingNames)
          : vscode.l10n.t(
              'On GitHub, {0} of {1} fail: {2}.',
              failing.length,
              counts.commit(commits.length),
              failingNames,
            ),
        ...(first ? [openCheck] : []),
      );
      if (choice === openCheck && first?.url) await vscode.env.openExternal(vscode.Uri.parse(first.url));
    } else if (none) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'Nothing reported on the scratch branches. Set up CI to run on pushes to {0}** (README, "Checks before submit").',
          prefix,
        ),
      );
    } else if (summary.timedOut) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          "GitHub's checks are still running after {0} (stackline.checks.remoteTimeoutMinutes).",
          counts.minute(minutes),
        ),
      );
    } else {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('All {0} pass on GitHub.', counts.commit(commits.length)),
      );
    }
  }

  /** With stackline.checks.beforeSubmit: the checks on the line being submitted; a failure asks first. */
  async function beforeSubmit(repo: Repository, top: string | undefined): Promise<boolean> {
    if (!settings(repo).get<boolean>('beforeSubmit')) return true;
    if (!vscode.workspace.isTrusted) return true;
    const checks = loadChecks(repo.root);
    if (checks.length === 0) {
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('stackline.checks.beforeSubmit is on, but .stackline.json declares no checks.'),
        { modal: true },
        vscode.l10n.t('Submit Anyway'),
      );
      return choice === 'Submit Anyway';
    }
    const commits = stackPath(repo.smartlog!, top).commits;
    const summary = await runWithProgress(
      repo,
      checks,
      commits,
      vscode.l10n.t('Checking {0} before submitting', counts.commit(commits.length)),
    );
    if (summary.cancelled) return false;
    const failing = failed(summary);
    if (failing.length === 0) return true;
    // Looking at the output is the first choice; submitting anyway is the deliberate one.
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Checks fail on {0}.', named(failing)),
      {
        modal: true,
        detail: vscode.l10n.t('Look at the output and fix the commit first, or submit the stack anyway.'),
      },
      vscode.l10n.t('Show Output'),
      vscode.l10n.t('Submit Anyway'),
    );
    if (choice === 'Show Output')
      await showOutput({ root: repo.root, commit: failing[0].commit, check: failing[0].checks[0] });
    return choice === 'Submit Anyway';
  }

  const refreshAll = () => Promise.all(s.repositories.all.map(refresh));
  const settingsWatcher = vscode.workspace.createFileSystemWatcher('**/.stackline.json');
  const onSettingsFile = (uri: vscode.Uri) =>
    s.repositories.all.filter((r) => uri.fsPath === join(r.root, '.stackline.json')).forEach((r) => void refresh(r));
  const commands: Record<string, (arg?: unknown) => unknown> = {
    [RUN_CHECKS]: runChecksCommand,
    'stackline.runChecksOnGitHub': runRemote,
    [SHOW_OUTPUT]: showOutput,
    'stackline.addChecks': addChecks,
  };
  void refreshAll();
  return [
    ...Object.entries(commands).map(([id, handler]) =>
      vscode.commands.registerCommand(id, (arg?: unknown) => reportErrors(s.log, () => handler(arg))),
    ),
    vscode.workspace.registerTextDocumentContentProvider(OUTPUT_SCHEME, outputs),
    outputs,
    store,
    s.stacksTree.addAnnotator((node) =>
      node.kind === 'commit' && node.commit.phase === 'draft'
        ? checksAnnotation(
            store.get(node.repo.root, node.commit.hash),
            store.remote(node.repo.root, node.commit.hash),
            node.repo.root,
          )
        : undefined,
    ),
    s.graphBadges.addProvider((repo, commit) => checksBadge(store.get(repo.root, commit.hash), repo.root)),
    s.graphBadges.addProvider((repo, commit) => remoteBadge(store.remote(repo.root, commit.hash))),
    store.onDidChange((root) => {
      s.stacksTree.redraw();
      s.graphBadges.refresh(root);
    }),
    s.repositories.onDidChange(() => void refreshAll()),
    forge.addSubmitGuard(beforeSubmit),
    settingsWatcher,
    settingsWatcher.onDidChange(onSettingsFile),
    settingsWatcher.onDidCreate(onSettingsFile),
    settingsWatcher.onDidDelete(onSettingsFile),
    { dispose: () => [...watchers.values()].forEach((w) => w.close()) },
    { dispose: () => [...running].forEach((controller) => controller.abort()) },
  ];
};

function isNode(arg: unknown): arg is StacksNode {
  return typeof arg === 'object' && arg !== null && 'kind' in arg && 'repo' in arg;
}

function isOutputTarget(arg: unknown): arg is OutputTarget {
  return (
    typeof arg === 'object' &&
    arg !== null &&
    typeof (arg as OutputTarget).root === 'string' &&
    typeof (arg as OutputTarget).commit === 'string' &&
    /^[0-9a-f]{40,64}$/.test((arg as OutputTarget).commit)
  );
}
