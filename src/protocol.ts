// The messages between the extension and the commit-graph webview, both directions, with the
// validators each side runs on everything it receives. Imported by both sides: no Node, no vscode.

export type GraphMode = 'smartlog' | 'history';

export interface GraphBranch {
  /** Short name: feature/x, or origin/feature/x for a remote branch. */
  name: string;
  remote: boolean;
  /** The branch checked out here. */
  current: boolean;
  ahead: number;
  behind: number;
  upstreamGone: boolean;
}

export interface GraphCommit {
  hash: string;
  /** Edges to draw: real parents in history; in the smartlog, the next trunk commit shown for trunk commits. */
  parents: string[];
  title: string;
  author: string;
  /** Author time, seconds since the epoch (the age shown; the details pane has both dates). */
  date: number;
  branches: GraphBranch[];
  /** History only: tags pointing at this commit. */
  tags?: string[];
  /** Smartlog only: drafts are commits trunk does not have yet. */
  phase?: 'draft' | 'public';
  isHead: boolean;
  /** Smartlog: trunk commits folded away between this commit and its graph parent. */
  folded?: number;
  /** Smartlog: the oldest trunk commit shown has older history below it. */
  olderHistory?: boolean;
  /** Smartlog drafts: amended or rewritten since, to this commit, while something still sits on this one. */
  outdatedBy?: string;
  /** Smartlog drafts: sits on an outdated version of its parent (Restack moves it onto the latest). */
  needsRestack?: boolean;
}

/** The graph column's width in pixels, as the person set it (null: fit the lanes), within these bounds. */
export const COLUMN_WIDTH = { min: 18, max: 4000 } as const;

export interface RepoInfo {
  /** Absolute path of the work tree; commands from the context menu name it. */
  root: string;
  name: string;
  head: string | null;
  /** The checked-out branch; null when detached or unborn. */
  branch: string | null;
  trunk: string | null;
}

export interface UncommittedSummary {
  staged: number;
  modified: number;
  untracked: number;
  conflicted: number;
}

export interface FileStat {
  path: string;
  /** Renames and copies: the path before. */
  originalPath?: string;
  /** A added, M modified, D deleted, R renamed, C copied, T type changed. */
  status: string;
  /** Lines added and deleted; null for binary files. */
  added: number | null;
  deleted: number | null;
}

export interface CommitDetails {
  hash: string;
  parents: string[];
  author: string;
  authorEmail: string;
  /** Seconds since the epoch. */
  authorDate: number;
  committer: string;
  committerEmail: string;
  commitDate: number;
  /** The whole message: title, blank line, body. */
  message: string;
  files: FileStat[];
  /** More files changed than `files` lists. */
  moreFiles: number;
}

/** How a badge part is coloured: PR states, and the usual verdicts. */
export type BadgeTone = 'open' | 'draft' | 'merged' | 'closed' | 'success' | 'warning' | 'error' | 'pending' | 'muted';

export interface BadgePart {
  /** A codicon name, e.g. git-pull-request. */
  icon: string;
  /** Short text beside the icon ("#12", "2"); may be empty. */
  text: string;
  tone: BadgeTone;
  /** What the part means in words, for the tooltip and screen readers ("checks passing"). */
  label: string;
}

/** Something a feature says about a commit (its PR, broken commit rules), shown on the row and in the details pane. */
export interface GraphBadge {
  /** Unique per commit, e.g. 'pr' or 'conventions'; openBadge names the badge by it. */
  id: string;
  /** What the row shows, left to right. */
  parts: BadgePart[];
  /** The first tooltip line and the heading in the details pane: "Pull request #12: open". */
  title: string;
  /** Further lines for the tooltip and the details pane. */
  lines: string[];
  /** The badge opens something (e.g. the PR in the browser): the words for that action. */
  action?: string;
}

/** What a banner button does: the extension runs Stackline's own command (stackline continue / abort). */
export type BannerAction = 'continue' | 'abort';

export const BANNER_ACTIONS: readonly BannerAction[] = ['continue', 'abort'];

/** Above the graph: an operation that needs the person, the way the Stacks view shows it at the top. */
export interface GraphBanner {
  /**
   * stopped: a Stackline operation stopped on conflicts; interrupted: one was killed half-way;
   * running: one is running now; git: git is in a rebase, merge… Stackline did not start;
   * conflicts: files left with conflicts and nothing in progress.
   */
  kind: 'stopped' | 'interrupted' | 'running' | 'git' | 'conflicts';
  text: string;
  detail?: string;
  /** The buttons offered, in order. */
  actions: BannerAction[];
  /** The files with conflicts now, as git names them; each one opens in an editor. */
  conflicts: string[];
}

/** Extension → webview. */
export type HostMessage =
  | {
      type: 'smartlog';
      repo: RepoInfo;
      commits: GraphCommit[];
      uncommitted: UncommittedSummary | null;
      notices: string[];
      /** A predicted graph, shown while an operation runs: what is running ("Moving 2 commits…"). */
      pending?: string;
    }
  | {
      type: 'history';
      repo: RepoInfo;
      /** The ref shown; null = every branch, remote branch and tag. */
      ref: string | null;
      /** Which history load this page belongs to: a new one starts when the mode, the ref or the repository changes. */
      session: number;
      offset: number;
      commits: GraphCommit[];
      /** No more pages after this one. */
      done: boolean;
    }
  | { type: 'details'; hash: string; details: CommitDetails }
  | { type: 'error'; message: string; hash?: string }
  /** The answer to previewMove: what a drop there would do (text = description), or why it can't (text = reason). */
  | { type: 'movePreview'; source: string; destination: string; ok: boolean; text: string; moving: string[] }
  /** Every commit's badges, replacing the ones sent before. */
  | { type: 'badges'; badges: { hash: string; badges: GraphBadge[] }[] }
  /** The banner above the graph (both modes), or none. */
  | { type: 'banner'; banner: GraphBanner | null }
  /** The graph column's width remembered for graphs shown here (editor or side bar). */
  | { type: 'columnWidth'; width: number | null };

/** Webview → extension. */
export type WebviewMessage =
  | { type: 'ready'; mode: GraphMode; ref: string | null }
  | { type: 'setMode'; mode: GraphMode; ref: string | null }
  | { type: 'loadMore'; session: number; offset: number }
  | { type: 'select'; hash: string }
  | { type: 'goto'; hash: string }
  | { type: 'copyHash'; hash: string }
  | { type: 'openChanges'; hash: string }
  | { type: 'openFile'; hash: string; file: FileStat }
  | { type: 'refresh' }
  /** While dragging `source` over `destination`: what would a drop do? (Nothing is written.) */
  | { type: 'previewMove'; source: string; destination: string }
  /** Dropped: move `source` and its descendants onto `destination`. */
  | { type: 'move'; source: string; destination: string }
  /** A click on a badge that has an action. */
  | { type: 'openBadge'; hash: string; id: string }
  /** A banner button. */
  | { type: 'bannerAction'; action: BannerAction }
  /** A conflicted file in the banner: open it in an editor. */
  | { type: 'openConflict'; path: string }
  /** The person resized the graph column (null: back to fitting the lanes): remember it. */
  | { type: 'columnWidth'; width: number | null }
  /** Restack on a row that sits on an outdated version (or is one): restack the repository. */
  | { type: 'restack'; hash: string };

/** What a row's data-vscode-context carries to the commands of the webview/context menu. */
export interface CommitMenuContext {
  webviewSection: 'commit';
  root: string;
  hash: string;
  isHead: boolean;
  phase: 'draft' | 'public' | 'unknown';
  /** The row offers Restack (it or its parent is outdated). */
  restack: boolean;
  preventDefaultContextMenuItems: true;
}

/** What the webview keeps across being hidden and shown (vscode.getState/setState). */
export interface GraphViewState {
  mode: GraphMode;
  ref: string | null;
  selected: string | null;
  scrollTop: number;
  /** A row in view to find again, as new rows can come above it before the webview shows again. */
  anchor?: RowAnchor;
  /** The graph column's width as set by the person; null or missing: fit the lanes. */
  columnWidth?: number | null;
  /** How far the lanes are scrolled sideways, in pixels. */
  laneScroll?: number;
}

/**
 * A row the graph keeps in place when its rows change: a commit by hash, or HEAD (whatever commit
 * it is then); `y` is the row's top relative to the top of the view, in pixels.
 */
export interface RowAnchor {
  kind: 'commit' | 'head';
  hash: string;
  y: number;
}

// ---- Validation: each check returns an error message naming the bad field, or undefined. ----

type Check = (value: unknown, path: string) => string | undefined;

const HASH = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
/** Generous bounds that still stop a runaway message: a title or message longer than this is not real. */
const MAX_TEXT = 1_000_000;
const MAX_REF = 1000;

const str: Check = (v, p) => (typeof v === 'string' && v.length <= MAX_TEXT ? undefined : `${p}: expected a string`);
const hash: Check = (v, p) => (typeof v === 'string' && HASH.test(v) ? undefined : `${p}: expected a commit hash`);
const bool: Check = (v, p) => (typeof v === 'boolean' ? undefined : `${p}: expected true or false`);
const count: Check = (v, p) => (Number.isSafeInteger(v) && (v as number) >= 0 ? undefined : `${p}: expected a whole number ≥ 0`);
const seconds: Check = (v, p) => (Number.isSafeInteger(v) ? undefined : `${p}: expected a time in seconds`);
const nullable = (check: Check): Check => (v, p) => (v === null ? undefined : check(v, p));
const optional = (check: Check): Check => (v, p) => (v === undefined ? undefined : check(v, p));
const oneOf = (...values: string[]): Check => (v, p) => (values.includes(v as string) ? undefined : `${p}: expected one of ${values.join(', ')}`);
const badgeId: Check = (v, p) => (typeof v === 'string' && /^[a-z][a-z0-9-]{0,39}$/.test(v) ? undefined : `${p}: expected a badge id`);
const iconName: Check = (v, p) => (typeof v === 'string' && /^[a-z0-9-]{1,60}(~spin)?$/.test(v) ? undefined : `${p}: expected a codicon name`);
const refName: Check = (v, p) =>
  typeof v === 'string' && v.length > 0 && v.length <= MAX_REF && !/[\0\n\r]/.test(v) && !v.startsWith('-') ? undefined : `${p}: expected a ref name`;
/** A path inside the repository, as git prints it. */
const repoPath: Check = (v, p) =>
  typeof v === 'string' && v.length > 0 && v.length <= 4096 && !v.includes('\0') && !v.startsWith('/') && !v.split('/').includes('..')
    ? undefined
    : `${p}: expected a path inside the repository`;

function arrayOf(check: Check): Check {
  return (v, p) => {
    if (!Array.isArray(v)) return `${p}: expected a list`;
    for (let i = 0; i < v.length; i++) {
      const error = check(v[i], `${p}[${i}]`);
      if (error) return error;
    }
    return undefined;
  };
}

function object(fields: Record<string, Check>): Check {
  const entries = Object.entries(fields);
  return (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${p}: expected an object`;
    for (const [key, check] of entries) {
      const error = check((v as Record<string, unknown>)[key], `${p}.${key}`);
      if (error) return error;
    }
    return undefined;
  };
}

/** Picks the check by the message's `type`. */
function tagged(variants: Record<string, Record<string, Check>>): Check {
  const checks = new Map(Object.entries(variants).map(([type, fields]) => [type, object(fields)]));
  return (v, p) => {
    const type = typeof v === 'object' && v !== null ? (v as { type?: unknown }).type : undefined;
    const check = typeof type === 'string' ? checks.get(type) : undefined;
    if (!check) return `${p}.type: unknown message type ${JSON.stringify(type)?.slice(0, 40)}`;
    return check(v, p);
  };
}

const branch = object({ name: str, remote: bool, current: bool, ahead: count, behind: count, upstreamGone: bool });
const commit = object({
  hash,
  parents: arrayOf(hash),
  title: str,
  author: str,
  date: seconds,
  branches: arrayOf(branch),
  tags: optional(arrayOf(str)),
  phase: optional(oneOf('draft', 'public')),
  isHead: bool,
  folded: optional(count),
  olderHistory: optional(bool),
  outdatedBy: optional(hash),
  needsRestack: optional(bool),
});
const repo = object({ root: str, name: str, head: nullable(hash), branch: nullable(str), trunk: nullable(str) });
const uncommitted = object({ staged: count, modified: count, untracked: count, conflicted: count });
const fileStat = object({ path: repoPath, originalPath: optional(repoPath), status: oneOf('A', 'M', 'D', 'R', 'C', 'T', 'U', 'X'), added: nullable(count), deleted: nullable(count) });
const details = object({
  hash,
  parents: arrayOf(hash),
  author: str,
  authorEmail: str,
  authorDate: seconds,
  committer: str,
  committerEmail: str,
  commitDate: seconds,
  message: str,
  files: arrayOf(fileStat),
  moreFiles: count,
});
const mode = oneOf('smartlog', 'history');
const columnWidth: Check = (v, p) =>
  v === null || (Number.isSafeInteger(v) && (v as number) >= COLUMN_WIDTH.min && (v as number) <= COLUMN_WIDTH.max)
    ? undefined
    : `${p}: expected a width from ${COLUMN_WIDTH.min} to ${COLUMN_WIDTH.max} pixels, or null`;
const badgePart = object({ icon: iconName, text: str, tone: oneOf('open', 'draft', 'merged', 'closed', 'success', 'warning', 'error', 'pending', 'muted'), label: str });
const badge = object({ id: badgeId, parts: arrayOf(badgePart), title: str, lines: arrayOf(str), action: optional(str) });
const bannerAction = oneOf(...BANNER_ACTIONS);
const banner = object({
  kind: oneOf('stopped', 'interrupted', 'running', 'git', 'conflicts'),
  text: str,
  detail: optional(str),
  actions: arrayOf(bannerAction),
  conflicts: arrayOf(repoPath),
});

const hostMessage = tagged({
  smartlog: { repo, commits: arrayOf(commit), uncommitted: nullable(uncommitted), notices: arrayOf(str), pending: optional(str) },
  history: { repo, ref: nullable(refName), session: count, offset: count, commits: arrayOf(commit), done: bool },
  details: { hash, details },
  error: { message: str, hash: optional(hash) },
  movePreview: { source: hash, destination: hash, ok: bool, text: str, moving: arrayOf(hash) },
  badges: { badges: arrayOf(object({ hash, badges: arrayOf(badge) })) },
  banner: { banner: nullable(banner) },
  columnWidth: { width: columnWidth },
});

const webviewMessage = tagged({
  ready: { mode, ref: nullable(refName) },
  setMode: { mode, ref: nullable(refName) },
  loadMore: { session: count, offset: count },
  select: { hash },
  goto: { hash },
  copyHash: { hash },
  openChanges: { hash },
  openFile: { hash, file: fileStat },
  refresh: {},
  previewMove: { source: hash, destination: hash },
  move: { source: hash, destination: hash },
  openBadge: { hash, id: badgeId },
  bannerAction: { action: bannerAction },
  openConflict: { path: repoPath },
  columnWidth: { width: columnWidth },
  restack: { hash },
});

const menuContext = object({ root: str, hash });
const pixels: Check = (v, p) => (Number.isSafeInteger(v) ? undefined : `${p}: expected a whole number of pixels`);
const rowAnchor = object({ kind: oneOf('commit', 'head'), hash, y: pixels });
const viewState = object({ mode, ref: nullable(refName), selected: nullable(hash), scrollTop: count, anchor: optional(rowAnchor), columnWidth: optional(columnWidth), laneScroll: optional(count) });

export type Validation<T> = { ok: true; value: T } | { ok: false; error: string };

function validator<T>(check: Check, what: string): (value: unknown) => Validation<T> {
  return (value) => {
    const error = check(value, what);
    return error ? { ok: false, error } : { ok: true, value: value as T };
  };
}

/** For the webview: is this a message the extension may send? */
export const validateHostMessage = validator<HostMessage>(hostMessage, 'message');
/** For the extension: is this a message the webview may send? */
export const validateWebviewMessage = validator<WebviewMessage>(webviewMessage, 'message');
/**
 * For the extension, after validateWebviewMessage: the commits a move or a badge click names must be
 * in the graph it sent (a hash that is well-formed but unknown is refused too). Undefined when fine.
 */
export function unknownCommitIn(message: WebviewMessage, isKnown: (hash: string) => boolean): string | undefined {
  const named: [string, string][] =
    message.type === 'move' || message.type === 'previewMove'
      ? [['source', message.source], ['destination', message.destination]]
      : message.type === 'openBadge' || message.type === 'restack'
        ? [['hash', message.hash]]
        : [];
  const unknown = named.find(([, value]) => !isKnown(value));
  return unknown ? `message.${unknown[0]}: ${unknown[1].slice(0, 12)} is not a commit in the graph` : undefined;
}

/**
 * For the extension, after validateWebviewMessage: a banner button or a conflicted file must be one
 * the banner offers now (worked out again from the repository, not the one the webview last saw),
 * so the webview can never run an action or open a path of its choosing. Undefined when fine.
 */
export function notOfferedBy(message: WebviewMessage, banner: GraphBanner | null): string | undefined {
  if (message.type === 'bannerAction' && !banner?.actions.includes(message.action)) return `message.action: ${message.action} is not offered now`;
  if (message.type === 'openConflict' && !banner?.conflicts.includes(message.path)) return `message.path: ${JSON.stringify(message.path.slice(0, 200))} is not a file with conflicts now`;
  return undefined;
}

/** For the context-menu commands: the row's data-vscode-context. */
export const validateMenuContext = validator<Pick<CommitMenuContext, 'root' | 'hash'>>(menuContext, 'context');
/** For the webview: state restored by getState (from an older version, or tampered with). */
export const validateViewState = validator<GraphViewState>(viewState, 'state');
