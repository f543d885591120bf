// Generates (once, then caches) the benchmark repository: a long linear trunk cloned from "origin",
// five local stacks on trunk commits of different ages, HEAD on one of them, a dirty work tree.
// Built with `git fast-import`, so 100,000 commits take seconds rather than minutes.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Bump when anything below changes what gets generated: the cache is keyed by it. */
export const GENERATOR_VERSION = 'v2';

export const TRUNK_COMMITS = 100_000;
export const STACK_LENGTH = 10;
/** Stack bases, as distances below trunk tip. None is the tip itself, so every path of buildSmartlog runs. */
export const STACK_BASES = [3, 10, 100, 1_000, 5_000];
const STACK_NAMES = ['ada/parser-errors', 'grace/retry-backoff', 'linus/index-cache', 'margaret/ui-theme', 'ken/schema-v2'];
/** HEAD is checked out on this stack's top branch. */
const HEAD_STACK = 2;
/** Local main lags origin/main by this many commits (not pulled lately), tracking it. */
const LOCAL_MAIN_BEHIND = 200;

/** Everything the benchmark needs to know about the generated repository. */
export interface BenchRepo {
  dir: string;
  version: string;
  trunkCommits: number;
  trunkTip: string;
  stacks: { branch: string; base: string; behindTrunk: number; top: string; pushed: 'no' | 'in-sync' | 'ahead-2' }[];
  head: string;
  /** Written with `git commit-graph write --reachable`; the bench can switch it off with core.commitGraph=false. */
  commitGraph: boolean;
  generatedInSeconds: number;
}

/** Config and identity isolated from the machine's: set once for this process and every git it spawns. */
export function isolateGitEnvironment(): void {
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR', 'GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT']) {
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

/** The cached repository, generated first when missing (or when STACKLINE_BENCH_REGENERATE=1). */
export async function ensureBenchRepo(log: (line: string) => void = console.log): Promise<BenchRepo> {
  isolateGitEnvironment();
  const cache = benchCacheDir();
  const metaFile = join(cache, 'meta.json');
  if (process.env.STACKLINE_BENCH_REGENERATE !== '1' && existsSync(metaFile)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as BenchRepo;
    if (meta.version === GENERATOR_VERSION && existsSync(join(meta.dir, '.git'))) return meta;
  }
  log(`Generating the benchmark repository in ${cache} (${TRUNK_COMMITS.toLocaleString('en')} trunk commits)…`);
  const started = performance.now();
  rmSync(cache, { recursive: true, force: true });
  mkdirSync(cache, { recursive: true });
  // Build under a temporary name and rename at the end: an interrupted run leaves no half repository behind.
  const building = join(cache, `repo.building-${process.pid}`);
  const dir = join(cache, 'repo');
  const meta = await generate(building);
  renameSync(building, dir);
  const result: BenchRepo = { ...meta, dir, generatedInSeconds: round((performance.now() - started) / 1000, 1) };
  writeFileSync(metaFile, JSON.stringify(result, null, 2));
  log(`Generated in ${result.generatedInSeconds} s.`);
  return result;
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
}

async function generate(dir: string): Promise<Omit<BenchRepo, 'dir' | 'generatedInSeconds'>> {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');

  const child = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: dir, stdio: ['pipe', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'close') as Promise<[number | null]>;
  const out = child.stdin;
  let buffered: string[] = [];
  let size = 0;
  const write = async (text: string) => {
    buffered.push(text);
    size += text.length;
    if (size < 1 << 20) return;
    const chunk = buffered.join('');
    buffered = [];
    size = 0;
    if (!out.write(chunk)) await once(out, 'drain');
  };

  const stream = new HistoryWriter();
  // Trunk: one commit adding the whole tree, then small changes to a handful of hot files.
  for (let i = 1; i <= TRUNK_COMMITS; i++) await write(stream.trunkCommit(i));
  // Stacks: STACK_LENGTH commits each on tip~base, dated shortly after their base (never rebased since).
  const stackTops: number[] = [];
  for (let s = 0; s < STACK_BASES.length; s++) {
    const baseMark = TRUNK_COMMITS - STACK_BASES[s];
    for (let k = 0; k < STACK_LENGTH; k++) await write(stream.stackCommit(s, k, baseMark, STACK_NAMES[s]));
    stackTops.push(stream.lastMark);
  }
  // What a clone followed by some fetches leaves: origin/main at tip, local main behind it, two stacks pushed
  // (one in sync with its remote branch, one two commits ahead of it).
  await write(`reset refs/remotes/origin/main\nfrom :${TRUNK_COMMITS}\n\n`);
  await write(`reset refs/heads/main\nfrom :${TRUNK_COMMITS - LOCAL_MAIN_BEHIND}\n\n`);
  await write(`reset refs/remotes/origin/${STACK_NAMES[0]}\nfrom :${stackTops[0]}\n\n`);
  await write(`reset refs/remotes/origin/${STACK_NAMES[3]}\nfrom :${stackTops[3] - 2}\n\n`);
  await write('done\n');
  out.end(buffered.join(''));
  const [code] = await exited;
  if (code !== 0) throw new Error(`git fast-import failed (${code}): ${stderr}`);

  git(dir, 'remote', 'add', 'origin', 'https://example.invalid/acme/platform.git');
  git(dir, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
  const track = (branch: string) => {
    git(dir, 'config', `branch.${branch}.remote`, 'origin');
    git(dir, 'config', `branch.${branch}.merge`, `refs/heads/${branch}`);
  };
  track('main');
  track(STACK_NAMES[0]);
  track(STACK_NAMES[3]);
  git(dir, 'pack-refs', '--all');

  // Check out the HEAD stack and leave a couple of uncommitted changes: one staged, one modified, one untracked.
  git(dir, 'symbolic-ref', 'HEAD', `refs/heads/${STACK_NAMES[HEAD_STACK]}`);
  git(dir, 'reset', '-q', '--hard');
  writeFileSync(join(dir, 'src/core/engine.ts'), `${readFileSync(join(dir, 'src/core/engine.ts'), 'utf8')}// wip: tune the cache size\n`);
  writeFileSync(join(dir, 'README.md'), `${readFileSync(join(dir, 'README.md'), 'utf8')}\nSee docs/perf.md for benchmarks.\n`);
  git(dir, 'add', 'README.md');
  writeFileSync(join(dir, 'notes.txt'), 'things to try\n');
  // As in a work tree someone has used for a while: the index is newer than the files (no racily-clean
  // entries that every status would have to re-read).
  await new Promise((resolve) => setTimeout(resolve, 1100));
  git(dir, 'status', '--porcelain');
  // `git gc` (auto or maintenance) writes one by default (gc.writeCommitGraph=true); a fresh clone has none.
  git(dir, 'commit-graph', 'write', '--reachable');

  const rev = (name: string) => git(dir, 'rev-parse', name).trim();
  const stacks = STACK_NAMES.map((branch, s) => ({
    branch,
    base: rev(`refs/remotes/origin/main~${STACK_BASES[s]}`),
    behindTrunk: STACK_BASES[s],
    top: rev(`refs/heads/${branch}`),
    pushed: s === 0 ? ('in-sync' as const) : s === 3 ? ('ahead-2' as const) : ('no' as const),
  }));
  const count = Number(git(dir, 'rev-list', '--count', '--first-parent', 'refs/remotes/origin/main').trim());
  if (count !== TRUNK_COMMITS) throw new Error(`generated trunk has ${count} commits, expected ${TRUNK_COMMITS}`);
  return { version: GENERATOR_VERSION, trunkCommits: count, trunkTip: rev('refs/remotes/origin/main'), stacks, head: rev('HEAD'), commitGraph: true };
}

// ---------------------------------------------------------------------------------------------
// The fast-import stream: deterministic pseudo-random history that reads like a real project's.

const AUTHORS = [
  ['Ada Lovelace', 'ada@acme.dev'],
  ['Grace Hopper', 'grace@acme.dev'],
  ['Linus Torvalds', 'linus@acme.dev'],
  ['Margaret Hamilton', 'margaret@acme.dev'],
  ['Ken Thompson', 'ken@acme.dev'],
  ['Barbara Liskov', 'barbara@acme.dev'],
  ['Dennis Ritchie', 'dmr@acme.dev'],
  ['Frances Allen', 'fran@acme.dev'],
  ['José Valim', 'jose@acme.dev'],
  ['Zhang Wei', 'zhang.wei@acme.dev'],
  ['Søren Kierkegaard', 'soren@acme.dev'],
  ['Priya Raman', 'priya@acme.dev'],
  ['dependabot[bot]', '49699333+dependabot[bot]@users.noreply.github.com'],
];
const TYPES = ['fix', 'feat', 'refactor', 'chore', 'docs', 'test', 'perf', 'fix', 'feat', 'fix'];
const SCOPES = ['core', 'api', 'ui', 'db', 'auth', 'cli', 'net', 'deps', 'build', 'parser'];
const VERBS = ['handle', 'support', 'simplify', 'rename', 'speed up', 'guard against', 'clean up', 'retry', 'log', 'validate'];
const NOUNS = [
  'empty responses',
  'timeouts in the sync loop',
  'the session cache',
  'unicode file names',
  'stale lock files',
  'large payloads',
  'the retry policy',
  'null user ids',
  'pagination cursors',
  'config reloads',
  'the schema migration',
  'flaky CI on macOS',
];
const DIRS = ['src/core', 'src/api', 'src/ui', 'src/db', 'src/auth', 'src/cli', 'src/net', 'src/util', 'docs', 'test', 'scripts', 'config'];
const FILES_PER_DIR = 20;
const HOT_FILES = [
  'src/core/engine.ts',
  'src/api/routes.ts',
  'src/db/schema.ts',
  'src/ui/app.tsx',
  'test/engine.test.ts',
  'CHANGELOG.md',
  'README.md',
  'package.json',
];
const HOT_LINES = 16;
/** 2012-01-02, a Monday: trunk tip lands mid-2024. */
const START = 1_325_462_400;

class HistoryWriter {
  private random = mulberry32(0x5eed);
  private time = START;
  private readonly hot = new Map<string, string[]>();
  /** Committer time of each trunk commit, by mark. */
  private readonly times: number[] = [];
  lastMark = 0;
  private stackMark = TRUNK_COMMITS;

  trunkCommit(i: number): string {
    this.time += 600 + Math.floor(this.random() * 6600);
    const changes: string[] = [];
    let message: string;
    if (i === 1) {
      message = 'Initial commit\n';
      for (const path of [...HOT_FILES, ...allColdFiles()]) changes.push(modify(path, this.content(path, 'initial')));
    } else {
      message = this.message(i);
      const touched = 1 + Math.floor(this.random() * 2.4);
      for (let t = 0; t < touched; t++) {
        const path = HOT_FILES[Math.floor(this.random() * HOT_FILES.length)];
        changes.push(modify(path, this.content(path, `${firstLine(message)} (#${i})`)));
      }
      if (this.random() < 0.1) {
        const path = pick(this.random, allColdFiles());
        changes.push(modify(path, `// ${path}\n// last touched by change ${i}\nexport const revision = ${i};\n`));
      }
    }
    const [name, email] = AUTHORS[Math.floor(this.random() * AUTHORS.length)];
    this.lastMark = i;
    this.times[i] = this.time;
    return commitRecord('refs/heads/main', i, name, email, this.time, message, undefined, changes);
  }

  stackCommit(stack: number, k: number, baseMark: number, branch: string): string {
    const [name, email] = AUTHORS[stack];
    const time = this.times[baseMark] + 3600 + k * 1800;
    const mark = ++this.stackMark;
    const title = `${pick(this.random, TYPES)}(${pick(this.random, SCOPES)}): ${branch.split('/')[1].replace(/-/g, ' ')} part ${k + 1}`;
    const path = `${pick(this.random, DIRS)}/${branch.split('/')[1]}-${k}.ts`;
    const changes = [modify(path, `// ${title}\nexport function step${k}(): number {\n  return ${k};\n}\n`)];
    const from = k === 0 ? baseMark : mark - 1;
    this.lastMark = mark;
    return commitRecord(`refs/heads/${branch}`, mark, name, email, time, `${title}\n\nPart ${k + 1} of the ${branch} stack.\n`, from, changes);
  }

  private message(i: number): string {
    const title = `${pick(this.random, TYPES)}(${pick(this.random, SCOPES)}): ${pick(this.random, VERBS)} ${pick(this.random, NOUNS)}`;
    if (this.random() < 0.6) return `${title}\n`;
    return `${title}\n\nPreviously this could fail under load. Reported in #${1000 + (i % 9000)}.\n\nReviewed-by: ${pick(this.random, AUTHORS)[0]}\n`;
  }

  /** Hot files keep HOT_LINES lines; each change rewrites one of them, so blobs stay small and delta well. */
  private content(path: string, line: string): string {
    let lines = this.hot.get(path);
    if (!lines) {
      lines = Array.from({ length: HOT_LINES }, (_, n) => `${path} line ${n}`);
      this.hot.set(path, lines);
    }
    if (line !== 'initial') lines[Math.floor(this.random() * HOT_LINES)] = line;
    if (path.endsWith('.json')) return `${JSON.stringify({ name: 'platform', private: true, notes: lines }, null, 2)}\n`;
    const prefix = path.endsWith('.md') ? '- ' : '// ';
    return `${lines.map((l) => prefix + l).join('\n')}\n`;
  }
}

let coldFiles: string[] | undefined;
function allColdFiles(): string[] {
  coldFiles ??= DIRS.flatMap((dir) => Array.from({ length: FILES_PER_DIR }, (_, n) => `${dir}/module${String(n).padStart(2, '0')}.ts`));
  return coldFiles;
}

function commitRecord(ref: string, mark: number, name: string, email: string, time: number, message: string, from: number | undefined, changes: string[]): string {
  const zone = ['+0000', '+0100', '-0700', '+0530', '+0800'][mark % 5];
  return (
    `commit ${ref}\nmark :${mark}\n` +
    `author ${name} <${email}> ${time} ${zone}\ncommitter ${name} <${email}> ${time + (mark % 7) * 60} ${zone}\n` +
    data(message) +
    (from === undefined ? '' : `from :${from}\n`) +
    changes.join('') +
    '\n'
  );
}

function modify(path: string, content: string): string {
  return `M 100644 inline ${path}\n${data(content)}`;
}

function data(text: string): string {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0];
}

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)];
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

// `node --import tsx bench/generate.ts` generates (or reuses) the repository and prints where it is.
if (require.main === module) {
  ensureBenchRepo().then(
    (repo) => console.log(JSON.stringify(repo, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
