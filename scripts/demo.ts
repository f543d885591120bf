// `npm start`: a demo repository with two stacks, opened in a real VS Code (code-server) that has
// the freshly packaged extension installed. Prints the URL and keeps running until Ctrl+C.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoGitHub } from '../test/github-standin';
import { createDemoRepo } from './demo-repo';
// @ts-expect-error: plain ESM script without type declarations
import { codeServerPaths, ensureVSCode } from './setup-vscode.mjs';

const port = Number(process.env.PORT ?? 8080);
const vsix = join(__dirname, '..', 'dist', 'stackline.vsix');

async function main(): Promise<void> {
  ensureVSCode();
  const paths = codeServerPaths() as { node: string; entry: string; config: string };
  const home = mkdtempSync(join(tmpdir(), 'stackline-demo-'));
  const demo = createDemoRepo(home);
  // A local GitHub stand-in plays the demo's "github.com", so Submit creates PRs offline.
  const github = await startDemoGitHub(demo);
  const extensions = join(home, 'extensions');
  const userData = join(home, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'security.workspace.trust.enabled': false, ...github.settings }, null, 2),
  );
  const install = spawnSync(paths.node, [paths.entry, '--extensions-dir', extensions, '--install-extension', vsix], { encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`Installing the extension failed:\n${install.stderr || install.stdout}`);

  const server = spawn(
    paths.node,
    [paths.entry, '--config', paths.config, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--user-data-dir', userData, '--extensions-dir', extensions, demo.dir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  server.stderr.pipe(process.stderr);
  server.stdout.on('data', (chunk: Buffer) => {
    if (/HTTP server listening/.test(chunk.toString())) {
      console.log(`\nStackline demo is ready:\n\n  http://127.0.0.1:${port}/?folder=${encodeURIComponent(demo.dir)}\n`);
      console.log(`Demo repository: ${demo.dir} (origin: ${demo.origin})`);
      console.log(`Try in a terminal:  node ${join(__dirname, '..', 'dist', 'cli.js')} -C ${demo.dir} log`);
      for (const line of github.instructions) console.log(line);
      console.log('');
      console.log('Press Ctrl+C to stop.');
    }
  });
  const stop = () => {
    server.kill('SIGTERM');
    github.standin.close().catch(() => undefined);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.on('exit', (code) => process.exit(code ?? 0));
}

main().catch((error: unknown) => {
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
