// Temp git repositories for tests: real git, isolated from the machine's git config.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// Identity and config for every git call made by tests and by the code under test.
Object.assign(process.env, {
  GIT_AUTHOR_NAME: 'Ada Tester',
  GIT_AUTHOR_EMAIL: 'ada@example.com',
  GIT_COMMITTER_NAME: 'Ada Tester',
  GIT_COMMITTER_EMAIL: 'ada@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
});

export interface TestRepo {
  dir: string;
  git(...args: string[]): string;
  /** Writes files (path → content) and commits them; returns the new commit's hash. */
  commit(message: string, files?: Record<string, string>): string;
  write(files: Record<string, string>): void;
  head(): string;
}

const made: string[] = [];

export function tempDir(prefix = 'stackline-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

let clock = 1_700_000_000;

/** Opens (or with init, creates) a repository in dir. Commit dates advance one minute per commit. */
export function repoAt(dir: string, init = true): TestRepo {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (init) git('init', '-q', '-b', 'main');
  const write = (files: Record<string, string>) => {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
  };
  return {
    dir,
    git,
    write,
    commit(message, files = { [`file-${clock}.txt`]: message }) {
      write(files);
      git('add', '-A');
      clock += 60;
      const date = `${clock} +0000`;
      execFileSync('git', ['commit', '-q', '--allow-empty', '-m', message], {
        cwd: dir,
        env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      });
      return git('rev-parse', 'HEAD').trim();
    },
    head: () => git('rev-parse', 'HEAD').trim(),
  };
}

export function makeRepo(): TestRepo {
  return repoAt(tempDir());
}

/** A repo with `trunkCommits` commits on main, cloned so that origin/main and origin/HEAD exist. */
export function makeClone(trunkCommits = 3): { origin: TestRepo; repo: TestRepo } {
  const origin = makeRepo();
  for (let i = 1; i <= trunkCommits; i++) origin.commit(`trunk ${i}`);
  const dir = tempDir();
  execFileSync('git', ['clone', '-q', origin.dir, dir]);
  return { origin, repo: repoAt(dir, false) };
}
