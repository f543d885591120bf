// Amending from the commit graph in a real VS Code (code-server) with the packaged .vsix: drag one
// file of Uncommitted changes from the details pane onto trunk (refused, with the reason in the drop
// card) and onto a draft commit lower in the stack (amended, the commits above restacked); Undo puts
// it all back. Then, with git slowed down (a wrapper first on PATH holds every ref update for a few
// seconds), drag the whole Uncommitted changes row onto a commit: the predicted result shows in the
// Stacks view and in the graph (rows git is rewriting marked) before the real one replaces it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Frame, Locator, Page } from 'playwright-core';
import { graphFrame, reportFailure } from './graphFrame';
import { codeServerPaths, describeRows, findRow, showOnlyStacks, startVSCode, type Session } from './harness';

const ROOT = join(__dirname, '..', '..');
const VSIX = join(ROOT, 'dist', 'stackline.vsix');
const RESULTS = join(ROOT, 'test-results');
mkdirSync(RESULTS, { recursive: true });

const temp = mkdtempSync(join(tmpdir(), 'stackline-graph-amend-'));
after(() => rmSync(temp, { recursive: true, force: true }));

/** trunk on origin; feature: s1 (a.txt) ← s2 (b.txt) ← s3 (c.txt), HEAD on feature; a.txt and c.txt edited, new.txt new. */
function makeRepo() {
  const origin = join(temp, 'origin');
  const dir = join(temp, 'repo');
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
  mkdirSync(origin);
  git(origin, 'init', '-q', '-b', 'main');
  writeFileSync(join(origin, 'README.md'), 'demo\n');
  git(origin, 'add', '-A');
  git(origin, 'commit', '-qm', 'chore: trunk');
  git(temp, 'clone', '-q', origin, dir);
  git(dir, 'switch', '-q', '-c', 'feature');
  for (const [title, file] of [
    ['feat: s1', 'a.txt'],
    ['feat: s2', 'b.txt'],
    ['feat: s3', 'c.txt'],
  ]) {
    writeFileSync(join(dir, file), `${file}\n`);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', title);
  }
  writeFileSync(join(dir, 'a.txt'), 'a.txt, edited\n');
  writeFileSync(join(dir, 'c.txt'), 'c.txt, edited\n');
  writeFileSync(join(dir, 'new.txt'), 'new\n');
  return { dir, git: (...args: string[]) => git(dir, ...args) };
}

/** A `git` first on PATH that holds every ref update for 8 s while the file `slow` exists. */
function slowGit(): { bin: string; slow: string } {
  const bin = join(temp, 'bin');
  const slow = join(temp, 'slow');
  mkdirSync(bin);
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  writeFileSync(
    join(bin, 'git'),
    `#!/bin/sh\ncase " $* " in *" update-ref "*) [ -e '${slow}' ] && sleep 8;; esac\nexec '${real}' "$@"\n`,
  );
  chmodSync(join(bin, 'git'), 0o755);
  return { bin, slow };
}

const commitRow = (frame: Frame, title: string) =>
  frame.locator('.row.commit:not([hidden])').filter({ has: frame.locator('.title', { hasText: title }) });

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not in view');
  return { x: box.x + Math.min(160, box.width / 4), y: box.y + box.height / 2 };
}

/** Presses on `from`, moves onto the row `to` (as a person would, in steps) and leaves the button down. */
async function dragOver(page: Page, from: Locator, to: Locator): Promise<void> {
  const start = await centre(from);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  const end = await centre(to);
  await page.mouse.move(end.x, end.y, { steps: 12 });
}

test('Graph: drag a file of Uncommitted changes onto a commit, refused on trunk, Undo; the predicted tree first', async () => {
  const repo = makeRepo();
  const { bin, slow } = slowGit();
  const refs = () => repo.git('for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads');
  const before = refs();
  const status = () => execFileSync('git', ['status', '--porcelain'], { cwd: repo.dir, encoding: 'utf8' }).trimEnd();
  const statusBefore = status();
  let session: Session | undefined;
  try {
    const { nodeBinDir } = await codeServerPaths();
    session = await startVSCode({
      vsix: [VSIX],
      folder: repo.dir,
      viewport: { width: 1400, height: 900 },
      env: { PATH: `${bin}:${nodeBinDir}:${process.env.PATH ?? ''}` },
    });
    const { page } = session;
    await showOnlyStacks(session);
    await session.runCommand('Stackline: Show Graph', 30_000);
    const frame = await graphFrame(page, 'panel');
    await commitRow(frame, 'feat: s1').waitFor({ timeout: 20_000 });

    // The Uncommitted changes row: its files in the details pane, each one draggable.
    await frame.locator('.row.uncommitted').click();
    const file = frame.locator('.details .uncommitted-file[data-path="a.txt"]');
    await file.waitFor({ timeout: 10_000 });
    assert.deepEqual(
      await frame
        .locator('.details .uncommitted-file')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-path'))),
      ['a.txt', 'c.txt', 'new.txt'],
    );

    // Onto trunk: refused, and the card says why.
    await dragOver(page, file, commitRow(frame, 'chore: trunk'));
    await frame
      .locator('.drop-card.refused', { hasText: 'is on trunk: Stackline never rewrites public commits' })
      .waitFor({ timeout: 15_000 });
    await session.screenshot(join(RESULTS, 'graph-amend-refused.png'));
    await page.keyboard.press('Escape');
    await page.mouse.up();
    assert.equal(refs(), before, 'nothing written');

    // Onto s1, two commits below HEAD: the card says what happens; the drop amends a.txt into s1.
    const s1 = repo.git('rev-parse', 'feature~2');
    await dragOver(page, file, commitRow(frame, 'feat: s1'));
    await frame
      .locator('.drop-card.ok', {
        hasText: `Amend a.txt into ${s1.slice(0, 9)} (feat: s1), restacking 2 commits above it`,
      })
      .waitFor({ timeout: 15_000 });
    await session.screenshot(join(RESULTS, 'graph-amend-preview.png'));
    await page.mouse.up();
    const done = Date.now() + 60_000;
    while (refs() === before && Date.now() < done) await page.waitForTimeout(250);
    assert.equal(repo.git('show', 'feature~2:a.txt'), 'a.txt, edited');
    assert.deepEqual(repo.git('log', '--format=%s', 'origin/main..feature').split('\n'), [
      'feat: s3',
      'feat: s2',
      'feat: s1',
    ]);
    assert.equal(status(), ' M c.txt\n?? new.txt', 'only a.txt left the working copy');
    await frame.waitForFunction(
      () => !document.querySelector('.details .uncommitted-file[data-path="a.txt"]'),
      undefined,
      { timeout: 30_000 },
    );
    await frame.locator('.details .uncommitted-file[data-path="c.txt"]').waitFor({ timeout: 10_000 });
    await session.screenshot(join(RESULTS, 'graph-amend-done.png'));

    // Undo: one step puts the branches and the working copy back.
    await session.runCommand('Stackline: Undo');
    const undone = Date.now() + 60_000;
    while (refs() !== before && Date.now() < undone) await page.waitForTimeout(250);
    assert.equal(refs(), before, 'undo restored every branch');
    assert.equal(status(), statusBefore, 'and the working copy');
    await frame.locator('.details .uncommitted-file[data-path="a.txt"]').waitFor({ timeout: 30_000 });

    // Slow git: drop the whole Uncommitted changes row on s3 (HEAD); the prediction shows before git is done.
    const s3 = repo.git('rev-parse', 'feature').slice(0, 9);
    writeFileSync(slow, '');
    await frame.waitForFunction(() => !document.querySelector('.app.pending'), undefined, { timeout: 30_000 });
    await dragOver(page, frame.locator('.row.uncommitted'), commitRow(frame, 'feat: s3'));
    await frame
      .locator('.drop-card.ok', { hasText: 'Amend the uncommitted changes into' })
      .waitFor({ timeout: 15_000 });
    await page.mouse.up();
    // The graph and the tree are watched at once: the prediction shows only while git works.
    const graphPredicted = frame.waitForFunction(
      () =>
        document.querySelectorAll('.row.commit.rewriting').length === 1 &&
        document.querySelector('.row.commit.rewriting .title')?.textContent === 'feat: s3' &&
        !document.querySelector('.row.uncommitted:not([hidden])') &&
        /^Amending changes into [0-9a-f]{9}…$/.test(document.querySelector('.toolbar-status')?.textContent ?? ''),
      undefined,
      { timeout: 15_000, polling: 50 },
    );
    const predicted = await session.waitForTreeRows(
      'Stacks',
      (rows) => rows.some((r) => r.label === 'feat: s3' && /rewriting…/.test(r.description ?? '')),
      15_000,
    );
    // The predicted row still has the old hash: git's result (a new one) has not reached the tree yet.
    assert.ok(
      findRow(predicted, 'feat: s3')!.description!.includes(s3),
      `the tree shows the prediction while git still works:\n${describeRows(predicted)}`,
    );
    assert.ok(!findRow(predicted, 'Uncommitted changes'), `every change predicted gone:\n${describeRows(predicted)}`);
    assert.match(findRow(predicted, 'feat: s3')!.description ?? '', /^rewriting… · @ you are here/);
    assert.doesNotMatch(findRow(predicted, 'feat: s2')!.description ?? '', /rewriting/, 's2 stays as it is');
    // The graph marks s3 only, shows no uncommitted changes, and says what runs.
    await graphPredicted;
    await session.screenshot(join(RESULTS, 'graph-amend-predicted.png'));

    // Then the real one: new hashes, nothing marked, the working copy clean.
    const real = await session.waitForTreeRows(
      'Stacks',
      (rows) => rows.some((r) => r.label === 'feat: s3') && !rows.some((r) => /rewriting/.test(r.description ?? '')),
      60_000,
    );
    rmSync(slow);
    assert.notEqual(refs(), before);
    assert.ok(!findRow(real, 'feat: s3')!.description!.includes(s3), describeRows(real));
    assert.equal(status(), '', `clean:\n${describeRows(real)}`);
    assert.equal(repo.git('show', 'feature:c.txt'), 'c.txt, edited');
    assert.equal(repo.git('show', 'feature:new.txt'), 'new', 'new files too, for the whole row');
    await frame.waitForFunction(() => !document.querySelector('.row.commit.rewriting'), undefined, {
      timeout: 30_000,
    });
    await session.screenshot(join(RESULTS, 'graph-amend-real.png'));
    assert.ok(!existsSync(slow));
  } catch (error) {
    await reportFailure(session, join(RESULTS, 'graph-amend-failure.png'));
    throw error;
  } finally {
    await session?.close();
  }
});
