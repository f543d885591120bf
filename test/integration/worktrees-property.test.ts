// Property test: random stacks with one of their branches checked out in a second worktree (clean,
// with an untracked file, or with local changes), and random operations, undo and redo run in the
// first. After every step, git status in the second worktree shows exactly what it showed before,
// its HEAD is still its branch, and a worktree with local changes keeps its branch where it was.
// With a clean second worktree, undoing everything puts both worktrees back exactly.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import {
  abortUnfinished,
  amendOperation,
  foldOperation,
  hideOperation,
  moveOperation,
  OperationError,
  redoOperation,
  reorderOperation,
  restackOperation,
  rewordOperation,
  splitOperation,
  undoOperation,
  type Operation,
} from '../../src/core/operations';
import { gotoRevision } from '../../src/core/navigate/goto';
import { filesOf, picture, rev, runOp, sessionOf } from '../helpers/ops';
import { makeClone, removeTempDirs, repoAt, tempDir, type TestRepo } from '../helpers/repo';

after(removeTempDirs);

type Step =
  | { op: 'amend' | 'restack' | 'undo' | 'redo' | 'git-amend' }
  | { op: 'reword' | 'hide' | 'split' | 'goto'; at: number }
  | { op: 'move'; at: number; onto: number }
  | { op: 'fold' | 'reorder'; at: number; up: boolean };

const at = fc.nat(20);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constantFrom<Step>({ op: 'amend' }, { op: 'restack' }, { op: 'undo' }, { op: 'redo' }, { op: 'git-amend' }),
  fc.record({ op: fc.constantFrom('reword' as const, 'hide' as const, 'split' as const, 'goto' as const), at }),
  fc.record({ op: fc.constant('move' as const), at, onto: at }),
  fc.record({ op: fc.constantFrom('fold' as const, 'reorder' as const), at, up: fc.boolean() }),
);
const shape = fc.record({
  parents: fc.array(fc.nat(6), { minLength: 2, maxLength: 5 }),
  held: fc.nat(10),
  other: fc.nat(10),
  second: fc.constantFrom('clean' as const, 'untracked' as const, 'dirty' as const),
});

interface World {
  repo: TestRepo;
  wt: TestRepo;
  branch: string;
}

/** Commits c0… (each on trunk or an earlier one, each with a branch b<i>); b<held> in the second worktree. */
function buildWorld(parents: number[], held: number, other: number, second: 'clean' | 'untracked' | 'dirty'): World {
  const { repo } = makeClone(1);
  const trunk = rev(repo, 'origin/main');
  const hashes: string[] = [];
  parents.forEach((p, i) => {
    const parent = p % (i + 1);
    repo.git('switch', '-q', '--detach', parent === 0 ? trunk : hashes[parent - 1]);
    hashes.push(repo.commit(`c${i}`, { [`c${i}/own.txt`]: `commit ${i}\n`, [`c${i}/more.txt`]: `more ${i}\n` }));
    repo.git('branch', `b${i}`);
  });
  const h = held % hashes.length;
  const o = other % hashes.length;
  // This worktree sits on another branch, or detached where the held branch is.
  repo.git('switch', '-q', ...(o === h ? ['--detach', hashes[o]] : [`b${o}`]));
  const wt = repoAt(join(tempDir(), 'wt2'), false);
  repo.git('worktree', 'add', '-q', wt.dir, `b${h}`);
  if (second !== 'clean') wt.write({ 'notes.txt': 'mine\n' });
  if (second === 'dirty') wt.write({ [`c${h}/own.txt`]: 'edited there\n' });
  return { repo, wt, branch: `b${h}` };
}

function drafts(repo: TestRepo): string[] {
  const tips = repo
    .git('for-each-ref', '--format=%(objectname)', 'refs/heads', 'refs/stackline/visible')
    .split('\n')
    .filter(Boolean);
  return repo
    .git('log', '--format=%s%x00%H', 'HEAD', ...tips, '--not', 'origin/main')
    .split('\n')
    .filter(Boolean)
    .sort()
    .map((row) => row.split('\0')[1]);
}

function operationFor(world: World, s: Step, counter: number): Operation<unknown> | 'goto' | undefined {
  const { repo } = world;
  const list = drafts(repo);
  if (list.length === 0) return undefined;
  const pick = (n: number) => list[n % list.length];
  switch (s.op) {
    case 'amend':
      repo.write({ [`amend-${counter}.txt`]: `amend ${counter}\n` });
      return amendOperation({ stage: 'all' });
    case 'git-amend':
      // Leaves what sits on HEAD's commit for restack (HEAD must be a draft).
      if (!list.includes(repo.head())) return undefined;
      repo.git('commit', '-q', '--amend', '-m', `amended with git ${counter}`);
      return restackOperation();
    case 'restack':
      return restackOperation();
    case 'undo':
      return undoOperation();
    case 'redo':
      return redoOperation();
    case 'reword':
      return rewordOperation({ rev: pick(s.at), message: `reworded ${counter}` });
    case 'hide':
      return hideOperation([pick(s.at)]);
    case 'split':
      return splitOperation({
        rev: pick(s.at),
        files: [repo.git('diff-tree', '--no-commit-id', '--name-only', '-r', pick(s.at)).split('\n')[0]],
      });
    case 'move':
      return moveOperation({ source: pick(s.at), destination: s.onto % 3 === 0 ? 'origin/main' : pick(s.onto) });
    case 'fold':
      return foldOperation({ from: pick(s.at), to: s.up ? `${pick(s.at)}~1` : undefined });
    case 'reorder':
      return reorderOperation(pick(s.at), s.up ? 'up' : 'down');
    case 'goto':
      return 'goto';
  }
}

function secondState(world: World) {
  return {
    status: world.wt.git('status', '--porcelain', '-uall'),
    branch: world.wt.git('symbolic-ref', '-q', 'HEAD').trim(),
    head: world.wt.git('rev-parse', 'HEAD').trim(),
    files: filesOf(world.wt.dir),
  };
}

test('random operations never change what git status shows in another worktree', { timeout: 600_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(shape, fc.array(step, { minLength: 1, maxLength: 5 }), ({ parents, held, other, second }, steps) =>
      scenario(buildWorld(parents, held, other, second), second, steps).catch((error: unknown) => {
        console.error(error);
        throw error;
      }),
    ),
    { numRuns: Number(process.env.STACKLINE_PROPERTY_RUNS ?? 12), endOnFailure: true },
  );
});

async function scenario(world: World, second: 'clean' | 'untracked' | 'dirty', steps: Step[]): Promise<void> {
  const { repo } = world;
  const initial = { here: picture(repo), there: secondState(world) };
  const heldAt = rev(repo, world.branch);
  let outsideTheOplog = false;
  for (const [i, s] of steps.entries()) {
    const operation = operationFor(world, s, i);
    if (!operation) continue;
    outsideTheOplog ||= s.op === 'git-amend';
    const before = secondState(world);
    if (operation === 'goto') {
      // Git keeps the branch in the other worktree: goto by name is refused, and nothing changes.
      await assert.rejects(
        gotoRevision(await sessionOf(repo), world.branch),
        (e: unknown) => e instanceof OperationError && e.kind === 'refused',
      );
    } else {
      try {
        await runOp(repo, operation);
      } catch (error) {
        if (!(error instanceof OperationError)) throw error;
        if (error.kind === 'conflict') await abortUnfinished(await sessionOf(repo));
      }
    }
    const after = secondState(world);
    assert.equal(after.status, before.status, `git status in the other worktree is unchanged after ${s.op}`);
    assert.equal(after.branch, `refs/heads/${world.branch}`, 'it is still on its branch');
    assert.equal(after.head, rev(repo, world.branch), "its HEAD is its branch's commit");
    if (second === 'dirty')
      assert.equal(rev(repo, world.branch), heldAt, `a worktree with local changes keeps its branch (${s.op})`);
  }
  // A plain git amend is not Stackline's to undo.
  if (second === 'dirty' || outsideTheOplog) return;
  for (;;) {
    try {
      await runOp(repo, undoOperation());
    } catch (error) {
      if (error instanceof OperationError && error.kind === 'nothing-to-do') break;
      throw error;
    }
  }
  assert.equal(picture(repo).refs, initial.here.refs, 'every branch and visible ref is back');
  assert.deepEqual(secondState(world), initial.there, 'the other worktree is back exactly');
}
