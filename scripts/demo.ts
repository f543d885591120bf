// `npm start`: a demo repository with two stacks, opened in a real VS Code (code-server) that has
// the freshly packaged extension installed. Prints the URL and keeps running until Ctrl+C.
//
// `STACKLINE_DEMO_CHECK=1 npm start` (or `npm start -- --check`) checks the demo instead of
// waiting for a person: it opens the printed URL in headless Chromium, waits until the Stacks view
// shows the demo's stacks, saves a screenshot, stops everything and exits 0 (1 when it fails).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoGitHub } from '../test/github-standin';
import { openWorkbench } from '../test/vscode/harness';
import { createDemoRepo, type DemoRepo } from './demo-repo';
// @ts-expect-error: plain ESM script without type declarations
import { codeServerPaths, ensureVSCode, withoutOuterNpm } from './setup-vscode.mjs';

const checkMode = process.env.STACKLINE_DEMO_CHECK === '1' || process.argv.includes('--check');
// The check takes any free port, so it can run beside a demo someone left open on 8080.
const port = Number(process.env.PORT ?? (checkMode ? 0 : 8080));
const ROOT = join(__dirname, '..');
const vsix = join(ROOT, 'dist', 'stackline.vsix');

interface Paths {
  node: string;
  nodeBinDir: string;
  entry: string;
  config: string;
  chromium: string;
}

async function main(): Promise<void> {
  ensureVSCode({ browser: checkMode });
  const paths = codeServerPaths() as Paths;
  const home = mkdtempSync(join(tmpdir(), 'stackline-demo-'));
  const demo = createDemoRepo(home);
  // A local GitHub stand-in plays the demo's "github.com", so Submit creates PRs offline.
  const github = await startDemoGitHub(demo);
  const extensions = join(home, 'extensions');
  const userData = join(home, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'telemetry.telemetryLevel': 'off',
        'security.workspace.trust.enabled': false,
        // code-server 4.139 opens a Chat side bar by default; the demo is about Stackline.
        'chat.disableAIFeatures': true,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        ...github.settings,
      },
      null,
      2,
    ),
  );
  // code-server runs on Node 24, without the outer npm's variables (see setup-vscode.mjs).
  const env = {
    ...withoutOuterNpm(process.env),
    PATH: `${paths.nodeBinDir}:${process.env.PATH ?? ''}`,
    XDG_DATA_HOME: join(home, 'xdg-data'),
  };
  const install = spawnSync(
    paths.node,
    [paths.entry, '--config', paths.config, '--extensions-dir', extensions, '--install-extension', vsix],
    { encoding: 'utf8', env },
  );
  if (install.status !== 0) throw new Error(`Installing the extension failed:\n${install.stderr || install.stdout}`);

  const server = spawn(
    paths.node,
    [
      paths.entry,
      '--config',
      paths.config,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extensions,
      demo.dir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env },
  );
  let serverLog = '';
  const stop = () => {
    server.kill('SIGTERM');
    github.standin.close().catch(() => undefined);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.on('exit', (code) => {
    if (!checkMode) process.exit(code ?? 0);
  });
  server.stderr.on('data', (chunk: Buffer) => {
    serverLog += chunk.toString();
    if (!checkMode) process.stderr.write(chunk);
  });
  server.stdout.on('data', (chunk: Buffer) => {
    serverLog += chunk.toString();
    const listening = /HTTP server listening on (http:\/\/[^\s]+)/.exec(chunk.toString());
    if (!listening) return;
    const url = new URL(listening[1]);
    url.searchParams.set('folder', demo.dir);
    if (checkMode) {
      checkDemo(url.href, demo, paths, () => serverLog).then(
        () => finishCheck(0),
        (error: unknown) => {
          console.error(`npm start: demo check failed: ${error instanceof Error ? error.message : String(error)}`);
          finishCheck(1);
        },
      );
      return;
    }
    console.log(`\nStackline demo is ready:\n\n  ${url.href}\n`);
    console.log(`Demo repository: ${demo.dir} (origin: ${demo.origin})`);
    console.log(`Try in a terminal:  node ${join(ROOT, 'dist', 'cli.js')} -C ${demo.dir} log`);
    for (const line of github.instructions) console.log(line);
    console.log('');
    console.log('Press Ctrl+C to stop.');
  });

  function finishCheck(code: number): void {
    const exited = new Promise<void>((r) => (server.exitCode !== null ? r() : server.once('exit', () => r())));
    stop();
    void Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]).then(() => {
      rmSync(home, { recursive: true, force: true, maxRetries: 3 });
      process.exitCode = code;
      // The stand-in's keep-alive sockets would hold the event loop open.
      process.exit(code);
    });
  }
}

/** Opens the demo like a person would and waits for the Stacks view to show both stacks. */
async function checkDemo(url: string, demo: DemoRepo, paths: Paths, serverLog: () => string): Promise<void> {
  const started = Date.now();
  const tmp = mkdtempSync(join(tmpdir(), 'stackline-demo-check-'));
  const { browser, view } = await openWorkbench({
    url,
    chromium: paths.chromium,
    tmp,
    deadline: Date.now() + 120_000,
    serverLog,
  });
  try {
    await view.openView('Stackline', 30_000);
    const wanted = [
      'Uncommitted changes',
      ...demo.stacks.map((s) => s.name),
      'feat(web): checkout page',
      'docs(api): document limits',
    ];
    const rows = await view.waitForTreeRows(
      'Stacks',
      (r) =>
        wanted.every((w) => r.some((x) => x.label === w)) && r.some((x) => /you are here/.test(x.description ?? '')),
      60_000,
    );
    const results = join(ROOT, 'test-results');
    mkdirSync(results, { recursive: true });
    await view.screenshot(join(results, 'demo-check.png'));
    console.log(
      `demo check passed in ${((Date.now() - started) / 1000).toFixed(1)} s: the Stacks view shows ${rows.length} rows, with ${demo.stacks.map((s) => s.name).join(' and ')} (screenshot: test-results/demo-check.png)`,
    );
  } finally {
    await browser.close().catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
