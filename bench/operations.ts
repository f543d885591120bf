// Operations bench: amending the bottom of a 20-commit stack with a branch on every commit, which
// restacks the 19 commits above it, against plain git doing the same (`git commit --amend`, then
// `git rebase --update-refs` of the rest); and undoing that amend.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverRepository } from '../src/core/git/repository';
import { GitRunner } from '../src/core/git/runner';
import { amendOperation, runOperation, undoOperation, type RepoSession } from '../src/core/operations';
import { measureWithSetup, msRow, type BenchModule } from './lib';

const STACK = 20;
const FILES = 2_000;

interface Fixture {
  dir: string;
  git(...args: string[]): string;
  /** Puts every branch, HEAD and the work tree back to the freshly generated state. */
  reset(): void;
  bottom: string;
}

function makeFixture(): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'stackline-bench-ops-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
  git('init', '-q', '-b', 'main');
  for (let i = 0; i < FILES; i++) {
    const path = join(dir, `src${i % 20}`);
    if (i < 20) execFileSync('mkdir', ['-p', path]);
    writeFileSync(join(path, `file${i}.ts`), `export const value${i} = ${i};\n`);
  }
  git('add', '-A');
  git('commit', '-q', '-m', 'trunk');
  git('switch', '-q', '--detach');
  const hashes: string[] = [];
  for (let i = 1; i <= STACK; i++) {
    writeFileSync(join(dir, `src${i % 20}`, `feature${i}.ts`), `export const feature${i} = ${i};\n`);
    git('add', '-A');
    git('commit', '-q', '-m', `feat: step ${i}`);
    hashes.push(git('rev-parse', 'HEAD').trim());
  }
  const refs = hashes.map((hash, i) => `update refs/heads/step-${i + 1} ${hash}`).join('\n');
  execFileSync('git', ['update-ref', '--stdin'], { cwd: dir, input: `${refs}\n` });
  git('switch', '-q', 'step-1');
  git('gc', '-q');
  const reset = () => {
    execFileSync('git', ['update-ref', '--stdin'], { cwd: dir, input: `${refs}\n` });
    git('switch', '-q', '-f', 'step-1');
    git('reset', '-q', '--hard');
    git('clean', '-qfd');
    rmSync(join(dir, '.git', 'stackline'), { recursive: true, force: true });
    git('update-ref', '-d', 'refs/stackline/oplog');
  };
  return { dir, git, reset, bottom: hashes[0] };
}

export const operationsBench: BenchModule = {
  name: 'operations',
  description: `amend the bottom of a ${STACK}-commit stack (restacking the rest) vs git commit --amend + git rebase --update-refs; undo of it`,
  async run(context) {
    const fixture = makeFixture();
    try {
      const location = await discoverRepository(fixture.dir);
      const session: RepoSession = { git: new GitRunner(location.root), repo: location };
      const edit = () => {
        fixture.reset();
        writeFileSync(join(fixture.dir, 'src1', 'feature1.ts'), `export const feature1 = 'amended';\n`);
      };
      const measured = await measureWithSetup(
        {
          stackline: { setup: edit, run: () => runOperation(session, amendOperation({ stage: 'all' })) },
          git: {
            setup: edit,
            run: async () => {
              fixture.git('commit', '-q', '-a', '--amend', '--no-edit');
              fixture.git('rebase', '-q', '--update-refs', '--onto', 'HEAD', fixture.bottom, 'step-20');
            },
          },
          undo: {
            setup: async () => {
              edit();
              await runOperation(session, amendOperation({ stage: 'all' }));
            },
            run: () => runOperation(session, undoOperation()),
          },
        },
        context,
      );
      // Both sides must have done the same: every branch on its restacked commit.
      edit();
      await runOperation(session, amendOperation({ stage: 'all' }));
      const ours = fixture.git('log', '--format=%T', 'step-20');
      edit();
      fixture.git('commit', '-q', '-a', '--amend', '--no-edit');
      fixture.git('rebase', '-q', '--update-refs', '--onto', 'HEAD', fixture.bottom, 'step-20');
      if (fixture.git('log', '--format=%T', 'step-20') !== ours)
        throw new Error('stackline and git restacked to different trees');
      context.log(
        `Stack of ${STACK} commits with a branch each, on a trunk of ${FILES} files; the amend changes the bottom commit's file.`,
      );
      const git = { baselineLabel: 'git commit --amend + git rebase --update-refs' };
      return [
        msRow('operations.amend-restack.median', measured.stackline.median, measured.git.median, {
          ...git,
          target: '≤ 1.3×',
        }),
        msRow('operations.amend-restack.p95', measured.stackline.p95, measured.git.p95, git),
        msRow('operations.undo.median', measured.undo.median, null, { target: '< 200 ms' }),
        msRow('operations.undo.p95', measured.undo.p95, null),
      ];
    } finally {
      rmSync(fixture.dir, { recursive: true, force: true });
    }
  },
};
