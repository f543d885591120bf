// Absorb's hunk reading on real `git diff -U0` output (quoted paths, missing newlines at the end,
// new, deleted, binary and mode-changed files) and its commute rule: a hunk passes a commit's hunk
// only with an unchanged line between them, moving by what that hunk added or removed above it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { commuteBefore, parsePatch, ZERO_CONTEXT_PATCH, type Hunk } from '../../src/core/operations/hunks';
import { makeRepo, removeTempDirs } from '../helpers/repo';

after(removeTempDirs);

test('git diff -U0 output: paths, kinds, modes, binary files and lines without a final newline', () => {
  const repo = makeRepo();
  repo.commit('base', {
    'plain.txt': 'a\nb\nc',
    'naïve name.txt': 'x\n',
    'gone.txt': 'bye\n',
    'tool.sh': 'echo\n',
  });
  writeFileSync(join(repo.dir, 'data.bin'), Buffer.from([0, 1]));
  repo.git('add', 'data.bin');
  repo.git('commit', '-q', '-m', 'binary');
  repo.write({ 'plain.txt': 'A\nb\nc\n', 'naïve name.txt': 'x\ny\n', 'new.txt': 'n\n' });
  writeFileSync(join(repo.dir, 'data.bin'), Buffer.from([0, 2]));
  repo.git('rm', '-q', 'gone.txt');
  chmodSync(join(repo.dir, 'tool.sh'), 0o755);
  repo.git('add', 'new.txt');
  // As Stackline reads it: bytes as latin1 text.
  const patch = execFileSync('git', ['diff', ...ZERO_CONTEXT_PATCH, 'HEAD', '--'], { cwd: repo.dir });
  const files = parsePatch(patch.toString('latin1'));
  const byPath = new Map(files.map((f) => [f.path, f]));
  assert.deepEqual([...byPath.keys()].sort(), [
    'data.bin',
    'gone.txt',
    'naïve name.txt',
    'new.txt',
    'plain.txt',
    'tool.sh',
  ]);
  assert.deepEqual(byPath.get('plain.txt')!.hunks, [
    { oldStart: 0, removed: ['a\n'], newStart: 0, added: ['A\n'] },
    { oldStart: 2, removed: ['c'], newStart: 2, added: ['c\n'] },
  ]);
  assert.deepEqual(byPath.get('naïve name.txt')!.hunks, [{ oldStart: 1, removed: [], newStart: 1, added: ['y\n'] }]);
  assert.equal(byPath.get('new.txt')!.kind, 'added');
  assert.equal(byPath.get('gone.txt')!.kind, 'deleted');
  assert.equal(byPath.get('data.bin')!.binary, true);
  assert.deepEqual(
    [byPath.get('tool.sh')!.oldMode, byPath.get('tool.sh')!.newMode, byPath.get('tool.sh')!.hunks.length],
    ['100644', '100755', 0],
  );
});

const hunk = (newStart: number, added: number, removed: number): Hunk => ({
  oldStart: newStart,
  removed: Array.from({ length: removed }, () => 'r\n'),
  newStart,
  added: Array.from({ length: added }, () => 'a\n'),
});

test('a hunk commutes with a commit only with an unchanged line between them', () => {
  // The commit replaced line 2 (0-based) with two lines.
  const commit = [hunk(2, 2, 1)];
  assert.equal(commuteBefore(0, 1, commit), 0, 'line 0: a line between, above');
  assert.equal(commuteBefore(1, 1, commit), undefined, 'line 1 touches it from above');
  assert.equal(commuteBefore(2, 1, commit), undefined, 'inside');
  assert.equal(commuteBefore(4, 1, commit), undefined, 'line 4 touches it from below');
  assert.equal(commuteBefore(5, 1, commit), 4, 'line 5 moves up by the one line the commit added');
  assert.equal(commuteBefore(2, 0, commit), undefined, 'an insertion right before it');
  assert.equal(commuteBefore(1, 0, commit), 1, 'an insertion with line 1 between');
  assert.equal(commuteBefore(5, 0, commit), 4, 'an insertion with line 4 between');
  // A deletion leaves a point: lines either side of it touch it.
  const deletion = [hunk(3, 0, 2)];
  assert.equal(commuteBefore(2, 1, deletion), undefined);
  assert.equal(commuteBefore(3, 1, deletion), undefined);
  assert.equal(commuteBefore(4, 1, deletion), 6);
  assert.equal(commuteBefore(1, 1, deletion), 1);
  // Several hunks: undone last first, each moving what is below it.
  assert.equal(commuteBefore(10, 1, [hunk(0, 3, 0), hunk(5, 0, 2)]), 9);
});
