// The commit graph's lanes in a real VS Code (code-server, the packaged .vsix) at the default window
// and side-bar size: on the demo repository and on a generated merge-heavy history shaped like
// git/git's (20+ lanes at once), every row's dot shows inside the graph column, also scrolled
// sideways and filtered to one ref; the column resizes and keeps its width when the graph opens
// again; an amend in the terminal shows as needs restack in the graph, and Restack on the row moves
// the commit on top onto the new version (checked with git).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { createDemoRepo } from '../../scripts/demo-repo';
import { writeMergeHeavyRepo } from '../helpers/mergeHeavyRepo';
import { graphFrame, openRowMenu, reportFailure, showGraph } from './graphFrame';
import { startVSCode, type Session } from './harness';

const ROOT = join(__dirname, '..', '..');
const VSIX = join(ROOT, 'dist', 'stackline.vsix');
const RESULTS = join(ROOT, 'test-results');
mkdirSync(RESULTS, { recursive: true });

const temp = mkdtempSync(join(tmpdir(), 'stackline-graph-lanes-'));
after(() => rmSync(temp, { recursive: true, force: true }));

interface ColumnCheck {
  /** Rows wholly in view that were checked. */
  rows: number;
  /** Rows whose dot sits at the column's edge (its lane scrolled away). */
  atEdge: number;
  /** What is wrong: a row without a dot, a dot outside the column, a dot covered by something else. */
  problems: string[];
  columnWidth: number;
  lanes: number;
}

/** Checks every row wholly in view: its dot (each circle of it) inside the row's graph column, and the topmost thing at its centre. */
function checkDots(frame: Frame): Promise<ColumnCheck> {
  return frame.evaluate(() => {
    const list = document.querySelector('.list')!.getBoundingClientRect();
    const handle = document.querySelector('.column-handle')!;
    const problems: string[] = [];
    let rows = 0;
    let atEdge = 0;
    let columnWidth = 0;
    for (const row of Array.from(document.querySelectorAll<HTMLElement>('.row:not([hidden])'))) {
      const box = row.getBoundingClientRect();
      if (box.top < list.top || box.bottom > list.bottom - 12 || row.classList.contains('fold')) continue;
      rows++;
      const title = row.querySelector('.title')?.textContent ?? `row ${row.dataset.index}`;
      const svg = row.querySelector('svg.lanes')!;
      const column = svg.getBoundingClientRect();
      columnWidth = column.width;
      const dots = Array.from(svg.querySelectorAll('circle.n'));
      if (dots.length === 0) problems.push(`${title}: no dot`);
      if (svg.querySelector('.edge-marker')) atEdge++;
      for (const dot of dots) {
        const d = dot.getBoundingClientRect();
        if (
          d.left < column.left - 0.5 ||
          d.right > column.right + 0.5 ||
          d.top < column.top - 0.5 ||
          d.bottom > column.bottom + 0.5
        ) {
          problems.push(
            `${title}: dot at x ${Math.round(d.left - column.left)}..${Math.round(d.right - column.left)} outside a column ${Math.round(column.width)} px wide`,
          );
        }
        const hit = document.elementFromPoint(d.left + d.width / 2, d.top + d.height / 2);
        if (!hit || !svg.contains(hit)) problems.push(`${title}: dot covered by ${hit?.className ?? 'nothing'}`);
      }
    }
    const lanes = (Number(handle.getAttribute('aria-valuemax')) - 4) / 14;
    return { rows, atEdge, problems, columnWidth, lanes };
  });
}

/** Checks the rows in view, then page by page down the list `pages` times. */
async function checkDotsDown(frame: Frame, pages: number): Promise<ColumnCheck[]> {
  const checks: ColumnCheck[] = [];
  for (let page = 0; page <= pages; page++) {
    if (page > 0) {
      await frame.locator('.list').evaluate((list) => (list.scrollTop += list.clientHeight - 30));
      await frame.waitForTimeout(150);
    }
    checks.push(await checkDots(frame));
  }
  return checks;
}

const commitRow = (frame: Frame, title: string) =>
  frame
    .locator('.row.commit:not([hidden])')
    .filter({ has: frame.locator('.title', { hasText: new RegExp(`^${title.replace(/[()]/g, '\\$&')}$`) }) });

const columnWidth = (frame: Frame) =>
  frame
    .locator('.graph')
    .evaluate((graph) => Math.round(parseFloat(getComputedStyle(graph).getPropertyValue('--graph-width'))));

async function dragHandle(page: Page, frame: Frame, dx: number): Promise<void> {
  const box = (await frame.locator('.column-handle').boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + 200;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y, { steps: 5 });
  await page.mouse.move(x + dx, y, { steps: 5 });
  await page.mouse.up();
}

test(
  'Graph lanes on a merge-heavy history: every dot in the column, sideways scroll, a filter, a resized column remembered',
  { timeout: 420_000 },
  async () => {
    const dir = join(temp, 'git-like');
    mkdirSync(dir);
    const generated = writeMergeHeavyRepo(dir, { steps: 120, forkBack: 50, topicMax: 4, inFlight: 5 });
    let session: Session | undefined;
    try {
      session = await startVSCode({ vsix: [VSIX], folder: dir });
      const { page } = session;
      let frame = await showGraph(session);
      await frame.locator('button.mode', { hasText: 'History' }).click();
      await frame
        .locator('.toolbar-status', { hasText: `${generated.commits} commits of all branches and tags` })
        .waitFor({ timeout: 30_000 });
      await frame.waitForTimeout(300);
      await session.screenshot(join(RESULTS, 'graph-lanes-history.png'));

      const first = await checkDots(frame);
      assert.ok(first.lanes >= 20, `${first.lanes} lanes`);
      assert.ok(
        first.columnWidth < first.lanes * 14,
        `the lanes do not fit the default column (${first.columnWidth} px for ${first.lanes} lanes)`,
      );
      assert.ok(first.columnWidth >= 150, `the column gets room for lanes: ${first.columnWidth} px`);
      assert.ok(await frame.locator('.lane-scrollbar').isVisible(), 'a scroll bar under the column');
      for (const check of await checkDotsDown(frame, 6)) {
        assert.ok(check.rows >= 20, `${check.rows} rows checked`);
        assert.deepEqual(check.problems, []);
      }

      // Sideways: Shift and the wheel over the column; dots of lanes now left of the view sit at the left edge.
      await frame.locator('.list').evaluate((list) => (list.scrollTop = 0));
      const lanesBox = (await frame.locator('.row.commit:not([hidden]) svg.lanes').first().boundingBox())!;
      await page.mouse.move(lanesBox.x + lanesBox.width / 2, lanesBox.y + 300);
      await page.keyboard.down('Shift');
      await page.mouse.wheel(0, 400);
      await page.keyboard.up('Shift');
      await frame.waitForFunction(
        () => document.querySelectorAll('.row:not([hidden]) .edge-marker').length > 10,
        undefined,
        { timeout: 10_000 },
      );
      await frame.waitForTimeout(200);
      await session.screenshot(join(RESULTS, 'graph-lanes-history-scrolled.png'));
      const scrolled = await checkDots(frame);
      assert.deepEqual(scrolled.problems, []);
      assert.ok(scrolled.atEdge > 0, 'rows whose lane is scrolled away show their dot at the edge');
      // A click on a dot at the edge scrolls its lane into view.
      const marked = frame
        .locator('.row.commit:not([hidden])')
        .filter({ has: frame.locator('.edge-marker') })
        .first();
      const markedTitle = await marked.locator('.title').textContent();
      await marked.locator('.edge-marker circle.n').last().click();
      await frame.waitForFunction(
        (t) =>
          Array.from(document.querySelectorAll('.row:not([hidden])')).some(
            (r) => r.querySelector('.title')?.textContent === t && !r.querySelector('.edge-marker'),
          ),
        markedTitle,
        { timeout: 10_000 },
      );

      // One ref: master's history, still every dot in the column.
      await frame.locator('input.ref').fill('master');
      await frame.locator('input.ref').press('Enter');
      const masterCount = Number(
        execFileSync('git', ['rev-list', '--count', 'master'], { cwd: dir, encoding: 'utf8' }).trim(),
      );
      await frame
        .locator('.toolbar-status', { hasText: `${masterCount} commits of master` })
        .waitFor({ timeout: 30_000 });
      await frame.waitForTimeout(300);
      await session.screenshot(join(RESULTS, 'graph-lanes-history-master.png'));
      for (const check of await checkDotsDown(frame, 4)) assert.deepEqual(check.problems, []);

      // Resize: drag the handle wider (not as wide as every lane needs); the graph opened again keeps the width.
      const before = await columnWidth(frame);
      await dragHandle(page, frame, 60);
      const wider = await columnWidth(frame);
      assert.equal(wider, before + 60, `dragged from ${before} to ${wider} px`);
      await frame.waitForTimeout(500);
      await session.runCommand('View: Close Editor');
      await page.locator('.tabs-container .tab[aria-label*="Graph:"]').waitFor({ state: 'detached', timeout: 10_000 });
      frame = await showGraph(session);
      await frame.locator('button.mode', { hasText: 'History' }).click();
      await frame.locator('.toolbar-status', { hasText: 'commits of' }).waitFor({ timeout: 30_000 });
      await frame.waitForFunction(
        (w) =>
          Math.round(
            parseFloat(getComputedStyle(document.querySelector('.graph')!).getPropertyValue('--graph-width')),
          ) === w,
        wider,
        { timeout: 15_000 },
      );
      await session.screenshot(join(RESULTS, 'graph-lanes-resized.png'));
      assert.equal(await columnWidth(frame), wider, 'the width is remembered');
      assert.deepEqual((await checkDots(frame)).problems, []);
      // Double-click fits the lanes again (up to the default share of the window).
      await frame.locator('.column-handle').dblclick();
      await frame.waitForFunction(
        (w) =>
          Math.round(
            parseFloat(getComputedStyle(document.querySelector('.graph')!).getPropertyValue('--graph-width')),
          ) === w,
        before,
        { timeout: 10_000 },
      );
      assert.doesNotMatch(
        session.consoleLogs(),
        /Content Security Policy|Refused to/,
        'no CSP violations in the webview',
      );
    } catch (error) {
      await reportFailure(session, join(RESULTS, 'graph-lanes-failure.png'));
      throw error;
    } finally {
      await session?.close();
    }
  },
);

test(
  'Graph lanes on the demo: every dot in the column, stack colours; an amend in the terminal shows as needs restack, and Restack on the row fixes it',
  { timeout: 360_000 },
  async () => {
    const demo = createDemoRepo(join(temp, 'demo'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: demo.dir, encoding: 'utf8' }).trim();
    let session: Session | undefined;
    try {
      session = await startVSCode({ vsix: [VSIX], folder: demo.dir });
      const { page } = session;
      let frame = await showGraph(session);
      await commitRow(frame, 'docs(api): document limits').waitFor({ timeout: 20_000 });
      await session.screenshot(join(RESULTS, 'graph-lanes-demo.png'));
      const demoCheck = await checkDots(frame);
      assert.deepEqual(demoCheck.problems, []);
      assert.equal(demoCheck.rows, 9, 'every row but the fold has a dot');
      assert.equal(demoCheck.atEdge, 0, "the demo's lanes all fit");
      // The two stacks and trunk: three colours.
      const colour = (title: string) => commitRow(frame, title).locator('circle.n').last().getAttribute('class');
      const [rateLimit, checkout, trunk] = await Promise.all([
        colour('feat(api): token bucket'),
        colour('feat(shared): cart model'),
        colour('chore: bump dependencies'),
      ]);
      assert.equal(
        new Set([rateLimit, checkout, trunk].map((c) => /\bc\d\b/.exec(c!)![0])).size,
        3,
        `${rateLimit} / ${checkout} / ${trunk}`,
      );

      // Amend HEAD (the middle of the rate-limit stack) in the terminal: the commit above sits on the old version.
      const old = git('rev-parse', 'HEAD');
      git('commit', '-q', '--amend', '-m', 'feat(api): rate-limit middleware with a limit');
      const amended = git('rev-parse', 'HEAD');
      const outdated = commitRow(frame, 'feat(api): rate-limit middleware');
      await outdated
        .locator('.pill.outdated', { hasText: `outdated: now ${amended.slice(0, 9)}` })
        .waitFor({ timeout: 20_000 });
      const waiting = commitRow(frame, 'docs(api): document limits');
      await waiting.locator('.pill.needs-restack', { hasText: 'needs restack' }).waitFor({ timeout: 10_000 });
      assert.equal(await outdated.locator('circle.n.outdated').count(), 1, 'the outdated commit is drawn crossed out');
      assert.equal(await waiting.locator('circle.restack-ring').count(), 1, 'the commit on it has a warning ring');
      assert.equal(
        await frame.locator('.row:not([hidden]) .row-action.restack').count(),
        1,
        'Restack offered once, on the row that waits',
      );
      assert.match((await waiting.getAttribute('aria-label'))!, /needs restack/);
      assert.deepEqual((await checkDots(frame)).problems, []);
      await page.mouse.move(0, 0);
      await session.screenshot(join(RESULTS, 'graph-lanes-needs-restack.png'));

      // The context menu of that row and of the outdated one offers Restack; another row's does not.
      for (const [title, offered] of [
        ['docs(api): document limits', true],
        ['feat(api): rate-limit middleware', true],
        ['feat(api): token bucket', false],
      ] as const) {
        const menu = await openRowMenu(page, commitRow(frame, title));
        const items = (await menu.locator('.action-label').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
        assert.equal(items.includes('Restack'), offered, `${title}: ${items.join(' | ')}`);
        if (title === 'docs(api): document limits')
          await session.screenshot(join(RESULTS, 'graph-lanes-restack-menu.png'));
        await page.keyboard.press('Escape');
        await menu.waitFor({ state: 'hidden', timeout: 10_000 });
      }

      // Restack on the row: the branch moves onto the amended commit, the marks go.
      await waiting.locator('.row-action.restack').click();
      const end = Date.now() + 30_000;
      while (git('rev-parse', 'rate-limit~1') !== amended && Date.now() < end) await page.waitForTimeout(250);
      assert.equal(git('rev-parse', 'rate-limit~1'), amended, 'docs(api) now sits on the amended commit');
      assert.equal(git('log', '-1', '--format=%s', 'rate-limit'), 'docs(api): document limits');
      assert.equal(git('rev-parse', 'HEAD'), amended, 'HEAD stays where it was');
      assert.equal(
        git('status', '--porcelain'),
        'M packages/api/src/rate-limit.ts\n?? NOTES.md',
        'local changes untouched',
      );
      await frame.locator('.row:not([hidden]) .pill.needs-restack').waitFor({ state: 'detached', timeout: 20_000 });
      assert.equal(
        await frame
          .locator('.row.commit:not([hidden])')
          .filter({ has: frame.locator('.title', { hasText: /^feat\(api\): rate-limit middleware$/ }) })
          .count(),
        0,
        'the outdated version left the graph',
      );
      assert.notEqual(git('rev-parse', 'rate-limit~1'), old);
      frame = await graphFrame(page, 'panel');
      await commitRow(frame, 'feat(api): rate-limit middleware with a limit').waitFor({ timeout: 10_000 });
      await page.mouse.move(0, 0);
      await session.screenshot(join(RESULTS, 'graph-lanes-restacked.png'));
      assert.deepEqual((await checkDots(frame)).problems, []);
    } catch (error) {
      await reportFailure(session, join(RESULTS, 'graph-lanes-failure.png'));
      throw error;
    } finally {
      await session?.close();
    }
  },
);
