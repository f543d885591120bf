// Commit conventions in a real VS Code (code-server), one session: marks and size warnings in the
// Stacks view, the hook install offer, the tree following edits of .stackline.json, diagnostics
// while writing a message in git's commit editor (a real `git commit` in the terminal with VS Code
// as the editor, then the installed hook), the commit composer filling the Source Control input box, and
// Reword… in Stackline's message editor refusing a message that breaks the rules.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { makeClone, removeTempDirs, type TestRepo } from '../helpers/repo';
import {
  codeServerPaths,
  startVSCode,
  type Session,
  type TreeRow,
  until,
  widenSideBar,
  describeRows as describe,
} from './harness';

const ROOT = join(__dirname, '..', '..');
const VSIX = join(ROOT, 'dist', 'stackline.vsix');
const RESULTS = join(ROOT, 'test-results');
mkdirSync(RESULTS, { recursive: true });

after(removeTempDirs);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** trunk with the team's rules and limits; a stack "work" of three commits, one badly named, one big. */
function conventionsRepo(): TestRepo {
  const { origin, repo } = makeClone(1);
  origin.write({
    '.commitlintrc.json': JSON.stringify({ extends: ['@commitlint/config-conventional'] }, null, 2),
    '.stackline.json': JSON.stringify({ conventions: { size: { maxStackCommits: 2, maxCommitLines: 400 } } }, null, 2),
  });
  origin.git('add', '-A');
  origin.git('commit', '-q', '-m', 'chore: commit rules and size limits');
  repo.git('pull', '-q');
  repo.git('switch', '-q', '-c', 'work');
  repo.commit('feat(api): add paging', { 'packages/api/paging.ts': 'export const page = 1;\n' });
  repo.commit('Update stuff.', { 'packages/api/stuff.ts': 'export const stuff = 2;\n' });
  repo.commit('feat(web): import the catalogue', { 'packages/web/catalogue.csv': 'row\n'.repeat(500) });
  return repo;
}

test('conventions in VS Code: tree marks, hook offer, commit editor diagnostics, composer', async () => {
  const repo = conventionsRepo();
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo.dir, encoding: 'utf8' }).trim();
  let session: Session | undefined;
  try {
    session = await startVSCode({ vsix: [VSIX], folder: repo.dir });
    const { page } = session;

    // Stacks view: the bad message and the big commit are marked; the stack is over its limit.
    await session.openView('Stackline');
    await widenSideBar(session);
    const rows = await session.waitForTreeRows(
      'Stacks',
      // Rows redraw one by one: wait for the commit's mark and the stack's alike.
      (r) =>
        /breaks/.test(r.find((x) => x.label === 'Update stuff.')?.description ?? '') &&
        /over the limit/.test(r.find((x) => x.label === 'work')?.description ?? ''),
      40_000,
    );
    assert.match(
      rows.find((r) => r.label === 'Update stuff.')!.description ?? '',
      /breaks 3 commit rules · [0-9a-f]{9} · /,
      describe(rows),
    );
    assert.match(
      rows.find((r) => r.label === 'feat(web): import the catalogue')!.description ?? '',
      /500 lines \(limit 400\) · [0-9a-f]{9} · /,
      describe(rows),
    );
    assert.doesNotMatch(rows.find((r) => r.label === 'feat(api): add paging')!.description ?? '', /breaks|lines/);
    assert.match(
      rows.find((r) => r.label === 'work')!.description ?? '',
      /^3 commits on [0-9a-f]{9} · over the limit of 2$/,
      describe(rows),
    );
    await session.screenshot(join(RESULTS, 'conventions-stacks.png'));

    // The hook offer (trusted workspace, rules in the repo, no hook yet): install from the notification.
    const offer = page.locator('.notifications-toasts .notification-list-item', {
      hasText: 'has commit message rules (.commitlintrc.json)',
    });
    await offer.waitFor({ timeout: 30_000 });
    await session.screenshot(join(RESULTS, 'conventions-hook-offer.png'));
    await offer.locator('.monaco-button', { hasText: /^Install$/ }).click();
    await until('core.hooksPath', () =>
      spawnGit(repo.dir, 'config', 'core.hooksPath') === '.stackline/hooks' ? true : undefined,
    );
    await page
      .locator('.notifications-toasts .notification-list-item', { hasText: 'Commit hooks installed.' })
      .waitFor({ timeout: 20_000 });

    // Deleting, creating and editing .stackline.json: the tree follows each change and keeps refreshing.
    const settingsFile = join(repo.dir, '.stackline.json');
    const settingsText = readFileSync(settingsFile, 'utf8');
    const stackNote = (rows: TreeRow[]) => rows.find((r) => r.label === 'work')?.description ?? '';
    rmSync(settingsFile);
    await session.waitForTreeRows('Stacks', (r) => /^3 commits on [0-9a-f]{9}$/.test(stackNote(r)), 20_000);
    writeFileSync(settingsFile, JSON.stringify({ conventions: { size: { maxStackCommits: 1 } } }));
    await session.waitForTreeRows('Stacks', (r) => / · over the limit of 1$/.test(stackNote(r)), 20_000);
    repo.write({ 'after-settings.txt': 'still watched\n' });
    const refreshed = await session.waitForTreeRows(
      'Stacks',
      (r) => r.some((x) => x.label === 'after-settings.txt' && x.description === 'untracked'),
      20_000,
    );
    await session.screenshot(join(RESULTS, 'conventions-settings-edited.png'));
    assert.match(stackNote(refreshed), / · over the limit of 1$/, describe(refreshed));
    writeFileSync(settingsFile, settingsText);
    await session.waitForTreeRows('Stacks', (r) => / · over the limit of 2$/.test(stackNote(r)), 20_000);
    rmSync(join(repo.dir, 'after-settings.txt'));

    // A real `git commit` in the terminal, with VS Code as git's editor: the message gets diagnostics.
    const cli = codeServerCli(await codeServerPaths());
    await session.runCommand('Terminal: Create New Terminal');
    await page.locator('.terminal-wrapper.active .xterm').waitFor({ timeout: 20_000 });
    await sleep(1500);
    await page.keyboard.type(`GIT_EDITOR='${cli} --wait' git commit --allow-empty\n`, { delay: 5 });
    await page.locator('.tabs-container .tab', { hasText: 'COMMIT_EDITMSG' }).waitFor({ timeout: 30_000 });
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('Fixed the login bug.', { delay: 10 });
    await page.locator('.editor-instance .squiggly-error').first().waitFor({ timeout: 20_000 });
    await page.keyboard.press('Control+Shift+M');
    const problems = await until('problems listed', async () => {
      const labels = await page.$$eval('.markers-panel .monaco-list-row', (els) =>
        els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''),
      );
      const wanted = [/type may not be empty/, /subject may not be empty/, /subject may not end with full stop/];
      return wanted.every((pattern) => labels.some((l) => pattern.test(l))) ? labels : undefined;
    });
    assert.ok(
      problems.every((l) => !/^Error|^Warning/.test(l) || /generated by commitlint/.test(l)),
      problems.join('\n'),
    );
    await session.screenshot(join(RESULTS, 'conventions-commit-editor.png'));

    // Fixing the message clears the errors; saving and closing the editor lets git (and the hook) commit it.
    await editor.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.type('fix(auth): refresh tokens before they expire', { delay: 5 });
    await until(
      'errors cleared',
      async () => ((await page.locator('.editor-instance .squiggly-error').count()) === 0 ? true : undefined),
      20_000,
    );
    await page.keyboard.press('Control+S');
    await sleep(500);
    await page.keyboard.press('Control+W');
    await until(
      'the commit',
      () => (git('log', '-1', '--format=%s') === 'fix(auth): refresh tokens before they expire' ? true : undefined),
      30_000,
    );

    // The composer: type, scope (suggested from the staged files), subject validated live, body, breaking change.
    repo.write({ 'packages/web/cart.ts': 'export const cart = [];\n' });
    git('add', 'packages/web/cart.ts');
    await session.runCommand('Stackline: Compose Commit Message');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await page.locator('.quick-input-widget', { hasText: 'Compose Commit Message (1/5)' }).waitFor({ timeout: 15_000 });
    const typeRows = await page.$$eval('.quick-input-widget .monaco-list-row', (els) =>
      els.map((e) => e.getAttribute('aria-label') ?? ''),
    );
    assert.ok(
      typeRows.some((l) => /fix.*A bug fix/.test(l)),
      `types come with descriptions: ${typeRows.join(' | ')}`,
    );
    await input.fill('fix');
    await sleep(300);
    await input.press('Enter');
    await page.locator('.quick-input-widget', { hasText: 'Compose Commit Message (2/5)' }).waitFor({ timeout: 10_000 });
    const scopes = await page.$$eval('.quick-input-widget .monaco-list-row', (els) =>
      els.map((e) => e.querySelector('.label-name')?.textContent ?? ''),
    );
    assert.equal(scopes[1], 'web', `the staged file's package comes first: ${scopes.join(', ')}`);
    await input.fill('web');
    await sleep(300);
    await input.press('Enter');
    await page.locator('.quick-input-widget', { hasText: 'Compose Commit Message (3/5)' }).waitFor({ timeout: 10_000 });
    await input.fill('Handle empty carts.');
    await page
      .locator('.quick-input-widget .quick-input-message', {
        hasText: 'subject must not be sentence-case, start-case, pascal-case, upper-case [subject-case]',
      })
      .waitFor({ timeout: 10_000 });
    await session.screenshot(join(RESULTS, 'conventions-composer-validation.png'));
    await input.press('Enter');
    await sleep(500);
    assert.ok(
      await page.locator('.quick-input-widget', { hasText: 'Compose Commit Message (3/5)' }).isVisible(),
      'Enter is refused while the subject breaks a rule',
    );
    await input.fill('handle empty carts.');
    await page
      .locator('.quick-input-widget .quick-input-message', {
        hasText: 'subject may not end with full stop [subject-full-stop]',
      })
      .waitFor({ timeout: 10_000 });
    await input.fill('handle empty carts');
    await page
      .locator('.quick-input-widget .quick-input-message', { hasText: '[subject-' })
      .waitFor({ state: 'hidden', timeout: 10_000 });
    await input.press('Enter');
    await page.locator('.quick-input-widget', { hasText: 'Compose Commit Message (4/5)' }).waitFor({ timeout: 10_000 });
    await input.fill('An empty cart used to throw on checkout.');
    await input.press('Enter');
    await page.locator('.quick-input-widget', { hasText: 'Compose Commit Message (5/5)' }).waitFor({ timeout: 10_000 });
    await input.fill('No');
    await sleep(300);
    await input.press('Enter');
    const scmText = await until('the message in the Source Control input', async () => {
      const texts = await page.$$eval('.part.sidebar .monaco-editor .view-lines', (els) =>
        els.map((e) =>
          Array.from(e.querySelectorAll('.view-line'))
            .map((line) => line.textContent ?? '')
            .join('\n'),
        ),
      );
      // The editor draws spaces as no-break spaces.
      return texts
        .map((text) => text.replace(/\u00a0/g, ' '))
        .find((text) => text.includes('fix(web): handle empty carts'));
    });
    assert.equal(scmText, 'fix(web): handle empty carts\n\nAn empty cart used to throw on checkout.');
    await session.screenshot(join(RESULTS, 'conventions-composer-result.png'));

    // The Source Control input box gets the same live diagnostics.
    await page.locator('.part.sidebar .monaco-editor').first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Bad message.', { delay: 10 });
    await page.locator('.part.sidebar .monaco-editor .squiggly-error').first().waitFor({ timeout: 20_000 });
    await session.screenshot(join(RESULTS, 'conventions-scm-input.png'));

    // Stackline's message editor (Reword…) checks the rules as you type and refuses a message that breaks the repository's rules.
    await session.runCommand('Stackline: Reword…');
    await page.locator('.tabs-container .tab', { hasText: 'STACKLINE_EDITMSG' }).waitFor({ timeout: 15_000 });
    const messageEditor = page.locator('.editor-instance .monaco-editor .view-lines').first();
    await messageEditor.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.type('Bad message.', { delay: 10 });
    await page.locator('.editor-instance .squiggly-error').first().waitFor({ timeout: 20_000 });
    await session.screenshot(join(RESULTS, 'conventions-reword-input.png'));
    await page.keyboard.press('Control+Enter');
    await page
      .locator('.notifications-toasts .notification-list-item', {
        hasText: /Breaks the commit rules in \.commitlintrc\.json: .*type-empty/,
      })
      .waitFor({ timeout: 15_000 });
    assert.ok(
      await page.locator('.tabs-container .tab', { hasText: 'STACKLINE_EDITMSG' }).isVisible(),
      'Accept is refused while the message breaks a rule',
    );
    await messageEditor.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.type('feat(web): import the product catalogue', { delay: 5 });
    await until(
      'errors cleared',
      async () => ((await page.locator('.editor-instance .squiggly-error').count()) === 0 ? true : undefined),
      20_000,
    );
    await page.keyboard.press('Control+Enter');
    await until(
      'the reworded commit',
      () => git('log', '-1', '--format=%s') === 'feat(web): import the product catalogue' || undefined,
    );
  } catch (error) {
    if (session) await session.screenshot(join(RESULTS, 'conventions-failure.png')).catch(() => undefined);
    if (session) console.error('notifications:', await session.notifications().catch(() => []));
    if (session) console.error(session.logs().slice(-3000));
    throw error;
  } finally {
    await session?.close();
  }
});

function spawnGit(cwd: string, ...args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** code-server's command line for its integrated terminal (opens files in the running window); entry is <root>/out/node/entry.js. */
function codeServerCli(paths: { entry: string }): string {
  return join(dirname(dirname(dirname(paths.entry))), 'lib', 'vscode', 'bin', 'remote-cli', 'code-server');
}
