// A GitHub-shaped setup for tests: a bare "origin" served by the GitHub stand-in, a clone whose
// remote URL is a GitHub Enterprise style https URL (git reaches the bare repo through
// url.<path>.insteadOf), and a forge session pointed at the stand-in.
import type { MergeMethod } from '../../src/core/forge/types';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { discoverRepository } from '../../src/core/git/repository';
import { GitRunner } from '../../src/core/git/runner';
import { openForgeSession, type ForgeSession } from '../../src/core/forge/session';
import { submitStack } from '../../src/core/forge/submit';
import { startGitHubStandin, type GitHubStandin } from '../github-standin';
import { bundledCli, type CliResult } from './cli';
import { repoAt, tempDir, type TestRepo } from './repo';

export const HOST = 'github.example.test';
export const TOKEN = 'ghp_TestTokenDoNotLeak0123456789abcdef';

export interface GitHubFixture {
  standin: GitHubStandin;
  repo: TestRepo;
  /** Folder holding the bare repositories as <owner>/<name>.git. */
  remotes: string;
  bare(owner: string, name: string): string;
  session(options?: { token?: string; logLines?: string[]; notices?: string[] }): Promise<ForgeSession>;
  git: GitRunner;
  close(): Promise<void>;
}

/** octo/demo with `trunkCommits` commits on main, cloned; the clone pushes over a local path. */
export async function gitHubFixture(
  options: {
    trunkCommits?: number;
    owner?: string;
    name?: string;
    user?: string;
    /** More token → login pairs the stand-in accepts (other users: reviewers). */
    tokens?: Record<string, string>;
  } = {},
): Promise<GitHubFixture> {
  const owner = options.owner ?? 'octo';
  const name = options.name ?? 'demo';
  const root = tempDir('stackline-gh-');
  const remotes = join(root, 'remotes');
  const bare = (o: string, n: string) => join(remotes, o, `${n}.git`);
  mkdirSync(join(root, 'seed'), { recursive: true });
  const seed = repoAt(join(root, 'seed'));
  for (let i = 1; i <= (options.trunkCommits ?? 2); i++)
    seed.commit(`trunk ${i}`, { [`trunk-${i}.txt`]: `trunk ${i}\n` });
  mkdirSync(join(remotes, owner), { recursive: true });
  execFileSync('git', ['clone', '-q', '--bare', seed.dir, bare(owner, name)]);
  const work = join(root, 'work');
  execFileSync('git', ['clone', '-q', bare(owner, name), work]);
  const repo = repoAt(work, false);
  repo.git('config', `url.${remotes}/.insteadOf`, `https://${HOST}/`);
  repo.git('remote', 'set-url', 'origin', `https://${HOST}/${owner}/${name}.git`);
  const standin = await startGitHubStandin({ tokens: { [TOKEN]: options.user ?? owner, ...options.tokens } });
  standin.addRepo(owner, name, bare(owner, name));
  const git = new GitRunner(work);
  return {
    standin,
    repo,
    remotes,
    bare,
    git,
    session: (o = {}) =>
      openForgeSession(git, {
        token: o.token ?? TOKEN,
        apiUrl: standin.apiUrl,
        spaceWrites: false,
        waitScale: 0.01,
        log: (line) => o.logLines?.push(line),
        notify: (line) => o.notices?.push(line),
      }),
    close: () => standin.close(),
  };
}

export async function location(repo: TestRepo) {
  return discoverRepository(repo.dir);
}

/**
 * The bundled CLI in the fixture's clone (or `as.dir`), signed in to the stand-in (as the owner, or
 * with `as.token`); asynchronous, so the stand-in in this process keeps serving.
 */
export function standinCli(
  f: GitHubFixture,
  args: string[],
  as: { dir?: string; token?: string } = {},
): Promise<CliResult> {
  const child = spawn(process.execPath, [bundledCli(), ...args], {
    cwd: as.dir ?? f.repo.dir,
    env: { ...process.env, GITHUB_TOKEN: as.token ?? TOKEN, STACKLINE_GITHUB_API_URL: f.standin.apiUrl },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** octo/demo with a stack of `count` commits ("feat: layer N") submitted; `nativeStacks: false` switches them off first. */
export async function submittedStack(count: number, options: { nativeStacks?: boolean } = {}): Promise<GitHubFixture> {
  const f = await gitHubFixture();
  if (options.nativeStacks === false) f.standin.nativeStacks.setEnabled('octo/demo', false);
  for (let i = 1; i <= count; i++) f.repo.commit(`feat: layer ${i}`, { [`l${i}.txt`]: `${i}\n` });
  await submitStack({ git: f.git, location: await location(f.repo), session: await f.session() });
  return f;
}

/** What a land of the fixture's stack takes (read fresh each time: the session and location are cheap). */
export async function landInput(f: GitHubFixture, method: MergeMethod = 'squash') {
  return { git: f.git, location: await location(f.repo), session: await f.session(), method };
}

/** PR `number` of octo/demo has passing checks on its head and an approving review. */
export function makeReady(f: GitHubFixture, number: number): void {
  const pull = f.standin.pull('octo/demo', number);
  f.standin.setChecks('octo/demo', pull.head.sha, [{ name: 'ci', status: 'completed', conclusion: 'success' }]);
  f.standin.addReview('octo/demo', number, 'reviewer', 'APPROVED');
}
