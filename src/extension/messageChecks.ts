// Checks of a commit message typed into Stackline's own inputs (Commit…, Reword…, Split…): features
// add a check (the conventions feature adds the repository's commit rules) and the inputs run them
// as you type.
import type * as vscode from 'vscode';

/** A verdict on `message` for the repository at `root`, or undefined when it has nothing to say. */
export type MessageCheck = (root: string, message: string) => Promise<vscode.InputBoxValidationMessage | undefined>;

export class MessageChecks {
  private readonly checks = new Set<MessageCheck>();

  add(check: MessageCheck): vscode.Disposable {
    this.checks.add(check);
    return { dispose: () => this.checks.delete(check) };
  }

  /** The first verdict any check gives. */
  async validate(root: string, message: string): Promise<vscode.InputBoxValidationMessage | undefined> {
    for (const check of this.checks) {
      const verdict = await check(root, message);
      if (verdict) return verdict;
    }
    return undefined;
  }
}
