// Property test: random stacks (branches or not, forks, a file several commits rewrite) and random
// sequences of operations, undo and redo, with navigation (goto, prev, next) in between. After
// every step no commit is lost (everything reachable before is still reachable from refs and the
// oplog); a refused operation or move changes nothing; one stopped on conflicts is aborted back to
// exactly before. Navigation is in the oplog too, so undoing everything at the end restores every
// ref and HEAD exactly.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import {
  abortUnfinished,
  amendOperation,
  commitOperation,
  foldOperation,
  hideOperation,
  moveOperation,
  OperationError,
  redoOperation,
  reorderOperation,
  restackOperation,
  rewordOperation,
  splitOperation,
  uncommitOperation,
  undoOperation,
  unhideOperation,
  type Operation,
} from '../../src/core/operations';
import { GitError } from '../../src/core/git/errors';
import { gotoRevision } from '../../src/core/navigate/goto';
import { navigationTarget, type Direction } from '../../src/core/navigate/targets';
import { buildSmartlog } from '../../src/core/smartlog/build';
import { picture, reachableCommits, rev, runOp, sessionOf } from '../helpers/ops';
import { makeClone, removeTempDirs, type TestRepo } from '../helpers/repo';

after(removeTempDirs);

interface CommitSpec {
  /** 0: on trunk; n: on the n-th commit made before it. */
  parent: number;
  branch: boolean;
  /** Also rewrites shared.txt, so moving it past another such commit conflicts. */
  shared: boolean;
}

type Step =
  | { op: 'amend' | 'commit' | 'uncommit' | 'restack' | 'undo' | 'redo' | 'unhide' }
  | { op: 'reword' | 'hide' | 'split'; at: number }
  | { op: 'move'; at: number; onto: number }
  | { op: 'fold' | 'reorder'; at: number; up: boolean }
  | { op: 'goto'; at: number }
  | { op: 'prev' | 'next' };

const commitSpec = fc.record({ parent: fc.nat(8), branch: fc.boolean(), shared: fc.boolean() });
const at = fc.nat(20);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constantFrom<Step>(
    { op: 'amend' },
    { op: 'commit' },
    { op: 'uncommit' },
    { op: 'restack' },
    { op: 'undo' },
    { op: 'redo' },
    { op: 'unhide' },
  ),
  fc.record({ op: fc.constantFrom('reword' as const, 'hide' as const, 'split' as const), at }),
  fc.record({ op: fc.constant('move' as const), at, onto: at }),
  fc.record({ op: fc.constantFrom('fold' as const, 'reorder' as const), at, up: fc.boolean() }),
  fc.record({ op: fc.constant('goto' as const), at }),
  fc.constantFrom<Step>({ op: 'prev' }, { op: 'next' }),
);

function buildRepo(specs: CommitSpec[], headAt: number): { repo: TestRepo; hashes: string[] } {
  const { origin, repo } = makeClone(1);
  origin.commit('trunk shared', { 'shared.txt': 'base\n' });
  repo.git('fetch', '-q');
  const trunk = rev(repo, 'origin/main');
  const hashes: string[] = [];
  specs.forEach((spec, i) => {
    const parent = spec.parent % (i + 1);
    repo.git('switch', '-q', '--detach', parent === 0 ? trunk : hashes[parent - 1]);
    const files: Record<string, string> = { [`c${i}/own.txt`]: `commit ${i}\n`, [`c${i}/more.txt`]: `more ${i}\n` };
    if (spec.shared) files['shared.txt'] = `commit ${i}\n`;
    hashes.push(repo.commit(`c${i}`, files));
    if (spec.branch) repo.git('branch', `b${i}`);
  });
  // Branchless tips stay in view through visible refs, as Stackline keeps them.
  const parentsOf = new Set(
    specs
      .map((s, i) => s.parent % (i + 1))
      .filter((p) => p > 0)
      .map((p) => hashes[p - 1]),
  );
  hashes.forEach((hash, i) => {
    if (!specs[i].branch && !parentsOf.has(hash)) repo.git('update-ref', `refs/stackline/visible/${hash}`, hash);
  });
  const head = hashes[headAt % hashes.length];
  const branch = specs[headAt % hashes.length].branch ? `b${headAt % hashes.length}` : undefined;
  repo.git('switch', '-q', ...(branch ? [branch] : ['--detach', head]));
  return { repo, hashes };
}

/** The draft commits in view now, by message (hashes differ from run to run; messages do not). */
function drafts(repo: TestRepo): string[] {
  const tips = repo
    .git('for-each-ref', '--format=%(objectname)', 'refs/heads', 'refs/stackline/visible')
    .split('\n')
    .filter(Boolean);
  const rows = repo
    .git('log', '--format=%s%x00%H', 'HEAD', ...tips, '--not', 'origin/main')
    .split('\n')
    .filter(Boolean);
  return rows.sort().map((row) => row.split('\0')[1]);
}

function operationFor(
  repo: TestRepo,
  s: Step,
  counter: number,
  lastHidden: string[],
): Operation<unknown> | 'navigate' | undefined {
  const list = drafts(repo);
  const pick = (n: number) => list[n % Math.max(list.length, 1)];
  switch (s.op) {
    case 'amend':
      repo.write({ [`amend-${counter}.txt`]: `amend ${counter}\n` });
      return amendOperation({ stage: 'all' });
    case 'commit':
      repo.write({ [`new-${counter}.txt`]: `new ${counter}\n` });
      return commitOperation({ message: `new ${counter}`, stage: 'all' });
    case 'uncommit':
      return uncommitOperation();
    case 'restack':
      return restackOperation();
    case 'undo':
      return undoOperation();
    case 'redo':
      return redoOperation();
    case 'unhide':
      return lastHidden.length > 0 ? unhideOperation(lastHidden[0]) : undefined;
    case 'reword':
      return list.length ? rewordOperation({ rev: pick(s.at), message: `reworded ${counter}` }) : undefined;
    case 'hide':
      return list.length ? hideOperation([pick(s.at)]) : undefined;
    case 'split':
      return list.length
        ? splitOperation({
            rev: pick(s.at),
            files: [repo.git('diff-tree', '--no-commit-id', '--name-only', '-r', pick(s.at)).split('\n')[0]],
          })
        : undefined;
    case 'move':
      return list.length
        ? moveOperation({ source: pick(s.at), destination: s.onto % 3 === 0 ? 'origin/main' : pick(s.onto) })
        : undefined;
    case 'fold':
      return list.length ? foldOperation({ from: pick(s.at), to: s.up ? `${pick(s.at)}~1` : undefined }) : undefined;
    case 'reorder':
      return list.length ? reorderOperation(pick(s.at), s.up ? 'up' : 'down') : undefined;
    case 'goto':
    case 'prev':
    case 'next':
      return 'navigate';
  }
}

test(
  'random operations never lose a commit, and undoing them all restores every ref and HEAD',
  { timeout: 600_000 },
  async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(commitSpec, { minLength: 2, maxLength: 6 }),
        fc.nat(10),
        fc.array(step, { minLength: 1, maxLength: 6 }),
        (specs, headAt, steps) =>
          scenario(specs, headAt, steps).catch((error: unknown) => {
            // fast-check reports the failing input; the error itself goes to the log.
            console.error(error);
            throw error;
          }),
      ),
      { numRuns: Number(process.env.STACKLINE_PROPERTY_RUNS ?? 25), endOnFailure: true },
    );
  },
);

async function scenario(specs: CommitSpec[], headAt: number, steps: Step[]): Promise<void> {
  const { repo } = buildRepo(specs, headAt);
  const initial = picture(repo);
  let known = reachableCommits(repo);
  const hidden: string[] = [];
  for (const [i, s] of steps.entries()) {
    const operation = operationFor(repo, s, i, hidden);
    if (!operation) continue;
    const before = picture(repo);
    if (operation === 'navigate') {
      const moved = await navigate(repo, s).catch((error: unknown) => {
        if (error instanceof GitError || error instanceof OperationError) return false;
        throw error;
      });
      if (!moved) assert.deepEqual(picture(repo), before, `a refused ${s.op} changes nothing`);
      continue;
    }
    try {
      const outcome = await runOp(repo, operation);
      if (s.op === 'hide') hidden.unshift(...(outcome.result as { hidden: string[] }).hidden);
    } catch (error) {
      if (!(error instanceof OperationError)) throw error;
      if (error.kind === 'conflict') {
        await abortUnfinished(await sessionOf(repo));
        assert.deepEqual(picture(repo), before, `abort after a conflict in ${s.op} restores exactly`);
      } else {
        assert.deepEqual(picture(repo), before, `a refused ${s.op} (${error.message}) changes nothing`);
      }
    }
    const now = reachableCommits(repo);
    for (const hash of known) assert.ok(now.has(hash), `${hash} still reachable after ${s.op}`);
    known = now;
  }
  for (;;) {
    try {
      await runOp(repo, undoOperation());
    } catch (error) {
      if (error instanceof OperationError && error.kind === 'nothing-to-do') break;
      throw error;
    }
  }
  const final = picture(repo);
  assert.equal(final.refs, initial.refs, 'every branch and visible ref is back');
  assert.equal(final.head, initial.head, 'HEAD is back');
}

/** goto a draft, or prev/next along the stack as the CLI does; false when there is nowhere to go. */
async function navigate(repo: TestRepo, s: Step): Promise<boolean> {
  const session = await sessionOf(repo);
  if (s.op === 'goto') {
    const list = drafts(repo);
    if (list.length === 0) return false;
    return !(await gotoRevision(session, list[s.at % list.length])).unchanged;
  }
  const target = navigationTarget(await buildSmartlog(session.git, session.repo), s.op as Direction);
  if (target.kind !== 'target') return false;
  return !(await gotoRevision(session, target.commit.hash, s.op)).unchanged;
}
