// The extension's text stays translatable: no user-visible string reaches a VS Code API without
// `vscode.l10n.t`, every contributed string in package.json is a `%key%` of package.nls.json, and
// l10n/bundle.l10n.json holds exactly the messages the code has (`npm run l10n` writes it).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUNDLE_PATH, ROOT, bundleText, extensionSources } from '../../scripts/l10n-bundle';
import { shortHash } from '../../src/core/format';
import { checkNls, englishBundle, findBypasses } from '../../scripts/l10nChecks';
import { l10n, translateWith } from '../../src/extension/l10n';
import { Names, successText } from '../../src/extension/operations/wording';

const located = (findings: { path: string; line: number; text: string }[]) =>
  findings.map((f) => `${f.path}:${f.line}: ${f.text}`);

test('no string literal or template reaches a notification, quick pick, input box, progress, status bar, tree item or webview title without l10n.t', () => {
  assert.deepEqual(located(findBypasses(extensionSources())), []);
});

test('the scanner catches each kind of bypass, and lets l10n.t, codicons alone and data through', () => {
  const source = `
    import * as vscode from 'vscode';
    export async function f(hash: string, items: vscode.QuickPickItem[], title: string) {
      await vscode.window.showWarningMessage(\`Dropped \${hash}\`, 'Undo', { title: 'Keep' });
      await vscode.window.showInformationMessage(vscode.l10n.t('Dropped {0}', hash), vscode.l10n.t('Undo'));
      await vscode.window.showErrorMessage(title, ...(hash ? ['Retry'] : []));
      await vscode.window.showQuickPick([{ label: 'First', description: hash }, 'Second'], { placeHolder: 'Which one?' });
      await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Pick') });
      await vscode.window.showInputBox({ prompt: 'Your name', placeHolder: hash ? 'a' + hash : vscode.l10n.t('b') });
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Working' }, async () => {});
      const status = vscode.window.createStatusBarItem();
      status.text = '$(sync~spin)';
      status.text = hash ? '$(filter) Sparse' : vscode.l10n.t('Full');
      status.tooltip = title;
      new vscode.TreeItem('Uncommitted changes');
      new vscode.TreeItem(title || '(no message)');
      vscode.window.createWebviewPanel('x.graph', \`Graph: \${hash}\`, vscode.ViewColumn.One);
      vscode.window.setStatusBarMessage('Copied', 5000);
      const item = new vscode.TreeItem(hash);
      item.description = hash ? 'active' : '';
    }`;
  const found = findBypasses([{ path: 'sample.ts', text: source }]).map((f) => `${f.line}: ${f.text}`);
  assert.deepEqual(found, [
    '4: `Dropped ${hash}`',
    "4: 'Undo'",
    "4: 'Keep'",
    "6: 'Retry'",
    "7: 'First'",
    "7: 'Second'",
    "7: 'Which one?'",
    "9: 'a'",
    "9: 'Your name'",
    "10: 'Working'",
    "13: '$(filter) Sparse'",
    "15: 'Uncommitted changes'",
    "16: '(no message)'",
    '17: `Graph: ${hash}`',
    "18: 'Copied'",
    "20: 'active'",
  ]);
});

test('l10n/bundle.l10n.json is the English of every l10n.t message in the code (npm run l10n writes it)', () => {
  const { bundle, problems } = englishBundle(extensionSources());
  assert.deepEqual(located(problems), [], 'every l10n.t message is a literal, so the bundle can hold it');
  assert.ok(Object.keys(bundle).length > 100, 'the extension speaks through l10n.t');
  assert.equal(readFileSync(BUNDLE_PATH, 'utf8'), bundleText(bundle), 'the bundle is stale: run npm run l10n');
});

test('the bundle keys each message by itself and names a message that is not a literal', () => {
  const source = `l10n.t('b {0}', x); vscode.l10n.t({ message: 'a', args: [], comment: ['why'] }); vscode.l10n.t(name);`;
  const { bundle, problems } = englishBundle([{ path: 'sample.ts', text: source }]);
  assert.deepEqual(bundle, { a: 'a', 'b {0}': 'b {0}' });
  assert.deepEqual(located(problems), ['sample.ts:1: vscode.l10n.t(name)']);
});

test('every contributed string of package.json is a %key% that package.nls.json defines, and no key goes unused', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const nls = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
  assert.deepEqual(checkNls(manifest, nls), []);
  assert.ok(Object.keys(nls).length > 100, 'the commands, settings, views and walkthrough are in package.nls.json');
});

test('the manifest check names plain text, an undefined key and an unused key', () => {
  const manifest = {
    contributes: {
      commands: [{ command: 'x.a', title: 'Refresh', category: '%category%' }],
      configuration: { properties: { 'x.mode': { type: 'string', enumDescriptions: ['%mode.one%'] } } },
    },
  };
  assert.deepEqual(checkNls(manifest, { category: 'X', unused: 'Y' }), [
    'contributes.commands[0].title is plain text ("Refresh"): move it to package.nls.json as %key%.',
    'contributes.configuration.properties.x.mode.enumDescriptions[0] names %mode.one%, which package.nls.json does not define.',
    'package.nls.json defines unused, which package.json never uses.',
  ]);
});

test('without VS Code a message is its English with {0}, {1} filled, other braces left, as VS Code does untranslated', () => {
  assert.equal(l10n.t('Moved {0} onto {1}', '3 commits', 'main'), 'Moved 3 commits onto main');
  assert.equal(l10n.t('Stashed as {0}', 'stash@{0}'), 'Stashed as stash@{0}');
  assert.equal(l10n.t('e.g. "checks": [{ "name": "unit" }] {1}', 'x'), 'e.g. "checks": [{ "name": "unit" }] {1}');
  assert.equal(l10n.t('No args: {0}'), 'No args: {0}');
});

test('once the extension hands over a translator, the vscode-free modules speak through the bundle', () => {
  const { bundle } = englishBundle(extensionSources());
  const german: Record<string, string> = {
    ...bundle,
    'Moved {0} onto {1}': '{0} auf {1} verschoben',
    '{0} commits': '{0} Commits',
  };
  const fill = (message: string, args: Array<string | number | boolean>) =>
    message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));
  try {
    translateWith((message, ...args) => {
      assert.ok(message in bundle, `${JSON.stringify(message)} is in l10n/bundle.l10n.json`);
      return fill(german[message], args);
    });
    const hash = 'a'.repeat(40);
    assert.equal(successText.move(new Names(undefined), hash, 3), `3 Commits auf ${shortHash(hash)} verschoben`);
  } finally {
    translateWith();
  }
});
