// The graph webview app in headless Chromium, from a static page that plays the extension's side
// of the protocol (test/helpers/graph-harness.page.js): smartlog rows, 10,000-row history with
// paging and virtualization, keyboard and mouse, details, state restore, inert commit text, CSP.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { GraphBanner, WebviewMessage } from '../../src/protocol';
import { startGraphHarness, type GraphHarness } from '../helpers/graphHarness';

const RESULTS = join(__dirname, '..', '..', 'test-results');
mkdirSync(RESULTS, { recursive: true });
const XSS = '<img src=x onerror=alert(1)>';

let harness: GraphHarness;
before(async () => {
  harness = await startGraphHarness();
});
after(() => harness?.close());

/** A page with a dialog guard: any alert() (an injected handler running) fails the test. */
async function openPage(options: Parameters<GraphHarness['open']>[0] = {}): Promise<{ page: Page; errors: string[] }> {
  const page = await harness.open(options);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => {
    errors.push(`dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.waitForSelector('.row.commit:not([hidden])');
  return { page, errors };
}

/** Ends a test: nothing went wrong on the page. */
async function finish(page: Page, errors: string[]): Promise<void> {
  assert.deepEqual(errors, [], 'no page errors, no dialogs');
  await page.close();
}

const received = (page: Page) =>
  page.evaluate(() => (window as unknown as { harness: { received: WebviewMessage[] } }).harness.received);
const visibleRows = (page: Page) =>
  page.$$eval('.row:not([hidden])', (rows) =>
    rows
      .map((row) => ({
        index: Number((row as HTMLElement).dataset.index),
        title: row.querySelector('.title')?.textContent ?? '',
        label: row.getAttribute('aria-label') ?? '',
        selected: row.getAttribute('aria-selected') === 'true',
      }))
      .sort((a, b) => a.index - b.index),
  );
/** Waits until the app posted a message with these fields (two levels deep; the page's CSP forbids evaluating strings). */
const waitForMessage = (page: Page, fields: Record<string, unknown>) =>
  page.waitForFunction(
    (wanted) =>
      (window as unknown as { harness: { received: Record<string, unknown>[] } }).harness.received.some((m) =>
        Object.entries(wanted).every(([key, want]) =>
          typeof want === 'object' && want !== null
            ? Object.entries(want).every(
                ([inner, value]) => (m[key] as Record<string, unknown> | undefined)?.[inner] === value,
              )
            : m[key] === want,
        ),
      ),
    fields,
    { timeout: 5_000 },
  );

async function loadHistory(page: Page, count: number, pageSize: number): Promise<void> {
  await page.evaluate(
    ({ count, pageSize }) => {
      const h = (window as unknown as { harness: { config: Record<string, unknown>; makeHistory(n: number): unknown } })
        .harness;
      h.config.history = h.makeHistory(count);
      h.config.pageSize = pageSize;
    },
    { count, pageSize },
  );
  await page.click('button.mode:has-text("History")');
  await page.waitForFunction(() =>
    document.querySelector('.toolbar-status')?.textContent?.includes('commits of all branches'),
  );
}

test('smartlog: stacks, folded trunk, uncommitted row, labels, "you are here", PR slot, ARIA', async () => {
  const { page, errors } = await openPage();
  const rows = await visibleRows(page);
  assert.deepEqual(
    rows.map((r) => r.title),
    [
      'docs(api): document limits',
      'Uncommitted changes: 1 modified, 1 untracked',
      'feat(api): rate-limit middleware',
      'feat(api): token bucket',
      'chore: bump dependencies',
      '… 3 commits',
      'feat(web): checkout page',
      'feat(api): cart endpoints',
      'feat(shared): cart model',
      'ci: cache dependencies',
    ],
  );
  const head = rows.find((r) => r.title === 'feat(api): rate-limit middleware')!;
  assert.match(
    head.label,
    /^feat\(api\): rate-limit middleware, you are here, draft, commit [0-9a-f]{9}, by Alan Turing, 1 hour ago$/,
  );
  assert.match(
    rows.find((r) => r.title === 'chore: bump dependencies')!.label,
    /on trunk.*branches main↓2, origin\/main/,
  );
  assert.equal(await page.locator('.row.head .pill.here').textContent(), 'you are here');
  assert.equal(await page.locator('.row.commit:not([hidden])').count(), 8);
  assert.equal(await page.locator('.row.commit [data-pr-slot]').count(), 8, 'an empty PR-state slot per commit');
  assert.equal(
    await page.locator('.row:not([hidden]) svg.lanes circle.n:not(.head-ring)').count(),
    9,
    'a node per commit and one for the uncommitted changes; none for the fold',
  );
  assert.equal(await page.locator('.row.fold svg path.dashed').count(), 2, 'the folded run is drawn dashed');
  assert.equal(await page.getAttribute('.list', 'role'), 'listbox');
  assert.equal(await page.locator('.row[role="option"][aria-setsize="10"]').count(), 10);
  const context = JSON.parse((await page.getAttribute('.row.head:not([hidden])', 'data-vscode-context'))!);
  assert.deepEqual(Object.keys(context).sort(), [
    'hash',
    'isHead',
    'phase',
    'preventDefaultContextMenuItems',
    'restack',
    'root',
    'webviewSection',
  ]);
  assert.equal(context.webviewSection, 'commit');
  await page.screenshot({ path: join(RESULTS, 'graph-harness-smartlog.png') });
  await finish(page, errors);
});

test('commit text is inert: an HTML title, author and message render as text', async () => {
  const { page, errors } = await openPage();
  await page.evaluate((xss) => {
    const h = (
      window as unknown as {
        harness: {
          config: { smartlog: { title: string; author: string }[] };
          makeSmartlog(o: object): { title: string; author: string }[];
          sendSmartlog(): void;
        };
      }
    ).harness;
    h.config.smartlog = h.makeSmartlog({ xssTitle: xss });
    h.config.smartlog[0].author = '<script>window.__xss = 1</script>';
    h.sendSmartlog();
  }, XSS);
  await page.locator('.row.head:not([hidden]) .title', { hasText: XSS }).waitFor();
  assert.equal(await page.locator('.row.head:not([hidden]) .title').textContent(), XSS);
  await page.click('.row.head:not([hidden])');
  await page.locator('.details pre.body').waitFor();
  assert.match((await page.locator('.details pre.body').textContent())!, /<img src=x onerror="window.__xss=1">/);
  await page.waitForTimeout(200);
  assert.equal(await page.locator('img').count(), 0, 'no <img> element was created');
  assert.equal(await page.locator('.app script').count(), 0);
  assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
  await finish(page, errors);
});

test('history: 10,000 rows virtualized, paging on scroll, End and Home, scroll keeps the DOM small', async () => {
  const { page, errors } = await openPage();
  await loadHistory(page, 10_000, 10_000);
  assert.match((await page.textContent('.toolbar-status'))!, /^10,000 commits of all branches and tags$/);
  const domRows = await page.locator('.row').count();
  assert.ok(domRows < 80, `only rows in view are in the DOM (${domRows})`);
  assert.equal(await page.locator('.row:not([hidden])').first().getAttribute('aria-setsize'), '10000');

  await page.evaluate(() => (document.querySelector('.list')!.scrollTop = 5_000 * 26));
  await page.waitForFunction(() => document.querySelector('.row:not([hidden])[aria-posinset="5001"]'));
  const middle = await visibleRows(page);
  assert.ok(
    middle.some((r) => r.title === 'commit number 5000: fix something in module 2'),
    JSON.stringify(middle.slice(0, 3)),
  );
  for (let step = 0; step < 30; step++) await page.mouse.wheel(0, 900);
  assert.ok((await page.locator('.row').count()) < 100, 'scrolling recycles rows instead of adding them');

  await page.focus('.list');
  await page.keyboard.press('End');
  await page.waitForFunction(
    () => document.querySelector('.row.selected:not([hidden])')?.getAttribute('aria-posinset') === '10000',
  );
  assert.equal(await page.locator('.row.selected .title').textContent(), 'commit number 1: feat something in module 3');
  await page.keyboard.press('Home');
  await page.waitForFunction(
    () => document.querySelector('.row.selected:not([hidden])')?.getAttribute('aria-posinset') === '1',
  );
  assert.equal(await page.getAttribute('.list', 'aria-activedescendant'), 'row-0');
  await finish(page, errors);
});

test('history paging: pages of 500 load as the view nears the end, stale pages are ignored', async () => {
  const { page, errors } = await openPage();
  await loadHistory(page, 1_200, 500);
  assert.match((await page.textContent('.toolbar-status'))!, /^500\+ commits/);
  assert.equal(
    await page.locator('.row:not([hidden])').first().getAttribute('aria-setsize'),
    '-1',
    'size unknown while more may come',
  );
  await page.evaluate(() => (document.querySelector('.list')!.scrollTop = 1e9));
  await page.waitForFunction(() => document.querySelector('.toolbar-status')?.textContent?.startsWith('1,000+'));
  await page.evaluate(() => (document.querySelector('.list')!.scrollTop = 1e9));
  await page.waitForFunction(() => document.querySelector('.toolbar-status')?.textContent?.startsWith('1,200 commits'));
  const loads = (await received(page)).filter((m) => m.type === 'loadMore');
  assert.deepEqual(
    loads.map((m) => (m as { offset: number }).offset),
    [500, 1000],
    'each page asked for once',
  );
  // A page from an older load, or at the wrong offset, changes nothing.
  await page.evaluate(() => {
    const h = (
      window as unknown as { harness: { send(m: unknown): void; session: number; makeHistory(n: number): unknown[] } }
    ).harness;
    h.send({
      type: 'history',
      repo: { root: '/r', name: 'r', head: null, branch: null, trunk: null },
      ref: null,
      session: h.session - 1,
      offset: 1200,
      commits: h.makeHistory(3),
      done: true,
    });
    h.send({
      type: 'history',
      repo: { root: '/r', name: 'r', head: null, branch: null, trunk: null },
      ref: null,
      session: h.session,
      offset: 7,
      commits: h.makeHistory(3),
      done: true,
    });
  });
  assert.match((await page.textContent('.toolbar-status'))!, /^1,200 commits/);
  await finish(page, errors);
});

test('keyboard: arrows, j/k, PageDown, Enter = goto, Ctrl+C = copy; visible focus and selection', async () => {
  const { page, errors } = await openPage();
  await loadHistory(page, 2_000, 2_000);
  await page.focus('.list');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  let selected = await page.locator('.row.selected:not([hidden])');
  assert.equal(await selected.getAttribute('aria-posinset'), '2');
  assert.equal(await page.getAttribute('.list', 'aria-activedescendant'), 'row-1');
  const outline = await selected.evaluate((row) => getComputedStyle(row).borderTopColor);
  assert.notEqual(outline, 'rgba(0, 0, 0, 0)', 'the focused row shows a focus border');
  await page.keyboard.press('PageDown');
  selected = page.locator('.row.selected:not([hidden])');
  const afterPage = Number(await selected.getAttribute('aria-posinset'));
  assert.ok(afterPage > 20, `PageDown moves a page (${afterPage})`);
  const box = await selected.boundingBox();
  assert.ok(box && box.y >= 0 && box.y + box.height <= 800, 'the selected row is scrolled into view');
  await page.keyboard.press('Enter');
  const hash = await page.evaluate(
    (index) => (window as unknown as { harness: { hashOf(n: number): string } }).harness.hashOf(index),
    afterPage - 1,
  );
  await waitForMessage(page, { type: 'goto', hash });
  await page.keyboard.press('Control+c');
  await waitForMessage(page, { type: 'copyHash', hash });
  const listContext = JSON.parse((await page.getAttribute('.list', 'data-vscode-context'))!);
  assert.equal(listContext.hash, hash, 'the context-menu key on the list opens the menu of the selected commit');
  // Selection asks for details once it settles, not for every row passed over.
  await waitForMessage(page, { type: 'request', method: 'details', params: { hash } });
  const selects = (await received(page)).filter((m) => m.type === 'request' && m.method === 'details');
  assert.ok(selects.length <= 3, `details asked for ${selects.length} times`);
  await finish(page, errors);
});

test('mouse: click selects and shows details; a file click asks for its diff; double-click goes to the commit', async () => {
  const { page, errors } = await openPage();
  const row = page.locator('.row.commit:not([hidden])', { hasText: 'feat(api): cart endpoints' });
  await row.click();
  assert.equal(await row.getAttribute('aria-selected'), 'true');
  await page.locator('.details h2', { hasText: /^Subject of / }).waitFor();
  const details = await page.locator('.details').innerText();
  assert.match(details, /Alan Turing <alan@example.com>/);
  assert.match(details, /Committed\s+Grace Hopper/);
  assert.match(details, /4 files changed/);
  assert.match(details, /rate-limit\.ts\s+packages\/api\/src\s+\+12\s+−3/);
  assert.match(details, /logo\.png\s+img\s+binary/);
  await page.click('.details button.file:has-text("renamed.ts")');
  await waitForMessage(page, {
    type: 'openFile',
    file: { path: 'src/renamed.ts', originalPath: 'src/old.ts', status: 'R' },
  });
  await page.click('.details button[aria-label="Open commit changes"]');
  await waitForMessage(page, { type: 'openChanges' });
  await row.dblclick();
  await waitForMessage(page, { type: 'goto' });
  const goto = (await received(page)).find((m) => m.type === 'goto') as { hash: string };
  assert.equal(goto.hash, JSON.parse((await row.getAttribute('data-vscode-context'))!).hash);
  await page.screenshot({ path: join(RESULTS, 'graph-harness-details.png') });
  await finish(page, errors);
});

test('updates in place: a new smartlog keeps the selection and the rows in view', async () => {
  const { page, errors } = await openPage({ viewport: { width: 1000, height: 200 } });
  await page.locator('.row.commit:not([hidden])', { hasText: 'feat(api): cart endpoints' }).click();
  await page.evaluate(() => (document.querySelector('.list')!.scrollTop = 5 * 26));
  const before = await page.locator('.row.selected:not([hidden])').boundingBox();
  await page.evaluate(() => {
    const h = (
      window as unknown as {
        harness: { config: { smartlog: unknown }; makeSmartlog(o: object): unknown; sendSmartlog(): void };
      }
    ).harness;
    h.config.smartlog = h.makeSmartlog({ extraTop: true });
    h.sendSmartlog();
  });
  await page.locator('.row', { hasText: 'made in a terminal' }).waitFor({ state: 'attached' });
  assert.equal(await page.locator('.row.selected .title').textContent(), 'feat(api): cart endpoints');
  const afterBox = await page.locator('.row.selected:not([hidden])').boundingBox();
  assert.equal(afterBox?.y, before?.y, 'the selected row did not jump');
  await finish(page, errors);
});

type HarnessWindow = {
  harness: {
    config: { smartlog: Record<string, unknown>[]; uncommitted: unknown; history: Record<string, unknown>[] | null };
    makeSmartlog(o: object): Record<string, unknown>[];
    sendSmartlog(): void;
    hashOf(n: number): string;
    session: number;
    sendHistoryPage(ref: string | null, offset: number): void;
  };
};
const listBox = (page: Page) => page.locator('.list').boundingBox();

test('updates in place at the top: new commits on top show (Commit, Submit, a drop in the side bar)', async () => {
  const { page, errors } = await openPage({ viewport: { width: 300, height: 400 } });
  // Scrolled a row down (the side bar after a reveal): still "at the top".
  await page.evaluate(() => (document.querySelector('.list')!.scrollTop = 26));
  await page.evaluate(() => {
    const h = (window as unknown as HarnessWindow).harness;
    h.config.smartlog = h.makeSmartlog({ extraTop: 2 });
    h.sendSmartlog();
  });
  await page.locator('.row:not([hidden])', { hasText: 'made in a terminal' }).first().waitFor();
  assert.equal(await page.evaluate(() => document.querySelector('.list')!.scrollTop), 0);
  const top = (await page.locator('.row:not([hidden])[aria-posinset="1"]').boundingBox())!;
  assert.equal(
    await page.locator('.row:not([hidden])[aria-posinset="1"] .title').textContent(),
    'feat(api): made in a terminal',
  );
  const list = (await listBox(page))!;
  assert.ok(top.y >= list.y && top.y + top.height <= list.y + list.height, 'the new top commit is in view');

  // A Commit: the uncommitted changes become a new HEAD commit on top of the old one.
  await page.evaluate(() => (document.querySelector('.list')!.scrollTop = 20));
  await page.evaluate(() => {
    const h = (window as unknown as HarnessWindow).harness;
    const commits = h.makeSmartlog({});
    const oldHead = commits.find((c) => c.isHead)!;
    oldHead.isHead = false;
    commits.unshift({
      ...oldHead,
      hash: h.hashOf(3000),
      parents: [oldHead.hash],
      title: 'feat(api): just committed',
      isHead: true,
      branches: [],
    });
    h.config.smartlog = commits;
    h.config.uncommitted = null;
    h.sendSmartlog();
  });
  const head = page.locator('.row.head:not([hidden])');
  await head.locator('.title', { hasText: 'just committed' }).waitFor();
  const box = (await head.boundingBox())!;
  assert.ok(box.y >= list.y && box.y + box.height <= list.y + list.height, 'the new HEAD is in view');
  assert.equal(await page.evaluate(() => document.querySelector('.list')!.scrollTop), 0);
  await finish(page, errors);
});

test('updates in place deep in history: the selected row, else the first commit in view, keeps its place', async () => {
  const { page, errors } = await openPage({ viewport: { width: 900, height: 500 } });
  await loadHistory(page, 300, 500);
  const pushNewCommitsOnTop = (count: number) =>
    page.evaluate((count) => {
      const h = (window as unknown as HarnessWindow).harness;
      const old = h.config.history!;
      const fresh = Array.from({ length: count }, (_, i) => ({
        ...old[0],
        hash: h.hashOf(5000 + i),
        parents: [i + 1 < count ? h.hashOf(5001 + i) : (old[0].hash as string)],
        title: `new on top ${i}`,
        branches: [],
      }));
      h.config.history = [...fresh, ...old];
      h.session++;
      h.sendHistoryPage(null, 0);
    }, count);

  // No selection: the first commit in view stays first.
  await page.evaluate(() => (document.querySelector('.list')!.scrollTop = 100 * 26));
  await page.waitForSelector('.row:not([hidden])[aria-posinset="101"]');
  await pushNewCommitsOnTop(2);
  await page.waitForFunction(() => document.querySelector('.toolbar-status')?.textContent?.startsWith('302 commits'));
  assert.equal(await page.evaluate(() => document.querySelector('.list')!.scrollTop), 102 * 26);
  assert.equal(
    await page.locator('.row:not([hidden])[aria-posinset="103"] .title').textContent(),
    'commit number 200: fix something in module 15',
  );

  // A selected row in the middle of the view stays at the same place on screen.
  const selected = page.locator('.row:not([hidden])[aria-posinset="108"]');
  const title = await selected.locator('.title').textContent();
  await selected.click();
  const before = (await page.locator('.row.selected:not([hidden])').boundingBox())!;
  await pushNewCommitsOnTop(3);
  await page.waitForFunction(() => document.querySelector('.toolbar-status')?.textContent?.startsWith('305 commits'));
  assert.equal(await page.locator('.row.selected:not([hidden])').getAttribute('aria-posinset'), '111');
  assert.equal(await page.locator('.row.selected:not([hidden]) .title').textContent(), title);
  const after = (await page.locator('.row.selected:not([hidden])').boundingBox())!;
  assert.equal(after.y, before.y, 'the selected row did not move on screen');

  // At the top with a row selected lower down: the new rows show, and so does the selection.
  await page.evaluate(() => (document.querySelector('.list')!.scrollTop = 0));
  await page.locator('.row:not([hidden])[aria-posinset="12"]').click();
  await pushNewCommitsOnTop(4);
  await page.waitForFunction(() => document.querySelector('.toolbar-status')?.textContent?.startsWith('309 commits'));
  assert.equal(await page.evaluate(() => document.querySelector('.list')!.scrollTop), 0);
  const list = (await listBox(page))!;
  const moved = (await page.locator('.row.selected:not([hidden])').boundingBox())!;
  assert.equal(await page.locator('.row.selected:not([hidden])').getAttribute('aria-posinset'), '16');
  assert.ok(moved.y + moved.height <= list.y + list.height, 'the selection is still in view');
  await finish(page, errors);
});

test('narrow rows: the title keeps its share, pills shrink one by one, "you are here" is never cut, dates turn compact', async () => {
  const { page, errors } = await openPage({ viewport: { width: 900, height: 420 } });
  // Built here, not in the page: functions defined in evaluate() would need tsx's helpers there.
  const branches = (names: string[]) =>
    names.map((name) => ({
      name,
      remote: name.startsWith('origin/'),
      current: false,
      ahead: 0,
      behind: 0,
      upstreamGone: false,
    }));
  const pr = (n: number) => ({
    id: 'pr',
    parts: [
      { icon: 'git-pull-request', text: `#${n}`, tone: 'open', label: `PR #${n} open` },
      { icon: 'check', text: '', tone: 'success', label: 'checks passing' },
      { icon: 'eye', text: '', tone: 'muted', label: 'needs review' },
      { icon: 'comment', text: '3', tone: 'muted', label: '3 comments' },
    ],
    title: `Pull request #${n}: open`,
    lines: [],
    action: `Open PR #${n} on GitHub`,
  });
  await page.evaluate(
    ({ headBranches, tokenBranches, badges }) => {
      const h = (window as unknown as HarnessWindow & { harness: { send(m: unknown): void } }).harness;
      const commits = h.makeSmartlog({});
      const now = Math.floor(Date.now() / 1000);
      const head = commits.find((c) => c.isHead)!;
      Object.assign(head, { date: now - 36, branches: headBranches });
      const token = commits.find((c) => c.title === 'feat(api): token bucket')!;
      Object.assign(token, { date: now - 5 * 60, branches: tokenBranches });
      h.config.smartlog = commits;
      h.sendSmartlog();
      h.send({
        type: 'badges',
        badges: [
          { hash: head.hash, badges: [badges[0]] },
          { hash: token.hash, badges: [badges[1]] },
        ],
      });
    },
    {
      headBranches: branches([
        'rate-limit-middleware-with-a-long-name',
        'origin/rate-limit-middleware-with-a-long-name',
        'origin/stackline/rate-limit-middleware-b71c09',
      ]),
      tokenBranches: branches([
        'origin/stackline/token-bucket-a35f22',
        'origin/experiments/token-bucket-with-a-very-long-name',
      ]),
      badges: [pr(41), pr(40)],
    },
  );
  const head = page.locator('.row.head:not([hidden])');
  await head.locator('.badge').waitFor();

  /** What of a row shows: the title's width share, and whether the HEAD pill shows cut. */
  const measure = () =>
    head.evaluate((row) => {
      const text = row.querySelector('.text')!.getBoundingClientRect().width;
      const title = row.querySelector('.title')!.getBoundingClientRect().width;
      const here = row.querySelector('.pill.here') as HTMLElement;
      const date = row.querySelector('.date') as HTMLElement;
      return {
        titleShare: title / text,
        hereCut:
          here.scrollWidth > here.clientWidth + 1 ||
          here.getBoundingClientRect().right > row.querySelector('.text')!.getBoundingClientRect().right + 1,
        // innerText: only what shows.
        hereText: here.innerText.trim(),
        date: date.innerText.trim(),
        dateCut: date.scrollWidth > date.clientWidth + 1,
        dateTitle: date.title,
        pills: Array.from(row.querySelectorAll('.labels .pill')).map((p) => (p as HTMLElement).title),
        badgeParts: Array.from(row.querySelectorAll('.badge .part')).filter(
          (e) => getComputedStyle(e).display !== 'none',
        ).length,
        badgeText: (row.querySelector('.badge') as HTMLElement).innerText.trim(),
        badgeCut: Array.from(row.querySelectorAll('.badge')).some((b) => b.scrollWidth > b.clientWidth + 1),
      };
    });

  const results: Record<number, Awaited<ReturnType<typeof measure>>> = {};
  for (const width of [900, 450, 300]) {
    await page.setViewportSize({ width, height: 420 });
    await page.waitForTimeout(100);
    results[width] = await measure();
    await page.screenshot({ path: join(RESULTS, `graph-harness-narrow-${width}.png`) });
  }
  // Details open beside the graph (wide) or below it (narrow): the HEAD pill stays whole.
  await page.setViewportSize({ width: 900, height: 420 });
  await head.click();
  await page.locator('.details h2').waitFor();
  await page.waitForTimeout(100);
  const withDetails = await measure();
  await page.screenshot({ path: join(RESULTS, 'graph-harness-narrow-900-details.png') });

  for (const [width, r] of Object.entries({ ...results, details: withDetails })) {
    assert.ok(r.titleShare >= 0.25, `${width}: the title keeps a share of the row (${r.titleShare.toFixed(2)})`);
    assert.equal(r.hereCut, false, `${width}: "you are here" is not cut`);
    assert.equal(r.dateCut, false, `${width}: the date is not cut (${r.date})`);
    if (width !== '900' && width !== 'details')
      assert.equal(r.badgeCut, false, `${width}: what shows of the badge is not cut`);
    assert.match(r.dateTitle, /^3\d seconds ago, \d/, `${width}: the date's tooltip has it in full`);
  }
  assert.deepEqual(
    [results[900].hereText, withDetails.hereText, results[450].hereText, results[300].hereText],
    ['you are here', 'you are here', 'you', ''],
  );
  assert.match(
    [results[900].date, results[450].date, results[300].date, withDetails.date].join(' | '),
    /^3\d seconds ago \| 3\ds \| 3\ds \| 3\ds$/,
  );
  assert.deepEqual(
    [results[900].badgeParts, results[450].badgeParts, results[300].badgeParts],
    [4, 1, 1],
    'narrow: the PR state stays, the rest is in the tooltip',
  );
  assert.deepEqual([results[450].badgeText, results[300].badgeText], ['#41', ''], 'its number while there is room');
  assert.deepEqual(results[300].pills, [
    'Branch rate-limit-middleware-with-a-long-name, also origin/rate-limit-middleware-with-a-long-name',
    'Remote branch origin/stackline/rate-limit-middleware-b71c09: where Submit pushed this commit for its pull request',
  ]);
  assert.equal(await head.locator('.pill.here .codicon-location').count(), 1);
  await finish(page, errors);
});

test('state survives the webview being hidden and shown (getState/setState): mode, selection, scroll', async () => {
  const { page, errors } = await openPage();
  await loadHistory(page, 3_000, 3_000);
  await page.evaluate(() => (document.querySelector('.list')!.scrollTop = 1_000 * 26));
  await page.locator('.row:not([hidden])[aria-posinset="1005"]').click();
  await page.waitForTimeout(400);
  await page.evaluate(() => {
    const h = (window as unknown as { harness: { makeHistory(n: number): unknown } }).harness;
    sessionStorage.setItem('history', JSON.stringify(h.makeHistory(3_000)));
  });
  await page.addInitScript({
    content:
      "window.harness.config.history = JSON.parse(sessionStorage.getItem('history')); window.harness.config.pageSize = 3000;",
  });
  await page.reload();
  await page.waitForSelector('.row.selected:not([hidden])');
  const ready = (await received(page))[0];
  assert.deepEqual(ready, { type: 'ready', mode: 'history', ref: null });
  assert.equal(await page.locator('.row.selected:not([hidden])').getAttribute('aria-posinset'), '1005');
  assert.equal(await page.evaluate(() => document.querySelector('.list')!.scrollTop), 1_000 * 26);
  assert.equal(await page.getAttribute('button.mode:has-text("History")', 'aria-pressed'), 'true');
  await finish(page, errors);
});

/** 30 two-commit branches off one root, their tips listed first: 30 lanes at once, tip i in lane i. */
const WIDE_HISTORY = `(() => {
  const h = window.harness;
  const commit = (n, parents, title) => ({ hash: h.hashOf(n), parents: parents.map(h.hashOf), title, author: 'Ada', date: 1700000000 - n, branches: [], isHead: false });
  const tips = Array.from({ length: 30 }, (_, i) => commit(i, [100 + i], 'tip ' + i));
  const bases = Array.from({ length: 30 }, (_, i) => commit(100 + i, [999], 'base ' + i));
  return [...tips, ...bases, { ...commit(999, [], 'root'), isHead: true }];
})()`;

test('graph column: lanes that do not fit scroll sideways with dots at the edge; the handle resizes; width and scroll survive hide/show; the host sets the width', async () => {
  const { page, errors } = await openPage({ viewport: { width: 1000, height: 700 } });
  await page.addInitScript({ content: `window.harness.config.history = ${WIDE_HISTORY};` });
  await page.reload();
  await page.waitForSelector('.row.commit:not([hidden])');
  await page.click('button.mode:has-text("History")');
  await page.waitForFunction(
    () => document.querySelector('.toolbar-status')?.textContent === '61 commits of all branches and tags',
  );
  /** Tips whose dot is at the left or right edge. */
  const atEdge = () =>
    page
      .$$eval('.row:not([hidden])', (rows) =>
        rows.flatMap((row) => {
          const title = row.querySelector('.title')?.textContent ?? '';
          const arrow = row.querySelector('.edge-marker path.arrow')?.getAttribute('d') ?? '';
          return title.startsWith('tip ') && arrow ? [`${title.slice(4)}${arrow.startsWith('M1 ') ? 'L' : 'R'}`] : [];
        }),
      )
      .then((tips) => tips.sort((a, b) => parseInt(a) - parseInt(b)));
  const width = () =>
    page.evaluate(() =>
      Math.round(parseFloat(getComputedStyle(document.querySelector('.graph')!).getPropertyValue('--graph-width'))),
    );
  assert.equal(await width(), 200, 'a fifth of the window');
  assert.equal(await page.locator('.graph.lanes-overflow').count(), 1);
  const lanes = (from: number, to: number, side: string) =>
    Array.from({ length: to - from + 1 }, (_, i) => `${from + i}${side}`);
  assert.deepEqual(await atEdge(), lanes(14, 29, 'R'), 'tips 14 to 29 keep their dot at the right edge');
  // Left and Right in the list scroll the lanes, a lane at a time.
  await page.locator('.row.commit:not([hidden])').first().click();
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
  assert.deepEqual(
    await atEdge(),
    [...lanes(0, 9, 'L'), ...lanes(24, 29, 'R')],
    'ten lanes on: tips 0 to 9 at the left edge, 24 to 29 at the right',
  );
  assert.equal(await page.locator('.lane-scrollbar').evaluate((bar) => bar.scrollLeft), 140, 'the scroll bar follows');
  // The handle: arrow keys resize by a lane, and the width goes to the extension.
  await page.locator('.column-handle').focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await width(), 214);
  await waitForMessage(page, { type: 'columnWidth', width: 214 });
  assert.equal(await page.getAttribute('.column-handle', 'aria-valuenow'), '214');
  await page.waitForTimeout(400);
  // Hidden and shown again: the same width and sideways scroll before the extension says anything.
  await page.addInitScript({ content: `window.harness.config.history = ${WIDE_HISTORY};` });
  await page.reload();
  await page.waitForSelector('.row.commit:not([hidden])');
  assert.equal(await width(), 214);
  assert.equal(await page.locator('.lane-scrollbar').evaluate((bar) => bar.scrollLeft), 140);
  // The width the extension remembers wins; one out of bounds is refused by the validator.
  await page.evaluate(() =>
    (window as unknown as { harness: { send(m: unknown): void } }).harness.send({ type: 'columnWidth', width: 300 }),
  );
  assert.equal(await width(), 300);
  await page.evaluate(() =>
    (window as unknown as { harness: { send(m: unknown): void } }).harness.send({ type: 'columnWidth', width: 5 }),
  );
  assert.equal(await width(), 300);
  // Double-click fits again, and says so to the extension.
  await page.locator('.column-handle').dblclick();
  assert.equal(await width(), 200);
  await waitForMessage(page, { type: 'columnWidth', width: null });
  await page.screenshot({ path: join(RESULTS, 'graph-harness-wide.png') });
  assert.deepEqual(
    await page.evaluate(() => (window as unknown as { harness: { violations: string[] } }).harness.violations),
    [],
  );
  await finish(page, errors);
});

test('needs restack: the outdated commit crossed out, the one on it marked with Restack (button, R), and the menu context says so', async () => {
  const { page, errors } = await openPage();
  await page.evaluate(() => {
    const h = (
      window as unknown as {
        harness: { config: { smartlog: Record<string, unknown>[] }; hashOf(n: number): string; sendSmartlog(): void };
      }
    ).harness;
    const docs = h.config.smartlog.find((c) => c.title === 'docs(api): document limits')!;
    const middleware = h.config.smartlog.find((c) => c.title === 'feat(api): rate-limit middleware')!;
    docs.needsRestack = true;
    middleware.outdatedBy = h.hashOf(2042);
    h.sendSmartlog();
  });
  const docs = page.locator('.row.commit:not([hidden])', { hasText: 'docs(api): document limits' });
  const middleware = page.locator('.row.commit:not([hidden])', { hasText: 'feat(api): rate-limit middleware' });
  await docs.locator('.pill.needs-restack').waitFor();
  assert.equal(await middleware.locator('.pill.outdated').textContent(), 'outdated: now 000007fb0');
  assert.match(
    (await middleware.locator('.pill.outdated').getAttribute('title'))!,
    /^Amended or rewritten since: the latest version is 000007fb0\. Restack moves what sits on this one onto it\.$/,
  );
  assert.equal(
    await middleware.evaluate((row) => getComputedStyle(row.querySelector('.title')!).textDecorationLine),
    'line-through',
  );
  assert.equal(
    await page.locator('.row:not([hidden]) .row-action.restack').count(),
    1,
    'one Restack button, on the row that waits',
  );
  assert.match((await docs.getAttribute('aria-label'))!, /needs restack/);
  assert.match((await middleware.getAttribute('aria-label'))!, /outdated, amended since: now 000007fb0/);
  for (const row of [docs, middleware])
    assert.equal(JSON.parse((await row.getAttribute('data-vscode-context'))!).restack, true);
  assert.equal(
    JSON.parse(
      (await page
        .locator('.row.commit:not([hidden])', { hasText: 'feat(api): token bucket' })
        .getAttribute('data-vscode-context'))!,
    ).restack,
    false,
  );
  await page.screenshot({ path: join(RESULTS, 'graph-harness-needs-restack.png') });
  // The button, and R on the selected row, ask the extension to restack; R elsewhere does nothing.
  await docs.locator('.row-action.restack').click();
  await waitForMessage(page, { type: 'restack' });
  assert.equal(await page.locator('.toolbar-status').textContent(), 'Restacking…');
  await page.locator('.row.commit:not([hidden])', { hasText: 'feat(api): token bucket' }).click();
  await page.keyboard.press('r');
  await docs.locator('.title').click();
  await page.keyboard.press('r');
  await page.waitForTimeout(100);
  const restacks = (await received(page)).filter((m) => m.type === 'restack');
  const hash = await page.evaluate(() =>
    (window as unknown as { harness: { hashOf(n: number): string } }).harness.hashOf(2002),
  );
  assert.deepEqual(restacks, [
    { type: 'restack', hash },
    { type: 'restack', hash },
  ]);
  await finish(page, errors);
});

test('history of a chosen ref; a ref the extension would refuse is explained at once', async () => {
  const { page, errors } = await openPage();
  await loadHistory(page, 100, 500);
  await page.fill('input.ref', '--output=x');
  await page.press('input.ref', 'Enter');
  await page.locator('.notice.error', { hasText: "'--output=x' is not a ref name" }).waitFor();
  assert.ok(!(await received(page)).some((m) => m.type === 'setMode' && m.ref === '--output=x'));
  await page.fill('input.ref', 'origin/main');
  await page.press('input.ref', 'Enter');
  await waitForMessage(page, { type: 'setMode', mode: 'history', ref: 'origin/main' });
  await page.waitForFunction(
    () => document.querySelector('.toolbar-status')?.textContent === '100 commits of origin/main',
  );
  await finish(page, errors);
});

test('bad messages from the "extension" are dropped with a warning; the app keeps working', async () => {
  const { page, errors } = await openPage();
  const warnings: string[] = [];
  page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
  await page.evaluate(() => {
    const h = (window as unknown as { harness: { send(m: unknown): void } }).harness;
    h.send({ type: 'smartlog', repo: {}, commits: 'nope' });
    h.send({ type: 'response', id: 1, method: 'details', result: { hash: 'not-a-hash' } });
    h.send({
      type: 'smartlog',
      repo: { root: '/r', name: 'r', head: null, branch: null, trunk: null },
      commits: [{ hash: '<b>', parents: [], title: 'x', author: 'a', date: 1, branches: [], isHead: false }],
      uncommitted: null,
      notices: [],
    });
    h.send('a string');
  });
  await page.waitForTimeout(100);
  assert.equal(warnings.length, 4, warnings.join('\n'));
  assert.match(warnings[0], /\(smartlog\.repo\.root: expected a string\)/);
  assert.match(warnings[1], /\(response\.details\.result\.hash: expected a commit hash\)/);
  assert.match(warnings[2], /\(smartlog\.commits\[0\]\.hash: expected a commit hash\)/);
  assert.match(warnings[3], /\(message: expected an object\)/);
  assert.ok(!warnings.some((w) => w.includes('<b>') || w.includes('not-a-hash')), 'nothing from the payload is logged');
  assert.equal(await page.locator('.row.commit:not([hidden])').count(), 8, 'the last good smartlog is still shown');
  await finish(page, errors);
});

test('details are asked for by id: a failed request shows why; an answer no request waits for is dropped', async () => {
  const page = await harness.open({ autoRespond: false });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const warnings: string[] = [];
  page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
  await page.evaluate(() => (window as unknown as { harness: { sendSmartlog(): void } }).harness.sendSmartlog());
  await page.locator('.row.commit:not([hidden])', { hasText: 'feat(api): cart endpoints' }).click();
  await waitForMessage(page, { type: 'request', method: 'details' });
  const request = (await received(page)).find((m) => m.type === 'request')!;
  await page.evaluate((id) => {
    const h = (window as unknown as { harness: { send(m: unknown): void } }).harness;
    h.send({ type: 'requestFailed', id: id + 1, message: 'not this one' });
    h.send({ type: 'requestFailed', id, message: 'Commit 0123abcd is not in this repository any more.' });
  }, request.id);
  await page.locator('.details .error', { hasText: 'not in this repository any more' }).waitFor();
  assert.ok(!(await page.locator('.details').innerText()).includes('not this one'));
  assert.deepEqual(warnings, [
    'Stackline graph: dropped a message from the extension (requestFailed.id: no request waits for this answer).',
  ]);
  await finish(page, errors);
});

test('CSP: only the bundle loads, with a per-load nonce; no violations; codicons from the bundle', async () => {
  const { page, errors } = await openPage();
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(
    csp!,
    /^default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]{24}'; style-src http:\/\/127\.0\.0\.1:\d+; font-src/,
  );
  const nonce = /nonce-([^']+)/.exec(csp!)![1];
  await page.reload();
  await page.waitForSelector('.row.commit:not([hidden])');
  assert.notEqual(
    /nonce-([^']+)/.exec((await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content'))!)![1],
    nonce,
    'a new nonce per load',
  );
  assert.equal(await page.evaluate(() => document.fonts.check('16px codicon')), true, 'the codicon font loaded');
  assert.deepEqual(
    await page.evaluate(() => (window as unknown as { harness: { violations: string[] } }).harness.violations),
    [],
  );
  await finish(page, errors);
});

test('themes: dark, light and high contrast take their colours from --vscode-* variables', async () => {
  const colours: Record<string, string> = {};
  for (const theme of ['dark', 'light', 'high-contrast'] as const) {
    const { page, errors } = await openPage({ theme });
    await page.locator('.row.commit:not([hidden])', { hasText: 'feat(api): token bucket' }).click();
    await page.locator('.details h2', { hasText: /^Subject of / }).waitFor();
    colours[theme] = await page.evaluate(
      () =>
        getComputedStyle(document.body).backgroundColor +
        ' ' +
        getComputedStyle(document.querySelector('circle.n.hollow.c0')!).stroke,
    );
    await page.screenshot({ path: join(RESULTS, `graph-harness-${theme}.png`) });
    await finish(page, errors);
  }
  assert.equal(colours.dark, 'rgb(31, 31, 31) rgb(55, 148, 255)');
  assert.equal(colours.light, 'rgb(255, 255, 255) rgb(26, 133, 255)');
  assert.equal(colours['high-contrast'], 'rgb(0, 0, 0) rgb(55, 148, 255)');
});

// ---- Drag and drop (the scripted extension answers previewMove as the core's previewMove does) ----

const hashOf = (page: Page, n: number) =>
  page.evaluate((i) => (window as unknown as { harness: { hashOf(n: number): string } }).harness.hashOf(i), n);
const commitRow = (page: Page, title: string) =>
  page
    .locator('.row.commit:not([hidden])')
    .filter({ has: page.locator('.title', { hasText: new RegExp(`^${title.replace(/[()]/g, '\\$&')}$`) }) });

async function pointAt(page: Page, title: string): Promise<{ x: number; y: number }> {
  const box = (await commitRow(page, title).boundingBox())!;
  return { x: box.x + Math.min(200, box.width / 3), y: box.y + box.height / 2 };
}

/** Presses on one commit and moves (in steps, as a hand does) over another, without releasing. */
async function dragOver(page: Page, from: string, to: string): Promise<void> {
  const start = await pointAt(page, from);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  const end = await pointAt(page, to);
  await page.mouse.move(end.x, end.y, { steps: 8 });
}

async function moveOver(page: Page, to: string): Promise<void> {
  const end = await pointAt(page, to);
  await page.mouse.move(end.x, end.y, { steps: 4 });
}

test('drag and drop: the card under the target shows where the stack lands; a drop sends the move', async () => {
  const { page, errors } = await openPage();
  const [cart, checkout, trunkTip] = [await hashOf(page, 2004), await hashOf(page, 2005), await hashOf(page, 1000)];
  await dragOver(page, 'feat(api): cart endpoints', 'chore: bump dependencies');
  await page.locator('.drop-card.ok').waitFor();
  assert.equal(await commitRow(page, 'chore: bump dependencies').getAttribute('class'), 'row commit drop-target');
  assert.match(
    (await page.locator('.drop-card .headline').textContent())!,
    new RegExp(`^Move 2 commits \\(${cart.slice(0, 9)} and above\\) onto ${trunkTip.slice(0, 9)}$`),
  );
  assert.deepEqual(
    await page.locator('.drop-card .ghost .title').allTextContents(),
    ['feat(web): checkout page', 'feat(api): cart endpoints', 'chore: bump dependencies'],
    'the moved commits, top first, hung on the target',
  );
  for (const title of ['feat(api): cart endpoints', 'feat(web): checkout page'])
    assert.match((await commitRow(page, title).getAttribute('class'))!, /drag-moving/);
  const card = (await page.locator('.drop-card').boundingBox())!;
  const target = (await commitRow(page, 'chore: bump dependencies').boundingBox())!;
  assert.ok(
    card.y >= target.y + target.height - 1 && card.y < target.y + target.height + 8,
    `the card sits right under the target (${card.y} vs ${target.y + target.height})`,
  );
  assert.equal(await page.locator('.drag-chip').isHidden(), true, 'over a commit the card says it all');
  await page.screenshot({ path: join(RESULTS, 'graph-harness-drag.png') });

  // Between commits (the folded trunk run): no target, the chip beside the pointer shows what is held.
  const fold = (await page.locator('.row.fold:not([hidden])').boundingBox())!;
  await page.mouse.move(fold.x + 200, fold.y + fold.height / 2, { steps: 3 });
  await page.locator('.drag-chip:not([hidden])').waitFor();
  assert.equal(await page.locator('.drag-chip').textContent(), 'feat(api): cart endpoints+1');
  assert.equal(await page.locator('.drop-card').isHidden(), true);
  assert.equal(await page.locator('.row.drop-target').count(), 0);

  // Over a commit that moves along: refused, with the reason, and no move on release there.
  await moveOver(page, 'feat(web): checkout page');
  await page
    .locator('.drop-card.refused', { hasText: `Can't move ${cart.slice(0, 9)} onto a commit above it.` })
    .waitFor();
  assert.match((await commitRow(page, 'feat(web): checkout page').getAttribute('class'))!, /drop-refused/);
  await page.screenshot({ path: join(RESULTS, 'graph-harness-drag-refused.png') });

  // Back over trunk tip, release: the move goes to the extension, and nothing else changed yet.
  await moveOver(page, 'chore: bump dependencies');
  await page.locator('.drop-card.ok').waitFor();
  await page.mouse.up();
  await waitForMessage(page, { type: 'move', source: cart, destination: trunkTip });
  assert.equal(await page.locator('.drop-card').isHidden(), true);
  assert.equal(await page.locator('.row.drag-moving, .row.drop-target').count(), 0);
  assert.match((await page.textContent('.toolbar-status'))!, /^Moving 2 commits .* onto [0-9a-f]{9}…$/);
  assert.equal((await received(page)).filter((m) => m.type === 'move').length, 1);
  assert.ok(
    !(await received(page)).some((m) => m.type === 'move' && (m as { destination: string }).destination === checkout),
    'no move onto the refused commit',
  );
  await finish(page, errors);
});

test('drag and drop: a trunk commit is refused with the reason; Escape cancels; history mode does not drag', async () => {
  const { page, errors } = await openPage();
  await dragOver(page, 'ci: cache dependencies', 'chore: bump dependencies');
  await page
    .locator('.drop-card.refused', { hasText: 'is on trunk: Stackline never rewrites public commits.' })
    .waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.drop-card').isHidden(), true);
  assert.equal(await page.locator('.list.dragging').count(), 0);
  await page.mouse.up();
  // A valid target, then Escape: nothing is sent either.
  await dragOver(page, 'feat(api): token bucket', 'ci: cache dependencies');
  await page.locator('.drop-card.ok').waitFor();
  await page.keyboard.press('Escape');
  await page.mouse.up();
  await page.waitForTimeout(100);
  assert.equal((await received(page)).filter((m) => m.type === 'move').length, 0, 'Escape sent no move');
  assert.equal(await page.locator('.row.drag-moving, .row.drop-target, .row.drop-refused').count(), 0);

  await loadHistory(page, 50, 500);
  const first = page.locator('.row.commit:not([hidden])').nth(0);
  const box = (await first.boundingBox())!;
  await page.mouse.move(box.x + 100, box.y + 10);
  await page.mouse.down();
  await page.mouse.move(box.x + 100, box.y + 90, { steps: 6 });
  assert.equal(await page.locator('.drop-card').isHidden(), true, 'no drag in history');
  await page.mouse.up();
  await finish(page, errors);
});

test('drag and drop by keyboard: M picks up the selected commit aiming at trunk tip, arrows choose, Enter moves, Escape cancels', async () => {
  const { page, errors } = await openPage();
  const [token, trunkTip] = [await hashOf(page, 2000), await hashOf(page, 1000)];
  await commitRow(page, 'feat(api): token bucket').click();
  await page.keyboard.press('m');
  await page
    .locator('.drop-card.hint', { hasText: 'choose a commit with ↑ and ↓, Enter moves it there, Escape cancels' })
    .waitFor();
  await page.keyboard.press('ArrowDown');
  await page.locator('.drop-card.refused', { hasText: 'is already on' }).waitFor();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
  await page.locator('.drop-card.ok', { hasText: 'Move 3 commits' }).waitFor();
  assert.equal(await page.locator('.row.selected .title').textContent(), 'feat(shared): cart model');
  assert.equal(await page.getAttribute('.drop-card', 'aria-live'), 'polite', 'screen readers hear the preview');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.drop-card').isHidden(), true);
  await page.keyboard.press('m');
  await page.keyboard.press('Escape');
  await commitRow(page, 'feat(api): token bucket').click();
  await page.keyboard.press('m');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await page.locator('.drop-card.ok', { hasText: 'onto' }).waitFor();
  const target = await page.locator('.row.selected .title').textContent();
  assert.equal(target, 'feat(web): checkout page');
  await page.keyboard.press('Enter');
  await waitForMessage(page, { type: 'move', source: token, destination: await hashOf(page, 2005) });
  assert.ok(!(await received(page)).some((m) => m.type === 'goto'), 'Enter put the commit down instead of going to it');
  assert.notEqual(trunkTip, token);

  // A stack on an older trunk commit: M aims at trunk tip at once (the likeliest move), one Enter moves it there.
  await commitRow(page, 'feat(web): checkout page').click();
  await page.keyboard.press('m');
  await page.locator('.drop-card.ok', { hasText: 'onto' }).waitFor();
  assert.equal(await page.locator('.row.selected .title').textContent(), 'chore: bump dependencies');
  await page.keyboard.press('Enter');
  await waitForMessage(page, { type: 'move', source: await hashOf(page, 2005), destination: trunkTip });
  await finish(page, errors);
});

// ---- Badges ----

test('badges: PR state, checks, review, comments and rule warnings render as text; click opens; details list them', async () => {
  const { page, errors } = await openPage();
  const cart = await hashOf(page, 2004);
  await page.evaluate(
    ({ cart, xss }) => {
      const h = (window as unknown as { harness: { send(m: unknown): void } }).harness;
      h.send({
        type: 'badges',
        badges: [
          {
            hash: cart,
            badges: [
              {
                id: 'pr',
                parts: [
                  { icon: 'git-pull-request', text: '#12', tone: 'open', label: 'PR #12 open' },
                  { icon: 'check', text: '', tone: 'success', label: 'checks passing' },
                  { icon: 'verified', text: '', tone: 'success', label: 'approved' },
                  { icon: 'comment', text: '3', tone: 'muted', label: '3 comments' },
                ],
                title: `Pull request #12: open ${xss}`,
                lines: [`Branch ${xss}`],
                action: 'Open PR #12 on GitHub',
              },
              {
                id: 'conventions',
                parts: [{ icon: 'error', text: xss, tone: 'error', label: `breaks ${xss}` }],
                title: 'Commit rules (commitlint): 1 error',
                lines: [`Error subject-case: <script>window.__xss = 1</script>`],
              },
            ],
          },
        ],
      });
    },
    { cart, xss: XSS },
  );
  const row = commitRow(page, 'feat(api): cart endpoints');
  await row.locator('.badge[data-badge="pr"]').waitFor();
  assert.deepEqual(
    await row.locator('.badge[data-badge="pr"] .codicon').evaluateAll((icons) => icons.map((i) => i.className)),
    [
      'codicon codicon-git-pull-request',
      'codicon codicon-check',
      'codicon codicon-verified',
      'codicon codicon-comment',
    ],
  );
  assert.deepEqual(
    await row.locator('.badge[data-badge="pr"] .part').evaluateAll((parts) => parts.map((p) => p.className)),
    ['part tone-open', 'part tone-success', 'part tone-success', 'part tone-muted'],
  );
  assert.match((await row.locator('.badge[data-badge="pr"]').textContent())!, /^#123$/);
  assert.equal(await row.locator('.badge[data-badge="conventions"]').textContent(), XSS, 'rule text is text');
  assert.equal(
    await row.locator('.badge[data-badge="pr"]').getAttribute('title'),
    `Pull request #12: open ${XSS}\nchecks passing\napproved\n3 comments\nBranch ${XSS}\nClick: Open PR #12 on GitHub`,
  );
  assert.match(
    (await row.getAttribute('aria-label'))!,
    /; PR #12 open, checks passing, approved, 3 comments; breaks <img/,
  );
  assert.equal(
    await page.locator('.badge[data-badge="conventions"].actionable').count(),
    0,
    'a badge without an action is not clickable',
  );
  await page.screenshot({ path: join(RESULTS, 'graph-harness-badges.png') });

  await row.locator('.badge[data-badge="pr"]').click();
  await waitForMessage(page, { type: 'openBadge', hash: cart, id: 'pr' });
  await page.locator('.details .badge-details[data-badge="pr"] h3').waitFor();
  assert.equal(
    await page.locator('.details .badge-details[data-badge="pr"] h3').textContent(),
    `Pull request #12: open ${XSS}`,
  );
  assert.deepEqual(await page.locator('.details .badge-details[data-badge="pr"] li').allTextContents(), [
    'checks passing',
    'approved',
    '3 comments',
    `Branch ${XSS}`,
  ]);
  assert.deepEqual(await page.locator('.details .badge-details[data-badge="conventions"] li').allTextContents(), [
    `Error subject-case: <script>window.__xss = 1</script>`,
  ]);
  await page.locator('.details .badge-details[data-badge="pr"] button.action').click();
  await page.waitForFunction(
    () =>
      (window as unknown as { harness: { received: { type: string }[] } }).harness.received.filter(
        (m) => m.type === 'openBadge',
      ).length === 2,
  );
  await page.screenshot({ path: join(RESULTS, 'graph-harness-badge-details.png') });
  await page.waitForTimeout(100);
  assert.equal(await page.locator('img').count(), 0, 'no <img> element was created');
  assert.equal(await page.locator('.app script').count(), 0);
  assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);

  // New badges replace the old ones; a commit without badges has an empty slot.
  await page.evaluate(() =>
    (window as unknown as { harness: { send(m: unknown): void } }).harness.send({ type: 'badges', badges: [] }),
  );
  await row.locator('.badge').waitFor({ state: 'detached' });
  assert.equal(await page.locator('.details .badge-details').count(), 0);
  await finish(page, errors);
});

// ---- The operation banner (the extension sends it from the same rows the Stacks view shows) ----

const sendBanner = (page: Page, banner: GraphBanner | null) =>
  page.evaluate(
    (b) => (window as unknown as { harness: { send(m: unknown): void } }).harness.send({ type: 'banner', banner: b }),
    banner,
  );
const STOPPED: GraphBanner = {
  kind: 'stopped',
  text: "'move' stopped on conflicts",
  detail: 'in packages/api/src/rate-limit.ts, README.md: resolve, stage, then Continue',
  actions: ['continue', 'abort'],
  conflicts: ['packages/api/src/rate-limit.ts', 'README.md'],
};

test('banner: a move stopped on conflicts lists the files and offers Continue and Abort, by mouse and keyboard, in both modes', async () => {
  const { page, errors } = await openPage();
  assert.equal(await page.locator('.op-banner').count(), 0, 'no banner until the extension sends one');
  await sendBanner(page, STOPPED);
  const banner = page.locator('.op-banner');
  await banner.waitFor();
  assert.equal(await banner.getAttribute('role'), 'alert', 'read out at once');
  assert.equal(await banner.getAttribute('class'), 'op-banner kind-stopped');
  assert.equal(await banner.locator('.op-text strong').textContent(), "'move' stopped on conflicts");
  assert.equal(await banner.locator('.op-detail').textContent(), STOPPED.detail);
  assert.deepEqual(await banner.locator('.op-actions button').allTextContents(), ['Continue', 'Abort']);
  assert.deepEqual(
    await banner.locator('.conflict-file').evaluateAll((b) => b.map((x) => x.getAttribute('aria-label'))),
    ['packages/api/src/rate-limit.ts, has conflicts: open it', 'README.md, has conflicts: open it'],
  );
  assert.deepEqual(await banner.locator('.conflict-file .name').allTextContents(), ['rate-limit.ts', 'README.md']);
  assert.equal(await banner.locator('.conflict-file .dir').first().textContent(), 'packages/api/src');
  // Warning colours from the theme.
  const colours = await page.evaluate(() => {
    const b = document.querySelector('.op-banner')!;
    return [
      getComputedStyle(b).backgroundColor,
      getComputedStyle(b.querySelector(':scope > .codicon')!).color,
      getComputedStyle(b.querySelector('.conflict-file .name')!).color,
    ];
  });
  assert.deepEqual(colours, ['rgb(53, 42, 5)', 'rgb(204, 167, 0)', 'rgb(228, 103, 107)']);
  await page.screenshot({ path: join(RESULTS, 'graph-harness-banner-stopped.png') });

  // Mouse: a file asks to open it; Continue asks to continue and waits for the answer.
  await banner.locator('.conflict-file', { hasText: 'rate-limit.ts' }).click();
  await waitForMessage(page, { type: 'openConflict', path: 'packages/api/src/rate-limit.ts' });
  await banner.locator('button[data-action="continue"]').click();
  await waitForMessage(page, { type: 'bannerAction', action: 'continue' });
  assert.deepEqual(
    await banner.locator('.op-actions button').evaluateAll((b) => b.map((x) => (x as HTMLButtonElement).disabled)),
    [true, true],
    'no second click while it runs',
  );
  // Still unresolved: the extension sends the banner again (one file staged meanwhile); the buttons work again.
  await sendBanner(page, { ...STOPPED, conflicts: ['README.md'] });
  await page.waitForFunction(() => !(document.querySelector('.op-actions button') as HTMLButtonElement).disabled);
  assert.deepEqual(await banner.locator('.conflict-file .name').allTextContents(), ['README.md']);
  assert.equal(await page.locator('.op-banner').count(), 1, 'updated in place, not announced again');

  // Keyboard: Tab from the toolbar reaches the file, then Continue, then Abort; Enter presses.
  await page.focus('button[aria-label="Refresh"]');
  await page.keyboard.press('Tab');
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
    'README.md, has conflicts: open it',
  );
  await page.keyboard.press('Enter');
  await waitForMessage(page, { type: 'openConflict', path: 'README.md' });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Abort');
  await page.keyboard.press('Enter');
  await waitForMessage(page, { type: 'bannerAction', action: 'abort' });

  // History mode shows it too; when the extension says there is none, it goes.
  await sendBanner(page, STOPPED);
  await loadHistory(page, 50, 500);
  assert.equal(await page.locator('.op-banner .op-text strong').textContent(), "'move' stopped on conflicts");
  await page.screenshot({ path: join(RESULTS, 'graph-harness-banner-history.png') });
  await sendBanner(page, null);
  await page.locator('.op-banner').waitFor({ state: 'detached' });
  await finish(page, errors);
});

test('banner: interrupted offers Abort only; running is a status; a git rebase gives git advice and no buttons', async () => {
  const { page, errors } = await openPage({ theme: 'light' });
  await sendBanner(page, {
    kind: 'interrupted',
    text: "'restack' was interrupted",
    detail: 'Abort puts everything back as it was before it',
    actions: ['abort'],
    conflicts: [],
  });
  await page.locator('.op-banner.kind-interrupted').waitFor();
  assert.deepEqual(await page.locator('.op-actions button').allTextContents(), ['Abort']);
  assert.equal(await page.locator('.op-banner').getAttribute('role'), 'alert');
  assert.equal(await page.locator('.conflicts').isHidden(), true, 'no empty file list');
  await page.locator('button[data-action="abort"]').click();
  await waitForMessage(page, { type: 'bannerAction', action: 'abort' });

  await sendBanner(page, { kind: 'running', text: 'Moving 1a2b3c4d5 onto 6e7f8a9b0…', actions: [], conflicts: [] });
  await page.locator('.op-banner.kind-running').waitFor();
  assert.equal(await page.locator('.op-banner').getAttribute('role'), 'status', 'news, not an alarm');
  assert.equal(
    await page.locator('.op-banner > .codicon').getAttribute('class'),
    'codicon codicon-loading codicon-modifier-spin',
  );
  assert.equal(await page.locator('.op-actions').count(), 0);

  const advice =
    'A rebase is in progress. Resolve it with git rebase --continue, or undo it with git rebase --abort, then try again.';
  await sendBanner(page, {
    kind: 'git',
    text: 'Rebase in progress',
    detail: advice,
    actions: [],
    conflicts: ['src/a.ts'],
  });
  await page.locator('.op-banner.kind-git').waitFor();
  assert.equal(await page.locator('.op-detail').textContent(), advice);
  assert.equal(await page.locator('.op-actions').count(), 0, 'Stackline does not continue or abort what git started');
  assert.equal(await page.locator('.conflict-file').count(), 1);
  assert.equal(
    await page.locator('.op-banner').evaluate((b) => getComputedStyle(b).backgroundColor),
    'rgb(246, 245, 210)',
    "the light theme's warning background",
  );
  await page.screenshot({ path: join(RESULTS, 'graph-harness-banner-git-light.png') });
  await finish(page, errors);
});

test('banner: hostile file names and text render inert; a path outside the repository is refused', async () => {
  const { page, errors } = await openPage();
  const warnings: string[] = [];
  page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
  const hostile = `src/${XSS}.ts`;
  await sendBanner(page, {
    ...STOPPED,
    text: XSS,
    detail: '<script>window.__xss = 1</script>',
    conflicts: [hostile, '" onclick="alert(1)'],
  });
  await page.locator('.op-banner').waitFor();
  assert.equal(await page.locator('.op-text strong').textContent(), XSS);
  assert.equal(await page.locator('.op-detail').textContent(), '<script>window.__xss = 1</script>');
  assert.deepEqual(await page.locator('.conflict-file .name').allTextContents(), [`${XSS}.ts`, '" onclick="alert(1)']);
  await page.locator('.conflict-file').nth(1).click();
  await page.locator('.conflict-file').first().click();
  await waitForMessage(page, { type: 'openConflict', path: hostile });
  await page.waitForTimeout(100);
  assert.equal(await page.locator('img').count(), 0, 'no <img> element was created');
  assert.equal(await page.locator('.app script').count(), 0);
  assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);

  // The webview's own validator drops a banner naming a path outside the repository.
  await page.evaluate(() =>
    (window as unknown as { harness: { send(m: unknown): void } }).harness.send({
      type: 'banner',
      banner: { kind: 'git', text: 'x', actions: ['rm'], conflicts: [] },
    }),
  );
  await page.evaluate(() =>
    (window as unknown as { harness: { send(m: unknown): void } }).harness.send({
      type: 'banner',
      banner: { kind: 'git', text: 'x', actions: [], conflicts: ['../../.ssh/id_rsa'] },
    }),
  );
  await page.waitForTimeout(100);
  assert.equal(warnings.length, 2, warnings.join('\n'));
  assert.match(warnings[0], /banner\.banner\.actions\[0\]: expected one of continue, abort/);
  assert.match(warnings[1], /banner\.banner\.conflicts\[0\]: expected a path inside the repository/);
  assert.equal(await page.locator('.op-text strong').textContent(), XSS, 'the last good banner stays');
  await finish(page, errors);
});
