// Peer bench: Graphite's `gt log short` against `stackline log` on each repository shape, with and
// without a commit-graph, run side by side in the same run. Graphite only shows branches it tracks,
// so each shape is copied and every draft branch is tracked with its parent first (`gt track -p`),
// as a Graphite user's own stacks would be. gt (pinned, installed into the tool cache on first use)
// works offline once `gt init` has run; its own state goes to a temporary HOME, so the machine's
// Graphite settings neither matter nor change.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBenchRepo, type BenchRepo } from './generate';
import {
  GRAPH_MODES,
  measureInterleaved,
  msRow,
  runProcess,
  withGitConfig,
  type BenchModule,
  type BenchRow,
} from './lib';
import { benchShapes } from './shapes';

const CLI = join(__dirname, '..', 'dist', 'cli.js');
/** Graphite's CLI, pinned: installed into the tool cache on first use, as the test VS Code is. */
const GRAPHITE_VERSION = '1.8.6';

/** The native gt binary itself: its npm launcher (bin/gt.js) would add a Node start-up to every run. */
async function ensureGraphite(log: (line: string) => void): Promise<string> {
  const setup = (await import(pathToFileURL(join(__dirname, '..', 'scripts', 'setup-vscode.mjs')).href)) as {
    cacheDir(): string;
    withoutOuterNpm(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  };
  const prefix = join(setup.cacheDir(), `graphite-${GRAPHITE_VERSION}`);
  const binary = join(
    prefix,
    'node_modules',
    '@withgraphite',
    `graphite-cli-${process.platform}-${process.arch}`,
    'bin',
    'gt',
  );
  if (existsSync(binary)) return binary;
  log(`installing @withgraphite/graphite-cli@${GRAPHITE_VERSION} into ${prefix}`);
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), '{ "private": true }\n');
  const result = spawnSync('npm', ['install', '--prefix', prefix, `@withgraphite/graphite-cli@${GRAPHITE_VERSION}`], {
    env: setup.withoutOuterNpm(process.env),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0 || !existsSync(binary))
    throw new Error(`could not install Graphite's CLI into ${prefix} (npm exited ${result.status})`);
  return binary;
}

/** A copy of the shape's repository with Graphite initialised and every stack's branches tracked. */
async function graphiteCopy(repo: BenchRepo, home: string): Promise<string> {
  const dir = join(home, repo.shape);
  cpSync(repo.dir, dir, { recursive: true });
  await gt(dir, home, ['init', '--trunk', 'main']);
  for (const stack of repo.stacks) {
    let parent = 'main';
    for (const branch of stack.branches) {
      await gt(dir, home, ['track', branch, '--parent', parent, '--quiet']);
      parent = branch;
    }
  }
  return dir;
}

let GT = '';

function gt(cwd: string, home: string, args: string[]): Promise<void> {
  return runProcess(GT, [...args, '--no-interactive'], cwd, { HOME: home, XDG_CONFIG_HOME: home });
}

export const graphiteBench: BenchModule = {
  name: 'graphite',
  description: "`stackline log` vs Graphite's `gt log short` (peer tool) on each repository shape",
  async run(context) {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm run bench does).`);
    GT = await ensureGraphite(context.log);
    const rows: BenchRow[] = [];
    const home = mkdtempSync(join(tmpdir(), 'stackline-graphite-'));
    try {
      for (const shape of benchShapes()) {
        const repo = await ensureBenchRepo(context.log, shape);
        const dir = await graphiteCopy(repo, home);
        const tracked = repo.stacks.reduce((n, s) => n + s.branches.length, 0);
        context.log(`\n[${shape}] gt tracks ${tracked} branches of ${repo.stacks.length} stacks; ${dir}`);
        for (const mode of GRAPH_MODES) {
          const both = await withGitConfig(mode.config, () =>
            measureInterleaved(
              {
                stackline: () => runProcess(process.execPath, [CLI, 'log'], dir),
                graphite: () => gt(dir, home, ['log', 'short']),
              },
              context,
            ),
          );
          rows.push(
            msRow(`peer.gt-log-short.${shape}${mode.suffix}.median`, both.stackline.median, both.graphite.median, {
              baselineLabel: 'gt log short (Graphite), same repository',
              target: '< 1×',
            }),
          );
        }
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
    return rows;
  },
};
