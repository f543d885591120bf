// Drives a real VS Code (code-server + headless chromium) for UI tests. See DESIGN.md §4.
// Prerequisite: `node scripts/setup-vscode.mjs` (npm run test:vscode does it).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export interface StartOptions {
  /** .vsix files installed (in order) into a fresh extensions dir. */
  vsix: string[];
  /** Folder opened as the workspace, or a .code-workspace file (multi-root). */
  folder: string;
  theme?: 'dark' | 'light';
  /** Merged over the harness defaults in the user settings.json. */
  settings?: Record<string, unknown>;
  /** Extra env for code-server and so the extension host (e.g. a GitHub stand-in URL). */
  env?: Record<string, string>;
  viewport?: { width: number; height: number };
  /** Budget for server start + workbench ready. Default 90 s. */
  startTimeoutMs?: number;
  /** VS Code's display language (`--locale`); it takes only with a language pack for it installed. */
  locale?: string;
  /** Runs after the .vsix files are installed, before VS Code starts (e.g. to add a test bundle). */
  afterInstall?: (dirs: { extensionsDir: string; userDataDir: string }) => void;
}

export interface TreeRow {
  label: string;
  description?: string;
  ariaLabel: string;
  level: number;
  /** A file decoration's badge at the row's right end (e.g. "W"), when it has one. */
  badge?: string;
}

export interface Session {
  readonly page: Page;
  readonly port: number;
  readonly url: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** Runs a command palette entry whose label equals `title` (e.g. "View: Toggle Terminal"). */
  runCommand(title: string, timeoutMs?: number): Promise<void>;
  /** Shows a view container (activity bar entry), e.g. "Explorer", "Source Control". */
  openView(containerTitle: string, timeoutMs?: number): Promise<void>;
  /** Focuses a view by its title via "…: Focus on <title> View". */
  focusView(viewTitle: string, timeoutMs?: number): Promise<void>;
  /** Rendered rows of the tree/list in the view pane titled `viewTitle` (virtualized: visible rows only). */
  treeRows(viewTitle: string): Promise<TreeRow[]>;
  waitForTreeRows(viewTitle: string, predicate: (rows: TreeRow[]) => boolean, timeoutMs?: number): Promise<TreeRow[]>;
  /** Texts of visible notification toasts / center entries. */
  notifications(): Promise<string[]>;
  screenshot(path: string): Promise<void>;
  /** code-server stdout+stderr so far. */
  logs(): string;
  /** Browser console errors and page errors so far. */
  consoleLogs(): string;
  close(): Promise<void>;
}

interface SetupModule {
  isInstalled(): boolean;
  codeServerPaths(): { node: string; nodeBinDir: string; entry: string; chromium: string; cache: string };
}

const SETUP_SCRIPT = resolve(__dirname, '../../scripts/setup-vscode.mjs');
const MAX_LOG = 4 * 1024 * 1024;

async function loadSetup(): Promise<SetupModule> {
  return (await import(pathToFileURL(SETUP_SCRIPT).href)) as SetupModule;
}

export async function codeServerPaths(): Promise<ReturnType<SetupModule['codeServerPaths']>> {
  return (await loadSetup()).codeServerPaths();
}

function defaultSettings(theme: 'dark' | 'light'): Record<string, unknown> {
  return {
    'workbench.colorTheme': theme === 'light' ? 'Default Light Modern' : 'Default Dark Modern',
    'telemetry.telemetryLevel': 'off',
    'workbench.startupEditor': 'none',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    // Stackline's own switch: VS Code's is a machine setting its remote extension host cannot see.
    'stackline.walkthrough.openOnInstall': false,
    // The speed-ups notice is off too: test repositories are small, but a bench shape may not be.
    'stackline.health.notice': false,
    // Tests type into editors at machine speed: a word suggestion that pops up late (a loaded machine)
    // would take the Enter meant to end a line.
    'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
    'editor.wordBasedSuggestions': 'off',
    'editor.acceptSuggestionOnEnter': 'off',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    // 1.139 ships Copilot Chat built in; without this it fills the secondary side bar.
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'security.workspace.trust.enabled': false,
    'security.workspace.trust.startupPrompt': 'never',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    // Tests run local HTTP stand-ins; auto-forwarding them pops notifications.
    'remote.autoForwardPorts': false,
    'git.autofetch': false,
    'git.openRepositoryInParentFolders': 'never',
    'git.terminalAuthentication': false,
    'github.gitAuthentication': false,
    'window.restoreWindows': 'none',
    'files.hotExit': 'off',
    // Fewer fades/slides half-captured in screenshots.
    'workbench.reduceMotion': 'on',
  };
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** For Promise.race deadlines: unref'd so a pending timer does not keep the test process alive. */
const deadlineTimer = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

function tail(s: string, n = 4000): string {
  return s.length > n ? `…${s.slice(-n)}` : s;
}

/** Env for code-server: drop VS Code vars leaking from an outer VS Code terminal, Node 24 first on PATH. */
function serverEnv(nodeBinDir: string, tmp: string, extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // NODE_OPTIONS/NODE_TEST_CONTEXT come from the test runner and would leak into Node 24.
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE' || k === 'NODE_OPTIONS' || k === 'NODE_TEST_CONTEXT')
      continue;
    env[k] = v;
  }
  env.PATH = `${nodeBinDir}:${process.env.PATH ?? ''}`;
  env.GIT_TERMINAL_PROMPT = '0';
  // code-server keeps logs/heartbeat in XDG_DATA_HOME and a device id in XDG_CACHE_HOME; keep $HOME clean.
  env.XDG_DATA_HOME = join(tmp, 'xdg-data');
  env.XDG_CACHE_HOME = join(tmp, 'xdg-cache');
  return { ...env, ...extra };
}

export async function startVSCode(opts: StartOptions): Promise<Session> {
  const setup = await loadSetup();
  if (!setup.isInstalled()) {
    throw new Error(`test VS Code is not installed: run \`node ${SETUP_SCRIPT}\` first`);
  }
  const paths = setup.codeServerPaths();
  const startTimeout = opts.startTimeoutMs ?? 90_000;
  const tmp = mkdtempSync(join(tmpdir(), 'stackline-vscode-'));
  const userDataDir = join(tmp, 'user-data');
  const extensionsDir = join(tmp, 'extensions');
  const config = join(tmp, 'config.yaml');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  // An explicit config stops code-server from writing ~/.config/code-server/config.yaml.
  writeFileSync(config, 'auth: none\ncert: false\n');
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...defaultSettings(opts.theme ?? 'dark'), ...opts.settings }, null, 2),
  );
  const env = serverEnv(paths.nodeBinDir, tmp, opts.env);
  const common = ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  let log = '';
  let closed = false;
  // Last resort if the test process dies without close(): don't leave code-server running.
  const onExit = () => server && killGroup(server, 'SIGKILL');
  process.on('exit', onExit);

  const close = async () => {
    if (closed) return;
    closed = true;
    if (browser) await Promise.race([browser.close().catch(() => undefined), deadlineTimer(10_000)]);
    if (server?.pid && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise<void>((r) => server!.once('exit', () => r()));
      killGroup(server, 'SIGTERM');
      await Promise.race([exited, deadlineTimer(5_000)]);
    }
    if (server) killGroup(server, 'SIGKILL'); // children (extension host, pty hosts) may outlive the leader
    process.removeListener('exit', onExit);
    rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    for (const vsix of opts.vsix) {
      const r = spawnSync(paths.node, [paths.entry, ...common, '--force', '--install-extension', resolve(vsix)], {
        env,
        encoding: 'utf8',
        timeout: 120_000,
      });
      const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
      // code-server exits 0 on some install failures; require the success message too.
      if (r.status !== 0 || !/successfully installed/i.test(out)) {
        throw new Error(`installing ${vsix} failed (exit ${r.status ?? r.signal}):\n${out}`);
      }
    }

    opts.afterInstall?.({ extensionsDir, userDataDir });

    // The free port may be taken between probe and bind; retry on EADDRINUSE.
    let port = 0;
    const deadline = Date.now() + startTimeout;
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      log = '';
      const child = spawn(
        paths.node,
        [
          paths.entry,
          ...common,
          '--auth',
          'none',
          '--bind-addr',
          `127.0.0.1:${port}`,
          '--disable-telemetry',
          '--disable-update-check',
          '--disable-workspace-trust',
          '--disable-getting-started-override',
          '--ignore-last-opened',
          ...(opts.locale ? ['--locale', opts.locale] : []),
          // Safety net: an orphan (test process killed before close()) shuts itself down.
          '--idle-timeout-seconds',
          '3600',
          resolve(opts.folder),
        ],
        { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      server = child;
      const append = (b: Buffer) => {
        if (log.length < MAX_LOG) log += b.toString();
      };
      child.stdout!.on('data', append);
      child.stderr!.on('data', append);
      const ok = await waitForHealth(port, child, deadline);
      if (ok) break;
      if (/EADDRINUSE/.test(log) && attempt < 3) {
        killGroup(child, 'SIGKILL');
        continue;
      }
      throw new Error(
        `code-server did not start on port ${port} (exit ${child.exitCode ?? child.signalCode ?? 'none, timed out'}):\n${tail(log)}`,
      );
    }

    const url = new URL(`http://127.0.0.1:${port}/`);
    url.searchParams.set(opts.folder.endsWith('.code-workspace') ? 'workspace' : 'folder', resolve(opts.folder));
    const workbench = await openWorkbench({
      url: url.href,
      chromium: paths.chromium,
      tmp,
      viewport: opts.viewport,
      deadline,
      serverLog: () => log,
    });
    browser = workbench.browser;
    const session: Session = {
      ...workbench.view,
      port,
      url: url.href,
      userDataDir,
      extensionsDir,
      logs: () => log,
      close,
    };
    return session;
  } catch (e) {
    await close();
    throw e;
  }
}

/** What a test can do with a workbench page, whoever started its server. */
export type WorkbenchView = Omit<Session, 'port' | 'url' | 'userDataDir' | 'extensionsDir' | 'logs' | 'close'>;

export interface OpenWorkbenchOptions {
  /** The workbench URL, with its `?folder=` or `?workspace=`. */
  url: string;
  chromium: string;
  /** Folder for Chromium's own state (crashpad, dconf). */
  tmp: string;
  viewport?: { width: number; height: number };
  /** Epoch ms by which the workbench must be ready. */
  deadline: number;
  /** The server's log so far, for failure messages. */
  serverLog: () => string;
}

/**
 * Opens a code-server workbench in headless Chromium and waits until it is ready. Used by
 * `startVSCode` and by `npm start`'s demo check, which attaches to the demo's own server.
 */
export async function openWorkbench(opts: OpenWorkbenchOptions): Promise<{ browser: Browser; view: WorkbenchView }> {
  let consoleLog = '';
  const browser = await chromium.launch({
    executablePath: opts.chromium,
    headless: true,
    // Chromium's crashpad/dconf state would otherwise land in ~/.config and ~/.cache.
    env: { ...process.env, XDG_CONFIG_HOME: join(opts.tmp, 'xdg-config'), XDG_CACHE_HOME: join(opts.tmp, 'xdg-cache') },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1400, height: 900 } });
    // Clipboard access keeps copy-based commands from prompting.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(opts.url).origin });
    const page = await context.newPage();
    // Playwright's 30 s default would hide slow steps; our waits pass their own timeouts.
    page.setDefaultTimeout(10_000);
    page.on('console', (m) => {
      if (m.type() === 'error' && consoleLog.length < MAX_LOG) {
        consoleLog += `[${m.type()}] ${m.text()}\n`;
      }
    });
    page.on('pageerror', (e) => {
      if (consoleLog.length < MAX_LOG) consoleLog += `[pageerror] ${e.message}\n`;
    });
    await page.goto(opts.url, { timeout: Math.max(5_000, opts.deadline - Date.now()) });
    await waitForWorkbench(page, opts.deadline, opts.serverLog);
    return { browser, view: workbenchView(page, () => consoleLog) };
  } catch (e) {
    await browser.close().catch(() => undefined);
    throw e;
  }
}

function workbenchView(page: Page, consoleLogs: () => string): WorkbenchView {
  return {
    page,
    runCommand: (title, timeoutMs = 15_000) => pickCommand(page, title, (l) => l === title, timeoutMs),
    openView: (containerTitle, timeoutMs = 15_000) =>
      pickCommand(page, `View: Show ${containerTitle}`, (l) => l === `View: Show ${containerTitle}`, timeoutMs),
    focusView: (viewTitle, timeoutMs = 15_000) =>
      // Category is the container title, e.g. "Explorer: Focus on Outline View".
      pickCommand(page, `Focus on ${viewTitle} View`, (l) => l.endsWith(`Focus on ${viewTitle} View`), timeoutMs),
    treeRows: async (viewTitle) => {
      const r = await readTree(page, viewTitle);
      if (!r.found) throw new Error(`no view pane titled "${viewTitle}"; panes present: ${JSON.stringify(r.panes)}`);
      return r.rows;
    },
    waitForTreeRows: async (viewTitle, predicate, timeoutMs = 15_000) => {
      const end = Date.now() + timeoutMs;
      let last: Awaited<ReturnType<typeof readTree>> | undefined;
      for (;;) {
        last = await readTree(page, viewTitle);
        if (last.found && predicate(last.rows)) return last.rows;
        if (Date.now() > end) break;
        await sleep(250);
      }
      throw new Error(
        last.found
          ? `timed out after ${timeoutMs} ms waiting for rows in "${viewTitle}"; rows seen:\n${formatRows(last.rows)}`
          : `timed out after ${timeoutMs} ms: no view pane titled "${viewTitle}"; panes present: ${JSON.stringify(last.panes)}`,
      );
    },
    notifications: () =>
      page.$$eval(
        '.notifications-toasts .notification-list-item, .notifications-center .notification-list-item',
        (els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''),
      ),
    screenshot: async (path) => {
      mkdirSync(dirname(resolve(path)), { recursive: true });
      await page.screenshot({ path, animations: 'disabled' });
    },
    consoleLogs,
  };
}

/** Signals code-server's whole process group (it was spawned detached as the group leader). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* group already gone */
  }
}

async function waitForHealth(port: number, child: ChildProcess, deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (r.ok) return true;
    } catch {
      /* not listening yet */
    }
    await sleep(200);
  }
  return false;
}

async function waitForWorkbench(page: Page, deadline: number, serverLog: () => string): Promise<void> {
  const selectors = ['.monaco-workbench', '.monaco-workbench .part.statusbar', '.monaco-workbench .part.activitybar'];
  for (const sel of selectors) {
    try {
      await page.waitForSelector(sel, { state: 'visible', timeout: Math.max(1_000, deadline - Date.now()) });
    } catch (e) {
      const title = await page.title().catch(() => '?');
      const body = await page.evaluate(() => document.body?.innerText.slice(0, 1000) ?? '').catch(() => '?');
      throw new Error(
        `workbench not ready (${sel} missing): ${(e as Error).message}\npage title: ${title}\npage text: ${body}\nserver log:\n${tail(serverLog())}`,
      );
    }
  }
  // Remote connection established = the "Opening Remote..." indicator is gone from the status bar.
  await page
    .waitForFunction(() => !document.querySelector('[id="status.host"] .codicon-loading'), undefined, {
      timeout: Math.max(1_000, deadline - Date.now()),
    })
    .catch(() => undefined);
}

async function quickInputRows(page: Page): Promise<string[]> {
  return page
    .$$eval('.quick-input-widget .monaco-list-row', (els) => els.map((e) => e.getAttribute('aria-label') ?? ''))
    .catch(() => []);
}

/**
 * Opens the palette (F1), types `filter`, waits for an entry whose label satisfies `match`
 * and runs it. Retypes periodically: commands registered after the palette opened
 * (extension activation) only show up when the filter changes.
 */
async function pickCommand(
  page: Page,
  filter: string,
  match: (label: string) => boolean,
  timeoutMs: number,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  const input = page.locator('.quick-input-widget .quick-input-box input');
  let seen: string[] = [];
  while (Date.now() < end) {
    if (!(await input.isVisible().catch(() => false))) {
      await page.keyboard.press('F1');
      await input
        .waitFor({ state: 'visible', timeout: Math.min(5_000, Math.max(500, end - Date.now())) })
        .catch(() => undefined);
      if (!(await input.isVisible().catch(() => false))) continue;
    }
    if (
      !(await input.fill(`>${filter}`, { timeout: 2_000 }).then(
        () => true,
        () => false,
      ))
    )
      continue;
    const retypeAt = Date.now() + 2_000;
    while (Date.now() < Math.min(end, retypeAt)) {
      const idx = await page
        .$$eval('.quick-input-widget .monaco-list-row', (els) =>
          els.map((e) => (e.querySelector('.label-name')?.textContent ?? e.getAttribute('aria-label') ?? '').trim()),
        )
        .catch(() => [] as string[]);
      seen = idx;
      const i = idx.findIndex(match);
      if (i >= 0) {
        const rows = page.locator('.quick-input-widget .monaco-list-row');
        const focused = await rows.nth(i).evaluate((e) => e.classList.contains('focused'));
        if (focused) await input.press('Enter');
        else await rows.nth(i).click();
        // Done when the palette closes or shows a follow-up quick pick (value changed).
        await page
          .waitForFunction(
            (typed) => {
              const w = document.querySelector<HTMLElement>('.quick-input-widget');
              const inp = document.querySelector<HTMLInputElement>('.quick-input-widget .quick-input-box input');
              return !w || w.style.display === 'none' || !inp || inp.value !== typed;
            },
            `>${filter}`,
            { timeout: 5_000 },
          )
          .catch(() => undefined);
        return;
      }
      await sleep(150);
    }
    // Not '' : an empty value switches the widget to file quick-open.
    await input.fill('>', { timeout: 2_000 }).catch(() => undefined);
  }
  if (!seen.length) seen = await quickInputRows(page);
  await page.keyboard.press('Escape').catch(() => undefined);
  await input.waitFor({ state: 'hidden', timeout: 2_000 }).catch(() => undefined);
  throw new Error(
    `no command palette entry matching "${filter}" within ${timeoutMs} ms; palette showed: ${JSON.stringify(seen)}`,
  );
}

async function readTree(page: Page, viewTitle: string): Promise<{ found: boolean; panes: string[]; rows: TreeRow[] }> {
  // No named functions inside evaluate callbacks: tsx (esbuild keepNames) wraps them in
  // __name(), which does not exist in the page.
  return page.evaluate((title) => {
    const want = title.trim().toLowerCase();
    // textContent, not innerText: headers are CSS-uppercased and hidden when a container has one view.
    const panes = Array.from(document.querySelectorAll<HTMLElement>('.monaco-workbench .pane'));
    const titles = panes.map((p) => (p.querySelector('.pane-header .title')?.textContent ?? '').trim());
    const pane = panes[titles.findIndex((t) => t.toLowerCase() === want)];
    if (!pane) return { found: false, panes: titles, rows: [] };
    const rows = Array.from(pane.querySelectorAll<HTMLElement>('.pane-body .monaco-list-row'))
      // Rendered rows are absolutely positioned; DOM order is not display order.
      .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
      .map((r) => {
        const description = r.querySelector('.label-description')?.textContent?.trim();
        // VS Code draws a decoration's badge as ::after content ("\"W\"") of an element inside the label.
        const badge =
          Array.from(r.querySelectorAll('*'))
            .map((e) => getComputedStyle(e, '::after').content)
            .find((c) => /^".{1,2}"$/.test(c))
            ?.slice(1, -1) ?? '';
        return {
          label: (r.querySelector('.label-name')?.textContent ?? '').trim(),
          ...(description ? { description } : {}),
          ...(badge ? { badge } : {}),
          ariaLabel: r.getAttribute('aria-label') ?? '',
          level: Number(r.getAttribute('aria-level') ?? '0'),
        };
      });
    return { found: true, panes: titles, rows };
  }, viewTitle);
}

function formatRows(rows: TreeRow[]): string {
  if (!rows.length) return '  (no rows)';
  return rows
    .map(
      (r) =>
        `  ${'  '.repeat(Math.max(0, r.level - 1))}${r.label}${r.description ? ` — ${r.description}` : ''}${r.badge ? ` (badge ${r.badge})` : ''}  [${r.ariaLabel}]`,
    )
    .join('\n');
}

/** Drags the side bar's edge to 720 px so screenshots show whole rows and descriptions. */
export async function widenSideBar(session: Session): Promise<void> {
  const sideBar = await session.page.locator('.part.sidebar').boundingBox();
  const sashes = await Promise.all(
    (await session.page.locator('.monaco-sash.vertical').all()).map((s) => s.boundingBox()),
  );
  const sash = sashes.find((box) => box && sideBar && Math.abs(box.x - (sideBar.x + sideBar.width)) < 8);
  if (!sash) return;
  await session.page.mouse.move(sash.x + sash.width / 2, 400);
  await session.page.mouse.down();
  await session.page.mouse.move(720, 400, { steps: 5 });
  await session.page.mouse.up();
}

/** The Stackline side bar holds several views; collapse all but Stacks so its rows fit on screen. */
export async function showOnlyStacks(session: Session): Promise<void> {
  await session.openView('Stackline');
  const headers = session.page.locator('.part.sidebar .pane-header');
  for (let i = 0; i < (await headers.count()); i++) {
    const header = headers.nth(i);
    const title = ((await header.textContent()) ?? '').trim().toLowerCase();
    if (!title.startsWith('stacks') && (await header.getAttribute('aria-expanded')) === 'true') await header.click();
  }
}

/** The tree row with this label. */
export const findRow = (rows: TreeRow[], label: string): TreeRow | undefined => rows.find((r) => r.label === label);

/** Tree rows as indented "label — description" lines, for assertion messages. */
export const describeRows = (rows: TreeRow[]): string =>
  rows.map((r) => `${'  '.repeat(r.level - 1)}${r.label} — ${r.description ?? ''}`).join('\n');

/** The tree row with exactly this label. */
export function treeRow(session: Session, label: string) {
  const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return session.page
    .locator('.monaco-list-row')
    .filter({ has: session.page.locator('.label-name', { hasText: exact }) })
    .first();
}

/** Clicks an inline action (by its title) on the tree row with this label. */
export async function clickInline(session: Session, label: string, action: string): Promise<void> {
  const target = treeRow(session, label);
  // Inline actions show only while the row is hovered. The list reuses row elements, so a refresh
  // between finding the button and clicking it can put another item (another stack) in that row:
  // check the row's label and click in one step inside the page.
  await quietRows(session);
  for (let attempt = 1; ; attempt++) {
    await target.hover();
    const clicked = await session.page.evaluate(
      ({ label, action }) => {
        const row = Array.from(document.querySelectorAll('.monaco-list-row')).find(
          (r) => (r.querySelector('.label-name')?.textContent ?? '').trim() === label,
        );
        const button = row?.querySelector<HTMLElement>(`.action-label[aria-label="${action}"]`);
        if (!button) return false;
        button.click();
        return true;
      },
      { label, action },
    );
    if (clicked) return;
    if (attempt === 8) throw new Error(`no inline action "${action}" on the tree row "${label}"`);
    await session.page.waitForTimeout(400);
  }
}

/**
 * Waits (up to 5 s) until the rows VS Code shows stay the same for half a second: a click lands on
 * a settled tree rather than one being redrawn (a redraw briefly detaches rows from their items).
 */
async function quietRows(session: Session): Promise<void> {
  const shown = () =>
    session.page.evaluate(() =>
      Array.from(document.querySelectorAll('.monaco-list-row'))
        .map((r) => `${r.getAttribute('data-index')}|${r.getAttribute('aria-label')}|${r.textContent}`)
        .join('\n'),
    );
  const end = Date.now() + 5_000;
  let last = await shown();
  while (Date.now() < end) {
    await session.page.waitForTimeout(500);
    const now = await shown();
    if (now === last) return;
    last = now;
  }
}

/** Right-clicks the tree row with this label and answers the entries of its context menu. */
export async function contextMenuEntries(session: Session, label: string): Promise<string[]> {
  await treeRow(session, label).click({ button: 'right' });
  const items = session.page.locator('.context-view .monaco-menu .action-menu-item');
  await items.first().waitFor({ timeout: 10_000 });
  return (await items.allTextContents()).map((t) => t.trim());
}

/**
 * Right-clicks the tree row with this label and picks a context-menu entry. Rows an operation is
 * still rewriting have no editing entries, so it waits until none is, and right-clicks again when
 * the menu came up without the entry (a redraw between the click and the menu).
 */
export async function contextMenu(session: Session, label: string, entry: string): Promise<void> {
  const items = session.page.locator('.context-view .monaco-menu .action-menu-item');
  for (let attempt = 1; ; attempt++) {
    await until('no row is being rewritten', () =>
      session.page.evaluate(
        () =>
          !Array.from(document.querySelectorAll('.monaco-list-row .label-description')).some((d) =>
            (d.textContent ?? '').includes('rewriting…'),
          ),
      ),
    );
    await quietRows(session);
    await treeRow(session, label).click({ button: 'right' });
    const item = items.filter({ hasText: entry }).first();
    const shown = await item
      .waitFor({ timeout: 3_000 })
      .then(() => true)
      .catch(() => false);
    if (shown) {
      // Menus ignore a click that comes right after they open (the right-click's own mouse-up).
      await item.hover();
      await session.page.waitForTimeout(400);
      await item.click();
      return;
    }
    const seen = (await items.allTextContents()).map((t) => t.trim());
    await session.page.keyboard.press('Escape');
    if (attempt === 4)
      throw new Error(`no "${entry}" in the menu of the tree row "${label}"; it had: ${JSON.stringify(seen)}`);
  }
}

/** Polls `probe` until it answers something (not undefined or false), or fails naming `what`. */
export async function until<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(250);
  }
}

/** Answers a "No token for …" error: presses its Set Token button and enters `token`. */
export async function setTokenFromNotification(session: Session, token: string): Promise<void> {
  const noToken = session.page.locator('.notifications-toasts .notification-list-item', { hasText: 'No token for' });
  await noToken.waitFor({ timeout: 30_000 });
  await noToken.locator('.monaco-button', { hasText: 'Set Token' }).click();
  const input = session.page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await input.fill(token);
  await input.press('Enter');
}
