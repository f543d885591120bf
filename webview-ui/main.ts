// Entry point of the commit-graph webview: validates everything the extension sends, keeps the
// view state across hide/show (getState/setState) and starts the app.
import '@vscode/codicons/dist/codicon.css';
import './styles.css';
import { validateHostMessage, validateViewState, type GraphViewState, type WebviewMessage } from '../src/protocol';
import { GraphApp } from './app';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: GraphViewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const saved = validateViewState(vscode.getState());
const dropped = (reason: string) => console.warn(`Stackline graph: dropped a message from the extension (${reason}).`);
const app = new GraphApp(
  { post: (message) => vscode.postMessage(message), saveState: (state) => vscode.setState(state), dropped },
  saved.ok ? saved.value : undefined,
);
document.body.append(app.element);

window.addEventListener('message', (event: MessageEvent) => {
  const result = validateHostMessage(event.data);
  if (!result.ok) return dropped(result.error);
  app.handle(result.value);
});

vscode.postMessage({ type: 'ready', ...app.initial });
