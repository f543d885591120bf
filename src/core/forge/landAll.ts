// Landing a whole line (or the part up to one commit) in one command. With a GitHub native stack:
// one asynchronous merge of the highest PR to land (GitHub merges every PR below it too), followed to
// its result, then the local stack is synced (trunk fetched, landed commits dropped, merged branches
// deleted, the rest re-submitted). Without one: a local queue that lands the bottom PR, waits for the
// next one's checks, and repeats. What it is landing up to, and the PR waiting in a merge queue, are
// kept in land.json (landState.ts), so an interrupted or queued run goes on with
// `stackline land --continue` (or by landing again).
import { buildSmartlog } from '../smartlog/build';
import { ForgeError, LAND_ALL_ANYWAY } from './errors';
import { landStack } from './land';
import {
  finishEarlierMerges,
  finishLanded,
  mergeOne,
  queuePositionOf,
  readLine,
  refuseUnlessReady,
  type LandInput,
  type LandLine,
} from './landSteps';
import { followQueued, readLandState, writeLandState } from './landState';
import { readNativeStack } from './nativeStacks';
import { pullOfBranch } from './session';
import type { SubmitResult } from './submit';
import type { MergeMethod, PullRequest } from './types';

export interface LandAllInput extends LandInput {
  /** Land up to this commit of the line (its PR and every PR below it); default: the line's top. */
  upto?: string;
  /** Minutes to wait: for the next PR's checks in a local queue, and for a merge queue to merge. */
  waitMinutes?: number;
}

export interface LandedPull {
  number: number;
  url: string;
  title: string;
}

export interface LandAllResult {
  landed: LandedPull[];
  trunkBranch: string;
  method: MergeMethod;
  /** Landed with one merge of GitHub's native stack (else one PR at a time). */
  native: boolean;
  /** The PR waiting in the base branch's merge queue; what is above it was not changed yet. */
  queued?: number;
  /** Its place in the merge queue (1 = merges next), when GitHub says. */
  queuePosition?: number;
  /** Some of `landed` went through the base branch's merge queue, queued by an earlier land. */
  throughQueue?: boolean;
  /** A local queue stopped by Cancel between two PRs; `land --continue` goes on. */
  cancelled?: boolean;
  /** The re-submit of what is left of the line. */
  submit?: SubmitResult;
}

export async function landAll(input: LandAllInput): Promise<LandAllResult> {
  let line = await readLine(input, true);
  // Where `upto` sits in the line: after a follow-up rewrote the rest, its place still says what was asked.
  const uptoIndex = input.upto ? line.path.commits.findIndex((c) => c.hash === input.upto) : -1;
  const waiting = await waitForQueued(input, line);
  if (waiting?.status === 'queued') return waiting.result;
  // The merge queue merged what an earlier land queued, or an earlier land stopped right after a merge.
  const earlier = waiting ? undefined : await finishEarlierMerges(input, line);
  const followed = waiting ?? (earlier && { landed: earlier.landed, submit: earlier.finished.submit });
  if (!followed) return landLine(input, line);

  const before: LandedPull[] = followed.landed;
  const done: LandAllResult = {
    landed: before,
    trunkBranch: line.trunkBranch,
    method: input.method,
    native: false,
    ...(waiting ? { throughQueue: true } : {}),
    submit: followed.submit,
  };
  const rest = followed.submit?.pulls.at(-1)?.commit;
  // Nothing left, or what was asked for (--upto, --continue) is among what just landed.
  if (!rest || (input.upto && uptoIndex < before.length)) return done;
  line = await readLine({ ...input, top: rest }, true);
  const upto = input.upto ? line.path.commits[uptoIndex - before.length]?.hash : undefined;
  if (input.upto && !upto) return done;
  const result = await landLine({ ...input, upto, top: rest }, line);
  return { ...result, landed: [...before, ...result.landed], ...(waiting ? { throughQueue: true } : {}) };
}

async function landLine(input: LandAllInput, line: LandLine): Promise<LandAllResult> {
  const { session } = input;
  const log = input.log ?? (() => undefined);
  const { trunkBranch, path, branches, open } = line;
  const count = input.upto ? path.commits.findIndex((c) => c.hash === input.upto) + 1 : path.commits.length;
  if (count === 0)
    throw new ForgeError('config', `Commit ${input.upto!.slice(0, 9)} is not in this line of the stack.`);
  const pulls = path.commits.slice(0, count).map((commit, i) => {
    const pull = pullOfBranch(session, open, branches[i]);
    if (!pull)
      throw new ForgeError(
        'refused',
        `${commit.hash.slice(0, 9)} ${commit.title} has no open PR. Submit the stack first, then land.`,
      );
    if (pull.headSha !== commit.hash)
      throw new ForgeError(
        'refused',
        `PR #${pull.number} does not have your latest version of its commit. Submit the stack again, then land.`,
      );
    if (pull.draft)
      throw new ForgeError(
        'refused',
        `PR #${pull.number} is a draft. Mark it ready for review on GitHub (${pull.url}).`,
      );
    return pull;
  });

  const native = await readNativeStack(
    session,
    input.location.commonDir,
    input.nativeStacks ?? 'auto',
    pulls.map((p) => p.number),
    { fork: session.pushOwner !== undefined, forkedStack: false },
  );
  const stacked = (native?.stack?.pulls ?? []).filter((p) => p.open && !p.merged).map((p) => p.number);
  if (!pulls.every((p, i) => stacked[i] === p.number)) return landQueue(input, pulls, trunkBranch);

  if (!input.force) for (const pull of pulls) await refuseUnlessReady(session, pull, LAND_ALL_ANYWAY);
  const top = pulls[pulls.length - 1];
  log(`Merging #${top.number} and the ${pulls.length - 1} PR(s) below it in one merge of the native stack…`);
  const landed = pulls.map(({ number, url, title }) => ({ number, url, title }));
  const result: LandAllResult = { landed, trunkBranch, method: input.method, native: true };
  const merged = await mergeOne(input, top, true);
  if (merged.status === 'queued') {
    writeLandState(input, { target: top.headRef, method: input.method, queued: top.number, uuid: merged.uuid });
    const waited = input.waitMinutes ? await waitForQueued(input, line) : undefined;
    if (waited?.status === 'merged') return { ...result, submit: waited.submit };
    const queuePosition = waited ? waited.result.queuePosition : await queuePositionOf(input, top.number);
    return { ...result, queued: top.number, queuePosition };
  }
  const finished = await finishLanded(input, line, count, landed);
  return { ...result, submit: finished.submit };
}

/**
 * The PR of this line an earlier land put in the merge queue: still queued (after waiting up to
 * `waitMinutes` for it), or merged and finished. Undefined when none is waiting.
 */
async function waitForQueued(
  input: LandAllInput,
  line: LandLine,
): Promise<
  | { status: 'queued'; result: LandAllResult }
  | { status: 'merged'; landed: LandedPull[]; submit?: SubmitResult }
  | undefined
> {
  const until = Date.now() + (input.waitMinutes ?? 0) * 60_000;
  for (let announced = false; ;) {
    const outcome = await followQueued(input, line);
    if (!outcome) return undefined;
    if (outcome.status === 'merged') {
      input.log?.(`GitHub's merge queue merged ${outcome.landed.map((p) => `#${p.number}`).join(', ')}.`);
      return { status: 'merged', landed: outcome.landed, submit: outcome.finished.submit };
    }
    if (Date.now() >= until || input.signal?.aborted)
      return {
        status: 'queued',
        result: {
          landed: [],
          trunkBranch: line.trunkBranch,
          method: input.method,
          native: false,
          queued: outcome.number,
          queuePosition: outcome.position,
        },
      };
    if (!announced) input.log?.(`Waiting for the merge queue to merge #${outcome.number}…`);
    announced = true;
    await sleep(5000, input.signal);
  }
}

/** Goes on with a land that was interrupted or is waiting for a merge queue. */
export async function continueLanding(input: LandInput & { waitMinutes?: number }): Promise<LandAllResult> {
  const state = readLandState(input);
  if (!state)
    throw new ForgeError(
      'config',
      'No landing was interrupted, so there is nothing to continue. Land the stack instead.',
      '',
      [{ label: 'Land Stack', cli: 'stackline land --all', command: 'stackline.landWholeStack' }],
    );
  const line = await readLine({ ...input, top: input.top ?? (await pushedCommit(input, state.target)) }, false);
  const upto = line.path.commits.find((_, i) => line.branches[i] === state.target);
  if (!upto) {
    // The target is no longer in the line: it landed before the run stopped.
    writeLandState(input, undefined);
    return { landed: [], trunkBranch: line.trunkBranch, method: state.method, native: false };
  }
  return landAll({ ...input, method: state.method, upto: upto.hash, top: upto.hash });
}

/**
 * The draft commit the push remote's branch points at: the line being landed, wherever HEAD is now.
 * Undefined when that commit is no longer in the smartlog (HEAD's line is used then).
 */
async function pushedCommit(input: LandInput, branch: string): Promise<string | undefined> {
  const ref = `refs/remotes/${input.session.pushRemote}/${branch}`;
  const hash = (await input.git.tryRun(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]))?.trim();
  if (!hash) return undefined;
  const smartlog = await buildSmartlog(input.git, input.location, { trunk: input.trunk });
  return smartlog.commits.some((c) => c.hash === hash && c.phase === 'draft') ? hash : undefined;
}

/** Lands `pulls` bottom first, one PR at a time, waiting for each next PR's checks when asked to. */
async function landQueue(input: LandAllInput, pulls: PullRequest[], trunkBranch: string): Promise<LandAllResult> {
  const log = input.log ?? (() => undefined);
  const target = pulls[pulls.length - 1].headRef;
  writeLandState(input, { target, method: input.method });
  const result: LandAllResult = { landed: [], trunkBranch, method: input.method, native: false };
  let top = input.top;
  for (const [i, pull] of pulls.entries()) {
    if (i > 0 && input.signal?.aborted) {
      log(`Stopped before #${pull.number}; continuing the land goes on from there.`);
      return { ...result, cancelled: true };
    }
    if (i > 0 && input.waitMinutes) await waitForChecks(input, pull, input.waitMinutes);
    log(`Landing #${pull.number} (${i + 1} of ${pulls.length})…`);
    const landed = await landStack({ ...input, top });
    result.landed.push(landed.merged);
    if (landed.queued) {
      // landStack remembered the queued PR; keep the target so the rest follows once it merges.
      const { uuid } = readLandState(input) ?? {};
      writeLandState(input, { target, method: input.method, queued: landed.merged.number, uuid });
      return { ...result, queued: landed.merged.number, queuePosition: landed.queuePosition };
    }
    result.submit = landed.submit;
    top = landed.submit?.pulls.at(-1)?.commit;
    if (!top) break;
  }
  writeLandState(input, undefined);
  return result;
}

/** Waits until the PR's checks are no longer running (or the time is up; land then refuses as usual). */
async function waitForChecks(input: LandAllInput, pull: PullRequest, minutes: number): Promise<void> {
  const fresh = (await input.session.forge.openPulls()).find((p) => p.headRef === pull.headRef) ?? pull;
  const until = Date.now() + minutes * 60_000;
  input.log?.(`Waiting up to ${minutes} min for the checks of #${pull.number}…`);
  while (Date.now() < until && !input.signal?.aborted) {
    const ready = await input.session.forge.readiness(fresh);
    if (ready.pending.length === 0) return;
    await sleep(5000, input.signal);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
