// Generates (once, then caches) the benchmark repositories, one per shape (bench/shapes.ts): a trunk
// cloned from "origin", local stacks on trunk commits of different ages, HEAD on one of them, a
// dirty work tree. Built with `git fast-import`; the 100,000-commit linear trunk is made once and
// its pack hard-linked into each shape that uses it, so a shape costs seconds rather than minutes.
// Tests make small shapes with the same code (`generateShape`).
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FastImport, StackWriter, TrunkWriter, type TrunkSpec } from './history';
import { SHAPE_NAMES, shapeSpec, type ShapeName, type ShapeSpec, type StackSpec } from './shapes';

/** Bump when anything changes what gets generated: the cache is keyed by it. */
export const GENERATOR_VERSION = 'v3.1';

export interface BenchStack {
  /** The top branch. */
  branch: string;
  /** Every local branch of the stack, bottom first. */
  branches: string[];
  base: string;
  /** First-parent steps from trunk tip to the base's step. */
  steps: number;
  onTopic: boolean;
  top: string;
}

/** Everything a bench or test needs to know about a generated repository. */
export interface BenchRepo {
  shape: ShapeName;
  description: string;
  dir: string;
  version: string;
  /** Commits reachable from trunk, merged topics included. */
  trunkCommits: number;
  trunkSteps: number;
  trunkMerges: number;
  trunkTip: string;
  stacks: BenchStack[];
  localBranches: number;
  mergedBranches: number;
  head: string;
  /** Written with `git commit-graph write --reachable`; benches switch it off with core.commitGraph=false. */
  commitGraph: boolean;
  generatedInSeconds: number;
}

/** Config and identity isolated from the machine's: set once for this process and every git it spawns. */
export function isolateGitEnvironment(): void {
  for (const name of [
    'GIT_DIR',
    'GIT_WORK_TREE',
    'GIT_INDEX_FILE',
    'GIT_OBJECT_DIRECTORY',
    'GIT_COMMON_DIR',
    'GIT_CONFIG_PARAMETERS',
    'GIT_CONFIG_COUNT',
  ]) {
    delete process.env[name];
  }
  Object.assign(process.env, {
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Bench Bot',
    GIT_AUTHOR_EMAIL: 'bench@example.com',
    GIT_COMMITTER_NAME: 'Bench Bot',
    GIT_COMMITTER_EMAIL: 'bench@example.com',
    GIT_TERMINAL_PROMPT: '0',
  });
}

export function benchCacheDir(): string {
  return join(process.env.STACKLINE_BENCH_CACHE ?? tmpdir(), `stackline-bench-${GENERATOR_VERSION}`);
}

/** The cached repository of a shape, generated first when missing (or when STACKLINE_BENCH_REGENERATE=1). */
export async function ensureBenchRepo(
  log: (line: string) => void = console.log,
  shape: ShapeName = 'tidy',
): Promise<BenchRepo> {
  isolateGitEnvironment();
  const spec = shapeSpec(shape);
  const home = join(benchCacheDir(), shape);
  const metaFile = join(home, 'meta.json');
  if (process.env.STACKLINE_BENCH_REGENERATE !== '1' && existsSync(metaFile)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as BenchRepo;
    if (meta.version === GENERATOR_VERSION && existsSync(join(meta.dir, '.git'))) return meta;
  }
  const trunk = await ensureTrunk(spec.trunk, log);
  log(`Generating the '${shape}' repository in ${home} (${spec.description})…`);
  const started = performance.now();
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  // Build under a temporary name and rename at the end: an interrupted run leaves no half repository behind.
  const building = join(home, `repo.building-${process.pid}`);
  const dir = join(home, 'repo');
  mkdirSync(building);
  git(building, 'init', '-q', '-b', 'main');
  linkPacks(trunk.dir, building);
  const meta = await generateShapeOn(building, spec, trunk.tip, { settle: true });
  renameSync(building, dir);
  const result: BenchRepo = { ...meta, dir, generatedInSeconds: round((performance.now() - started) / 1000, 1) };
  writeFileSync(metaFile, JSON.stringify(result, null, 2));
  log(`Generated in ${result.generatedInSeconds} s.`);
  return result;
}

/** A shape made from scratch in `dir` (an empty folder), trunk included: for tests, at 'small' size. */
export async function generateShape(dir: string, spec: ShapeSpec): Promise<BenchRepo> {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  const tip = await writeTrunk(dir, spec.trunk);
  return { ...(await generateShapeOn(dir, spec, tip, { settle: false })), dir, generatedInSeconds: 0 };
}

interface CachedTrunk {
  dir: string;
  tip: string;
}

/** A bare repository holding only the trunk (refs/heads/main), shared by every shape with that trunk. */
async function ensureTrunk(spec: TrunkSpec, log: (line: string) => void): Promise<CachedTrunk> {
  const home = join(benchCacheDir(), `trunk-${spec.merges ? 'merges' : 'linear'}-${spec.steps}`);
  const metaFile = join(home, 'trunk.json');
  if (process.env.STACKLINE_BENCH_REGENERATE !== '1' && existsSync(metaFile))
    return JSON.parse(readFileSync(metaFile, 'utf8')) as CachedTrunk;
  log(
    `Generating a trunk of ${spec.steps.toLocaleString('en')} first-parent commits${spec.merges ? ', most of them merges' : ''} in ${home}…`,
  );
  rmSync(home, { recursive: true, force: true });
  const dir = join(home, 'repo.git');
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '--bare', '-b', 'main');
  const trunk: CachedTrunk = { dir, tip: await writeTrunk(dir, spec) };
  writeFileSync(metaFile, JSON.stringify(trunk));
  return trunk;
}

async function writeTrunk(dir: string, spec: TrunkSpec): Promise<string> {
  const out = new FastImport(dir);
  await new TrunkWriter(spec).writeTo(out);
  await out.finish();
  return git(dir, 'rev-parse', 'refs/heads/main').trim();
}

/** Shares the trunk's objects: packs never change once written, so a hard link is a full copy for free. */
function linkPacks(from: string, to: string): void {
  const source = join(from, 'objects', 'pack');
  const target = join(to, '.git', 'objects', 'pack');
  for (const file of readdirSync(source)) {
    try {
      linkSync(join(source, file), join(target, file));
    } catch {
      copyFileSync(join(source, file), join(target, file));
    }
  }
}

interface TrunkStep {
  hash: string;
  time: number;
  parents: string[];
}

/** The shape's stacks, branches, remote refs and work tree, on a repository that holds its trunk at `tip`. */
async function generateShapeOn(
  dir: string,
  spec: ShapeSpec,
  tip: string,
  { settle }: { settle: boolean },
): Promise<Omit<BenchRepo, 'dir' | 'generatedInSeconds'>> {
  const depth = Math.max(spec.localMainBehind, spec.merged.within, ...spec.stacks.map((s) => s.base + 1)) + 1;
  // Trunk's first-parent line, tip first: steps[d] is d steps below the tip.
  const steps: TrunkStep[] = git(dir, 'log', '--first-parent', `--max-count=${depth}`, '--format=%H %ct %P', tip)
    .trim()
    .split('\n')
    .map((line) => {
      const [hash, time, ...parents] = line.split(' ');
      return { hash, time: Number(time), parents };
    });
  if (steps.length < depth)
    throw new Error(`trunk has ${steps.length} first-parent steps; shape '${spec.name}' needs ${depth}`);

  const out = new FastImport(dir, { force: true });
  const writer = new StackWriter(0x57ac + spec.name.length);
  const tracked: string[] = ['main'];
  const pushedAt = new Map<string, string>();
  const written: { spec: StackSpec; branches: string[] }[] = [];
  for (const [s, stack] of spec.stacks.entries()) {
    const base = stackBase(steps, stack);
    const branches = stack.branchPerCommit
      ? [...Array.from({ length: stack.length - 1 }, (_, k) => `${stack.branch}-${k + 1}`), stack.branch]
      : [stack.branch];
    const marks = await writer.write(out, s, base.hash, base.time, stack.length, branches);
    written.push({ spec: stack, branches });
    if (stack.pushed === 'in-sync')
      branches.forEach((b, k) => pushedAt.set(b, `:${marks[stack.branchPerCommit ? k : marks.length - 1]}`));
    if (stack.pushed === 'ahead-2') pushedAt.set(stack.branch, `:${marks[marks.length - 3]}`);
  }
  await out.reset('refs/remotes/origin/main', tip);
  await out.reset('refs/heads/main', steps[spec.localMainBehind].hash);
  for (const [branch, at] of pushedAt) {
    await out.reset(`refs/remotes/origin/${branch}`, at);
    tracked.push(branch);
  }
  // Merged branches never deleted: a quarter still in sync with their remote branch, half with the
  // remote branch deleted after the merge (upstream gone), a quarter never pushed.
  const merged = Array.from(
    { length: spec.merged.count },
    (_, i) => `${['ada', 'grace', 'linus', 'ken'][i % 4]}/done-${String(i + 1).padStart(3, '0')}`,
  );
  for (const [i, branch] of merged.entries()) {
    const at = steps[1 + Math.floor((i * (spec.merged.within - 1)) / Math.max(1, spec.merged.count - 1))].hash;
    await out.reset(`refs/heads/${branch}`, at);
    if (i % 4 === 0) await out.reset(`refs/remotes/origin/${branch}`, at);
    if (i % 4 !== 3) tracked.push(branch);
  }
  await out.finish();

  git(dir, 'remote', 'add', 'origin', 'https://example.invalid/acme/platform.git');
  git(dir, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
  // Hundreds of `git config` processes would take seconds: the same sections, appended at once.
  appendFileSync(
    join(dir, '.git', 'config'),
    tracked.map((b) => `[branch "${b}"]\n\tremote = origin\n\tmerge = refs/heads/${b}\n`).join(''),
  );
  git(dir, 'pack-refs', '--all');
  // Benches commit in these repositories (and reset): no automatic gc may repack or rewrite the commit-graph mid-run.
  git(dir, 'config', 'gc.auto', '0');
  git(dir, 'config', 'maintenance.auto', 'false');

  // Check out the HEAD stack and leave uncommitted changes: one staged, one modified, one untracked.
  git(dir, 'symbolic-ref', 'HEAD', `refs/heads/${spec.stacks[spec.headStack].branch}`);
  git(dir, 'reset', '-q', '--hard');
  writeFileSync(
    join(dir, 'src/core/engine.ts'),
    `${readFileSync(join(dir, 'src/core/engine.ts'), 'utf8')}// wip: tune the cache size\n`,
  );
  writeFileSync(
    join(dir, 'README.md'),
    `${readFileSync(join(dir, 'README.md'), 'utf8')}\nSee docs/perf.md for benchmarks.\n`,
  );
  git(dir, 'add', 'README.md');
  writeFileSync(join(dir, 'notes.txt'), 'things to try\n');
  if (settle) {
    // As in a work tree someone has used for a while: the index is newer than the files (no racily-clean
    // entries that every status would have to re-read).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    git(dir, 'status', '--porcelain');
  }
  // `git gc` (auto or maintenance) writes one by default (gc.writeCommitGraph=true); a fresh clone has none.
  git(dir, 'commit-graph', 'write', '--reachable');

  const tops = git(dir, 'rev-parse', ...spec.stacks.map((s) => `refs/heads/${s.branch}`))
    .trim()
    .split('\n');
  const stacks: BenchStack[] = written.map(({ spec: stack, branches }, s) => {
    const base = stackBase(steps, stack);
    return { branch: stack.branch, branches, base: base.hash, steps: base.steps, onTopic: base.onTopic, top: tops[s] };
  });
  const [trunkCommits, trunkSteps, trunkMerges] = [[], ['--first-parent'], ['--merges']].map((flags) =>
    Number(git(dir, 'rev-list', '--count', ...flags, tip).trim()),
  );
  return {
    shape: spec.name,
    description: spec.description,
    version: GENERATOR_VERSION,
    trunkCommits,
    trunkSteps,
    trunkMerges,
    trunkTip: tip,
    stacks,
    localBranches: git(dir, 'for-each-ref', '--format=x', 'refs/heads').trim().split('\n').length,
    mergedBranches: merged.length,
    head: git(dir, 'rev-parse', 'HEAD').trim(),
    commitGraph: true,
  };
}

/** Where a stack sits: its step's commit, or for `onTopic` the top of the topic merged at (or below) that step. */
function stackBase(
  steps: TrunkStep[],
  stack: StackSpec,
): { hash: string; time: number; steps: number; onTopic: boolean } {
  if (stack.onTopic) {
    for (let d = stack.base; d < steps.length; d++) {
      if (steps[d].parents.length > 1)
        return { hash: steps[d].parents[1], time: steps[d].time, steps: d, onTopic: true };
    }
  }
  return { hash: steps[stack.base].hash, time: steps[stack.base].time, steps: stack.base, onTopic: false };
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 28,
  });
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

// `node --import tsx bench/generate.ts [shape...]` generates (or reuses) the repositories and prints where they are.
if (require.main === module) {
  (async () => {
    const names = process.argv.length > 2 ? (process.argv.slice(2) as ShapeName[]) : SHAPE_NAMES;
    for (const name of names)
      console.log(JSON.stringify({ ...(await ensureBenchRepo(console.log, name)), stacks: undefined }, null, 2));
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
