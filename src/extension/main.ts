// Extension entry point: builds the shared services, then lets each feature register itself.
import * as vscode from 'vscode';
import type { Smartlog } from '../core/smartlog/model';
import { registerChecks } from './checks/feature';
import { registerCommands } from './commands';
import { registerConventions } from './conventions/feature';
import { ForgeAccess } from './forge/access';
import { registerForge } from './forge/feature';
import { GIT_SCHEME, GitContentProvider } from './gitContent';
import { GraphBadges } from './graph/badges';
import { MessageChecks } from './messageChecks';
import { MessageEditors } from './messageEditor';
import { registerGraph } from './graph/feature';
import { registerOperations } from './operations/feature';
import { Repositories } from './repositories';
import type { Feature, Services } from './services';
import { registerSparse } from './sparse/feature';
import { StacksTree } from './stacksTree';
import { registerWalkthrough } from './walkthrough';

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
const FEATURES: Feature[] = [(s) => registerCommands(s.repositories, s.stacksView, s.log), registerGraph, registerSparse, registerConventions, registerForge, registerChecks, registerOperations, registerWalkthrough];

export async function activate(context: vscode.ExtensionContext): Promise<StacklineApi> {
  const log = vscode.window.createOutputChannel('Stackline');
  const repositories = new Repositories(log);
  const stacksTree = new StacksTree(repositories);
  const stacksView = vscode.window.createTreeView('stackline.stacks', { treeDataProvider: stacksTree, showCollapseAll: true });
  const graphBadges = new GraphBadges();
  const messageChecks = new MessageChecks();
  const messageEditors = new MessageEditors(messageChecks);
  const services: Services = { context, log, repositories, stacksTree, stacksView, graphBadges, messageChecks, messageEditors, forgeAccess: new ForgeAccess() };
  context.subscriptions.push(
    log,
    graphBadges,
    messageEditors,
    repositories,
    stacksTree,
    stacksView,
    vscode.workspace.registerTextDocumentContentProvider(GIT_SCHEME, new GitContentProvider()),
    ...FEATURES.flatMap((feature) => feature(services)),
    // Coming back to the window after work in another tool: show the repo as it is now.
    vscode.window.onDidChangeWindowState((state) => {
      if (state.focused) void repositories.refreshAll();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('stackline')) void repositories.refreshAll();
    }),
  );
  await repositories.scan();
  return {
    repositories: () => repositories.all.map((repo) => repo.root),
    smartlog: (root) => repositories.all.find((repo) => repo.root === root)?.smartlog,
    refresh: async () => void (await repositories.refreshAll()),
  };
}

export function deactivate(): void {}
