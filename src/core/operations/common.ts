// Checks and small steps shared by the operations: public commits are never rewritten, commit
// messages go through git's cleanup and the commit-msg hook, identities come from git.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shortHash } from '../format';
import type { GitRunner } from '../git/runner';
import { OperationError } from './errors';
import { toHeaderText, withHeader, withoutSignature, type RawCommit } from './objects';
import type { Pick } from '../oplog/records';
import { scratchDir } from '../oplog/files';
import type { RepoSession } from './session';
import { descendants, isDraft, requireCommit, type RepoState } from './state';
import { isAncestor } from '../git/isAncestor';

/** Resolves a revision that must be a draft (in a stack): trunk commits are never rewritten. */
export async function resolveDraft(state: RepoState, rev: string): Promise<string> {
  const hash = isDraft(state, rev) ? rev : await requireCommit(state.git, rev);
  if (isDraft(state, hash)) return hash;
  if (state.trunk && (await isAncestor(state.git, { ancestor: hash, descendant: state.trunk.hash }))) {
    throw new OperationError(
      'refused',
      `${shortHash(hash)} is on trunk (${state.trunk.name}): Stackline never rewrites public commits.`,
    );
  }
  throw new OperationError(
    'refused',
    `${shortHash(hash)} is not in any of your stacks (hidden, or only on a remote branch). Unhide it first if you mean it.`,
    '',
    [{ label: 'Unhide', cli: `stackline unhide ${shortHash(hash)}`, command: 'stackline.unhide', args: [hash] }],
  );
}

export function requireHead(state: RepoState): string {
  if (!state.head.hash) throw new OperationError('refused', 'There are no commits yet.');
  return state.head.hash;
}

/** The commits above `roots`, each replayed on its parent's new version. */
export function restackPicks(state: RepoState, roots: string[], exclude: Set<string> = new Set()): Pick[] {
  return descendants(state, roots)
    .filter((hash) => !exclude.has(hash))
    .map((hash) => ({ old: hash, parent: { rewrittenFrom: state.parents.get(hash)![0] } }));
}

/** Draft children of a commit. */
export function draftChildren(state: RepoState, hash: string): string[] {
  return state.children.get(hash) ?? [];
}

/** "Ada <ada@example.com> 1700000000 +0000" for commits made now, as git would write them. */
export async function committerNow(git: GitRunner): Promise<string> {
  return toHeaderText((await git.run(['var', 'GIT_COMMITTER_IDENT'])).trim());
}

/** A copy of `commit` with a new committer (and optionally message or tree), unsigned. */
export function edited(
  commit: RawCommit,
  committer: string,
  changes: { tree?: string; parents?: string[]; message?: Buffer } = {},
) {
  return {
    tree: changes.tree ?? commit.tree,
    parents: changes.parents ?? commit.parents,
    headers: withHeader(withoutSignature(commit.headers), 'committer', committer),
    message: changes.message ?? commit.message,
  };
}

/**
 * A message as `git commit -m` would store it: cleaned up, then passed through the repository's
 * commit-msg hook (which may edit it or refuse it), unless verify is false.
 */
export async function commitMessage(session: RepoSession, text: string, verify = true): Promise<Buffer> {
  const cleaned = await session.git.exec(['stripspace'], { input: text });
  if (cleaned.stdout.trim() === '')
    throw new OperationError('bad-input', 'The commit message is empty. Give one with -m "…".');
  if (!verify) return cleaned.raw;
  const dir = scratchDir(session.repo);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `COMMIT_EDITMSG-${process.pid}`);
  writeFileSync(file, cleaned.raw);
  try {
    await session.git.run(['hook', 'run', '--ignore-missing', 'commit-msg', '--', file]).catch((error: unknown) => {
      const detail = error instanceof Error ? ((error as { detail?: string }).detail ?? error.message) : String(error);
      throw new OperationError(
        'refused',
        `The commit-msg hook rejected the message: ${detail.split('\n').find((l) => l.trim()) ?? 'no reason given'}`,
        detail,
      );
    });
    return readFileSync(file);
  } finally {
    rmSync(file, { force: true });
  }
}

export type StageMode = 'auto' | 'staged' | 'all';

/** What a commit, amend or absorb takes: staged changes, changes to tracked files, or those plus new files. */
export type Taken = 'staged' | 'tracked' | 'all';

/**
 * auto: the staged changes if any, else every change to tracked files. New files stay out unless
 * staged or asked for (--all), as with `sl commit`: a notes file lying around is not committed.
 */
export function effectiveStage(state: RepoState, mode: StageMode): Taken {
  if (mode !== 'auto') return mode;
  return state.status.files.some((f) => f.kinds.includes('staged')) ? 'staged' : 'tracked';
}

export function hasChanges(state: RepoState, taken: Taken): boolean {
  return state.status.files.some((f) =>
    taken === 'staged'
      ? f.kinds.includes('staged')
      : taken === 'tracked'
        ? !f.kinds.every((k) => k === 'untracked')
        : true,
  );
}

/** Stages what `taken` names before the commit (staged changes need nothing). */
export async function stageTaken(git: GitRunner, taken: Taken): Promise<void> {
  if (taken === 'all') await git.run(['add', '--all']);
  if (taken === 'tracked') await git.run(['add', '--update']);
}

/** Why there is nothing to take, and what to do instead. */
export function nothingTaken(state: RepoState, taken: Taken, what: string): string {
  if (taken === 'staged') return `Nothing is staged to ${what}. Stage changes with git add, or use --all.`;
  const fresh = state.status.files.filter((f) => f.kinds.includes('untracked')).map((f) => f.path);
  if (taken === 'tracked' && fresh.length > 0) {
    const shown = fresh.slice(0, 3).join(', ') + (fresh.length > 3 ? ` and ${fresh.length - 3} more` : '');
    return `Only new files have changes (${shown}); Stackline leaves new files out unless you add them. Stage them with git add, or use --all (-A).`;
  }
  return `There are no changes to ${what}.`;
}
