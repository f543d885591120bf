// Editing the stack checked out for review asks first: an operation refused because it would change
// someone else's stack (ReviewReadOnlyError) is asked about in a modal: Edit Anyway runs it again,
// allowed to edit it; Stop Reviewing drops the stack from the smartlog; Cancel leaves everything.
import * as vscode from 'vscode';
import { ReviewReadOnlyError } from '../../core/review/checkout';

/** Runs `attempt`; refused as an edit of the reviewed stack, asks, and on Edit Anyway runs it again with leave. */
export async function askBeforeEditingReview<T>(attempt: (editReview: boolean) => Thenable<T>): Promise<T | undefined> {
  try {
    return await attempt(false);
  } catch (error) {
    if (!(error instanceof ReviewReadOnlyError)) throw error;
    const edit = vscode.l10n.t('Edit Anyway');
    const stop = vscode.l10n.t('Stop Reviewing');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        "This changes a stack checked out for review ({0}): someone else's commits, read-only here. Edit your local copy anyway?",
        error.pulls.map((n) => `#${n}`).join(', '),
      ),
      {
        modal: true,
        detail: vscode.l10n.t(
          'GitHub is not changed; Undo puts the commits back. Stop Reviewing removes the stack from the Stacks view instead.',
        ),
      },
      edit,
      stop,
    );
    if (choice === edit) return attempt(true);
    if (choice === stop) await vscode.commands.executeCommand('stackline.review.stopReviewing');
    return undefined;
  }
}
