// Zero-context hunks (`git diff -U0`): read from git's patch text, and moved down a stack by commuting
// them past each commit's hunks, the test git-absorb and sl absorb use to find the commit a change
// belongs to. Text is kept as latin1 strings, one character per byte, so file contents round-trip.

/** Removed lines replaced by added ones; each line keeps its '\n' (the last one of a file may lack it). */
export interface Hunk {
  /** 0-based: the first removed line, or the line the added ones go before when nothing is removed. */
  oldStart: number;
  removed: string[];
  /** 0-based, in the new version: the first added line, or where the removed ones were. */
  newStart: number;
  added: string[];
}

export type PatchKind = 'modified' | 'added' | 'deleted' | 'type-changed';

export interface FilePatch {
  /** The path as UTF-8 text (a renamed file's new path). */
  path: string;
  /** A renamed file's path before (diffs made with rename detection, -M). */
  oldPath?: string;
  kind: PatchKind;
  oldMode?: string;
  newMode?: string;
  binary: boolean;
  hunks: Hunk[];
}

/** The options every patch Stackline reads is made with, whatever the user's diff settings say. */
export const ZERO_CONTEXT_PATCH = [
  '-p',
  '-U0',
  '--no-renames',
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--diff-algorithm=myers',
  '--src-prefix=a/',
  '--dst-prefix=b/',
  '--ignore-submodules=all',
];

/** A patch of one diff (`git diff -U0 …`), read from latin1 text. */
export function parsePatch(text: string): FilePatch[] {
  return [...parsePatches(text).values()].flat();
}

/**
 * `git diff-tree --stdin -p -U0` output: each commit's hash on a line of its own, then its patch.
 * Commits without changes in the asked paths have no entry.
 */
export function parseCommitPatches(text: string): Map<string, FilePatch[]> {
  const out = new Map<string, FilePatch[]>();
  for (const [commit, files] of parsePatches(text)) if (commit !== '') out.set(commit, files);
  return out;
}

const HASH_LINE = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

function parsePatches(text: string): Map<string, FilePatch[]> {
  const lines = text.split('\n');
  const byCommit = new Map<string, FilePatch[]>();
  let files: FilePatch[] = [];
  byCommit.set('', files);
  let file: FilePatch | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (HASH_LINE.test(line)) {
      files = [];
      byCommit.set(line, files);
      file = undefined;
    } else if (line.startsWith('diff --git ')) {
      const path = headerPath(line.slice('diff --git '.length));
      const earlier = files.find((f) => f.path === path);
      // A type change (file ↔ symlink) comes as a deletion then a creation of the same path.
      if (earlier) {
        earlier.kind = 'type-changed';
        file = earlier;
      } else {
        file = { path, kind: 'modified', binary: false, hunks: [] };
        files.push(file);
      }
    } else if (file) {
      const header = HUNK_HEADER.exec(line);
      if (header) {
        i = readHunk(lines, i + 1, header, file.hunks) - 1;
        continue;
      }
      const [word, second, ...rest] = line.split(' ');
      if (word === 'new' && second === 'file') {
        if (file.kind === 'modified') file.kind = 'added';
        file.newMode = rest[1];
      } else if (word === 'deleted' && second === 'file') {
        file.kind = 'deleted';
        file.oldMode = rest[1];
      } else if (word === 'old' && second === 'mode') file.oldMode = rest[0];
      else if (word === 'new' && second === 'mode') file.newMode = rest[0];
      else if (word === 'index' && rest[0]) file.oldMode = file.newMode = rest[0];
      else if (word === 'Binary' || line === 'GIT binary patch') file.binary = true;
      else if (word === 'rename' && second === 'from') file.oldPath = quotedPath(line.slice('rename from '.length));
      else if (word === 'rename' && second === 'to') file.path = quotedPath(line.slice('rename to '.length));
    }
  }
  return byCommit;
}

/** Reads one hunk's lines (all removed, then all added, each maybe followed by "\ No newline"). */
function readHunk(lines: string[], at: number, header: RegExpExecArray, into: Hunk[]): number {
  const oldCount = header[2] === undefined ? 1 : Number(header[2]);
  const newCount = header[4] === undefined ? 1 : Number(header[4]);
  const hunk: Hunk = {
    oldStart: Number(header[1]) - (oldCount > 0 ? 1 : 0),
    removed: [],
    newStart: Number(header[3]) - (newCount > 0 ? 1 : 0),
    added: [],
  };
  let i = at;
  for (const [side, count, sign] of [
    [hunk.removed, oldCount, '-'],
    [hunk.added, newCount, '+'],
  ] as const) {
    for (let n = 0; n < count && lines[i]?.startsWith(sign); n++) side.push(`${lines[i++].slice(1)}\n`);
    if (lines[i]?.startsWith('\\')) {
      side[side.length - 1] = side[side.length - 1].slice(0, -1);
      i++;
    }
  }
  into.push(hunk);
  return i;
}

/** The path of a `diff --git a/P b/P` header (both sides name the same path; a rename's come on later lines). */
function headerPath(rest: string): string {
  const bytes = rest.startsWith('"') ? unquote(rest).slice(2) : rest.slice(2, 2 + (rest.length - 5) / 2);
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** A path as git writes it after `rename from` and `rename to`: C-quoted when it needs to be. */
function quotedPath(text: string): string {
  return Buffer.from(text.startsWith('"') ? unquote(text) : text, 'latin1').toString('utf8');
}

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** The first of git's C-quoted strings in `text`, as bytes (latin1). */
function unquote(text: string): string {
  let out = '';
  for (let i = 1; i < text.length && text[i] !== '"'; i++) {
    if (text[i] !== '\\') out += text[i];
    else if (/[0-7]/.test(text[i + 1])) {
      out += String.fromCharCode(parseInt(text.slice(i + 1, i + 4), 8));
      i += 3;
    } else out += ESCAPES[text[++i]] ?? text[i];
  }
  return out;
}

/**
 * Where a hunk of the version after a commit (its removed lines from `start`, `length` of them) sits
 * in the version before it, or undefined when it does not commute: it overlaps or touches one of the
 * commit's hunks, with no unchanged line between them.
 */
export function commuteBefore(start: number, length: number, commit: Hunk[]): number | undefined {
  let at = start;
  // Last hunk first: undoing a hunk moves only what is below it.
  for (let i = commit.length - 1; i >= 0; i--) {
    const hunk = commit[i];
    const end = hunk.newStart + hunk.added.length;
    if (end < at) at -= hunk.added.length - hunk.removed.length;
    else if (!(at + length < hunk.newStart)) return undefined;
  }
  return at;
}

/** A file's lines, each with its '\n' (latin1 text). */
export function splitLines(content: string): string[] {
  return content === '' ? [] : content.split(/(?<=\n)/);
}
