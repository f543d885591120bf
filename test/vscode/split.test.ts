// Split Commit… in a real VS Code (code-server): the commit's hunks in a multi-select list, Pick
// Lines… for some lines of one hunk, a full message for each part in the message editor, the two
// commits checked with git (the first with exactly the picked lines, the second with the original
// tree), then Split the Rest Again… from the success notification for a third part, and Undo.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { makeRepo, removeTempDirs, repoAt, tempDir } from '../helpers/repo';
import { contextMenu, findRow as row, startVSCode, until, type Session } from './harness';
import {
  acceptMessage,
  clearNotifications,
  clickNotificationButton,
  editorText,
  focusEditor,
  notification,
  retypeSubject,
  waitForMessageEditor,
} from './messageEditorDriver';
import { execFileSync } from 'node:child_process';

const ROOT = join(__dirname, '..', '..');
const VSIX = join(ROOT, 'dist', 'stackline.vsix');
const RESULTS = join(ROOT, 'test-results');
mkdirSync(RESULTS, { recursive: true });
after(removeTempDirs);

const lines = (...text: string[]) => text.map((line) => `${line}\n`).join('');
const BASE = lines('export function total(items) {', '  let sum = 0;', '  return sum;', '}', '', '// end');
const CHANGED = lines(
  'export function total(items, rate) {',
  '  let sum = 0;',
  '  for (const item of items) sum += item;',
  '  const tax = sum * rate;',
  '  return sum + tax;',
  '}',
  '',
  '// end of cart',
);

test(
  'Split Commit…: pick lines of a hunk, a message for each part, then split the rest again',
  { timeout: 300_000 },
  async () => {
    const origin = makeRepo();
    origin.commit('trunk', { 'cart.js': BASE });
    const dir = tempDir();
    execFileSync('git', ['clone', '-q', origin.dir, dir]);
    const repo = repoAt(dir, false);
    repo.git('switch', '-q', '-c', 'cart');
    repo.git('config', 'user.name', 'Ada Tester');
    repo.git('config', 'user.email', 'ada@example.com');
    const original = repo.commit('feat(cart): totals with tax', { 'cart.js': CHANGED, 'tax.js': lines('rate = 0.2') });
    const git = (...args: string[]) => repo.git(...args).trim();
    const originalTree = git('rev-parse', `${original}^{tree}`);

    let session: Session | undefined;
    try {
      session = await startVSCode({ vsix: [VSIX], folder: repo.dir });
      const { page } = session;
      await session.openView('Stackline');
      await session.waitForTreeRows('Stacks', (r) => !!row(r, 'feat(cart): totals with tax'), 30_000);

      await contextMenu(session, 'feat(cart): totals with tax', 'Split Commit…');
      const quick = page.locator('.quick-input-widget');
      const hunkRow = (text: string) => quick.locator('.monaco-list-row', { hasText: text }).first();
      const selected = (n: number) =>
        quick.locator('.quick-input-count', { hasText: `${n} Selected` }).waitFor({ timeout: 10_000 });
      // cart.js has three hunks (the signature; the loop, tax and return; the last line), tax.js one.
      await hunkRow('@@ -3 +3,3 @@').waitFor({ timeout: 20_000 });
      assert.equal(await quick.locator('.monaco-list-row').count(), 4);
      assert.match(await hunkRow('@@ -3 +3,3 @@').innerText(), /-return sum;\s+·\s+\+for \(const item of items\)/);
      await session.screenshot(join(RESULTS, 'split-hunks.png'));

      // Pick Lines… of the middle hunk: the loop and the tax line, not the new return (so the old one stays).
      await hunkRow('@@ -3 +3,3 @@').hover();
      await hunkRow('@@ -3 +3,3 @@').locator('.action-label[aria-label="Pick Lines…"]').click();
      await quick
        .locator('.quick-input-title', { hasText: 'Lines of cart.js @@ -3 +3,3 @@' })
        .waitFor({ timeout: 10_000 });
      // By the line's own description: the hunk list's rows may linger, hidden, in the same list.
      const lineRow = (where: string) => quick.locator(`.monaco-list-row[aria-label*="${where}"]`).first();
      await lineRow('added, line 4').waitFor({ timeout: 10_000 });
      assert.equal(await quick.locator('.monaco-list-row').count(), 4, 'one removed and three added lines');
      assert.match(await lineRow('added, line 3').innerText(), /for \(const item of items\) sum \+= item;/);
      await lineRow('added, line 3').click();
      await selected(1);
      assert.match(await lineRow('added, line 4').innerText(), /const tax = sum \* rate;/);
      await lineRow('added, line 4').click();
      await selected(2);
      await session.screenshot(join(RESULTS, 'split-lines.png'));
      await quick.locator('.quick-input-action .monaco-button', { hasText: 'OK' }).click();

      // Back in the hunks, that hunk is checked, with 2 of its 4 lines; the new file goes along whole.
      await until('the hunk list again', async () =>
        /2 of 4 lines/.test(
          await hunkRow('@@ -3 +3,3 @@')
            .innerText()
            .catch(() => ''),
        ),
      );
      assert.equal(await hunkRow('@@ -3 +3,3 @@').getAttribute('aria-checked'), 'true');
      await selected(1);
      await hunkRow('tax.js').click();
      await selected(2);
      await session.screenshot(join(RESULTS, 'split-picked.png'));
      await quick.locator('.quick-input-action .monaco-button', { hasText: 'OK' }).click();

      await waitForMessageEditor(session, 'Split: Message of Part 1');
      assert.match(
        await editorText(page),
        /^feat\(cart\): totals with tax\n\n# Splitting “feat\(cart\): totals with tax”: part 1 of 2, below, with 2 hunks of cart\.js, tax\.js, some lines only\./,
      );
      await focusEditor(page);
      await retypeSubject(page, 'feat(cart): sum the items');
      await acceptMessage(session);
      await waitForMessageEditor(session, 'Split');
      await focusEditor(page);
      await retypeSubject(page, 'feat(cart): tax');
      await acceptMessage(session);

      const said = await notification(session, 'in two');
      assert.equal(
        said,
        'Split “feat(cart): totals with tax” in two: 2 hunks of cart.js, tax.js below, the rest on top.',
      );
      assert.deepEqual(git('log', '--format=%s', 'origin/main..cart').split('\n'), [
        'feat(cart): tax',
        'feat(cart): sum the items',
      ]);
      assert.equal(
        git('show', 'cart~1:cart.js'),
        lines(
          'export function total(items) {',
          '  let sum = 0;',
          '  return sum;',
          '  for (const item of items) sum += item;',
          '  const tax = sum * rate;',
          '}',
          '',
          '// end',
        ).trimEnd(),
        'the first commit has exactly the picked lines',
      );
      assert.equal(git('show', 'cart~1:tax.js'), 'rate = 0.2');
      assert.equal(git('rev-parse', 'cart^{tree}'), originalTree, 'the second commit has the original tree');
      assert.equal(git('status', '--porcelain'), '', 'the work tree is untouched');
      await session.screenshot(join(RESULTS, 'split-done.png'));

      // The rest has four hunks (the signature, the old return, the new one, the last line); split again, a third part.
      await clickNotificationButton(session, 'in two', 'Split the Rest Again…');
      await hunkRow('@@ -1 +1 @@').waitFor({ timeout: 20_000 });
      assert.equal(await quick.locator('.monaco-list-row').count(), 4);
      await hunkRow('@@ -1 +1 @@').click();
      await selected(1);
      await quick.locator('.quick-input-action .monaco-button', { hasText: 'OK' }).click();
      await waitForMessageEditor(session, 'Split: Message of Part 1');
      assert.match(await editorText(page), /^feat\(cart\): tax\n/);
      await focusEditor(page);
      await retypeSubject(page, 'feat(cart): take a rate');
      await acceptMessage(session);
      await waitForMessageEditor(session, 'Split');
      await acceptMessage(session);
      await until('the third part', () => git('log', '--format=%s', 'origin/main..cart').split('\n').length === 3);
      assert.deepEqual(git('log', '--format=%s', 'origin/main..cart').split('\n'), [
        'feat(cart): tax',
        'feat(cart): take a rate',
        'feat(cart): sum the items',
      ]);
      assert.match(
        git('diff', 'cart~2', 'cart~1'),
        /^-export function total\(items\) \{\n\+export function total\(items, rate\) \{$/m,
      );
      assert.equal(git('rev-parse', 'cart^{tree}'), originalTree);
      await session.waitForTreeRows('Stacks', (r) => !!row(r, 'feat(cart): take a rate'), 20_000);
      await clearNotifications(session);
      await session.screenshot(join(RESULTS, 'split-third.png'));

      // Undo twice: the original commit is back.
      await session.runCommand('Stackline: Undo');
      await until('the first undo', () => git('log', '--format=%s', 'origin/main..cart').split('\n').length === 2);
      await session.runCommand('Stackline: Undo');
      await until('the second undo', () => git('rev-parse', 'cart') === original);
    } catch (error) {
      await session?.screenshot(join(RESULTS, 'split-failure.png')).catch(() => undefined);
      throw error;
    } finally {
      await session?.close();
    }
  },
);
