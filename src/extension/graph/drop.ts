// A drop in the graph runs Move Onto… with the destination already chosen. Only drops the graph
// itself made carry one: a row's data-vscode-context (which the webview writes) cannot.
export interface GraphDrop {
  webviewSection: 'commit';
  root: string;
  /** The commit dragged; its descendants come along. */
  hash: string;
  destination: string;
}

const drops = new WeakSet<object>();

export function graphDrop(root: string, hash: string, destination: string): GraphDrop {
  const drop: GraphDrop = { webviewSection: 'commit', root, hash, destination };
  drops.add(drop);
  return drop;
}

/** For Move Onto…: the commit it was dropped on, when the command came from a drop in the graph. */
export function droppedOnto(arg: unknown): string | undefined {
  return typeof arg === 'object' && arg !== null && drops.has(arg) ? (arg as GraphDrop).destination : undefined;
}
