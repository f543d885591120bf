// Sparse profiles in a real VS Code (code-server): switch from the status bar and see the explorer
// change, the Sparse Profiles view, the blocked-files dialog (switch anyway / stash), re-apply after
// a commit that changes the active profile, and the full checkout from the palette.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { startVSCode, type Session, type TreeRow } from './harness';

const ROOT = join(__dirname, '..', '..');
const VSIX = join(ROOT, 'dist', 'stackline.vsix');
const RESULTS = join(ROOT, 'test-results');
mkdirSync(RESULTS, { recursive: true });

const temp = mkdtempSync(join(tmpdir(), 'stackline-vscode-sparse-'));
after(() => rmSync(temp, { recursive: true, force: true }));

function monorepo(): { dir: string; git: (...args: string[]) => string } {
  const dir = join(temp, 'mono');
  mkdirSync(dir, { recursive: true });
  const env = {
    ...process.env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Ada',
    GIT_AUTHOR_EMAIL: 'ada@example.com',
    GIT_COMMITTER_NAME: 'Ada',
    GIT_COMMITTER_EMAIL: 'ada@example.com',
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env }).trim();
  const files: Record<string, string> = {
    'README.md': '# mono\n',
    '.husky/commit-msg': 'npx commitlint --edit "$1"\n',
    'apps/web/index.ts': 'export const web = 1;\n',
    'apps/api/server.ts': 'export const api = 1;\n',
    'packages/ui/button.ts': 'export const Button = 1;\n',
    'docs/guide.md': '# guide\n',
    'tools/build.sh': '#!/bin/sh\n',
    '.sparse/web.sparse':
      '[metadata]\ntitle = Web app\ndescription = The web front end and its UI kit\n[include]\napps/web\npackages/ui\n',
    '.sparse/api.sparse': '[metadata]\ntitle = API\ndescription = The API server\n[include]\napps/api\n',
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'chore: monorepo');
  return { dir, git };
}

const labels = (rows: TreeRow[]) => rows.map((r) => r.label);

/** The Stackline output channel (errors the extension logged), read before close() deletes it. */
function outputChannel(userDataDir: string): string {
  const logs = join(userDataDir, 'logs');
  if (!existsSync(logs)) return '(no logs)';
  return (readdirSync(logs, { recursive: true }) as string[])
    .filter((f) => f.endsWith('Stackline.log'))
    .map((f) => `--- ${f}\n${readFileSync(join(logs, f), 'utf8').slice(-3000)}`)
    .join('\n');
}

test(
  'sparse profiles: status bar switch changes the explorer; blocked files dialog; re-apply; full checkout',
  { timeout: 360_000 },
  async () => {
    const { dir, git } = monorepo();
    let session: Session | undefined;
    try {
      session = await startVSCode({ vsix: [VSIX], folder: dir });
      const page = session.page;
      const explorer = async (predicate: (names: string[]) => boolean, what: string) => {
        await session!.openView('Explorer');
        return session!
          .waitForTreeRows('mono', (rows) => predicate(labels(rows)), 30_000)
          .catch((error: Error) => {
            throw new Error(`${what}: ${error.message}`);
          });
      };
      const statusItem = page.locator('.statusbar-item [aria-label^="Sparse profile:"]');
      const pickFromStatusBar = async (title: string) => {
        await statusItem.click();
        const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
        await row.waitFor({ timeout: 30_000 });
        return row;
      };

      await explorer((names) => names.includes('tools') && names.includes('docs'), 'full checkout at start');
      await page
        .locator('.statusbar-item [aria-label="Sparse profile: Full checkout. Click to switch."]')
        .waitFor({ timeout: 30_000 });

      // Status bar → quick pick with title, description and file count → the explorer follows.
      const webRow = await pickFromStatusBar('Web app');
      const pickRows = await page
        .locator('.quick-input-widget .monaco-list-row')
        .evaluateAll((els) => els.map((e) => e.textContent ?? ''));
      assert.ok(
        pickRows.some((t) => /Web app.*web · 6 files · 66\.7%.*The web front end and its UI kit/.test(t)),
        pickRows.join('\n'),
      );
      assert.ok(
        pickRows.some((t) => /API.*api · 5 files · 55\.6%/.test(t)),
        pickRows.join('\n'),
      );
      assert.ok(
        pickRows.some((t) => /Full checkout/.test(t)),
        pickRows.join('\n'),
      );
      await session.screenshot(join(RESULTS, 'sparse-quick-pick.png'));
      await webRow.click();
      await page.locator('.statusbar-item [aria-label^="Sparse profile: Web app"]').waitFor({ timeout: 60_000 });
      const rows = await explorer(
        (names) => !names.includes('tools') && !names.includes('docs') && names.includes('apps'),
        'explorer after switching to web',
      );
      assert.deepEqual(
        labels(rows).filter((l) => !l.startsWith('.')),
        ['apps', 'packages', 'README.md'],
      );
      assert.ok(existsSync(join(dir, 'apps/web/index.ts')) && !existsSync(join(dir, 'apps/api/server.ts')));
      await session.screenshot(join(RESULTS, 'sparse-explorer-web.png'));

      // The Sparse Profiles view marks the active profile.
      await session.openView('Stackline');
      const profiles = await session.waitForTreeRows(
        'Sparse Profiles',
        (r) => r.some((x) => x.label === 'Web app' && /^active · 6 files/.test(x.description ?? '')),
        30_000,
      );
      assert.deepEqual(labels(profiles), ['API', 'Web app', 'Full checkout']);
      await session.screenshot(join(RESULTS, 'sparse-view.png'));

      // A local edit outside the next profile: the dialog lists it; Switch Anyway keeps it in place.
      writeFileSync(join(dir, 'apps/web/index.ts'), 'edited in VS Code\n');
      await (await pickFromStatusBar('API')).click();
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 60_000 });
      assert.match(
        await dialog.innerText(),
        /1 file with local changes would end up outside profile API\.[\s\S]*modified: apps\/web\/index\.ts/,
      );
      await session.screenshot(join(RESULTS, 'sparse-blocked-dialog.png'));
      await dialog.locator('.monaco-button', { hasText: 'Switch Anyway' }).click();
      await page.locator('.statusbar-item [aria-label^="Sparse profile: API"]').waitFor({ timeout: 60_000 });
      assert.equal(readFileSync(join(dir, 'apps/web/index.ts'), 'utf8'), 'edited in VS Code\n', 'the edit is kept');
      assert.ok(existsSync(join(dir, 'apps/api/server.ts')));

      // A commit made outside VS Code changes the active profile: the extension applies it again.
      writeFileSync(
        join(dir, '.sparse/api.sparse'),
        '[metadata]\ntitle = API\ndescription = The API server and its docs\n[include]\napps/api\ndocs\n',
      );
      git('commit', '-q', '-m', 'chore: api profile takes docs', '--', '.sparse/api.sparse');
      // The edit kept outside the profile blocks the automatic re-apply: a notification says so. VS Code
      // shows at most three toasts; when the switch's own notifications still fill them, it is only
      // in the notification center.
      const notice = page
        .locator('.notification-list-item', { hasText: 'The active sparse profile changed in this commit' })
        .first();
      if (
        !(await notice.waitFor({ timeout: 15_000 }).then(
          () => true,
          () => false,
        ))
      ) {
        await session.runCommand('Notifications: Show Notifications');
        await notice.waitFor({ timeout: 30_000 });
      }
      assert.match(
        await notice.innerText(),
        /it was not applied again: 1 file with local changes is outside the new rules/,
      );
      await session.screenshot(join(RESULTS, 'sparse-reapply-blocked.png'));
      await notice.locator('.monaco-button', { hasText: 'Re-apply…' }).click();
      await dialog.waitFor({ timeout: 60_000 });
      await dialog.locator('.monaco-button', { hasText: 'Switch Anyway' }).click();
      await explorer((names) => names.includes('docs'), 'explorer after the commit that changed the active profile');
      assert.ok(existsSync(join(dir, 'docs/guide.md')));

      // Stash and Switch: the untracked file goes into a stash, nothing is lost.
      writeFileSync(join(dir, 'apps/api/notes.txt'), 'my notes\n');
      await (await pickFromStatusBar('Web app')).click();
      await dialog.waitFor({ timeout: 60_000 });
      assert.match(await dialog.innerText(), /untracked: apps\/api\/notes\.txt/);
      await dialog.locator('.monaco-button', { hasText: 'Stash and Switch' }).click();
      await page.locator('.statusbar-item [aria-label^="Sparse profile: Web app"]').waitFor({ timeout: 60_000 });
      assert.match(git('stash', 'list'), /Stackline: before switching to profile web app/);
      assert.match(git('show', '--name-only', '--format=', 'stash@{0}^3'), /apps\/api\/notes\.txt/);
      assert.equal(readFileSync(join(dir, 'apps/web/index.ts'), 'utf8'), 'edited in VS Code\n');

      await session.runCommand('Stackline: Full Checkout (Turn Sparse Off)');
      await page
        .locator('.statusbar-item [aria-label="Sparse profile: Full checkout. Click to switch."]')
        .waitFor({ timeout: 60_000 });
      await explorer((names) => names.includes('tools') && names.includes('docs'), 'explorer after the full checkout');
      await session.screenshot(join(RESULTS, 'sparse-full-checkout.png'));

      // A profile from a workspace package: the package and the workspace packages it depends on,
      // previewed, saved by choice (a modal, so it cannot time out), and the unsaved preview closed.
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({ name: 'mono', private: true, workspaces: ['apps/*', 'packages/*'] }),
      );
      writeFileSync(
        join(dir, 'apps/web/package.json'),
        JSON.stringify({ name: '@mono/site', dependencies: { '@mono/ui': '*' } }),
      );
      writeFileSync(join(dir, 'packages/ui/package.json'), JSON.stringify({ name: '@mono/ui' }));
      git('add', '-A');
      git('commit', '-q', '-m', 'chore: npm workspaces');
      await session.runCommand('Stackline: Create Sparse Profile from Workspace Package…');
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: '@mono/site' }).first().click();
      await dialog.waitFor({ timeout: 60_000 });
      assert.match(
        await dialog.innerText(),
        /Save a sparse profile for @mono\/site\?[\s\S]*@mono\/site and 1 workspace package it depends on[\s\S]*\.sparse\/site\.sparse/,
      );
      await session.screenshot(join(RESULTS, 'sparse-from-workspace.png'));
      await dialog.locator('.monaco-button', { hasText: /^Save Profile$/ }).click();
      for (let i = 0; i < 60 && !existsSync(join(dir, '.sparse/site.sparse')); i++)
        await new Promise((resolve) => setTimeout(resolve, 250));
      assert.match(readFileSync(join(dir, '.sparse/site.sparse'), 'utf8'), /apps\/web[\s\S]*packages\/ui/);
      await page
        .locator('.tabs-container .tab', { hasText: 'Untitled' })
        .waitFor({ state: 'detached', timeout: 15_000 });
    } catch (error) {
      if (session) {
        await session.screenshot(join(RESULTS, 'sparse-failure.png')).catch(() => undefined);
        console.error('notifications:', await session.notifications().catch(() => []));
        console.error(
          'status bar:',
          await session.page
            .locator('.statusbar')
            .innerText()
            .catch(() => ''),
        );
        console.error(session.logs().slice(-4000));
        console.error(outputChannel(session.userDataDir));
      }
      throw error;
    } finally {
      await session?.close();
    }
  },
);
