// Translated text in a real VS Code (code-server): with VS Code's display language set to German (a
// minimal German language pack, so the workbench itself stays English) the extension's text comes
// from its l10n bundle and package.nls files. A test bundle changes one tree row and the Stacks view's
// title; both show translated, and a string the bundle lacks stays English.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createDemoRepo } from '../../scripts/demo-repo';
import { findRow, startVSCode, type Session } from './harness';

const ROOT = join(__dirname, '..', '..');
const VSIX = join(ROOT, 'dist', 'stackline.vsix');
const RESULTS = join(ROOT, 'test-results');
const VSCE = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');

const temp = mkdtempSync(join(tmpdir(), 'stackline-vscode-l10n-'));
after(() => rmSync(temp, { recursive: true, force: true }));

const UNCOMMITTED = 'Nicht committete Änderungen (Testbündel)';
const STACKS_VIEW = 'Stapel (Testbündel)';

/** A German language pack with no translations: VS Code runs in "de" and shows its own text in English. */
function germanLanguagePack(): string {
  const dir = join(temp, 'language-pack');
  mkdirSync(join(dir, 'translations'), { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'test-language-pack-de',
      displayName: 'Test German language pack',
      description: 'German display language for tests, without translations',
      publisher: 'stackline-test',
      version: '0.0.1',
      license: 'MIT',
      engines: { vscode: '^1.80.0' },
      categories: ['Language Packs'],
      contributes: {
        localizations: [
          {
            languageId: 'de',
            languageName: 'German',
            localizedLanguageName: 'Deutsch',
            translations: [{ id: 'vscode', path: './translations/main.i18n.json' }],
          },
        ],
      },
    }),
  );
  writeFileSync(join(dir, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  writeFileSync(join(dir, 'README.md'), '# Test German language pack\n\nGerman display language for tests.\n');
  writeFileSync(join(dir, 'LICENSE'), 'MIT\n');
  const vsix = join(temp, 'language-pack-de.vsix');
  execFileSync(process.execPath, [VSCE, 'package', '--allow-missing-repository', '--out', vsix], {
    cwd: dir,
    stdio: 'pipe',
  });
  return vsix;
}

/**
 * After install: VS Code's list of language packs (which a VS Code window writes when it installs
 * one, the command line does not), and German files next to the installed extension's own: one
 * bundle string and the Stacks view's name.
 */
function germanSetUp({ extensionsDir, userDataDir }: { extensionsDir: string; userDataDir: string }): void {
  const installed = (prefix: string) => {
    const name = readdirSync(extensionsDir).find((entry) => entry.startsWith(prefix));
    assert.ok(name, `${prefix}… is installed in ${extensionsDir}`);
    return join(extensionsDir, name);
  };
  const pack = installed('stackline-test.test-language-pack-de-');
  writeFileSync(
    join(userDataDir, 'languagepacks.json'),
    JSON.stringify({
      de: {
        hash: 'stackline-test-de',
        extensions: [{ extensionIdentifier: { id: 'stackline-test.test-language-pack-de' }, version: '0.0.1' }],
        translations: { vscode: join(pack, 'translations', 'main.i18n.json') },
        label: 'Deutsch',
      },
    }),
  );
  const stackline = installed('stackline.stackline-');
  mkdirSync(join(stackline, 'l10n'), { recursive: true });
  writeFileSync(join(stackline, 'l10n', 'bundle.l10n.de.json'), JSON.stringify({ 'Uncommitted changes': UNCOMMITTED }));
  const nls = JSON.parse(readFileSync(join(stackline, 'package.nls.json'), 'utf8')) as Record<string, string>;
  writeFileSync(
    join(stackline, 'package.nls.de.json'),
    JSON.stringify({ ...nls, 'views.stackline.stacks.name': STACKS_VIEW }),
  );
}

test(
  'with a German display language, text comes from the German bundle and package.nls.de.json',
  { timeout: 240_000 },
  async () => {
    const demo = createDemoRepo(mkdtempSync(join(temp, 'demo-')));
    let session: Session | undefined;
    try {
      session = await startVSCode({
        vsix: [germanLanguagePack(), VSIX],
        folder: demo.dir,
        locale: 'de',
        afterInstall: germanSetUp,
      });
      await session.openView('Stackline');
      const rows = await session.waitForTreeRows(STACKS_VIEW, (r) => !!findRow(r, UNCOMMITTED), 60_000);
      // A string the test bundle does not have stays English.
      assert.match(findRow(rows, UNCOMMITTED)!.description ?? '', /^1 modified, 1 untracked$/);
      assert.ok(!findRow(rows, 'Uncommitted changes'), 'the English text is gone');
      await session.screenshot(join(RESULTS, 'l10n-german-bundle.png'));
    } catch (error) {
      await session?.screenshot(join(RESULTS, 'l10n-failure.png')).catch(() => undefined);
      if (session) console.error(session.logs().slice(-4000));
      throw error;
    } finally {
      await session?.close();
    }
  },
);
