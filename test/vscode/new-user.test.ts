// What a new user meets at the default window and side-bar size (issue 14): the side bar without
// an empty Sparse Profiles view, "you are here" once and readable, Move Onto… with trunk tip
// first, full messages in the message editor (reword with a body, split with a message per part,
// fold), the composer without dead ends and Commit… using what it composed, success messages in
// the person's words with Undo, the same weight for a broken rule in the tree and the graph, ages
// from author dates, and Submit that names a remote that is not GitHub before asking anything.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Page } from 'playwright-core';
import { makeClone, removeTempDirs, type TestRepo } from '../helpers/repo';
import { graphFrame, reportFailure } from './graphFrame';
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
import {
  contextMenu,
  contextMenuEntries,
  describeRows as describe,
  findRow as row,
  startVSCode,
  treeRow,
  until,
  type Session,
  type TreeRow,
} from './harness';

const ROOT = join(__dirname, '..', '..');
const VSIX = join(ROOT, 'dist', 'stackline.vsix');
const RESULTS = join(ROOT, 'test-results');
mkdirSync(RESULTS, { recursive: true });
after(removeTempDirs);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * trunk 1–3 on origin; HEAD on main at trunk tip, which is the base of two stacks (cart, search);
 * a stack "parser" on the older trunk 2. One message breaks the default rules; one commit was
 * written three days ago and amended just now; one is over the size limit.
 */
function newUserRepo(): TestRepo {
  const { repo } = makeClone(3);
  const git = (...args: string[]) => repo.git(...args);
  git('switch', '-q', '-c', 'parser', 'HEAD~1');
  repo.commit('feat(parser): tokens', { 'parser/tokens.ts': 'export const tokens = [];\n' });
  repo.commit('feat(parser): grammar', { 'parser/grammar.ts': 'export const grammar = {};\n' });
  git('switch', '-q', '-c', 'cart', 'main');
  repo.commit('feat(cart): model', {
    'cart/model.ts': 'export type Cart = string[];\n',
    'cart/view.ts': 'export const view = 1;\n',
  });
  repo.commit('Fixed stuff', { 'cart/fix.ts': 'export const fix = 1;\n' });
  repo.commit('feat(cart): checkout', { 'cart/checkout.ts': 'export const checkout = 1;\n' });
  git('switch', '-q', '-c', 'search', 'main');
  repo.commit('feat(search): index', { 'search/index.ts': 'export const row = 1;\n'.repeat(500) });
  const threeDaysAgo = Math.floor(Date.now() / 1000) - 3 * 24 * 3600;
  execFileSync('git', ['commit', '-q', '--amend', '--no-edit', `--date=${threeDaysAgo} +0000`], {
    cwd: repo.dir,
    env: { ...process.env, GIT_COMMITTER_DATE: `${Math.floor(Date.now() / 1000)} +0000` },
  });
  git('switch', '-q', 'main');
  return repo;
}

/** Whether `needle` in the description of the row labelled `label` is drawn inside the row (not cut off by the side bar's edge). */
async function visibleInRow(page: Page, label: string, needle: string): Promise<boolean> {
  return page.evaluate(
    ([label, needle]) => {
      const rows = Array.from(document.querySelectorAll<HTMLElement>('.part.sidebar .monaco-list-row'));
      const found = rows.find((r) => r.querySelector('.label-name')?.textContent?.trim() === label);
      const description = found?.querySelector('.label-description');
      const container = found?.querySelector('.monaco-icon-label-container');
      if (!description || !container) return false;
      const walker = document.createTreeWalker(description, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = (node.textContent ?? '').indexOf(needle);
        if (at === -1) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + needle.length);
        return range.getBoundingClientRect().right <= container.getBoundingClientRect().right + 0.5;
      }
      return false;
    },
    [label, needle] as const,
  );
}

/** Waits for step `step` of the composer; with `answer`, types it and presses Enter. */
async function composerStep(page: Page, step: number, answer?: string): Promise<void> {
  await page
    .locator('.quick-input-widget', { hasText: `Compose Commit Message (${step}/5)` })
    .waitFor({ timeout: 15_000 });
  if (answer === undefined) return;
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.fill(answer);
  await sleep(300);
  await input.press('Enter');
}

const youAreHere = (rows: TreeRow[]) => rows.filter((r) => (r.description ?? '').includes('you are here'));

test(
  'a new user at the default size: side bar, Move Onto…, message editor, composer, words, submit',
  { timeout: 600_000 },
  async () => {
    const repo = newUserRepo();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo.dir, encoding: 'utf8' }).trim();
    let session: Session | undefined;
    try {
      session = await startVSCode({ vsix: [VSIX], folder: repo.dir });
      const { page } = session;
      await session.openView('Stackline');
      let rows = await session.waitForTreeRows(
        'Stacks',
        (r) => !!row(r, 'feat(search): index') && !!row(r, 'feat(parser): grammar'),
        40_000,
      );
      await sleep(1500);

      // The side bar: no Sparse Profiles view in a repository without profiles; Stacks and the graph share it.
      const panes = await page.$$eval('.part.sidebar .pane-header .title', (els) =>
        els.map((e) => (e.textContent ?? '').trim().toLowerCase()),
      );
      assert.ok(!panes.includes('sparse profiles'), `no Sparse Profiles view: ${panes.join(', ')}`);
      assert.ok(panes.includes('stacks') && panes.includes('commit graph'), panes.join(', '));

      // "you are here" once, although HEAD (trunk tip) is the base of two stacks; readable, as are the branches.
      rows = await session.waitForTreeRows('Stacks', (r) => youAreHere(r).length === 1, 20_000);
      const here = youAreHere(rows)[0];
      assert.equal(here.label, 'trunk 3', describe(rows));
      assert.match(
        here.description ?? '',
        /^@ you are here · main · [0-9a-f]{9} · /,
        'where you are and the branches first (main, which tracks origin/main, for both), hash and age last',
      );
      assert.equal(
        rows.filter((r) => r.label === 'trunk 3').length,
        2,
        `trunk tip under both stacks:\n${describe(rows)}`,
      );
      assert.ok(await visibleInRow(page, 'trunk 3', '@ you are here'), 'the marker is not cut off');
      assert.ok(await visibleInRow(page, 'trunk 3', 'main'), 'nor is the branch');
      assert.ok(await visibleInRow(page, 'feat(parser): grammar', 'parser'), 'a stack top shows its branch');
      assert.match(row(rows, 'feat(parser): grammar')!.description ?? '', /^parser · [0-9a-f]{9} · /);
      // Age from the author date: written three days ago, amended just now.
      assert.match(row(rows, 'feat(search): index')!.description ?? '', /3 days ago$/, describe(rows));
      await session.screenshot(join(RESULTS, 'new-user-sidebar.png'));

      // A message that breaks the default rules weighs the same in the tree and the graph: a warning.
      const fixedIcon = await treeRow(session, 'Fixed stuff')
        .locator('.custom-view-tree-node-item-icon, .codicon')
        .first()
        .getAttribute('class');
      assert.match(fixedIcon ?? '', /codicon-warning/, `tree icon: ${fixedIcon}`);
      const graph = await graphFrame(page, 'view');
      const badge = await until('the rule badge in the graph', () =>
        graph.evaluate(() => {
          const r = Array.from(document.querySelectorAll('.row')).find((el) => el.textContent?.includes('Fixed stuff'));
          const parts = r?.querySelectorAll('[data-badge="conventions"] .part');
          return parts && parts.length > 0
            ? Array.from(parts)
                .map((p) => p.className)
                .join(' ')
            : undefined;
        }),
      );
      assert.match(badge, /tone-warning/);
      assert.doesNotMatch(badge, /tone-error/);

      // PR actions only where there is a PR: none here.
      const commitMenu = await contextMenuEntries(session, 'feat(cart): checkout');
      assert.ok(commitMenu.includes('Reword…') && !commitMenu.includes('Open Pull Request'), commitMenu.join(' | '));
      await page.keyboard.press('Escape');
      const stackMenu = await contextMenuEntries(session, 'cart');
      assert.ok(
        stackMenu.includes('Submit Stack as PRs') && !stackMenu.includes('Land Bottom PR'),
        stackMenu.join(' | '),
      );
      await page.keyboard.press('Escape');

      // Move Onto…: trunk tip first, then where the stack is now, then the other stacks.
      await contextMenu(session, 'feat(parser): grammar', 'Move Onto…');
      const pickRows = page.locator('.quick-input-widget .monaco-list-row');
      await pickRows.first().waitFor({ timeout: 15_000 });
      const offered = await pickRows.evaluateAll((els) =>
        els.map((e) => e.querySelector('.label-name')?.textContent?.trim() ?? ''),
      );
      assert.deepEqual(offered.slice(0, 2), ['trunk 3', 'trunk 2'], offered.join(' | '));
      assert.ok(
        offered.indexOf('feat(cart): checkout') > 1 && offered.indexOf('feat(search): index') > 1,
        offered.join(' | '),
      );
      const firstTwo = await pickRows.evaluateAll((els) =>
        els.slice(0, 2).map((e) => e.getAttribute('aria-label') ?? ''),
      );
      assert.match(firstTwo[0], /trunk tip \(origin\/main\)/);
      assert.match(firstTwo[1], /where this stack is now/);
      await session.screenshot(join(RESULTS, 'new-user-move-onto.png'));
      await page.keyboard.press('Escape');

      // The whole parser stack onto trunk tip: the message says so in words, with Undo.
      await contextMenu(session, 'feat(parser): tokens', 'Move Onto…');
      await pickRows.first().waitFor({ timeout: 15_000 });
      assert.equal((await pickRows.first().locator('.label-name').first().textContent())?.trim(), 'trunk 3');
      await pickRows.first().click();
      assert.equal(await notification(session, 'Moved 2 commits'), 'Moved 2 commits onto main.');
      assert.equal(git('rev-parse', 'parser~2'), git('rev-parse', 'origin/main'));
      await session.screenshot(join(RESULTS, 'new-user-moved.png'));
      await clickNotificationButton(session, 'Moved 2 commits', 'Undo');
      assert.equal(await notification(session, 'Undid'), 'Undid: Moved 2 commits onto main (now on main).');
      assert.equal(git('rev-parse', 'parser~2'), git('rev-parse', 'origin/main~1'), 'back on trunk 2');
      await clearNotifications(session);

      // Reword… with a body, in the message editor: subject and body, the rules checked as you type.
      await contextMenu(session, 'feat(cart): checkout', 'Reword…');
      await waitForMessageEditor(session, 'Reword');
      assert.match(await editorText(page), /^feat\(cart\): checkout\n\n# A new message for “feat\(cart\): checkout”/);
      await focusEditor(page);
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('End');
      await page.keyboard.type(
        '\n\nCharge the card, then email a receipt.\nRetries are left to the payment provider.',
        { delay: 5 },
      );
      await session.screenshot(join(RESULTS, 'new-user-reword-editor.png'));
      await acceptMessage(session);
      await until(
        'the reword',
        () =>
          git('log', '-1', '--format=%B', 'cart') ===
          'feat(cart): checkout\n\nCharge the card, then email a receipt.\nRetries are left to the payment provider.',
      );
      assert.equal(await notification(session, 'message of'), 'Changed the message of “feat(cart): checkout”.');

      // A bad subject is underlined as a warning under the default rules, and Accept still takes it; closing cancels.
      await contextMenu(session, 'feat(cart): checkout', 'Reword…');
      await waitForMessageEditor(session, 'Reword');
      await focusEditor(page);
      await retypeSubject(page, 'Checkout.');
      await page.locator('.editor-instance .squiggly-warning').first().waitFor({ timeout: 20_000 });
      assert.equal(await page.locator('.editor-instance .squiggly-error').count(), 0, 'the default rules are advice');
      await session.screenshot(join(RESULTS, 'new-user-reword-warning.png'));
      const beforeCancel = git('rev-parse', 'cart');
      await session.runCommand('Stackline: Discard Message');
      await page
        .locator('.tabs-container .tab', { hasText: 'STACKLINE_EDITMSG' })
        .waitFor({ state: 'detached', timeout: 20_000 });
      await sleep(1000);
      assert.equal(git('rev-parse', 'cart'), beforeCancel, 'discarding changes nothing');
      await clearNotifications(session);

      // Split by Files…: a message for each part, each starting from the original.
      await contextMenu(session, 'feat(cart): model', 'Split by Files…');
      const fileRow = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'cart/model.ts' }).first();
      await fileRow.waitFor({ timeout: 15_000 });
      await fileRow.click();
      await page.locator('.quick-input-widget .quick-input-action .monaco-button', { hasText: 'OK' }).click();
      await waitForMessageEditor(session, 'Split: Message of Part 1');
      assert.match(
        await editorText(page),
        /^feat\(cart\): model\n\n# Splitting “feat\(cart\): model”: part 1 of 2, below, with cart\/model\.ts\./,
      );
      await focusEditor(page);
      await retypeSubject(page, 'feat(cart): model types');
      await acceptMessage(session);
      await waitForMessageEditor(session, 'Split');
      assert.match(
        await editorText(page),
        /^feat\(cart\): model\n\n# Splitting “feat\(cart\): model”: part 2 of 2, on top/,
      );
      await focusEditor(page);
      await retypeSubject(page, 'feat(cart): model view');
      await acceptMessage(session);
      await until('the split', () =>
        git('log', '--format=%s', 'main..cart').split('\n').includes('feat(cart): model view'),
      );
      assert.deepEqual(git('log', '--format=%s', 'main..cart').split('\n'), [
        'feat(cart): checkout',
        'Fixed stuff',
        'feat(cart): model view',
        'feat(cart): model types',
      ]);
      assert.equal(
        await notification(session, 'Split'),
        'Split “feat(cart): model” in two: cart/model.ts below, the rest on top.',
      );
      await clearNotifications(session);

      // Fold: both messages, joined, to edit into one.
      await session.waitForTreeRows('Stacks', (r) => !!row(r, 'feat(cart): model view'), 20_000);
      await contextMenu(session, 'Fixed stuff', 'Fold into Commit Below');
      await waitForMessageEditor(session, 'Fold into');
      assert.match(
        await editorText(page),
        /^feat\(cart\): model view\n\nFixed stuff\n\n# “Fixed stuff” folds into “feat\(cart\): model view”/,
      );
      await focusEditor(page);
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('Shift+ArrowDown');
      await page.keyboard.press('Shift+ArrowDown');
      await page.keyboard.press('Shift+ArrowDown');
      await page.keyboard.type('feat(cart): model view and its fix', { delay: 5 });
      await page.keyboard.press('Enter');
      await acceptMessage(session);
      await until('the fold', () => git('log', '--format=%s', 'main..cart').split('\n').length === 3);
      assert.equal(git('log', '-1', '--format=%B', 'cart~1'), 'feat(cart): model view and its fix');
      assert.equal(await notification(session, 'Folded'), 'Folded “Fixed stuff” into “feat(cart): model view”.');
      await clearNotifications(session);

      // The composer: nothing flagged before typing, every broken rule at once, asks before replacing
      // what Source Control holds; then Commit… starts from the composed message.
      await session.focusView('Changes');
      const scmInput = page.locator('.part.sidebar .monaco-editor').first();
      await scmInput.waitFor({ timeout: 20_000 });
      await scmInput.click();
      await page.keyboard.type('wip draft', { delay: 5 });
      await session.runCommand('Stackline: Compose Commit Message');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await composerStep(page, 1, 'fix');
      await composerStep(page, 2, 'cart');
      await composerStep(page, 3);
      await sleep(800);
      assert.equal(
        await page.locator('.quick-input-widget .quick-input-message').filter({ hasText: /\[/ }).count(),
        0,
        'no rule flagged before anything is typed',
      );
      await session.screenshot(join(RESULTS, 'new-user-composer-empty-subject.png'));
      await input.fill('Handle empty carts.');
      const both = page.locator('.quick-input-widget .quick-input-message', { hasText: '[subject-case]' });
      await both.waitFor({ timeout: 10_000 });
      assert.match(
        (await both.textContent()) ?? '',
        /\[subject-case\].*\[subject-full-stop\]/,
        'both broken rules at once',
      );
      await session.screenshot(join(RESULTS, 'new-user-composer-rules.png'));
      await input.fill('handle empty carts');
      await page
        .locator('.quick-input-widget .quick-input-message', { hasText: '[subject-' })
        .waitFor({ state: 'hidden', timeout: 10_000 });
      await input.press('Enter');
      await page
        .locator('.quick-input-widget', { hasText: 'Compose Commit Message (4/5)' })
        .waitFor({ timeout: 10_000 });
      await input.press('Enter');
      await page
        .locator('.quick-input-widget', { hasText: 'Compose Commit Message (5/5)' })
        .waitFor({ timeout: 10_000 });
      await input.fill('No');
      await sleep(300);
      await input.press('Enter');
      const replace = page.locator('.monaco-dialog-box', { hasText: 'Replace the message already in Source Control?' });
      await replace.waitFor({ timeout: 15_000 });
      assert.match(await replace.innerText(), /wip draft/);
      await session.screenshot(join(RESULTS, 'new-user-composer-replace.png'));
      await replace.locator('.monaco-button', { hasText: 'Replace' }).click();
      await until('the composed message in Source Control', async () =>
        (await scmInput.innerText()).replace(/\u00a0/g, ' ').includes('fix(cart): handle empty carts')
          ? true
          : undefined,
      );

      repo.write({ 'cart/empty.ts': 'export const empty = [];\n' });
      git('add', 'cart/empty.ts');
      await session.runCommand('Stackline: Commit…');
      await waitForMessageEditor(session, 'Commit');
      assert.match(
        await editorText(page),
        /^fix\(cart\): handle empty carts\n\n# A new commit on top of “trunk 3” \(main\)\./,
      );
      await acceptMessage(session);
      await until('the commit', () => git('log', '-1', '--format=%B', 'main') === 'fix(cart): handle empty carts');
      assert.equal(await notification(session, 'Committed'), 'Committed “fix(cart): handle empty carts” on main.');
      await until('Source Control emptied', async () =>
        !(await scmInput.innerText()).replace(/\u00a0/g, ' ').includes('handle empty carts') ? true : undefined,
      );
      await clearNotifications(session);

      // A scope the rules do not allow says why and keeps the allowed ones in view; Enter does not take it.
      writeFileSync(
        join(repo.dir, '.commitlintrc.json'),
        JSON.stringify({
          extends: ['@commitlint/config-conventional'],
          rules: { 'scope-enum': [2, 'always', ['cart', 'search', 'parser']] },
        }),
      );
      await sleep(2000);
      await session.runCommand('Stackline: Compose Commit Message');
      await composerStep(page, 1, 'feat');
      await composerStep(page, 2);
      await input.fill('billing');
      const refused = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'not allowed' }).first();
      await refused.waitFor({ timeout: 10_000 });
      assert.match((await refused.getAttribute('aria-label')) ?? '', /billing.*allow cart, search, parser/);
      const scopeRows = await page.locator('.quick-input-widget .monaco-list-row .label-name').allTextContents();
      assert.ok(
        ['cart', 'search', 'parser'].every((s) => scopeRows.map((t) => t.trim()).includes(s)),
        `the allowed scopes stay in view: ${scopeRows.join(', ')}`,
      );
      await session.screenshot(join(RESULTS, 'new-user-composer-scope.png'));
      await input.press('Enter');
      await sleep(500);
      assert.ok(
        await page.locator('.quick-input-widget', { hasText: 'Compose Commit Message (2/5)' }).isVisible(),
        'a disallowed scope is not taken',
      );
      await input.fill('billing-ca');
      assert.ok(await refused.isVisible(), 'typing goes on');
      await page.keyboard.press('Escape');

      // Sparse Profiles shows up once the repository has a profile.
      mkdirSync(join(repo.dir, '.sparse'), { recursive: true });
      writeFileSync(join(repo.dir, '.sparse', 'cart.sparse'), '[metadata]\ntitle = Cart\n[include]\ncart\n');
      await session.openView('Stackline');
      await until(
        'the Sparse Profiles view',
        async () =>
          (
            await page.$$eval('.part.sidebar .pane-header .title', (els) =>
              els.map((e) => (e.textContent ?? '').trim().toLowerCase()),
            )
          ).includes('sparse profiles') || undefined,
      );
      await session.screenshot(join(RESULTS, 'new-user-sparse-appears.png'));

      // Submit where origin is not GitHub: the remote is named first, before any size question or sign-in.
      // (HEAD on the search stack, whose commit is over the size limit: that question would come first before.)
      git('remote', 'set-url', 'origin', 'https://gitlab.com/acme/shop.git');
      git('switch', '-q', 'search');
      await session.waitForTreeRows(
        'Stacks',
        (r) =>
          !!row(r, 'fix(cart): handle empty carts') &&
          !youAreHere(r).some((x) => x.label === 'fix(cart): handle empty carts'),
        20_000,
      );
      await session.runCommand('Stackline: Submit Stack as PRs');
      const refusal = await notification(session, 'No GitHub remote');
      assert.match(refusal, /origin points at gitlab\.com/);
      assert.match(refusal, /git remote -v/);
      assert.equal(
        await page.locator('.monaco-dialog-box', { hasText: 'size limits' }).count(),
        0,
        'no question about sizes first',
      );
      assert.equal(
        await page
          .locator('.notifications-toasts .notification-list-item', { hasText: 'No GitHub remote' })
          .locator('.monaco-button', { hasText: 'Show Log' })
          .count(),
        0,
      );
      await session.screenshot(join(RESULTS, 'new-user-submit-gitlab.png'));
    } catch (error) {
      await reportFailure(session, join(RESULTS, 'new-user-failure.png'));
      throw error;
    } finally {
      await session?.close();
    }
  },
);
