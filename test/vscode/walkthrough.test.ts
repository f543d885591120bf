// The Get Started walkthrough in a real VS Code (code-server): it opens by itself once after
// install, a step's button runs its Stackline command and the step ticks off, it stays closed
// after a reload, and "Stackline: Get Started" brings it back. With stackline.walkthrough.openOnInstall
// off (the harness default, so other tests meet no walkthrough), it never opens.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createDemoRepo } from '../../scripts/demo-repo';
import { startVSCode, type Session } from './harness';

const ROOT = join(__dirname, '..', '..');
const VSIX = join(ROOT, 'dist', 'stackline.vsix');
const RESULTS = join(ROOT, 'test-results');
mkdirSync(RESULTS, { recursive: true });

const temp = mkdtempSync(join(tmpdir(), 'stackline-vscode-'));
after(() => rmSync(temp, { recursive: true, force: true }));

const WALKTHROUGH = 'stackline.stackline#getStarted';
const step = (session: Session, id: string) =>
  session.page.locator(`button.getting-started-step[data-step-id="${WALKTHROUGH}#${id}"]`);
const welcomeTabs = (session: Session) => session.page.locator('.tabs-container .tab[aria-label^="Welcome"]');

/** Stackline has activated and read the repository: its Stacks view shows the demo's commits. */
async function stacklineReady(session: Session): Promise<void> {
  await session.openView('Stackline');
  await session.waitForTreeRows('Stacks', (rows) => rows.some((r) => r.label === 'feat(api): token bucket'), 60_000);
}

/** What Stackline's output channel logged, across window reloads (from VS Code's log folder). */
function stacklineLog(session: Session): string {
  const files = readdirSync(join(session.userDataDir, 'logs'), { recursive: true, encoding: 'utf8' }).filter((file) =>
    file.endsWith('-Stackline.log'),
  );
  return files.map((file) => readFileSync(join(session.userDataDir, 'logs', file), 'utf8')).join('\n');
}
const OPENED = 'First activation: opening the Get Started walkthrough.';
const timesOpened = (session: Session) => stacklineLog(session).split(OPENED).length - 1;

async function onFailure(session: Session | undefined, name: string): Promise<void> {
  if (!session) return;
  await session.screenshot(join(RESULTS, `${name}-failure.png`)).catch(() => undefined);
  console.error('notifications:', await session.notifications().catch(() => []));
  console.error(session.logs().slice(-4000));
}

test('Get Started opens once after install; Show Stacks and Previous Commit run their commands and tick their steps; the palette reopens it', async () => {
  const demo = createDemoRepo(join(temp, 'open'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: demo.dir, encoding: 'utf8' }).trim();
  // The demo leaves an edit to a file the commit below does not have; a move there would be refused.
  git('checkout', '--', 'packages/api/src/rate-limit.ts');
  const [bucket, middleware] = demo.stacks[1].commits;
  assert.equal(git('rev-parse', 'HEAD'), middleware);
  let session: Session | undefined;
  try {
    session = await startVSCode({
      vsix: [VSIX],
      folder: demo.dir,
      settings: { 'stackline.walkthrough.openOnInstall': true },
    });
    // Nothing but Stackline's first activation opens it: no command is run before this.
    await step(session, 'stacks').waitFor({ timeout: 60_000 });
    await session.page
      .locator('.getting-started-category .category-title, .gettingStartedSlideDetails h2', {
        hasText: 'Get Started with Stackline',
      })
      .first()
      .waitFor({ timeout: 10_000 });
    assert.equal(await welcomeTabs(session).count(), 1);
    for (const deadline = Date.now() + 10_000; timesOpened(session) === 0 && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 250));
    assert.equal(timesOpened(session), 1, `Stackline opened it (its log: ${stacklineLog(session).slice(-500)})`);
    assert.deepEqual(
      await session.page
        .locator(`button.getting-started-step[data-step-id^="${WALKTHROUGH}#"] .step-title`)
        .allTextContents(),
      [
        'See your stacks',
        'Move along a stack',
        'Edit and undo',
        'Submit as pull requests',
        'Sparse profiles',
        'Commit rules and the hook',
      ],
    );
    assert.equal(await step(session, 'navigate').getAttribute('aria-checked'), 'false');
    // The step's picture: the SVG drawn in the theme's colours, inside the walkthrough's webview.
    // The webview frame comes a moment after the step's text: wait for it rather than race it.
    let picture = session.page.frames().find((frame) => frame.url().includes('fake.html'));
    for (const deadline = Date.now() + 15_000; !picture && Date.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 250));
      picture = session.page.frames().find((frame) => frame.url().includes('fake.html'));
    }
    assert.ok(picture, 'the step shows its picture in a webview');
    await picture.locator('svg text', { hasText: 'you are here' }).first().waitFor({ timeout: 15_000 });

    // "Show Stacks" opens the Stacks view, and onView ticks the first step.
    await step(session, 'stacks').locator('.button-container a.monaco-button', { hasText: 'Show Stacks' }).click();
    await session.waitForTreeRows('Stacks', (rows) => rows.some((r) => r.label === 'feat(api): token bucket'), 30_000);
    await session.page
      .locator(`button.getting-started-step[data-step-id="${WALKTHROUGH}#stacks"][aria-checked="true"]`)
      .waitFor({ timeout: 15_000 });

    // Open the next step, press its button: VS Code runs command:stackline.prev.
    await step(session, 'navigate').click();
    const button = step(session, 'navigate').locator('.button-container a.monaco-button', {
      hasText: 'Previous Commit',
    });
    await button.waitFor({ state: 'visible', timeout: 10_000 });
    await button.click();
    for (const deadline = Date.now() + 20_000; git('rev-parse', 'HEAD') !== bucket;) {
      assert.ok(Date.now() < deadline, `HEAD moved to the commit below (${git('log', '-1', '--format=%h %s')})`);
      await new Promise((r) => setTimeout(r, 250));
    }
    await session.page
      .locator(`button.getting-started-step[data-step-id="${WALKTHROUGH}#navigate"][aria-checked="true"]`)
      .waitFor({ timeout: 15_000 });
    assert.equal(
      await step(session, 'navigate').locator('.codicon-getting-started-step-checked').count(),
      1,
      'the step shows a tick',
    );
    assert.equal(
      await step(session, 'edit').getAttribute('aria-checked'),
      'false',
      'only the step whose command ran ticks off',
    );
    await session.page.locator('.statusbar', { hasText: 'Now at' }).waitFor({ timeout: 10_000 });
    await session.waitForTreeRows(
      'Stacks',
      (rows) => /you are here/.test(rows.find((r) => r.label === 'feat(api): token bucket')?.description ?? ''),
      15_000,
    );
    await session.screenshot(join(RESULTS, 'walkthrough-step-done.png'));

    // Once: with every editor closed, a reload (Stackline activates again) leaves it closed.
    await session.runCommand('View: Close All Editors');
    await welcomeTabs(session).waitFor({ state: 'detached', timeout: 10_000 });
    await session.runCommand('Developer: Reload Window');
    await session.page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    await stacklineReady(session);
    await new Promise((r) => setTimeout(r, 3_000));
    assert.equal(await welcomeTabs(session).count(), 0, 'the walkthrough opens only once');
    assert.equal(timesOpened(session), 1, 'the second activation did not open it');

    // From the palette, any time; the ticked step stays ticked.
    await session.runCommand('Stackline: Get Started');
    await step(session, 'navigate').waitFor({ timeout: 15_000 });
    assert.equal(await step(session, 'navigate').getAttribute('aria-checked'), 'true');
    await session.screenshot(join(RESULTS, 'walkthrough-from-palette.png'));
  } catch (error) {
    await onFailure(session, 'walkthrough');
    throw error;
  } finally {
    await session?.close();
  }
});

test('with stackline.walkthrough.openOnInstall off (as the other VS Code tests run), it does not open', async () => {
  const demo = createDemoRepo(join(temp, 'off'));
  let session: Session | undefined;
  try {
    session = await startVSCode({ vsix: [VSIX], folder: demo.dir });
    await stacklineReady(session);
    await new Promise((r) => setTimeout(r, 3_000));
    assert.equal(timesOpened(session), 0, stacklineLog(session));
    assert.equal(await welcomeTabs(session).count(), 0);
    assert.equal(await session.page.locator('.gettingStartedContainer').count(), 0);
  } catch (error) {
    await onFailure(session, 'walkthrough-off');
    throw error;
  } finally {
    await session?.close();
  }
});
