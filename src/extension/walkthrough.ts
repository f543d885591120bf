// The Get Started walkthrough (contributes.walkthroughs): opened once, on the first activation
// after install, and from the palette with "Stackline: Get Started".
import * as vscode from 'vscode';
import type { Feature } from './services';

/** The walkthrough's id in package.json; VS Code names it `<publisher>.<name>#<id>`. */
const WALKTHROUGH = 'getStarted';
/** globalState key: set once the first activation has decided whether to open the walkthrough. */
const OFFERED = 'stackline.walkthrough.offered';

export const registerWalkthrough: Feature = ({ context }) => {
  const open = () => vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH}`, false);
  if (!context.globalState.get<boolean>(OFFERED)) {
    // Decided once, like VS Code's own open-on-install: a user who turned walkthroughs off
    // (workbench.welcomePage.walkthroughs.openOnInstall) does not get this one either.
    void context.globalState.update(OFFERED, true);
    if (vscode.workspace.getConfiguration('workbench.welcomePage').get<boolean>('walkthroughs.openOnInstall', true)) void open();
  }
  return [vscode.commands.registerCommand('stackline.getStarted', open)];
};
