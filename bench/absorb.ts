// Absorb bench: 50 working-copy hunks absorbed into a 20-commit stack (each commit takes two or
// three), `stackline absorb` against `git add -u` + `git absorb --and-rebase` (Debian's git-absorb, see
// scripts/setup-test-tools.mjs) on the same repository; both must leave the same trees.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverRepository } from '../src/core/git/repository';
import { GitRunner } from '../src/core/git/runner';
import { absorbOperation, runOperation, type RepoSession } from '../src/core/operations';
import { measureWithSetup, msRow, type BenchModule } from './lib';

const STACK = 20;
const HUNKS = 50;
const MODULES = 10;
const LINES = 300;
const OTHER_FILES = 2_000;

const modulePath = (m: number) => join('src', `module${m}.ts`);
const line = (m: number, n: number, text = `${n}`) => `export const value${m}_${n} = ${text};`;

/** The lines commit `i` (1-based) changes in module i % MODULES: three, four lines apart. */
const changedBy = (i: number) => [0, 4, 8].map((k) => i * 12 + k);

function makeFixture() {
  const dir = mkdtempSync(join(tmpdir(), 'stackline-bench-absorb-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
  git('init', '-q', '-b', 'main');
  // git-absorb fixes up only commits whose author matches the identity in git's config.
  git('config', 'user.name', process.env.GIT_AUTHOR_NAME ?? 'Bench Bot');
  git('config', 'user.email', process.env.GIT_AUTHOR_EMAIL ?? 'bench@example.com');
  mkdirSync(join(dir, 'src'));
  for (let i = 0; i < OTHER_FILES; i++) {
    const folder = join(dir, 'lib', `part${i % 20}`);
    if (i < 20) mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `file${i}.ts`), `export const file${i} = ${i};\n`);
  }
  const modules = Array.from({ length: MODULES }, (_, m) => Array.from({ length: LINES }, (_, n) => line(m, n)));
  const writeModules = () =>
    modules.forEach((lines, m) => writeFileSync(join(dir, modulePath(m)), `${lines.join('\n')}\n`));
  writeModules();
  git('add', '-A');
  git('commit', '-q', '-m', 'trunk');
  git('switch', '-q', '-c', 'feature');
  for (let i = 1; i <= STACK; i++) {
    for (const n of changedBy(i)) modules[i % MODULES][n] = line(i % MODULES, n, `'step ${i}'`);
    writeModules();
    git('commit', '-q', '-a', '-m', `feat: step ${i}`);
  }
  const top = git('rev-parse', 'HEAD').trim();
  // Hunk j changes a line commit (j % STACK) + 1 changed: every hunk has one commit to go to.
  for (let j = 0; j < HUNKS; j++) {
    const i = (j % STACK) + 1;
    const n = changedBy(i)[Math.floor(j / STACK)];
    modules[i % MODULES][n] = line(i % MODULES, n, `'fixed ${j}'`);
  }
  const edited = modules.map((lines) => `${lines.join('\n')}\n`);
  git('gc', '-q');
  const reset = () => {
    git('update-ref', 'refs/heads/feature', top);
    git('switch', '-q', '-f', 'feature');
    git('reset', '-q', '--hard');
    rmSync(join(dir, '.git', 'stackline'), { recursive: true, force: true });
    execFileSync('git', ['update-ref', '-d', 'refs/stackline/oplog'], { cwd: dir });
    edited.forEach((content, m) => writeFileSync(join(dir, modulePath(m)), content));
  };
  return { dir, git, reset };
}

export const absorbBench: BenchModule = {
  name: 'absorb',
  description: `absorb ${HUNKS} hunks into a ${STACK}-commit stack vs git add -u + git absorb --and-rebase`,
  async run(context) {
    const fixture = makeFixture();
    try {
      const location = await discoverRepository(fixture.dir);
      const session: RepoSession = { git: new GitRunner(location.root), repo: location };
      const gitAbsorb = async () => {
        fixture.git('add', '-u');
        execFileSync('git', ['absorb', '--and-rebase', '--base', 'main'], {
          cwd: fixture.dir,
          env: { ...process.env, GIT_SEQUENCE_EDITOR: 'true' },
          stdio: 'ignore',
        });
      };
      const measured = await measureWithSetup(
        {
          stackline: { setup: fixture.reset, run: () => runOperation(session, absorbOperation()) },
          'git-absorb': { setup: fixture.reset, run: gitAbsorb },
        },
        context,
      );
      // Both must have done the same: the same tree at every commit, nothing left over.
      const trees = () => fixture.git('log', '--format=%T', 'main..feature');
      fixture.reset();
      await runOperation(session, absorbOperation());
      const ours = trees();
      fixture.reset();
      await gitAbsorb();
      if (trees() !== ours || fixture.git('status', '--porcelain') !== '')
        throw new Error('stackline absorb and git absorb left different commits');
      const sample = readFileSync(join(fixture.dir, modulePath(1)), 'utf8').split('\n').length - 1;
      context.log(
        `Stack of ${STACK} commits over ${MODULES} files of ${sample} lines (and ${OTHER_FILES} others); ${HUNKS} hunks, each into the commit that changed its line.`,
      );
      const baseline = { baselineLabel: 'git add -u + git absorb --and-rebase' };
      return [
        msRow('absorb.50-hunks.median', measured.stackline.median, measured['git-absorb'].median, {
          ...baseline,
          target: '≤ 2×',
        }),
        msRow('absorb.50-hunks.p95', measured.stackline.p95, measured['git-absorb'].p95, baseline),
      ];
    } finally {
      rmSync(fixture.dir, { recursive: true, force: true });
    }
  },
};
