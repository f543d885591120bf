// The packaged extension in a real VS Code (code-server): the Stacks view, navigation from the
// command palette, and refresh after a commit made outside VS Code.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createDemoRepo } from '../../scripts/demo-repo';
import { startVSCode, type Session, showOnlyStacks, findRow as row, describeRows as describe } from './harness';

const ROOT = join(__dirname, '..', '..');
const VSIX = join(ROOT, 'dist', 'stackline.vsix');
const RESULTS = join(ROOT, 'test-results');
mkdirSync(RESULTS, { recursive: true });

const temp = mkdtempSync(join(tmpdir(), 'stackline-vscode-'));
after(() => rmSync(temp, { recursive: true, force: true }));

test('Stacks view: stacks, HEAD marker, next from the palette, refresh after a terminal commit', async () => {
  const demo = createDemoRepo(temp);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: demo.dir, encoding: 'utf8' }).trim();
  let session: Session | undefined;
  try {
    session = await startVSCode({ vsix: [VSIX], folder: demo.dir });
    await showOnlyStacks(session);
    let rows = await session.waitForTreeRows(
      'Stacks',
      (r) => r.some((x) => x.label === 'feat(api): rate-limit middleware'),
      30_000,
    );

    assert.ok(row(rows, 'Uncommitted changes'), describe(rows));
    assert.ok(row(rows, 'rate-limit') && row(rows, 'checkout-flow'), `one group per stack:\n${describe(rows)}`);
    const head = row(rows, 'feat(api): rate-limit middleware')!;
    assert.match(head.description ?? '', /^@ you are here · [0-9a-f]{9} · /, describe(rows));
    assert.match(head.ariaLabel, /you are here/);
    assert.match(
      row(rows, 'checkout-flow')!.ariaLabel,
      /^Stack checkout-flow: Stack of 3 commits based on trunk commit [0-9a-f]{9}/,
      'screen readers hear the stack name',
    );
    for (const title of [
      'docs(api): document limits',
      'feat(api): token bucket',
      'feat(web): checkout page',
      'feat(api): cart endpoints',
      'feat(shared): cart model',
    ]) {
      const commit = row(rows, title);
      assert.ok(commit, `${title} shown:\n${describe(rows)}`);
      assert.doesNotMatch(commit.description ?? '', /you are here/);
    }
    const order = rows.map((r) => r.label);
    assert.ok(
      order.indexOf('docs(api): document limits') < order.indexOf('feat(api): rate-limit middleware'),
      'top of the stack first',
    );
    assert.match(row(rows, 'checkout-flow')!.description ?? '', /3 commits on [0-9a-f]{9}, 4 commits behind trunk/);
    assert.equal(
      rows.filter((r) => r.label === 'chore: bump dependencies').length,
      1,
      'trunk tip shown once, as the base of its stack',
    );
    // Widen the side bar (drag its sash) so the screenshot shows whole descriptions.
    const sideBar = await session.page.locator('.part.sidebar').boundingBox();
    const sashes = await Promise.all(
      (await session.page.locator('.monaco-sash.vertical').all()).map((s) => s.boundingBox()),
    );
    const sash = sashes.find((box) => box && sideBar && Math.abs(box.x - (sideBar.x + sideBar.width)) < 8);
    if (sash) {
      await session.page.mouse.move(sash.x + sash.width / 2, 400);
      await session.page.mouse.down();
      await session.page.mouse.move(760, 400, { steps: 5 });
      await session.page.mouse.up();
    }
    await session.screenshot(join(RESULTS, 'stacks-view.png'));

    // Clicking an uncommitted file opens its diff against HEAD; Open Commit Changes opens a multi-file diff.
    const tabs = () =>
      session!.page
        .locator('.tabs-container .tab')
        .evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
    await session.page.locator('.monaco-list-row', { hasText: 'rate-limit.ts' }).first().click();
    await session.page.locator('.tabs-container .tab[aria-label*="HEAD ↔ working copy"]').waitFor({ timeout: 15_000 });
    await session.runCommand('Stackline: Open Commit Changes');
    await session.page
      .locator('.tabs-container .tab[aria-label*="feat(api): rate-limit middleware"]')
      .waitFor({ timeout: 15_000 });
    await session.page.locator('.monaco-diff-editor').first().waitFor({ timeout: 15_000 });
    assert.ok(
      (await tabs()).some((t) => /^[0-9a-f]{9} feat\(api\): rate-limit middleware/.test(t)),
      (await tabs()).join(' | '),
    );
    await session.screenshot(join(RESULTS, 'commit-changes.png'));

    // Copy Commit Hash without an argument (as from a keybinding) copies the selected commit's hash.
    await session.page.locator('.monaco-list-row', { hasText: 'feat(api): token bucket' }).first().click();
    await session.page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(session.url).origin });
    await session.runCommand('Stackline: Copy Commit Hash');
    await session.page
      .locator('.statusbar', { hasText: `Copied ${demo.stacks[1].commits[0].slice(0, 9)}` })
      .waitFor({ timeout: 10_000 });
    assert.equal(await session.page.evaluate(() => navigator.clipboard.readText()), demo.stacks[1].commits[0]);

    await session.runCommand('Stackline: Next Commit in Stack');
    rows = await session.waitForTreeRows(
      'Stacks',
      (r) => /you are here/.test(row(r, 'docs(api): document limits')?.description ?? ''),
      15_000,
    );
    assert.equal(git('rev-parse', 'HEAD'), demo.stacks[1].commits[2], 'HEAD moved to the next commit');
    assert.equal(git('symbolic-ref', '--short', 'HEAD'), 'rate-limit', 'and onto its branch');
    await session.page
      .locator('.statusbar', {
        hasText: `Now at ${demo.stacks[1].commits[2].slice(0, 9)} docs(api): document limits (rate-limit)`,
      })
      .waitFor({ timeout: 10_000 });
    assert.doesNotMatch(row(rows, 'feat(api): rate-limit middleware')?.description ?? '', /you are here/);

    git('commit', '-q', '--allow-empty', '-m', 'feat(api): made in a terminal');
    rows = await session.waitForTreeRows(
      'Stacks',
      (r) => /you are here/.test(row(r, 'feat(api): made in a terminal')?.description ?? ''),
      15_000,
    );
    assert.ok(
      rows.findIndex((r) => r.label === 'feat(api): made in a terminal') <
        rows.findIndex((r) => r.label === 'docs(api): document limits'),
    );
    await session.screenshot(join(RESULTS, 'stacks-after-terminal-commit.png'));

    // A second child of middleware: the stack forks. One line stays flat; the other is a group just
    // above middleware. Every commit row sits on the next commit row at its level, the last row of a
    // group on the commit just below the group.
    const middleware = demo.stacks[1].commits[1];
    git('switch', '-q', '--detach', middleware);
    git('commit', '-q', '--allow-empty', '-m', 'feat(api): configurable max');
    git('branch', 'max');
    const isFork = (r: (typeof rows)[number]) => /^forks at /.test(r.description ?? '');
    rows = await session.waitForTreeRows(
      'Stacks',
      (r) => r.some(isFork) && !!row(r, 'feat(api): configurable max'),
      15_000,
    );
    await session.screenshot(join(RESULTS, 'stacks-forked.png'));
    const stackRow = rows.find((r) => /5 commits on [0-9a-f]{9}, in 2 lines/.test(r.description ?? ''));
    assert.ok(stackRow, describe(rows));
    const fork = rows.find(isFork)!;
    assert.match(fork.label, /^[12] commits? on feat\(api\): rate-limit middleware$/, describe(rows));
    assert.equal(fork.description, `forks at ${middleware.slice(0, 9)}`);
    const belowGroup = rows.slice(rows.indexOf(fork) + 1).find((r) => r.level <= fork.level)!;
    assert.equal(
      belowGroup.label,
      'feat(api): rate-limit middleware',
      `the group sits just above its fork point:\n${describe(rows)}`,
    );
    assert.equal(belowGroup.level, fork.level);
    const hashOf = (r: (typeof rows)[number]) => /\b[0-9a-f]{9}\b/.exec(r.description ?? '')![0];
    const start = rows.indexOf(stackRow) + 1;
    const stackRows = rows.slice(
      start,
      rows.findIndex((r, i) => i >= start && r.level <= stackRow.level),
    );
    for (const [i, r] of stackRows.entries()) {
      if (isFork(r) || r.label === 'chore: bump dependencies') continue;
      const after = stackRows.slice(i + 1);
      const next = after.find((x) => x.level < r.level || (x.level === r.level && !isFork(x)))!;
      const parent = next.level === r.level ? next : after.find((x) => x.level === r.level - 1 && !isFork(x))!;
      assert.equal(
        git('rev-parse', '--short=9', `${hashOf(r)}^`),
        hashOf(parent),
        `parent of ${r.label}:\n${describe(rows)}`,
      );
    }
    const nested = stackRows.filter((r) => r.level === fork.level + 1);
    assert.equal(nested.length, Number(/^\d+/.exec(fork.label)![0]), describe(rows));

    // With HEAD below the fork, the stack row's Submit cannot know which line is meant: it says so.
    git('switch', '-q', '--discard-changes', '--detach', demo.stacks[1].commits[0]);
    rows = await session.waitForTreeRows(
      'Stacks',
      (r) => /you are here/.test(row(r, 'feat(api): token bucket')?.description ?? ''),
      15_000,
    );
    const stackLine = session.page.locator('.monaco-list-row', { hasText: /in 2 lines/ }).first();
    await stackLine.hover();
    await stackLine.locator('.action-label[aria-label="Submit Stack as PRs"]').click();
    const refusal = session.page.locator('.notification-list-item', { hasText: 'This stack forks at' });
    await refusal.waitFor({ timeout: 15_000 });
    const refused = (await refusal.textContent()) ?? '';
    assert.ok(
      refused.includes(
        `This stack forks at ${middleware.slice(0, 9)} "feat(api): rate-limit middleware". Submit one line: select its top commit (`,
      ),
      refused,
    );
    assert.ok(
      refused.includes('"feat(api): configurable max"') && refused.includes('"feat(api): made in a terminal"'),
      refused,
    );
    await session.screenshot(join(RESULTS, 'stacks-forked-submit-refused.png'));
  } catch (error) {
    if (session) await session.screenshot(join(RESULTS, 'stacks-failure.png')).catch(() => undefined);
    if (session)
      console.error(
        'notifications:',
        await session.notifications().catch(() => []),
        '\nstatus bar:',
        await session.page
          .locator('.statusbar')
          .innerText()
          .catch(() => ''),
      );
    if (session) console.error(session.logs().slice(-4000));
    throw error;
  } finally {
    await session?.close();
  }
});

test('Stacks view: a branch checked out in another worktree says where; going to it detaches and says why', async () => {
  const demo = createDemoRepo(join(temp, 'worktree'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: demo.dir, encoding: 'utf8' }).trim();
  const other = join(temp, 'worktree', 'wt2');
  git('worktree', 'add', '-q', other, 'checkout-flow');
  git('stash', '-q', '--include-untracked'); // the demo's local edits would block the move
  const session = await startVSCode({ vsix: [VSIX], folder: demo.dir });
  try {
    await showOnlyStacks(session);
    const rows = await session.waitForTreeRows(
      'Stacks',
      // The badge comes from a decoration provider, drawn a moment after the row itself.
      (r) =>
        /checkout-flow \(in \.\.\/wt2\)/.test(row(r, 'feat(web): checkout page')?.description ?? '') &&
        row(r, 'feat(web): checkout page')?.badge === 'W',
      30_000,
    );
    assert.doesNotMatch(
      row(rows, 'docs(api): document limits')?.description ?? '',
      /\(in /,
      `only the branch another worktree has is marked:\n${describe(rows)}`,
    );
    // At the default side-bar width the description is cut off; the badge at the row's end is not.
    assert.equal(
      row(rows, 'feat(web): checkout page')?.badge,
      'W',
      `the row has the worktree badge:\n${describe(rows)}`,
    );
    assert.deepEqual(
      rows.filter((r) => r.badge).map((r) => r.label),
      ['feat(web): checkout page'],
      'only that row has a badge',
    );
    await session.screenshot(join(RESULTS, 'stacks-worktree.png'));

    // Going to that commit cannot check the branch out here (git refuses): HEAD detaches and the user is told.
    const top = session.page.locator('.monaco-list-row', { hasText: 'feat(web): checkout page' }).first();
    await top.click();
    await session.runCommand('Stackline: Go to Commit…');
    const pick = session.page
      .locator('.quick-input-widget .monaco-list-row', { hasText: 'feat(web): checkout page' })
      .first();
    await pick.click();
    const told = session.page.locator('.notification-list-item', { hasText: 'checked out in the worktree' });
    await told.waitFor({ timeout: 15_000 });
    assert.match(
      (await told.textContent()) ?? '',
      /detached: branch checkout-flow is checked out in the worktree .*wt2/,
    );
    assert.equal(git('rev-parse', 'HEAD'), demo.stacks[0].commits[2]);
    assert.throws(() => git('symbolic-ref', '-q', 'HEAD'), 'HEAD is detached here');
    assert.equal(
      execFileSync('git', ['status', '--porcelain'], { cwd: other, encoding: 'utf8' }),
      '',
      'the other worktree is untouched',
    );
  } catch (error) {
    await session.screenshot(join(RESULTS, 'stacks-worktree-failure.png')).catch(() => undefined);
    throw error;
  } finally {
    await session.close();
  }
});

test('Stacks view: one section per repository in a multi-root workspace', async () => {
  const parent = join(temp, 'multi');
  const first = createDemoRepo(join(parent, 'one'));
  const second = join(parent, 'two');
  mkdirSync(second, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: second, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=Bo', '-c', 'user.email=bo@example.com', 'commit', '-q', '--allow-empty', '-m', 'trunk of two');
  git('switch', '-q', '-c', 'idea');
  git(
    '-c',
    'user.name=Bo',
    '-c',
    'user.email=bo@example.com',
    'commit',
    '-q',
    '--allow-empty',
    '-m',
    'feat: second repo idea',
  );
  const workspace = join(parent, 'both.code-workspace');
  writeFileSync(workspace, JSON.stringify({ folders: [{ path: first.dir }, { path: second }] }));
  const session = await startVSCode({ vsix: [VSIX], folder: workspace });
  try {
    await showOnlyStacks(session);
    const rows = await session.waitForTreeRows(
      'Stacks',
      (r) =>
        r.some((x) => x.label === 'feat: second repo idea') &&
        r.some((x) => x.label === 'feat(api): token bucket') &&
        r.some((x) => x.label === 'two' && x.description === 'idea'),
      30_000,
    );
    const monorepo = rows.find((r) => r.label === 'monorepo');
    const two = rows.find((r) => r.label === 'two');
    assert.ok(monorepo && two, `a section per repository:\n${describe(rows)}`);
    assert.equal(monorepo.level, 1);
    assert.equal(two.description, 'idea');
    assert.ok(rows.find((r) => r.label === 'feat: second repo idea')!.level > two.level);
    await session.screenshot(join(RESULTS, 'stacks-multi-root.png'));
  } finally {
    await session.close();
  }
});

test('Stacks view: a welcome message when the folder holds no repository', async () => {
  const empty = join(temp, 'not-a-repo');
  mkdirSync(empty, { recursive: true });
  const session = await startVSCode({ vsix: [VSIX], folder: empty });
  try {
    await session.openView('Stackline');
    await session.page.getByText('No git repository found in this workspace.').waitFor({ timeout: 20_000 });
    await session.screenshot(join(RESULTS, 'stacks-welcome.png'));
  } finally {
    await session.close();
  }
});
