// Which remote PRs go to, on real repositories: no remote at all, remotes that are not GitHub (a
// local path, another forge), and the fix each error names, followed to a submit that works.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, afterEach, describe, it } from 'node:test';
import { baseRemote } from '../../src/core/forge/session';
import { GitRunner } from '../../src/core/git/runner';
import { bundledCli } from '../helpers/cli';
import { gitHubFixture, HOST, TOKEN, type GitHubFixture } from '../helpers/github';
import { makeRepo, removeTempDirs } from '../helpers/repo';

after(removeTempDirs);

const GITHUB_URL = `https://${HOST}/octo/demo.git`;

/** `stackline submit` in `dir`, asynchronously so the stand-in in this process keeps serving. */
async function submit(
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bundledCli(), 'submit'], {
    cwd: dir,
    env: { ...process.env, GITHUB_TOKEN: undefined, GH_TOKEN: undefined, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { status, stdout, stderr };
}

/** The command line a one-line error ends with (the fix it names). */
const fixIn = (message: string) => /: (git remote [^\n]+)$/m.exec(message)?.[1];

describe('the remote PRs go to', { timeout: 120_000 }, () => {
  let f: GitHubFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('no remote: submit names the missing remote (before any token) and the command that adds it', async () => {
    f = await gitHubFixture();
    f.repo.commit('feat: one', { 'one.txt': '1\n' });
    f.repo.git('remote', 'remove', 'origin');
    const env = { STACKLINE_GITHUB_API_URL: f.standin.apiUrl };
    const none = await submit(f.repo.dir, env);
    assert.equal(none.status, 1);
    assert.equal(
      none.stderr,
      'stackline: This repository has no remote to push to and open PRs on. Add its GitHub repository: git remote add origin https://github.com/<owner>/<repo>.git\n',
    );
    assert.doesNotMatch(none.stderr, /token/i);

    // The fix as printed, with the repository's URL in it, makes the next submit go through.
    const fix = fixIn(none.stderr)!.replace('https://github.com/<owner>/<repo>.git', GITHUB_URL).split(' ');
    f.repo.git(...fix.slice(1));
    // Fetched, so origin/main is the trunk again and the commit on main a stack on it.
    f.repo.git('fetch', '-q', 'origin');
    const done = await submit(f.repo.dir, { ...env, GITHUB_TOKEN: TOKEN });
    assert.equal(done.status, 0, done.stderr);
    assert.equal(f.standin.pulls('octo/demo').length, 1);
  });

  it('a remote that is not GitHub: the error names where it points, suggests git remote -v, and points origin at GitHub', async () => {
    f = await gitHubFixture();
    f.repo.commit('feat: one', { 'one.txt': '1\n' });
    const local = f.bare('octo', 'demo');
    f.repo.git('remote', 'set-url', 'origin', local);
    f.repo.git('remote', 'add', 'mirror', 'git@gitlab.com:octo/demo.git');
    const env = { STACKLINE_GITHUB_API_URL: f.standin.apiUrl };
    const result = await submit(f.repo.dir, env);
    assert.equal(result.status, 1);
    assert.equal(
      result.stderr,
      `stackline: No GitHub remote: origin points at a local path (${local}), mirror points at gitlab.com. Check them with git remote -v; to open PRs on GitHub, point origin at the GitHub repository: git remote set-url origin https://github.com/<owner>/<repo>.git\n`,
    );
    assert.doesNotMatch(result.stderr, /git remote add origin/, 'origin exists: adding it again would fail');

    const fix = fixIn(result.stderr)!.replace('https://github.com/<owner>/<repo>.git', GITHUB_URL).split(' ');
    f.repo.git(...fix.slice(1));
    const done = await submit(f.repo.dir, { ...env, GITHUB_TOKEN: TOKEN });
    assert.equal(done.status, 0, done.stderr);
    assert.equal(f.standin.pulls('octo/demo').length, 1);
    assert.match(done.stdout, /Pushed .* to origin\./);
  });

  it('without origin, a remote elsewhere gets the advice to add origin', async () => {
    const repo = makeRepo();
    repo.commit('chore: start');
    repo.git('remote', 'add', 'backup', 'https://bitbucket.org/octo/demo.git');
    await assert.rejects(baseRemote(new GitRunner(repo.dir)), {
      message:
        'No GitHub remote: backup points at bitbucket.org. Check them with git remote -v; to open PRs on GitHub, add the GitHub repository: git remote add origin https://github.com/<owner>/<repo>.git',
    });
    repo.git('remote', 'add', 'origin', 'git@github.com:octo/demo.git');
    assert.deepEqual(await baseRemote(new GitRunner(repo.dir)), {
      host: 'github.com',
      owner: 'octo',
      name: 'demo',
      remote: 'origin',
      url: 'git@github.com:octo/demo.git',
    });
  });

  it('a remote on GitHub but no token: the token is what is missing', async () => {
    f = await gitHubFixture();
    const result = await submit(f.repo.dir, { STACKLINE_GITHUB_API_URL: f.standin.apiUrl });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^stackline: No GitHub token: set GITHUB_TOKEN/);
  });
});
