// Predicted smartlogs: what each operation will leave, worked out on the smartlog alone (no git
// calls), for the Stacks view and the graph to show at once while git works. Commits git rewrites
// keep their old hashes (the new ones are only known once it has run) and are marked `rewriting`;
// what can't be known (where sync puts a stack, which files uncommit brings back) stays as it is,
// marked rewriting too, never shown as final. Undefined: nothing worth predicting (the operation
// will refuse, or the commit named is not in view).
import { createHash } from 'node:crypto';
import type { FileChange } from '../git/parsers/status';
import type { Smartlog, SmartlogCommit, Uncommitted } from '../smartlog/model';
import { orderRows } from '../smartlog/order';
import type { AbsorbRow } from './absorbPlan';
import type { StageMode } from './common';
import type { Direction } from './reorder';

type Commits = Map<string, SmartlogCommit>;

/** An editable copy of the smartlog's commits, by hash, each with its own branch list. */
function editable(smartlog: Smartlog): Commits {
  return new Map(smartlog.commits.map((c) => [c.hash, { ...c, branches: [...c.branches] }]));
}

/** A commit named as the CLI would name it: a hash (or its start) or a local branch. */
function find(smartlog: Smartlog, rev: string | undefined): SmartlogCommit | undefined {
  if (rev === undefined || rev === 'HEAD' || rev === '@') return smartlog.commits.find((c) => c.isHead);
  return (
    smartlog.commits.find((c) => c.hash === rev) ??
    smartlog.commits.find((c) => c.branches.some((b) => !b.remote && b.name === rev)) ??
    (/^[0-9a-f]{4,}$/.test(rev) ? smartlog.commits.find((c) => c.hash.startsWith(rev)) : undefined)
  );
}

function draft(smartlog: Smartlog, rev: string | undefined): SmartlogCommit | undefined {
  const commit = find(smartlog, rev);
  return commit?.phase === 'draft' ? commit : undefined;
}

/** The drafts above `roots` (not the roots), in no particular order. */
function above(commits: Commits, roots: string[], stop?: Set<string>): string[] {
  const found = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const hash = queue.shift()!;
    for (const child of commits.values())
      if (child.phase === 'draft' && child.parents.includes(hash) && !found.has(child.hash) && !stop?.has(child.hash)) {
        found.add(child.hash);
        queue.push(child.hash);
      }
  }
  for (const root of roots) found.delete(root);
  return [...found];
}

/** What sync leaves where it is: the stack under review and what sits on it (see review/checkout.ts). */
function leftForReview(commits: Commits): Set<string> {
  const reviewed = [...commits.values()].filter((c) => c.review).map((c) => c.hash);
  return new Set([...reviewed, ...above(commits, reviewed)]);
}

function markRewriting(commits: Commits, hashes: Iterable<string>): void {
  for (const hash of hashes) {
    const commit = commits.get(hash);
    if (commit) commits.set(hash, { ...commit, rewriting: true });
  }
}

/** Local branches leave `from` for `to` (remote ones stay where the remote has them). */
function moveBranches(commits: Commits, from: string, to: string): void {
  const source = commits.get(from);
  const target = commits.get(to);
  if (!source || !target || from === to) return;
  const local = source.branches.filter((b) => !b.remote);
  commits.set(from, { ...source, branches: source.branches.filter((b) => b.remote) });
  commits.set(to, { ...target, branches: [...target.branches, ...local] });
}

/** Replaces parent `from` with `to` in every commit that sits on it. */
function reparent(commits: Commits, from: string, to: string): void {
  for (const commit of commits.values())
    if (commit.parents.includes(from))
      commits.set(commit.hash, { ...commit, parents: commit.parents.map((p) => (p === from ? to : p)) });
}

/** A stand-in hash for a commit git has not made yet; never the hash of a real commit. */
function placeholder(seed: string): string {
  return createHash('sha1').update(`stackline-predicted:${seed}`).digest('hex');
}

/** The title git shows (%s) for a message: its first paragraph on one line. */
export function titleOf(message: string): string {
  const lines = message.replace(/\r/g, '').split('\n');
  while (lines.length > 0 && lines[0].trim() === '') lines.shift();
  const end = lines.findIndex((line) => line.trim() === '');
  return (end < 0 ? lines : lines.slice(0, end)).map((line) => line.trim()).join(' ');
}

/** HEAD is now on `hash` (on its branch when the checked-out branch is there, else detached). */
function headOn(smartlog: Smartlog, commits: Commits, hash: string): Smartlog['head'] {
  for (const commit of commits.values())
    if (commit.isHead !== (commit.hash === hash)) commits.set(commit.hash, { ...commit, isHead: commit.hash === hash });
  const branch = smartlog.head.branch;
  const keeps = branch !== undefined && commits.get(hash)?.branches.some((b) => !b.remote && b.name === branch);
  return keeps ? { ...smartlog.head, hash } : { hash, branch: undefined, detached: true, unborn: false };
}

function uncommittedOf(files: FileChange[]): Uncommitted {
  const count = (kind: FileChange['kinds'][number]) => files.filter((f) => f.kinds.includes(kind)).length;
  return {
    staged: count('staged'),
    modified: count('modified'),
    untracked: count('untracked'),
    conflicted: count('conflicted'),
    files,
  };
}

/**
 * The working copy once `taken` went into a commit: whole files leave, and a file taken only as
 * staged keeps its unstaged edits.
 */
function leftOver(files: FileChange[], taken: 'staged' | 'tracked' | 'all', only?: Set<string>): FileChange[] {
  return files.flatMap((file): FileChange[] => {
    if (only && !only.has(file.path)) return [file];
    if (file.kinds.includes('conflicted')) return [file];
    if (taken === 'all') return [];
    if (taken === 'tracked') return file.kinds.includes('untracked') ? [file] : [];
    if (!file.kinds.includes('staged')) return [file];
    return file.kinds.includes('modified')
      ? [{ path: file.path, index: '.', worktree: file.worktree, kinds: ['modified'] }]
      : [];
  });
}

/** What commit, amend and absorb-into take in `auto`: the staged changes, else every tracked file. */
function takenBy(smartlog: Smartlog, stage: StageMode | undefined): 'staged' | 'tracked' | 'all' {
  const mode = stage ?? 'auto';
  if (mode !== 'auto') return mode;
  return smartlog.uncommitted.files.some((f) => f.kinds.includes('staged')) ? 'staged' : 'tracked';
}

/** The smartlog with these commits, rows and stacks in order again. */
export function reshaped(smartlog: Smartlog, commits: Commits, head: Smartlog['head'] = smartlog.head): Smartlog {
  // orderRows links trunk commits afresh: give it copies, not the smartlog's own.
  const all = [...commits.values()].map((c) => ({ ...c, trunkBelow: undefined, hasOlderHistory: undefined }));
  for (const commit of all) {
    delete commit.trunkBelow;
    delete commit.hasOlderHistory;
  }
  const publics = all.filter((c) => c.phase === 'public');
  const distances = new Map<string, number>();
  let distance = 0;
  for (const commit of smartlog.commits.filter((c) => c.phase === 'public')) {
    distances.set(commit.hash, distance);
    distance += (commit.trunkBelow?.hidden ?? 0) + 1;
  }
  const drafts = topologicalChildrenFirst(all.filter((c) => c.phase === 'draft'));
  const ordered = orderRows(drafts, publics, distances);
  return {
    ...smartlog,
    head,
    commits: ordered.commits,
    stacks: ordered.stacks.map((stack) => ({ ...stack, behindTrunk: distances.get(stack.base) ?? 0 })),
  };
}

function topologicalChildrenFirst(drafts: SmartlogCommit[]): SmartlogCommit[] {
  const byHash = new Map(drafts.map((c) => [c.hash, c]));
  const children = new Map<string, SmartlogCommit[]>();
  for (const commit of drafts)
    for (const parent of commit.parents) children.set(parent, [...(children.get(parent) ?? []), commit]);
  const out: SmartlogCommit[] = [];
  const seen = new Set<string>();
  const visit = (commit: SmartlogCommit) => {
    if (seen.has(commit.hash)) return;
    seen.add(commit.hash);
    for (const child of children.get(commit.hash) ?? []) visit(child);
    out.push(commit);
  };
  for (const commit of drafts) if (!commit.parents.some((p) => byHash.has(p))) visit(commit);
  for (const commit of drafts) visit(commit);
  return out;
}

/** amend: HEAD takes the changes (and a new message); the commits above are replayed. */
export function predictAmend(smartlog: Smartlog, args: { stage?: StageMode | 'message'; message?: string }) {
  const head = draft(smartlog, undefined);
  if (!head) return undefined;
  const commits = editable(smartlog);
  if (args.message !== undefined) commits.set(head.hash, { ...head, title: titleOf(args.message) });
  markRewriting(commits, [head.hash, ...above(commits, [head.hash])]);
  const files =
    args.stage === 'message'
      ? smartlog.uncommitted.files
      : leftOver(smartlog.uncommitted.files, takenBy(smartlog, args.stage));
  return { ...reshaped(smartlog, commits), uncommitted: uncommittedOf(files) };
}

/**
 * absorb-into (and a drop of Uncommitted changes on a commit): the commit under HEAD takes the
 * changes, or only those of `files`; it and everything above it are replayed.
 */
export function predictAbsorbInto(smartlog: Smartlog, args: { into: string; stage?: StageMode; files?: string[] }) {
  const target = draft(smartlog, args.into);
  const head = smartlog.head.hash;
  if (!target || !head) return undefined;
  const commits = editable(smartlog);
  const moving = [target.hash, ...above(commits, [target.hash])];
  if (!moving.includes(head)) return undefined;
  markRewriting(commits, moving);
  const taken = args.files ? 'all' : takenBy(smartlog, args.stage);
  const files = leftOver(smartlog.uncommitted.files, taken, args.files && new Set(args.files));
  return { ...reshaped(smartlog, commits), uncommitted: uncommittedOf(files) };
}

/**
 * absorb: with the plan (its preview rows), the files whose every hunk goes into a commit leave
 * the working copy and the commits that take hunks (and those above) are replayed; without it, the
 * current stack is marked rewriting and the working copy stays as it is until git says.
 */
export function predictAbsorb(smartlog: Smartlog, rows?: readonly AbsorbRow[]) {
  const head = draft(smartlog, undefined);
  if (!head) return undefined;
  const commits = editable(smartlog);
  if (!rows) {
    const stack = smartlog.stacks.find((s) => s.commits.includes(head.hash));
    markRewriting(commits, stack?.commits ?? [head.hash]);
    return reshaped(smartlog, commits);
  }
  const targets = [...new Set(rows.flatMap((row) => (row.target ? [row.target.hash] : [])))];
  if (targets.length === 0) return undefined;
  markRewriting(commits, [...targets, ...above(commits, targets)]);
  const staying = new Set(rows.filter((row) => !row.target).map((row) => row.path));
  const gone = new Set(rows.filter((row) => row.target && !staying.has(row.path)).map((row) => row.path));
  const files = smartlog.uncommitted.files.filter((f) => !gone.has(f.path) || f.kinds.includes('untracked'));
  return { ...reshaped(smartlog, commits), uncommitted: uncommittedOf(files) };
}

/** fold: the run from one end to the other becomes one commit, with all their branches. */
export function predictFold(smartlog: Smartlog, args: { from: string; to?: string; message?: string }) {
  const a = draft(smartlog, args.from);
  const b = draft(smartlog, args.to);
  if (!a || !b) return undefined;
  const range = lineBetween(smartlog, a.hash, b.hash) ?? lineBetween(smartlog, b.hash, a.hash);
  if (!range || range.length < 2) return undefined;
  const commits = editable(smartlog);
  const [bottom, ...rest] = range;
  const top = range.at(-1)!;
  const folded = { ...commits.get(bottom)! };
  if (args.message !== undefined) folded.title = titleOf(args.message);
  commits.set(bottom, folded);
  const head = smartlog.head.hash;
  for (const hash of rest) {
    moveBranches(commits, hash, bottom);
    if (commits.get(hash)!.isHead) commits.set(bottom, { ...commits.get(bottom)!, isHead: true });
  }
  reparent(commits, top, bottom);
  for (const hash of rest) commits.delete(hash);
  markRewriting(commits, [bottom, ...above(commits, [bottom])]);
  return reshaped(smartlog, commits, head && rest.includes(head) ? { ...smartlog.head, hash: bottom } : smartlog.head);
}

/** bottom … top along single parents, when bottom is below top in one line. */
function lineBetween(smartlog: Smartlog, bottom: string, top: string): string[] | undefined {
  const byHash = new Map(smartlog.commits.map((c) => [c.hash, c]));
  const range = [top];
  let current = byHash.get(top);
  while (current && current.hash !== bottom) {
    if (current.parents.length !== 1) return undefined;
    current = byHash.get(current.parents[0]);
    if (!current || current.phase !== 'draft') return undefined;
    range.unshift(current.hash);
  }
  return current ? range : undefined;
}

/**
 * split: the commit becomes two, the first (new, below) with the chosen changes and the second
 * (on top, with the commit's branches) with the rest; each keeps the message unless given one.
 */
export function predictSplit(smartlog: Smartlog, args: { rev?: string; message?: string; secondMessage?: string }) {
  const commit = draft(smartlog, args.rev);
  if (!commit || commit.parents.length !== 1) return undefined;
  const commits = editable(smartlog);
  const first: SmartlogCommit = {
    ...commit,
    hash: placeholder(`split:${commit.hash}`),
    title: args.message !== undefined ? titleOf(args.message) : commit.title,
    branches: [],
    isHead: false,
    rewriting: true,
  };
  commits.set(first.hash, first);
  commits.set(commit.hash, {
    ...commits.get(commit.hash)!,
    parents: [first.hash],
    title: args.secondMessage !== undefined ? titleOf(args.secondMessage) : commit.title,
  });
  markRewriting(commits, [commit.hash, ...above(commits, [commit.hash])]);
  return reshaped(smartlog, commits);
}

/** reorder: a commit swaps places with the one below (down) or above (up); branches stay on their commits. */
export function predictReorder(smartlog: Smartlog, args: { rev?: string; direction: Direction }) {
  const commit = draft(smartlog, args.rev);
  if (!commit) return undefined;
  const commits = editable(smartlog);
  const children = (hash: string) =>
    [...commits.values()].filter((c) => c.phase === 'draft' && c.parents.includes(hash));
  let lower = commit;
  if (args.direction === 'up') {
    const up = children(commit.hash);
    if (up.length !== 1) return undefined;
    lower = up[0];
  }
  const parent = commits.get(lower.parents[0]);
  if (lower.parents.length !== 1 || parent?.phase !== 'draft' || parent.parents.length !== 1) return undefined;
  if (children(parent.hash).length !== 1) return undefined;
  const grandparent = parent.parents[0];
  const lowerChildren = children(lower.hash);
  for (const child of lowerChildren)
    commits.set(child.hash, { ...child, parents: child.parents.map((p) => (p === lower.hash ? parent.hash : p)) });
  commits.set(lower.hash, { ...commits.get(lower.hash)!, parents: [grandparent] });
  commits.set(parent.hash, { ...commits.get(parent.hash)!, parents: [lower.hash] });
  markRewriting(commits, [lower.hash, parent.hash, ...above(commits, [parent.hash])]);
  return reshaped(smartlog, commits);
}

/** reword: the commit's new title; it and the commits above get new hashes. */
export function predictReword(smartlog: Smartlog, args: { rev?: string; message: string }) {
  const commit = draft(smartlog, args.rev);
  if (!commit) return undefined;
  const commits = editable(smartlog);
  commits.set(commit.hash, { ...commit, title: titleOf(args.message) });
  markRewriting(commits, [commit.hash, ...above(commits, [commit.hash])]);
  return reshaped(smartlog, commits);
}

/**
 * hide: the commits and everything above them leave, with their branches; HEAD among them goes to
 * the first commit below (detached).
 */
export function predictHide(smartlog: Smartlog, args: { revs: string[] }) {
  const roots = args.revs.map((rev) => draft(smartlog, rev));
  if (roots.some((root) => !root)) return undefined;
  const commits = editable(smartlog);
  const hashes = roots.map((root) => root!.hash);
  const hidden = new Set([...hashes, ...above(commits, hashes)]);
  let head = smartlog.head;
  if (head.hash && hidden.has(head.hash)) {
    let below = head.hash;
    while (hidden.has(below)) below = commits.get(below)!.parents[0];
    for (const hash of hidden) commits.delete(hash);
    if (!commits.has(below)) return undefined;
    head = headOn(smartlog, commits, below);
  } else for (const hash of hidden) commits.delete(hash);
  return reshaped(smartlog, commits, head);
}

/**
 * uncommit: the top commit goes, its branches move to its parent, HEAD with them. Its changes come
 * back to the working copy, staged; which files, git says when it is done.
 */
export function predictUncommit(smartlog: Smartlog) {
  const head = draft(smartlog, undefined);
  if (!head || head.parents.length !== 1) return undefined;
  const commits = editable(smartlog);
  if (above(commits, [head.hash]).length > 0) return undefined;
  const parent = head.parents[0];
  if (!commits.has(parent)) return undefined;
  moveBranches(commits, head.hash, parent);
  commits.delete(head.hash);
  return reshaped(smartlog, commits, headOn(smartlog, commits, parent));
}

/**
 * restack: what sits on an outdated version moves onto the latest one (marked rewriting), and an
 * outdated version nothing needs any more leaves, its branches moving to the latest one.
 */
export function predictRestack(smartlog: Smartlog) {
  const commits = editable(smartlog);
  // The commits of the stack under review stay, and so does what is above them; your commits on top are restacked.
  const leave = new Set(smartlog.commits.filter((c) => c.review).map((c) => c.hash));
  const outdated = smartlog.commits.filter((c) => c.outdatedBy && commits.has(c.outdatedBy) && !leave.has(c.hash));
  if (outdated.length === 0) return undefined;
  const roots: string[] = [];
  let head = smartlog.head;
  for (const old of outdated) {
    const latest = old.outdatedBy!;
    roots.push(...above(commits, [old.hash], leave));
    reparent(commits, old.hash, latest);
    moveBranches(commits, old.hash, latest);
    if (old.isHead) head = headOn(smartlog, commits, latest);
    commits.delete(old.hash);
  }
  for (const commit of commits.values())
    if ((commit.needsRestack || commit.outdatedBy) && !leave.has(commit.hash)) {
      const { needsRestack: _n, outdatedBy: _o, ...rest } = commit;
      commits.set(commit.hash, rest);
    }
  markRewriting(commits, roots);
  return reshaped(smartlog, commits, head);
}

/**
 * sync: where each stack lands depends on what the fetch brings, so nothing moves yet: every draft
 * is marked rewriting until git says.
 */
export function predictSync(smartlog: Smartlog) {
  const commits = editable(smartlog);
  const leave = leftForReview(commits);
  const drafts = smartlog.commits.filter((c) => c.phase === 'draft' && !leave.has(c.hash)).map((c) => c.hash);
  markRewriting(commits, drafts);
  return { ...smartlog, commits: smartlog.commits.map((c) => commits.get(c.hash)!) };
}
