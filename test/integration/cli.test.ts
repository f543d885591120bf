// The bundled `stackline` CLI (dist/cli.js) on real repositories.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { makeClone, removeTempDirs, tempDir, type TestRepo } from '../helpers/repo';

after(removeTempDirs);

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

function stackline(repo: TestRepo | string, ...args: string[]) {
  const cwd = typeof repo === 'string' ? repo : repo.dir;
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** trunk 1-2 on origin; a branchless stack s1-s3 on trunk 2, HEAD on s2 (detached). */
function stackRepo() {
  const { repo } = makeClone(2);
  repo.git('switch', '-q', '--detach');
  const s1 = repo.commit('feat: s1');
  const s2 = repo.commit('feat: s2');
  const s3 = repo.commit('feat: s3');
  repo.git('update-ref', 'refs/heads/top-branch', s3);
  repo.git('switch', '-q', '--detach', s2);
  return { repo, s1, s2, s3 };
}

test('log draws the smartlog with @ at HEAD; --json has the documented shape', () => {
  const { repo, s2 } = stackRepo();
  const text = stackline(repo, 'log');
  assert.equal(text.code, 0, text.stderr);
  const lines = text.stdout.split('\n');
  assert.match(lines[0], /^o  [0-9a-f]{9}  .*Ada Tester  top-branch$/);
  assert.equal(lines[1], '│  feat: s3');
  assert.match(text.stdout, new RegExp(`@  ${s2.slice(0, 9)}  `));
  assert.match(text.stdout, /o  [0-9a-f]{9}  .*  main remote\/origin\/main|o  [0-9a-f]{9}  .*  (origin\/main|main)/);

  const json = JSON.parse(stackline(repo, 'log', '--json').stdout);
  assert.deepEqual(
    Object.keys(json)
      .filter((k) => ['trunk', 'head', 'commits', 'uncommitted', 'state'].includes(k))
      .sort(),
    ['commits', 'head', 'state', 'trunk', 'uncommitted'],
  );
  assert.equal(json.trunk.ref, 'origin/main');
  assert.equal(json.head.hash, s2);
  const head = json.commits.find((c: { isHead: boolean }) => c.isHead);
  assert.deepEqual(
    Object.keys(head).filter((k) =>
      ['hash', 'parents', 'title', 'author', 'date', 'branches', 'phase', 'isHead'].includes(k),
    ).length,
    8,
  );
  assert.equal(head.title, 'feat: s2');
  assert.equal(head.phase, 'draft');
  assert.match(head.date, /^\d{4}-\d\d-\d\dT/);
  assert.equal(json.commits.at(-1).phase, 'public');
});

test('prev, next, top and bottom move along the stack', () => {
  const { repo, s1, s2, s3 } = stackRepo();
  const trunk = repo.git('rev-parse', 'origin/main').trim();
  const step = (...args: string[]) => {
    const result = stackline(repo, ...args);
    assert.equal(result.code, 0, result.stderr);
    return repo.head();
  };
  assert.equal(step('prev'), s1);
  assert.equal(step('next', '2'), s3);
  assert.equal(
    repo.git('symbolic-ref', '-q', '--short', 'HEAD').trim(),
    'top-branch',
    'moving onto a commit with one branch checks it out',
  );
  assert.equal(step('bottom'), s1);
  assert.equal(step('top'), s3);
  assert.equal(step('prev', '3'), trunk);
  assert.equal(step('next'), s1);
  assert.equal(step('goto', s2), s2);

  const tooFar = stackline(repo, 'prev', '5');
  assert.equal(tooFar.code, 1);
  assert.match(tooFar.stderr, /^stackline: Only 2 commits below HEAD in this stack/);
  assert.equal(repo.head(), s2, 'a refused move leaves HEAD alone');
  assert.match(stackline(repo, 'next', 'x').stderr, /whole number/);
});

test('next with several children lists them and asks for one', () => {
  const { repo, s1, s2 } = stackRepo();
  repo.git('switch', '-q', '--detach', s1);
  const side = repo.commit('feat: side');
  repo.git('update-ref', 'refs/heads/side', side);
  repo.git('switch', '-q', '--detach', s1);
  const result = stackline(repo, 'next');
  assert.equal(result.code, 1);
  assert.match(result.stderr, /2 commits follow/);
  assert.ok(result.stderr.includes(s2.slice(0, 9)) && result.stderr.includes(side.slice(0, 9)));
  assert.match(result.stderr, /stackline goto <hash>/);
  assert.equal(repo.head(), s1);
});

test('refuses clearly when local edits would be overwritten, and leaves everything as it was', () => {
  const { repo, s2 } = stackRepo();
  repo.git('switch', '-q', '--detach', s2);
  repo.write({ 'file-s3.txt': 'mine' });
  const s3File = repo.git('show', '--name-only', '--format=', 'top-branch').trim();
  repo.write({ [s3File]: 'my local edit' });
  const result = stackline(repo, 'next');
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    /would be overwritten by moving to [0-9a-f]{9}: .*Move, commit or delete them|Local edits would be overwritten/,
  );
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(repo.head(), s2);
});

test('goto: branch names, unknown revisions, mid-rebase, and not a repository', () => {
  const { repo, s3 } = stackRepo();
  let result = stackline(repo, 'goto', 'top-branch');
  assert.equal(result.code, 0);
  assert.match(result.stdout, /Now at [0-9a-f]{9} \(top-branch\)/);
  assert.equal(repo.head(), s3);
  assert.match(stackline(repo, 'goto', 'top-branch').stdout, /Already at/);

  result = stackline(repo, 'goto', 'no-such-thing');
  assert.equal(result.code, 1);
  assert.equal(result.stderr.trim(), "stackline: 'no-such-thing' is not a commit, branch or tag in this repository.");

  repo.git('switch', '-q', '-c', 'conflicting', 'origin/main');
  repo.commit('a', { 'same.txt': 'a' });
  repo.git('switch', '-q', '-c', 'conflicting-2', 'origin/main');
  repo.commit('b', { 'same.txt': 'b' });
  assert.throws(() => repo.git('rebase', 'conflicting'));
  result = stackline(repo, 'goto', 'main');
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    /A rebase is in progress\. Continue or abort it with git, then try again\.\n {2}To fix: git rebase --continue\n {2}Or: {5}git rebase --abort\n/,
  );

  result = stackline(tempDir(), 'log');
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^stackline: .* is not inside a git repository/);
  assert.equal(stackline(repo, 'bogus').code, 2);
});

test('leaving a branchless detached draft keeps it in the smartlog', () => {
  const { repo } = makeClone(1);
  repo.git('switch', '-q', '--detach');
  const lonely = repo.commit('feat: lonely');
  assert.equal(stackline(repo, 'goto', 'main').code, 0);
  const json = JSON.parse(stackline(repo, 'log', '--json').stdout);
  assert.ok(
    json.commits.some((c: { hash: string }) => c.hash === lonely),
    'still shown',
  );
  assert.equal(repo.git('rev-parse', `refs/stackline/visible/${lonely}`).trim(), lonely);
});
