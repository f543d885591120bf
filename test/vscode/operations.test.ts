// History editing in a real VS Code (code-server): amend from the Stacks tree and see the stack
// restacked, undo from the command palette, a conflict that shows Continue / Abort in the tree
// (Abort puts everything back), Move Onto… from a commit's context menu, undo of a navigation, and
// the needs-restack marks with their Restack button after an amend in the terminal.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { makeClone, removeTempDirs } from '../helpers/repo';
import {
  clickInline,
  contextMenu,
  startVSCode,
  treeRow,
  type Session,
  widenSideBar,
  findRow as row,
  describeRows as describe,
} from './harness';

const ROOT = join(__dirname, '..', '..');
const VSIX = join(ROOT, 'dist', 'stackline.vsix');
const RESULTS = join(ROOT, 'test-results');
mkdirSync(RESULTS, { recursive: true });
after(removeTempDirs);

test(
  'edit a stack from the tree: amend restacks, undo from the palette, conflicts stop with Continue/Abort, move onto trunk',
  { timeout: 300_000 },
  async () => {
    const { repo } = makeClone(2);
    repo.git('config', 'user.name', 'Ada Tester');
    repo.git('config', 'user.email', 'ada@example.com');
    repo.git('switch', '-q', '-c', 'b1');
    const s1 = repo.commit('feat: parser', { 'parser.txt': 'parse\n' });
    repo.git('switch', '-q', '--detach');
    repo.commit('feat: checker', { 'checker.txt': 'check\n', 'parser.txt': 'parse v2\n' });
    const s3 = repo.commit('feat: printer', { 'printer.txt': 'print\n' });
    repo.git('branch', 'b3', s3);
    repo.git('switch', '-q', 'b1');
    const git = (...args: string[]) => repo.git(...args).trim();
    const original = git('for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads');

    let session: Session | undefined;
    try {
      session = await startVSCode({ vsix: [VSIX], folder: repo.dir });
      await session.openView('Stackline');
      await session.waitForTreeRows('Stacks', (r) => !!row(r, 'feat: printer'), 30_000);
      await widenSideBar(session);

      // Amend from the tree: a new file goes into the current commit; the two commits above follow.
      repo.write({ 'notes.txt': 'release notes\n' });
      await session.waitForTreeRows('Stacks', (r) => !!row(r, 'Uncommitted changes'), 20_000);
      await clickInline(session, 'Uncommitted changes', 'Amend Current Commit');
      // Only a new file changed: Stackline asks before taking it (new files stay out by default).
      const dialog = session.page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 20_000 });
      assert.match(await dialog.innerText(), /Only new files have changes\. Amend them too\?[\s\S]*notes\.txt/);
      await dialog.locator('.monaco-button', { hasText: 'Amend with New Files' }).click();
      let rows = await session.waitForTreeRows(
        'Stacks',
        (r) => !row(r, 'Uncommitted changes') && !(row(r, 'feat: parser')?.description ?? '').includes(s1.slice(0, 9)),
        30_000,
      );
      assert.notEqual(git('rev-parse', 'b1'), s1, 'b1 is amended');
      assert.equal(git('rev-parse', 'b3~2'), git('rev-parse', 'b1'), 'the stack above was restacked onto it');
      assert.equal(git('show', 'b3:notes.txt'), 'release notes');
      assert.match(row(rows, 'feat: parser')!.description ?? '', /you are here/);
      assert.match(row(rows, 'feat: printer')!.description ?? '', new RegExp(git('rev-parse', '--short=9', 'b3')));
      await session.screenshot(join(RESULTS, 'operations-amended.png'));

      // Undo from the command palette: every branch is back, the change is uncommitted again.
      await session.runCommand('Stackline: Undo');
      rows = await session.waitForTreeRows(
        'Stacks',
        (r) => (row(r, 'feat: parser')?.description ?? '').includes(s1.slice(0, 9)) && !!row(r, 'Uncommitted changes'),
        30_000,
      );
      assert.equal(git('for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads'), original);
      assert.equal(readFileSync(join(repo.dir, 'notes.txt'), 'utf8'), 'release notes\n');
      await session.screenshot(join(RESULTS, 'operations-undone.png'));

      // A conflicting amend stops: the tree says so and offers Continue and Abort; Abort restores.
      repo.git('clean', '-qf');
      repo.write({ 'parser.txt': 'parse, amended\n' });
      const beforeConflict = { refs: original, status: git('status', '--porcelain'), file: 'parse, amended\n' };
      await session.waitForTreeRows(
        'Stacks',
        (r) => row(r, 'Uncommitted changes')?.description === '1 modified',
        20_000,
      );
      await clickInline(session, 'Uncommitted changes', 'Amend Current Commit');
      rows = await session.waitForTreeRows(
        'Stacks',
        (r) => r.some((x) => /stopped on conflicts/.test(x.label)),
        30_000,
      );
      const stopped = rows.find((x) => /stopped on conflicts/.test(x.label))!;
      assert.match(stopped.description ?? '', /in parser\.txt/);
      assert.ok(row(rows, 'Uncommitted changes'), `conflicted files shown:\n${describe(rows)}`);
      await session.page
        .locator('.notifications-toasts .notification-list-item')
        .first()
        .waitFor({ timeout: 10_000 })
        .catch(() => undefined);
      await treeRow(session, stopped.label).hover();
      await treeRow(session, stopped.label)
        .locator('.action-label[aria-label="Continue"]')
        .waitFor({ timeout: 10_000 });
      await session.screenshot(join(RESULTS, 'operations-conflict.png'));
      await clickInline(session, stopped.label, 'Abort');
      await session.waitForTreeRows('Stacks', (r) => !r.some((x) => /stopped on conflicts/.test(x.label)), 30_000);
      assert.equal(git('for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads'), beforeConflict.refs);
      assert.equal(git('status', '--porcelain'), beforeConflict.status);
      assert.equal(readFileSync(join(repo.dir, 'parser.txt'), 'utf8'), beforeConflict.file);
      assert.equal(git('symbolic-ref', 'HEAD'), 'refs/heads/b1');

      // Fold into Commit Below on the bottom commit is refused, naming the reason; a refusal has no Show Log button.
      await contextMenu(session, 'feat: parser', 'Fold into Commit Below');
      const refusal = session.page.locator('.notifications-toasts .notification-list-item', {
        hasText: 'is the bottom of its stack',
      });
      await refusal.waitFor({ timeout: 20_000 });
      assert.equal(
        await refusal.locator('.monaco-button', { hasText: 'Show Log' }).count(),
        0,
        'an expected refusal offers no log',
      );
      assert.equal(
        git('for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads'),
        original,
        'nothing was folded',
      );

      // Move Onto… from the context menu: the top commit goes onto trunk.
      repo.git('checkout', '-q', '--', '.');
      await contextMenu(session, 'feat: printer', 'Move Onto…');
      await session.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'trunk 2' }).first().click();
      await session.waitForTreeRows(
        'Stacks',
        () => git('rev-parse', 'b3~1') === git('rev-parse', 'origin/main'),
        30_000,
      );
      rows = await session.waitForTreeRows(
        'Stacks',
        (r) =>
          !r.some((x) => /^Moving/.test(x.label)) &&
          (row(r, 'feat: printer')?.description ?? '').includes(git('rev-parse', '--short=9', 'b3')),
        30_000,
      );
      assert.ok(
        rows.filter((r) => /commits? on/.test(r.description ?? '')).length === 2,
        `the moved commit is a stack of its own:\n${describe(rows)}`,
      );
      await session.screenshot(join(RESULTS, 'operations-moved.png'));
      await session.runCommand('Stackline: Undo');
      await session.waitForTreeRows('Stacks', () => git('rev-parse', 'b3') === s3, 30_000);

      // Navigation is undoable: Top of Stack, then Undo from the palette puts HEAD back on b1.
      await session.runCommand('Stackline: Top of Stack');
      await session.waitForTreeRows(
        'Stacks',
        (r) => /you are here/.test(row(r, 'feat: printer')?.description ?? ''),
        30_000,
      );
      assert.equal(git('symbolic-ref', 'HEAD'), 'refs/heads/b3');
      await session.runCommand('Stackline: Undo');
      await session.waitForTreeRows(
        'Stacks',
        (r) => /you are here/.test(row(r, 'feat: parser')?.description ?? ''),
        30_000,
      );
      assert.equal(git('symbolic-ref', 'HEAD'), 'refs/heads/b1');

      // An amend in the terminal leaves the stack above on the old version: the tree marks it and
      // offers Restack on a row at the top; Restack moves it and the marks go.
      repo.write({ 'LICENSE.txt': 'MIT\n' });
      repo.git('add', 'LICENSE.txt');
      repo.git('commit', '-q', '--amend', '--no-edit');
      rows = await session.waitForTreeRows('Stacks', (r) => !!row(r, 'Needs restack'), 30_000);
      assert.match(row(rows, 'feat: checker')!.description ?? '', /needs restack/);
      assert.match(
        rows.find((r) => r.label === 'feat: parser' && /outdated: now/.test(r.description ?? ''))?.description ?? '',
        new RegExp(`outdated: now ${git('rev-parse', '--short=9', 'b1')}`),
      );
      assert.match(row(rows, 'Needs restack')!.description ?? '', /1 commit on an outdated version of its parent/);
      await treeRow(session, 'Needs restack').hover();
      await session.screenshot(join(RESULTS, 'operations-needs-restack.png'));
      await clickInline(session, 'Needs restack', 'Restack');
      rows = await session.waitForTreeRows(
        'Stacks',
        (r) => !row(r, 'Needs restack') && !r.some((x) => /needs restack|outdated/.test(x.description ?? '')),
        30_000,
      );
      assert.equal(git('rev-parse', 'b3~2'), git('rev-parse', 'b1'), 'the stack above is on the amended commit');
      await session.screenshot(join(RESULTS, 'operations-restacked.png'));
    } catch (error) {
      if (session) await session.screenshot(join(RESULTS, 'operations-failure.png')).catch(() => undefined);
      if (session)
        console.error(
          'notifications:',
          await session.notifications().catch(() => []),
          '\n',
          session.logs().slice(-3000),
        );
      throw error;
    } finally {
      await session?.close();
    }
  },
);
