// The commit graph in VS Code: `Stackline: Show Graph` opens it in an editor tab, the Graph view
// shows it in the Stackline side bar, and the webview/context menu commands act on the commit a
// row's data-vscode-context names. Other features add their own commands to that menu.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { GitError } from '../../core/git/errors';
import { validateMenuContext } from '../../protocol';
import { reportErrors } from '../commands';
import type { Repositories } from '../repositories';
import type { Repository } from '../repository';
import type { Feature } from '../services';
import { graphHtml } from './html';
import { copyHash, GraphSession, type ColumnWidths } from './session';

export const GRAPH_VIEW_TYPE = 'stackline.graph';

/** globalState keys of the graph column's width: graphs in editors share one, the side bar its own. */
const COLUMN_WIDTH_KEYS = {
  panel: 'stackline.graph.columnWidth.panel',
  view: 'stackline.graph.columnWidth.view',
} as const;

/**
 * For commands in the graph's context menu (package.json `webview/context`, when
 * `webviewId == stackline.graph && webviewSection == commit`): the commit right-clicked and its
 * repository, from the argument VS Code passes (the row's data-vscode-context, validated).
 */
export function graphMenuTarget(repositories: Repositories, arg: unknown): { repo: Repository; hash: string } {
  const result = validateMenuContext(arg);
  if (!result.ok)
    throw new GitError('no-commit', vscode.l10n.t('Right-click a commit in the graph to use this command.'));
  const repo = repositories.all.find((r) => r.root === result.value.root);
  if (!repo)
    throw new GitError('not-a-repo', vscode.l10n.t('{0} is no longer open in this window.', result.value.root));
  return { repo, hash: result.value.hash };
}

export const registerGraph: Feature = (services) => {
  const { context, repositories, log, graphBadges, stacksTree } = services;
  const bundle = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
  const sessions = new Set<GraphSession>();
  const panels = new Map<GraphSession, vscode.WebviewPanel>();

  /** Serves the bundle and nothing else, and starts a session for the webview. */
  const columnWidths = (placement: 'panel' | 'view'): ColumnWidths => ({
    get: () => {
      const width = context.globalState.get<unknown>(COLUMN_WIDTH_KEYS[placement]);
      return typeof width === 'number' ? width : null;
    },
    set: (width) => context.globalState.update(COLUMN_WIDTH_KEYS[placement], width ?? undefined),
  });

  const attach = (
    webview: vscode.Webview,
    placement: 'panel' | 'view',
    root: string | undefined,
    onDispose: (listener: () => void) => vscode.Disposable,
  ): GraphSession => {
    webview.options = { enableScripts: true, localResourceRoots: [bundle] };
    webview.html = graphHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(bundle, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(bundle, 'webview.css')).toString(),
      placement,
    });
    const session = new GraphSession(
      webview,
      repositories,
      log,
      graphBadges,
      stacksTree,
      root,
      columnWidths(placement),
    );
    sessions.add(session);
    onDispose(() => {
      sessions.delete(session);
      panels.delete(session);
      session.dispose();
    });
    return session;
  };

  const setUpPanel = (panel: vscode.WebviewPanel, root: string | undefined) => {
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'stackline.svg');
    const session = attach(panel.webview, 'panel', root, (listener) => panel.onDidDispose(listener));
    panels.set(session, panel);
  };

  const showGraph = () => {
    const repo = repositories.active;
    if (!repo)
      throw new GitError('not-a-repo', vscode.l10n.t('No git repository is open. Open a folder that holds one.'));
    const open = [...panels].find(([session]) => session.repositoryRoot === repo.root);
    if (open) return open[1].reveal();
    const panel = vscode.window.createWebviewPanel(
      GRAPH_VIEW_TYPE,
      vscode.l10n.t('Graph: {0}', basename(repo.root)),
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        localResourceRoots: [bundle],
      },
    );
    setUpPanel(panel, repo.root);
  };

  /** The graph a context-menu command came from: the most recently used one showing that repository. */
  const sessionFor = (arg: unknown): { session: GraphSession; hash: string } => {
    const { repo, hash } = graphMenuTarget(repositories, arg);
    const candidates = [...sessions]
      .filter((s) => s.repositoryRoot === repo.root)
      .sort((a, b) => b.lastActive - a.lastActive);
    if (!candidates[0])
      throw new GitError(
        'not-a-repo',
        vscode.l10n.t('That graph is closed. Open it again with Stackline: Show Graph.'),
      );
    return { session: candidates[0], hash };
  };
  const menuCommand = (id: string, action: (target: { session: GraphSession; hash: string }) => Promise<void>) =>
    vscode.commands.registerCommand(id, (arg: unknown) => reportErrors(log, () => action(sessionFor(arg))));

  return [
    vscode.commands.registerCommand('stackline.showGraph', () => reportErrors(log, showGraph)),
    vscode.window.registerWebviewViewProvider(GRAPH_VIEW_TYPE, {
      resolveWebviewView: (view) =>
        void attach(view.webview, 'view', undefined, (listener) => view.onDidDispose(listener)),
    }),
    vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => setUpPanel(panel, repositories.active?.root),
    }),
    menuCommand('stackline.graph.goto', ({ session, hash }) => session.goto(hash)),
    menuCommand('stackline.graph.openChanges', ({ session, hash }) => session.openChanges(hash)),
    menuCommand('stackline.graph.copyHash', async ({ hash }) => copyHash(hash)),
    menuCommand('stackline.graph.restack', ({ session, hash }) => session.restack(hash)),
    { dispose: () => sessions.forEach((session) => session.dispose()) },
  ];
};
