// The `stackline` CLI bundled from the current sources into a temp folder (as esbuild.mjs bundles
// dist/cli.js), so CLI tests run the real bundle without depending on the shared dist/ folder.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { tempDir } from './repo';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

let bundle: string | undefined;

export function bundledCli(): string {
  if (!bundle) {
    const out = join(tempDir('stackline-cli-'), 'cli.js');
    const src = join(__dirname, '..', '..', 'src');
    // The alias esbuild.mjs gives the bundles: without it, linting reads template files the bundle lacks.
    const alias = { 'conventional-changelog-angular': join(src, 'core', 'conventions', 'angularPreset.ts') };
    buildSync({
      entryPoints: [join(src, 'cli', 'main.ts')],
      outfile: out,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'error',
      alias,
    });
    bundle = out;
  }
  return bundle;
}

export function runCli(cwd: string, args: string[], input?: string, env?: NodeJS.ProcessEnv): CliResult {
  const result = spawnSync(process.execPath, [bundledCli(), ...args], {
    cwd,
    encoding: 'utf8',
    input,
    env: env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
