// absorb on real repositories: where each hunk goes (file starts and ends, several commits, lines no
// draft changed), what stays and why (new, deleted, renamed and binary files), staged and unstaged
// changes, a refusal when commits above would conflict, one oplog entry, exact undo, and the CLI.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  absorbOperation,
  absorbPreview,
  oplogOf,
  OperationError,
  undoOperation,
  type AbsorbRow,
} from '../../src/core/operations';
import { runCli } from '../helpers/cli';
import { filesOf, picture, runOp, sessionOf } from '../helpers/ops';
import { makeRepo, removeTempDirs, repoAt, tempDir, type TestRepo } from '../helpers/repo';

after(removeTempDirs);

const lines = (...text: string[]) => text.map((line) => `${line}\n`).join('');
const numbered = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

/** A clone whose trunk has `files`, on a branch `feature` for the stack. */
function repoWithTrunk(files: Record<string, string>): TestRepo {
  const origin = makeRepo();
  origin.commit('trunk', files);
  const dir = tempDir();
  execFileSync('git', ['clone', '-q', origin.dir, dir]);
  const repo = repoAt(dir, false);
  repo.git('checkout', '-q', '-b', 'feature');
  return repo;
}

/** Each row as "path → title" or "path stays: reason", in the plan's order. */
function where(rows: AbsorbRow[]): string[] {
  return rows.map((row) => (row.target ? `${row.path} → ${row.target.title}` : `${row.path} stays: ${row.stays}`));
}

const show = (repo: TestRepo, rev: string, path: string) => repo.git('show', `${rev}:${path}`);

test('hunks go into the commits that last changed their lines, at file starts and ends; trunk lines stay', async () => {
  const repo = repoWithTrunk({ 'a.txt': lines(...numbered('t', 10)), 'gone.txt': lines('bye') });
  repo.commit('edit the top', { 'a.txt': lines('c1', ...numbered('t', 10).slice(1)) });
  repo.commit('edit the middle', { 'a.txt': lines('c1', 't2', 't3', 't4', 'm5', 't6', 't7', 't8', 't9', 't10') });
  const end = lines('c1', 't2', 't3', 't4', 'm5', 't6', 't7', 't8', 't9', 't10', 'e11') + 'e12';
  repo.commit('append without a newline', { 'a.txt': end });
  repo.commit('add b', { 'b.txt': lines('b1', 'b2') });
  const wc = lines('fix1', 't2', 't3', 't4', 'fix5', 't6', 't7', 'fix8', 't9', 't10', 'e11', 'e12 fixed');
  writeFileSync(join(repo.dir, 'c.bin'), Buffer.from([0, 1, 2]));
  repo.git('add', 'c.bin');
  repo.git('commit', '-q', '-m', 'add a binary');
  repo.write({ 'a.txt': wc, 'b.txt': lines('b1', 'b2 fixed'), 'new.txt': lines('new') });
  repo.git('add', 'new.txt');
  repo.git('rm', '-q', 'gone.txt');
  writeFileSync(join(repo.dir, 'c.bin'), Buffer.from([0, 1, 3]));

  const session = await sessionOf(repo);
  const rows = await absorbPreview(session);
  assert.deepEqual(
    where(rows).sort(),
    [
      'a.txt → append without a newline',
      'a.txt → edit the middle',
      'a.txt → edit the top',
      'a.txt stays: no-draft-commit',
      'b.txt → add b',
      'c.bin stays: binary',
      'gone.txt stays: deleted-file',
      'new.txt stays: new-file',
    ].sort(),
  );
  assert.deepEqual(
    rows.filter((r) => r.path === 'a.txt').map((r) => [r.old, r.new]),
    [
      [
        { start: 1, count: 1 },
        { start: 1, count: 1 },
      ],
      [
        { start: 5, count: 1 },
        { start: 5, count: 1 },
      ],
      [
        { start: 8, count: 1 },
        { start: 8, count: 1 },
      ],
      [
        { start: 12, count: 1 },
        { start: 12, count: 1 },
      ],
    ],
  );

  const before = picture(repo);
  const entries = oplogOf(session.repo).entries().length;
  const outcome = await runOp(repo, absorbOperation());
  assert.match(outcome.summary, /^Absorbed 4 hunks into 4 commits; restacked 1 commit; 4 changes stayed/);
  assert.deepEqual(
    outcome.result.targets.map((t) => `${t.title}: ${t.hunks} ${t.paths.join(',')}`),
    ['edit the top: 1 a.txt', 'edit the middle: 1 a.txt', 'append without a newline: 1 a.txt', 'add b: 1 b.txt'],
  );
  // The same six commits on the same trunk; each has the hunks absorbed at or below it.
  assert.deepEqual(repo.git('log', '--format=%s', 'origin/main..feature').trim().split('\n'), [
    'add a binary',
    'add b',
    'append without a newline',
    'edit the middle',
    'edit the top',
  ]);
  assert.equal(show(repo, 'feature~4', 'a.txt'), lines('fix1', ...numbered('t', 10).slice(1)));
  assert.equal(
    show(repo, 'feature~3', 'a.txt'),
    lines('fix1', 't2', 't3', 't4', 'fix5', 't6', 't7', 't8', 't9', 't10'),
  );
  const absorbedEnd = lines('fix1', 't2', 't3', 't4', 'fix5', 't6', 't7', 't8', 't9', 't10', 'e11', 'e12 fixed');
  assert.equal(show(repo, 'feature~2', 'a.txt'), absorbedEnd);
  assert.equal(show(repo, 'feature~1', 'b.txt'), lines('b1', 'b2 fixed'));
  // The work tree is as it was; what stays is what `git diff HEAD` still shows.
  assert.deepEqual(filesOf(repo.dir), before.files);
  assert.equal(repo.git('rev-parse', 'HEAD'), repo.git('rev-parse', 'feature'));
  assert.deepEqual(repo.git('diff', 'HEAD', '--name-status').trim().split('\n').sort(), [
    'A\tnew.txt',
    'D\tgone.txt',
    'M\ta.txt',
    'M\tc.bin',
  ]);
  assert.match(repo.git('diff', 'HEAD', '-U0', '--', 'a.txt'), /^-t8\n\+fix8$/m);
  assert.equal(oplogOf(session.repo).entries().length, entries + 1);

  await runOp(repo, undoOperation());
  assert.deepEqual(picture(repo), before);
});

test('staged and unstaged changes are absorbed alike; a fully staged file keeps what stays staged', async () => {
  const repo = repoWithTrunk({ 'a.txt': lines(...numbered('a', 6)), 'b.txt': lines(...numbered('b', 6)) });
  repo.commit('change a', { 'a.txt': lines('A1', 'a2', 'a3', 'a4', 'a5', 'a6') });
  repo.commit('change b', { 'b.txt': lines('B1', 'b2', 'b3', 'b4', 'b5', 'b6') });
  repo.write({ 'a.txt': lines('fixA1', 'a2', 'a3', 'a4', 'a5', 'stays6') });
  repo.git('add', 'a.txt');
  repo.write({ 'b.txt': lines('fixB1', 'b2', 'b3', 'b4', 'b5', 'b6') });
  const before = picture(repo);

  await runOp(repo, absorbOperation());
  assert.equal(show(repo, 'HEAD~1', 'a.txt'), lines('fixA1', 'a2', 'a3', 'a4', 'a5', 'a6'));
  assert.equal(show(repo, 'HEAD', 'b.txt'), lines('fixB1', 'b2', 'b3', 'b4', 'b5', 'b6'));
  assert.match(repo.git('diff', '--cached', '-U0'), /^-a6\n\+stays6$/m);
  assert.equal(repo.git('diff'), '');
  assert.deepEqual(filesOf(repo.dir), before.files);

  await runOp(repo, undoOperation());
  assert.deepEqual(picture(repo), before);
});

test('a file a commit renamed takes its hunks into that commit; a rename in the working copy stays', async () => {
  const repo = repoWithTrunk({ 'old.txt': lines(...numbered('o', 5)), 'keep.txt': lines(...numbered('k', 5)) });
  repo.git('mv', 'old.txt', 'new.txt');
  repo.git('commit', '-q', '-m', 'rename old to new');
  repo.commit('change keep', { 'keep.txt': lines('K1', 'k2', 'k3', 'k4', 'k5') });
  repo.write({ 'new.txt': lines('o1', 'o2', 'fix3', 'o4', 'o5') });
  repo.git('mv', 'keep.txt', 'moved.txt');
  repo.write({ 'moved.txt': lines('fixK1', 'k2', 'k3', 'k4', 'k5') });

  const rows = await absorbPreview(await sessionOf(repo));
  assert.deepEqual(
    where(rows).sort(),
    ['keep.txt stays: deleted-file', 'moved.txt stays: new-file', 'new.txt → rename old to new'].sort(),
  );
  await runOp(repo, absorbOperation());
  assert.equal(show(repo, 'HEAD~1', 'new.txt'), lines('o1', 'o2', 'fix3', 'o4', 'o5'));
  assert.equal(show(repo, 'HEAD', 'keep.txt'), lines('K1', 'k2', 'k3', 'k4', 'k5'));
});

test('commits above HEAD that would conflict make absorb refuse, changing nothing', async () => {
  const repo = repoWithTrunk({ 'a.txt': lines(...numbered('a', 8)) });
  repo.commit('change a4', { 'a.txt': lines('a1', 'a2', 'a3', 'A4', 'a5', 'a6', 'a7', 'a8') });
  repo.commit('change a5', { 'a.txt': lines('a1', 'a2', 'a3', 'A4', 'A5', 'a6', 'a7', 'a8') });
  repo.git('checkout', '-q', 'HEAD~1');
  repo.write({ 'a.txt': lines('a1', 'a2', 'a3', 'fix4', 'a5', 'a6', 'a7', 'a8') });
  const before = picture(repo);

  await assert.rejects(runOp(repo, absorbOperation()), (error: unknown) => {
    assert.ok(error instanceof OperationError && error.kind === 'refused');
    assert.match(error.message, /conflict in a\.txt.*Nothing was changed\./);
    return true;
  });
  assert.deepEqual(picture(repo), before);
});

test('nothing to absorb: the reasons, and nothing changes', async () => {
  const repo = repoWithTrunk({ 'a.txt': lines(...numbered('a', 6)) });
  repo.commit('add b', { 'b.txt': lines('b') });
  repo.write({ 'a.txt': lines('a1', 'a2', 'x3', 'a4', 'a5', 'a6') });
  const before = picture(repo);
  await assert.rejects(runOp(repo, absorbOperation()), (error: unknown) => {
    assert.ok(error instanceof OperationError && error.kind === 'nothing-to-do');
    assert.match(error.message, /^The change can't be absorbed \(no draft commit changed these lines\)\./);
    return true;
  });
  assert.deepEqual(picture(repo), before);
});

test('stackline absorb: --dry-run prints the table and writes nothing; absorb prints it with a line per commit', () => {
  const repo = repoWithTrunk({ 'a.txt': lines(...numbered('a', 6)) });
  repo.commit('change a2', { 'a.txt': lines('a1', 'A2', 'a3', 'a4', 'a5', 'a6') });
  repo.write({ 'a.txt': lines('a1', 'fix2', 'a3', 'a4', 'a5', 'x6'), 'new.txt': 'n\n' });
  repo.git('add', 'new.txt');
  const before = picture(repo);
  const hash = repo.git('rev-parse', '--short=9', 'HEAD').trim();

  const dry = runCli(repo.dir, ['absorb', '--dry-run']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.equal(
    dry.stdout,
    [
      'new.txt  -0,0 +1,1  stays: new file',
      `a.txt    -2,1 +2,1  → ${hash} "change a2"`,
      'a.txt    -6,1 +6,1  stays: no draft commit changed these lines',
      '',
    ].join('\n'),
  );
  assert.deepEqual(picture(repo), before);
  const json = JSON.parse(runCli(repo.dir, ['absorb', '-n', '--json']).stdout) as { hunks: { reason?: string }[] };
  assert.deepEqual(
    json.hunks.map((h) => h.reason),
    ['new file', undefined, 'no draft commit changed these lines'],
  );

  const applied = runCli(repo.dir, ['absorb']);
  assert.equal(applied.code, 0, applied.stderr);
  const now = repo.git('rev-parse', '--short=9', 'HEAD').trim();
  assert.match(applied.stdout, new RegExp(`\n\n${hash} → ${now} "change a2": 1 hunk \\(a\\.txt\\)\n`));
  assert.match(applied.stdout, /Absorbed 1 hunk into 1 commit; 2 changes stayed in the working copy\.\n$/);

  const again = runCli(repo.dir, ['absorb']);
  assert.equal(again.code, 1);
  assert.match(again.stdout, /a\.txt {4}-6,1 \+6,1  stays: no draft commit changed these lines/);
  assert.match(again.stderr, /None of the 2 changes can be absorbed/);
});

test('a branch above, checked out in another clean worktree, moves there too; undo brings both back', async () => {
  const repo = repoWithTrunk({ 'a.txt': lines(...numbered('a', 4)) });
  repo.commit('change a1', { 'a.txt': lines('A1', 'a2', 'a3', 'a4') });
  repo.git('switch', '-q', '-c', 'top');
  repo.commit('add b', { 'b.txt': lines('b') });
  repo.git('switch', '-q', 'feature');
  const other = repoAt(join(tempDir(), 'wt2'), false);
  repo.git('worktree', 'add', '-q', other.dir, 'top');
  repo.write({ 'a.txt': lines('fix1', 'a2', 'a3', 'a4') });
  const before = { here: picture(repo), there: filesOf(other.dir), top: repo.git('rev-parse', 'top') };

  const outcome = await runOp(repo, absorbOperation());
  assert.equal(repo.git('rev-parse', 'top~1'), repo.git('rev-parse', 'feature'));
  assert.equal(show(repo, 'top', 'a.txt'), lines('fix1', 'a2', 'a3', 'a4'));
  assert.equal(other.git('rev-parse', 'HEAD'), repo.git('rev-parse', 'top'));
  assert.equal(filesOf(other.dir)['a.txt'], lines('fix1', 'a2', 'a3', 'a4'));
  assert.ok(
    outcome.notices.some((n) => n.worktree === other.dir),
    outcome.summary,
  );

  await runOp(repo, undoOperation());
  assert.deepEqual(picture(repo), before.here);
  assert.equal(repo.git('rev-parse', 'top'), before.top);
  assert.deepEqual(filesOf(other.dir), before.there);
});
