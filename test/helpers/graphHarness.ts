// Serves the built webview bundle (dist/webview) in a static page with the same HTML and CSP the
// extension uses, and opens it in headless Chromium with graph-harness.page.js playing the
// extension's side of the protocol. Used by the webview tests and by bench/graph.ts.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { graphHtml } from '../../src/extension/graph/html';

const ROOT = join(__dirname, '..', '..');
export const WEBVIEW_BUNDLE = join(ROOT, 'dist', 'webview');
const PAGE_SCRIPT = readFileSync(join(__dirname, 'graph-harness.page.js'), 'utf8');
export const CHROMIUM = process.env.STACKLINE_CHROMIUM ?? '/usr/bin/chromium';

export type HarnessTheme = 'dark' | 'light' | 'high-contrast';

export interface GraphHarness {
  browser: Browser;
  context: BrowserContext;
  origin: string;
  /** Opens the graph page (a fresh one unless `page` is given, e.g. to reload). */
  open(options?: {
    theme?: HarnessTheme;
    viewport?: { width: number; height: number };
    autoRespond?: boolean;
  }): Promise<Page>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.html': 'text/html',
};

export async function startGraphHarness(browserArgs: string[] = []): Promise<GraphHarness> {
  for (const file of ['webview.js', 'webview.css', 'codicon.ttf']) {
    if (!existsSync(join(WEBVIEW_BUNDLE, file)))
      throw new Error(`${join(WEBVIEW_BUNDLE, file)} is missing: run \`npm run build\` first.`);
  }
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set STACKLINE_CHROMIUM).`);
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/' || path === '/index.html') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(
        graphHtml({
          cspSource: origin,
          scriptUri: `${origin}/webview.js`,
          styleUri: `${origin}/webview.css`,
          placement: 'panel',
        }),
      );
      return;
    }
    const file = join(WEBVIEW_BUNDLE, path.replace(/^\/+/, ''));
    if (!file.startsWith(WEBVIEW_BUNDLE) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...browserArgs,
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  return {
    browser,
    context,
    origin,
    async open(options = {}) {
      const page = await context.newPage();
      if (options.viewport) await page.setViewportSize(options.viewport);
      await page.addInitScript({ content: PAGE_SCRIPT });
      if (options.autoRespond === false)
        await page.addInitScript({ content: 'window.harness.config.autoRespond = false;' });
      await page.goto(`${origin}/?theme=${options.theme ?? 'dark'}`);
      await page.waitForSelector('.app');
      return page;
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
