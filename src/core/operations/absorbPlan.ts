// Where absorb puts each hunk of the working copy (staged and unstaged changes to tracked files): into
// the draft commit of the current stack it does not commute with, walking down from HEAD: the first
// commit whose changes overlap or touch the hunk's lines (git-absorb's and sl absorb's rule). A hunk
// that commutes with the whole stack, and changes absorb cannot split into lines, stay, with the reason.
import { titleOf, type ObjectStore } from './objects';
import { commuteBefore, parseCommitPatches, parsePatch, ZERO_CONTEXT_PATCH, type FilePatch, type Hunk } from './hunks';
import { isDraft, type RepoState } from './state';

export type StayReason =
  | 'no-draft-commit'
  | 'below-merge'
  | 'new-file'
  | 'deleted-file'
  | 'binary'
  | 'symlink'
  | 'type-change'
  | 'mode-change';

/** Why a change stays in the working copy, for people. */
export const STAY_REASONS: Record<StayReason, string> = {
  'no-draft-commit': 'no draft commit changed these lines',
  'below-merge': 'the lines come from below a merge commit',
  'new-file': 'new file',
  'deleted-file': 'deleted file',
  binary: 'binary',
  symlink: 'symbolic link',
  'type-change': 'file type change',
  'mode-change': 'file mode change',
};

/** Lines as git's hunk headers number them: 1-based; with count 0, the line they follow. */
export interface LineRange {
  start: number;
  count: number;
}

export interface AbsorbRow {
  path: string;
  /** The hunk's lines in HEAD and in the working copy; absent for whole-file changes (binary, mode). */
  old?: LineRange;
  new?: LineRange;
  target?: { hash: string; title: string };
  stays?: StayReason;
}

/** A hunk on its way down the stack: where it sits in each commit it passes, top first. */
export interface PlacedHunk {
  path: string;
  hunk: Hunk;
  /** Index into the stack (0 = HEAD) of the commit that takes it. */
  target: number;
  /** Its removed lines' 0-based start in each commit from HEAD (0) down to the target. */
  positions: number[];
}

export interface AbsorbPlan {
  /** The current stack, HEAD first, down to the first commit that is not a draft (or a merge). */
  stack: string[];
  rows: AbsorbRow[];
  placed: PlacedHunk[];
}

/** The plan for the working copy as it is now; changes nothing. */
export async function planAbsorb(state: RepoState, store: ObjectStore): Promise<AbsorbPlan> {
  const { stack, stoppedAtMerge } = currentStack(state);
  const changes = parsePatch(
    (await state.git.exec(['diff', ...ZERO_CONTEXT_PATCH, '--no-relative', 'HEAD', '--'])).raw.toString('latin1'),
  );
  const rows: AbsorbRow[] = [];
  const candidates: FilePatch[] = [];
  for (const file of changes) {
    const stays = wholeFileReason(file);
    if (stays) rows.push({ path: file.path, ...ranges(file), stays });
    else candidates.push(file);
    if (!stays && file.oldMode !== file.newMode) rows.push({ path: file.path, stays: 'mode-change' });
  }
  const commitPatches = await readStackPatches(state, stack, candidates);
  const placed: PlacedHunk[] = [];
  for (const file of candidates) {
    for (const hunk of file.hunks) {
      const walk = placeHunk(file.path, hunk, stack, commitPatches);
      const row: AbsorbRow = { path: file.path, ...hunkRanges(hunk) };
      if (walk.target === undefined) row.stays = stoppedAtMerge ? 'below-merge' : 'no-draft-commit';
      else {
        placed.push({ path: file.path, hunk, target: walk.target, positions: walk.positions });
        row.target = { hash: stack[walk.target], title: '' };
      }
      rows.push(row);
    }
  }
  const targets = await store.read([...new Set(placed.map((p) => stack[p.target]))]);
  for (const row of rows) if (row.target) row.target.title = titleOf(targets.get(row.target.hash)!);
  return { stack, rows, placed };
}

/** Draft commits from HEAD down along first parents; a merge ends the stack (it is not rewritten). */
function currentStack(state: RepoState): { stack: string[]; stoppedAtMerge: boolean } {
  const stack: string[] = [];
  for (let at = state.head.hash; at && isDraft(state, at);) {
    const parents = state.parents.get(at)!;
    if (parents.length > 1) return { stack, stoppedAtMerge: true };
    stack.push(at);
    at = parents[0];
  }
  return { stack, stoppedAtMerge: false };
}

function wholeFileReason(file: FilePatch): StayReason | undefined {
  if (file.kind === 'added') return 'new-file';
  if (file.kind === 'deleted') return 'deleted-file';
  if (file.kind === 'type-changed') return 'type-change';
  if (file.binary) return 'binary';
  if (file.oldMode === '120000' || file.newMode === '120000') return 'symlink';
  if (file.hunks.length === 0) return 'mode-change';
  return undefined;
}

/** A new or deleted text file's lines, for the table. */
function ranges(file: FilePatch): Pick<AbsorbRow, 'old' | 'new'> {
  return file.hunks.length === 1 && (file.kind === 'added' || file.kind === 'deleted') ? hunkRanges(file.hunks[0]) : {};
}

function hunkRanges(hunk: Hunk): Pick<AbsorbRow, 'old' | 'new'> {
  const range = (start: number, count: number) => ({ start: count > 0 ? start + 1 : start, count });
  return { old: range(hunk.oldStart, hunk.removed.length), new: range(hunk.newStart, hunk.added.length) };
}

/** Each stack commit's zero-context patch of the candidate files, in one git call. */
async function readStackPatches(
  state: RepoState,
  stack: string[],
  files: FilePatch[],
): Promise<Map<string, Map<string, FilePatch>>> {
  const out = new Map<string, Map<string, FilePatch>>();
  if (stack.length === 0 || files.length === 0) return out;
  const { raw } = await state.git.exec(
    [
      '--literal-pathspecs',
      'diff-tree',
      '--stdin',
      '-r',
      '--root',
      ...ZERO_CONTEXT_PATCH,
      '--',
      ...files.map((f) => f.path),
    ],
    { input: `${stack.join('\n')}\n` },
  );
  for (const [commit, patches] of parseCommitPatches(raw.toString('latin1')))
    out.set(commit, new Map(patches.map((p) => [p.path, p])));
  return out;
}

/** Walks a hunk down the stack to the first commit it does not commute with. */
function placeHunk(
  path: string,
  hunk: Hunk,
  stack: string[],
  patches: Map<string, Map<string, FilePatch>>,
): { target?: number; positions: number[] } {
  const positions: number[] = [];
  let at = hunk.oldStart;
  for (let i = 0; i < stack.length; i++) {
    positions.push(at);
    const patch = patches.get(stack[i])?.get(path);
    if (!patch) continue;
    // The commit that made the file (or replaced a link or binary with it) takes every hunk that gets there.
    if (patch.kind !== 'modified' || patch.binary) return { target: i, positions };
    const below = commuteBefore(at, hunk.removed.length, patch.hunks);
    if (below === undefined) return { target: i, positions };
    at = below;
  }
  return { positions };
}
