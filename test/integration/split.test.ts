// split by hunks and lines on real repositories: numbered hunks (renames, mode changes, binary and
// empty files whole), hunks and single lines into the first commit (added lines not picked left
// out, removed lines not picked kept), new, deleted, binary, renamed files and files without a
// final newline, a third part by splitting the rest again, bad picks refused before anything
// changes, one oplog entry and exact undo, and the CLI's --list, --json and --hunks.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  OperationError,
  oplogOf,
  parseHunkPicks,
  splitOperation,
  splitPieces,
  undoOperation,
  type HunkPick,
  type SplitPiece,
} from '../../src/core/operations';
import { runCli } from '../helpers/cli';
import { picture, rev, runOp, sessionOf } from '../helpers/ops';
import { makeRepo, removeTempDirs, repoAt, tempDir, type TestRepo } from '../helpers/repo';

after(removeTempDirs);

const lines = (...text: string[]) => text.map((line) => `${line}\n`).join('');
const numbered = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

/** A clone whose trunk has `files`, on a branch `feature`. */
function repoWith(files: Record<string, string | Buffer>): TestRepo {
  const origin = makeRepo();
  write(origin, files);
  origin.commit('base', {});
  const dir = tempDir();
  execFileSync('git', ['clone', '-q', origin.dir, dir]);
  const repo = repoAt(dir, false);
  repo.git('switch', '-q', '-c', 'feature');
  return repo;
}

function write(repo: TestRepo, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    if (typeof content === 'string') repo.write({ [path]: content });
    else writeFileSync(join(repo.dir, path), content);
  }
}

/** Commits `files` (null deletes one) on top; returns the commit. */
function commit(repo: TestRepo, message: string, files: Record<string, string | Buffer | null>): string {
  for (const [path, content] of Object.entries(files)) {
    if (content === null) repo.git('rm', '-q', path);
    else write(repo, { [path]: content });
  }
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', message);
  return rev(repo, 'HEAD');
}

const show = (repo: TestRepo, at: string, path: string) => repo.git('show', `${at}:${path}`);
const tree = (repo: TestRepo, at: string) => rev(repo, `${at}^{tree}`);
const changed = (repo: TestRepo, at: string) =>
  repo.git('diff-tree', '--no-commit-id', '--name-status', '-r', at).trim().split('\n');

async function pieces(repo: TestRepo, at = 'HEAD'): Promise<SplitPiece[]> {
  return (await splitPieces(await sessionOf(repo), at)).pieces;
}

async function refused(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof OperationError, `an OperationError, got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  });
}

/** Splits HEAD with `hunks`; checks what every split promises and that undo puts everything back. */
async function splitChecked(repo: TestRepo, hunks: HunkPick[], files?: string[]) {
  const session = await sessionOf(repo);
  const before = picture(repo);
  const original = rev(repo, 'HEAD');
  const entries = oplogOf(session.repo).entries().length;
  const outcome = await runOp(repo, splitOperation({ hunks, files }));
  const { first, second } = outcome.result;
  assert.equal(rev(repo, 'HEAD'), second);
  assert.equal(rev(repo, `${second}~1`), first);
  assert.equal(rev(repo, `${first}~1`), rev(repo, `${original}~1`));
  assert.equal(tree(repo, second), tree(repo, original), 'the second commit keeps the original tree');
  assert.equal(repo.git('status', '--porcelain'), '', 'the work tree and index are untouched');
  assert.equal(oplogOf(session.repo).entries().length, entries + 1, 'one oplog entry');
  const after = picture(repo);
  await runOp(repo, undoOperation());
  assert.deepEqual(picture(repo), before, 'undo puts everything back exactly');
  // Split again after the undo: the same files, and the hashes of this last split are what the repo has
  // now (the first split's differ once the clock has ticked past a second).
  const again = await runOp(repo, splitOperation({ hunks, files }));
  assert.deepEqual(picture(repo).files, after.files);
  return { first: again.result.first, second: again.result.second, outcome: again };
}

describe('the numbered hunks', () => {
  test('files by path, a rename and a mode change before their hunks, whole-file pieces with the reason', async () => {
    const repo = repoWith({
      'a.txt': lines(...numbered('a', 10)),
      'old name.txt': lines(...numbered('o', 5)),
      'tool.sh': lines('echo'),
      'logo.bin': Buffer.from([0, 1, 2]),
      'gone.txt': lines('bye', 'now'),
    });
    commit(repo, 'feat: many kinds', {
      'a.txt': lines('A1', ...numbered('a', 10).slice(1, 6), 'a7', 'new', 'a8', 'a9', 'A10'),
      'old name.txt': null,
      'new name.txt': lines('o1', 'o2', 'O3', 'o4', 'o5'),
      'logo.bin': Buffer.from([0, 1, 3]),
      'gone.txt': null,
      'fresh.txt': lines('f1', 'f2'),
      'empty.txt': '',
    });
    chmodSync(join(repo.dir, 'tool.sh'), 0o755);
    repo.git('add', 'tool.sh');
    repo.git('commit', '-q', '--amend', '--no-edit');
    const list = await pieces(repo);
    assert.deepEqual(
      list.map((p) => [p.number, p.path, p.change, p.kind, p.reason ?? p.header ?? p.modes?.join('→') ?? '']),
      [
        [1, 'a.txt', 'modified', 'hunk', '@@ -1 +1 @@'],
        [2, 'a.txt', 'modified', 'hunk', '@@ -7,0 +8 @@'],
        [3, 'a.txt', 'modified', 'hunk', '@@ -10 +11 @@'],
        [4, 'empty.txt', 'added', 'whole', 'empty-file'],
        [5, 'fresh.txt', 'added', 'hunk', '@@ -0,0 +1,2 @@'],
        [6, 'gone.txt', 'deleted', 'hunk', '@@ -1,2 +0,0 @@'],
        [7, 'logo.bin', 'modified', 'whole', 'binary'],
        [8, 'new name.txt', 'renamed', 'rename', ''],
        [9, 'new name.txt', 'renamed', 'hunk', '@@ -3 +3 @@'],
        [10, 'tool.sh', 'modified', 'mode', '100644→100755'],
      ],
    );
    assert.equal(list[7].oldPath, 'old name.txt');
    assert.deepEqual(list[0].lines, [
      { number: 1, sign: '-', text: 'a1', line: 1 },
      { number: 2, sign: '+', text: 'A1', line: 1 },
    ]);
    assert.deepEqual(
      list[5].lines.map((l) => `${l.number} ${l.sign}${l.text} @${l.line}`),
      ['1 -bye @1', '2 -now @2'],
    );
  });

  test('picks as --hunks writes them', () => {
    assert.deepEqual(parseHunkPicks('1,3,4'), [{ hunk: 1 }, { hunk: 3 }, { hunk: 4 }]);
    assert.deepEqual(parseHunkPicks('2:1-3,2:7, 5'), [{ hunk: 2, lines: [1, 2, 3, 7] }, { hunk: 5 }]);
    assert.deepEqual(parseHunkPicks('2:1,2'), [{ hunk: 2 }], 'whole wins over lines');
    assert.throws(() => parseHunkPicks('2:3-1'), /'2:3-1' is not a hunk pick/);
    assert.throws(() => parseHunkPicks('a'), /'a' is not a hunk pick/);
  });
});

describe('split by hunks', () => {
  test('hunks 1 and 3 go first, hunk 2 stays on top; the commit above only gets a new parent', async () => {
    const repo = repoWith({ 'a.txt': lines(...numbered('a', 10)) });
    commit(repo, 'feat: three edits', {
      'a.txt': lines('A1', ...numbered('a', 10).slice(1, 4), 'A5', ...numbered('a', 10).slice(5, 9), 'A10'),
    });
    const above = commit(repo, 'feat: above', { 'b.txt': lines('b') });
    repo.git('switch', '-q', '--detach', 'HEAD~1');
    const { first, second } = await splitChecked(repo, [{ hunk: 1 }, { hunk: 3 }]);
    assert.equal(show(repo, first, 'a.txt'), lines('A1', ...numbered('a', 10).slice(1, 9), 'A10'));
    assert.match(repo.git('diff', first, second), /^-a5\n\+A5$/m);
    assert.equal(repo.git('log', '-1', '--format=%s', first).trim(), 'feat: three edits');
    assert.equal(rev(repo, 'feature~1'), second, 'the branch above follows');
    assert.equal(tree(repo, 'feature'), tree(repo, above));
  });

  test('lines of one hunk: removed lines not picked stay, added lines not picked are left out', async () => {
    const repo = repoWith({ 'a.txt': lines('keep', 'old1', 'old2', 'old3', 'end') });
    commit(repo, 'feat: rewrite the middle', { 'a.txt': lines('keep', 'new1', 'new2', 'end') });
    const [hunk] = await pieces(repo);
    assert.deepEqual(
      hunk.lines.map((l) => `${l.number}${l.sign}${l.text}`),
      ['1-old1', '2-old2', '3-old3', '4+new1', '5+new2'],
    );
    // Remove old1 and old3, add new2: old2 stays as context, new1 waits for the second commit.
    const { first, second } = await splitChecked(repo, parseHunkPicks('1:1,1:3,1:5'));
    assert.equal(show(repo, first, 'a.txt'), lines('keep', 'old2', 'new2', 'end'));
    assert.equal(show(repo, second, 'a.txt'), lines('keep', 'new1', 'new2', 'end'));
  });

  test('whole files and hunks together; a folder picks every file in it', async () => {
    const repo = repoWith({ 'a.txt': lines('a1', 'a2', 'a3'), 'dir/x.txt': lines('x') });
    commit(repo, 'feat: mixed', {
      'a.txt': lines('A1', 'a2', 'A3'),
      'dir/x.txt': lines('X'),
      'dir/y.txt': lines('y'),
      'z.txt': lines('z'),
    });
    const { first } = await splitChecked(repo, [{ hunk: 2 }], ['dir']);
    assert.deepEqual(changed(repo, first), ['M\ta.txt', 'M\tdir/x.txt', 'A\tdir/y.txt']);
    assert.equal(show(repo, first, 'a.txt'), lines('a1', 'a2', 'A3'));
  });

  test('a new file: whole, or only some of its lines', async () => {
    const repo = repoWith({ 'a.txt': lines('a') });
    commit(repo, 'feat: new file', { 'a.txt': lines('A'), 'new.txt': lines('n1', 'n2', 'n3') });
    const { first } = await splitChecked(repo, [{ hunk: 2 }]);
    assert.equal(show(repo, first, 'new.txt'), lines('n1', 'n2', 'n3'));
    assert.equal(show(repo, first, 'a.txt'), lines('a'));
    await runOp(repo, undoOperation());
    const lined = await splitChecked(repo, parseHunkPicks('2:1,2:3'));
    assert.equal(show(repo, lined.first, 'new.txt'), lines('n1', 'n3'));
    assert.deepEqual(changed(repo, lined.first), ['A\tnew.txt']);
  });

  test('a deleted file: whole deletes it; some of its lines removes only those', async () => {
    const repo = repoWith({ 'a.txt': lines('a'), 'gone.txt': lines('g1', 'g2', 'g3') });
    commit(repo, 'feat: delete', { 'a.txt': lines('A'), 'gone.txt': null });
    const { first } = await splitChecked(repo, [{ hunk: 2 }]);
    assert.deepEqual(changed(repo, first), ['D\tgone.txt']);
    await runOp(repo, undoOperation());
    const lined = await splitChecked(repo, parseHunkPicks('2:2'));
    assert.equal(show(repo, lined.first, 'gone.txt'), lines('g1', 'g3'));
  });

  test('binary files go whole; a line pick of one says so', async () => {
    const repo = repoWith({ 'logo.bin': Buffer.from([0, 1, 2]), 'a.txt': lines('a') });
    commit(repo, 'feat: new logo', { 'logo.bin': Buffer.from([0, 9, 9, 9]), 'a.txt': lines('A') });
    const list = await pieces(repo);
    assert.deepEqual(
      list.map((p) => `${p.number} ${p.path} ${p.kind}`),
      ['1 a.txt hunk', '2 logo.bin whole'],
    );
    await refused(
      runOp(repo, splitOperation({ hunks: parseHunkPicks('2:1') })),
      /Hunk 2 is the binary file logo\.bin: it can only be taken whole \(2\), not by lines\./,
    );
    const { first } = await splitChecked(repo, [{ hunk: 2 }]);
    assert.deepEqual(changed(repo, first), ['M\tlogo.bin']);
    assert.equal(rev(repo, `${first}:logo.bin`), rev(repo, 'HEAD:logo.bin'));
  });

  test('files without a final newline: the kept last line gets one when lines follow it', async () => {
    const repo = repoWith({ 'a.txt': 'a\nb', 'c.txt': 'c1\nc2' });
    commit(repo, 'feat: append', { 'a.txt': 'a\nb\nc\nd', 'c.txt': 'c1\nc2\n' });
    const [aHunk, cHunk] = await pieces(repo);
    assert.deepEqual(
      aHunk.lines.map((l) => `${l.number}${l.sign}${l.text}${l.noNewline ? ' (no newline)' : ''}`),
      ['1-b (no newline)', '2+b', '3+c', '4+d (no newline)'],
    );
    assert.deepEqual(
      cHunk.lines.map((l) => `${l.sign}${l.text}${l.noNewline ? ' (no newline)' : ''}`),
      ['-c2 (no newline)', '+c2'],
    );
    // Only "c" is added: "b" is kept and gets the newline it now needs; d stays for the second commit.
    const { first, second } = await splitChecked(repo, parseHunkPicks('1:3'));
    assert.equal(show(repo, first, 'a.txt'), 'a\nb\nc\n');
    assert.equal(show(repo, second, 'a.txt'), 'a\nb\nc\nd');
    await runOp(repo, undoOperation());
    // The whole of the other hunk: c.txt gets its final newline, a.txt is as before.
    const whole = await splitChecked(repo, [{ hunk: 2 }]);
    assert.equal(show(repo, whole.first, 'c.txt'), 'c1\nc2\n');
    assert.equal(show(repo, whole.first, 'a.txt'), 'a\nb');
    await runOp(repo, undoOperation());
    // The last line alone, taken off: the file ends at "a\n" in the first commit.
    const removed = await splitChecked(repo, parseHunkPicks('1:1'));
    assert.equal(show(repo, removed.first, 'a.txt'), 'a\n');
  });

  test('renames: the rename alone, the edit alone at the old path, or both', async () => {
    const repo = repoWith({ 'old.txt': lines(...numbered('l', 8)), 'a.txt': lines('a') });
    commit(repo, 'refactor: rename and edit', {
      'old.txt': null,
      'new.txt': lines('l1', 'l2', 'L3', ...numbered('l', 8).slice(3)),
      'a.txt': lines('A'),
    });
    const list = await pieces(repo);
    assert.deepEqual(
      list.map((p) => `${p.number} ${p.oldPath ?? ''}→${p.path} ${p.kind}`),
      ['1 →a.txt hunk', '2 old.txt→new.txt rename', '3 old.txt→new.txt hunk'],
    );
    const renameOnly = await splitChecked(repo, [{ hunk: 2 }]);
    assert.deepEqual(changed(repo, renameOnly.first), ['A\tnew.txt', 'D\told.txt']);
    assert.equal(show(repo, renameOnly.first, 'new.txt'), lines(...numbered('l', 8)));
    await runOp(repo, undoOperation());
    const editOnly = await splitChecked(repo, [{ hunk: 3 }]);
    assert.deepEqual(changed(repo, editOnly.first), ['M\told.txt']);
    assert.equal(show(repo, editOnly.first, 'old.txt'), lines('l1', 'l2', 'L3', ...numbered('l', 8).slice(3)));
    await runOp(repo, undoOperation());
    const both = await splitChecked(repo, [], ['new.txt']);
    assert.equal(rev(repo, `${both.first}:new.txt`), rev(repo, 'HEAD:new.txt'));
    assert.throws(() => repo.git('rev-parse', '-q', '--verify', `${both.first}:old.txt`));
  });

  test('a mode change is a piece of its own', async () => {
    const repo = repoWith({ 'tool.sh': lines('echo 1', 'echo 2') });
    repo.write({ 'tool.sh': lines('echo one', 'echo 2') });
    chmodSync(join(repo.dir, 'tool.sh'), 0o755);
    commit(repo, 'feat: runnable', {});
    assert.deepEqual(
      (await pieces(repo)).map((p) => p.kind),
      ['mode', 'hunk'],
    );
    const { first } = await splitChecked(repo, [{ hunk: 1 }]);
    assert.match(repo.git('ls-tree', first, 'tool.sh'), /^100755 /);
    assert.equal(show(repo, first, 'tool.sh'), lines('echo 1', 'echo 2'));
    await runOp(repo, undoOperation());
    const content = await splitChecked(repo, [{ hunk: 2 }]);
    assert.match(repo.git('ls-tree', content.first, 'tool.sh'), /^100644 /);
  });

  test('splitting the rest again gives a third part', async () => {
    const repo = repoWith({ 'a.txt': lines(...numbered('a', 9)) });
    const original = commit(repo, 'feat: three parts', {
      'a.txt': lines('A1', 'a2', 'a3', 'a4', 'A5', 'a6', 'a7', 'a8', 'A9'),
    });
    const one = await runOp(repo, splitOperation({ hunks: [{ hunk: 1 }], message: 'feat: part 1' }));
    assert.deepEqual(
      (await pieces(repo, one.result.second)).map((p) => p.header),
      ['@@ -5 +5 @@', '@@ -9 +9 @@'],
    );
    const two = await runOp(
      repo,
      splitOperation({
        rev: one.result.second,
        hunks: [{ hunk: 1 }],
        message: 'feat: part 2',
        secondMessage: 'feat: part 3',
      }),
    );
    assert.deepEqual(repo.git('log', '--format=%s', 'origin/main..feature').trim().split('\n'), [
      'feat: part 3',
      'feat: part 2',
      'feat: part 1',
    ]);
    assert.equal(rev(repo, `${two.result.first}~1`), one.result.first);
    assert.equal(tree(repo, 'feature'), tree(repo, original));
    assert.equal(show(repo, 'feature~1', 'a.txt'), lines('A1', 'a2', 'a3', 'a4', 'A5', 'a6', 'a7', 'a8', 'a9'));
  });

  test('bad picks are refused before anything changes', async () => {
    const repo = repoWith({ 'a.txt': lines('a1', 'a2', 'a3'), 'logo.bin': Buffer.from([0, 1]) });
    commit(repo, 'feat: edits', { 'a.txt': lines('A1', 'a2', 'A3'), 'logo.bin': Buffer.from([0, 2]) });
    const before = picture(repo);
    const split = (hunks: HunkPick[], files?: string[]) => runOp(repo, splitOperation({ hunks, files }));
    await refused(split([{ hunk: 4 }]), /has 3 hunks \(1–3\); there is no hunk 4\./);
    await refused(split([{ hunk: 0 }]), /there is no hunk 0/);
    await refused(split([]), /Choose the changes that go into the first commit/);
    await refused(split([{ hunk: 1 }, { hunk: 2 }, { hunk: 3 }]), /Those are all of [0-9a-f]{9}'s changes/);
    await refused(split(parseHunkPicks('1:1-2,2,3')), /Those are all of/);
    await refused(split(parseHunkPicks('1:3')), /Hunk 1 has 2 lines \(1–2\); there is no line 3\./);
    await refused(split([{ hunk: 1, lines: [] }]), /Choose at least one line of hunk 1/);
    await refused(split([], ['nope.txt']), /does not change nope\.txt/);
    await assert.rejects(split([{ hunk: 4 }]), (error: OperationError) => {
      assert.deepEqual(
        error.fixes.map((f) => f.cli),
        [`stackline split ${rev(repo, 'HEAD').slice(0, 9)} --list`],
      );
      return true;
    });
    assert.deepEqual(picture(repo), before);
    assert.equal(oplogOf((await sessionOf(repo)).repo).entries().length, 0, 'no oplog entry for a refusal');
  });

  test('the messages go through the commit-msg hook, as every commit message does', async () => {
    const repo = repoWith({ 'a.txt': lines('a1', 'a2', 'a3') });
    commit(repo, 'feat: edits', { 'a.txt': lines('A1', 'a2', 'A3') });
    const hook = join(repo.dir, '.git', 'hooks', 'commit-msg');
    writeFileSync(hook, '#!/bin/sh\ngrep -q "^feat" "$1" || { echo "type must be feat" >&2; exit 1; }\n');
    chmodSync(hook, 0o755);
    const before = picture(repo);
    await refused(
      runOp(repo, splitOperation({ hunks: [{ hunk: 1 }], message: 'feat: ok', secondMessage: 'oops' })),
      /commit-msg hook rejected the message: type must be feat/,
    );
    assert.deepEqual(picture(repo), before);
    const { result } = await runOp(
      repo,
      splitOperation({ hunks: [{ hunk: 1 }], message: 'feat: one', secondMessage: 'feat: two' }),
    );
    assert.equal(repo.git('log', '-1', '--format=%s', result.first).trim(), 'feat: one');
  });
});

describe('stackline split', () => {
  test('--list numbers the hunks and their lines, --json too; --hunks splits; help says how', async () => {
    const repo = repoWith({ 'a.txt': lines('a1', 'a2', 'a3', 'a4'), 'logo.bin': Buffer.from([0, 1]) });
    const original = commit(repo, 'feat: edits', {
      'a.txt': lines('A1', 'a2', 'a3', 'A4', 'more'),
      'logo.bin': Buffer.from([0, 2]),
    });
    const short = original.slice(0, 9);
    const list = runCli(repo.dir, ['split', '--list']);
    assert.equal(list.code, 0, list.stderr);
    assert.equal(
      list.stdout,
      [
        `${short} "feat: edits": 3 hunks`,
        '',
        '1  a.txt  @@ -1 +1 @@',
        '     1  -a1',
        '     2  +A1',
        '2  a.txt  @@ -4 +4,2 @@',
        '     1  -a4',
        '     2  +A4',
        '     3  +more',
        '3  logo.bin  binary file (whole file only)',
        '',
        'Pick hunks with --hunks 1,3 and lines of a hunk with --hunks 2:1-3,2:7.',
        '',
      ].join('\n'),
    );
    const json = JSON.parse(runCli(repo.dir, ['split', 'HEAD', '--list', '--json']).stdout);
    assert.equal(json.commit, original);
    assert.equal(json.hunks.length, 3);
    assert.deepEqual(json.hunks[1], {
      number: 2,
      path: 'a.txt',
      change: 'modified',
      kind: 'hunk',
      header: '@@ -4 +4,2 @@',
      lines: [
        { number: 1, sign: '-', text: 'a4', line: 4 },
        { number: 2, sign: '+', text: 'A4', line: 4 },
        { number: 3, sign: '+', text: 'more', line: 5 },
      ],
    });
    assert.equal(json.hunks[2].reason, 'binary');

    const bad = runCli(repo.dir, ['split', '--hunks', '3:1']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /Hunk 3 is the binary file logo\.bin: it can only be taken whole/);
    assert.match(bad.stderr, new RegExp(`stackline split ${short} --list`));

    const done = runCli(repo.dir, [
      'split',
      '--hunks',
      '1,2:1-2',
      '-m',
      'feat: first',
      '--second-message',
      'feat: second',
    ]);
    assert.equal(done.code, 0, done.stderr);
    assert.match(
      done.stdout,
      /^Split [0-9a-f]{9} into [0-9a-f]{9} \(2 hunks of a\.txt, some lines only\) and [0-9a-f]{9} \(the rest\)\./,
    );
    assert.deepEqual(repo.git('log', '--format=%s', 'origin/main..feature').trim().split('\n'), [
      'feat: second',
      'feat: first',
    ]);
    assert.equal(show(repo, 'feature~1', 'a.txt'), lines('A1', 'a2', 'a3', 'A4'));
    assert.equal(tree(repo, 'feature'), tree(repo, original));
    assert.match(repo.git('log', '-1', '--format=%s', 'HEAD'), /feat: second/);
    const oplog = runCli(repo.dir, ['oplog']);
    assert.match(oplog.stdout, /split HEAD --hunks 1,2:1-2/);

    const usage = runCli(repo.dir, ['split']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /split needs the changes for the first commit/);
    const help = runCli(repo.dir, ['help']);
    assert.match(help.stdout, /split \[<rev>\] --list/);
    assert.match(help.stdout, /--hunks 2:1-3,2:7/);
  });
});
