// Smoke test of the UI harness itself: plain code-server, no extension installed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { startVSCode, type Session } from './harness';

const RESULTS = resolve(__dirname, '../../test-results');

function makeRepo(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'stackline-smoke-')));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Smoke Test');
  git('config', 'user.email', 'smoke@example.invalid');
  writeFileSync(join(dir, 'hello-stackline.txt'), 'hello\n');
  writeFileSync(join(dir, 'README.md'), '# smoke\n');
  git('add', '.');
  git('commit', '-q', '-m', 'initial');
  return dir;
}

test('harness drives code-server: palette, explorer rows, screenshot', { timeout: 180_000 }, async () => {
  const repo = makeRepo();
  let vs: Session | undefined;
  try {
    vs = await startVSCode({ vsix: [], folder: repo });
    await vs.runCommand('View: Toggle Terminal');
    await vs.page.locator('.part.panel .terminal-wrapper').first().waitFor({ state: 'visible', timeout: 20_000 });

    await vs.openView('Explorer');
    // The explorer's "Folders" view shows the folder name as its pane title.
    await vs.focusView('Folders');
    const folderView = repo.split('/').pop()!;
    const rows = await vs.waitForTreeRows(folderView, (r) => r.some((x) => x.label === 'hello-stackline.txt'), 20_000);
    assert.deepEqual(
      rows.map((r) => r.label),
      ['hello-stackline.txt', 'README.md'], // explorer sorts case-insensitively; .git is excluded
    );
    assert.ok(rows.every((r) => r.level === 1));

    await assert.rejects(vs.runCommand('No Such Command Anywhere', 2_000), /no command palette entry matching/);
    await assert.rejects(vs.treeRows('No Such View'), /no view pane titled "No Such View"; panes present: .*/);

    await vs.screenshot(join(RESULTS, 'harness-smoke.png'));
  } catch (e) {
    if (vs) {
      await vs.screenshot(join(RESULTS, 'harness-smoke-failure.png')).catch(() => undefined);
      console.error(`--- code-server log ---\n${vs.logs()}\n--- browser console ---\n${vs.consoleLogs()}`);
    }
    throw e;
  } finally {
    await vs?.close();
    rmSync(repo, { recursive: true, force: true });
  }
});
