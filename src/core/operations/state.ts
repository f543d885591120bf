// The repository as operations see it: tracked refs, HEAD, trunk, the draft commits with their
// parents and children, the working copy's status and the other worktrees. Read in a few git calls.
import type { Ref } from '../git/parsers/refs';
import { parseStatus, type Status } from '../git/parsers/status';
import type { RepoLocation } from '../git/repository';
import { resolveCommit } from '../git/resolveCommit';
import type { GitRunner } from '../git/runner';
import { detectTrunk } from '../git/trunk';
import { otherWorktrees, type OtherWorktree } from '../git/worktrees';
import { KEEP_REF, readAllRefs, readHead, trackedRefs, writeIndexTree, type HeadState } from '../oplog/snapshot';
import { OperationError } from './errors';

/** Without a trunk every commit is a draft; past this many, history is too long to treat as drafts. */
const NO_TRUNK_LIMIT = 5000;

export interface RepoState {
  repo: RepoLocation;
  git: GitRunner;
  /** Tracked refs (branches, visible drafts) → commit. */
  refs: Record<string, string>;
  head: HeadState;
  /** name: short (origin/main); ref: full (refs/remotes/origin/main). */
  trunk?: { name: string; ref: string; hash: string };
  /** The oplog's keep chain, when there is one. */
  keep?: string;
  /** Draft commits (not on trunk) reachable from branches, visible refs and HEAD → their parents. */
  parents: Map<string, string[]>;
  children: Map<string, string[]>;
  status: Status;
  /** The repository's other worktrees (which branch each has checked out). */
  worktrees: OtherWorktree[];
  /** The index as a tree, written once on first use (valid until the operation changes the index). */
  indexTree(): Promise<string>;
}

/** Without drafts, `parents` and `children` stay empty: for undo and redo, which need only refs. */
export async function readRepoState(
  git: GitRunner,
  repo: RepoLocation,
  trunkSetting?: string,
  drafts = true,
): Promise<RepoState> {
  const [all, statusOut, worktrees] = await Promise.all([
    readAllRefs(git),
    git.run(['status', '--porcelain=v2', '-z', '--no-ahead-behind']),
    otherWorktrees(git, repo),
  ]);
  const head = await readHead(git, repo.gitDir, all);
  const asRefs: Ref[] = [...all].map(([name, value]) => ({
    name,
    hash: value.startsWith('ref: ') ? '' : value,
    symref: value.startsWith('ref: ') ? value.slice(5) : undefined,
    ahead: 0,
    behind: 0,
    upstreamGone: false,
  }));
  const trunkRef = detectTrunk(asRefs, trunkSetting);
  const refs = trackedRefs(all);
  const heads = [...new Set([...Object.values(refs), ...(head.hash ? [head.hash] : [])])];
  const parents = new Map<string, string[]>();
  if (drafts && heads.length > 0) {
    const args = ['rev-list', '--topo-order', '--parents'];
    if (trunkRef) args.push(...heads, '--not', trunkRef.hash, '--');
    else args.push(`--max-count=${NO_TRUNK_LIMIT + 1}`, ...heads, '--');
    const out = await git.run(args);
    for (const line of out.split('\n')) {
      if (line === '') continue;
      const [hash, ...ps] = line.split(' ');
      parents.set(hash, ps);
    }
    if (!trunkRef && parents.size > NO_TRUNK_LIMIT) {
      throw new OperationError(
        'refused',
        'No trunk branch was found, so every commit counts as a draft, and there are too many. Set a trunk (--trunk or stackline.trunk).',
      );
    }
  }
  let index: Promise<string> | undefined;
  const children = new Map<string, string[]>();
  for (const [hash, ps] of parents) {
    for (const p of ps) children.set(p, [...(children.get(p) ?? []), hash]);
  }
  return {
    repo,
    git,
    refs,
    head,
    trunk: trunkRef && { name: trunkRef.name, ref: trunkRef.fullName, hash: trunkRef.hash },
    keep: all.get(KEEP_REF),
    parents,
    children,
    status: parseStatus(statusOut),
    worktrees,
    indexTree: () => (index ??= writeIndexTree(git)),
  };
}

export function isDraft(state: RepoState, hash: string): boolean {
  return state.parents.has(hash);
}

/** Draft descendants of `roots` (roots excluded), parents before children. */
export function descendants(state: RepoState, roots: string[]): string[] {
  const found = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    for (const child of state.children.get(queue.shift()!) ?? []) {
      if (!found.has(child)) {
        found.add(child);
        queue.push(child);
      }
    }
  }
  for (const root of roots) found.delete(root);
  return topoOrder(state, [...found]);
}

/** Sorts draft commits so that parents come before their children. */
export function topoOrder(state: RepoState, hashes: string[]): string[] {
  const wanted = new Set(hashes);
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (hash: string) => {
    if (seen.has(hash)) return;
    seen.add(hash);
    for (const parent of state.parents.get(hash) ?? []) if (wanted.has(parent)) visit(parent);
    out.push(hash);
  };
  for (const hash of hashes) visit(hash);
  return out;
}

/** Tracked refs (branches, visible refs) pointing at a commit. */
export function refsAt(state: RepoState, hash: string): string[] {
  return Object.entries(state.refs)
    .filter(([, value]) => value === hash)
    .map(([name]) => name);
}

export function conflictedFiles(state: RepoState): string[] {
  return state.status.files.filter((f) => f.kinds.includes('conflicted')).map((f) => f.path);
}

/** Resolves a revision to a commit hash, or fails with a message naming it. */
export async function requireCommit(git: GitRunner, rev: string): Promise<string> {
  const hash = await resolveCommit(git, { rev });
  if (!hash) throw new OperationError('bad-input', `'${rev}' is not a commit, branch or tag in this repository.`);
  return hash;
}
