// Finds the commit graph's webview frame in a real VS Code page (graph.test.ts, graph-ops.test.ts).
import type { Frame, Locator, Page } from 'playwright-core';
import type { Session } from './harness';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The frame of the graph webview placed in the editor ('panel') or the side bar ('view'). */
export async function graphFrame(page: Page, placement: 'panel' | 'view', timeoutMs = 30_000): Promise<Frame> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    for (const frame of page.frames()) {
      const found = await frame
        .evaluate((p) => document.body?.dataset.placement === p && document.querySelector('.row') !== null, placement)
        .catch(() => false);
      if (found) return frame;
    }
    await sleep(250);
  }
  throw new Error(`no graph webview (${placement}) with rows within ${timeoutMs} ms`);
}

/** Stackline: Show Graph, then the graph's frame in the editor. */
export async function showGraph(session: Session): Promise<Frame> {
  await session.runCommand('Stackline: Show Graph', 30_000);
  return graphFrame(session.page, 'panel');
}

/** After a failure: a screenshot to this path, the notifications and the end of code-server's log. */
export async function reportFailure(session: Session | undefined, screenshot: string): Promise<void> {
  if (!session) return;
  await session.screenshot(screenshot).catch(() => undefined);
  console.error('notifications:', await session.notifications().catch(() => []));
  console.error(session.logs().slice(-4000));
}

/**
 * Right-clicks a graph row and answers VS Code's context menu once it shows. A refresh that redraws
 * the row between the mouse-down and the contextmenu event, or a right-click that only moves focus
 * into the webview, shows no menu; so right-click again a few times before giving up.
 */
export async function openRowMenu(page: Page, row: Locator): Promise<Locator> {
  const menu = page.locator('.context-view .monaco-menu');
  for (let attempt = 1; ; attempt++) {
    await row.click({ button: 'right' });
    try {
      await menu.waitFor({ timeout: 3_000 });
      return menu;
    } catch (error) {
      if (attempt === 4) throw error;
      await page.keyboard.press('Escape');
    }
  }
}
