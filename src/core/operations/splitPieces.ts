// What a split can take apart: a commit's changes as numbered pieces (each zero-context hunk, and
// a renamed or mode-changed file's rename and mode change; binary files, symbolic links,
// submodules, type changes and empty files whole), the picks people make of them (whole pieces or
// single changed lines of a hunk, `--hunks 1,3,2:1-3`), and the files of the first commit those
// picks give. Shared by the split operation, `stackline split --list` and VS Code's Split Commit….
import { shortHash } from '../format';
import type { GitRunner } from '../git/runner';
import { OperationError } from './errors';
import { parsePatch, splitLines, ZERO_CONTEXT_PATCH, type FilePatch, type Hunk } from './hunks';

/** Changes that can only be taken whole, and why. */
export type WholeReason = 'binary' | 'symlink' | 'submodule' | 'type-change' | 'empty-file';

export const WHOLE_REASONS: Record<WholeReason, string> = {
  binary: 'binary file',
  symlink: 'symbolic link',
  submodule: 'submodule',
  'type-change': 'file type change',
  'empty-file': 'empty file',
};

export type FileChange = 'modified' | 'added' | 'deleted' | 'renamed' | 'type-changed';

/** One changed line of a hunk, numbered from 1 within its hunk: removed lines first, then added ones. */
export interface PieceLine {
  number: number;
  sign: '-' | '+';
  /** The line as UTF-8 text, without its newline. */
  text: string;
  /** Its line number in the file: before the commit for removed lines, after it for added ones. */
  line: number;
  /** The file's last line, without a newline at its end. */
  noNewline?: boolean;
}

export interface SplitPiece {
  /** 1-based, in the commit's order: files by path, then each file's rename, mode change and hunks. */
  number: number;
  path: string;
  /** A renamed file's path before the commit. */
  oldPath?: string;
  change: FileChange;
  /** A hunk of lines, the file's rename, its mode change, or the whole file (`reason` says why). */
  kind: 'hunk' | 'rename' | 'mode' | 'whole';
  reason?: WholeReason;
  /** Hunks: git's header (`@@ -3,2 +3,4 @@`). */
  header?: string;
  /** Mode changes: before and after. */
  modes?: [string, string];
  lines: PieceLine[];
}

/** A piece of the first commit: whole, or (a hunk) only some of its lines. */
export interface HunkPick {
  hunk: number;
  /** Line numbers within the hunk (PieceLine.number); absent: the whole hunk. */
  lines?: number[];
}

/** A commit's changes, as a split numbers them. */
export interface SplitChanges {
  pieces: SplitPiece[];
  /** Per piece number: its file and, for hunks, the hunk itself (latin1 lines, see hunks.ts). */
  files: FilePatch[];
  hunkOf: Map<number, { file: FilePatch; hunk?: Hunk }>;
}

/** The patch options of hunks.ts, with renames found and submodules shown (a split can move them too). */
const SPLIT_PATCH = [
  ...ZERO_CONTEXT_PATCH.filter((flag) => flag !== '--no-renames' && flag !== '--ignore-submodules=all'),
  '-M',
];

/** The changes `hash` makes to `parent`, numbered. */
export async function readSplitChanges(git: GitRunner, parent: string, hash: string): Promise<SplitChanges> {
  const { raw } = await git.exec(['diff-tree', '-r', ...SPLIT_PATCH, parent, hash, '--']);
  const files = parsePatch(raw.toString('latin1'));
  const pieces: SplitPiece[] = [];
  const hunkOf = new Map<number, { file: FilePatch; hunk?: Hunk }>();
  const add = (file: FilePatch, piece: Omit<SplitPiece, 'number' | 'path' | 'oldPath' | 'change'>, hunk?: Hunk) => {
    const number = pieces.length + 1;
    pieces.push({ number, path: file.path, oldPath: file.oldPath, change: changeOf(file), ...piece });
    hunkOf.set(number, { file, hunk });
  };
  for (const file of files) {
    const reason = wholeReason(file);
    if (reason) {
      add(file, { kind: 'whole', reason, lines: [] });
      continue;
    }
    if (file.oldPath !== undefined) add(file, { kind: 'rename', lines: [] });
    if (file.kind === 'modified' && file.oldMode && file.newMode && file.oldMode !== file.newMode)
      add(file, { kind: 'mode', modes: [file.oldMode, file.newMode], lines: [] });
    for (const hunk of file.hunks) add(file, { kind: 'hunk', header: headerOf(hunk), lines: linesOf(hunk) }, hunk);
  }
  return { pieces, files, hunkOf };
}

function changeOf(file: FilePatch): FileChange {
  if (file.kind === 'modified' && file.oldPath !== undefined) return 'renamed';
  return file.kind;
}

function wholeReason(file: FilePatch): WholeReason | undefined {
  if (file.kind === 'type-changed') return 'type-change';
  if (file.binary) return 'binary';
  const modes = [file.oldMode, file.newMode];
  if (modes.includes('160000')) return 'submodule';
  if (modes.includes('120000')) return 'symlink';
  if ((file.kind === 'added' || file.kind === 'deleted') && file.hunks.length === 0) return 'empty-file';
  return undefined;
}

/** `@@ -3,2 +3,4 @@`, as git writes it: 1-based starts; with a count of 0, the line before. */
function headerOf(hunk: Hunk): string {
  const side = (start: number, count: number) => `${count > 0 ? start + 1 : start}${count === 1 ? '' : `,${count}`}`;
  return `@@ -${side(hunk.oldStart, hunk.removed.length)} +${side(hunk.newStart, hunk.added.length)} @@`;
}

function linesOf(hunk: Hunk): PieceLine[] {
  const out: PieceLine[] = [];
  const side = (lines: string[], sign: '-' | '+', start: number) =>
    lines.forEach((text, i) => {
      const noNewline = !text.endsWith('\n');
      out.push({
        number: out.length + 1,
        sign,
        text: Buffer.from(noNewline ? text : text.slice(0, -1), 'latin1').toString('utf8'),
        line: start + i + 1,
        ...(noNewline ? { noNewline } : {}),
      });
    });
  side(hunk.removed, '-', hunk.oldStart);
  side(hunk.added, '+', hunk.newStart);
  return out;
}

/**
 * `1,3,4` (hunks 1, 3 and 4) and `2:1-3,2:7` (lines 1 to 3 and 7 of hunk 2), as `--hunks` takes
 * them; a hunk named whole and by lines is taken whole. Throws OperationError on bad text.
 */
export function parseHunkPicks(text: string): HunkPick[] {
  const picks = new Map<number, Set<number> | 'whole'>();
  const bad = (token: string) =>
    new OperationError(
      'bad-input',
      `'${token}' is not a hunk pick. Name hunks by number (1,3,4) and lines of a hunk as hunk:lines (2:1-3,2:7).`,
    );
  for (const raw of text.split(',')) {
    const token = raw.trim();
    if (token === '') continue;
    const match = /^(\d+)(?::(\d+)(?:-(\d+))?)?$/.exec(token);
    if (!match) throw bad(token);
    const hunk = Number(match[1]);
    if (match[2] === undefined) {
      picks.set(hunk, 'whole');
      continue;
    }
    const from = Number(match[2]);
    const to = match[3] === undefined ? from : Number(match[3]);
    if (to < from) throw bad(token);
    const lines = picks.get(hunk) ?? new Set<number>();
    if (lines === 'whole') continue;
    for (let n = from; n <= to; n++) lines.add(n);
    picks.set(hunk, lines);
  }
  return [...picks].map(([hunk, lines]) =>
    lines === 'whole' ? { hunk } : { hunk, lines: [...lines].sort((a, b) => a - b) },
  );
}

/** `1,3,2:1-3,2:7`: picks as `--hunks` takes them, for the oplog's command and the CLI. */
export function formatHunkPicks(picks: HunkPick[]): string {
  return picks
    .map(({ hunk, lines }) => {
      if (!lines) return String(hunk);
      const runs: string[] = [];
      for (let i = 0; i < lines.length; i++) {
        let j = i;
        while (j + 1 < lines.length && lines[j + 1] === lines[j] + 1) j++;
        runs.push(`${hunk}:${lines[i]}${j > i ? `-${lines[j]}` : ''}`);
        i = j;
      }
      return runs.join(',');
    })
    .join(',');
}

/** Each picked piece → the lines taken (undefined: all of it); checked against the commit's pieces. */
export function checkPicks(
  changes: SplitChanges,
  picks: HunkPick[],
  hash: string,
  listFix: { label: string; cli: string },
): Map<number, Set<number> | undefined> {
  const { pieces } = changes;
  const taken = new Map<number, Set<number> | undefined>();
  for (const pick of picks) {
    const piece = pieces[pick.hunk - 1];
    if (!Number.isInteger(pick.hunk) || !piece)
      throw new OperationError(
        'bad-input',
        pieces.length === 1
          ? `${shortHash(hash)} has 1 hunk; there is no hunk ${pick.hunk}.`
          : `${shortHash(hash)} has ${pieces.length} hunks (1–${pieces.length}); there is no hunk ${pick.hunk}.`,
        '',
        [listFix],
      );
    if (pick.lines === undefined) {
      taken.set(piece.number, undefined);
      continue;
    }
    if (piece.kind !== 'hunk')
      throw new OperationError(
        'bad-input',
        `Hunk ${piece.number} is ${wholeWhat(piece)}: it can only be taken whole (${piece.number}), not by lines.`,
        '',
        [listFix],
      );
    if (pick.lines.length === 0)
      throw new OperationError('bad-input', `Choose at least one line of hunk ${piece.number}, or leave it out.`);
    const unknown = pick.lines.find((n) => !Number.isInteger(n) || n < 1 || n > piece.lines.length);
    if (unknown !== undefined)
      throw new OperationError(
        'bad-input',
        `Hunk ${piece.number} has ${piece.lines.length === 1 ? '1 line' : `${piece.lines.length} lines (1–${piece.lines.length})`}; there is no line ${unknown}.`,
        '',
        [listFix],
      );
    const earlier = taken.get(piece.number);
    if (taken.has(piece.number) && earlier === undefined) continue;
    const lines = new Set([...(earlier ?? []), ...pick.lines]);
    taken.set(piece.number, lines.size === piece.lines.length ? undefined : lines);
  }
  return taken;
}

/** "the binary file logo.png", "the rename of a.txt to b.txt", … */
function wholeWhat(piece: SplitPiece): string {
  if (piece.kind === 'rename') return `the rename of ${piece.oldPath} to ${piece.path}`;
  if (piece.kind === 'mode') return `the mode change of ${piece.path}`;
  return `the ${WHOLE_REASONS[piece.reason!]} ${piece.path}`;
}

/** How the first commit has a file: the commit's own entry, gone, or new content (latin1) with a mode. */
export type FirstVersion =
  | { path: string; take: 'commit' }
  | { path: string; take: 'delete' }
  | { path: string; take: 'content'; content: string; mode: string };

/** The files the picks touch, each with its picked pieces and whether it is taken whole (every piece, all lines). */
export function pickedFiles(
  changes: SplitChanges,
  taken: Map<number, Set<number> | undefined>,
): { file: FilePatch; picked: SplitPiece[]; whole: boolean }[] {
  return changes.files.flatMap((file) => {
    const mine = changes.pieces.filter((p) => changes.hunkOf.get(p.number)!.file === file);
    const picked = mine.filter((p) => taken.has(p.number));
    if (picked.length === 0) return [];
    const whole = picked.length === mine.length && picked.every((p) => taken.get(p.number) === undefined);
    return [{ file, picked, whole }];
  });
}

/**
 * The entries that change from the parent's tree to the first commit's, for the files the picks
 * touch. `before` gives a file's content in the parent (latin1), for files not taken whole; a file
 * taken whole is the commit's version of it.
 */
export function firstVersions(
  changes: SplitChanges,
  taken: Map<number, Set<number> | undefined>,
  before: (path: string) => string,
): FirstVersion[] {
  const out: FirstVersion[] = [];
  for (const { file, picked, whole } of pickedFiles(changes, taken)) {
    const old = file.oldPath ?? file.path;
    if (whole) {
      if (file.oldPath !== undefined) out.push({ path: file.oldPath, take: 'delete' });
      out.push(file.kind === 'deleted' ? { path: file.path, take: 'delete' } : { path: file.path, take: 'commit' });
      continue;
    }
    const renamed = picked.some((p) => p.kind === 'rename');
    const mode = file.kind === 'added' || picked.some((p) => p.kind === 'mode') ? file.newMode : file.oldMode;
    const hunks = picked
      .filter((p) => p.kind === 'hunk')
      .map((p) => ({ hunk: changes.hunkOf.get(p.number)!.hunk!, lines: taken.get(p.number) }));
    const content = file.kind === 'added' ? '' : before(old);
    const path = renamed ? file.path : old;
    if (renamed) out.push({ path: old, take: 'delete' });
    out.push({ path, take: 'content', content: applyHunks(content, hunks, path), mode: mode ?? '100644' });
  }
  return out;
}

/**
 * `content` with the hunks applied, each whole or with only some of its lines: a removed line not
 * taken stays, an added line not taken is left out. Bottom hunk first, so the positions above hold.
 */
function applyHunks(content: string, hunks: { hunk: Hunk; lines?: Set<number> }[], path: string): string {
  const lines = splitLines(content);
  for (const { hunk, lines: only } of [...hunks].sort((a, b) => b.hunk.oldStart - a.hunk.oldStart)) {
    const found = lines.slice(hunk.oldStart, hunk.oldStart + hunk.removed.length);
    if (found.join('') !== hunk.removed.join(''))
      throw new Error(`split: ${path} does not have the hunk's lines at line ${hunk.oldStart + 1}.`);
    const removedCount = hunk.removed.length;
    const kept = hunk.removed.filter((_, i) => only !== undefined && !only.has(i + 1));
    const added = hunk.added.filter((_, i) => only === undefined || only.has(removedCount + i + 1));
    lines.splice(hunk.oldStart, removedCount, ...kept, ...added);
  }
  // A line that was last (no newline at its end) and now has lines after it gets its newline.
  return lines.map((line, i) => (i < lines.length - 1 && !line.endsWith('\n') ? `${line}\n` : line)).join('');
}
