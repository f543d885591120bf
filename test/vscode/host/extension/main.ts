// Test-only extension: on startup, runs the extension-host suite and writes the results as JSON
// to $STACKLINE_HOST_RESULTS, which test/vscode/host.test.ts waits for. Does nothing without it.
import { renameSync, writeFileSync } from 'node:fs';
import type { HostResults } from '../runner';
import { runSuite } from '../suite';

export function activate(): void {
  const out = process.env.STACKLINE_HOST_RESULTS;
  if (!out) {
    console.warn('[stackline host suite] STACKLINE_HOST_RESULTS is not set: not running the suite');
    return;
  }
  // Not awaited: activation should not wait for (or time out on) the whole suite.
  void (async () => {
    let results: HostResults;
    try {
      results = await runSuite();
    } catch (error) {
      results = {
        passed: 0,
        failed: 1,
        tests: [
          {
            name: '(running the suite)',
            ok: false,
            error: error instanceof Error ? (error.stack ?? error.message) : String(error),
            durationMs: 0,
          },
        ],
      };
    }
    // Write then rename, so the driver never reads a half-written file.
    writeFileSync(`${out}.tmp`, JSON.stringify(results, null, 2));
    renameSync(`${out}.tmp`, out);
  })();
}

export function deactivate(): void {}
