// The Stacks view in a real VS Code (code-server, as the UI tests run it) on each repository shape,
// with and without a commit-graph: how long after the workbench appears the first rows show, and how
// long after a commit made in a terminal the tree shows it. The baseline is the raw git that shows
// the same drafts (`git log --graph --branches --not TRUNK` plus a merge-base per stack), timed in the
// same run, and for the first rows also a tiny repository's first rows (VS Code's and the extension's own
// start-up). Each commit is undone with `git reset --soft`, so the cached repository stays as generated.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { showOnlyStacks, startVSCode, type Session } from '../test/vscode/harness';
import { ensureBenchRepo, type BenchRepo } from './generate';
import {
  GRAPH_MODES,
  execGit,
  measureInterleaved,
  msRow,
  stats,
  withGitConfig,
  type BenchModule,
  type BenchRow,
} from './lib';
import { benchShapes } from './shapes';

const ROOT = join(__dirname, '..');
const VSIX = join(ROOT, 'dist', 'stackline.vsix');
/** The Stacks view polls nothing; the page is checked this often for the row (ms). */
const POLL_MS = 20;

/** Resolves once a Stacks row with this title is shown; rejects after `timeoutMs`. */
async function rowShown(session: Session, title: string, timeoutMs: number): Promise<void> {
  await session.page.waitForFunction(
    (wanted) =>
      Array.from(document.querySelectorAll('.pane-body .monaco-list-row .label-name')).some(
        (label) => (label.textContent ?? '').trim() === wanted,
      ),
    title,
    { polling: POLL_MS, timeout: timeoutMs },
  );
}

async function rowGone(session: Session, title: string, timeoutMs: number): Promise<void> {
  await session.page.waitForFunction(
    (wanted) =>
      !Array.from(document.querySelectorAll('.pane-body .monaco-list-row .label-name')).some(
        (label) => (label.textContent ?? '').trim() === wanted,
      ),
    title,
    { polling: POLL_MS, timeout: timeoutMs },
  );
}

function rawGit(repo: BenchRepo): Promise<unknown> {
  const env = { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' };
  return Promise.all([
    execGit(repo.dir, ['log', '--graph', '--format=%H %P %s', '--branches', '--not', repo.trunkTip, '--'], env),
    ...repo.stacks.map((stack) => execGit(repo.dir, ['merge-base', repo.trunkTip, stack.top], env)),
  ]);
}

/** A repository of three commits with one draft on top: what the view costs before the repository does. */
function tinyRepo(): { dir: string; title: string } {
  const dir = mkdtempSync(join(tmpdir(), 'stackline-bench-tiny-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  for (const n of [1, 2, 3]) git('commit', '-q', '--allow-empty', '-m', `chore: trunk ${n}`);
  git('switch', '-q', '-c', 'feature');
  git('commit', '-q', '--allow-empty', '-m', 'feat: the one draft');
  return { dir, title: 'feat: the one draft' };
}

/**
 * When, after the workbench appeared, the extension host started and Stackline was activated: from
 * the extension host's own log (local wall-clock times, as Date.now() here).
 */
function startTimes(session: Session, opened: number): { hostStarted?: number; activated?: number } {
  const logs = join(session.userDataDir, 'logs');
  const files = readdirSync(logs, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('remoteexthost.log'));
  const text = files.map((f) => readFileSync(join(logs, f), 'utf8')).join('\n');
  const at = (pattern: RegExp) => {
    const stamp = text.match(pattern)?.[1];
    return stamp ? new Date(stamp.replace(' ', 'T')).getTime() - opened : undefined;
  };
  return {
    hostStarted: at(/^(\S+ \S+) \[info\] Extension host with pid \d+ started/m),
    activated: at(/^(\S+ \S+) \[info\] ExtensionService#_doActivateExtension stackline\.stackline\b/m),
  };
}

/** Opens a new window on the folder and returns how long after the workbench appeared the row showed. */
async function firstRowsOf(
  folder: string,
  title: string,
): Promise<{ ms: number; session: Session; hostStarted?: number; activated?: number }> {
  // A tall window: the tree renders only the rows in view, and HEAD's stack may be the fifth of forty.
  const session = await startVSCode({
    vsix: [VSIX],
    folder,
    startTimeoutMs: 180_000,
    viewport: { width: 1400, height: 4000 },
  });
  try {
    const opened = performance.now();
    const openedAt = Date.now();
    await showOnlyStacks(session);
    await rowShown(session, title, 120_000);
    return { ms: performance.now() - opened, session, ...startTimes(session, openedAt) };
  } catch (error) {
    await session.close();
    throw error;
  }
}

export const vscodeBench: BenchModule = {
  name: 'vscode',
  description:
    'the Stacks view in a real VS Code: first rows after the workbench appears, and the update after a terminal commit, on each shape',
  async run(context) {
    const packaged = spawnSync('npm', ['run', 'package'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (packaged.status !== 0) throw new Error('npm run package failed');
    const setup = spawnSync(process.execPath, [join(ROOT, 'scripts', 'setup-vscode.mjs')], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (setup.status !== 0) throw new Error('the test VS Code could not be set up (node scripts/setup-vscode.mjs)');
    const rows: BenchRow[] = [];
    const runs = Math.min(context.runs, 5);
    const starts = Math.min(runs, 3);
    // The floor: VS Code and the extension starting on a repository that costs nothing.
    const tiny = tinyRepo();
    const tinyRows: number[] = [];
    const hostStarts: number[] = [];
    const activations: number[] = [];
    try {
      for (let start = 0; start < starts; start++) {
        const { ms, session, hostStarted, activated } = await firstRowsOf(tiny.dir, tiny.title);
        tinyRows.push(ms);
        if (hostStarted !== undefined) hostStarts.push(hostStarted);
        if (activated !== undefined) activations.push(activated);
        await session.close();
      }
    } finally {
      rmSync(tiny.dir, { recursive: true, force: true });
    }
    const floor = stats(tinyRows).median;
    context.log(
      `[tiny repository] first rows ${tinyRows.map((ms) => ms.toFixed(0)).join(', ')} ms; extension host started ${hostStarts.map((ms) => ms.toFixed(0)).join(', ')} ms, Stackline activated ${activations.map((ms) => ms.toFixed(0)).join(', ')} ms after the workbench appeared`,
    );
    rows.push(msRow('vscode.stacks.first-rows.tiny.median', floor, null));
    // Where a window's start goes before Stackline runs: VS Code's own, the floor under every figure here.
    if (hostStarts.length) rows.push(msRow('vscode.start.extension-host.median', stats(hostStarts).median, null));
    if (activations.length)
      rows.push(msRow('vscode.start.stackline-activated.median', stats(activations).median, null));
    for (const shape of benchShapes()) {
      const repo = await ensureBenchRepo(context.log, shape);
      const git = (...args: string[]) =>
        execFileSync('git', args, { cwd: repo.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
      const headTitle = git('log', '-1', '--format=%s', 'HEAD');
      const top = git('rev-parse', 'HEAD');
      for (const mode of GRAPH_MODES) {
        const name = `${shape}${mode.suffix}`;
        const raw = await withGitConfig(mode.config, () =>
          measureInterleaved({ raw: () => rawGit(repo) }, { runs: runs * 2, warmup: 1 }),
        );
        const firstRows: number[] = [];
        const updates: number[] = [];
        await withGitConfig(mode.config, async () => {
          // A new window each time: the first rows are those of a window opening on the repository.
          for (let start = 0; start < starts; start++) {
            const { ms, session } = await firstRowsOf(repo.dir, headTitle);
            try {
              firstRows.push(ms);
              if (start > 0) continue;
              for (let i = 0; i < runs + 1; i++) {
                const title = `feat: made in a terminal ${i}`;
                git('commit', '-q', '--allow-empty', '--no-verify', '-m', title);
                const committed = performance.now();
                await rowShown(session, title, 60_000);
                if (i > 0) updates.push(performance.now() - committed);
                git('reset', '-q', '--soft', top);
                await rowGone(session, title, 60_000);
              }
            } finally {
              git('reset', '-q', '--soft', top);
              await session.close();
            }
          }
        });
        const first = stats(firstRows);
        const update = stats(updates);
        context.log(
          `[${name}] first rows ${firstRows.map((ms) => ms.toFixed(0)).join(', ')} ms; updates ${updates.map((ms) => ms.toFixed(0)).join(', ')} ms`,
        );
        const baselineLabel = 'raw git for the same drafts (log --graph + merge-bases)';
        rows.push(msRow(`vscode.stacks.first-rows.${name}.median`, first.median, raw.raw.median, { baselineLabel }));
        rows.push(
          msRow(`vscode.stacks.first-rows-vs-tiny.${name}.median`, first.median, floor, {
            baselineLabel: 'first rows on a tiny repository, same run',
          }),
        );
        rows.push(
          msRow(`vscode.stacks.after-terminal-commit.${name}.median`, update.median, raw.raw.median, { baselineLabel }),
        );
      }
    }
    return rows;
  },
};
