// GitHub tokens in VS Code: the built-in GitHub sign-in for github.com, else a token the user stored
// with "Stackline: Set GitHub Token" (SecretStorage, per host), else GITHUB_TOKEN / GH_TOKEN from
// the environment VS Code was started with. Tokens are never logged.
import * as vscode from 'vscode';
import { ForgeError } from '../../core/forge/errors';
import { isGitHubDotCom } from '../../core/forge/remote';

const SCOPES = ['repo'];

export class GitHubAuth {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  private key(apiUrl: string): string {
    return `stackline.github.token:${apiUrl}`;
  }

  /** A token for the API, asking the user to sign in only when `interactive`. */
  async token(apiUrl: string, interactive: boolean): Promise<string> {
    if (isGitHubDotCom(apiUrl)) {
      const session = await vscode.authentication.getSession(
        'github',
        SCOPES,
        interactive ? { createIfNone: true } : { silent: true },
      );
      if (session) return session.accessToken;
    }
    const stored = await this.secrets.get(this.key(apiUrl));
    if (stored) return stored;
    const fromEnv = process.env.GITHUB_TOKEN || process.env.GH_TOKEN;
    if (fromEnv) return fromEnv;
    throw new ForgeError(
      'auth',
      isGitHubDotCom(apiUrl)
        ? vscode.l10n.t(
            'Sign in to GitHub to submit and see PRs (Stackline: Sign In to GitHub), or store a token with Stackline: Set GitHub Token.',
          )
        : vscode.l10n.t(
            'No token for {0}. Store one with Stackline: Set GitHub Token (it needs the repo scope).',
            apiUrl,
          ),
    );
  }

  /** A fresh github.com session (VS Code asks the user; also after a 401), or a new stored token. */
  async signInAgain(apiUrl: string): Promise<void> {
    if (isGitHubDotCom(apiUrl)) {
      await vscode.authentication.getSession('github', SCOPES, {
        forceNewSession: { detail: vscode.l10n.t('GitHub did not accept the last token.') },
      });
      return;
    }
    await this.promptForToken(apiUrl);
  }

  async promptForToken(apiUrl: string): Promise<boolean> {
    const token = await vscode.window.showInputBox({
      title: vscode.l10n.t('GitHub token for {0}', apiUrl),
      prompt: vscode.l10n.t(
        "A personal access token with the repo scope. Stored in VS Code's secret storage, never in settings or logs.",
      ),
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) =>
        value.trim().length < 8 ? vscode.l10n.t('That does not look like a token.') : undefined,
    });
    if (!token) return false;
    await this.secrets.store(this.key(apiUrl), token.trim());
    return true;
  }
}
