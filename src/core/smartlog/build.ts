// Builds the smartlog from git: a handful of git calls in at most three rounds, however many stacks and
// branches there are (a call per stack or per branch adds up fast on real repositories).
import {
  DECORATED_LOG_FORMAT,
  LOG_FORMAT,
  parseDecoratedLog,
  parseLog,
  type DecoratedLogCommit,
  type LogCommit,
} from '../git/parsers/log';
import {
  REFS_FORMAT_UNTRACKED,
  TRACK_FORMAT,
  parseRefs,
  parseTracking,
  shortRefName,
  type Ref,
  type Tracking,
} from '../git/parsers/refs';
import { parseStatus, type Status } from '../git/parsers/status';
import { inProgressOperation, type RepoLocation } from '../git/repository';
import type { GitRunner } from '../git/runner';
import { detectTrunk, type TrunkRef } from '../git/trunk';
import { samePath } from '../git/worktrees';
import { behindCounts, rememberTracking, trackingByCommits, trunkFacts } from './trunkCache';
import type { BranchLabel, Smartlog, SmartlogCommit, Stack, Uncommitted } from './model';
import { orderRows } from './order';
import { markOutdated } from './outdated';
import { REVIEWING_REF_PREFIX, VISIBLE_REF_PREFIX } from '../oplog/snapshot';
import { guessTrunk, rememberTrunk, type TrunkGuess } from './trunkGuess';
import { reviewedCommits, reviewedPulls } from '../review/checkout';

export interface SmartlogOptions {
  /** The `stackline.trunk` setting: a branch name such as origin/main. */
  trunk?: string;
  /** Without a trunk every commit is a draft; show at most this many. */
  noTrunkLimit?: number;
}

/**
 * Refs whose commits are drafts unless trunk has them; refs/stackline/visible keeps branchless
 * drafts, refs/stackline/reviewing the PR heads of a stack checked out for review.
 */
const HEAD_REF_PREFIXES = ['refs/heads/', 'refs/stackline/visible/', REVIEWING_REF_PREFIX];

export async function buildSmartlog(
  git: GitRunner,
  repo: RepoLocation,
  options: SmartlogOptions = {},
): Promise<Smartlog> {
  // Status is the slowest call in a big work tree, and nothing needs it before the third round.
  const statusRun = git.run(['status', '--porcelain=v2', '-z', '--branch', '--no-ahead-behind']);
  statusRun.catch(() => undefined);
  // The draft log starts beside for-each-ref, on a guess of trunk's name, checked once refs are known.
  const guess = guessTrunk(repo, options.trunk);
  const early = guess && logDraftsByName(git, guess);
  early?.catch(() => undefined);
  const untracked = parseRefs(
    await git.run([
      'for-each-ref',
      `--format=${REFS_FORMAT_UNTRACKED}`,
      'refs/heads',
      'refs/remotes',
      'refs/stackline/visible',
      REVIEWING_REF_PREFIX,
    ]),
  );
  const trunk = detectTrunk(untracked, options.trunk);
  const warnings: string[] = [];
  if (!trunk && untracked.length > 0) {
    warnings.push(
      options.trunk
        ? `Trunk branch '${options.trunk}' (setting stackline.trunk) was not found. Fix the setting or fetch it.`
        : 'No trunk branch found (no origin/HEAD, origin/main, origin/master, main or master). Set stackline.trunk.',
    );
  }
  if (repo.isShallow) warnings.push('This is a shallow clone: history below the clone depth is not shown.');

  const tips = unique(
    untracked.filter((ref) => HEAD_REF_PREFIXES.some((p) => ref.name.startsWith(p))).map((r) => r.hash),
  );
  const facts = trunk && trunkFacts(repo, trunk.hash);
  const guessHeld = guess && trunk && facts && guessStillHolds(guess, trunk, untracked, facts.contains);
  // Merged branches make the draft walk go down to the oldest of them: once seen on trunk, left out.
  const earlyLog = guessHeld ? await early!.catch(() => undefined) : undefined;
  const logged =
    (earlyLog && trunk && facts && withoutTrunkTip(earlyLog, trunk.hash, facts.records)) ??
    (await logDrafts(
      git,
      facts ? tips.filter((tip) => !facts.contains.has(tip)) : tips,
      trunk,
      options.noTrunkLimit ?? 200,
    ));
  const status = parseStatus(await statusRun);
  const headHash = status.branch.oid;
  const drafts = logged.filter((commit) => !commit.boundary);
  const draftSet = new Set(drafts.map((commit) => commit.hash));
  if (facts) for (const tip of tips) if (!draftSet.has(tip)) facts.contains.add(tip);
  if (trunk && facts) rememberTrunk(repo, options.trunk, trunk.fullName, mergedBranches(untracked, facts.contains));
  const bases = logged.filter((commit) => commit.boundary);
  const otherPublics = trunk ? otherPublicRows(trunk, headHash, draftSet, bases) : [];
  const shown = new Set([...logged.map((c) => c.hash), ...otherPublics]);
  // Their dates are not known yet: they never bound the distance walk (a skewed one just costs a call).
  const distanceOf = [
    ...bases.map((c) => ({ hash: c.hash, date: c.committerDate })),
    ...otherPublics.map((hash) => ({ hash, date: Infinity })),
  ];
  // The walk for behind counts is the longest call: spawned first (Node spawns one process at a time).
  const [distances, extraPublics, refs] = await Promise.all([
    facts ? behindCounts(git, facts, distanceOf) : new Map<string, number>(),
    facts ? loadCommits(git, otherPublics, facts.records) : [],
    withTracking(git, repo, untracked, shown),
  ]);
  const publicCommits = [...bases, ...extraPublics.map((commit) => ({ ...commit, boundary: true }))];

  const labels = branchLabels(refs, repo.root);
  const toCommit = (commit: LogCommit, phase: 'draft' | 'public'): SmartlogCommit => ({
    hash: commit.hash,
    parents: commit.parents,
    title: commit.title,
    author: commit.author,
    authorEmail: commit.authorEmail,
    date: commit.date,
    committerDate: commit.committerDate,
    branches: labels.get(commit.hash) ?? [],
    phase,
    isHead: commit.hash === headHash,
  });
  const ordered = orderRows(
    drafts.map((commit) => toCommit(commit, 'draft')),
    publicCommits.map((commit) => toCommit(commit, 'public')),
    distances,
  );
  const stacks: Stack[] = ordered.stacks.map((stack) => ({ ...stack, behindTrunk: distances.get(stack.base) ?? 0 }));
  markOutdated(repo, ordered.commits, new Set(tips));
  markReviewed(repo, untracked, ordered.commits, stacks);

  return {
    root: repo.root,
    trunk: trunk && { ref: trunk.name, hash: trunk.hash },
    head: {
      hash: headHash,
      branch: status.branch.head,
      detached: !status.branch.head && !!headHash,
      unborn: !headHash,
    },
    commits: ordered.commits,
    stacks,
    uncommitted: summarize(status),
    state: {
      operation: inProgressOperation(repo.gitDir),
      detached: !status.branch.head && !!headHash,
      unborn: !headHash,
      shallow: repo.isShallow,
      worktree: repo.isWorktree,
    },
    warnings,
  };
}

/**
 * Draft commits, newest first in topological order, plus their trunk parents marked as boundary.
 * HEAD by name, so this call need not wait for status; --ignore-missing skips it when unborn (and
 * a tip deleted since for-each-ref listed it).
 */
async function logDrafts(
  git: GitRunner,
  tips: string[],
  trunk: TrunkRef | undefined,
  noTrunkLimit: number,
): Promise<LogCommit[]> {
  const args = ['log', '-z', `--format=${LOG_FORMAT}`, '--topo-order', '--ignore-missing'];
  if (trunk) args.push('--boundary', 'HEAD', ...tips, '--not', trunk.hash, '--');
  else args.push(`--max-count=${noTrunkLimit}`, 'HEAD', ...tips, '--');
  return parseLog(await git.run(args));
}

/**
 * The draft log by names, for when trunk's hash is not known yet: HEAD and every ref drafts hang
 * from, less branches trunk had last time, not on the guessed trunk (and trunk tip itself, see
 * withoutTrunkTip). No --ignore-missing: a guessed
 * trunk that does not exist must fail the call (ignored, it would log all of history), and so does
 * an unborn HEAD; the build then logs the usual way.
 */
async function logDraftsByName(git: GitRunner, guess: TrunkGuess): Promise<DecoratedLogCommit[]> {
  return parseDecoratedLog(
    await git.run([
      'log',
      '-z',
      `--format=${DECORATED_LOG_FORMAT}`,
      `--decorate-refs=${guess.trunk}`,
      '--topo-order',
      '--boundary',
      'HEAD',
      ...guess.merged.map((name) => `--exclude=${name}`),
      '--branches',
      `--glob=${VISIBLE_REF_PREFIX}`,
      `--glob=${REVIEWING_REF_PREFIX}`,
      guess.trunk,
      '--not',
      `${guess.trunk}^@`,
      '--',
    ]),
  );
}

/**
 * The guessed log lists trunk tip too (`TRUNK --not TRUNK^@`), decorated with trunk's name: its
 * record comes without a call of its own, and its hash shows whether the log saw the trunk tip
 * for-each-ref did (not one from before a fetch in between). Trunk tip then goes to `records`, and
 * the boundary is only what the drafts stand on, as `--not TRUNK` gives it. Undefined when the log
 * saw another trunk tip.
 */
function withoutTrunkTip(
  logged: DecoratedLogCommit[],
  trunkHash: string,
  records: Map<string, LogCommit>,
): LogCommit[] | undefined {
  const tips = logged.filter((commit) => !commit.boundary && commit.refNames.length > 0);
  if (tips.length !== 1 || tips[0].hash !== trunkHash) return undefined;
  const { refNames: _, ...tip } = tips[0];
  records.set(trunkHash, tip);
  const drafts: LogCommit[] = logged
    .filter((commit) => !commit.boundary && commit.hash !== trunkHash)
    .map(({ refNames: _, ...commit }) => commit);
  const stoodOn = new Set(drafts.flatMap((commit) => commit.parents));
  const bases: LogCommit[] = logged
    .filter((commit) => commit.boundary && stoodOn.has(commit.hash))
    .map(({ refNames: _, ...commit }) => commit);
  if (stoodOn.has(trunkHash)) bases.push({ ...tip, boundary: true });
  return [...drafts, ...bases];
}

/**
 * Whether the log begun on a guess shows what the usual one would: trunk is the ref guessed, and
 * each branch it left out is gone or still on a commit trunk has. (A ref that moved between the two
 * calls is what a refresh after any ref change also meets; the next refresh shows it.)
 */
function guessStillHolds(guess: TrunkGuess, trunk: TrunkRef, refs: Ref[], contains: Set<string>): boolean {
  if (guess.trunk !== trunk.fullName) return false;
  const byName = new Map(refs.map((ref) => [ref.name, ref.hash]));
  for (const name of guess.merged) {
    const hash = byName.get(`refs/heads/${name}`);
    if (hash !== undefined && !contains.has(hash)) return false;
  }
  return true;
}

/** Local branches on commits trunk has, by short name: the next guessed log leaves them out. */
function mergedBranches(refs: Ref[], contains: Set<string>): string[] {
  return refs
    .filter((ref) => ref.name.startsWith('refs/heads/') && contains.has(ref.hash))
    .map((ref) => ref.name.slice('refs/heads/'.length));
}

/** Trunk commits worth a row that are no stack's base: trunk tip, and HEAD when it sits on trunk. */
function otherPublicRows(
  trunk: TrunkRef,
  headHash: string | undefined,
  drafts: Set<string>,
  bases: LogCommit[],
): string[] {
  const isBase = new Set(bases.map((commit) => commit.hash));
  return unique([trunk.hash, ...(headHash && !drafts.has(headHash) ? [headHash] : [])]).filter(
    (hash) => !isBase.has(hash),
  );
}

/** Full log records of a few commits, in the order given; `known` holds (and keeps) those read before. */
async function loadCommits(git: GitRunner, hashes: string[], known: Map<string, LogCommit>): Promise<LogCommit[]> {
  const missing = hashes.filter((hash) => !known.has(hash));
  if (missing.length > 0) {
    for (const commit of parseLog(
      await git.run(['log', '-z', `--format=${LOG_FORMAT}`, '--no-walk=unsorted', ...missing, '--']),
    ))
      known.set(commit.hash, commit);
  }
  return hashes.map((hash) => known.get(hash)!);
}

/**
 * The refs with ahead/behind filled in for local branches on shown commits. Known without git when
 * the upstream is gone or on the same commit, or when asked before for the same two commits; the
 * rest in one `for-each-ref` call.
 */
async function withTracking(git: GitRunner, repo: RepoLocation, refs: Ref[], shown: Set<string>): Promise<Ref[]> {
  const byName = new Map(refs.map((ref) => [ref.name, ref]));
  const gone = (ref: Ref) =>
    ref.upstream !== undefined && !byName.has(ref.upstream) && /^refs\/(heads|remotes)\//.test(ref.upstream);
  const pair = (ref: Ref) =>
    ref.upstream && byName.has(ref.upstream) ? `${ref.hash} ${byName.get(ref.upstream)!.hash}` : undefined;
  const wanted = refs.filter(
    (ref) =>
      ref.name.startsWith('refs/heads/') &&
      ref.upstream &&
      shown.has(ref.hash) &&
      !gone(ref) &&
      byName.get(ref.upstream)?.hash !== ref.hash,
  );
  const tracking = new Map<string, Tracking>();
  const ask: Ref[] = [];
  for (const ref of wanted) {
    const known = trackingByCommits.get(pair(ref) ?? '');
    if (known) tracking.set(ref.name, known);
    else ask.push(ref);
  }
  if (ask.length > 0) {
    const answers = parseTracking(
      await git.run(['for-each-ref', `--format=${TRACK_FORMAT}`, ...ask.map((ref) => ref.name)]),
    );
    for (const ref of ask) {
      const answer = answers.get(ref.name);
      const key = pair(ref);
      if (!answer) continue;
      tracking.set(ref.name, answer);
      // "gone" here means the upstream went away since for-each-ref listed it: not a fact about commits.
      if (key && !answer.upstreamGone) rememberTracking(repo, key, answer);
    }
  }
  return refs.map((ref) => ({
    ...ref,
    ...tracking.get(ref.name),
    upstreamGone: gone(ref) || (tracking.get(ref.name)?.upstreamGone ?? false),
  }));
}

/** Branch labels by commit; with `root` (this worktree), each local branch another worktree has checked out names it. */
export function branchLabels(refs: Ref[], root?: string): Map<string, BranchLabel[]> {
  const labels = new Map<string, BranchLabel[]>();
  for (const ref of refs) {
    const local = ref.name.startsWith('refs/heads/');
    if (!local && !ref.name.startsWith('refs/remotes/')) continue;
    if (ref.symref || ref.name.endsWith('/HEAD')) continue;
    const label: BranchLabel = {
      name: shortRefName(ref.name),
      remote: !local,
      upstream: ref.upstream && shortRefName(ref.upstream),
      ahead: ref.ahead,
      behind: ref.behind,
      upstreamGone: ref.upstreamGone,
    };
    if (local && root && ref.worktreePath && !samePath(ref.worktreePath, root)) label.worktree = ref.worktreePath;
    labels.set(ref.hash, [...(labels.get(ref.hash) ?? []), label]);
  }
  return labels;
}

/** Marks the commits (and stacks) of a stack checked out for review with their PR and its author. */
function markReviewed(repo: RepoLocation, refs: Ref[], commits: SmartlogCommit[], stacks: Stack[]): void {
  const reviewing = refs.filter((ref) => ref.name.startsWith(REVIEWING_REF_PREFIX));
  if (reviewing.length === 0) return;
  const parents = new Map(commits.filter((c) => c.phase === 'draft').map((c) => [c.hash, c.parents]));
  const owners = reviewedCommits(Object.fromEntries(reviewing.map((ref) => [ref.name, ref.hash])), parents);
  const pulls = reviewedPulls(repo);
  for (const commit of commits) {
    const number = owners.get(commit.hash);
    if (number === undefined) continue;
    const pull = pulls.find((p) => p.number === number);
    commit.review = { pull: number, author: pull?.author ?? commit.author, ...(pull?.url ? { url: pull.url } : {}) };
  }
  const byHash = new Map(commits.map((c) => [c.hash, c]));
  for (const stack of stacks) {
    const marks = stack.commits.flatMap((hash) => byHash.get(hash)?.review ?? []);
    if (marks.length === 0) continue;
    stack.review = {
      authors: [...new Set(marks.map((m) => m.author))],
      pulls: [...new Set(marks.map((m) => m.pull))].sort((a, b) => a - b),
    };
  }
}

function summarize(status: Status): Uncommitted {
  const count = (kind: string) => status.files.filter((file) => file.kinds.includes(kind as never)).length;
  return {
    staged: count('staged'),
    modified: count('modified'),
    untracked: count('untracked'),
    conflicted: count('conflicted'),
    files: status.files,
  };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
