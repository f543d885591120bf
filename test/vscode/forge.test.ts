// Stacked PRs in a real VS Code (code-server): click Submit on a stack in the Stacks view, see PR
// badges appear on its commits, see checks and review arrive (read with GraphQL), then land the bottom PR.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createDemoRepo } from '../../scripts/demo-repo';
import { attachToStandin, startGitHubStandin, type GitHubStandin } from '../github-standin';
import {
  clickInline,
  findRow as row,
  setTokenFromNotification,
  startVSCode,
  treeRow,
  type Session,
  type TreeRow,
} from './harness';

const ROOT = join(__dirname, '..', '..');
const VSIX = join(ROOT, 'dist', 'stackline.vsix');
const RESULTS = join(ROOT, 'test-results');
const TOKEN = 'ghp_VSCodeTestToken0123456789abcdefABCD';
const REPO = 'octo/demo';
mkdirSync(RESULTS, { recursive: true });

const temp = mkdtempSync(join(tmpdir(), 'stackline-vscode-forge-'));
after(() => rmSync(temp, { recursive: true, force: true }));

const show = (rows: TreeRow[]) =>
  rows.map((r) => `${'  '.repeat(r.level - 1)}${r.label} — ${r.description ?? ''}`).join('\n');
const CHECKOUT = ['feat(shared): cart model', 'feat(api): cart endpoints', 'feat(web): checkout page'];

test('Submit a stack from the Stacks view, see PR badges, status updates and Land', { timeout: 420_000 }, async () => {
  const demo = createDemoRepo(temp);
  let standin: GitHubStandin | undefined;
  let session: Session | undefined;
  try {
    standin = await startGitHubStandin({ tokens: { [TOKEN]: 'octo' } });
    attachToStandin(standin, { workDir: demo.dir, bareDir: demo.origin, owner: 'octo', name: 'demo' });
    session = await startVSCode({
      vsix: [VSIX],
      folder: demo.dir,
      settings: { 'stackline.github.apiUrl': standin.apiUrl, 'stackline.github.mergeMethod': 'squash' },
      viewport: { width: 1500, height: 900 },
    });
    await session.openView('Stackline');
    await session.waitForTreeRows('Stacks', (r) => !!row(r, 'checkout-flow'), 60_000);
    // Room for the whole stack: fold the other views of the container and the other tree groups.
    const expanded = await session.page.locator('.pane-header[aria-expanded="true"] h3.title').allTextContents();
    for (const title of expanded.filter((t) => t.trim() !== 'Stacks')) {
      await session.page
        .locator('.pane-header[aria-expanded="true"]', { has: session.page.locator('h3.title', { hasText: title }) })
        .click();
    }
    // Widen the side bar (drag its sash) so screenshots show the whole PR badges.
    const sideBar = await session.page.locator('.part.sidebar').boundingBox();
    const sashes = await Promise.all(
      (await session.page.locator('.monaco-sash.vertical').all()).map((sash) => sash.boundingBox()),
    );
    const sash = sashes.find((box) => box && sideBar && Math.abs(box.x - (sideBar.x + sideBar.width)) < 8);
    if (sash) {
      await session.page.mouse.move(sash.x + sash.width / 2, 400);
      await session.page.mouse.down();
      await session.page.mouse.move(900, 400, { steps: 5 });
      await session.page.mouse.up();
    }
    for (const label of ['Uncommitted changes', 'rate-limit']) {
      await session.page
        .locator('.monaco-list-row[aria-expanded="true"]', { hasText: label })
        .first()
        .locator('.monaco-tl-twistie')
        .click();
    }

    // A size limit the stack breaks: Submit first shows the warning and asks.
    writeFileSync(join(demo.dir, '.stackline.json'), JSON.stringify({ conventions: { size: { maxStackCommits: 2 } } }));
    // The tree redraws for the new file (and the stack's own size warning); click once it has.
    await session.waitForTreeRows(
      'Stacks',
      (r) => /2 untracked/.test(row(r, 'Uncommitted changes')?.description ?? ''),
      30_000,
    );
    // The inline Submit button of the checkout-flow stack.
    await clickInline(session, 'checkout-flow', 'Submit Stack as PRs');
    const dialog = session.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    assert.match((await dialog.textContent()) ?? '', /This stack has 3 commits \(limit 2\)[\s\S]*\.stackline\.json/);
    assert.equal(standin.pulls(REPO).length, 0, 'nothing is submitted while the warning is open');
    await session.screenshot(join(RESULTS, 'forge-size-warning.png'));
    await dialog.getByRole('button', { name: 'Submit Anyway' }).click();
    // No token yet: the error offers Set Token; the token goes into VS Code's secret storage and the submit goes on by itself.
    await setTokenFromNotification(session, TOKEN);
    let rows = await session.waitForTreeRows(
      'Stacks',
      (r) => CHECKOUT.every((t) => /PR #\d+ open/.test(row(r, t)?.description ?? '')),
      90_000,
    );
    assert.equal(standin.pulls(REPO).length, 3, show(rows));
    assert.match(row(rows, 'feat(shared): cart model')!.description ?? '', /PR #1 open · needs review/);
    assert.match(row(rows, 'feat(web): checkout page')!.description ?? '', /PR #3 open/);
    assert.deepEqual(
      standin
        .pulls(REPO)
        .map((p) => p.title)
        .sort(),
      [...CHECKOUT].sort(),
      'only this stack was submitted',
    );
    assert.equal(standin.pull(REPO, 3).head.ref, 'checkout-flow', 'a commit with its own branch keeps it');
    assert.equal(standin.pull(REPO, 2).base.ref, standin.pull(REPO, 1).head.ref);
    await session.screenshot(join(RESULTS, 'forge-submitted.png'));

    // Checks and a review arrive on GitHub; a refresh shows them.
    standin.setChecks(REPO, standin.pull(REPO, 1).head.sha, [
      { name: 'ci', status: 'completed', conclusion: 'success' },
    ]);
    standin.setChecks(REPO, standin.pull(REPO, 2).head.sha, [
      { name: 'ci', status: 'completed', conclusion: 'failure' },
    ]);
    standin.addReview(REPO, 1, 'reviewer', 'APPROVED');
    standin.addComment(REPO, 1);
    const mark = standin.calls.length;
    await session.runCommand('Stackline: Refresh PR Status');
    rows = await session.waitForTreeRows(
      'Stacks',
      (r) => /✓ checks · approved · 1 comment/.test(row(r, 'feat(shared): cart model')?.description ?? ''),
      60_000,
    );
    assert.match(row(rows, 'feat(api): cart endpoints')!.description ?? '', /✗ checks/);
    const refresh = standin.calls.slice(mark);
    assert.ok(
      refresh.length > 0 && refresh.every((c) => c.graphql === 'StacklinePullStatuses'),
      `a refresh is one GraphQL query per refresh: ${JSON.stringify(refresh)}`,
    );
    await session.screenshot(join(RESULTS, 'forge-status.png'));

    // Land the selected stack: #1 merged, #2 retargeted to main (still open), badges follow.
    await treeRow(session, 'checkout-flow').click();
    await session.runCommand('Stackline: Land Bottom PR');
    rows = await session.waitForTreeRows(
      'Stacks',
      (r) =>
        !row(r, 'feat(shared): cart model') &&
        /PR #2 open/.test(row(r, 'feat(api): cart endpoints')?.description ?? ''),
      90_000,
    );
    assert.equal(standin.pull(REPO, 1).merged, true);
    assert.equal(standin.pull(REPO, 2).state, 'open');
    assert.equal(standin.pull(REPO, 2).base.ref, 'main');
    const bareMain = execFileSync('git', ['--git-dir', demo.origin, 'log', '-1', '--format=%s', 'main'], {
      encoding: 'utf8',
    }).trim();
    assert.equal(bareMain, 'feat(shared): cart model (#1)');
    await session.screenshot(join(RESULTS, 'forge-landed.png'));

    // #2's checks fail: Land refuses and says why, and Land Anyway merges it all the same.
    standin.setChecks(REPO, standin.pull(REPO, 2).head.sha, [
      { name: 'ci', status: 'completed', conclusion: 'failure' },
    ]);
    await treeRow(session, 'checkout-flow').click();
    await session.runCommand('Stackline: Land Bottom PR');
    const notReady = session.page.locator('.notifications-toasts .notification-list-item', {
      hasText: 'PR #2 is not ready to land',
    });
    await notReady.waitFor({ timeout: 60_000 });
    assert.match((await notReady.textContent()) ?? '', /checks are failing \(ci\)/);
    assert.equal(standin.pull(REPO, 2).merged, false, 'nothing merged before the user chose');
    await notReady.locator('.monaco-button', { hasText: 'Land Anyway' }).click();
    await session.waitForTreeRows(
      'Stacks',
      (r) =>
        !row(r, 'feat(api): cart endpoints') &&
        /PR #3 open/.test(row(r, 'feat(web): checkout page')?.description ?? ''),
      90_000,
    );
    assert.equal(standin.pull(REPO, 2).merged, true);
    assert.equal(standin.pull(REPO, 3).base.ref, 'main');
    assert.deepEqual(standin.violations, []);
  } catch (error) {
    await session?.screenshot(join(RESULTS, 'forge-failure.png'));
    if (session) console.error(session.logs().slice(-4000));
    throw error;
  } finally {
    await session?.close();
    await standin?.close();
  }
});
