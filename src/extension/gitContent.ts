// Serves file contents at a commit (stackline-git: URIs) for diff editors.
import * as vscode from 'vscode';
import { GitRunner } from '../core/git/runner';

export const GIT_SCHEME = 'stackline-git';
/** A ref that stands for "no file": the left side of an added file, the right side of a deleted one. */
const NOTHING = '';

export function gitUri(root: string, ref: string | undefined, path: string): vscode.Uri {
  return vscode.Uri.from({
    scheme: GIT_SCHEME,
    path: `/${path}`,
    query: JSON.stringify({ root, ref: ref ?? NOTHING }),
  });
}

export class GitContentProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const { root, ref } = JSON.parse(uri.query) as { root: string; ref: string };
    if (ref === NOTHING) return '';
    // A path missing at that commit (added or deleted there) shows as empty, like git's own diff.
    return (await new GitRunner(root).tryRun(['show', `${ref}:${uri.path.slice(1)}`])) ?? '';
  }
}
