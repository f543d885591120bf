// The Get Started walkthrough (contributes.walkthroughs): opened once, on the first activation
// after install, and from the palette with "Stackline: Get Started".
import * as vscode from 'vscode';
import type { Feature } from './services';

/** The walkthrough's id in package.json; VS Code names it `<publisher>.<name>#<id>`. */
const WALKTHROUGH = 'getStarted';
/** globalState key: set once the first activation has decided whether to open the walkthrough. */
const OFFERED = 'stackline.walkthrough.offered';

export const registerWalkthrough: Feature = ({ context, log }) => {
  const open = () =>
    vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH}`, false);
  if (!context.globalState.get<boolean>(OFFERED)) {
    // Decided once. VS Code's own switch counts too, where the extension host can see it: it is
    // a machine setting, invisible from a remote window, hence Stackline's own.
    void context.globalState.update(OFFERED, true);
    const wanted = vscode.workspace.getConfiguration('stackline.walkthrough').get<boolean>('openOnInstall', true);
    const vscodeAllows = vscode.workspace
      .getConfiguration('workbench.welcomePage')
      .get<boolean>('walkthroughs.openOnInstall', true);
    if (wanted && vscodeAllows) {
      log.appendLine('First activation: opening the Get Started walkthrough.');
      void open();
    }
  }
  return [vscode.commands.registerCommand('stackline.getStarted', open)];
};
