// What a land that has not finished is waiting for, kept in <common dir>/stackline/land.json so any
// later land (in the CLI or VS Code, in any worktree) goes on from it: the head branch of the highest
// PR to land (a local queue stopped half-way), and the PR GitHub put in a merge queue, if any.
import { ForgeError } from './errors';
import { MergeFailedError } from './mergeAsync';
import { finishLanded, lineNumbers, mergedAtBottom, type Finished, type LandInput, type LandLine } from './landSteps';
import { readStateFile, writeStateFile } from './stateFile';
import type { MergeMethod, RepoRef } from './types';

export interface LandState {
  repo: string;
  /** Head branch of the highest PR to land. */
  target: string;
  method: MergeMethod;
  /** The PR waiting in the base branch's merge queue; the line is finished once GitHub merges it. */
  queued?: number;
  /** The asynchronous merge that queued it: asked later whether it merged, or why the queue dropped it. */
  uuid?: string;
}

const FILE = 'land.json';

function repoKey(input: LandInput): string {
  return `${input.session.forge.repo.owner}/${input.session.forge.repo.name}`.toLowerCase();
}

/** The PR a land left waiting in a merge queue of `repo`, if any (a status refresh finishes it once merged). */
export function queuedPull(commonDir: string, repo: RepoRef): number | undefined {
  const state = readStateFile<Partial<LandState>>(commonDir, FILE);
  return state.repo === `${repo.owner}/${repo.name}`.toLowerCase() && typeof state.queued === 'number'
    ? state.queued
    : undefined;
}

export function readLandState(input: LandInput): LandState | undefined {
  const state = readStateFile<Partial<LandState>>(input.location.commonDir, FILE);
  return state.repo === repoKey(input) && state.target && state.method ? (state as LandState) : undefined;
}

export function writeLandState(input: LandInput, state: Omit<LandState, 'repo'> | undefined): void {
  writeStateFile(input.location.commonDir, FILE, state ? { repo: repoKey(input), ...state } : {});
}

export type QueuedOutcome =
  | { status: 'queued'; number: number; url: string; position?: number }
  | { status: 'merged'; landed: { number: number; url: string; title: string }[]; finished: Finished };

/**
 * Where the PR an earlier land put in the merge queue is, when it belongs to this line: still queued
 * (with its place), or merged — then the landed commits are dropped and the rest moves onto trunk
 * and is re-submitted, as right after a direct merge. Undefined when nothing of this line is queued.
 * A PR the queue let go without merging it is an error that says where to look.
 */
export async function followQueued(input: LandInput, line: LandLine): Promise<QueuedOutcome | undefined> {
  const state = readLandState(input);
  if (!state?.queued || !line.branches.includes(state.target)) return undefined;
  const { forge } = input.session;
  const numbers = lineNumbers(input, line);
  const statuses = await forge.statuses([...new Set([state.queued, ...numbers.filter((n): n is number => !!n)])]);
  const queued = statuses.get(state.queued);
  if (queued?.state === 'open') {
    const merge = state.uuid
      ? await forge.mergeAsyncResult(state.queued, state.uuid).catch(() => undefined)
      : undefined;
    if (merge?.status === 'failed') {
      writeLandState(input, { target: state.target, method: state.method });
      throw new MergeFailedError(state.queued, merge.message);
    }
    if (queued.queuePosition !== undefined || merge?.status === 'enqueued' || merge?.status === 'pending')
      return { status: 'queued', number: state.queued, url: queued.url, position: queued.queuePosition };
  }
  const landed = mergedAtBottom(line, numbers, statuses, false);
  const count = landed.length;
  if (count === 0 || queued?.state !== 'merged') {
    writeLandState(input, { target: state.target, method: state.method });
    throw new ForgeError(
      'refused',
      `GitHub took #${state.queued} out of the merge queue of ${line.trunkBranch} without merging it. See why on ${queued?.url ?? forge.webUrl}, fix that, then land again.`,
      '',
      [{ label: 'Land Stack', cli: 'stackline land --all', command: 'stackline.landWholeStack' }],
    );
  }
  const finished = await finishLanded(input, line, count, landed);
  const targetLanded = line.branches.slice(0, count).includes(state.target);
  writeLandState(input, targetLanded ? undefined : { target: state.target, method: state.method });
  return { status: 'merged', landed, finished };
}
