// Extension entry point: builds the shared services, then lets each feature register itself.
import * as vscode from 'vscode';
import { addGitCallLog, formatGitCall } from '../core/git/callLog';
import type { Smartlog } from '../core/smartlog/model';
import { registerChecks } from './checks/feature';
import { registerCommands } from './commands';
import { registerConventions } from './conventions/feature';
import { ForgeAccess } from './forge/access';
import { registerForge } from './forge/feature';
import { GIT_SCHEME, GitContentProvider } from './gitContent';
import { GraphBadges } from './graph/badges';
import { translateWith } from './l10n';
import { MessageChecks } from './messageChecks';
import { MessageEditors } from './messageEditor';
import { registerGraph } from './graph/feature';
import { registerHealth } from './health/feature';
import { registerOperations } from './operations/feature';
import { Repositories } from './repositories';
import { registerReview } from './review/feature';
import type { Feature, Services } from './services';
import { registerSparse } from './sparse/feature';
import { StacksTree } from './stacksTree';
import { registerWalkthrough } from './walkthrough';
import { registerWorktreeMarks } from './worktreeMarks';

/** What activate() returns to other extensions (and to tests running in the extension host). */
export interface StacklineApi {
  /** Roots of the repositories Stackline found in the workspace. */
  repositories(): string[];
  /** The current smartlog of a repository, by root. */
  smartlog(root: string): Smartlog | undefined;
  /** Re-reads every repository. */
  refresh(): Promise<void>;
}

/** Each area of Stackline, in the order they register. */
const FEATURES: Feature[] = [
  (s) => registerCommands(s.repositories, s.stacksView, s.log),
  registerGraph,
  registerSparse,
  registerConventions,
  registerForge,
  registerChecks,
  registerOperations,
  registerWalkthrough,
  registerHealth,
  registerReview,
];

export async function activate(context: vscode.ExtensionContext): Promise<StacklineApi> {
  translateWith(vscode.l10n.t);
  const log = vscode.window.createOutputChannel('Stackline');
  const repositories = new Repositories(log);
  const stacksTree = new StacksTree(repositories);
  const stacksView = vscode.window.createTreeView('stackline.stacks', {
    treeDataProvider: stacksTree,
    showCollapseAll: true,
  });
  const graphBadges = new GraphBadges();
  const messageChecks = new MessageChecks();
  const messageEditors = new MessageEditors(messageChecks);
  const services: Services = {
    context,
    log,
    repositories,
    stacksTree,
    stacksView,
    graphBadges,
    messageChecks,
    messageEditors,
    forgeAccess: new ForgeAccess(),
  };
  // Every git call with its time: when a refresh is slow, Show Log says which call it was.
  const stopGitLog = addGitCallLog((call) => log.appendLine(formatGitCall(call)));
  // Reading the repositories starts first: its git calls run while the features register. Registering
  // is synchronous, so every listener is in place before the first answer arrives.
  const started = performance.now();
  const scanned = repositories.scan();
  context.subscriptions.push(
    { dispose: stopGitLog },
    log,
    graphBadges,
    messageEditors,
    repositories,
    stacksTree,
    stacksView,
    vscode.workspace.registerTextDocumentContentProvider(GIT_SCHEME, new GitContentProvider()),
    registerWorktreeMarks(),
    ...FEATURES.flatMap((feature) => feature(services)),
    // Coming back to the window after work in another tool: show the repo as it is now.
    vscode.window.onDidChangeWindowState((state) => {
      if (state.focused) void repositories.refreshAll();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('stackline')) void repositories.refreshAll();
    }),
  );
  const registered = performance.now() - started;
  await scanned;
  log.appendLine(
    `[startup] features registered in ${registered.toFixed(0)} ms; repositories read ${(performance.now() - started).toFixed(0)} ms after activation`,
  );
  return {
    repositories: () => repositories.all.map((repo) => repo.root),
    smartlog: (root) => repositories.all.find((repo) => repo.root === root)?.smartlog,
    refresh: async () => void (await repositories.refreshAll()),
  };
}

export function deactivate(): void {}
