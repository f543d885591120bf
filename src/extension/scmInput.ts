// The Source Control input box of VS Code's git extension for a repository: where the composer puts
// a message, and where Stackline's own Commit… finds one already written.
import * as vscode from 'vscode';

interface GitInputApi {
  repositories: { rootUri: vscode.Uri; inputBox: { value: string } }[];
}

/** The input box of the repository at `root`, or undefined when the git extension is off or does not know it. */
export async function scmInputBox(root: string): Promise<{ value: string } | undefined> {
  const git = vscode.extensions.getExtension<{ getAPI(version: 1): GitInputApi }>('vscode.git');
  const api =
    git &&
    (git.isActive
      ? git.exports
      : await git.activate().then(
          (exports) => exports,
          () => undefined,
        ));
  return api?.getAPI(1).repositories.find((r) => r.rootUri.fsPath === root)?.inputBox;
}
