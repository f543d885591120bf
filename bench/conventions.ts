// Conventions bench: the commit-msg hook per commit, run as git runs it, against `commitlint --edit`
// run the same way with the same config; and in-process linting per message against @commitlint/lint
// as the commitlint CLI calls it.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { measureInterleaved, msRow, round, type BenchContext, type BenchModule, type BenchRow } from './lib';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const COMMITLINT = join(ROOT, 'node_modules', '.bin', 'commitlint');
const CONFIG = JSON.stringify({ extends: ['@commitlint/config-conventional'] });

/** Messages of the differential test's corpus. */
function corpus(): string[] {
  const text = readFileSync(join(ROOT, 'test', 'fixtures', 'conventions', 'corpus.txt'), 'utf8');
  return text
    .split(/^=====\n/m)
    .slice(1)
    .map((m) => m.replace(/\n$/, ''));
}

/** Runs a command to its end; exit codes are part of the result, not an error (a hook may reject). */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
}

/** The message file git leaves for the commit-msg hook (with git's comment lines). */
const MESSAGE =
  'feat(api): add cursor-based paging\n\nLarge lists now load page by page.\n\n# Please enter the commit message for your changes.\n';

/**
 * A repository with the config and Stackline's hooks installed (node_modules linked so commitlint
 * finds its config), plus .git/hooks/commitlint-msg: the usual commitlint hook, `commitlint --edit`.
 */
function hookRepo(withNodeModules: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'stackline-bench-hook-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(dir, '.commitlintrc.json'), CONFIG);
  if (withNodeModules) symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  git('commit', '-q', '--allow-empty', '-m', 'chore: start');
  execFileSync(process.execPath, [CLI, 'hooks', 'install'], { cwd: dir, stdio: 'ignore' });
  writeFileSync(join(dir, '.git', 'COMMIT_EDITMSG'), MESSAGE);
  writeFileSync(
    join(dir, '.git', 'hooks', 'commitlint-msg'),
    `#!/bin/sh\nexec ${JSON.stringify(COMMITLINT)} --edit "$1"\n`,
    { mode: 0o755 },
  );
  return dir;
}

/** A hook run as git runs it: the hook file itself, in the work tree's top folder, with the message file's path. */
function runHook(dir: string, hook: string): Promise<number> {
  return run(join(dir, hook), ['.git/COMMIT_EDITMSG'], dir);
}

const STACKLINE_HOOK = '.stackline/hooks/commit-msg';
const COMMITLINT_HOOK = '.git/hooks/commitlint-msg';

/** Stackline's linter built the way the bundles build it (the same esbuild alias), loaded in this process. */
async function bundledLinter(): Promise<{
  lintMessage: (m: string, c: unknown) => Promise<unknown>;
  defaultLintConfig: () => Promise<unknown>;
}> {
  const out = join(mkdtempSync(join(tmpdir(), 'stackline-bench-lint-')), 'lint.js');
  await esbuild.build({
    stdin: {
      contents:
        "export { lintMessage } from './src/core/conventions/lint';\nexport { defaultLintConfig } from './src/core/conventions/commitlintConfig';\n",
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: out,
    logLevel: 'warning',
    // As in esbuild.mjs.
    alias: { 'conventional-changelog-angular': './src/core/conventions/angularPreset.ts' },
  });
  return require(out);
}

/** CPU time (user + system) of this process's finished children, from /proc (Linux); undefined elsewhere. */
function childrenCpuMs(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // Fields 16 and 17 of stat (cutime, cstime) in clock ticks, 100 per second on Linux.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

/** Mean CPU time per run of a command (it and everything it starts): steadier than wall time on a busy machine. */
async function cpuPerRun(context: BenchContext, fn: () => Promise<unknown>): Promise<number | undefined> {
  for (let i = 0; i < context.warmup; i++) await fn();
  const before = childrenCpuMs();
  if (before === undefined) return undefined;
  for (let i = 0; i < context.runs; i++) await fn();
  return (childrenCpuMs()! - before) / context.runs;
}

async function perMessage(
  context: BenchContext,
  lint: (message: string) => Promise<unknown>,
  messages: string[],
): Promise<number[]> {
  const samples: number[] = [];
  for (let round = 0; round < context.warmup + context.runs; round++) {
    const start = performance.now();
    for (const message of messages) await lint(message);
    if (round >= context.warmup) samples.push((performance.now() - start) / messages.length);
  }
  return samples.sort((a, b) => a - b);
}

export const conventionsBench: BenchModule = {
  name: 'conventions',
  description: 'commit-msg hook vs `commitlint --edit` (same config), and in-process lint per message',
  async run(context) {
    if (!existsSync(CLI) || !existsSync(join(ROOT, 'dist', 'hook.js')))
      throw new Error('dist/ is missing: run npm run build first (npm run bench does).');
    const rows: BenchRow[] = [];
    const repo = hookRepo(true);
    const bare = hookRepo(false);
    try {
      const message = join(repo, '.git', 'COMMIT_EDITMSG');
      const codeCache = join(repo, '.git', 'stackline');
      for (const dir of [repo, bare]) {
        if ((await runHook(dir, STACKLINE_HOOK)) !== 0)
          throw new Error(`the hook rejected the bench message in ${dir}`);
      }
      if ((await runHook(repo, COMMITLINT_HOOK)) !== 0) throw new Error('commitlint rejected the bench message');
      if ((await run('npx', ['--no', '--', 'commitlint', '--edit', message], repo)) !== 0)
        throw new Error('npx commitlint failed on the bench message');
      const withoutCerts = { ...process.env };
      delete withoutCerts.NODE_EXTRA_CA_CERTS;
      const hook = await measureInterleaved(
        {
          stackline: () => runHook(repo, STACKLINE_HOOK),
          commitlint: () => runHook(repo, COMMITLINT_HOOK),
          // The first commit after installing (or updating) the hook, or with another Node: no code cache yet.
          firstRun: () => {
            rmSync(codeCache, { recursive: true, force: true });
            return runHook(repo, STACKLINE_HOOK);
          },
          bundledConfig: () => runHook(bare, STACKLINE_HOOK),
          // The floor: Node starting and doing nothing, as the hook's Node starts (without NODE_EXTRA_CA_CERTS).
          node: () => run(process.execPath, ['-e', '0'], repo, withoutCerts),
        },
        context,
      );
      // Measured on its own, so its second-long runs do not share rounds with the hook's.
      const { npx } = await measureInterleaved(
        // How husky setups usually call it (husky's docs: npx --no -- commitlint --edit $1).
        { npx: () => run('npx', ['--no', '--', 'commitlint', '--edit', message], repo) },
        context,
      );
      const label = { baselineLabel: 'commitlint --edit as a commit-msg hook, same config' };
      rows.push(
        msRow('conventions.hook.median', hook.stackline.median, hook.commitlint.median, {
          ...label,
          target: '≤ 80 ms, ≥ 10× faster',
        }),
      );
      rows.push(msRow('conventions.hook.p95', hook.stackline.p95, hook.commitlint.p95, label));
      rows.push(
        msRow('conventions.hook.firstRun.median', hook.firstRun.median, hook.stackline.median, {
          baselineLabel: 'the hook with its code cache',
        }),
      );
      rows.push(
        msRow('conventions.hook.vsNpx.median', hook.stackline.median, npx.median, {
          baselineLabel: 'npx --no -- commitlint --edit (the usual husky hook)',
        }),
      );
      rows.push(
        msRow('conventions.hook.noNodeModules.median', hook.bundledConfig.median, hook.commitlint.median, {
          baselineLabel: 'commitlint --edit (which needs node_modules)',
        }),
      );
      rows.push(
        msRow('conventions.hook.overNodeStartup.median', hook.stackline.median, hook.node.median, {
          baselineLabel: 'node -e 0 (without NODE_EXTRA_CA_CERTS): the floor',
        }),
      );
      context.log(
        `The hook is ${round(hook.commitlint.median / hook.stackline.median)}× faster than commitlint --edit (median), ${round(npx.median / hook.stackline.median)}× than npx commitlint.`,
      );
      if (process.env.NODE_EXTRA_CA_CERTS)
        context.log(
          'NODE_EXTRA_CA_CERTS is set: commitlint pays for it as Node starts; the hook defers it (src/cli/hook/extraCerts.ts).',
        );
      const hookCpu = await cpuPerRun(context, () => runHook(repo, STACKLINE_HOOK));
      const commitlintCpu = await cpuPerRun(context, () => runHook(repo, COMMITLINT_HOOK));
      if (hookCpu !== undefined && commitlintCpu !== undefined) {
        rows.push(
          msRow('conventions.hook.cpuPerRun', hookCpu, commitlintCpu, {
            baselineLabel: 'commitlint --edit: CPU time (user + sys) per run',
          }),
        );
      }

      const commits = await measureInterleaved(
        {
          hooked: () => run('git', ['commit', '-q', '--allow-empty', '-m', 'feat: bench commit'], repo),
          noVerify: () =>
            run('git', ['commit', '-q', '--allow-empty', '--no-verify', '-m', 'feat: bench commit'], repo),
        },
        context,
      );
      rows.push(
        msRow('conventions.gitCommit.withHook.median', commits.hooked.median, commits.noVerify.median, {
          baselineLabel: 'git commit --no-verify',
        }),
      );
      context.log(
        `git commit costs ${round(commits.hooked.median - commits.noVerify.median)} ms more with the hook (median).`,
      );

      const messages = corpus();
      const ours = await bundledLinter();
      const config = await ours.defaultLintConfig();
      const lint = (await import('@commitlint/lint')).default;
      const { createParserOpts } = await import('conventional-changelog-conventionalcommits/parserOpts.js');
      const rules = (config as { rules: Parameters<typeof lint>[1] }).rules;
      const cliOptions = { parserOpts: createParserOpts(), defaultIgnores: true, ignores: [], plugins: {} };
      const mine = await perMessage(context, (m) => ours.lintMessage(m, config), messages);
      const theirs = await perMessage(context, (m) => lint(m, rules, cliOptions), messages);
      const median = (values: number[]) => values[Math.floor(values.length / 2)];
      context.log(`In-process lint: ${messages.length} corpus messages per round.`);
      rows.push({
        ...msRow('conventions.lint.perMessage.median', median(mine), median(theirs), {
          baselineLabel: '@commitlint/lint as the CLI calls it',
          target: '< 1 ms',
        }),
        value: round(median(mine), 3),
        baseline: round(median(theirs), 3),
      });
    } finally {
      rmSync(repo, { recursive: true, force: true });
      rmSync(bare, { recursive: true, force: true });
    }
    return rows;
  },
};
