// Repository health in a real VS Code (code-server): a repository with git's speed-ups off and
// over the (lowered) size threshold gets the notice once; Optimize… offers the ones that are off,
// maintenance unticked; only what is picked changes, in the repository's config; the palette's
// Stackline: Optimize Repository… offers what is still off; after a reload the notice stays away,
// as it does after Don't Ask Again, which changes nothing.
// The global git config is a temp file, so nothing here touches the machine's.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { makeRepo, removeTempDirs, tempDir } from '../helpers/repo';
import { reportFailure } from './graphFrame';
import { startVSCode, until, type Session } from './harness';

const ROOT = join(__dirname, '..', '..');
const VSIX = join(ROOT, 'dist', 'stackline.vsix');
const RESULTS = join(ROOT, 'test-results');
mkdirSync(RESULTS, { recursive: true });
after(removeTempDirs);

const NOTICE = "Git's speed-ups are off in";

interface PickRow {
  label: string;
  checked: boolean;
}

/** The rows of the open quick pick, with whether each is ticked. */
async function pickRows(session: Session): Promise<PickRow[]> {
  return session.page.$$eval('.quick-input-widget .monaco-list-row', (rows) =>
    rows.map((row) => {
      const box = row.querySelector<HTMLInputElement>('input[type="checkbox"]');
      const custom = row.querySelector('.quick-input-list-checkbox, .monaco-custom-toggle');
      return {
        label: (row.querySelector('.label-name')?.textContent ?? '').trim(),
        checked:
          box?.checked ??
          (custom?.getAttribute('aria-checked') === 'true' || row.getAttribute('aria-checked') === 'true'),
      };
    }),
  );
}

/** A repository of 5 commits and a temp global config; VS Code opens it with the notice on from 3 commits. */
function repoOverThreshold() {
  const repo = makeRepo();
  for (let i = 1; i <= 5; i++) repo.commit(`feat: step ${i}`, { [`src/step${i}.ts`]: `export const step = ${i};\n` });
  const globalConfig = join(tempDir('stackline-global-'), 'gitconfig');
  writeFileSync(globalConfig, '');
  const open = () =>
    startVSCode({
      vsix: [VSIX],
      folder: repo.dir,
      settings: { 'stackline.health.notice': true, 'stackline.health.noticeMinCommits': 3 },
      env: { GIT_CONFIG_GLOBAL: globalConfig },
    });
  return { repo, globalConfig, open };
}

/** Reloads the window and waits until Stackline has read the repository again. */
/** Enter in the open quick pick, again if a busy window let the first one pass unseen. */
async function acceptPick(session: Session): Promise<void> {
  const widget = session.page.locator('.quick-input-widget');
  for (let attempt = 1; attempt <= 3; attempt++) {
    await widget.locator('.quick-input-box input').press('Enter');
    const closed = await widget
      .waitFor({ state: 'hidden', timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (closed) return;
  }
  throw new Error('the quick pick stayed open after Enter');
}

async function reloadWindow(session: Session): Promise<void> {
  await session.runCommand('Developer: Reload Window');
  await session.page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
  await session.openView('Stackline');
  await session.waitForTreeRows('Stacks', (r) => r.length > 0, 60_000);
  // The notice, if it were to come, comes right after the first read.
  await new Promise((r) => setTimeout(r, 3_000));
}

test('the notice in a big-enough repository, Optimize… with a choice, then the command from the palette', async () => {
  const { repo, globalConfig, open } = repoOverThreshold();
  const config = () => readFileSync(join(repo.dir, '.git', 'config'), 'utf8');
  const graphFile = join(repo.dir, '.git', 'objects', 'info', 'commit-graph');
  let session: Session | undefined;
  try {
    session = await open();
    const notice = session.page.locator('.notifications-toasts .notification-list-item', { hasText: NOTICE });
    await notice.waitFor({ timeout: 60_000 });
    const text = (await notice.textContent()) ?? '';
    assert.match(text, /commit-graph, untracked cache, background maintenance/);
    assert.doesNotMatch(text, /file system monitor/, 'fsmonitor is not offered on Linux');
    assert.equal(existsSync(graphFile), false, 'nothing changes before an answer');
    await session.screenshot(join(RESULTS, 'health-notice.png'));

    await notice.locator('.monaco-button', { hasText: 'Optimize…' }).click();
    await session.page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ timeout: 15_000 });
    const rows = await until('the three speed-ups that are off', async () => {
      const now = await pickRows(session!);
      return now.length === 3 && now;
    });
    assert.deepEqual(rows, [
      { label: 'Commit-graph', checked: true },
      { label: 'Untracked cache', checked: true },
      { label: 'Background maintenance', checked: false },
    ]);
    const widget = (await session.page.locator('.quick-input-widget').textContent()) ?? '';
    assert.match(widget, /Commit-graph\s*in this repository's config\s*Indexes the history/);
    assert.match(widget, /Background maintenance\s*changes your global git config/);
    await session.screenshot(join(RESULTS, 'health-optimize-pick.png'));

    // Untick the untracked cache: only the commit-graph is turned on.
    await session.page
      .locator('.quick-input-widget .monaco-list-row', { hasText: 'Untracked cache' })
      .locator('input[type="checkbox"], .quick-input-list-checkbox, .monaco-custom-toggle')
      .first()
      .click();
    await until('the untracked cache unticked', async () => {
      const now = await pickRows(session!);
      return now.find((r) => r.label === 'Untracked cache')?.checked === false;
    });
    await acceptPick(session);
    await session.page
      .locator('.notifications-toasts .notification-list-item', { hasText: 'Turned on commit-graph in' })
      .waitFor({ timeout: 60_000 });
    assert.ok(existsSync(graphFile), 'the commit-graph file is written');
    assert.match(config(), /writeCommitGraph = true/);
    assert.doesNotMatch(config(), /untrackedCache/i);
    assert.equal(readFileSync(globalConfig, 'utf8'), '', 'the global config is untouched');
    await session.screenshot(join(RESULTS, 'health-optimized.png'));

    // From the palette: what is still off, the untracked cache ticked; Enter turns it on.
    await session.runCommand('Stackline: Optimize Repository…');
    const rest = await until('the two still off', async () => {
      const now = await pickRows(session!);
      return now.length === 2 && now;
    });
    assert.deepEqual(rest, [
      { label: 'Untracked cache', checked: true },
      { label: 'Background maintenance', checked: false },
    ]);
    await acceptPick(session);
    // The effect first (a toast can come and go while the window is busy), then the words in the notification center.
    await until('the untracked cache turned on', () => (/untrackedCache = true/.test(config()) ? true : undefined));
    await session.runCommand('Notifications: Show Notifications');
    await session.page
      .locator('.notification-list-item', { hasText: 'Turned on untracked cache in' })
      .first()
      .waitFor({ timeout: 30_000 });
    assert.equal(readFileSync(globalConfig, 'utf8'), '');

    // Answered once: a reload (maintenance is still off) brings no notice back.
    await reloadWindow(session);
    assert.equal(
      await session.page.locator('.notifications-toasts .notification-list-item', { hasText: NOTICE }).count(),
      0,
      'the notice comes once per repository',
    );
  } catch (error) {
    await reportFailure(session, join(RESULTS, 'health-failure.png'));
    throw error;
  } finally {
    await session?.close();
  }
});

test("Don't Ask Again changes nothing and the notice stays away after a reload", async () => {
  const { repo, globalConfig, open } = repoOverThreshold();
  const configBefore = readFileSync(join(repo.dir, '.git', 'config'), 'utf8');
  let session: Session | undefined;
  try {
    session = await open();
    const notice = session.page.locator('.notifications-toasts .notification-list-item', { hasText: NOTICE });
    await notice.waitFor({ timeout: 60_000 });
    await notice.locator('.monaco-button', { hasText: "Don't Ask Again" }).click();
    await notice.waitFor({ state: 'detached', timeout: 10_000 });
    await reloadWindow(session);
    assert.equal(await notice.count(), 0, 'the answer is remembered');
    assert.equal(readFileSync(join(repo.dir, '.git', 'config'), 'utf8'), configBefore, 'nothing changed');
    assert.equal(existsSync(join(repo.dir, '.git', 'objects', 'info', 'commit-graph')), false);
    assert.equal(readFileSync(globalConfig, 'utf8'), '');
  } catch (error) {
    await reportFailure(session, join(RESULTS, 'health-dont-ask-failure.png'));
    throw error;
  } finally {
    await session?.close();
  }
});
