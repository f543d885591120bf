// Land Stack in a real VS Code (code-server): submit the demo's 3-commit stack (the stand-in keeps it
// as a GitHub native stack), then Land Stack on the stack row lands all three with one merge-async,
// with a progress notification, and the tree shows the stack gone onto trunk. Under a merge queue the
// PR shows its place in the queue and the rest follows by itself once GitHub merges; without a native
// stack the local queue stops on Cancel and Continue Landing goes on.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createDemoRepo } from '../../scripts/demo-repo';
import { attachToStandin, startGitHubStandin, type GitHubStandin } from '../github-standin';
import type { Frame } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { showGraph } from './graphFrame';
import { clickInline, findRow as row, setTokenFromNotification, startVSCode, treeRow, type Session } from './harness';

const ROOT = join(__dirname, '..', '..');
const VSIX = join(ROOT, 'dist', 'stackline.vsix');
const RESULTS = join(ROOT, 'test-results');
const TOKEN = 'ghp_VSCodeTestToken0123456789abcdefABCD';
const REPO = 'octo/demo';
const CHECKOUT = ['feat(shared): cart model', 'feat(api): cart endpoints', 'feat(web): checkout page'];

const temp = mkdtempSync(join(tmpdir(), 'stackline-vscode-land-'));
after(() => rmSync(temp, { recursive: true, force: true }));

test('Land Stack lands a native stack with one merge, with progress', { timeout: 300_000 }, async () => {
  await onSubmittedDemo({ nativeStacks: true }, 'land-stack-failure.png', async (standin, session) => {
    assert.deepEqual(
      standin.nativeStacks.stacks(REPO).map((s) => s.pulls),
      [[1, 2, 3]],
    );
    // Results stay pending for a few reads, so the progress notification is there to see.
    standin.nativeStacks.setPendingReads(4);
    const mark = standin.calls.length;
    await treeRow(session, 'checkout-flow').click();
    await session.runCommand('Stackline: Land Stack');
    await toast(session, 'Landing the stack…').waitFor({ timeout: 60_000 });
    await toast(session, 'Landed #1, #2, #3 on main (one merge of the native stack).').waitFor({ timeout: 90_000 });
    await session.waitForTreeRows('Stacks', (r) => CHECKOUT.every((t) => !row(r, t)), 60_000);
    await session.screenshot(join(RESULTS, 'land-stack.png'));
    assert.deepEqual(
      [1, 2, 3].map((n) => standin.pull(REPO, n).merged),
      [true, true, true],
    );
    assert.deepEqual(
      standin
        .writes(mark)
        .map((c) => c.operationId)
        .filter((op) => op?.startsWith('pulls/merge')),
      ['pulls/merge-async'],
    );
  });
});

/** The demo in a VS Code attached to a fresh stand-in, with the checkout-flow stack submitted and every PR ready. */
async function submittedDemo(options: {
  nativeStacks: boolean;
}): Promise<{ standin: GitHubStandin; session: Session; dir: string }> {
  const demo = createDemoRepo(mkdtempSync(join(temp, 'demo-')));
  const standin = await startGitHubStandin({ tokens: { [TOKEN]: 'octo' } });
  attachToStandin(standin, { workDir: demo.dir, bareDir: demo.origin, owner: 'octo', name: 'demo' });
  if (!options.nativeStacks) standin.nativeStacks.setEnabled(REPO, false);
  const session = await startVSCode({
    vsix: [VSIX],
    folder: demo.dir,
    settings: { 'stackline.github.apiUrl': standin.apiUrl, 'stackline.github.mergeMethod': 'squash' },
    viewport: { width: 1500, height: 900 },
  }).catch(async (error: unknown) => {
    await standin.close();
    throw error;
  });
  try {
    await session.openView('Stackline');
    await session.waitForTreeRows('Stacks', (r) => !!row(r, 'checkout-flow'), 60_000);
    await clickInline(session, 'checkout-flow', 'Submit Stack as PRs');
    await setTokenFromNotification(session, TOKEN);
    await session.waitForTreeRows(
      'Stacks',
      (r) => CHECKOUT.every((t) => /PR #\d+ open/.test(row(r, t)?.description ?? '')),
      90_000,
    );
  } catch (error) {
    await session.screenshot(join(RESULTS, 'land-stack-submit-failure.png'));
    console.error(session.logs().slice(-6000));
    await session.close();
    await standin.close();
    throw error;
  }
  for (const number of [1, 2, 3]) {
    const pull = standin.pull(REPO, number);
    standin.setChecks(REPO, pull.head.sha, [{ name: 'ci', status: 'completed', conclusion: 'success' }]);
    standin.addReview(REPO, number, 'reviewer', 'APPROVED');
  }
  return { standin, session, dir: demo.dir };
}

/** Runs `body` on a submitted demo; on failure a screenshot named after `failure` and the end of the log. */
async function onSubmittedDemo(
  options: { nativeStacks: boolean },
  failure: string,
  body: (standin: GitHubStandin, session: Session, dir: string) => Promise<void>,
): Promise<void> {
  let standin: GitHubStandin | undefined;
  let session: Session | undefined;
  try {
    let dir: string;
    ({ standin, session, dir } = await submittedDemo(options));
    await body(standin, session, dir);
    assert.deepEqual(standin.violations, []);
  } catch (error) {
    await session?.screenshot(join(RESULTS, failure));
    if (session) console.error(session.logs().slice(-4000));
    throw error;
  } finally {
    await session?.close();
    await standin?.close();
  }
}

/** The PR badge on the graph row of the commit with this title. */
const prBadge = (frame: Frame, title: string) =>
  frame
    .locator('.row.commit:not([hidden])')
    .filter({ has: frame.locator('.title', { hasText: new RegExp(`^${title.replace(/[()]/g, '\\$&')}$`) }) })
    .locator('.badge[data-badge="pr"]');

const toast = (session: Session, text: string | RegExp) =>
  session.page.locator('.notifications-toasts .notification-list-item', { hasText: text });

test(
  'under a merge queue: the native stack on the stack row, the queued place on the PR, and the rest follows once merged',
  { timeout: 300_000 },
  async () => {
    await onSubmittedDemo({ nativeStacks: true }, 'land-stack-queued-failure.png', async (standin, session) => {
      await session.waitForTreeRows(
        'Stacks',
        (r) => /native stack 1/.test(row(r, 'checkout-flow')?.description ?? ''),
        30_000,
      );
      standin.nativeStacks.setMergeQueue(REPO, 'main', true);

      // From the top commit's row (a click on the stack row would fold it): the line up to it, all of it.
      await treeRow(session, 'feat(web): checkout page').click();
      await session.runCommand('Stackline: Land Stack');
      await toast(session, 'PR #3 is in the merge queue of main (position 1).').waitFor({ timeout: 90_000 });
      await session.waitForTreeRows(
        'Stacks',
        (r) => /PR #3 queued, position 1/.test(row(r, 'feat(web): checkout page')?.description ?? ''),
        30_000,
      );
      await session.page.mouse.move(0, 0);
      await session.screenshot(join(RESULTS, 'land-stack-queued.png'));
      // The graph's PR badge: a clock with the queue position, and the place in the native stack.
      const frame = await showGraph(session);
      const top = prBadge(frame, 'feat(web): checkout page');
      await top.locator('.part .codicon-clock').waitFor({ timeout: 30_000 });
      assert.equal((await top.locator('.part', { has: frame.locator('.codicon-clock') }).textContent())?.trim(), '1');
      assert.equal(
        (await top.locator('.part', { has: frame.locator('.codicon-layers') }).textContent())?.trim(),
        '3/3',
      );
      assert.match((await top.getAttribute('title'))!, /in the merge queue, position 1/);
      await session.screenshot(join(RESULTS, 'land-stack-queued-graph.png'));
      assert.deepEqual(
        [1, 2, 3].map((n) => standin.pull(REPO, n).merged),
        [false, false, false],
        'nothing merged yet',
      );

      // GitHub's queue merges; the next status refresh sees it and finishes the land by itself.
      standin.nativeStacks.advanceQueue(REPO);
      await session.runCommand('Stackline: Refresh PR Status');
      await toast(session, 'Landed #1, #2, #3 on main (through the merge queue).').waitFor({ timeout: 90_000 });
      await session.waitForTreeRows('Stacks', (r) => CHECKOUT.every((t) => !row(r, t)), 60_000);
    });
  },
);

test(
  'without a native stack: Cancel stops the local queue after the PR it is merging; Continue Landing goes on',
  { timeout: 300_000 },
  async () => {
    await onSubmittedDemo({ nativeStacks: false }, 'land-stack-cancel-failure.png', async (standin, session) => {
      // Each merge takes a few seconds, so Cancel lands while the first one runs.
      standin.slowDown('pulls/merge', 4000);
      await treeRow(session, 'checkout-flow').click();
      await session.runCommand('Stackline: Land Stack');
      const progress = toast(session, 'Landing the stack…');
      await progress.waitFor({ timeout: 60_000 });
      await progress.locator('.monaco-button', { hasText: 'Cancel' }).click();
      const stopped = toast(session, 'Stopped after landing #1. Continue Landing goes on from there.');
      await stopped.waitFor({ timeout: 90_000 });
      await session.screenshot(join(RESULTS, 'land-stack-cancelled.png'));
      assert.deepEqual(
        [1, 2, 3].map((n) => standin.pull(REPO, n).merged),
        [true, false, false],
      );

      standin.slowDown('pulls/merge', 0);
      await stopped.locator('.monaco-button', { hasText: 'Continue Landing' }).click();
      await toast(session, 'Landed #2, #3 on main (one PR at a time).').waitFor({ timeout: 120_000 });
      assert.deepEqual(
        [1, 2, 3].map((n) => standin.pull(REPO, n).merged),
        [true, true, true],
      );
      await session.waitForTreeRows('Stacks', (r) => CHECKOUT.every((t) => !row(r, t)), 60_000);
    });
  },
);

test(
  'a stack reordered locally after submit: the tree and the graph say GitHub stacks it differently',
  { timeout: 300_000 },
  async () => {
    await onSubmittedDemo({ nativeStacks: true }, 'land-stack-mismatch-failure.png', async (_standin, session, dir) => {
      await session.waitForTreeRows(
        'Stacks',
        (r) => /native stack 1/.test(row(r, 'checkout-flow')?.description ?? ''),
        30_000,
      );
      // Swap the top two commits without submitting: GitHub still stacks 1 ← 2 ← 3.
      const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
      // In a scratch worktree: the demo's own has uncommitted changes and HEAD on another stack.
      const scratch = mkdtempSync(join(temp, 'swap-'));
      git('worktree', 'add', '-q', '--detach', scratch, 'checkout-flow~2');
      const inScratch = (...args: string[]) => execFileSync('git', args, { cwd: scratch, encoding: 'utf8' });
      inScratch('cherry-pick', 'checkout-flow', 'checkout-flow~1');
      git('update-ref', 'refs/heads/checkout-flow', inScratch('rev-parse', 'HEAD').trim());
      git('worktree', 'remove', '--force', scratch);
      await session.runCommand('Stackline: Refresh PR Status');
      // The branch (PR #3's head) now points at the cart endpoints commit, which sits on #1 here.
      const swapped = await session.waitForTreeRows(
        'Stacks',
        (r) => /PR #3 .*⚠ stacked differently on GitHub/.test(row(r, 'feat(api): cart endpoints')?.description ?? ''),
        60_000,
      );
      assert.doesNotMatch(row(swapped, 'feat(shared): cart model')?.description ?? '', /stacked differently/);
      await session.page.mouse.move(0, 0);
      await session.screenshot(join(RESULTS, 'land-stack-mismatch.png'));
      // The graph marks the same two PRs with a warning, and its tooltip says how to fix it.
      const frame = await showGraph(session);
      const top = prBadge(frame, 'feat(api): cart endpoints');
      await top.locator('.part.tone-warning .codicon-layers').waitFor({ timeout: 30_000 });
      assert.match((await top.getAttribute('title'))!, /stacked differently on GitHub/);
      assert.equal(await prBadge(frame, 'feat(shared): cart model').locator('.part.tone-warning').count(), 0);
      await session.screenshot(join(RESULTS, 'land-stack-mismatch-graph.png'));
    });
  },
);
