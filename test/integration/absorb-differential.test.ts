// Differential property test: on generated stacks and working copies, `stackline absorb` and
// `git absorb --and-rebase` (Debian's git-absorb, installed by scripts/setup-test-tools.mjs) run on
// copies of the same repository must leave the same tree at every commit and the same changes in the
// working copy; undo then puts back refs, HEAD, index and files exactly.
//
// git-absorb reads only the index, so its copy stages everything first (Stackline takes staged and
// unstaged changes alike). Where the two differ, the generator stays clear and a test below shows
// the difference:
// - lines are unique: git-absorb lets a hunk that only adds (or only removes) copies of the same line
//   pass a commit that does the same next to it, where Stackline counts touching lines as touching;
// - a commit whose changes the hunks undo entirely stays, empty, where git-absorb's rebase stops;
// - stacks where a commit deletes lines of a file below other changes of its own to that file that
//   add or remove lines are left out: git-absorb places that deletion by its old line number, so a
//   hunk below it can pass into an older commit that lacks its lines, and its rebase stops on conflicts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { absorbOperation, OperationError, undoOperation } from '../../src/core/operations';
import { parsePatch, ZERO_CONTEXT_PATCH } from '../../src/core/operations/hunks';
import { filesOf, picture, runOp } from '../helpers/ops';
import { makeRepo, removeTempDirs, repoAt, tempDir, type TestRepo } from '../helpers/repo';

after(removeTempDirs);

/** A text file as lines (without '\n'), and whether the last one ends with a newline. */
interface TextFile {
  lines: string[];
  eol: boolean;
}

type Edit =
  | { kind: 'modify' | 'delete'; file: number; line: number }
  | { kind: 'insert'; file: number; line: number; count: number }
  | { kind: 'chomp'; file: number }
  | { kind: 'create'; count: number };

interface Scenario {
  trunk: number[];
  /** Each commit's edits. */
  stack: Edit[][];
  working: Edit[];
  /** Which changed files of the working copy are staged (by their position among the changed files). */
  staged: boolean[];
  binary: boolean;
  deleteFile: boolean;
}

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('modify' as const), file: fc.nat(9), line: fc.nat(40) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), file: fc.nat(9), line: fc.nat(40) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      file: fc.nat(9),
      line: fc.nat(40),
      count: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('chomp' as const), file: fc.nat(9) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('create' as const), count: fc.integer({ min: 1, max: 4 }) }) },
);

const scenario: fc.Arbitrary<Scenario> = fc.record({
  trunk: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 3 }),
  stack: fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }),
  working: fc.array(edit, { minLength: 1, maxLength: 6 }),
  staged: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
  binary: fc.boolean(),
  deleteFile: fc.boolean(),
});

/** Applies edits to the files (name → file); every line written is new, so no two lines are alike. */
function applyEdits(files: Map<string, TextFile>, edits: Edit[], fresh: () => string): void {
  for (const e of edits) {
    if (e.kind === 'create') {
      files.set(`new-${fresh()}.txt`, { lines: Array.from({ length: e.count }, fresh), eol: true });
      continue;
    }
    const names = [...files.keys()].sort();
    const file = files.get(names[e.file % names.length])!;
    const n = file.lines.length;
    if (e.kind === 'chomp') file.eol = !file.eol;
    else if (e.kind === 'insert') file.lines.splice(e.line % (n + 1), 0, ...Array.from({ length: e.count }, fresh));
    else if (n === 0) continue;
    else if (e.kind === 'modify') file.lines[e.line % n] = fresh();
    else if (n > 1) file.lines.splice(e.line % n, 1);
  }
}

function content(file: TextFile): string {
  const text = file.lines.join('\n');
  return file.lines.length > 0 && file.eol ? `${text}\n` : text;
}

function writeAll(repo: TestRepo, files: Map<string, TextFile>): void {
  repo.write(Object.fromEntries([...files].map(([name, file]) => [name, content(file)])));
}

/** The repository of a scenario: trunk on origin/main, the stack on `feature`, the working copy. */
function build(s: Scenario): TestRepo {
  let counter = 0;
  const fresh = () => `line ${++counter}`;
  const files = new Map<string, TextFile>(
    s.trunk.map((n, i) => [`f${i}.txt`, { lines: Array.from({ length: n }, fresh), eol: true }]),
  );
  const origin = makeRepo();
  writeAll(origin, files);
  writeFileSync(join(origin.dir, 'data.bin'), Buffer.from([0, 1, 2, 3]));
  origin.commit('trunk', {});
  const dir = tempDir();
  execFileSync('git', ['clone', '-q', origin.dir, dir]);
  const repo = repoAt(dir, false);
  repo.git('checkout', '-q', '-b', 'feature');
  s.stack.forEach((edits, i) => {
    applyEdits(files, edits, fresh);
    writeAll(repo, files);
    repo.commit(`commit ${i + 1}`, {});
  });
  applyEdits(files, s.working, fresh);
  writeAll(repo, files);
  if (s.binary) writeFileSync(join(dir, 'data.bin'), Buffer.from([0, 1, 2, 4]));
  if (s.deleteFile) repo.git('rm', '-q', '--cached', 'f0.txt');
  if (s.deleteFile) rmSync(join(dir, 'f0.txt'));
  const changed = repo.git('status', '--porcelain', '-z', '-uall').split('\0').filter(Boolean);
  changed.forEach((line, i) => {
    const path = line.slice(3);
    // New files are staged to be tracked at all; the others as the scenario says.
    if (line.startsWith('??') || (s.staged[i % s.staged.length] && line[1] !== ' ')) repo.git('add', '--', path);
  });
  return repo;
}

/** Each commit of the stack (bottom first) as its tree and subject. */
function stackTrees(repo: TestRepo): string[] {
  return repo.git('log', '--reverse', '--format=%T %s', 'origin/main..HEAD').trim().split('\n');
}

/** Whether a commit of the stack deletes lines below its own changes that add or remove lines in that file. */
function hasShiftedDeletion(repo: TestRepo): boolean {
  return repo
    .git('rev-list', 'origin/main..HEAD')
    .trim()
    .split('\n')
    .some((commit) =>
      parsePatch(repo.git('diff-tree', ...ZERO_CONTEXT_PATCH, commit)).some((file) => {
        let offset = 0;
        return file.hunks.some((hunk) => {
          const shifted = hunk.added.length === 0 && offset !== 0;
          offset += hunk.added.length - hunk.removed.length;
          return shifted;
        });
      }),
    );
}

function gitAbsorb(repo: TestRepo): void {
  // git-absorb fixes up only commits whose author matches the identity in git's config.
  repo.git('config', 'user.name', process.env.GIT_AUTHOR_NAME!);
  repo.git('config', 'user.email', process.env.GIT_AUTHOR_EMAIL!);
  repo.git('add', '--update');
  execFileSync('git', ['-c', 'rebase.autoStash=true', 'absorb', '--and-rebase', '--base', 'origin/main'], {
    cwd: repo.dir,
    env: { ...process.env, GIT_SEQUENCE_EDITOR: 'true', GIT_EDITOR: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

test('stackline absorb leaves the same commits and working copy as git absorb --and-rebase; undo restores', async () => {
  await fc.assert(
    fc.asyncProperty(scenario, async (s) => {
      const ours = build(s);
      fc.pre(!hasShiftedDeletion(ours));
      const theirs = repoAt(tempDir(), false);
      cpSync(ours.dir, theirs.dir, { recursive: true });
      const before = picture(ours);

      const outcome = await runOp(ours, absorbOperation()).catch((error: unknown) => {
        if (error instanceof OperationError && error.kind === 'nothing-to-do') return undefined;
        throw error;
      });
      const result = { trees: stackTrees(ours), left: ours.git('diff', 'HEAD'), files: filesOf(ours.dir) };
      assert.deepEqual(result.files, before.files);
      if (outcome) await runOp(ours, undoOperation());
      assert.deepEqual(picture(ours), before);

      // git-absorb's rebase stops on a fixup that leaves its commit empty; Stackline keeps the commit.
      fc.pre((outcome?.result.emptied.length ?? 0) === 0);
      gitAbsorb(theirs);
      assert.deepEqual(result.trees, stackTrees(theirs));
      assert.equal(result.left, theirs.git('diff', 'HEAD'));
    }),
    { numRuns: 30 },
  );
});

function lines(...text: string[]): string {
  return text.map((line) => `${line}\n`).join('');
}

test('git-absorb differs: a hunk adding a copy of a line a commit added next to it goes into that commit', async () => {
  const origin = makeRepo();
  origin.commit('trunk', { 'a.txt': 'a\nb\nc\nd\n' });
  const dir = tempDir();
  execFileSync('git', ['clone', '-q', origin.dir, dir]);
  const ours = repoAt(dir, false);
  ours.git('checkout', '-q', '-b', 'feature');
  ours.commit('add a blank line', { 'a.txt': 'a\nb\n\nc\nd\n' });
  ours.write({ 'a.txt': 'a\nb\n\n\nc\nd\n' });
  const theirs = repoAt(tempDir(), false);
  cpSync(ours.dir, theirs.dir, { recursive: true });

  await runOp(ours, absorbOperation());
  assert.equal(ours.git('show', 'HEAD:a.txt'), 'a\nb\n\n\nc\nd\n');
  gitAbsorb(theirs);
  assert.equal(theirs.git('show', 'HEAD:a.txt'), 'a\nb\n\nc\nd\n');
  assert.equal(theirs.git('diff', 'HEAD', '--stat').trim(), 'a.txt | 1 +\n 1 file changed, 1 insertion(+)');
});

test('git-absorb differs: a hunk below a deletion that follows other changes of the same commit', async () => {
  const origin = makeRepo();
  origin.commit('trunk', { 'a.txt': lines('a', 'b', 'c') });
  const dir = tempDir();
  execFileSync('git', ['clone', '-q', origin.dir, dir]);
  const ours = repoAt(dir, false);
  ours.git('checkout', '-q', '-b', 'feature');
  ours.commit('change a', { 'a.txt': lines('A', 'b', 'c') });
  ours.commit('add x y z, drop b', { 'a.txt': lines('x', 'y', 'z', 'A', 'c') });
  ours.write({ 'a.txt': lines('x', 'y', 'z', 'new', 'A', 'c') });
  const theirs = repoAt(tempDir(), false);
  cpSync(ours.dir, theirs.dir, { recursive: true });

  // The new line touches "z", which the second commit added: it goes there.
  await runOp(ours, absorbOperation());
  assert.equal(ours.git('show', 'HEAD:a.txt'), lines('x', 'y', 'z', 'new', 'A', 'c'));
  assert.equal(ours.git('show', 'HEAD~1:a.txt'), lines('A', 'b', 'c'));
  // git-absorb puts it into the first commit, and its rebase stops there on conflicts (it exits 0).
  gitAbsorb(theirs);
  assert.match(theirs.git('status'), /interactive rebase in progress/);
  assert.equal(theirs.git('log', '-1', '--format=%s', 'REBASE_HEAD').trim(), 'fixup! change a');
});

test('git-absorb differs: hunks that undo all a commit did leave it empty, where git-absorb stops', async () => {
  const origin = makeRepo();
  origin.commit('trunk', { 'a.txt': lines('a', 'b') });
  const dir = tempDir();
  execFileSync('git', ['clone', '-q', origin.dir, dir]);
  const ours = repoAt(dir, false);
  ours.git('checkout', '-q', '-b', 'feature');
  ours.commit('change b', { 'a.txt': lines('a', 'B') });
  ours.commit('add c', { 'c.txt': lines('c') });
  ours.write({ 'a.txt': lines('a', 'b') });
  const theirs = repoAt(tempDir(), false);
  cpSync(ours.dir, theirs.dir, { recursive: true });

  const outcome = await runOp(ours, absorbOperation());
  const emptied = ours.git('rev-parse', 'HEAD~1').trim();
  assert.deepEqual(outcome.result.emptied, [emptied]);
  assert.equal(ours.git('rev-parse', 'HEAD~1^{tree}'), ours.git('rev-parse', 'HEAD~2^{tree}'));
  assert.match(outcome.summary, new RegExp(`${emptied.slice(0, 9)} "change b" is now empty: hide it, or keep it\\.`));
  assert.deepEqual(
    outcome.notices.map((notice) => notice.fix?.cli),
    [`stackline hide ${emptied.slice(0, 9)}`],
  );
  gitAbsorb(theirs);
  assert.match(theirs.git('status'), /interactive rebase in progress/);
});
