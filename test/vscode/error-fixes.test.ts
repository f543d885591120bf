// An error's fix as a button in a real VS Code (code-server): Abort with nothing to abort says so in
// words and offers Undo, without Show Log; pressing Undo runs Stackline's Undo, which brings back
// the commit the CLI hid.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../helpers/cli';
import { makeClone, removeTempDirs } from '../helpers/repo';
import { findRow as row, startVSCode, type Session } from './harness';

const VSIX = join(__dirname, '..', '..', 'dist', 'stackline.vsix');
after(removeTempDirs);

test(
  'an error notification offers its fix as a button, and the button runs the command',
  { timeout: 240_000 },
  async () => {
    const { repo } = makeClone(2);
    repo.git('switch', '-q', '-c', 'b1');
    repo.commit('feat: parser', { 'parser.txt': 'parse\n' });
    repo.git('switch', '-q', '-c', 'b2');
    const top = repo.commit('feat: printer', { 'printer.txt': 'print\n' });
    repo.git('switch', '-q', 'b1');
    const hid = runCli(repo.dir, ['hide', top]);
    assert.equal(hid.code, 0, hid.stderr);

    let session: Session | undefined;
    try {
      session = await startVSCode({ vsix: [VSIX], folder: repo.dir });
      await session.openView('Stackline');
      await session.waitForTreeRows('Stacks', (r) => !!row(r, 'feat: parser') && !row(r, 'feat: printer'), 30_000);

      await session.runCommand('Stackline: Abort');
      const toast = session.page
        .locator('.notifications-toasts .notification-list-item', { hasText: 'nothing to abort' })
        .first();
      await toast.waitFor({ timeout: 20_000 });
      assert.equal(
        ((await toast.locator('.notification-list-item-message').textContent()) ?? '').trim(),
        'No Stackline operation is stopped or interrupted, so there is nothing to abort. To take back a finished one, undo it.',
      );
      const buttons = (await toast.locator('.monaco-button').allTextContents()).map((t) => t.trim()).filter(Boolean);
      assert.deepEqual(buttons, ['Undo'], 'the fix, and no Show Log: the message says it all');

      await toast.locator('.monaco-button', { hasText: 'Undo' }).click();
      await session.waitForTreeRows('Stacks', (r) => !!row(r, 'feat: printer'), 30_000);
      assert.equal(repo.git('rev-parse', 'b2').trim(), top, 'Undo brought the hidden commit and its branch back');
    } catch (error) {
      if (session) console.error(session.logs().slice(-4000));
      throw error;
    } finally {
      await session?.close();
    }
  },
);
