// Checking out someone else's stack for review, on real git against the GitHub stand-in, through
// the bundled CLI: `stackline review checkout <url>` puts the PR heads under refs/stackline/reviewing/,
// `stackline log` shows them as octo's stack, read-only; editing one of its commits refuses with the
// fixes (stop reviewing, or --edit-review), --edit-review edits it and undo puts it back; your own
// commit on top stays yours; `stackline review drop` removes it all.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { runOperation } from '../../src/core/operations';
import { predictRestack, predictSync, restackOperation } from '../../src/core/operations';
import { rewordOperation } from '../../src/core/operations/reword';
import { discoverRepository } from '../../src/core/git/repository';
import { GitRunner } from '../../src/core/git/runner';
import { ReviewReadOnlyError } from '../../src/core/review/checkout';
import { smartlogMessage } from '../../src/core/graph/commits';
import { buildSmartlog } from '../../src/core/smartlog/build';
import { validateHostMessage } from '../../src/protocol';
import { bundledCli, type CliResult } from '../helpers/cli';
import { gitHubFixture, HOST, standinCli, type GitHubFixture } from '../helpers/github';
import { removeTempDirs, tempDir } from '../helpers/repo';
import { reviewerCloneDir, submitFourPullStack } from '../helpers/reviewStack';

const REVIEWER_TOKEN = 'ghp_ReviewerTokenDoNotLeak0123456789ab';
after(removeTempDirs);

/** The CLI in the reviewer's clone, signed in as `rev`. */
const cli = (f: GitHubFixture, dir: string, args: string[]) => standinCli(f, args, { dir, token: REVIEWER_TOKEN });

const git = (dir: string, ...args: string[]) => new GitRunner(dir).run(args);

describe('check out a stack for review', { timeout: 120_000 }, () => {
  let f: GitHubFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('shows it in the smartlog as octo’s, refuses to edit it unless asked, undoes the edit, and drops it', async () => {
    f = await gitHubFixture({ tokens: { [REVIEWER_TOKEN]: 'rev' } });
    const commits = await submitFourPullStack(f);
    await f.session().then((s) => s.forge.updatePull(4, { state: 'closed' }));
    const dir = reviewerCloneDir(f);
    const branchesBefore = await git(dir, 'for-each-ref', 'refs/heads');

    const checkout = await cli(f, dir, ['review', 'checkout', `https://${HOST}/octo/demo/pull/2`]);
    assert.equal(checkout.code, 0, checkout.stderr);
    assert.match(checkout.stdout, /Checked out octo's stack of 3 PRs \(#1, #2, #3\) for review, read-only\./);
    assert.match(checkout.stdout, /Left out \(merged or closed\): #4\./);
    assert.equal(
      await git(dir, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/stackline/reviewing/'),
      [1, 2, 3].map((n) => `refs/stackline/reviewing/${n} ${commits[n - 1]}\n`).join(''),
    );
    assert.equal(await git(dir, 'for-each-ref', 'refs/heads'), branchesBefore, 'no branch of yours moved');

    const log = await cli(f, dir, ['log']);
    assert.equal(log.code, 0, log.stderr);
    for (const [i, title] of ['feat: parser', 'feat: lexer', 'feat: printer'].entries())
      assert.match(log.stdout, new RegExp(`\\[review #${i + 1} by octo, read-only\\]\\n.*${title}`));
    assert.doesNotMatch(log.stdout, /feat: docs/);
    assert.match(log.stdout, /Reviewing octo's stack \(#1, #2, #3\): read-only/);
    const json = JSON.parse((await cli(f, dir, ['log', '--json'])).stdout) as {
      commits: { hash: string; review: { pull: number; author: string } | null }[];
      stacks: { review?: { authors: string[]; pulls: number[] } }[];
    };
    assert.deepEqual(json.commits.find((c) => c.hash === commits[1])?.review, {
      pull: 2,
      author: 'octo',
      url: `${f.standin.url}/octo/demo/pull/2`,
    });
    assert.deepEqual(
      json.stacks.map((s) => s.review),
      [{ authors: ['octo'], pulls: [1, 2, 3] }],
    );
    // The graph gets each reviewed commit's PR and author in its own field (never as a tag).
    const graph = smartlogMessage(await buildSmartlog(new GitRunner(dir), await discoverRepository(dir)));
    assert.equal(validateHostMessage(graph).ok, true);
    assert.deepEqual(
      graph.commits.filter((c) => c.review).map((c) => [c.title, c.review]),
      [
        ['feat: printer', { pull: 3, author: 'octo' }],
        ['feat: lexer', { pull: 2, author: 'octo' }],
        ['feat: parser', { pull: 1, author: 'octo' }],
      ],
    );
    assert.ok(graph.commits.every((c) => c.tags === undefined));

    // Rewording #2's commit refuses, naming the fixes; nothing changes.
    const refused = await cli(f, dir, ['reword', commits[1], '-m', 'feat: lexer, better']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /would change octo's stack under review \(#2, #3\), which is checked out read-only/);
    assert.match(refused.stderr, /stackline review drop/);
    assert.match(refused.stderr, /--edit-review/);
    assert.equal(await git(dir, 'rev-parse', 'refs/stackline/reviewing/2'), `${commits[1]}\n`);
    const repo = await discoverRepository(dir);
    await assert.rejects(
      runOperation({ git: new GitRunner(dir), repo }, rewordOperation({ rev: commits[2], message: 'x' })),
      (e: unknown) => e instanceof ReviewReadOnlyError && e.pulls.join() === '3' && e.fixes.length === 2,
    );

    // With --edit-review it rewrites #2 and #3 above it (the review refs move along); undo puts them back.
    const edited = await cli(f, dir, ['reword', commits[1], '-m', 'feat: lexer, better', '--edit-review']);
    assert.equal(edited.code, 0, edited.stderr);
    const moved = (await git(dir, 'rev-parse', 'refs/stackline/reviewing/2', 'refs/stackline/reviewing/3')).split('\n');
    assert.notEqual(moved[0], commits[1]);
    assert.equal(await git(dir, 'log', '-1', '--format=%s', moved[0]), 'feat: lexer, better\n');
    assert.equal(await git(dir, 'rev-parse', `${moved[1]}^`), `${moved[0]}\n`);
    const marked = await buildSmartlog(new GitRunner(dir), repo);
    assert.equal(marked.commits.find((c) => c.hash === moved[0])?.review?.pull, 2, 'still the stack under review');
    const undo = await cli(f, dir, ['undo']);
    assert.equal(undo.code, 0, undo.stderr);
    assert.equal(
      await git(dir, 'rev-parse', 'refs/stackline/reviewing/2', 'refs/stackline/reviewing/3'),
      `${commits[1]}\n${commits[2]}\n`,
    );

    // A commit of your own on top of the reviewed stack is yours to edit.
    await git(dir, 'checkout', '-q', '-b', 'mine', commits[2]);
    await git(dir, 'commit', '-q', '--allow-empty', '-m', 'wip: my try');
    const mine = await cli(f, dir, ['reword', 'HEAD', '-m', 'wip: my better try']);
    assert.equal(mine.code, 0, mine.stderr);
    const afterMine = await buildSmartlog(new GitRunner(dir), repo);
    const top = afterMine.commits.find((c) => c.title === 'wip: my better try');
    assert.ok(top && !top.review, 'your commit is not marked');

    const drop = await cli(f, dir, ['review', 'drop']);
    assert.equal(drop.code, 0, drop.stderr);
    assert.match(drop.stdout, /Stopped reviewing octo's stack: #1, #2, #3 left the smartlog/);
    assert.equal(await git(dir, 'for-each-ref', 'refs/stackline/reviewing/'), '');
    const dropped = await cli(f, dir, ['log']);
    assert.doesNotMatch(dropped.stdout, /review #/);
    assert.match(dropped.stdout, /wip: my better try/, 'your branch stays');
    assert.deepEqual(f.standin.violations, []);
  });

  it('prints an Edit Anyway line that runs as it is, for reword, hide, move and fold', async () => {
    f = await gitHubFixture({ tokens: { [REVIEWER_TOKEN]: 'rev' } });
    const commits = await submitFourPullStack(f);
    const dir = reviewerCloneDir(f);
    assert.equal((await cli(f, dir, ['review', 'checkout', '2'])).code, 0);
    const reviewed = () => git(dir, 'for-each-ref', '--format=%(objectname)', 'refs/stackline/reviewing/');
    const before = await reviewed();
    // `stackline` on PATH, as a person has it: the printed line goes to a shell unchanged.
    const bin = tempDir('stackline-bin-');
    writeFileSync(join(bin, 'stackline'), `#!/bin/sh\nexec '${process.execPath}' '${bundledCli()}' "$@"\n`);
    chmodSync(join(bin, 'stackline'), 0o755);
    const shell = (line: string) =>
      new Promise<CliResult>((resolve) => {
        const child = spawn('sh', ['-c', line], {
          cwd: dir,
          env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });

    const attempts: [string, RegExp][] = [
      [`reword ${commits[1]} -m 'feat: lexer, better'`, /^Reworded/],
      [`hide ${commits[2]}`, /^Hid/],
      [`move ${commits[3]} --onto ${commits[0]}`, /^Moved/],
      [`fold ${commits[1]} ${commits[2]} -m "feat: lexer and printer"`, /^Folded/],
    ];
    for (const [command, done] of attempts) {
      const refused = await shell(`stackline ${command}`);
      assert.equal(refused.code, 1, command);
      assert.match(refused.stderr, /checked out read-only/, command);
      const line = /^ {2}Or: +(stackline .* --edit-review)$/m.exec(refused.stderr)?.[1];
      assert.ok(line, `${command}: an Edit Anyway line in\n${refused.stderr}`);
      assert.equal(await reviewed(), before, `${command}: refused, nothing changed`);
      const edited = await shell(line);
      assert.equal(edited.code, 0, `${line}\n${edited.stderr}`);
      assert.match(edited.stdout, done, line);
      assert.notEqual(await reviewed(), before, `${line} edited the reviewed stack`);
      assert.equal((await shell('stackline undo')).code, 0);
      assert.equal(await reviewed(), before, `${command}: undone`);
    }
    assert.deepEqual(f.standin.violations, []);
  });

  it('sync and restack leave the stack under review where it is and move your own stacks, unless --edit-review', async () => {
    f = await gitHubFixture({ tokens: { [REVIEWER_TOKEN]: 'rev' } });
    const commits = await submitFourPullStack(f);
    await f.session().then((s) => s.forge.updatePull(4, { state: 'closed' }));
    const dir = reviewerCloneDir(f);
    assert.equal((await cli(f, dir, ['review', 'checkout', '2'])).code, 0);
    const reviewing = () => git(dir, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/stackline/reviewing/');
    const checkedOut = await reviewing();
    // Your own stack on trunk, and a commit of yours on top of #3.
    await git(dir, 'checkout', '-q', '-b', 'mine', 'origin/main');
    await git(dir, 'commit', '-q', '--allow-empty', '-m', 'feat: mine');
    await git(dir, 'checkout', '-q', '-b', 'ontop', commits[2]);
    await git(dir, 'commit', '-q', '--allow-empty', '-m', 'wip: on top of the review');
    const ontop = (await git(dir, 'rev-parse', 'ontop')).trim();
    await git(dir, 'checkout', '-q', 'mine');
    // Trunk moves on GitHub.
    f.repo.git('checkout', '-q', '-b', 'hotfix', 'origin/main');
    f.repo.commit('fix: hotfix', { 'hotfix.txt': 'fix\n' });
    f.repo.git('push', '-q', 'origin', 'hotfix:main');
    const tip = f.repo.head();
    const repo = await discoverRepository(dir);

    const predicted = predictSync(await buildSmartlog(new GitRunner(dir), repo));
    assert.deepEqual(
      predicted.commits.filter((c) => c.rewriting).map((c) => c.title),
      ['feat: mine'],
      'only your own stack on trunk is predicted to move',
    );
    const synced = await cli(f, dir, ['sync']);
    assert.equal(synced.code, 0, synced.stderr);
    assert.match(synced.stdout, /Moved 1 stack onto it\./);
    assert.match(
      synced.stdout,
      /Left octo's stack under review \(#1, #2, #3\) where it was: it is read-only here\. Check it out for review again for its latest version\./,
    );
    assert.match(synced.stdout, /^ {2}stackline review checkout 1$/m, 'the fix as a command line');
    assert.equal(await git(dir, 'rev-parse', 'mine^'), `${tip}\n`, 'your stack is on the new trunk');
    assert.equal(await reviewing(), checkedOut, 'the reviewed stack did not move');
    assert.equal(await git(dir, 'rev-parse', 'ontop'), `${ontop}\n`, 'nor your commit on top of it');

    // --edit-review moves it too (and your commit on it); undo puts it back.
    const all = await cli(f, dir, ['sync', '--edit-review']);
    assert.equal(all.code, 0, all.stderr);
    assert.doesNotMatch(all.stdout, /Left octo's/);
    assert.equal(await git(dir, 'rev-parse', 'refs/stackline/reviewing/1^'), `${tip}\n`);
    assert.equal(await git(dir, 'log', '-1', '--format=%s', 'ontop'), 'wip: on top of the review\n');
    assert.notEqual(await git(dir, 'rev-parse', 'ontop'), `${ontop}\n`);
    assert.equal((await cli(f, dir, ['undo'])).code, 0);
    assert.equal(await reviewing(), checkedOut);

    // Plain-git amends: #2's commit (someone else's) and the bottom of a stack of yours.
    await git(dir, 'checkout', '-q', '-b', 'mine2', 'mine');
    await git(dir, 'commit', '-q', '--allow-empty', '-m', 'feat: mine, part 2');
    await git(dir, 'checkout', '-q', 'mine');
    await git(dir, 'commit', '-q', '--amend', '--allow-empty', '-m', 'feat: mine, amended');
    // Detached on #2's commit, amended: HEAD keeps the new version in view.
    await git(dir, 'checkout', '-q', '--detach', commits[1]);
    await git(dir, 'commit', '-q', '--amend', '-m', 'feat: lexer, my try');
    const smartlog = await buildSmartlog(new GitRunner(dir), repo);
    assert.ok(smartlog.commits.find((c) => c.hash === commits[1])?.outdatedBy, '#2 is outdated now');
    assert.deepEqual(
      predictRestack(smartlog)!
        .commits.filter((c) => c.rewriting)
        .map((c) => c.title),
      ['feat: mine, part 2'],
    );
    const restacked = await cli(f, dir, ['restack']);
    assert.equal(restacked.code, 0, restacked.stderr);
    assert.match(restacked.stdout, /^Restacked 1 commit onto the latest versions of /);
    assert.match(restacked.stdout, /Left octo's stack under review \(#2, #3\) where it was/);
    assert.equal(await git(dir, 'log', '-1', '--format=%s', 'mine2^'), 'feat: mine, amended\n');
    assert.equal(await reviewing(), checkedOut, '#2 and #3 are as they were checked out');
    assert.equal(await git(dir, 'rev-parse', 'ontop'), `${ontop}\n`);

    // Left with only the reviewed stack to restack, it says so and how to go on.
    const again = await cli(f, dir, ['restack']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /Nothing to restack but octo's stack under review \(#2, #3\), which is read-only here/);
    assert.match(again.stderr, /To fix: stackline review checkout 2\n {2}Or: {5}stackline restack --edit-review/);
    // The refusal VS Code asks about ("edit anyway?"), as for any edit of the reviewed stack.
    await assert.rejects(
      runOperation({ git: new GitRunner(dir), repo }, restackOperation()),
      (e: unknown) => e instanceof ReviewReadOnlyError && e.pulls.join() === '2,3',
    );
    const anyway = await cli(f, dir, ['restack', '--edit-review']);
    assert.equal(anyway.code, 0, anyway.stderr);
    const amended = (await git(dir, 'rev-parse', 'HEAD')).trim();
    assert.equal(await git(dir, 'rev-parse', 'refs/stackline/reviewing/2'), `${amended}\n`, '#2 is the amended one');
    assert.equal(await git(dir, 'rev-parse', 'refs/stackline/reviewing/3^'), `${amended}\n`, '#3 sits on it');
    assert.equal(
      await git(dir, 'rev-parse', 'ontop^'),
      await git(dir, 'rev-parse', 'refs/stackline/reviewing/3'),
      'and yours on #3',
    );
    assert.deepEqual(f.standin.violations, []);
  });
});
