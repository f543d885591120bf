// A GitHub-shaped setup for tests: a bare "origin" served by the GitHub stand-in, a clone whose
// remote URL is a GitHub Enterprise style https URL (git reaches the bare repo through
// url.<path>.insteadOf), and a forge session pointed at the stand-in.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { discoverRepository } from '../../src/core/git/repository';
import { GitRunner } from '../../src/core/git/runner';
import { openForgeSession, type ForgeSession } from '../../src/core/forge/session';
import { startGitHubStandin, type GitHubStandin } from '../github-standin';
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
export async function gitHubFixture(options: { trunkCommits?: number; owner?: string; name?: string; user?: string } = {}): Promise<GitHubFixture> {
  const owner = options.owner ?? 'octo';
  const name = options.name ?? 'demo';
  const root = tempDir('stackline-gh-');
  const remotes = join(root, 'remotes');
  const bare = (o: string, n: string) => join(remotes, o, `${n}.git`);
  mkdirSync(join(root, 'seed'), { recursive: true });
  const seed = repoAt(join(root, 'seed'));
  for (let i = 1; i <= (options.trunkCommits ?? 2); i++) seed.commit(`trunk ${i}`, { [`trunk-${i}.txt`]: `trunk ${i}\n` });
  mkdirSync(join(remotes, owner), { recursive: true });
  execFileSync('git', ['clone', '-q', '--bare', seed.dir, bare(owner, name)]);
  const work = join(root, 'work');
  execFileSync('git', ['clone', '-q', bare(owner, name), work]);
  const repo = repoAt(work, false);
  repo.git('config', `url.${remotes}/.insteadOf`, `https://${HOST}/`);
  repo.git('remote', 'set-url', 'origin', `https://${HOST}/${owner}/${name}.git`);
  const standin = await startGitHubStandin({ tokens: { [TOKEN]: options.user ?? owner } });
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
