// Fault injection: the git process (or Stackline itself) is SIGKILLed at a random git call of an
// amend, a move or a restack. Afterwards `stackline abort` (for an interrupted operation) or
// `stackline undo` (for one that got to finish) brings back exactly the state before: refs,
// HEAD, index and every file, and no commit is lost.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, test } from 'node:test';
import { abortUnfinished, OperationError, oplogOf, undoOperation } from '../../src/core/operations';
import { bundledCli } from '../helpers/cli';
import { faultyGit, type FaultMode } from '../helpers/faultyGit';
import { picture, reachableCommits, runOp, sessionOf } from '../helpers/ops';
import { makeClone, removeTempDirs, type TestRepo } from '../helpers/repo';

after(removeTempDirs);

const RUNS = Number(process.env.STACKLINE_FAULT_RUNS ?? 54);
const SEED = Number(process.env.STACKLINE_FAULT_SEED ?? 20_240_601);
const MODES: FaultMode[] = ['before', 'after', 'during', 'parent'];

interface Scenario {
  name: string;
  /** Builds the repository; answers the stackline arguments of the operation to break. */
  setup(repo: TestRepo): string[];
}

/** b1: s1 ← s2 ← s3 ← s4, a branch on every commit but s2, s4 also kept by a visible ref. */
function stack(repo: TestRepo): string[] {
  repo.git('switch', '-q', '--detach');
  const hashes = [1, 2, 3, 4].map((i) =>
    repo.commit(`s${i}`, { [`s${i}.txt`]: `${i}\n`, [`dir${i}/more.txt`]: `more ${i}\n` }),
  );
  for (const i of [0, 2, 3]) repo.git('branch', `b${i + 1}`, hashes[i]);
  repo.git('update-ref', `refs/stackline/visible/${hashes[3]}`, hashes[3]);
  return hashes;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'amend the bottom (restacks three commits), with an unstaged edit left over',
    setup(repo) {
      stack(repo);
      repo.git('switch', '-q', 'b1');
      repo.write({ 's1.txt': 'amended\n' });
      repo.git('add', 's1.txt');
      repo.write({ 'notes.txt': 'untracked\n', 's1.txt': 'amended, and more\n' });
      return ['amend', '--staged'];
    },
  },
  {
    name: 'move the top two onto trunk, HEAD among them, with a local edit carried along',
    setup(repo) {
      const hashes = stack(repo);
      repo.git('switch', '-q', 'b3');
      repo.write({ 's3.txt': 'local edit\n', 'scratch.txt': 'untracked\n' });
      return ['move', hashes[2], '--onto', 'origin/main'];
    },
  },
  {
    name: 'restack after a plain git amend of the bottom',
    setup(repo) {
      stack(repo);
      repo.git('switch', '-q', 'b1');
      repo.write({ 's1.txt': 'amended by git\n' });
      repo.git('commit', '-q', '-a', '--amend', '--no-edit');
      return ['restack'];
    },
  },
];

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test(
  `killing git or Stackline at a random point of amend, move or restack (${RUNS} runs) loses nothing and abort/undo restore exactly`,
  { timeout: 900_000 },
  async () => {
    const git = faultyGit();
    const next = random(SEED);
    const calls = new Map<string, number>();
    for (const scenario of SCENARIOS) {
      const { repo } = makeClone(2);
      const args = scenario.setup(repo);
      const result = spawnSync(process.execPath, [bundledCli(), ...args], {
        cwd: repo.dir,
        env: git.env(0, 'before'),
        encoding: 'utf8',
      });
      assert.equal(result.status, 0, `${scenario.name} runs without a fault: ${result.stderr}`);
      calls.set(scenario.name, git.calls());
    }
    const outcomes = new Map<string, number>();
    for (let run = 0; run < RUNS; run++) {
      const scenario = SCENARIOS[run % SCENARIOS.length];
      const mode = MODES[Math.floor(next() * MODES.length)];
      const at = 1 + Math.floor(next() * calls.get(scenario.name)!);
      const where = `run ${run} (seed ${SEED}): ${scenario.name}, ${mode} git call ${at} of ${calls.get(scenario.name)}`;
      const { repo } = makeClone(2);
      const args = scenario.setup(repo);
      const before = picture(repo);
      const known = reachableCommits(repo);

      const broken = spawnSync(process.execPath, [bundledCli(), ...args], {
        cwd: repo.dir,
        env: git.env(at, mode, 0.001 + next() * 0.01),
        encoding: 'utf8',
      });
      const recovery = await recover(repo);
      outcomes.set(
        `${broken.status === 0 ? 'finished' : 'failed'} → ${recovery}`,
        (outcomes.get(`${broken.status === 0 ? 'finished' : 'failed'} → ${recovery}`) ?? 0) + 1,
      );
      assert.deepEqual(picture(repo), before, `${where}: exact state after ${recovery}\n${broken.stderr}`);
      const now = reachableCommits(repo);
      for (const hash of known) assert.ok(now.has(hash), `${where}: ${hash} lost`);
      assert.match(
        repo.git('fsck', '--connectivity-only', '--no-dangling'),
        /^$/,
        `${where}: repository is consistent`,
      );
    }
    console.log(`fault injection outcomes: ${JSON.stringify(Object.fromEntries(outcomes))}`);
  },
);

/** What a person would do: abort an interrupted operation, or undo one that finished. */
async function recover(repo: TestRepo): Promise<string> {
  const session = await sessionOf(repo);
  try {
    await abortUnfinished(session);
    return 'abort';
  } catch (error) {
    if (!(error instanceof OperationError && error.kind === 'nothing-to-do')) throw error;
  }
  const last = oplogOf(session.repo).entries().at(-1);
  if (last?.status === 'done' && last.kind === 'operation') {
    await runOp(repo, undoOperation());
    return 'undo';
  }
  return last ? `nothing (${last.status})` : 'nothing (no entry)';
}
