// Sparse-profile bench on a generated monorepo (100,000 files in 1,000 packages): `explain` time,
// switching between two profiles through Stackline vs raw `git sparse-checkout set` with the same
// rules, and cone vs non-cone mode. The repository is built once with `git fast-import` and cached.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverRepository } from '../src/core/git/repository';
import { GitRunner } from '../src/core/git/runner';
import { SparseContext } from '../src/core/sparse/context';
import { explainProfiles } from '../src/core/sparse/inspect';
import { switchProfiles } from '../src/core/sparse/switch';
import { isolateGitEnvironment } from './generate';
import {
  execGit,
  measureInterleaved,
  msRow,
  round,
  runProcess,
  type BenchContext,
  type BenchModule,
  type BenchRow,
} from './lib';

/** Bump when the generated repository changes: the cache is keyed by it. */
const VERSION = 'v2';
const PACKAGES = 1_000;
const FILES_PER_PACKAGE = 100;
const PROFILE_PACKAGES = 20;
const CLI = join(__dirname, '..', 'dist', 'cli.js');

/**
 * Two cone profiles on disjoint packages; the same two with an exclude that matches nothing, which
 * makes them non-cone over the very same files (a fair cone vs non-cone comparison); and a
 * realistic non-cone pair that leaves the tests out.
 */
const PROFILES: Record<string, string> = {
  'a.sparse': profile('Team A', 0),
  'b.sparse': profile('Team B', PROFILE_PACKAGES),
  'a-patterns.sparse': `${profile('Team A as patterns', 0)}[exclude]\n**/*.orig\n`,
  'b-patterns.sparse': `${profile('Team B as patterns', PROFILE_PACKAGES)}[exclude]\n**/*.orig\n`,
  'a-lean.sparse': `${profile('Team A without tests', 0)}[exclude]\n**/*.test.ts\n`,
  'b-lean.sparse': `${profile('Team B without tests', PROFILE_PACKAGES)}[exclude]\n**/*.test.ts\n`,
};

function profile(title: string, first: number): string {
  const dirs = Array.from({ length: PROFILE_PACKAGES }, (_, i) => `packages/${packageName(first + i)}`);
  return `[metadata]\ntitle = ${title}\n[include]\n${dirs.join('\n')}\n`;
}

function packageName(n: number): string {
  return `pkg-${String(n).padStart(4, '0')}`;
}

/** 100 files per package: manifest, README, 70 sources in 3 folders, 25 tests, 3 fixtures. */
function packageFiles(n: number): [string, string][] {
  const dir = `packages/${packageName(n)}`;
  const files: [string, string][] = [
    [
      `${dir}/package.json`,
      `${JSON.stringify({ name: `@mono/${packageName(n)}`, version: '1.0.0', dependencies: { [`@mono/${packageName((n + 1) % PACKAGES)}`]: 'workspace:*' } })}\n`,
    ],
    [`${dir}/README.md`, `# ${packageName(n)}\n`],
  ];
  for (let i = 0; i < 70; i++)
    files.push([
      `${dir}/src/${['core', 'ui', 'util'][i % 3]}/module${i}.ts`,
      `// ${dir} module ${i}\nexport const value${i} = ${n * 1000 + i};\n`.repeat(1 + (i % 5)),
    ]);
  for (let i = 0; i < 25; i++)
    files.push([
      `${dir}/test/module${i}.test.ts`,
      `import { value${i} } from '../src/core/module${i}';\ntest(${n}, ${i});\n`,
    ]);
  for (let i = 0; i < 3; i++)
    files.push([
      `${dir}/fixtures/data${i}.json`,
      `${JSON.stringify({ package: n, fixture: i, rows: Array.from({ length: 20 }, (_, k) => k * i) })}\n`,
    ]);
  return files;
}

interface SparseBenchRepo {
  dir: string;
  version: string;
  files: number;
  generatedInSeconds: number;
}

function cacheDir(): string {
  return join(process.env.STACKLINE_BENCH_CACHE ?? tmpdir(), `stackline-bench-sparse-${VERSION}`);
}

/** The cached monorepo, generated when missing (or with STACKLINE_BENCH_REGENERATE=1). */
async function ensureRepo(log: (line: string) => void): Promise<SparseBenchRepo> {
  const cache = cacheDir();
  const metaFile = join(cache, 'meta.json');
  if (process.env.STACKLINE_BENCH_REGENERATE !== '1' && existsSync(metaFile)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as SparseBenchRepo;
    if (meta.version === VERSION && existsSync(join(meta.dir, '.git'))) return meta;
  }
  log(
    `Generating the sparse bench monorepo in ${cache} (${(PACKAGES * FILES_PER_PACKAGE).toLocaleString('en')} files in ${PACKAGES} packages)…`,
  );
  const started = performance.now();
  rmSync(cache, { recursive: true, force: true });
  mkdirSync(cache, { recursive: true });
  const building = join(cache, `repo.building-${process.pid}`);
  const dir = join(cache, 'repo');
  const files = await generate(building);
  renameSync(building, dir);
  const meta: SparseBenchRepo = {
    dir,
    version: VERSION,
    files,
    generatedInSeconds: round((performance.now() - started) / 1000, 1),
  };
  writeFileSync(metaFile, JSON.stringify(meta, null, 2));
  log(`Generated in ${meta.generatedInSeconds} s.`);
  return meta;
}

async function generate(dir: string): Promise<number> {
  mkdirSync(dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  git('init', '-q', '-b', 'main');
  const child = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: dir, stdio: ['pipe', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'close') as Promise<[number | null]>;
  const chunks: string[] = [];
  const modify = (path: string, content: string) =>
    chunks.push(`M 100644 inline ${path}\ndata ${Buffer.byteLength(content)}\n${content}\n`);
  const root: [string, string][] = [
    ['package.json', '{"name":"mono","private":true}\n'],
    ['pnpm-workspace.yaml', "packages:\n  - 'packages/*'\n"],
    ['README.md', '# A generated monorepo\n'],
    ['.gitignore', 'node_modules/\ndist/\n'],
    ['.husky/commit-msg', 'npx commitlint --edit "$1"\n'],
    ...Object.entries(PROFILES).map(([name, text]): [string, string] => [`.sparse/${name}`, text]),
  ];
  let count = 0;
  for (const [path, content] of root) {
    modify(path, content);
    count++;
  }
  const header =
    'commit refs/heads/main\ncommitter Bench Bot <bench@example.com> 1700000000 +0000\ndata 20\nchore: the monorepo\n';
  child.stdin.write(header);
  for (let n = 0; n < PACKAGES; n++) {
    for (const [path, content] of packageFiles(n)) {
      modify(path, content);
      count++;
    }
    if (chunks.length > 5000 && !child.stdin.write(chunks.splice(0).join(''))) await once(child.stdin, 'drain');
  }
  child.stdin.end(`${chunks.join('')}\ndone\n`);
  const [code] = await exited;
  if (code !== 0) throw new Error(`git fast-import failed (${code}): ${stderr}`);
  git('reset', '-q', '--hard');
  return count;
}

export const sparseBench: BenchModule = {
  name: 'sparse',
  description:
    'sparse profiles on a 100,000-file monorepo: explain, switching vs raw git sparse-checkout set, cone vs non-cone',
  async run(context: BenchContext): Promise<BenchRow[]> {
    isolateGitEnvironment();
    const repo = await ensureRepo(context.log);
    const dir = repo.dir;
    const env = { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' };
    const sparse = new SparseContext(new GitRunner(dir), await discoverRepository(dir));
    await execGit(dir, ['sparse-checkout', 'disable'], env);
    const rows: BenchRow[] = [];

    // explain: the tree listing plus matching every path, vs the tree listing alone.
    const explained = await explainProfiles(sparse, ['a']);
    context.log(
      `Repository: ${explained.explanation.totalFiles.toLocaleString('en')} files; profile a keeps ${explained.explanation.files.toLocaleString('en')} (${explained.target.compiled.mode} mode).`,
    );
    const explain = await measureInterleaved(
      {
        stackline: () => explainProfiles(sparse, ['a']),
        git: () => execGit(dir, ['ls-tree', '-r', '-l', '-z', '--full-tree', 'HEAD'], env),
      },
      context,
    );
    rows.push(
      msRow('sparse: explain a profile (100k files)', explain.stackline.median, explain.git.median, {
        baselineLabel: 'git ls-tree -r -l HEAD',
        target: '< 500 ms',
      }),
    );

    // Switching back and forth between two profiles; each sample is one switch. The CLI (a new
    // process) joins the cone round when dist/cli.js is built.
    const runs = { runs: Math.min(context.runs, 10), warmup: Math.min(context.warmup, 2) };
    const pairs = [
      ['cone', 'a', 'b', 'same files'],
      ['non-cone', 'a-patterns', 'b-patterns', 'same files'],
      ['non-cone', 'a-lean', 'b-lean', 'tests left out'],
    ] as const;
    for (const [mode, first, second, what] of pairs) {
      const names = [first, second];
      const compiled = await Promise.all(
        names.map(async (name) => (await explainProfiles(sparse, [name])).target.compiled),
      );
      if (compiled.some((c) => c.mode !== mode)) throw new Error(`profiles ${names.join(', ')} are not ${mode}`);
      const setArgs = compiled.map((c) => [
        'sparse-checkout',
        'set',
        ...(c.mode === 'cone' ? ['--cone', '--skip-checks'] : ['--no-cone']),
        ...c.rules,
      ]);
      let current = 0;
      await switchProfiles(sparse, [first]);
      const variants: Record<string, () => Promise<unknown>> = {
        stackline: async () => {
          current = 1 - current;
          await switchProfiles(sparse, [names[current]]);
        },
        git: async () => {
          current = 1 - current;
          await execGit(dir, setArgs[current], env);
        },
      };
      if (mode === 'cone' && existsSync(CLI)) {
        variants.cli = async () => {
          current = 1 - current;
          await runProcess(process.execPath, [CLI, 'sparse', 'switch', names[current]], dir);
        };
      }
      const switched = await measureInterleaved(variants, runs);
      const label = `sparse: switch between two ${mode} profiles (${what})`;
      rows.push(
        msRow(label, switched.stackline.median, switched.git.median, {
          baselineLabel: 'git sparse-checkout set, same rules',
          target: '≤ 1.15×',
        }),
      );
      if (switched.cli)
        rows.push(
          msRow('sparse: stackline sparse switch end to end (cone)', switched.cli.median, switched.git.median, {
            baselineLabel: 'git sparse-checkout set, same rules',
          }),
        );
    }
    await execGit(dir, ['sparse-checkout', 'disable'], env);
    return rows;
  },
};
