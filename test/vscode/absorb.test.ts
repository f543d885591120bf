// Absorb Changes in a real VS Code (code-server): from the Uncommitted changes row, a preview lists
// each hunk and the commit it goes to (or why it stays); Cancel changes nothing, Absorb puts the
// hunks into their commits and says so, and Undo from the palette puts everything back.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { makeClone, removeTempDirs } from '../helpers/repo';
import { clickInline, findRow as row, startVSCode, widenSideBar, type Session } from './harness';

const ROOT = join(__dirname, '..', '..');
const VSIX = join(ROOT, 'dist', 'stackline.vsix');
const RESULTS = join(ROOT, 'test-results');
mkdirSync(RESULTS, { recursive: true });
after(removeTempDirs);

test(
  'Absorb Changes: preview with Cancel and Absorb, the hunks go into their commits, undo',
  { timeout: 240_000 },
  async () => {
    const { repo } = makeClone(1);
    repo.git('switch', '-q', '-c', 'feature');
    // Absorb commits in VS Code's git environment, which has no identity of its own.
    repo.git('config', 'user.name', 'Ada Tester');
    repo.git('config', 'user.email', 'ada@example.com');
    const parser = repo.commit('feat: parser', { 'parser.txt': 'parse\nsplit\njoin\n' });
    const printer = repo.commit('feat: printer', { 'printer.txt': 'print\nindent\nwrap\n' });
    const git = (...args: string[]) => repo.git(...args).trim();
    const refs = () => git('for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads');
    repo.write({ 'parser.txt': 'parse\nsplit, fixed\njoin\n', 'printer.txt': 'print, fixed\nindent\nwrap\n' });
    repo.write({ 'notes.txt': 'notes\n' });
    repo.git('add', 'notes.txt');
    const before = { refs: refs(), status: git('status', '--porcelain') };

    let session: Session | undefined;
    try {
      session = await startVSCode({ vsix: [VSIX], folder: repo.dir });
      await session.openView('Stackline');
      await session.waitForTreeRows(
        'Stacks',
        (r) => !!row(r, 'Uncommitted changes') && !!row(r, 'feat: printer'),
        30_000,
      );
      await widenSideBar(session);

      const dialog = session.page.locator('.monaco-dialog-box');
      const openPreview = async () => {
        await clickInline(session!, 'Uncommitted changes', 'Absorb Changes');
        await dialog.waitFor({ timeout: 20_000 });
        return dialog.innerText();
      };
      const preview = await openPreview();
      assert.match(preview, /Absorb 2 hunks into 2 commits\?/);
      assert.match(preview, new RegExp(`parser\\.txt {2}-2,1 \\+2,1 {2}→ ${parser.slice(0, 9)} "feat: parser"`));
      assert.match(preview, new RegExp(`printer\\.txt {2}-1,1 \\+1,1 {2}→ ${printer.slice(0, 9)} "feat: printer"`));
      assert.match(preview, /notes\.txt {2}-0,0 \+1,1 {2}stays: new file/);
      await session.screenshot(join(RESULTS, 'absorb-preview.png'));
      await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
      assert.equal(refs(), before.refs, 'Cancel changes nothing');

      await openPreview();
      await dialog.locator('.monaco-button', { hasText: 'Absorb' }).first().click();
      const done = session.page.locator('.notifications-toasts .notification-list-item', {
        hasText: 'Absorbed 2 hunks',
      });
      await done.waitFor({ timeout: 30_000 });
      assert.match(
        await done.innerText(),
        /Absorbed 2 hunks into “feat: parser”, “feat: printer”; 1 change stayed in the working copy\./,
      );
      assert.equal(git('show', 'feature~1:parser.txt'), 'parse\nsplit, fixed\njoin');
      assert.equal(git('show', 'feature:printer.txt'), 'print, fixed\nindent\nwrap');
      assert.equal(git('status', '--porcelain'), 'A  notes.txt');
      await session.waitForTreeRows('Stacks', (r) => row(r, 'Uncommitted changes')?.description === '1 staged', 20_000);
      await session.screenshot(join(RESULTS, 'absorb-applied.png'));

      await session.runCommand('Stackline: Undo');
      await session.waitForTreeRows(
        'Stacks',
        (r) => (row(r, 'feat: printer')?.description ?? '').includes(printer.slice(0, 9)),
        30_000,
      );
      assert.equal(refs(), before.refs);
      assert.equal(git('status', '--porcelain'), before.status);
      assert.equal(readFileSync(join(repo.dir, 'parser.txt'), 'utf8'), 'parse\nsplit, fixed\njoin\n');
    } finally {
      await session?.close();
    }
  },
);
