// Land: merge the bottom PR of a stack through GitHub, then make the rest of the stack stand on the
// new trunk (landSteps.ts). When the base branch merges through a merge queue, the PR is queued and
// nothing else changes until GitHub merges it; the next land (or a VS Code refresh) finishes then.
import type { Notice } from '../fix';
import { ForgeError, SUBMIT } from './errors';
import {
  finishEarlierMerges,
  finishLanded,
  mergeOne,
  queuePositionOf,
  readLine,
  refuseUnlessReady,
  type LandInput,
} from './landSteps';
import { followQueued, writeLandState } from './landState';
import { readNativeStack } from './nativeStacks';
import { pullOfBranch } from './session';
import type { SubmitResult } from './submit';
import type { MergeMethod } from './types';

export type { LandInput } from './landSteps';

export interface LandResult {
  merged: { number: number; url: string; title: string };
  method: MergeMethod;
  trunkBranch: string;
  /** In the base branch's merge queue, not merged yet: nothing else was changed. */
  queued?: boolean;
  /** Its place in the merge queue (1 = merges next), when GitHub says. */
  queuePosition?: number;
  /** The PR now targeting trunk, when the stack had more. */
  retargeted?: number;
  /** Branches checked out in other worktrees that moved with their worktree, or were left. */
  notices?: Notice[];
  submit?: SubmitResult;
}

export async function landStack(input: LandInput): Promise<LandResult> {
  const { session } = input;
  const line = await readLine(input, true);
  const { trunkBranch, path, branches, open } = line;
  const waiting = await followQueued(input, line);
  if (waiting?.status === 'queued')
    return {
      merged: { number: waiting.number, url: waiting.url, title: '' },
      method: input.method,
      trunkBranch,
      queued: true,
      queuePosition: waiting.position,
    };
  // The merge queue merged what an earlier land queued, or an earlier land stopped right after a merge.
  const followed = waiting?.status === 'merged' ? waiting : await finishEarlierMerges(input, line);
  if (followed) {
    const { finished, landed } = followed;
    return {
      merged: landed[landed.length - 1],
      method: input.method,
      trunkBranch,
      retargeted: finished.retargeted,
      ...(finished.notices.length > 0 ? { notices: finished.notices } : {}),
      submit: finished.submit,
    };
  }

  const bottom = path.commits[0];
  const pull = pullOfBranch(session, open, branches[0]);
  if (!pull)
    throw new ForgeError(
      'refused',
      `The bottom commit (${bottom.hash.slice(0, 9)} ${bottom.title}) has no open PR. Submit the stack first.`,
      '',
      [SUBMIT],
    );
  if (pull.headSha !== bottom.hash)
    throw new ForgeError(
      'refused',
      `PR #${pull.number} does not have your latest version of its commit. Submit the stack again, then land.`,
      '',
      [SUBMIT],
    );
  if (pull.baseRef !== trunkBranch)
    throw new ForgeError(
      'refused',
      `PR #${pull.number} targets ${pull.baseRef}, not ${trunkBranch}. Submit the stack again, then land.`,
      '',
      [SUBMIT],
    );
  if (pull.draft)
    throw new ForgeError(
      'refused',
      `PR #${pull.number} is a draft. Mark it ready for review on GitHub (${pull.url}), then land.`,
    );
  if (!input.force) await refuseUnlessReady(session, pull);

  const landed = { number: pull.number, url: pull.url, title: pull.title };
  const native = await readNativeStack(session, input.location.commonDir, input.nativeStacks ?? 'auto', [pull.number], {
    fork: session.pushOwner !== undefined,
    forkedStack: false,
  });
  const merged = await mergeOne(input, pull, !!native?.stack);
  if (merged.status === 'queued') {
    writeLandState(input, { target: pull.headRef, method: input.method, queued: pull.number, uuid: merged.uuid });
    const queuePosition = await queuePositionOf(input, pull.number);
    return { merged: landed, method: input.method, trunkBranch, queued: true, queuePosition };
  }
  const finished = await finishLanded(input, line, 1, [landed], native?.stack ? undefined : open);
  return {
    merged: landed,
    method: input.method,
    trunkBranch,
    retargeted: finished.retargeted,
    ...(finished.notices.length > 0 ? { notices: finished.notices } : {}),
    submit: finished.submit,
  };
}
