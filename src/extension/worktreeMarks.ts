// A badge at the right end of a Stacks row whose branch another worktree has checked out. The row's
// description says so too ("branch (in ../wt2)"), but at the default side-bar width VS Code cuts the
// description off first; a file decoration's badge stays visible whatever the width.
import * as vscode from 'vscode';

const SCHEME = 'stackline-worktree';
/** Two characters at most: VS Code's limit for a decoration badge. */
const BADGE = 'W';

/** The resourceUri for a row, carrying what its decoration says. */
export function worktreeMarkUri(hash: string, where: { branch: string; worktree: string }[]): vscode.Uri {
  return vscode.Uri.from({ scheme: SCHEME, path: `/${hash}`, query: JSON.stringify(where) });
}

export class WorktreeMarks implements vscode.FileDecorationProvider {
  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== SCHEME) return undefined;
    let where: { branch: string; worktree: string }[];
    try {
      where = JSON.parse(uri.query) as { branch: string; worktree: string }[];
    } catch {
      return undefined;
    }
    const text = where.map((w) => vscode.l10n.t('{0} is checked out in {1}', w.branch, w.worktree)).join('; ');
    return new vscode.FileDecoration(BADGE, text);
  }
}

export function registerWorktreeMarks(): vscode.Disposable {
  return vscode.window.registerFileDecorationProvider(new WorktreeMarks());
}
