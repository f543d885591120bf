// Editing the stack from the commit graph in a real VS Code (code-server) with the packaged .vsix,
// on the demo repository: a warning marker on a commit whose message breaks the commit rules; drag a
// commit (and what is above it) onto trunk with the mouse, see the preview and a refusal, Escape,
// drop, see the graph and `git log` change; Undo from the command palette brings it all back; then
// Submit against the GitHub stand-in and see PR badges in the graph.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { createDemoRepo } from '../../scripts/demo-repo';
import { attachToStandin, startGitHubStandin, type GitHubStandin } from '../github-standin';
import { graphFrame, openRowMenu } from './graphFrame';
import { startVSCode, treeRow, type Session } from './harness';

const ROOT = join(__dirname, '..', '..');
const VSIX = join(ROOT, 'dist', 'stackline.vsix');
const RESULTS = join(ROOT, 'test-results');
const TOKEN = 'ghp_GraphOpsTestToken0123456789abcdefABCD';
const REPO = 'octo/demo';
mkdirSync(RESULTS, { recursive: true });

const temp = mkdtempSync(join(tmpdir(), 'stackline-graph-ops-'));
after(() => rmSync(temp, { recursive: true, force: true }));

const BAD = 'Fixed stuff';

/** The graph row of the commit with exactly this title. */
const commitRow = (frame: Frame, title: string) =>
  frame
    .locator('.row.commit:not([hidden])')
    .filter({ has: frame.locator('.title', { hasText: new RegExp(`^${title.replace(/[()]/g, '\\$&')}$`) }) });

async function pointAt(frame: Frame, title: string): Promise<{ x: number; y: number }> {
  const box = await commitRow(frame, title).boundingBox();
  if (!box) throw new Error(`no row '${title}' in view`);
  return { x: box.x + Math.min(160, box.width / 4), y: box.y + box.height / 2 };
}

async function moveTo(page: Page, frame: Frame, title: string): Promise<void> {
  const to = await pointAt(frame, title);
  await page.mouse.move(to.x, to.y, { steps: 10 });
}

/** Titles of the graph's rows, top to bottom. */
const rowTitles = (frame: Frame) =>
  frame.$$eval('.row:not([hidden])', (rows) =>
    rows
      .sort((a, b) => Number((a as HTMLElement).dataset.index) - Number((b as HTMLElement).dataset.index))
      .map((row) => row.querySelector('.title')?.textContent ?? ''),
  );

test(
  'Graph: drag a commit onto trunk with a preview, undo from the palette, PR badges and rule warnings',
  { timeout: 420_000 },
  async () => {
    const demo = createDemoRepo(temp);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: demo.dir, encoding: 'utf8' }).trim();
    // A commit whose message breaks the Conventional Commits rules, on top of the checkout-flow stack.
    const side = join(temp, 'side');
    git('worktree', 'add', '-q', side, 'checkout-flow');
    writeFileSync(join(side, 'packages/web/src/checkout.ts'), 'export const checkout = () => "pay now";\n');
    execFileSync('git', ['commit', '-qam', BAD], {
      cwd: side,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Grace Hopper',
        GIT_AUTHOR_EMAIL: 'grace@example.com',
        GIT_COMMITTER_NAME: 'Grace Hopper',
        GIT_COMMITTER_EMAIL: 'grace@example.com',
      },
    });
    git('worktree', 'remove', side);
    const before = git('for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads');
    const trunkTip = git('rev-parse', 'main');
    const stack = () => git('log', '--format=%s', 'main..checkout-flow').split('\n');

    let standin: GitHubStandin | undefined;
    let session: Session | undefined;
    try {
      standin = await startGitHubStandin({ tokens: { [TOKEN]: 'octo' } });
      attachToStandin(standin, { workDir: demo.dir, bareDir: demo.origin, owner: 'octo', name: 'demo' });
      session = await startVSCode({
        vsix: [VSIX],
        folder: demo.dir,
        settings: { 'stackline.github.apiUrl': standin.apiUrl },
        viewport: { width: 1400, height: 900 },
      });
      const { page } = session;
      await session.runCommand('Stackline: Show Graph', 30_000);
      let frame = await graphFrame(page, 'panel');
      await commitRow(frame, BAD).waitFor({ timeout: 20_000 });

      // The commit-rule warning: the rule names on the row and in its tooltip, weighed as in the tree
      // (the demo has no rules of its own, so the default rules are advice: warnings).
      const warning = commitRow(frame, BAD).locator('.badge[data-badge="conventions"]');
      await warning.waitFor({ timeout: 30_000 });
      assert.equal(await warning.textContent(), '2 rules');
      assert.equal(await warning.locator('.part.tone-warning').count(), 1);
      assert.match(
        (await warning.getAttribute('title'))!,
        /^Commit rules \(.*\): 2 warnings\nWarning subject-empty: subject may not be empty\nWarning type-empty: type may not be empty\nAdvice: the repository has no commit rules of its own\.$/,
      );
      assert.equal(await frame.locator('.badge[data-badge="conventions"]').count(), 1, 'only the bad commit is marked');

      // Drag "cart endpoints" (with the two commits above it) over trunk tip: the preview says what lands where.
      const cart = commitRow(frame, 'feat(api): cart endpoints');
      const cartHash = JSON.parse((await cart.getAttribute('data-vscode-context'))!).hash as string;
      const from = await pointAt(frame, 'feat(api): cart endpoints');
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await moveTo(page, frame, 'chore: bump dependencies');
      const card = frame.locator('.drop-card.ok');
      await card.waitFor({ timeout: 15_000 });
      assert.equal(
        await card.locator('.headline').textContent(),
        `Move 3 commits (${cartHash.slice(0, 9)} and above) onto ${trunkTip.slice(0, 9)}, with checkout-flow`,
      );
      assert.deepEqual(await card.locator('.ghost .title').allTextContents(), [
        BAD,
        'feat(web): checkout page',
        'feat(api): cart endpoints',
        'chore: bump dependencies',
      ]);
      assert.match((await commitRow(frame, 'chore: bump dependencies').getAttribute('class'))!, /drop-target/);
      assert.equal(
        git('for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads'),
        before,
        'nothing is written while dragging',
      );
      await session.screenshot(join(RESULTS, 'graph-drag-preview.png'));
      // The editor area alone, for the README (docs/images/graph-drag.png is a copy of it).
      const editor = (await page.locator('.part.editor').boundingBox())!;
      await page.screenshot({
        path: join(RESULTS, 'graph-drag-panel.png'),
        clip: { ...editor, height: Math.min(editor.height, 340) },
        animations: 'disabled',
      });

      // Over a commit that moves along: refused with the reason. Escape: the drag ends, nothing moves.
      await moveTo(page, frame, 'feat(web): checkout page');
      await frame
        .locator('.drop-card.refused', { hasText: `Can't move ${cartHash.slice(0, 9)} onto a commit above it.` })
        .waitFor({ timeout: 15_000 });
      await session.screenshot(join(RESULTS, 'graph-drag-refused.png'));
      await page.keyboard.press('Escape');
      await frame.locator('.drop-card').waitFor({ state: 'hidden' });
      await page.mouse.up();
      assert.equal(git('for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads'), before);

      // Drag again and drop on trunk tip: the stack moves, in git and in the graph, in place.
      const again = await pointAt(frame, 'feat(api): cart endpoints');
      await page.mouse.move(again.x, again.y);
      await page.mouse.down();
      await moveTo(page, frame, 'chore: bump dependencies');
      await card.waitFor({ timeout: 15_000 });
      await page.mouse.up();
      const moved = Date.now() + 60_000;
      while (git('merge-base', 'main', 'checkout-flow') !== trunkTip && Date.now() < moved)
        await page.waitForTimeout(250);
      assert.deepEqual(
        stack(),
        [BAD, 'feat(web): checkout page', 'feat(api): cart endpoints'],
        'git log: the three commits sit on trunk tip',
      );
      assert.equal(git('rev-parse', 'checkout-flow~3'), trunkTip);
      await frame.waitForFunction(
        () => {
          const titles = Array.from(document.querySelectorAll('.row:not([hidden])'))
            .sort((a, b) => Number((a as HTMLElement).dataset.index) - Number((b as HTMLElement).dataset.index))
            .map((r) => r.querySelector('.title')?.textContent);
          return (
            titles.indexOf('feat(api): cart endpoints') < titles.indexOf('chore: bump dependencies') &&
            document.querySelector('.toolbar-status')?.textContent?.endsWith('commits in the smartlog')
          );
        },
        undefined,
        { timeout: 30_000 },
      );
      let titles = await rowTitles(frame);
      assert.ok(
        titles.indexOf('feat(shared): cart model') > titles.indexOf('chore: bump dependencies'),
        `the commit below stays where it was: ${titles.join(' | ')}`,
      );
      await commitRow(frame, BAD).locator('.badge[data-badge="conventions"]').waitFor({ timeout: 30_000 });
      await session.screenshot(join(RESULTS, 'graph-drag-moved.png'));

      // Undo from the command palette: every branch back where it was, and the graph with them.
      await session.runCommand('Stackline: Undo');
      const undone = Date.now() + 60_000;
      while (git('for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads') !== before && Date.now() < undone)
        await page.waitForTimeout(250);
      assert.equal(
        git('for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads'),
        before,
        'undo restored every branch',
      );
      await frame.waitForFunction(
        (hash) => document.querySelector(`.row.commit[data-vscode-context*="${hash}"]`) !== null,
        cartHash,
        { timeout: 30_000 },
      );
      titles = await rowTitles(frame);
      assert.ok(
        titles.indexOf('feat(api): cart endpoints') > titles.indexOf('chore: bump dependencies'),
        `back on its old base: ${titles.join(' | ')}`,
      );
      await session.screenshot(join(RESULTS, 'graph-drag-undone.png'));

      // Before any PR: the commit's menu has Submit but no Open Pull Request or Land Bottom PR.
      const noPrMenu = await openRowMenu(page, commitRow(frame, 'feat(shared): cart model'));
      const noPrItems = (await noPrMenu.locator('.action-label').allInnerTexts()).map((t) => t.trim());
      assert.ok(
        noPrItems.includes('Submit Stack as PRs') &&
          !noPrItems.includes('Open Pull Request') &&
          !noPrItems.includes('Land Bottom PR'),
        noPrItems.join(' | '),
      );
      await page.keyboard.press('Escape');

      // Submit the stack from the Stacks view; the graph's PR slot shows each PR with its state.
      await session.runCommand('Stackline: Set GitHub Token');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: 15_000 });
      await input.fill(TOKEN);
      await input.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
      await session.openView('Stackline');
      // The stack's own row: a commit row names the branch too.
      const stackRow = treeRow(session, 'checkout-flow');
      await stackRow.waitFor({ timeout: 30_000 });
      await stackRow.hover();
      await stackRow.locator('.action-label[aria-label="Submit Stack as PRs"]').click();
      await page.locator('.tabs-container .tab[aria-label*="Graph: monorepo"]').click();
      frame = await graphFrame(page, 'panel');
      const pr = commitRow(frame, 'feat(shared): cart model').locator('.badge[data-badge="pr"]');
      await pr.waitFor({ timeout: 90_000 });
      assert.equal(standin.pulls(REPO).length, 4);
      const number = standin.pulls(REPO).find((p) => p.title === 'feat(shared): cart model')!.number;
      assert.match((await pr.textContent())!, new RegExp(`^#${number}`));
      assert.match(
        (await pr.getAttribute('title'))!,
        new RegExp(`^Pull request #${number}: open\\n.*needs review`, 's'),
      );
      assert.equal(await pr.locator('.part').first().getAttribute('class'), 'part tone-open');
      assert.equal(await frame.locator('.badge[data-badge="pr"]').count(), 4, 'a PR badge on each commit of the stack');
      await commitRow(frame, 'feat(shared): cart model').click();
      await frame
        .locator('.details .badge-details[data-badge="pr"] button.action', { hasText: `Open PR #${number} on GitHub` })
        .waitFor({ timeout: 15_000 });
      await page.mouse.move(0, 0);
      await session.screenshot(join(RESULTS, 'graph-pr-badges.png'));

      // The commit's right-click menu has the GitHub commands; Open Pull Request opens that commit's PR.
      const menu = await openRowMenu(page, commitRow(frame, 'feat(shared): cart model'));
      const items = (await menu.locator('.action-label').allInnerTexts()).map((t) => t.trim());
      for (const item of ['Submit Stack as PRs', 'Land Bottom PR', 'Open Pull Request'])
        assert.ok(items.includes(item), `menu has ${item}: ${items.join(' | ')}`);
      const opened = page.context().waitForEvent('page', { timeout: 20_000 });
      await menu.locator('.action-label', { hasText: 'Open Pull Request' }).hover();
      await page.keyboard.press('Enter');
      const trust = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Open$/ });
      if (
        await trust.waitFor({ timeout: 3_000 }).then(
          () => true,
          () => false,
        )
      )
        await trust.click();
      const prPage = await opened;
      assert.match(prPage.url(), new RegExp(`/pull/${number}$`), 'the PR of the commit that was right-clicked');
      await prPage.close();
      await page.screenshot({
        path: join(RESULTS, 'graph-ops-panel.png'),
        clip: { ...editor, height: Math.min(editor.height, 400) },
        animations: 'disabled',
      });

      // History mode shows the same PR badges on the commits that have them.
      await frame.locator('button.mode', { hasText: 'History' }).click();
      await frame
        .locator('.toolbar-status', { hasText: 'commits of all branches and tags' })
        .waitFor({ timeout: 15_000 });
      await commitRow(frame, 'feat(shared): cart model')
        .locator('.badge[data-badge="pr"]')
        .waitFor({ timeout: 15_000 });
      assert.equal(
        await frame.locator('.badge[data-badge="pr"]').count(),
        4,
        'history: a PR badge on each commit of the stack',
      );
      await session.screenshot(join(RESULTS, 'graph-history-pr-badges.png'));
      assert.deepEqual(standin.violations, []);
      assert.doesNotMatch(
        session.consoleLogs(),
        /Content Security Policy|Refused to/,
        'no CSP violations in the webview',
      );
    } catch (error) {
      if (session) {
        await session.screenshot(join(RESULTS, 'graph-ops-failure.png')).catch(() => undefined);
        console.error('notifications:', await session.notifications().catch(() => []));
        console.error(session.logs().slice(-4000));
      }
      throw error;
    } finally {
      await session?.close();
      await standin?.close();
    }
  },
);
