// The commit graph in a real VS Code (code-server) with the packaged .vsix, on the demo repository:
// Show Graph, nodes counted against the smartlog, details and a file diff, the context menu, goto by
// double-click (HEAD moves in the graph and in the Stacks tree), state after hide/show, history
// mode, the sidebar view, and screenshots in dark, light and high-contrast themes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { createDemoRepo } from '../../scripts/demo-repo';
import { discoverRepository } from '../../src/core/git/repository';
import { GitRunner } from '../../src/core/git/runner';
import { buildSmartlog } from '../../src/core/smartlog/build';
import { graphFrame, openRowMenu } from './graphFrame';
import { startVSCode, type Session } from './harness';

const ROOT = join(__dirname, '..', '..');
const VSIX = join(ROOT, 'dist', 'stackline.vsix');
const RESULTS = join(ROOT, 'test-results');
mkdirSync(RESULTS, { recursive: true });

const temp = mkdtempSync(join(tmpdir(), 'stackline-graph-'));
after(() => rmSync(temp, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Picks a colour theme the way a person does (Preferences: Color Theme) and waits for the graph to follow. */
async function setTheme(session: Session, label: string, bodyClass: string): Promise<Frame> {
  await session.runCommand('Preferences: Color Theme');
  const input = session.page.locator('.quick-input-widget .quick-input-box input');
  await input.fill(label);
  await session.page
    .locator('.quick-input-widget .monaco-list-row', { hasText: label })
    .first()
    .waitFor({ timeout: 10_000 });
  await input.press('Enter');
  const end = Date.now() + 20_000;
  while (Date.now() < end) {
    const frame = await graphFrame(session.page, 'panel');
    if (await frame.evaluate((c) => document.body.classList.contains(c), bodyClass).catch(() => false)) return frame;
    await sleep(250);
  }
  throw new Error(`the graph did not switch to ${label}`);
}

test(
  'Graph in VS Code: nodes, details, file diff, context menu, goto, restore, history, sidebar, themes',
  { timeout: 360_000 },
  async () => {
    const demo = createDemoRepo(temp);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: demo.dir, encoding: 'utf8' }).trim();
    const smartlog = await buildSmartlog(new GitRunner(demo.dir), await discoverRepository(demo.dir));
    let session: Session | undefined;
    try {
      session = await startVSCode({ vsix: [VSIX], folder: demo.dir, viewport: { width: 1400, height: 900 } });
      const { page } = session;
      await session.runCommand('Stackline: Show Graph', 30_000);
      let frame = await graphFrame(page, 'panel');
      await page.locator('.tabs-container .tab[aria-label*="Graph: monorepo"]').waitFor();

      // Every smartlog commit is a node, plus one for the uncommitted changes; the trunk run between the two stacks is folded.
      assert.equal(await frame.locator('.row.commit:not([hidden])').count(), smartlog.commits.length);
      assert.equal(
        await frame.locator('.row:not([hidden]) svg.lanes circle.n:not(.head-ring)').count(),
        smartlog.commits.length + 1,
      );
      assert.equal(await frame.locator('.row.fold:not([hidden]) .title').textContent(), '… 3 commits');
      assert.equal(
        await frame.locator('.row.head:not([hidden]) .title').textContent(),
        'feat(api): rate-limit middleware',
      );
      assert.match(
        (await frame.locator('.row.uncommitted:not([hidden]) .title').textContent())!,
        /^Uncommitted changes: 1 modified, 1 untracked$/,
      );
      await session.screenshot(join(RESULTS, 'graph-dark.png'));

      // Click: details with the full message, the author and the files with +/- counts; a file opens its diff.
      await frame.locator('.row.commit:not([hidden])', { hasText: 'feat(api): token bucket' }).click();
      await frame.locator('.details h2', { hasText: 'feat(api): token bucket' }).waitFor({ timeout: 15_000 });
      await frame.locator('.details .files button.file').first().waitFor({ timeout: 15_000 });
      const details = await frame.locator('.details').innerText();
      assert.match(details, /Alan Turing <alan@example\.com>/);
      assert.match(details, /1 file changed/);
      assert.match(details, /bucket\.ts\s+packages\/api\/src\s+\+1\s+−0/);
      await session.screenshot(join(RESULTS, 'graph-details.png'));
      // The editor area alone, for the README (docs/images/graph.png is a copy of it).
      await page.mouse.move(0, 0);
      const editor = (await page.locator('.part.editor').boundingBox())!;
      await page.screenshot({
        path: join(RESULTS, 'graph-panel.png'),
        clip: { ...editor, height: Math.min(editor.height, 380) },
        animations: 'disabled',
      });
      await frame.locator('.details button.file', { hasText: 'bucket.ts' }).click();
      await page.locator('.tabs-container .tab[aria-label*="bucket.ts"]').waitFor({ timeout: 15_000 });
      await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 15_000 });

      // Back to the graph tab: the webview was destroyed while hidden and restores its selection.
      await page.locator('.tabs-container .tab[aria-label*="Graph: monorepo"]').click();
      frame = await graphFrame(page, 'panel');
      await frame
        .locator('.row.selected:not([hidden])', { hasText: 'feat(api): token bucket' })
        .waitFor({ timeout: 15_000 });

      // The context menu of a commit: VS Code's own menu, from the row's data-vscode-context.
      const cart = smartlog.commits.find((c) => c.title === 'feat(api): cart endpoints')!;
      const menu = await openRowMenu(
        page,
        frame.locator('.row.commit:not([hidden])', { hasText: 'feat(api): cart endpoints' }),
      );
      const items = (await menu.locator('.action-label').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
      for (const item of ['Go to Commit', 'Open Commit Changes', 'Copy Commit Hash'])
        assert.ok(items.includes(item), `menu has ${item}: ${items.join(' | ')}`);
      assert.ok(!items.includes('Cut') && !items.includes('Paste'), `no default edit items: ${items.join(' | ')}`);
      await session.screenshot(join(RESULTS, 'graph-context-menu.png'));
      await menu.locator('.action-label', { hasText: 'Copy Commit Hash' }).click();
      await page.locator('.statusbar', { hasText: `Copied ${cart.hash.slice(0, 9)}` }).waitFor({ timeout: 10_000 });

      // A goto that would overwrite local edits is refused with a message naming the file.
      await frame.locator('.row.commit:not([hidden])', { hasText: 'feat(shared): cart model' }).dblclick();
      await page
        .locator('.notifications-toasts', { hasText: 'Local edits would be overwritten' })
        .waitFor({ timeout: 15_000 });
      assert.equal(git('rev-parse', 'HEAD'), demo.stacks[1].commits[1], 'HEAD did not move');

      // Double-click goes to the commit (onto its branch): HEAD moves in git, in the graph and in the Stacks tree.
      await frame.locator('.row.commit:not([hidden])', { hasText: 'docs(api): document limits' }).dblclick();
      await frame
        .locator('.row.head:not([hidden])', { hasText: 'docs(api): document limits' })
        .waitFor({ timeout: 20_000 });
      assert.equal(git('rev-parse', 'HEAD'), demo.stacks[1].commits[2]);
      assert.equal(git('symbolic-ref', '--short', 'HEAD'), 'rate-limit');
      assert.equal(await frame.locator('.row.head:not([hidden])').count(), 1);
      assert.equal(await frame.locator('.row:not([hidden]) .pill.here').count(), 1);
      await session.openView('Stackline');
      await session.waitForTreeRows(
        'Stacks',
        (rows) => /you are here/.test(rows.find((r) => r.label === 'docs(api): document limits')?.description ?? ''),
        20_000,
      );
      await session.screenshot(join(RESULTS, 'graph-after-goto.png'));

      // The Graph view in the Stackline side bar shows the same smartlog.
      await session.focusView('Commit Graph');
      const view = await graphFrame(page, 'view');
      await view
        .locator('.row.head:not([hidden])', { hasText: 'docs(api): document limits' })
        .waitFor({ timeout: 15_000 });
      assert.equal(await view.locator('.row.commit:not([hidden])').count(), smartlog.commits.length);
      await session.screenshot(join(RESULTS, 'graph-sidebar-view.png'));

      // History: every commit reachable from branches, remote branches and tags.
      frame = await graphFrame(page, 'panel');
      await frame.locator('button.mode', { hasText: 'History' }).click();
      await frame
        .locator('.toolbar-status', { hasText: 'commits of all branches and tags' })
        .waitFor({ timeout: 15_000 });
      const all = Number(git('rev-list', '--count', '--branches', '--remotes', '--tags', 'HEAD'));
      assert.equal(await frame.locator('.row.commit:not([hidden])').count(), all);
      assert.equal(await frame.locator('.toolbar-status').textContent(), `${all} commits of all branches and tags`);
      await session.screenshot(join(RESULTS, 'graph-history.png'));
      await frame.locator('button.mode', { hasText: 'Smartlog' }).click();
      await frame.locator('.row.fold:not([hidden])').waitFor({ timeout: 15_000 });

      // Themes: the graph follows VS Code's colours.
      frame = await setTheme(session, 'Light Modern', 'vscode-light');
      await frame.locator('.row.commit:not([hidden])', { hasText: 'feat(api): rate-limit middleware' }).click();
      await frame.locator('.details .files').waitFor({ timeout: 15_000 });
      await session.screenshot(join(RESULTS, 'graph-light.png'));
      frame = await setTheme(session, 'Dark High Contrast', 'vscode-high-contrast');
      await session.screenshot(join(RESULTS, 'graph-high-contrast.png'));
      const background = await frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(background, 'rgb(0, 0, 0)');
      assert.doesNotMatch(
        session.consoleLogs(),
        /Content Security Policy|Refused to/,
        'no CSP violations in the webview',
      );
    } catch (error) {
      if (session) {
        await session.screenshot(join(RESULTS, 'graph-failure.png')).catch(() => undefined);
        console.error('notifications:', await session.notifications().catch(() => []));
        console.error(session.logs().slice(-4000));
      }
      throw error;
    } finally {
      await session?.close();
    }
  },
);
