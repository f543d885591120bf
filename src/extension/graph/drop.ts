// A drop in the graph runs Move Onto… with the destination already chosen, or (Uncommitted changes
// dropped on a commit) Amend Changes Into… with the files already chosen. Only drops the graph
// itself made carry those: a row's data-vscode-context (which the webview writes) cannot.
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

/** Uncommitted changes (all, or some files) dropped on a commit: the commit is the command's target. */
export interface ChangesDrop {
  webviewSection: 'commit';
  root: string;
  hash: string;
  /** Undefined: every change, new files too. */
  files?: string[];
}

const changesDrops = new WeakSet<object>();

export function graphChangesDrop(root: string, hash: string, path: string | null): ChangesDrop {
  const drop: ChangesDrop = { webviewSection: 'commit', root, hash, ...(path === null ? {} : { files: [path] }) };
  changesDrops.add(drop);
  return drop;
}

/** For Amend Changes Into…: what was dropped, when the command came from a drop in the graph. */
export function droppedChanges(arg: unknown): { files?: string[] } | undefined {
  return typeof arg === 'object' && arg !== null && changesDrops.has(arg)
    ? { files: (arg as ChangesDrop).files }
    : undefined;
}
