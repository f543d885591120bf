// Checks before submit in a real VS Code (code-server): a repository that declares no checks gets
// package.json's test and lint offered (Add Checks), Run Checks on a stack shows per-commit badges
// in the Stacks view (not checked → checking → pass / fail), the failing output opens from the
// notification and from the graph's badge, nothing is left in the user's checkout or worktrees, and
// with stackline.checks.beforeSubmit a Submit asks first, naming the failing commit; the dry run on
// GitHub (the stand-in) shows the forge's checks on the same rows, and opens no PR.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { attachToStandin, startGitHubStandin, type GitHubStandin } from '../github-standin';
import { makeClone, removeTempDirs, tempDir } from '../helpers/repo';
import { until } from '../helpers/until';
import { graphFrame, reportFailure } from './graphFrame';
import {
  clickInline,
  contextMenuEntries,
  describeRows,
  findRow as row,
  showOnlyStacks,
  startVSCode,
  widenSideBar,
  type Session,
  setTokenFromNotification,
} from './harness';

const ROOT = join(__dirname, '..', '..');
const VSIX = join(ROOT, 'dist', 'stackline.vsix');
const RESULTS = join(ROOT, 'test-results');
mkdirSync(RESULTS, { recursive: true });

const STACK = ['feat: alpha', 'feat: add a bad file', 'feat: gamma'];
const TOKEN = 'ghp_VSCodeChecksToken0123456789abcdefAB';
const REPO = 'octo/demo';

/** trunk with a package.json (test and lint scripts), then a stack on branch checks-demo whose middle commit breaks `test`. */
function checksRepo() {
  const { origin, repo } = makeClone(1);
  origin.commit('chore: scripts', {
    'package.json': JSON.stringify(
      {
        name: 'demo',
        private: true,
        scripts: { test: 'test ! -e bad.txt && echo tests pass', lint: 'echo lint is happy' },
      },
      null,
      2,
    ),
  });
  repo.git('pull', '-q', '--ff-only');
  repo.git('switch', '-q', '-c', 'checks-demo');
  const [alpha, bad, gamma] = [
    repo.commit(STACK[0], { 'a.txt': 'alpha\n' }),
    repo.commit(STACK[1], { 'bad.txt': 'oops\n' }),
    repo.commit(STACK[2], { 'c.txt': 'gamma\n' }),
  ];
  // A bare copy of origin for the GitHub stand-in to serve.
  const bare = join(tempDir(), 'demo.git');
  execFileSync('git', ['clone', '-q', '--bare', origin.dir, bare]);
  return { repo, bare, alpha, bad, gamma };
}

function scratchBranches(bare: string): Map<string, string> {
  const out = execFileSync(
    'git',
    ['--git-dir', bare, 'for-each-ref', '--format=%(refname:lstrip=2) %(objectname)', 'refs/heads/stackline/'],
    { encoding: 'utf8' },
  );
  return new Map(
    out
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' ') as [string, string]),
  );
}

test(
  'Run Checks on a stack: the obvious checks offered, badges per commit, failing output one click away',
  { timeout: 420_000 },
  async () => {
    const { repo, bare, alpha, bad, gamma } = checksRepo();
    let session: Session | undefined;
    let standin: GitHubStandin | undefined;
    try {
      standin = await startGitHubStandin({ tokens: { [TOKEN]: 'octo' } });
      attachToStandin(standin, { workDir: repo.dir, bareDir: bare, owner: 'octo', name: 'demo' });
      session = await startVSCode({
        vsix: [VSIX],
        folder: repo.dir,
        viewport: { width: 1500, height: 900 },
        settings: { 'stackline.checks.beforeSubmit': true, 'stackline.github.apiUrl': standin.apiUrl },
      });
      await showOnlyStacks(session);
      await session.waitForTreeRows('Stacks', (r) => !!row(r, 'checks-demo') && STACK.every((t) => row(r, t)), 60_000);
      await widenSideBar(session);
      assert.ok(
        (await contextMenuEntries(session, 'checks-demo')).includes('Run Checks'),
        'Run Checks is in the stack row menu',
      );
      await session.page.keyboard.press('Escape');

      // No checks declared: Run Checks offers package.json's test and lint.
      await clickInline(session, 'checks-demo', 'Run Checks');
      const offer = session.page.locator('.notifications-toasts .notification-list-item', {
        hasText: 'declares no checks',
      });
      await offer.waitFor({ timeout: 30_000 });
      assert.match(
        (await offer.textContent()) ?? '',
        /Add test \(npm test\) and lint \(npm run lint\) from package\.json to \.stackline\.json\?/,
      );
      await session.screenshot(join(RESULTS, 'checks-offer.png'));
      await offer.locator('.monaco-button', { hasText: 'Add Checks' }).click();

      // The run goes on: badges move from running to their answers.
      let rows = await session.waitForTreeRows(
        'Stacks',
        (r) =>
          /◌ checking/.test(row(r, STACK[2])?.description ?? '') || /failed/.test(row(r, STACK[2])?.description ?? ''),
        60_000,
      );
      rows = await session.waitForTreeRows(
        'Stacks',
        (r) =>
          /✓ 2 checks pass/.test(row(r, STACK[0])?.description ?? '') &&
          /✗ test failed/.test(row(r, STACK[1])?.description ?? '') &&
          /✗ test failed/.test(row(r, STACK[2])?.description ?? ''),
        120_000,
      );
      const declared = JSON.parse(readFileSync(join(repo.dir, '.stackline.json'), 'utf8')) as {
        checks: { name: string; run: string }[];
      };
      assert.deepEqual(
        declared.checks.map((c) => `${c.name}: ${c.run}`),
        ['test: npm test', 'lint: npm run lint'],
      );
      const summary = session.page.locator('.notifications-toasts .notification-list-item', {
        hasText: '2 of 3 commits fail',
      });
      await summary.waitFor({ timeout: 30_000 });
      assert.match(
        (await summary.textContent()) ?? '',
        new RegExp(`${bad.slice(0, 9)} "feat: add a bad file" \\(test\\)`),
      );
      await session.screenshot(join(RESULTS, 'checks-badges.png'));

      // The failing output, from the notification.
      await summary.locator('.monaco-button', { hasText: 'Show Output' }).click();
      const tab = session.page.locator('.tabs-container .tab', { hasText: `test on ${bad.slice(0, 9)} (fail).log` });
      await tab.waitFor({ timeout: 30_000 });
      await session.page
        .locator('.monaco-editor .view-lines', { hasText: 'Failed: exit 1' })
        .first()
        .waitFor({ timeout: 15_000 });
      // Monaco renders spaces as no-break spaces.
      assert.match(
        ((await session.page.locator('.monaco-editor .view-lines').first().textContent()) ?? '').replace(
          /\u00a0/g,
          ' ',
        ),
        /^\$ npm test/,
      );
      await session.screenshot(join(RESULTS, 'checks-output.png'));
      await session.runCommand('View: Close All Editors');

      // The graph shows the same badges; clicking the failing one opens its output.
      await session.runCommand('Stackline: Show Graph', 30_000);
      const frame = await graphFrame(session.page, 'panel');
      const badge = frame.locator('.row', { hasText: STACK[1] }).locator('.badge[data-badge="checks"]');
      await badge.waitFor({ timeout: 30_000 });
      assert.match((await badge.getAttribute('title')) ?? '', /Checks: test failed/);
      assert.equal(
        await frame.locator('.badge[data-badge="checks"]').count(),
        3,
        'a checks badge on each draft commit',
      );
      await session.screenshot(join(RESULTS, 'checks-graph.png'));
      await badge.click();
      await tab.waitFor({ timeout: 30_000 });
      await session.screenshot(join(RESULTS, 'checks-graph-output.png'));

      // Nothing left behind: only the user's worktree, and the checkout holds only the new .stackline.json.
      assert.equal(
        repo
          .git('worktree', 'list', '--porcelain')
          .split('\n')
          .filter((l) => l.startsWith('worktree ')).length,
        1,
        repo.git('worktree', 'list'),
      );
      assert.equal(repo.git('status', '--porcelain').trim(), '?? .stackline.json');
      assert.equal(readFileSync(join(repo.dir, '.git', 'HEAD'), 'utf8').trim(), 'ref: refs/heads/checks-demo');
      rows = await session.treeRows('Stacks');
      assert.ok(row(rows, 'checks-demo'), describeRows(rows));

      // The scratch checkouts are left out of file watching (Stackline's default for files.watcherExclude).
      await session.runCommand('View: Close All Editors');
      await session.runCommand('Preferences: Open Settings (UI)');
      await session.page.locator('.settings-editor').waitFor({ timeout: 15_000 });
      await session.page.keyboard.type('files.watcherExclude');
      await session.page
        .locator('.settings-editor .setting-list-row', { hasText: '**/.git/stackline/checks/**' })
        .first()
        .waitFor({ timeout: 15_000 });
      await session.screenshot(join(RESULTS, 'checks-watcher-exclude.png'));
      // The settings open as a modal: Escape clears the search, then closes it.
      for (let i = 0; i < 3 && (await session.page.locator('.settings-editor').isVisible()); i++)
        await session.page.keyboard.press('Escape');
      await session.page.locator('.settings-editor').waitFor({ state: 'hidden', timeout: 10_000 });

      // stackline.checks.beforeSubmit: Submit runs the checks first (answers kept: nothing runs again) and asks.
      await clickInline(session, 'checks-demo', 'Submit Stack as PRs');
      const dialog = session.page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 60_000 });
      assert.match(
        (await dialog.textContent()) ?? '',
        new RegExp(`Checks fail on ${bad.slice(0, 9)} "feat: add a bad file" \\(test\\)`),
      );
      await session.screenshot(join(RESULTS, 'checks-before-submit.png'));
      await dialog.getByRole('button', { name: 'Show Output' }).click();
      await tab.waitFor({ timeout: 30_000 });
      assert.equal(standin.pulls(REPO).length, 0, 'nothing was submitted');
      assert.deepEqual([...scratchBranches(bare).keys()], [], 'nothing was pushed');
      await session.runCommand('View: Close All Editors');

      // The dry run on GitHub: sign in (Set Token), scratch branches, the checks CI reports, no PR.
      await session.runCommand('Stackline: Run Checks on GitHub (Dry Run)');
      await setTokenFromNotification(session, TOKEN);
      await until('the scratch branches', () => scratchBranches(bare).size === 3);
      standin.setChecks(REPO, alpha, [{ name: 'ci', status: 'completed', conclusion: 'success' }]);
      standin.setChecks(REPO, bad, [
        { name: 'ci', status: 'completed', conclusion: 'failure', detailsUrl: 'https://ci.example.test/runs/2' },
      ]);
      standin.setChecks(REPO, gamma, [{ name: 'ci', status: 'in_progress', conclusion: null }]);
      await session.waitForTreeRows(
        'Stacks',
        (r) => /☁ ◌ CI running/.test(row(r, STACK[2])?.description ?? ''),
        60_000,
      );
      standin.setChecks(REPO, gamma, [{ name: 'ci', status: 'completed', conclusion: 'success' }]);
      rows = await session.waitForTreeRows(
        'Stacks',
        (r) => /☁ ✓ CI passes/.test(row(r, STACK[2])?.description ?? ''),
        60_000,
      );
      assert.match(row(rows, STACK[0])!.description ?? '', /☁ ✓ CI passes/);
      assert.match(row(rows, STACK[1])!.description ?? '', /✗ test failed · ☁ ✗ ci failed/);
      const verdict = session.page.locator('.notifications-toasts .notification-list-item', {
        hasText: 'On GitHub, 1 of 3 commits fails',
      });
      await verdict.waitFor({ timeout: 30_000 });
      await session.screenshot(join(RESULTS, 'checks-github.png'));
      await until('the scratch branches to be deleted', () => scratchBranches(bare).size === 0);
      assert.equal(standin.pulls(REPO).length, 0, 'no PR was opened');
      assert.deepEqual(standin.violations, []);
    } catch (error) {
      await reportFailure(session, join(RESULTS, 'checks-failure.png'));
      throw error;
    } finally {
      await session?.close();
      await standin?.close();
      removeTempDirs();
    }
  },
);
