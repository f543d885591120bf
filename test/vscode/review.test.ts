// Reviewing someone else's stack in a real VS Code (code-server) against the GitHub stand-in: open
// a 4-PR stack by its link, see the Review view, one PR's change with a review thread on its line,
// reply in the diff editor, approve the PR, resolve the thread, and after the author's force-push
// open only what changed since the approval and read a thread the push made outdated on the version
// it was written on. The Review view has the side bar to itself; a checked-out stack is badged in the graph.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gitHubFixture, HOST, TOKEN, type GitHubFixture } from '../helpers/github';
import { removeTempDirs } from '../helpers/repo';
import { amendSecondAndResubmit, reviewerCloneDir, submitFourPullStack } from '../helpers/reviewStack';
import { graphFrame } from './graphFrame';
import {
  clickInline,
  contextMenu,
  describeRows,
  findRow,
  startVSCode,
  treeRow,
  until,
  widenSideBar,
  type Session,
  setTokenFromNotification,
} from './harness';

const ROOT = join(__dirname, '..', '..');
const VSIX = join(ROOT, 'dist', 'stackline.vsix');
const RESULTS = join(ROOT, 'test-results');
const REVIEWER_TOKEN = 'ghp_VSCodeReviewerToken0123456789abcdef';
const REPO = 'octo/demo';
mkdirSync(RESULTS, { recursive: true });
after(removeTempDirs);

/** The stack of four PRs, a thread by carol on #2 and checks on its head; the reviewer's clone. */
async function stackToReview(f: GitHubFixture): Promise<{ folder: string; commits: string[] }> {
  const commits = await submitFourPullStack(f);
  f.standin.addReviewThread(REPO, 2, { path: 'b.txt', line: 2, user: 'carol', body: 'Why b 2?' });
  f.standin.setChecks(REPO, commits[1], [
    { name: 'build', status: 'completed', conclusion: 'success', detailsUrl: 'https://ci.example/run/7' },
  ]);
  return { folder: reviewerCloneDir(f), commits };
}

test(
  'Review a stack: the Review view, a thread in the diff editor, reply, approve, resolve, and the interdiff',
  { timeout: 420_000 },
  async () => {
    const f = await gitHubFixture({ tokens: { [REVIEWER_TOKEN]: 'rev' } });
    let session: Session | undefined;
    try {
      const { folder, commits } = await stackToReview(f);
      session = await startVSCode({
        vsix: [VSIX],
        folder,
        settings: { 'stackline.github.apiUrl': f.standin.apiUrl },
        viewport: { width: 1500, height: 900 },
      });
      const { page } = session;
      await session.openView('Stackline');
      await widenSideBar(session);
      await session.runCommand('Stackline: Review Stack…');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: 15_000 });
      await input.fill(`https://${HOST}/octo/demo/pull/3`);
      await input.press('Enter');
      await setTokenFromNotification(session, REVIEWER_TOKEN);

      const rows = await session.waitForTreeRows('Review', (r) => !!findRow(r, '#1 feat: parser'), 60_000);
      assert.deepEqual(
        rows.filter((r) => r.label.startsWith('#')).map((r) => [r.label, r.description]),
        [
          ['#4 feat: docs', 'octo · open'],
          ['#3 feat: printer', 'octo · open'],
          ['#2 feat: lexer', 'octo · open · 1 unresolved'],
          ['#1 feat: parser', 'octo · open · review required'],
        ],
        describeRows(rows),
      );
      // #3's own change opened as a multi-file diff: its two files only.
      const tab = page.locator('.tab', { hasText: '#3 feat: printer' });
      await tab.waitFor({ timeout: 30_000 });
      await session.screenshot(join(RESULTS, 'review-stack.png'));

      // A new thread on line 2 of b.txt in #3, kept pending, then sent with a change request.
      const lineText = page.locator('.editor.modified .view-line', { hasText: 'b two' }).first();
      await lineText.waitFor({ timeout: 30_000 });
      await lineText.hover();
      const lineBox = (await lineText.boundingBox())!;
      const glyphs = page.locator('.editor.modified .margin-view-overlays .comment-range-glyph');
      await until('the comment glyph of the line', async () => {
        for (const glyph of await glyphs.all()) {
          const box = await glyph.boundingBox();
          if (box && Math.abs(box.y - lineBox.y) < 4) return glyph.click().then(() => true);
        }
        return false;
      });
      const draft = page
        .locator('.review-widget')
        .filter({ has: page.locator('.monaco-button', { hasText: 'Add to Review' }) });
      await draft.first().waitFor({ timeout: 15_000 });
      await page.keyboard.type('Name it b2?');
      await draft.first().locator('.monaco-button', { hasText: 'Add to Review' }).click();
      await page
        .locator('.review-widget', { hasText: 'Pending: sent with your review' })
        .first()
        .waitFor({ timeout: 15_000 });
      await contextMenu(session, '#3 feat: printer', 'Request Changes on PR');
      const why = page.locator('.quick-input-widget input');
      await why.waitFor({ timeout: 15_000 });
      await why.fill('One naming question.');
      await why.press('Enter');
      await until(
        'the change request with its comment on GitHub',
        () =>
          f.standin.pull(REPO, 3).reviews.some((r) => r.user === 'rev' && r.state === 'CHANGES_REQUESTED') &&
          f.standin
            .reviewThreads(REPO, 3)
            .some((t) => t.path === 'b.txt' && t.line === 2 && t.comments[0].body === 'Name it b2?'),
      );
      await session.waitForTreeRows(
        'Review',
        (r) => /✓ reviewed/.test(findRow(r, '#3 feat: printer')?.description ?? ''),
        30_000,
      );
      await page
        .locator('.review-widget', { hasText: 'Pending: sent with your review' })
        .waitFor({ state: 'detached' });
      await session.screenshot(join(RESULTS, 'review-pending-sent.png'));

      // #2's change holds carol's thread on b.txt line 2.
      await page.locator('.monaco-list-row', { hasText: '#2 feat: lexer' }).first().click();
      await page.locator('.tab', { hasText: '#2 feat: lexer' }).waitFor({ timeout: 30_000 });
      const thread = page.locator('.review-widget', { hasText: 'Why b 2?' }).first();
      await thread.waitFor({ timeout: 30_000 });
      await session.screenshot(join(RESULTS, 'review-thread.png'));

      // Reply in the diff editor.
      await thread.locator('.review-thread-reply-button').first().click();
      await page.keyboard.type('Agreed: rename it.');
      await thread.locator('.monaco-button', { hasText: 'Comment' }).first().click();
      await until('the reply on GitHub', () =>
        f.standin.reviewThreads(REPO, 2)[0]?.comments.some((c) => c.user === 'rev' && c.body === 'Agreed: rename it.'),
      );

      // Approve #2 from the Review view.
      await contextMenu(session, '#2 feat: lexer', 'Approve PR');
      const note = page.locator('.quick-input-widget input');
      await note.waitFor({ timeout: 15_000 });
      await note.press('Enter');
      await until('the approval on GitHub', () =>
        f.standin.pull(REPO, 2).reviews.some((r) => r.user === 'rev' && r.state === 'APPROVED'),
      );
      const approved = await session.waitForTreeRows(
        'Review',
        (r) => /✓ reviewed/.test(findRow(r, '#2 feat: lexer')?.description ?? ''),
        30_000,
      );
      assert.match(findRow(approved, '#2 feat: lexer')!.description ?? '', /octo · open · 1 unresolved · ✓ reviewed/);
      await session.screenshot(join(RESULTS, 'review-approved.png'));

      // Resolve carol's thread from its title bar.
      await page
        .locator('.review-widget', { hasText: 'Why b 2?' })
        .first()
        .locator('.action-label[aria-label="Resolve Thread"]')
        .click();
      await until('the thread resolved on GitHub', () => f.standin.reviewThreads(REPO, 2)[0]?.resolved);

      // carol asks about line 5 of b.txt, which the author's next push changes.
      f.standin.addReviewThread(REPO, 2, { path: 'b.txt', line: 5, user: 'carol', body: 'Five, or 5?' });

      // The author amends #2 and force-pushes: only that change since the approval.
      await amendSecondAndResubmit(f, commits);
      await session.runCommand('Stackline: Refresh Review');
      await session.waitForTreeRows(
        'Review',
        (r) => /changed since your review/.test(findRow(r, '#2 feat: lexer')?.description ?? ''),
        30_000,
      );
      await clickInline(session, '#2 feat: lexer', 'Changes Since Your Review');
      await page.locator('.tab', { hasText: /#2 since your review .*\(1 file\)/ }).waitFor({ timeout: 30_000 });
      // The left side is the approved version replayed onto #2's base: b 5 there, b FIVE on the right.
      await page.locator('.view-lines', { hasText: 'b FIVE' }).first().waitFor({ timeout: 30_000 });
      await session.screenshot(join(RESULTS, 'review-interdiff.png'));

      // carol's thread is outdated now: under #2's Outdated threads, it opens on the version it was
      // written on (b 5 on its line 5), marked Outdated; never on today's line 5 (b FIVE).
      await treeRow(session, '#2 feat: lexer').locator('.monaco-tl-twistie').click();
      await session.waitForTreeRows('Review', (r) => !!findRow(r, 'Outdated threads (1)'), 30_000);
      await treeRow(session, 'Outdated threads (1)').locator('.monaco-tl-twistie').click();
      const outdated = await session.waitForTreeRows('Review', (r) => !!findRow(r, 'b.txt:5'), 30_000);
      assert.match(findRow(outdated, 'b.txt:5')?.description ?? '', /^carol: Five, or 5\?/, describeRows(outdated));
      await treeRow(session, 'b.txt:5').click();
      const old = page.locator('.review-widget', { hasText: 'Five, or 5?' }).first();
      await old.waitFor({ timeout: 30_000 });
      assert.match((await old.locator('.review-title').textContent()) ?? '', /Outdated/);
      const editor = page.locator('.editor-instance', { has: old });
      // (VS Code draws spaces as non-breaking ones: \s matches both.)
      await editor
        .locator('.view-line', { hasText: /^b\s5$/ })
        .first()
        .waitFor({ timeout: 15_000 });
      assert.equal(
        await editor.locator('.view-line', { hasText: 'b FIVE' }).count(),
        0,
        'the version it was written on',
      );
      await session.screenshot(join(RESULTS, 'review-outdated.png'));
    } catch (error) {
      if (session) await session.screenshot(join(RESULTS, 'review-failure.png')).catch(() => undefined);
      throw error;
    } finally {
      await session?.close();
      await f.close();
    }
  },
);

test(
  'Review Stack… on one of your stacks in the Stacks view opens it in the Review view',
  { timeout: 300_000 },
  async () => {
    const f = await gitHubFixture();
    let session: Session | undefined;
    try {
      await submitFourPullStack(f);
      session = await startVSCode({
        vsix: [VSIX],
        folder: f.repo.dir,
        settings: { 'stackline.github.apiUrl': f.standin.apiUrl },
        viewport: { width: 1500, height: 900 },
      });
      const { page } = session;
      await session.openView('Stackline');
      await widenSideBar(session);
      await session.runCommand('Stackline: Set GitHub Token');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: 15_000 });
      await input.fill(TOKEN);
      await input.press('Enter');
      await session.runCommand('Stackline: Refresh PR Status');
      // The stack's row once its PRs are known (its menu then has the GitHub entries).
      const rows = await session.waitForTreeRows(
        'Stacks',
        (r) => !!findRow(r, 'feat: docs')?.description?.includes('#4'),
        60_000,
      );
      const stack = rows.find((r) => r.level === 1 && /4 commits/.test(r.description ?? ''));
      assert.ok(stack, describeRows(rows));
      await contextMenu(session, stack.label, 'Review Stack…');
      const review = await session.waitForTreeRows('Review', (r) => !!findRow(r, '#1 feat: parser'), 60_000);
      assert.deepEqual(
        review.filter((r) => r.label.startsWith('#')).map((r) => r.label),
        ['#4 feat: docs', '#3 feat: printer', '#2 feat: lexer', '#1 feat: parser'],
      );
      await page.locator('.tab', { hasText: '#4 feat: docs' }).waitFor({ timeout: 30_000 });
      await session.screenshot(join(RESULTS, 'review-from-stacks.png'));
    } catch (error) {
      if (session) await session.screenshot(join(RESULTS, 'review-from-stacks-failure.png')).catch(() => undefined);
      throw error;
    } finally {
      await session?.close();
      await f.close();
    }
  },
);

test(
  'Viewed checkboxes fold files out of a PR’s change; Check Out Stack for Review shows the stack read-only in the Stacks view',
  { timeout: 360_000 },
  async () => {
    const f = await gitHubFixture({ tokens: { [REVIEWER_TOKEN]: 'rev' } });
    let session: Session | undefined;
    try {
      const { folder } = await stackToReview(f);
      session = await startVSCode({
        vsix: [VSIX],
        folder,
        settings: { 'stackline.github.apiUrl': f.standin.apiUrl },
      });
      const { page } = session;
      await session.openView('Stackline');
      await session.runCommand('Stackline: Review Stack…');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: 15_000 });
      await input.fill('#2');
      await input.press('Enter');
      await setTokenFromNotification(session, REVIEWER_TOKEN);
      await session.waitForTreeRows('Review', (r) => !!findRow(r, '#2 feat: lexer'), 60_000);
      // At the default window size the Review view has the side bar to itself, not a strip under the graph.
      const reviewPane = page.locator('.part.sidebar .pane', { has: treeRow(session, '#2 feat: lexer') });
      const sideBar = (await page.locator('.part.sidebar').boundingBox())!;
      const pane = (await reviewPane.boundingBox())!;
      assert.ok(pane.height > sideBar.height * 0.8, `the Review view is ${pane.height} of ${sideBar.height} px high`);
      await session.screenshot(join(RESULTS, 'review-side-bar.png'));

      // #2's files, each with GitHub's Viewed checkbox.
      await treeRow(session, '#2 feat: lexer').locator('.monaco-tl-twistie').click();
      const files = await session.waitForTreeRows('Review', (r) => !!findRow(r, 'a.txt') && !!findRow(r, 'b.txt'));
      assert.equal(findRow(files, 'a.txt')?.level, 2, describeRows(files));
      await treeRow(session, 'a.txt').locator('.custom-view-tree-node-item-checkbox').click();
      await until('a.txt marked viewed on GitHub', () =>
        f.standin.viewedFiles(REPO, 2, 'rev').join() === 'a.txt' ? true : undefined,
      );
      const folded = await session.waitForTreeRows(
        'Review',
        (r) => !!findRow(r, '1 file viewed') && !findRow(r, 'a.txt'),
        30_000,
      );
      assert.match(findRow(folded, '#2 feat: lexer')?.description ?? '', /1\/2 viewed/);
      await session.screenshot(join(RESULTS, 'review-viewed.png'));

      // Opening #2's change now leaves a.txt out; the viewed row opens it.
      await treeRow(session, '#2 feat: lexer').click();
      await page.locator('.tab', { hasText: '#2 feat: lexer (1 viewed file left out)' }).waitFor({ timeout: 30_000 });
      await session.screenshot(join(RESULTS, 'review-viewed-left-out.png'));

      // Check out the stack: octo's, read-only, in the Stacks view.
      await contextMenu(session, '#2 feat: lexer', 'Check Out Stack for Review');
      const stacks = await session.waitForTreeRows(
        'Stacks',
        (r) => !!findRow(r, "octo's stack (review)") && !!findRow(r, 'feat: lexer'),
        60_000,
      );
      assert.match(findRow(stacks, "octo's stack (review)")?.description ?? '', /^#1, #2, #3, #4 · read-only/);
      assert.match(findRow(stacks, 'feat: lexer')?.description ?? '', /#2 by octo · read-only/);
      await session.screenshot(join(RESULTS, 'review-checkout-stacks.png'));

      // The graph badges each reviewed commit: a lock and its PR, the whole story in the tooltip.
      await session.runCommand('Stackline: Show Graph', 30_000);
      const frame = await graphFrame(page, 'panel');
      const badge = frame.locator('.row', { hasText: 'feat: lexer' }).locator('.badge[data-badge="under-review"]');
      await badge.waitFor({ timeout: 30_000 });
      assert.equal(await badge.locator('.codicon-lock').count(), 1);
      assert.equal((await badge.textContent())?.trim(), '#2');
      assert.match((await badge.getAttribute('title')) ?? '', /^Under review: #2 by octo, read-only\n/);
      assert.equal(await frame.locator('.badge[data-badge="under-review"]').count(), 4, 'one on each PR of the stack');
      assert.equal(await frame.locator('.pill.tag').count(), 0, 'no tag pills');
      await session.screenshot(join(RESULTS, 'review-checkout-graph.png'));
      await session.runCommand('View: Close All Editors');

      // Editing it asks first; Cancel leaves it.
      await contextMenu(session, 'feat: lexer', 'Hide');
      const dialog = page.locator('.monaco-dialog-box', { hasText: 'checked out for review' });
      await dialog.waitFor({ timeout: 15_000 });
      await session.screenshot(join(RESULTS, 'review-edit-asks.png'));
      await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });

      await contextMenu(session, "octo's stack (review)", 'Stop Reviewing');
      await session.waitForTreeRows(
        'Stacks',
        (r) => !findRow(r, "octo's stack (review)") && !findRow(r, 'feat: lexer'),
        30_000,
      );
      assert.deepEqual(f.standin.violations, []);
    } catch (error) {
      if (session) await session.screenshot(join(RESULTS, 'review-viewed-failure.png')).catch(() => undefined);
      throw error;
    } finally {
      await session?.close();
      await f.close();
    }
  },
);
