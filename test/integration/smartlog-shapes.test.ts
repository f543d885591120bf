// Differential tests of the smartlog on the bench's repository shapes (small versions, same
// generator): drafts, stacks, bases, behind counts, folded-commit counts and ahead/behind marks must
// be what plain git says when asked the straightforward way, one call per stack, commit or branch —
// with and without a commit-graph, built cold and rebuilt with what the first build cached.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { generateShape, type BenchRepo } from '../../bench/generate';
import { SHAPE_NAMES, shapeSpec } from '../../bench/shapes';
import { discoverRepository } from '../../src/core/git/repository';
import { GitRunner } from '../../src/core/git/runner';
import { buildSmartlog } from '../../src/core/smartlog/build';
import type { Smartlog } from '../../src/core/smartlog/model';
import { addGitCallLog } from '../../src/core/git/callLog';
import { forgetCachedHistory } from '../../src/core/smartlog/trunkCache';
import { makeClone, makeRepo, removeTempDirs, repoAt, tempDir, type TestRepo } from '../helpers/repo';

after(removeTempDirs);

async function smartlogOf(dir: string): Promise<Smartlog> {
  const location = await discoverRepository(dir);
  return buildSmartlog(new GitRunner(location.root), location);
}

function gitIn(dir: string) {
  return (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 1 << 26,
    }).trim();
}

/** The smartlog's facts checked one by one against plain git. */
function assertMatchesGit(dir: string, smartlog: Smartlog, expectedStacks: { top: string }[]): void {
  const git = gitIn(dir);
  const trunk = smartlog.trunk!.hash;
  const behind = (hash: string) => Number(git('rev-list', '--count', `${hash}..${trunk}`));
  const lines = (text: string) => text.split('\n').filter((line) => line !== '');

  const drafts = smartlog.commits.filter((c) => c.phase === 'draft').map((c) => c.hash);
  assert.deepEqual(
    new Set(drafts),
    new Set(lines(git('log', '--format=%H', '--branches', 'HEAD', '--not', trunk, '--'))),
    'drafts',
  );

  assert.equal(smartlog.stacks.length, expectedStacks.length, 'one smartlog stack per generated stack');
  for (const { top } of expectedStacks) {
    const stack = smartlog.stacks.find((s) => s.commits.includes(top));
    assert.ok(stack, `a stack holds ${top}`);
    assert.deepEqual(
      new Set(stack.commits),
      new Set(lines(git('rev-list', top, '--not', trunk, '--'))),
      `commits of the stack under ${top}`,
    );
    assert.equal(stack.base, git('merge-base', trunk, top), `base of the stack under ${top}`);
    assert.equal(stack.behindTrunk, behind(stack.base), `behind count of the stack under ${top}`);
  }

  for (const commit of smartlog.commits.filter((c) => c.phase === 'public')) {
    if (!commit.trunkBelow) continue;
    // Two rows as far behind (a merged topic's commit beside a trunk commit) fold nothing between them.
    const folded = Math.max(0, behind(commit.trunkBelow.hash) - behind(commit.hash) - 1);
    assert.equal(commit.trunkBelow.hidden, folded, `trunk commits folded below ${commit.hash}`);
  }

  const track = new Map(
    lines(git('for-each-ref', '--format=%(refname:short)%00%(upstream:track,nobracket)', 'refs/heads')).map(
      (line) => line.split('\0') as [string, string],
    ),
  );
  for (const label of smartlog.commits.flatMap((c) => c.branches).filter((b) => !b.remote)) {
    const expected = track.get(label.name) ?? '';
    const marks = [label.ahead && `ahead ${label.ahead}`, label.behind && `behind ${label.behind}`]
      .filter(Boolean)
      .join(', ');
    assert.equal(label.upstreamGone ? 'gone' : marks, expected, `ahead/behind of ${label.name}`);
  }
}

/** Builds cold, checks, rebuilds warm (same result), then the same without a commit-graph. */
async function checkShape(repo: BenchRepo): Promise<Smartlog> {
  const stacks = repo.stacks.map((s) => ({ top: s.top }));
  forgetCachedHistory();
  const cold = await smartlogOf(repo.dir);
  assertMatchesGit(repo.dir, cold, stacks);
  assert.deepEqual(await smartlogOf(repo.dir), cold, 'a rebuild with cached trunk facts gives the same smartlog');
  // As after a fresh clone: no commit-graph file.
  rmSync(join(repo.dir, '.git', 'objects', 'info', 'commit-graph'), { force: true });
  forgetCachedHistory();
  assert.deepEqual(await smartlogOf(repo.dir), cold, 'the same smartlog without a commit-graph');
  return cold;
}

for (const name of SHAPE_NAMES) {
  test(`shape '${name}': drafts, stacks, behind counts and branch marks are what plain git says`, async () => {
    const repo = await generateShape(tempDir(), shapeSpec(name, 'small'));
    const smartlog = await checkShape(repo);
    if (name === 'merge-heavy') {
      // Full counts, not first-parent distances: merged topics count too.
      const deepest = smartlog.stacks.reduce((a, b) => (a.behindTrunk > b.behindTrunk ? a : b));
      const firstParent = Number(
        gitIn(repo.dir)('rev-list', '--count', '--first-parent', `${deepest.base}..${repo.trunkTip}`),
      );
      assert.ok(
        deepest.behindTrunk > 2 * firstParent,
        `${deepest.behindTrunk} commits behind, ${firstParent} first-parent steps`,
      );
      assert.ok(
        repo.stacks.some((s) => s.onTopic),
        'one stack sits on a merged topic',
      );
    }
    if (name === 'many-branches') {
      const merged = gitIn(repo.dir)(
        'for-each-ref',
        '--format=%(refname)',
        '--merged',
        repo.trunkTip,
        'refs/heads',
      ).split('\n');
      assert.equal(merged.length, shapeSpec(name, 'small').merged.count + 1, 'the merged branches, and main');
    }
  });
}

/** Merges into main a topic of `topicCommits` commits forked from `fork`; returns the topic's commits. */
function mergeTopic(origin: TestRepo, fork: string, topicCommits: number): string[] {
  origin.git('switch', '-q', '-c', `topic-${fork.slice(0, 7)}`, fork);
  const topic = Array.from({ length: topicCommits }, (_, i) => origin.commit(`topic ${fork.slice(0, 7)} ${i + 1}`));
  origin.git('switch', '-q', 'main');
  origin.git('merge', '-q', '--no-ff', '-m', `Merge topic ${fork.slice(0, 7)}`, topic.at(-1)!);
  return topic;
}

// Each case alone, and among more stacks (the walk's chain of bases then runs past it).
for (const [how, extra] of [
  ['alone', 0],
  ['among six more stacks', 6],
] as const) {
  /** `extra` more stacks, one on each of the trunk commits given. */
  const moreStacks = (repo: TestRepo, on: string[]) =>
    on.slice(0, extra).map((base, i) => {
      repo.git('switch', '-q', '-c', `extra-${i}`, base);
      return { top: repo.commit(`feat: extra ${i}`) };
    });

  test(`a stack on a topic that forked below every other base is counted exactly (${how})`, async () => {
    const { origin, repo } = makeClone(3);
    const fork = origin.head();
    const trunk: string[] = [];
    for (let i = 4; i <= 6; i++) trunk.push(origin.commit(`trunk ${i}`));
    const old = origin.head();
    const topic = mergeTopic(origin, fork, 2);
    for (let i = 7; i <= 10; i++) trunk.push(origin.commit(`trunk ${i}`));
    repo.git('fetch', '-q');
    // One stack on the topic (forked below `old`), one on `old`: `old` is the oldest base by date.
    repo.git('switch', '-q', '-c', 'on-topic', topic[1]);
    const onTopic = repo.commit('feat: on the topic');
    repo.git('switch', '-q', '-c', 'on-old', old);
    const onOld = repo.commit('feat: on an old trunk commit');
    const others = moreStacks(
      repo,
      trunk.filter((hash) => hash !== old),
    );
    forgetCachedHistory();
    const smartlog = await smartlogOf(repo.dir);
    assertMatchesGit(repo.dir, smartlog, [{ top: onTopic }, { top: onOld }, ...others]);
  });

  test(`a base made with a skewed clock (an older commit dated later) still gets its exact count (${how})`, async () => {
    const origin = makeRepo();
    const commitAt = (message: string, epoch: number) => {
      origin.write({ [`${message}.txt`]: message });
      origin.git('add', '-A');
      const date = `${epoch} +0000`;
      execFileSync('git', ['commit', '-q', '-m', message], {
        cwd: origin.dir,
        env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      });
      return origin.head();
    };
    commitAt('trunk 1', 1_700_000_000);
    const skewed = commitAt('trunk 2 from a clock years ahead', 1_900_000_000);
    const trunk: string[] = [];
    for (let i = 3; i <= 10; i++) trunk.push(commitAt(`trunk ${i}`, 1_700_000_000 + i * 60));
    const dir = tempDir();
    execFileSync('git', ['clone', '-q', origin.dir, dir]);
    const repo = repoAt(dir, false);
    const newer = gitIn(dir)('rev-parse', 'origin/main~2');
    repo.git('switch', '-q', '-c', 'deep', skewed);
    const deep = repo.commit('feat: on the skewed base');
    repo.git('switch', '-q', '-c', 'shallow', newer);
    const shallow = repo.commit('feat: on a newer base');
    const others = moreStacks(
      repo,
      trunk.filter((hash) => hash !== newer),
    );
    forgetCachedHistory();
    const smartlog = await smartlogOf(dir);
    assertMatchesGit(dir, smartlog, [{ top: deep }, { top: shallow }, ...others]);
    const behindOf = (top: string) => smartlog.stacks.find((s) => s.commits.includes(top))?.behindTrunk;
    assert.deepEqual([behindOf(deep), behindOf(shallow)], [8, 2]);
  });
}

test('after trunk moves forward, behind counts carry over with one rev-list --count; a rewritten trunk is walked again', async () => {
  forgetCachedHistory();
  const { origin, repo } = makeClone(8);
  const stacks = ['HEAD~6', 'HEAD~3'].map((base, i) => {
    repo.git('switch', '-q', '-c', `stack-${i}`, `origin/main~${base.slice(5)}`);
    return { top: repo.commit(`feat: stack ${i}`) };
  });
  assertMatchesGit(repo.dir, await smartlogOf(repo.dir), stacks);

  const calls: string[][] = [];
  const stop = addGitCallLog((call) => calls.push([...call.args]));
  try {
    for (let i = 9; i <= 11; i++) origin.commit(`trunk ${i}`);
    repo.git('fetch', '-q');
    const moved = await smartlogOf(repo.dir);
    assertMatchesGit(repo.dir, moved, stacks);
    assert.deepEqual(moved.stacks.map((s) => s.behindTrunk).sort(), [6, 9]);
    assert.ok(!calls.some((args) => args.includes('--parents')), calls.map((a) => a.join(' ')).join('\n'));
    assert.ok(calls.some((args) => args.includes('--left-right')));

    // Trunk rewritten (force-pushed): nothing carries over, and the counts are still git's.
    calls.length = 0;
    origin.git('reset', '-q', '--hard', 'HEAD~2');
    origin.commit('trunk 10, again');
    repo.git('fetch', '-q', '--force');
    assertMatchesGit(repo.dir, await smartlogOf(repo.dir), stacks);
    assert.ok(
      calls.some((args) => args.includes('--parents')),
      'walked the rewritten trunk',
    );
  } finally {
    stop();
  }
});
