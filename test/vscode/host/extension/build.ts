// Builds the extension-host suite: dist/host-tests/suite.js (for @vscode/test-electron) and the
// test-only extension dist/stackline-host-tests.vsix (for code-server). Run directly or import.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = join(__dirname, '..', '..', '..', '..');
const OUT = join(ROOT, 'dist', 'host-tests');

export const HOST_VSIX = join(ROOT, 'dist', 'stackline-host-tests.vsix');
/** Exports run() for @vscode/test-electron's extensionTestsPath. */
export const HOST_SUITE = join(OUT, 'suite.js');

const common: esbuild.BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  logLevel: 'warning',
  legalComments: 'none',
};

export async function buildHostTests(): Promise<{ vsix: string; suite: string }> {
  const staging = join(OUT, 'extension');
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  await Promise.all([
    esbuild.build({ ...common, entryPoints: [join(__dirname, '..', 'suite.ts')], outfile: HOST_SUITE }),
    esbuild.build({ ...common, entryPoints: [join(__dirname, 'main.ts')], outfile: join(staging, 'extension.js') }),
  ]);
  copyFileSync(join(__dirname, 'package.json'), join(staging, 'package.json'));

  mkdirSync(dirname(HOST_VSIX), { recursive: true });
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.NODE_TEST_CONTEXT;
  const vsce = spawnSync(
    process.execPath,
    [
      require.resolve('@vscode/vsce/vsce'),
      'package',
      '--no-dependencies',
      '--allow-missing-repository',
      '--skip-license',
      '--out',
      HOST_VSIX,
    ],
    { cwd: staging, env, encoding: 'utf8', timeout: 120_000 },
  );
  if (vsce.status !== 0) {
    throw new Error(
      `vsce package failed (exit ${vsce.status ?? vsce.signal}):\n${vsce.stdout ?? ''}${vsce.stderr ?? ''}${vsce.error ? String(vsce.error) : ''}`,
    );
  }
  return { vsix: HOST_VSIX, suite: HOST_SUITE };
}

if (require.main === module) {
  buildHostTests().then(
    ({ vsix, suite }) => console.log(`built ${suite}\npackaged ${vsix}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
