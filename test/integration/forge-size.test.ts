// Size warnings before a submit: the CLI prints them and goes on (they are advice); a malformed
// settings file is named, and the submit still goes ahead.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { gitHubFixture, TOKEN, type GitHubFixture } from '../helpers/github';
import { removeTempDirs } from '../helpers/repo';

const CLI = join(__dirname, '..', '..', 'src', 'cli', 'main.ts');

after(removeTempDirs);

function submit(f: GitHubFixture): Promise<{ code: number | null; out: string }> {
  const env = { ...process.env, GITHUB_TOKEN: TOKEN, STACKLINE_GITHUB_API_URL: f.standin.apiUrl };
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '-C', f.repo.dir, 'submit'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

describe('size warnings before submit', { timeout: 120_000 }, () => {
  let f: GitHubFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('lists a stack over its commit limit and a commit over its line limit, then submits', async () => {
    f = await gitHubFixture();
    f.repo.commit('chore: limits', {
      '.stackline.json': JSON.stringify({ conventions: { size: { maxStackCommits: 2, maxCommitLines: 5 } } }),
    });
    f.repo.git('push', '-q', 'origin', 'HEAD:main');
    f.repo.git('fetch', '-q', 'origin');
    f.repo.commit('feat: small', { 'a.txt': 'a\n' });
    f.repo.commit('feat: big', { 'b.txt': 'line\n'.repeat(12) });
    f.repo.commit('feat: small again', { 'c.txt': 'c\n' });
    const { code, out } = await submit(f);
    assert.equal(code, 0, out);
    assert.match(out, /⚠ This stack has 3 commits \(limit 2\)/);
    assert.match(out, /⚠ [0-9a-f]{9,} \(feat: big\): This commit changes 12 lines \(limit 5\)/);
    assert.doesNotMatch(out, /feat: small\): This commit/);
    assert.match(out, /Size limits from \.stackline\.json; advisory/);
    assert.equal(f.standin.pulls('octo/demo').length, 3, 'the warnings are advice: all three PRs were opened');
  });

  it('prints nothing about size for a stack within its limits', async () => {
    f = await gitHubFixture();
    f.repo.commit('feat: one', { 'a.txt': 'a\n' });
    const { code, out } = await submit(f);
    assert.equal(code, 0, out);
    assert.doesNotMatch(out, /⚠|Size limits/);
  });

  it('names a malformed settings file and still submits', async () => {
    f = await gitHubFixture();
    f.repo.commit('chore: bad limits', {
      '.stackline.json': '{ "conventions": { "size": { "maxStackCommits": "lots" } } }',
    });
    f.repo.git('push', '-q', 'origin', 'HEAD:main');
    f.repo.git('fetch', '-q', 'origin');
    f.repo.commit('feat: one', { 'a.txt': 'a\n' });
    const { code, out } = await submit(f);
    assert.equal(code, 0, out);
    assert.match(out, /Size limits not checked: .*maxStackCommits.*whole number/);
    assert.equal(f.standin.pulls('octo/demo').length, 1);
  });
});
