// The messages between the extension and the commit-graph webview, both directions, as schemas:
// each type below is inferred from the schema that checks it, so a message or a field without a
// check cannot exist. Every message is untrusted on both sides. No Node, no vscode.
import {
  arr,
  bool,
  int,
  matching,
  nullable,
  obj,
  oneOf,
  optional,
  str,
  text,
  union,
  validator,
  type Infer,
  type Schema,
} from './schema';

// ---- Field kinds ----

const hash = matching('a commit hash', /^[0-9a-f]{40}([0-9a-f]{24})?$/);
const count = int('a whole number ≥ 0', { min: 0 });
const seconds = int('a time in seconds');
const pixels = int('a whole number of pixels');
const badgeId = matching('a badge id', /^[a-z][a-z0-9-]{0,39}$/);
const iconName = matching('a codicon name', /^[a-z0-9-]{1,60}(~spin)?$/);
const refName = text(
  'a ref name',
  (v) => v.length > 0 && v.length <= 1000 && !/[\0\n\r]/.test(v) && !v.startsWith('-'),
);
/** A path inside the repository, as git prints it. */
const repoPath = text(
  'a path inside the repository',
  (v) => v.length > 0 && v.length <= 4096 && !v.includes('\0') && !v.startsWith('/') && !v.split('/').includes('..'),
);
/** Answers carry the id of the request they answer. */
const requestId = int('a request id', { min: 1 });

/** The graph column's width in pixels, as the person set it (null: fit the lanes), within these bounds. */
export const COLUMN_WIDTH = { min: 18, max: 4000 } as const;
const columnWidth = nullable(int(`a width from ${COLUMN_WIDTH.min} to ${COLUMN_WIDTH.max} pixels`, COLUMN_WIDTH));

const graphMode = oneOf('smartlog', 'history');
export type GraphMode = Infer<typeof graphMode>;

// ---- What the graph shows ----

const graphBranch = obj({
  /** Short name: feature/x, or origin/feature/x for a remote branch. */
  name: str(),
  remote: bool,
  /** The branch checked out here. */
  current: bool,
  ahead: count,
  behind: count,
  upstreamGone: bool,
});
export type GraphBranch = Infer<typeof graphBranch>;

/** Under review: #pull by author, read-only. */
const reviewMark = obj({ pull: int('a pull request number', { min: 1 }), author: str(200) });
export type GraphReviewMark = Infer<typeof reviewMark>;

const graphCommit = obj({
  hash,
  /** Edges to draw: real parents in history; in the smartlog, the next trunk commit shown for trunk commits. */
  parents: arr(hash),
  title: str(),
  author: str(),
  /** Author time, seconds since the epoch (the age shown; the details pane has both dates). */
  date: seconds,
  branches: arr(graphBranch),
  /** History only: tags pointing at this commit. */
  tags: optional(arr(str())),
  /** Smartlog only: drafts are commits trunk does not have yet. */
  phase: optional(oneOf('draft', 'public')),
  isHead: bool,
  /** Smartlog: trunk commits folded away between this commit and its graph parent. */
  folded: optional(count),
  /** Smartlog: the oldest trunk commit shown has older history below it. */
  olderHistory: optional(bool),
  /** Smartlog drafts: amended or rewritten since, to this commit, while something still sits on this one. */
  outdatedBy: optional(hash),
  /** Smartlog drafts: sits on an outdated version of its parent (Restack moves it onto the latest). */
  needsRestack: optional(bool),
  /** A predicted smartlog (while an operation runs): git is still rewriting this commit; its hash will change. */
  rewriting: optional(bool),
  /** Smartlog drafts of a stack checked out for review: someone else's, read-only here; its PR and the PR's author. */
  review: optional(reviewMark),
});
export type GraphCommit = Infer<typeof graphCommit>;

const repoInfo = obj({
  /** Absolute path of the work tree; commands from the context menu name it. */
  root: str(),
  name: str(),
  head: nullable(hash),
  /** The checked-out branch; null when detached or unborn. */
  branch: nullable(str()),
  trunk: nullable(str()),
});
export type RepoInfo = Infer<typeof repoInfo>;

/** A file of Uncommitted changes: its path and how it changed (the Stacks view's words: staged + modified, untracked…). */
const uncommittedFile = obj({ path: repoPath, state: str(200) });
export type UncommittedFile = Infer<typeof uncommittedFile>;

const uncommittedSummary = obj({
  staged: count,
  modified: count,
  untracked: count,
  conflicted: count,
  /** The files, for the details pane (each one can be dragged onto a commit). */
  files: optional(arr(uncommittedFile)),
});
export type UncommittedSummary = Infer<typeof uncommittedSummary>;

/** How git says a file changed: A added, M modified, D deleted, R renamed, C copied, T type changed, U unmerged, X unknown. */
export const FILE_STATUSES = ['A', 'M', 'D', 'R', 'C', 'T', 'U', 'X'] as const;
const fileStat = obj({
  path: repoPath,
  /** Renames and copies: the path before. */
  originalPath: optional(repoPath),
  status: oneOf(...FILE_STATUSES),
  /** Lines added and deleted; null for binary files. */
  added: nullable(count),
  deleted: nullable(count),
});
export type FileStat = Infer<typeof fileStat>;

const commitDetails = obj({
  hash,
  parents: arr(hash),
  author: str(),
  authorEmail: str(),
  /** Seconds since the epoch. */
  authorDate: seconds,
  committer: str(),
  committerEmail: str(),
  commitDate: seconds,
  /** The whole message: title, blank line, body. */
  message: str(),
  files: arr(fileStat),
  /** More files changed than `files` lists. */
  moreFiles: count,
});
export type CommitDetails = Infer<typeof commitDetails>;

/** What a drop of one commit on another would do (text = description), or why it can't (text = reason). */
const movePreview = obj({ ok: bool, text: str(), moving: arr(hash) });
export type MovePreview = Infer<typeof movePreview>;

/** How a badge part is coloured: PR states, and the usual verdicts. */
const badgeTone = oneOf('open', 'draft', 'merged', 'closed', 'success', 'warning', 'error', 'pending', 'muted');
export type BadgeTone = Infer<typeof badgeTone>;

const badgePart = obj({
  /** A codicon name, e.g. git-pull-request. */
  icon: iconName,
  /** Short text beside the icon ("#12", "2"); may be empty. */
  text: str(),
  tone: badgeTone,
  /** What the part means in words, for the tooltip and screen readers ("checks passing"). */
  label: str(),
});
export type BadgePart = Infer<typeof badgePart>;

/** Something a feature says about a commit (its PR, broken commit rules), shown on the row and in the details pane. */
const graphBadge = obj({
  /** Unique per commit, e.g. 'pr' or 'conventions'; openBadge names the badge by it. */
  id: badgeId,
  /** What the row shows, left to right. */
  parts: arr(badgePart),
  /** The first tooltip line and the heading in the details pane: "Pull request #12: open". */
  title: str(),
  /** Further lines for the tooltip and the details pane. */
  lines: arr(str()),
  /** The badge opens something (e.g. the PR in the browser): the words for that action. */
  action: optional(str()),
});
export type GraphBadge = Infer<typeof graphBadge>;

/** What a banner button does: the extension runs Stackline's own command (stackline continue / abort). */
export const BANNER_ACTIONS = ['continue', 'abort'] as const;
const bannerAction = oneOf(...BANNER_ACTIONS);
export type BannerAction = Infer<typeof bannerAction>;

/** Above the graph: an operation that needs the person, the way the Stacks view shows it at the top. */
const graphBanner = obj({
  /**
   * stopped: a Stackline operation stopped on conflicts; interrupted: one was killed half-way;
   * running: one is running now; git: git is in a rebase, merge… Stackline did not start;
   * conflicts: files left with conflicts and nothing in progress.
   */
  kind: oneOf('stopped', 'interrupted', 'running', 'git', 'conflicts'),
  text: str(),
  detail: optional(str()),
  /** The buttons offered, in order. */
  actions: arr(bannerAction),
  /** The files with conflicts now, as git names them; each one opens in an editor. */
  conflicts: arr(repoPath),
});
export type GraphBanner = Infer<typeof graphBanner>;

// ---- Requests: the webview asks, the extension answers with the same id ----

const requests = {
  /** The selected commit's details pane. */
  details: obj({ id: requestId, params: obj({ hash }) }),
  /** While dragging `source` over `destination`: what would a drop do? (Nothing is written.) */
  previewMove: obj({ id: requestId, params: obj({ source: hash, destination: hash }) }),
  /** While dragging Uncommitted changes (or one file: `path`) over `destination`: what would a drop do? */
  previewAmend: obj({ id: requestId, params: obj({ destination: hash, path: nullable(repoPath) }) }),
};
export type RequestMethod = keyof typeof requests;
/** One answer per request method (a method without one does not compile). */
const responses = {
  details: obj({ id: requestId, result: commitDetails }),
  previewMove: obj({ id: requestId, result: movePreview }),
  previewAmend: obj({ id: requestId, result: movePreview }),
} satisfies Record<RequestMethod, Schema<{ id: number; result: unknown }>>;

// ---- The messages ----

const hostMessage = union('type', {
  smartlog: obj({
    repo: repoInfo,
    commits: arr(graphCommit),
    uncommitted: nullable(uncommittedSummary),
    notices: arr(str()),
    /** A predicted graph, shown while an operation runs: what is running ("Moving 2 commits…"). */
    pending: optional(str()),
  }),
  history: obj({
    repo: repoInfo,
    /** The ref shown; null = every branch, remote branch and tag. */
    ref: nullable(refName),
    /** Which history load this page belongs to: a new one starts when the mode, the ref or the repository changes. */
    session: count,
    offset: count,
    commits: arr(graphCommit),
    /** No more pages after this one. */
    done: bool,
  }),
  /** Loading the graph failed. */
  error: obj({ message: str() }),
  /** The answer to a request. */
  response: union('method', responses),
  /** A request failed (or was refused): why, in words for the person. */
  requestFailed: obj({ id: requestId, message: str() }),
  /** Every commit's badges, replacing the ones sent before. */
  badges: obj({ badges: arr(obj({ hash, badges: arr(graphBadge) })) }),
  /** The banner above the graph (both modes), or none. */
  banner: obj({ banner: nullable(graphBanner) }),
  /** The graph column's width remembered for graphs shown here (editor or side bar). */
  columnWidth: obj({ width: columnWidth }),
});
/** Extension → webview. */
export type HostMessage = Infer<typeof hostMessage>;

const webviewMessage = union('type', {
  ready: obj({ mode: graphMode, ref: nullable(refName) }),
  setMode: obj({ mode: graphMode, ref: nullable(refName) }),
  loadMore: obj({ session: count, offset: count }),
  goto: obj({ hash }),
  copyHash: obj({ hash }),
  openChanges: obj({ hash }),
  openFile: obj({ hash, file: fileStat }),
  refresh: obj({}),
  request: union('method', requests),
  /** Dropped: move `source` and its descendants onto `destination`. */
  move: obj({ source: hash, destination: hash }),
  /** Dropped Uncommitted changes (all, or one file: `path`) on `destination`: amend them into it. */
  amend: obj({ destination: hash, path: nullable(repoPath) }),
  /** A click on a badge that has an action. */
  openBadge: obj({ hash, id: badgeId }),
  /** A banner button. */
  bannerAction: obj({ action: bannerAction }),
  /** A conflicted file in the banner: open it in an editor. */
  openConflict: obj({ path: repoPath }),
  /** The person resized the graph column (null: back to fitting the lanes): remember it. */
  columnWidth: obj({ width: columnWidth }),
  /** Restack on a row that sits on an outdated version (or is one): restack the repository. */
  restack: obj({ hash }),
});
/** Webview → extension. */
export type WebviewMessage = Infer<typeof webviewMessage>;

export type RequestMessage = Extract<WebviewMessage, { type: 'request' }>;
export type ResponseMessage = Extract<HostMessage, { type: 'response' }>;
export type RequestParams<M extends RequestMethod> = Extract<RequestMessage, { method: M }>['params'];
export type RequestResult<M extends RequestMethod> = Extract<ResponseMessage, { method: M }>['result'];

// ---- The webview's own state, and its context menu ----

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
/** The commands read only these; VS Code adds fields of its own. */
const menuContext = obj({ root: str(), hash }, { extra: 'ignore' });

/**
 * A row the graph keeps in place when its rows change: a commit by hash, or HEAD (whatever commit
 * it is then); `y` is the row's top relative to the top of the view, in pixels.
 */
const rowAnchor = obj({ kind: oneOf('commit', 'head'), hash, y: pixels });
export type RowAnchor = Infer<typeof rowAnchor>;

/** What the webview keeps across being hidden and shown (vscode.getState/setState). */
const graphViewState = obj(
  {
    mode: graphMode,
    ref: nullable(refName),
    selected: nullable(hash),
    scrollTop: count,
    /** A row in view to find again, as new rows can come above it before the webview shows again. */
    anchor: optional(rowAnchor),
    /** The graph column's width as set by the person; null or missing: fit the lanes. */
    columnWidth: optional(columnWidth),
    /** How far the lanes are scrolled sideways, in pixels. */
    laneScroll: optional(count),
  },
  // State saved by an older version may hold fields this one no longer keeps.
  { extra: 'ignore' },
);
export type GraphViewState = Infer<typeof graphViewState>;

/** For the webview: is this a message the extension may send? */
export const validateHostMessage = validator(hostMessage, '');
/** For the extension: is this a message the webview may send? */
export const validateWebviewMessage = validator(webviewMessage, '');
/** For the context-menu commands: the row's data-vscode-context. */
export const validateMenuContext = validator(menuContext, 'context');
/** For the webview: state restored by getState (from an older version, or tampered with). */
export const validateViewState = validator(graphViewState, 'state');
