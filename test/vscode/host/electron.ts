// Runs the extension-host suite (./suite.ts) in a desktop VS Code through @vscode/test-electron,
// for machines that have one (CI here has none and uses code-server: test/vscode/host.test.ts).
//
//   VSCODE_EXECUTABLE=/path/to/code node --import tsx test/vscode/host/electron.ts
//
// VSCODE_EXECUTABLE is VS Code's Electron binary, not the `code` shell wrapper: e.g.
// /usr/share/code/code on Linux, ".../Visual Studio Code.app/Contents/MacOS/Code" (older: Electron)
// on macOS, Code.exe on Windows. The extension runs from this source tree (dist/extension.js is
// rebuilt first) in a fresh user-data and extensions dir, on a new demo repository.
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { createDemoRepo } from '../../../scripts/demo-repo';
import { buildHostTests } from './extension/build';

const ROOT = join(__dirname, '..', '..', '..');

/** A `#!` script (the `code` CLI wrapper) returns before the tests run; we need the app binary. */
function isScript(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head.toString() === '#!';
  } finally {
    closeSync(fd);
  }
}

async function main(): Promise<number> {
  const executable = process.env.VSCODE_EXECUTABLE;
  if (!executable) {
    console.error(
      'test/vscode/host/electron.ts needs a desktop VS Code: set VSCODE_EXECUTABLE to its Electron binary, e.g.\n' +
        '  VSCODE_EXECUTABLE=/usr/share/code/code node --import tsx test/vscode/host/electron.ts\n' +
        'Without one, run the same suite in code-server: node --import tsx --test test/vscode/host.test.ts',
    );
    return 2;
  }
  if (!existsSync(executable)) {
    console.error(`VSCODE_EXECUTABLE=${executable} does not exist`);
    return 2;
  }
  if (isScript(executable)) {
    console.error(
      `VSCODE_EXECUTABLE=${executable} is a script (the \`code\` CLI wrapper?); point it at VS Code's Electron binary, e.g. /usr/share/code/code`,
    );
    return 2;
  }

  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  const { suite } = await buildHostTests();

  const temp = mkdtempSync(join(tmpdir(), 'stackline-electron-'));
  try {
    const demo = createDemoRepo(temp);
    const userDataDir = join(temp, 'user-data');
    const extensionsDir = join(temp, 'extensions');
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    mkdirSync(extensionsDir, { recursive: true });
    writeFileSync(
      join(userDataDir, 'User', 'settings.json'),
      JSON.stringify({
        'telemetry.telemetryLevel': 'off',
        'workbench.startupEditor': 'none',
        'stackline.walkthrough.openOnInstall': false,
        'security.workspace.trust.enabled': false,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
        'git.autofetch': false,
        'git.openRepositoryInParentFolders': 'never',
        'window.restoreWindows': 'none',
        'chat.disableAIFeatures': true,
      }),
    );
    // Vars from an outer VS Code terminal or this runner would change how Electron starts
    // (ELECTRON_RUN_AS_NODE makes it plain Node; NODE_OPTIONS carries tsx). Undefined = unset.
    const unset: Record<string, undefined> = {};
    for (const key of Object.keys(process.env)) {
      if (
        key.startsWith('VSCODE_') ||
        key === 'ELECTRON_RUN_AS_NODE' ||
        key === 'NODE_OPTIONS' ||
        key === 'NODE_TEST_CONTEXT'
      )
        unset[key] = undefined;
    }
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: suite,
      // The first argument is the folder to open; explicit dirs keep the machine's own profile out.
      launchArgs: [
        demo.dir,
        `--user-data-dir=${userDataDir}`,
        `--extensions-dir=${extensionsDir}`,
        '--disable-telemetry',
      ],
      extensionTestsEnv: unset,
    });
    console.log('extension-host suite passed in VS Code');
    return 0;
  } catch (error) {
    // runTests rejects with TestRunFailedError when VS Code exits non-zero (a test failed).
    console.error(`extension-host suite failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    rmSync(temp, { recursive: true, force: true, maxRetries: 3 });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
