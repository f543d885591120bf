// Parsers fed with output captured from real git in temp repos.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, test } from 'node:test';
import { LOG_FORMAT, parseLog } from '../../src/core/git/parsers/log';
import { parseNameStatus } from '../../src/core/git/parsers/diff';
import { REFS_FORMAT, parseRefs, shortRefName } from '../../src/core/git/parsers/refs';
import { parseStatus } from '../../src/core/git/parsers/status';
import { makeClone, makeRepo, removeTempDirs } from '../helpers/repo';

after(removeTempDirs);

test('log -z: fields, parents, unicode titles and boundary marks', () => {
  const repo = makeRepo();
  const root = repo.commit('root commit');
  const second = repo.commit('feat: ünïcødé — with  two spaces');
  repo.git('switch', '-q', '-c', 'side', root);
  const side = repo.commit('side');
  repo.git('switch', '-q', 'main');
  repo.git('merge', '-q', '--no-ff', '-m', 'merge side', 'side');
  const merge = repo.head();

  const all = parseLog(repo.git('log', '-z', `--format=${LOG_FORMAT}`, '--topo-order', 'main'));
  assert.equal(all.length, 4);
  assert.equal(all[0].hash, merge);
  assert.equal(all[3].hash, root);
  assert.deepEqual(all[0].parents, [second, side]);
  assert.equal(all.find((c) => c.hash === second)?.title, 'feat: ünïcødé — with  two spaces');
  assert.deepEqual(all.find((c) => c.hash === root)?.parents, []);
  assert.equal(all[0].author, 'Ada Tester');
  assert.equal(all[0].authorEmail, 'ada@example.com');
  assert.ok(all.every((c) => c.date > 1_600_000_000 && !c.boundary));

  const bounded = parseLog(repo.git('log', '-z', `--format=${LOG_FORMAT}`, '--boundary', 'side', '--not', 'main~1'));
  assert.deepEqual(
    bounded.map((c) => [c.hash, c.boundary]),
    [
      [side, false],
      [root, true],
    ],
  );
  assert.deepEqual(parseLog(''), []);
});

test('log -z: the date is the author date, which an amend keeps; the committer date moves', () => {
  const repo = makeRepo();
  repo.commit('feat: first');
  const authored = Number(repo.git('log', '-1', '--format=%at').trim());
  execFileSync('git', ['commit', '-q', '--amend', '--no-edit'], {
    cwd: repo.dir,
    env: { ...process.env, GIT_COMMITTER_DATE: `${authored + 3600} +0000` },
  });
  const [amended] = parseLog(repo.git('log', '-z', `--format=${LOG_FORMAT}`, '-1'));
  assert.equal(amended.date, authored, 'age follows the author date');
  assert.equal(amended.committerDate, authored + 3600);
});

test('status --porcelain=v2 -z: staged, modified, untracked, renamed, conflicted, odd paths', () => {
  const repo = makeRepo();
  repo.commit('base', { 'a.txt': 'a\n', 'dir with space/ü.txt': 'u\n', 'old.txt': 'o\n', 'c.txt': 'base\n' });
  repo.git('switch', '-q', '-c', 'other');
  repo.commit('other side', { 'c.txt': 'other\n' });
  repo.git('switch', '-q', 'main');
  repo.commit('main side', { 'c.txt': 'main\n' });
  assert.throws(() => repo.git('merge', '-q', 'other'));
  repo.write({ 'a.txt': 'changed\n', 'dir with space/ü.txt': 'staged\n', 'new file.txt': 'n\n' });
  repo.git('add', 'dir with space/ü.txt');
  repo.git('mv', 'old.txt', 'renamed.txt');

  const status = parseStatus(repo.git('status', '--porcelain=v2', '-z', '--branch'));
  assert.equal(status.branch.head, 'main');
  assert.match(status.branch.oid ?? '', /^[0-9a-f]{40}$/);
  const byPath = new Map(status.files.map((f) => [f.path, f]));
  assert.deepEqual(byPath.get('a.txt')?.kinds, ['modified']);
  assert.deepEqual(byPath.get('dir with space/ü.txt')?.kinds, ['staged']);
  assert.deepEqual(byPath.get('new file.txt')?.kinds, ['untracked']);
  assert.deepEqual(byPath.get('c.txt')?.kinds, ['conflicted']);
  assert.equal(byPath.get('renamed.txt')?.originalPath, 'old.txt');
  assert.equal(byPath.get('renamed.txt')?.index, 'R');
});

test('status: detached HEAD and unborn branch', () => {
  const repo = makeRepo();
  assert.deepEqual(parseStatus(repo.git('status', '--porcelain=v2', '-z', '--branch')).branch, { head: 'main' });
  repo.commit('one');
  repo.git('switch', '-q', '--detach');
  const branch = parseStatus(repo.git('status', '--porcelain=v2', '-z', '--branch')).branch;
  assert.equal(branch.head, undefined);
  assert.equal(branch.oid, repo.head());
});

test('for-each-ref: upstream tracking ahead/behind/gone and symrefs', () => {
  const { origin, repo } = makeClone(2);
  repo.git('switch', '-q', '-c', 'feature', '--track', 'origin/main');
  repo.commit('local work');
  origin.commit('upstream work');
  repo.git('fetch', '-q');
  origin.git('branch', 'doomed');
  repo.git('fetch', '-q');
  repo.git('branch', '-q', '--track', 'gone-branch', 'origin/doomed');
  origin.git('branch', '-D', 'doomed');
  repo.git('fetch', '-q', '--prune');

  const refs = parseRefs(repo.git('for-each-ref', `--format=${REFS_FORMAT}`));
  const feature = refs.find((r) => r.name === 'refs/heads/feature');
  assert.deepEqual([feature?.upstream, feature?.ahead, feature?.behind], ['refs/remotes/origin/main', 1, 1]);
  assert.equal(refs.find((r) => r.name === 'refs/heads/gone-branch')?.upstreamGone, true);
  assert.equal(refs.find((r) => r.name === 'refs/remotes/origin/HEAD')?.symref, 'refs/remotes/origin/main');
  assert.equal(shortRefName('refs/remotes/origin/main'), 'origin/main');
  assert.equal(shortRefName('refs/heads/feature/x'), 'feature/x');
});

test('diff-tree --name-status -z: added, modified, deleted, renamed', () => {
  const repo = makeRepo();
  const before = repo.commit('base', {
    'keep.txt': 'k\n',
    'gone.txt': 'g\n',
    'move me.txt': 'a long enough line to be detected as a rename\n',
  });
  repo.git('rm', '-q', 'gone.txt');
  repo.git('mv', 'move me.txt', 'moved é.txt');
  const after_ = repo.commit('change', { 'keep.txt': 'k2\n', 'added.txt': 'new\n' });
  const files = parseNameStatus(repo.git('diff-tree', '-r', '-z', '--name-status', '-M', before, after_));
  const byPath = new Map(files.map((f) => [f.path, f]));
  assert.equal(byPath.get('added.txt')?.status, 'A');
  assert.equal(byPath.get('keep.txt')?.status, 'M');
  assert.equal(byPath.get('gone.txt')?.status, 'D');
  assert.deepEqual(byPath.get('moved é.txt'), { status: 'R', originalPath: 'move me.txt', path: 'moved é.txt' });
  const root = parseNameStatus(repo.git('diff-tree', '-r', '-z', '--name-status', '--root', before));
  assert.deepEqual(root.map((f) => f.status).sort(), ['A', 'A', 'A']);
});
