// Which commits have a pull request, as context keys for the graph's right-click menu: Open Pull
// Request shows on a row whose hash is in stackline.pullCommits, Land Bottom PR on one whose hash is
// in stackline.openPullCommits (package.json: `hash in stackline.pullCommits`).
import * as vscode from 'vscode';
import type { Repositories } from '../repositories';
import type { PullStatusStore } from './statusStore';

export function registerPullContext(store: PullStatusStore, repositories: Repositories): vscode.Disposable[] {
  const update = () => {
    const all: Record<string, true> = {};
    const open: Record<string, true> = {};
    for (const repo of repositories.all) {
      for (const [hash, status] of store.entries(repo.root)) {
        all[hash] = true;
        if (status.state === 'open' || status.state === 'draft') open[hash] = true;
      }
    }
    void vscode.commands.executeCommand('setContext', 'stackline.pullCommits', all);
    void vscode.commands.executeCommand('setContext', 'stackline.openPullCommits', open);
  };
  update();
  return [store.onDidChange(update)];
}
