// The git side of a stack review. PR heads (and the base branches of open PRs) are fetched into
// refs Stackline owns (refs/stackline/review/<n>/…), never the user's branches. One PR's change is
// its head against where it leaves its base (so only its own commits, not the PRs below it), and
// the interdiff since a review compares two versions of the same change even when the base moved:
// the old change is replayed onto the new base (a three-way merge-tree) and compared with the new head.
import type { GitRunner } from '../git/runner';
import { isAncestor } from '../git/isAncestor';
import { resolveCommit } from '../git/resolveCommit';

export const REVIEW_REFS = 'refs/stackline/review';

export interface FetchedPull {
  number: number;
  headSha: string;
  baseRef: string;
  /** Only open PRs have their base branch fetched (a closed PR's base may be gone). */
  open: boolean;
}

export interface ChangedFile {
  status: 'added' | 'modified' | 'deleted' | 'renamed';
  path: string;
  /** The path on the left side (differs from `path` for a rename). */
  oldPath: string;
}

export interface PullChange {
  /** Left side: where the PR's commits leave its base (a commit). */
  base: string;
  /** Right side: the PR's head. */
  head: string;
  files: ChangedFile[];
}

export interface Interdiff extends PullChange {
  /** Left side here is a tree: the reviewed version of the change, replayed onto the current base. */
  nothingNew: boolean;
  /** The reviewed version did not replay cleanly onto the new base; the left side holds conflict markers. */
  conflicted: boolean;
  reviewed: string;
}

/** Fetches every PR's head, and each open PR's base branch, in one `git fetch`; keeps every head seen. */
export async function fetchPullHeads(git: GitRunner, remote: string, pulls: FetchedPull[]): Promise<void> {
  const specs = pulls.flatMap((p) => [
    `+refs/pull/${p.number}/head:${REVIEW_REFS}/${p.number}/head`,
    ...(p.open ? [`+refs/heads/${p.baseRef}:${REVIEW_REFS}/${p.number}/base`] : []),
  ]);
  if (specs.length === 0) return;
  await git.run(['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', remote, ...specs]);
  // Every head seen stays readable after a force-push, for the interdiff against it.
  const input = pulls.map((p) => `update ${REVIEW_REFS}/${p.number}/seen/${p.headSha} ${p.headSha}\n`).join('');
  await git.exec(['update-ref', '--stdin'], { input });
}

/** Makes a commit readable locally: kept from an earlier fetch, else fetched by its id. */
export async function ensureCommit(git: GitRunner, remote: string, number: number, sha: string): Promise<boolean> {
  if (await hasCommit(git, sha)) return true;
  const fetched = await git.tryRun([
    'fetch',
    '--quiet',
    '--no-tags',
    '--no-write-fetch-head',
    remote,
    `+${sha}:${REVIEW_REFS}/${number}/seen/${sha}`,
  ]);
  return fetched !== undefined && (await hasCommit(git, sha));
}

async function hasCommit(git: GitRunner, sha: string): Promise<boolean> {
  return (await git.tryRun(['cat-file', '-e', `${sha}^{commit}`])) !== undefined;
}

/**
 * The PR's own change: its fetched head against the head of the PR below it in the stack when the
 * PR is built on that (PRs from a fork all target trunk), else against the fork point from its
 * fetched base branch (or, for a closed PR, the head's parent).
 */
export async function pullChange(git: GitRunner, number: number, below?: number): Promise<PullChange> {
  const head = (await git.run(['rev-parse', '--verify', `${REVIEW_REFS}/${number}/head^{commit}`])).trim();
  const belowHead = below === undefined ? undefined : await resolveCommit(git, { rev: `${REVIEW_REFS}/${below}/head` });
  const onBelow = belowHead !== undefined && (await isAncestor(git, { ancestor: belowHead, descendant: head }));
  const baseTip = await resolveCommit(git, { rev: `${REVIEW_REFS}/${number}/base` });
  const base = onBelow
    ? belowHead
    : baseTip
      ? (await git.run(['merge-base', baseTip, head])).trim()
      : (await git.run(['rev-parse', '--verify', `${head}^`])).trim();
  return { base, head, files: await changedFiles(git, base, head) };
}

/**
 * What changed since `reviewed` (an earlier head of the same PR): the reviewed change (from where
 * it left its base then) replayed onto the current base, against the current head.
 */
export async function interdiff(git: GitRunner, current: PullChange, reviewed: string): Promise<Interdiff> {
  const oldBase = await reviewedBase(git, current, reviewed);
  const { tree, conflicted } = await replay(git, oldBase, reviewed, current.base);
  const files = await changedFiles(git, tree, current.head);
  return { base: tree, head: current.head, files, nothingNew: files.length === 0, conflicted, reviewed };
}

/**
 * Where the reviewed version left its base: the current base when it was built on it; else as many
 * commits below it as the current version has (one, for a Stackline PR: its commit's parent).
 */
async function reviewedBase(git: GitRunner, current: PullChange, reviewed: string): Promise<string> {
  if (await isAncestor(git, { ancestor: current.base, descendant: reviewed })) return current.base;
  const count = Number((await git.run(['rev-list', '--count', `${current.base}..${current.head}`])).trim()) || 1;
  return (await git.run(['rev-parse', '--verify', `${reviewed}~${count}`])).trim();
}

/** Identity for the throwaway commits a replay needs (never referenced, never shown). */
const REPLAY_ENV = {
  GIT_AUTHOR_NAME: 'Stackline',
  GIT_AUTHOR_EMAIL: 'stackline@localhost',
  GIT_AUTHOR_DATE: '1700000000 +0000',
  GIT_COMMITTER_NAME: 'Stackline',
  GIT_COMMITTER_EMAIL: 'stackline@localhost',
  GIT_COMMITTER_DATE: '1700000000 +0000',
};

/**
 * The tree of oldBase→oldHead applied onto newBase. git 2.39's merge-tree has no --merge-base, so
 * two throwaway commits share a root holding oldBase's tree: their merge base is that root.
 */
async function replay(
  git: GitRunner,
  oldBase: string,
  oldHead: string,
  newBase: string,
): Promise<{ tree: string; conflicted: boolean }> {
  if (oldBase === newBase)
    return { tree: (await git.run(['rev-parse', `${oldHead}^{tree}`])).trim(), conflicted: false };
  const commitTree = async (tree: string, parent?: string) =>
    (
      await git.exec(['commit-tree', `${tree}^{tree}`, ...(parent ? ['-p', parent] : []), '-m', 'stackline replay'], {
        env: REPLAY_ENV,
      })
    ).stdout.trim();
  const root = await commitTree(oldBase);
  const theirs = await commitTree(oldHead, root);
  const ours = await commitTree(newBase, root);
  const merged = await git.exec(['merge-tree', '--write-tree', '--name-only', '--no-messages', ours, theirs], {
    okCodes: [0, 1],
  });
  return { tree: merged.stdout.split('\n')[0].trim(), conflicted: merged.exitCode === 1 };
}

export async function changedFiles(git: GitRunner, left: string, right: string): Promise<ChangedFile[]> {
  const out = await git.run(['diff', '--name-status', '-z', '-M', '--no-ext-diff', left, right, '--']);
  const parts = out.split('\0');
  const files: ChangedFile[] = [];
  for (let i = 0; i + 1 < parts.length;) {
    const code = parts[i++];
    if (!code) break;
    if (code.startsWith('R') || code.startsWith('C')) {
      const oldPath = parts[i++];
      const path = parts[i++];
      files.push({ status: code.startsWith('R') ? 'renamed' : 'added', path, oldPath });
    } else {
      const path = parts[i++];
      files.push({ status: code === 'A' ? 'added' : code === 'D' ? 'deleted' : 'modified', path, oldPath: path });
    }
  }
  return files;
}
