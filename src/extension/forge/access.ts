// What other features need from the forge feature without reaching into it: a GitHub session for a
// repository (signing in when needed, once) and a say before a submit goes ahead (the checks
// feature runs the checks there). The forge feature provides the sessions and asks the guards.
import type * as vscode from 'vscode';
import type { ForgeSession } from '../../core/forge/session';
import type { Repository } from '../repository';

export interface SessionProvider {
  /** A session, asking the user to sign in if there is no token yet. */
  open(repo: Repository): Promise<ForgeSession>;
  /** Shows a forge error the way the forge feature does; true when the user signed in from it. */
  report(repo: Repository, error: unknown): Promise<boolean>;
}

/** Answers whether the submit of the line up to `top` (HEAD's line when undefined) may go ahead. */
export type SubmitGuard = (repo: Repository, top: string | undefined) => Promise<boolean>;

export class ForgeAccess {
  private provider: SessionProvider | undefined;
  private readonly guards = new Set<SubmitGuard>();

  provideSessions(provider: SessionProvider): vscode.Disposable {
    this.provider = provider;
    return { dispose: () => (this.provider = this.provider === provider ? undefined : this.provider) };
  }

  /** A session for `repo`; undefined when it could not be had (the error was shown). */
  async session(repo: Repository): Promise<ForgeSession | undefined> {
    if (!this.provider) return undefined;
    // After the user signs in from the error, one more try goes on by itself.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.provider.open(repo);
      } catch (error) {
        if (!(await this.provider.report(repo, error)) || attempt > 0) return undefined;
      }
    }
  }

  addSubmitGuard(guard: SubmitGuard): vscode.Disposable {
    this.guards.add(guard);
    return { dispose: () => this.guards.delete(guard) };
  }

  /** Every guard in turn; the first that says no stops the submit. */
  async submitAllowed(repo: Repository, top: string | undefined): Promise<boolean> {
    for (const guard of this.guards) if (!(await guard(repo, top))) return false;
    return true;
  }
}
