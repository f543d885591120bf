// The draft log begun on a guess of trunk (beside for-each-ref, one round of git calls fewer): it
// saves that round when the guess holds, and a wrong guess never changes what the smartlog shows.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, beforeEach, test } from 'node:test';
import { addGitCallLog, type GitCallRecord } from '../../src/core/git/callLog';
import { discoverRepository } from '../../src/core/git/repository';
import { GitRunner } from '../../src/core/git/runner';
import { buildSmartlog, type SmartlogOptions } from '../../src/core/smartlog/build';
import { forgetCachedHistory } from '../../src/core/smartlog/trunkCache';
import { makeClone, makeRepo, removeTempDirs } from '../helpers/repo';

after(removeTempDirs);
beforeEach(forgetCachedHistory);

/** The smartlog, and the draft logs run for it (`log --topo-order` calls), in the order they ended. */
async function build(dir: string, options?: SmartlogOptions) {
  const location = await discoverRepository(dir);
  const calls: GitCallRecord[] = [];
  const stop = addGitCallLog((call) => calls.push(call));
  try {
    const smartlog = await buildSmartlog(new GitRunner(location.root), location, options);
    const draftLogs = calls.filter((call) => call.args[0] === 'log' && call.args.includes('--topo-order'));
    return { smartlog, draftLogs, byName: draftLogs.filter((call) => call.args.includes('--branches')) };
  } finally {
    stop();
  }
}

const drafts = (smartlog: Awaited<ReturnType<typeof build>>['smartlog']) =>
  smartlog.commits.filter((c) => c.phase === 'draft').map((c) => c.title);

test('a clone: the first build already logs drafts on origin/HEAD, beside for-each-ref, and once only', async () => {
  const { repo } = makeClone(3);
  repo.git('switch', '-q', '-c', 'feature');
  repo.commit('feat: one');
  const { smartlog, draftLogs, byName } = await build(repo.dir);
  assert.deepEqual(drafts(smartlog), ['feat: one']);
  assert.equal(draftLogs.length, 1, 'one draft log');
  assert.equal(byName.length, 1, 'the one begun on the guess');
  assert.ok(byName[0].args.includes('refs/remotes/origin/main'));
});

test('origin/HEAD naming a branch that is gone: the guessed log fails, the usual one shows the drafts', async () => {
  const { repo } = makeClone(3);
  repo.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/gone');
  repo.git('switch', '-q', '-c', 'feature');
  repo.commit('feat: one');
  const { smartlog, draftLogs } = await build(repo.dir);
  assert.equal(smartlog.trunk?.ref, 'origin/main');
  assert.deepEqual(drafts(smartlog), ['feat: one']);
  assert.equal(draftLogs.at(-1)!.args.includes('--branches'), false, 'the usual log came last');
});

test('the setting names another trunk than origin/HEAD: the drafts are those on the setting', async () => {
  const { origin, repo } = makeClone(3);
  origin.git('switch', '-q', '-c', 'release');
  origin.commit('release 1');
  origin.commit('release 2');
  repo.git('fetch', '-q');
  repo.git('switch', '-q', '-c', 'hotfix', 'origin/release');
  repo.commit('fix: on release');
  const { smartlog } = await build(repo.dir, { trunk: 'origin/release' });
  assert.equal(smartlog.trunk?.ref, 'origin/release');
  assert.deepEqual(drafts(smartlog), ['fix: on release']);
  // Guessed from the setting next time too, and still right.
  const again = await build(repo.dir, { trunk: 'origin/release' });
  assert.deepEqual(drafts(again.smartlog), ['fix: on release']);
  assert.equal(again.draftLogs.length, 1);
});

test('a merged branch moved to new work: the log that left it out is not used', async () => {
  const { origin, repo } = makeClone(3);
  // 'done' landed: trunk has its commit.
  origin.commit('feat: landed');
  repo.git('fetch', '-q');
  repo.git('branch', '-q', 'done', 'origin/main');
  repo.git('switch', '-q', '-c', 'feature');
  repo.commit('feat: current');
  const first = await build(repo.dir);
  assert.deepEqual(drafts(first.smartlog), ['feat: current']);
  // The next guessed log leaves 'done' out: trunk had it.
  const second = await build(repo.dir);
  assert.ok(second.byName[0].args.includes('--exclude=done'), second.byName[0].args.join(' '));
  assert.equal(second.draftLogs.length, 1);
  // Same trunk tip, but 'done' now holds new work: leaving it out would hide that.
  repo.git('switch', '-q', 'done');
  repo.commit('feat: more on done');
  const third = await build(repo.dir);
  assert.deepEqual(drafts(third.smartlog).sort(), ['feat: current', 'feat: more on done']);
  assert.equal(third.draftLogs.length, 2, 'the guessed log, then the usual one');
});

test('an unborn HEAD and no trunk: no guess, the usual log', async () => {
  const repo = makeRepo();
  const { smartlog } = await build(repo.dir);
  assert.deepEqual(smartlog.commits, []);
  assert.equal(smartlog.head.unborn, true);
});

test('a clone whose HEAD is unborn on a new branch: the guessed log fails on HEAD, drafts still shown', async () => {
  const { repo } = makeClone(2);
  repo.git('switch', '-q', '-c', 'feature');
  repo.commit('feat: kept');
  repo.git('switch', '-q', '--orphan', 'fresh');
  const { smartlog } = await build(repo.dir);
  assert.equal(smartlog.head.unborn, true);
  assert.deepEqual(drafts(smartlog), ['feat: kept']);
});

test('refs under refs/stackline/visible are drafts on the guessed log too', async () => {
  const { repo } = makeClone(2);
  repo.git('switch', '-q', '-c', 'feature');
  const hidden = repo.commit('feat: branchless');
  repo.git('update-ref', 'refs/stackline/visible/nested/one', hidden);
  repo.git('switch', '-q', '--detach', 'origin/main');
  repo.git('branch', '-q', '-D', 'feature');
  writeFileSync(join(repo.dir, 'untracked.txt'), 'x');
  const { smartlog, byName } = await build(repo.dir);
  assert.equal(byName.length, 1);
  assert.deepEqual(drafts(smartlog), ['feat: branchless']);
});

test('trunk moves between the guessed log and for-each-ref (a fetch in between): the smartlog is that of the new trunk', async () => {
  const { origin, repo } = makeClone(3);
  repo.git('switch', '-q', '-c', 'feature');
  repo.commit('feat: one');
  // The next trunk commit is our draft, landed: once trunk has it, it is no draft.
  origin.git('fetch', '-q', repo.dir, 'feature');
  origin.git('merge', '-q', '--ff-only', 'FETCH_HEAD');
  const landed = origin.head();
  const location = await discoverRepository(repo.dir);
  /** A runner that lets the guessed log finish, then moves trunk, before for-each-ref reads the refs. */
  class FetchInBetween extends GitRunner {
    private log?: Promise<string>;
    override run(args: string[], options?: Parameters<GitRunner['run']>[1]): Promise<string> {
      const call = super.run(args, options);
      if (args.includes('--branches')) this.log = call;
      if (args[0] === 'for-each-ref' && this.log) {
        const log = this.log;
        this.log = undefined;
        return log.then(() => {
          repo.git('update-ref', 'refs/remotes/origin/main', landed);
          return super.run(args, options);
        });
      }
      return call;
    }
  }
  const smartlog = await buildSmartlog(new FetchInBetween(location.root), location);
  assert.equal(smartlog.trunk?.hash, landed);
  assert.deepEqual(drafts(smartlog), [], 'the landed commit is trunk now');
});
