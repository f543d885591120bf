// A Stacks row's button or menu entry passes the row to its command. While the view redraws, VS Code
// has forgotten its rows for a moment and passes `undefined` in the row's place; the palette passes
// no argument at all. A command that would then fall back to HEAD's stack acts on the wrong one.
import * as vscode from 'vscode';

/** The command came from a row that VS Code could no longer name (its first argument is undefined). */
export function rowLost(args: readonly unknown[]): boolean {
  return args.length > 0 && args[0] === undefined;
}

export function sayRowLost(): void {
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      'The Stacks view was redrawing as you clicked, so Stackline could not tell which row you meant. Nothing was done: click again.',
    ),
  );
}
