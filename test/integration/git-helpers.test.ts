// The named git questions and updates in src/core/git (one verb a file), against real repositories.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { configValue } from '../../src/core/git/configValue';
import { detachHead } from '../../src/core/git/detachHead';
import { GitError } from '../../src/core/git/errors';
import { isAncestor } from '../../src/core/git/isAncestor';
import { resolveCommit } from '../../src/core/git/resolveCommit';
import { GitRunner } from '../../src/core/git/runner';
import { unmergedPaths } from '../../src/core/git/unmergedPaths';
import { updateRefs } from '../../src/core/git/updateRefs';
import { writeTree } from '../../src/core/git/writeTree';
import { makeRepo, removeTempDirs } from '../helpers/repo';

after(removeTempDirs);

/** main: a → b; side (from a): c. */
function forked() {
  const repo = makeRepo();
  const a = repo.commit('a', { 'f.txt': 'a\n' });
  const b = repo.commit('b', { 'f.txt': 'b\n' });
  repo.git('switch', '-q', '-c', 'side', a);
  const c = repo.commit('c', { 'f.txt': 'c\n' });
  repo.git('switch', '-q', 'main');
  return { repo, git: new GitRunner(repo.dir), a, b, c };
}

describe('isAncestor', () => {
  it('answers for ancestors, the commit itself, side branches and unknown commits', async () => {
    const { git, a, b, c } = forked();
    assert.equal(await isAncestor(git, { ancestor: a, descendant: b }), true);
    assert.equal(await isAncestor(git, { ancestor: b, descendant: b }), true);
    assert.equal(await isAncestor(git, { ancestor: b, descendant: a }), false);
    assert.equal(await isAncestor(git, { ancestor: c, descendant: b }), false);
    assert.equal(await isAncestor(git, { ancestor: 'f'.repeat(40), descendant: b }), false);
  });
});

describe('resolveCommit', () => {
  it('gives the full hash of branches, tags (peeled), HEAD and expressions', async () => {
    const { repo, git, a, b } = forked();
    repo.git('tag', '-a', '-m', 'release', 'v1', a);
    assert.equal(await resolveCommit(git, { rev: 'main' }), b);
    assert.equal(await resolveCommit(git, { rev: 'HEAD' }), b);
    assert.equal(await resolveCommit(git, { rev: 'main~1' }), a);
    assert.equal(await resolveCommit(git, { rev: 'v1' }), a);
    assert.equal(await resolveCommit(git, { rev: b.slice(0, 10) }), b);
  });

  it('is undefined for unknown names, trees, an unborn HEAD and text that looks like an option', async () => {
    const { git } = forked();
    assert.equal(await resolveCommit(git, { rev: 'no-such-branch' }), undefined);
    assert.equal(await resolveCommit(git, { rev: 'main^{tree}' }), undefined);
    assert.equal(await resolveCommit(git, { rev: '--all' }), undefined);
    assert.equal(await resolveCommit(new GitRunner(makeRepo().dir), { rev: 'HEAD' }), undefined);
  });
});

describe('unmergedPaths', () => {
  it('lists each conflicted file once, names with spaces and non-ASCII as they are', async () => {
    const repo = makeRepo();
    const files = (text: string) => ({
      'plain.txt': text,
      'with space.txt': text,
      'grüße.txt': text,
      'ok.txt': 'same\n',
    });
    repo.commit('base', files('base\n'));
    repo.git('switch', '-q', '-c', 'other');
    repo.commit('theirs', files('theirs\n'));
    repo.git('switch', '-q', 'main');
    repo.commit('ours', files('ours\n'));
    const git = new GitRunner(repo.dir);
    assert.deepEqual(await unmergedPaths(git), []);
    await git.exec(['merge', '--no-edit', 'other'], { okCodes: [1] });
    assert.deepEqual((await unmergedPaths(git)).sort(), ['grüße.txt', 'plain.txt', 'with space.txt']);
  });
});

describe('configValue', () => {
  it('reads a value, git booleans as true/false, and undefined when unset or not a boolean', async () => {
    const repo = makeRepo();
    repo.git('config', 'stackline.name', 'two words');
    repo.git('config', 'stackline.flag', 'yes');
    const git = new GitRunner(repo.dir);
    assert.equal(await configValue(git, { key: 'stackline.name' }), 'two words');
    assert.equal(await configValue(git, { key: 'stackline.flag' }), 'yes');
    assert.equal(await configValue(git, { key: 'stackline.flag', type: 'bool' }), 'true');
    assert.equal(await configValue(git, { key: 'stackline.name', type: 'bool' }), undefined);
    assert.equal(await configValue(git, { key: 'stackline.unset' }), undefined);
  });
});

describe('updateRefs', () => {
  it('applies every command, or none when one fails', async () => {
    const { repo, git, a, b } = forked();
    await updateRefs(git, { commands: [`create refs/heads/x ${a}`, `update refs/heads/side ${b}`], reason: 'test' });
    assert.equal(repo.git('rev-parse', 'x', 'side'), `${a}\n${b}\n`);
    assert.match(repo.git('reflog', '-1', '--format=%gs', 'refs/heads/x'), /^test$/m);
    await assert.rejects(
      updateRefs(git, { commands: [`update refs/heads/x ${b}`, `update refs/heads/side ${a} ${a}`], reason: 'test' }),
      GitError,
    );
    assert.equal(repo.git('rev-parse', 'x', 'side'), `${a}\n${b}\n`, 'nothing moved');
  });
});

describe('writeTree', () => {
  it("records the repository's index, or another index file", async () => {
    const { repo, git, a } = forked();
    assert.equal(await writeTree(git), repo.git('rev-parse', 'HEAD^{tree}').trim());
    const indexFile = join(repo.dir, '.git', 'other-index');
    await git.run(['read-tree', a], { env: { GIT_INDEX_FILE: indexFile } });
    assert.equal(await writeTree(git, { indexFile }), repo.git('rev-parse', `${a}^{tree}`).trim());
    assert.equal(await writeTree(git), repo.git('rev-parse', 'HEAD^{tree}').trim(), 'the real index is untouched');
  });
});

describe('detachHead', () => {
  it('points HEAD at a commit, leaving the branch; refuses when HEAD moved meanwhile', async () => {
    const { repo, git, a, b } = forked();
    await detachHead(git, { at: a, expected: b, reason: 'test' });
    assert.equal(repo.head(), a);
    assert.equal(repo.git('rev-parse', 'main').trim(), b, 'main stays');
    assert.throws(() => repo.git('symbolic-ref', '-q', 'HEAD'), 'HEAD is detached');
    await assert.rejects(detachHead(git, { at: b, expected: b, reason: 'test' }), GitError);
    assert.equal(repo.head(), a);
  });
});
