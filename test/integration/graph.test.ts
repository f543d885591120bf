// What the graph webview is fed, from real repositories: history pages, commit details with file
// stats, and the smartlog and history turned into protocol rows that pass the webview's validator.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { GitError } from '../../src/core/git/errors';
import { parseNumstat } from '../../src/core/git/parsers/numstat';
import { discoverRepository } from '../../src/core/git/repository';
import { GitRunner } from '../../src/core/git/runner';
import { historyCommits, smartlogMessage } from '../../src/core/graph/commits';
import { layoutGraph } from '../../src/core/graph/layout';
import { readCommitDetails } from '../../src/core/history/details';
import { readHistoryLabels, readHistoryPage, resolveHistoryTips } from '../../src/core/history/log';
import { buildSmartlog } from '../../src/core/smartlog/build';
import { validateHostMessage } from '../../src/protocol';
import { GraphModel } from '../../webview-ui/model';
import { makeClone, makeRepo, removeTempDirs } from '../helpers/repo';

after(removeTempDirs);

test('history: pages of a walk from pinned tips cover every commit once, children before parents', async () => {
  const { repo } = makeClone(12);
  repo.git('switch', '-q', '-c', 'feature', 'HEAD~5');
  for (let i = 0; i < 4; i++) repo.commit(`feature ${i}`);
  repo.git('tag', '-a', '-m', 'release', 'v1', 'HEAD~1');
  repo.git('switch', '-q', 'main');
  repo.git('merge', '-q', '--no-ff', '-m', 'merge feature', 'feature');
  const git = new GitRunner(repo.dir);
  const tips = await resolveHistoryTips(git, null);
  const expected = Number(repo.git('rev-list', '--count', '--branches', '--remotes', '--tags', 'HEAD').trim());

  const seen: string[] = [];
  let done = false;
  for (let offset = 0; !done; offset += 5) {
    const page = await readHistoryPage(git, tips.tips, offset, 5);
    seen.push(...page.commits.map((c) => c.hash));
    done = page.done;
    // A commit made while paging does not shift the pages of this walk.
    if (offset === 5) repo.commit('made while paging');
  }
  assert.equal(seen.length, expected);
  assert.equal(new Set(seen).size, expected, 'no commit twice');
  const rowOf = new Map(seen.map((hash, index) => [hash, index]));
  for (const hash of seen) {
    for (const parent of repo.git('rev-list', '--parents', '-n1', hash).trim().split(' ').slice(1)) {
      assert.ok(rowOf.get(parent)! > rowOf.get(hash)!, 'parents come after their children');
    }
  }
});

test('history of one ref, and a clear error for a ref that does not exist', async () => {
  const repo = makeRepo();
  repo.commit('one');
  repo.commit('two');
  repo.git('switch', '-q', '-c', 'side', 'HEAD~1');
  repo.commit('side');
  const git = new GitRunner(repo.dir);
  const tips = await resolveHistoryTips(git, 'main');
  assert.deepEqual(tips.tips, [repo.git('rev-parse', 'main').trim()]);
  const page = await readHistoryPage(git, tips.tips, 0);
  assert.deepEqual(
    page.commits.map((c) => c.title),
    ['two', 'one'],
  );
  assert.equal(page.done, true);
  await assert.rejects(
    resolveHistoryTips(git, 'no-such-branch'),
    (error: unknown) =>
      error instanceof GitError && /'no-such-branch' is not a commit, branch or tag/.test(error.message),
  );
  const empty = makeRepo();
  assert.deepEqual(
    await readHistoryPage(new GitRunner(empty.dir), (await resolveHistoryTips(new GitRunner(empty.dir), null)).tips, 0),
    { commits: [], done: true },
  );
});

test('commit details: full message, both people and dates, files with +/- (renames, binaries, merges, root)', async () => {
  const repo = makeRepo();
  const root = repo.commit('root: add files', {
    'a.txt': 'one\ntwo\n',
    'old name.txt': 'x\n'.repeat(20),
    'logo.bin': 'P\0N\0G',
  });
  repo.write({ 'a.txt': 'one\n2\nthree\n', 'logo.bin': 'P\0N\0G\0!' });
  repo.git('mv', 'old name.txt', 'new name.txt');
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'feat: <b>second</b>\n\nBody line 1\n\nBody line 3');
  const second = repo.head();
  const git = new GitRunner(repo.dir);

  const details = await readCommitDetails(git, second);
  assert.equal(details.message, 'feat: <b>second</b>\n\nBody line 1\n\nBody line 3');
  assert.equal(details.author, 'Ada Tester');
  assert.equal(details.authorEmail, 'ada@example.com');
  assert.equal(details.committer, 'Ada Tester');
  assert.ok(Number.isSafeInteger(details.authorDate) && details.commitDate >= details.authorDate);
  assert.deepEqual(details.parents, [root]);
  assert.deepEqual(
    details.files.map((f) => [f.status, f.path, f.originalPath, f.added, f.deleted]),
    [
      ['M', 'a.txt', undefined, 2, 1],
      ['M', 'logo.bin', undefined, null, null],
      ['R', 'new name.txt', 'old name.txt', 0, 0],
    ],
  );
  const first = await readCommitDetails(git, root);
  assert.deepEqual(first.parents, []);
  assert.deepEqual(
    first.files.map((f) => [f.status, f.path, f.added]),
    [
      ['A', 'a.txt', 2],
      ['A', 'logo.bin', null],
      ['A', 'old name.txt', 20],
    ],
  );

  repo.git('switch', '-q', '-c', 'side', root);
  repo.commit('side', { 'side.txt': 's\n' });
  repo.git('switch', '-q', 'main');
  repo.git('merge', '-q', '--no-ff', '-m', 'merge side', 'side');
  const merge = await readCommitDetails(git, repo.head());
  assert.equal(merge.parents.length, 2);
  assert.deepEqual(
    merge.files.map((f) => f.path),
    ['side.txt'],
    'a merge shows what it brought in over its first parent',
  );
  await assert.rejects(readCommitDetails(git, 'f'.repeat(40)), /not in this repository any more/);
  for (const d of [details, first, merge])
    assert.equal(validateHostMessage({ type: 'response', id: 1, method: 'details', result: d }).ok, true);
});

test('numstat parser: paths with tabs and spaces, renames', () => {
  assert.deepEqual(parseNumstat('3\t1\tdir/a b.txt\0-\t-\tbin\tary\0' + '0\t0\t\0old.txt\0new.txt\0'), [
    { path: 'dir/a b.txt', added: 3, deleted: 1 },
    { path: 'bin\tary', added: null, deleted: null },
    { path: 'new.txt', originalPath: 'old.txt', added: 0, deleted: 0 },
  ]);
});

test('smartlog rows for the webview: graph parents, folded trunk runs, labels; valid protocol; lanes for every edge', async () => {
  const { origin, repo } = makeClone(6);
  repo.git('switch', '-q', '-c', 'stack', 'HEAD~4');
  repo.commit('stack 1');
  repo.commit('stack 2');
  writeFileSync(join(repo.dir, 'dirty.txt'), 'x');
  origin.commit('trunk 7');
  repo.git('fetch', '-q');
  const smartlog = await buildSmartlog(new GitRunner(repo.dir), await discoverRepository(repo.dir));
  const message = smartlogMessage(smartlog);
  assert.equal(validateHostMessage(message).ok, true, JSON.stringify(validateHostMessage(message)));
  assert.deepEqual(message.uncommitted, {
    staged: 0,
    modified: 0,
    untracked: 1,
    conflicted: 0,
    files: [{ path: 'dirty.txt', state: 'untracked' }],
  });
  assert.deepEqual(
    message.commits.map((c) => [
      c.title,
      c.phase,
      c.folded ?? 0,
      c.isHead,
      c.branches.map((b) => `${b.name}${b.current ? '*' : ''}`).join(','),
    ]),
    [
      ['trunk 7', 'public', 4, false, 'origin/main'],
      ['stack 2', 'draft', 0, true, 'stack*'],
      ['stack 1', 'draft', 0, false, ''],
      ['trunk 2', 'public', 0, false, ''],
    ],
  );
  const model = GraphModel.smartlog(message.commits, message.uncommitted);
  assert.deepEqual(
    model.rows.map((r) => r.kind),
    ['commit', 'fold', 'uncommitted', 'commit', 'commit', 'commit'],
    'uncommitted changes right above HEAD',
  );
  for (const row of model.layout.rows)
    for (const lane of row.parentColumns) assert.ok(lane >= 0, `${row.id}: every edge has a lane`);
  assert.deepEqual(
    layoutGraph(message.commits.map((c) => ({ id: c.hash, parents: c.parents }))).map((r) => r.column),
    [0, 1, 1, 0],
  );
});

test('history rows: branch and tag labels, HEAD, a remote branch only when nothing local tracks it', async () => {
  const { repo } = makeClone(3);
  repo.git('tag', 'v1', 'HEAD~1');
  repo.git('tag', '-a', '-m', 'annotated', 'v2', 'HEAD');
  repo.git('branch', 'other', 'HEAD~2');
  const git = new GitRunner(repo.dir);
  const page = await readHistoryPage(git, (await resolveHistoryTips(git, null)).tips, 0);
  const rows = historyCommits(page.commits, await readHistoryLabels(git), repo.head(), 'main');
  assert.deepEqual(
    rows.map((c) => [c.title, c.isHead, c.branches.map((b) => b.name).join(','), (c.tags ?? []).join(',')]),
    [
      ['trunk 3', true, 'main', 'v2'],
      ['trunk 2', false, '', 'v1'],
      ['trunk 1', false, 'other', ''],
    ],
  );
  assert.equal(
    validateHostMessage({
      type: 'history',
      repo: { root: repo.dir, name: 'r', head: null, branch: null, trunk: null },
      ref: null,
      session: 0,
      offset: 0,
      commits: rows,
      done: true,
    }).ok,
    true,
  );
});
