// Conflicts in the commit graph, in a real VS Code (code-server) with the packaged .vsix: a move made
// in the graph (keyboard: M, arrows, Enter) stops on conflicts; the graph's banner names the file and
// offers Continue and Abort; the file opens in an editor; resolved and staged from here, Continue in
// the graph finishes the move. A second conflicting move, seen in history mode too, is aborted from
// the graph and every ref, HEAD and the working copy are exactly as before.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { makeClone, removeTempDirs } from '../helpers/repo';
import { graphFrame, reportFailure, showGraph } from './graphFrame';
import { startVSCode, type Session } from './harness';

const ROOT = join(__dirname, '..', '..');
const VSIX = join(ROOT, 'dist', 'stackline.vsix');
const RESULTS = join(ROOT, 'test-results');
mkdirSync(RESULTS, { recursive: true });
after(removeTempDirs);

/** Index of the graph row with exactly this title. */
const rowIndex = (frame: Frame, title: string) =>
  frame.$$eval(
    '.row:not([hidden])',
    (rows, wanted) =>
      Number(
        (rows.find((r) => r.querySelector('.title')?.textContent === wanted) as HTMLElement | undefined)?.dataset
          .index ?? -1,
      ),
    title,
  );

/** Keyboard move in the graph: select `source`, M, arrows to `destination`, wait for the preview, Enter. */
async function moveInGraph(page: Page, frame: Frame, source: string, destination: string): Promise<void> {
  await frame.locator('.row.commit:not([hidden])', { hasText: source }).first().click();
  await page.keyboard.press('m');
  const target = await rowIndex(frame, destination);
  assert.ok(target >= 0, `no row '${destination}'`);
  for (let step = 0; step < 30; step++) {
    const selected = Number(await frame.locator('.row.selected:not([hidden])').getAttribute('data-index'));
    if (selected === target) break;
    await page.keyboard.press(selected < target ? 'ArrowDown' : 'ArrowUp');
  }
  await frame.locator('.drop-card.ok').waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

test(
  'Graph: a move that conflicts shows a banner with the file, Continue finishes it, Abort restores every ref',
  { timeout: 300_000 },
  async () => {
    const { origin, repo } = makeClone(1);
    const git = (...args: string[]) => repo.git(...args).trim();
    // Trunk changes shared.txt after the stacks were made on it: moving them onto trunk tip conflicts.
    origin.commit('trunk: shared one', { 'shared.txt': 'one\n' });
    git('pull', '-q');
    origin.commit('trunk: shared two', { 'shared.txt': 'two\n' });
    git('fetch', '-q');
    const trunkTip = git('rev-parse', 'origin/main');
    git('switch', '-q', '-c', 'other');
    repo.commit('feat: other shared', { 'shared.txt': 'other\n' });
    git('switch', '-q', '-c', 'feature', 'main');
    repo.commit('feat: shared stack', { 'shared.txt': 'stack\n' });
    repo.commit('feat: more', { 'more.txt': 'more\n' });
    const refs = () => git('for-each-ref', '--format=%(refname) %(objectname)');
    const rebasing = () =>
      existsSync(join(repo.dir, '.git', 'rebase-merge')) || existsSync(join(repo.dir, '.git', 'rebase-apply'));

    let session: Session | undefined;
    try {
      session = await startVSCode({ vsix: [VSIX], folder: repo.dir, viewport: { width: 1400, height: 900 } });
      const { page } = session;
      let frame = await showGraph(session);
      await frame.locator('.row.commit:not([hidden])', { hasText: 'feat: more' }).waitFor({ timeout: 30_000 });
      assert.equal(await frame.locator('.op-banner').count(), 0, 'no banner while nothing is in progress');

      // The move stops on conflicts: the banner says so, names the file, offers Continue and Abort.
      await moveInGraph(page, frame, 'feat: shared stack', 'trunk: shared two');
      let banner = frame.locator('.op-banner.kind-stopped');
      await banner.waitFor({ timeout: 60_000 });
      assert.equal(await banner.getAttribute('role'), 'alert');
      assert.match((await banner.locator('.op-text strong').textContent())!, /^A move stopped on conflicts$/);
      assert.deepEqual(await banner.locator('.op-actions button').allTextContents(), ['Continue', 'Abort']);
      await banner.locator('.conflict-file', { hasText: 'shared.txt' }).waitFor({ timeout: 30_000 });
      assert.ok(rebasing(), 'git is stopped in the rebase');
      await page.mouse.move(0, 0);
      await session.screenshot(join(RESULTS, 'graph-conflict-banner.png'));

      // The file opens in an editor, with git's conflict markers.
      await banner.locator('.conflict-file', { hasText: 'shared.txt' }).click();
      const tab = page.locator('.tabs-container .tab', { hasText: 'shared.txt' });
      await tab.waitFor({ timeout: 30_000 });
      await page.locator('.monaco-editor .view-lines', { hasText: '<<<<<<<' }).first().waitFor({ timeout: 30_000 });
      await session.screenshot(join(RESULTS, 'graph-conflict-file.png'));

      // Resolved and staged here. Back on the graph (its webview loads again, banner and all), the
      // file list empties; Continue in the graph finishes the move.
      writeFileSync(join(repo.dir, 'shared.txt'), 'two\nstack\n');
      git('add', 'shared.txt');
      await page.locator('.tabs-container .tab', { hasText: 'Graph:' }).click();
      frame = await graphFrame(page, 'panel');
      banner = frame.locator('.op-banner.kind-stopped');
      await banner.waitFor({ timeout: 30_000 });
      await banner.locator('.conflict-file').first().waitFor({ state: 'detached', timeout: 30_000 });
      await banner.locator('button[data-action="continue"]').click();
      await frame.locator('.op-banner').waitFor({ state: 'detached', timeout: 60_000 });
      assert.deepEqual(
        git('log', '--format=%s', 'origin/main..feature').split('\n'),
        ['feat: more', 'feat: shared stack'],
        'git log: the stack sits on trunk tip',
      );
      assert.equal(git('rev-parse', 'feature~2'), trunkTip);
      assert.equal(git('show', 'feature~1:shared.txt'), 'two\nstack');
      assert.equal(git('symbolic-ref', 'HEAD'), 'refs/heads/feature');
      assert.ok(!rebasing());
      await frame.waitForFunction(
        () => document.querySelector('.toolbar-status')?.textContent?.endsWith('commits in the smartlog'),
        undefined,
        { timeout: 30_000 },
      );
      await session.screenshot(join(RESULTS, 'graph-conflict-continued.png'));

      // Another conflicting move, aborted from the graph in history mode: everything is as before.
      const before = { refs: refs(), head: git('symbolic-ref', 'HEAD'), status: git('status', '--porcelain') };
      await moveInGraph(page, frame, 'feat: other shared', 'feat: more');
      await banner.waitFor({ timeout: 60_000 });
      await banner.locator('.conflict-file', { hasText: 'shared.txt' }).waitFor({ timeout: 30_000 });
      await frame.locator('button.mode', { hasText: 'History' }).click();
      await frame.locator('.toolbar-status', { hasText: 'commits of all branches' }).waitFor({ timeout: 30_000 });
      assert.equal(await banner.count(), 1, 'the banner shows in history mode too');
      await page.mouse.move(0, 0);
      await session.screenshot(join(RESULTS, 'graph-conflict-history.png'));
      await banner.locator('button[data-action="abort"]').click();
      await frame.locator('.op-banner').waitFor({ state: 'detached', timeout: 60_000 });
      assert.ok(!rebasing());
      // refs/stackline/ keeps the oplog's records of old commits; every other ref must be exactly as before.
      const visible = (all: string) =>
        all
          .split('\n')
          .filter((line) => !line.startsWith('refs/stackline/'))
          .join('\n');
      assert.equal(visible(refs()), visible(before.refs), 'every branch, remote branch and tag is back');
      assert.equal(git('symbolic-ref', 'HEAD'), before.head);
      assert.equal(git('status', '--porcelain'), before.status);
      await session.screenshot(join(RESULTS, 'graph-conflict-aborted.png'));
      assert.doesNotMatch(
        session.consoleLogs(),
        /Content Security Policy|Refused to/,
        'no CSP violations in the webview',
      );
    } catch (error) {
      await reportFailure(session, join(RESULTS, 'graph-conflict-failure.png'));
      throw error;
    } finally {
      await session?.close();
    }
  },
);
