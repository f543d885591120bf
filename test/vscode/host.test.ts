// The extension-host suite (test/vscode/host/suite.ts) in a real VS Code (code-server): a
// test-only extension installed beside the packaged .vsix runs it on startup and writes the
// results to a file this test reads.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createDemoRepo } from '../../scripts/demo-repo';
import { buildHostTests } from './host/extension/build';
import { formatResults, type HostResults } from './host/runner';
import { startVSCode, type Session } from './harness';

const ROOT = join(__dirname, '..', '..');
const VSIX = join(ROOT, 'dist', 'stackline.vsix');
const RESULTS = join(ROOT, 'test-results');
const RESULTS_TIMEOUT_MS = 90_000;

const temp = mkdtempSync(join(tmpdir(), 'stackline-host-'));
after(() => rmSync(temp, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Tails of the extension host's log and the Stackline output channel (read before close() deletes them). */
function extensionHostLogs(userDataDir: string): string {
  const logs = join(userDataDir, 'logs');
  if (!existsSync(logs)) return '(no logs directory)';
  const files = (readdirSync(logs, { recursive: true }) as string[])
    .filter((f) => /exthost\.log$|Stackline\.log$/.test(f))
    .map((f) => join(logs, f));
  return files.map((f) => `--- ${f}\n${readFileSync(f, 'utf8').slice(-3000)}`).join('\n') || '(no extension host logs)';
}

/** Everything the Stackline output channel holds (VS Code keeps it in a file under logs/). */
function stacklineChannel(userDataDir: string): string {
  const logs = join(userDataDir, 'logs');
  const files = (readdirSync(logs, { recursive: true }) as string[]).filter((f) => f.endsWith('Stackline.log'));
  return files.map((f) => readFileSync(join(logs, f), 'utf8')).join('\n');
}

/** Parses and sanity-checks the results file: a missing, empty or malformed file is a failure. */
function readResults(file: string): HostResults {
  const text = readFileSync(file, 'utf8');
  assert.ok(text.trim(), `results file ${file} is empty`);
  const results = JSON.parse(text) as HostResults;
  assert.ok(Array.isArray(results.tests), `results have a tests array: ${text.slice(0, 500)}`);
  assert.ok(results.tests.length > 0, 'the extension-host suite ran at least one test');
  for (const t of results.tests) assert.equal(typeof t.ok, 'boolean', `result ${JSON.stringify(t)} has ok`);
  const passed = results.tests.filter((t) => t.ok).length;
  assert.equal(results.passed, passed, 'passed count matches the tests');
  assert.equal(results.failed, results.tests.length - passed, 'failed count matches the tests');
  return results;
}

test('extension-host suite (vscode API, real git) passes in code-server', { timeout: 240_000 }, async () => {
  assert.ok(existsSync(VSIX), `${VSIX} is missing: run \`npm run package\` first`);
  const { vsix: hostVsix } = await buildHostTests();
  const demo = createDemoRepo(temp);
  const resultsFile = join(temp, 'host-results.json');
  let session: Session | undefined;
  try {
    const started = Date.now();
    session = await startVSCode({
      vsix: [VSIX, hostVsix],
      folder: demo.dir,
      env: { STACKLINE_HOST_RESULTS: resultsFile },
    });
    const end = Date.now() + RESULTS_TIMEOUT_MS;
    while (!existsSync(resultsFile) && Date.now() < end) await sleep(250);
    assert.ok(
      existsSync(resultsFile),
      `no results from the extension host within ${RESULTS_TIMEOUT_MS / 1000} s (${resultsFile}); did the test extension activate?`,
    );
    const results = readResults(resultsFile);
    console.log(
      `extension-host suite (${((Date.now() - started) / 1000).toFixed(1)} s after start):\n${formatResults(results)}`,
    );
    const failures = results.tests.filter((t) => !t.ok);
    assert.equal(
      failures.length,
      0,
      `extension-host tests failed:\n${failures.map((t) => `- ${t.name}\n  ${(t.error ?? '').replace(/\n/g, '\n  ')}`).join('\n')}`,
    );
    await session.screenshot(join(RESULTS, 'host-suite.png'));
    // The extension reads the demo repository through the git runner, which logs each call with its time.
    assert.match(
      stacklineChannel(session.userDataDir),
      /^git rev-parse --path-format=absolute --show-toplevel .* \(\d+ ms\)$/m,
      'the Stackline output channel lists git calls with their times',
    );
  } catch (error) {
    if (session) {
      mkdirSync(RESULTS, { recursive: true });
      await session.screenshot(join(RESULTS, 'host-suite-failure.png')).catch(() => undefined);
      console.error('notifications:', await session.notifications().catch(() => []));
      console.error(`code-server log (tail):\n${session.logs().slice(-4000)}`);
      console.error(`extension host logs:\n${extensionHostLogs(session.userDataDir)}`);
    }
    throw error;
  } finally {
    await session?.close();
  }
});
