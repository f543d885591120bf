// The steps every land is made of, shared by landing one PR, a whole line and the follow-up of a merge
// queue: read the line, merge one PR (directly, or through GitHub's asynchronous merge when it is in a
// native stack or its base needs a merge queue), then make the rest of the line stand on the new trunk.
// Order matters there: the next PR is retargeted to trunk BEFORE the merged branch is deleted (GitHub
// closes PRs whose base branch is deleted), and the rest is replayed onto the fetched trunk (`rebase
// --onto`, which also works after a squash merge) and re-submitted.
import type { Fix, Notice } from '../fix';
import type { RepoLocation } from '../git/repository';
import type { GitRunner } from '../git/runner';
import { buildSmartlog } from '../smartlog/build';
import { ForgeError, LAND_ANYWAY, LandNotReadyError } from './errors';
import { dropLanded } from './history';
import { mergeAndFollow } from './mergeAsync';
import { readPullIndex } from './pullIndex';
import { pullOfBranch, type ForgeSession } from './session';
import type { NativeStacksSetting, StackListSetting } from './settings';
import { lineAbove, stackPath } from './stackPath';
import { branchFor, readMessages, submitStack, trunkBranchOf, type SubmitResult } from './submit';
import type { MergeMethod, PullRequest, PullStatus } from './types';

export interface LandInput {
  git: GitRunner;
  location: RepoLocation;
  session: ForgeSession;
  trunk?: string;
  method: MergeMethod;
  /** A commit of the stack to land (its bottom PR is merged); default: HEAD's stack. */
  top?: string;
  /** Land even when checks fail or are pending, or review is missing. */
  force?: boolean;
  /** The stackline.github.nativeStacks setting, for the re-submit of the rest. */
  nativeStacks?: NativeStacksSetting;
  /** The stackline.github.stackListInBody setting, for the re-submit of the rest. */
  stackListInBody?: StackListSetting;
  pushEnv?: Record<string, string>;
  log?: (line: string) => void;
  /** Stops a local queue between two PRs (the PR being merged still lands); `land --continue` goes on. */
  signal?: AbortSignal;
}

export type LandLine = Awaited<ReturnType<typeof readLine>>;

/**
 * The line a land works on, bottom first, with each commit's branch; `withPulls` also reads the open
 * PRs. Past an explicit `top` it goes on up while the stack does not fork: landing a commit moves
 * what stands on it too, and those PRs are re-submitted with the rest.
 */
export async function readLine(input: LandInput, withPulls: boolean) {
  const smartlog = await buildSmartlog(input.git, input.location, { trunk: input.trunk });
  const trunkBranch = trunkBranchOf(smartlog, input.session.remotes);
  const asked = stackPath(smartlog, input.top);
  const path = input.top ? { ...asked, commits: [...asked.commits, ...lineAbove(smartlog, input.top)] } : asked;
  const messages = await readMessages(
    input.git,
    path.commits.map((c) => c.hash),
  );
  const branches = path.commits.map((c) => branchFor(c, messages.get(c.hash)!, trunkBranch));
  const open = withPulls ? await input.session.forge.openPulls() : [];
  return { trunkBranch, path, branches, open };
}

/** Fetches trunk from the base remote after a merge; its new tip. */
export async function fetchTrunk(input: LandInput, trunkBranch: string): Promise<string> {
  const { git, session } = input;
  const tracking = `refs/remotes/${session.baseRemote}/${trunkBranch}`;
  await git.run(['fetch', '--quiet', session.baseRemote, `+refs/heads/${trunkBranch}:${tracking}`], {
    env: input.pushEnv,
  });
  return (await git.run(['rev-parse', tracking])).trim();
}

export async function refuseUnlessReady(
  session: ForgeSession,
  pull: PullRequest,
  anyway: Fix = LAND_ANYWAY,
): Promise<void> {
  const ready = await session.forge.readiness(pull);
  const reasons: string[] = [];
  if (ready.failing.length > 0) reasons.push(`checks are failing (${ready.failing.join(', ')})`);
  if (ready.pending.length > 0) reasons.push(`checks are still running (${ready.pending.join(', ')})`);
  if (ready.review === 'changes-requested') reasons.push('a reviewer requested changes');
  if (ready.review === 'review-required') reasons.push('it has no approving review yet');
  if (reasons.length > 0) throw new LandNotReadyError(pull.number, pull.url, reasons, anyway);
}

/**
 * Merges one PR. A PR of a native stack merges only through GitHub's asynchronous merge (which merges
 * the stacked PRs below it too); so does one whose base branch needs a merge queue, where GitHub
 * refuses the direct merge. 'queued' when it went into the merge queue instead.
 */
export async function mergeOne(
  input: LandInput,
  pull: PullRequest,
  native: boolean,
): Promise<{ status: 'merged' } | { status: 'queued'; uuid?: string }> {
  const { forge } = input.session;
  const log = input.log ?? (() => undefined);
  if (!native) {
    try {
      await forge.mergePull(pull.number, input.method, pull.headSha);
      log(`Merged #${pull.number} (${input.method}).`);
      return { status: 'merged' };
    } catch (error) {
      if (!(ForgeError.is(error, 'conflict') && /merge queue/i.test(error.message))) throw error;
      log(`${pull.baseRef} merges through its merge queue: adding #${pull.number} to it…`);
    }
  }
  const outcome = await mergeAndFollow(forge, pull.number, input.method, pull.headSha, { log });
  return outcome.status === 'enqueued' ? { status: 'queued', uuid: outcome.uuid } : { status: 'merged' };
}

/** The PR's place in its base branch's merge queue (1 = merges next), when GitHub says. */
export async function queuePositionOf(input: LandInput, number: number): Promise<number | undefined> {
  return (await input.session.forge.statuses([number])).get(number)?.queuePosition;
}

export interface Finished {
  /** The PR now targeting trunk, when the line had more. */
  retargeted?: number;
  notices: Notice[];
  /** The re-submit of what is left of the line. */
  submit?: SubmitResult;
}

/**
 * After the bottom `count` PRs of the line merged on GitHub: fetches trunk, points the next PR at it,
 * deletes the merged branches, drops the landed commits (the rest moves onto trunk; one undoable
 * operation per commit) and re-submits what is left.
 */
export async function finishLanded(
  input: LandInput,
  line: Pick<LandLine, 'trunkBranch' | 'path' | 'branches'>,
  count: number,
  landed: { number: number; title: string }[],
  /** The open PRs read just before a direct merge (nothing on GitHub moved them since); else read fresh. */
  open?: PullRequest[],
): Promise<Finished> {
  const { git, session } = input;
  const log = input.log ?? (() => undefined);
  const { trunkBranch, path, branches } = line;
  const newTrunk = await fetchTrunk(input, trunkBranch);
  const result: Finished = { notices: [] };
  // Read fresh after an asynchronous merge: GitHub may already have moved the PR above onto trunk.
  const pulls = open ?? (await session.forge.openPulls());
  const next = pullOfBranch(session, pulls, branches[count]);
  if (next) {
    if (next.baseRef !== trunkBranch) await session.forge.updatePull(next.number, { base: trunkBranch });
    result.retargeted = next.number;
    log(`#${next.number} now targets ${trunkBranch}.`);
  }
  for (const branch of branches.slice(0, count)) if (branch) await deleteMergedBranch(input, branch);

  // Each drop rewrites what is above it: follow every commit of the line to its newest hash.
  const current = new Map(path.commits.map((c) => [c.hash, c.hash]));
  for (const commit of path.commits.slice(0, count)) {
    const { rewrites, notices } = await dropLanded(
      { git, location: input.location, trunk: input.trunk },
      current.get(commit.hash)!,
      newTrunk,
    );
    for (const [old, now] of current) current.set(old, rewrites.get(now) ?? now);
    for (const notice of notices) log(notice.message);
    result.notices.push(...notices);
  }
  // Re-submit the commits above that have a PR; a commit above them without one stays unsubmitted.
  let submitted = count;
  while (submitted < path.commits.length && pullOfBranch(session, pulls, branches[submitted])) submitted++;
  const rest = path.commits.slice(count, submitted).map((c) => current.get(c.hash)!);
  if (rest.length === 0) return result;
  if (rest[0] !== path.commits[count].hash) log(`Moved the rest of the stack onto ${trunkBranch} (undo reverts it).`);
  result.submit = await submitStack({
    git,
    location: input.location,
    session,
    trunk: input.trunk,
    top: rest[rest.length - 1],
    nativeStacks: input.nativeStacks,
    stackListInBody: input.stackListInBody,
    landed: landed.map((p) => ({ number: p.number, title: p.title, merged: true })),
    pushEnv: input.pushEnv,
    log,
  });
  return result;
}

/** Each commit's PR number, from the pull index: a merged PR is no longer among the open ones. */
export function lineNumbers(input: LandInput, line: Pick<LandLine, 'branches'>): (number | undefined)[] {
  const index = readPullIndex(input.location.commonDir, input.session.forge.repo);
  return line.branches.map((b) => (b ? index.get(b) : undefined));
}

/**
 * The PRs at the bottom of the line GitHub has merged, bottom first; with `sameHeads`, only while each
 * was merged with exactly the local commit as its head.
 */
export function mergedAtBottom(
  line: Pick<LandLine, 'path'>,
  numbers: (number | undefined)[],
  statuses: Map<number, PullStatus>,
  sameHeads: boolean,
): { number: number; url: string; title: string }[] {
  const landed: { number: number; url: string; title: string }[] = [];
  for (const [i, commit] of line.path.commits.entries()) {
    const status = statuses.get(numbers[i] ?? 0);
    if (status?.state !== 'merged' || (sameHeads && status.headSha !== commit.hash)) break;
    landed.push({ number: status.number, url: status.url, title: commit.title });
  }
  return landed;
}

/**
 * A land stopped (killed, offline) after GitHub merged the bottom PRs of the line but before the
 * follow-up: those commits are still here, their PRs merged with exactly these commits as heads.
 * Finishes that follow-up (as right after the merge) and answers the line that is left; undefined
 * when nothing at the bottom was merged already.
 */
export async function finishEarlierMerges(
  input: LandInput,
  line: LandLine,
): Promise<{ landed: { number: number; url: string; title: string }[]; finished: Finished } | undefined> {
  const numbers = lineNumbers(input, line);
  if (!numbers[0] || pullOfBranch(input.session, line.open, line.branches[0])) return undefined;
  const statuses = await input.session.forge.statuses(numbers.filter((n): n is number => !!n));
  const landed = mergedAtBottom(line, numbers, statuses, true);
  const count = landed.length;
  if (count === 0) return undefined;
  input.log?.(
    `${landed.map((p) => `#${p.number}`).join(', ')} merged on GitHub; an earlier land stopped before moving the rest onto ${line.trunkBranch}. Finishing that first…`,
  );
  return { landed, finished: await finishLanded(input, line, count, landed, line.open) };
}

/** Deletes the landed branch on GitHub (its PR is merged) and the local tracking ref that mirrored it. */
export async function deleteMergedBranch(input: LandInput, branch: string): Promise<void> {
  const { git, session } = input;
  if (session.pushOwner) {
    // The branch lives in the user's fork, which the upstream API cannot delete from.
    await git.tryRun(['push', '--quiet', session.pushRemote, '--delete', `refs/heads/${branch}`], {
      env: input.pushEnv,
    });
  } else {
    await session.forge.deleteBranch(branch);
  }
  await git.tryRun(['update-ref', '-d', `refs/remotes/${session.pushRemote}/${branch}`]);
}
