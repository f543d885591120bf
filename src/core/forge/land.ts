// Land: merge the bottom PR of a stack through GitHub, then make the rest of the stack stand on the
// new trunk. Order matters: the next PR is retargeted to trunk BEFORE the merged branch is deleted
// (GitHub closes PRs whose base branch is deleted), and the rest is replayed onto the fetched trunk
// (`rebase --onto`, which also works after a squash merge) and re-submitted.
import type { Notice } from '../fix';
import type { RepoLocation } from '../git/repository';
import type { GitRunner } from '../git/runner';
import { buildSmartlog } from '../smartlog/build';
import { ForgeError, LandNotReadyError } from './errors';
import { dropLanded } from './history';
import { pullOfBranch, type ForgeSession } from './session';
import { stackPath } from './stackPath';
import { branchFor, readMessages, submitStack, trunkBranchOf, type SubmitResult } from './submit';
import type { MergeMethod, PullRequest } from './types';

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
  pushEnv?: Record<string, string>;
  log?: (line: string) => void;
}

export interface LandResult {
  merged: { number: number; url: string; title: string };
  method: MergeMethod;
  trunkBranch: string;
  /** The PR now targeting trunk, when the stack had more. */
  retargeted?: number;
  /** Branches checked out in other worktrees that moved with their worktree, or were left. */
  notices?: Notice[];
  submit?: SubmitResult;
}

export async function landStack(input: LandInput): Promise<LandResult> {
  const { git, session } = input;
  const log = input.log ?? (() => undefined);
  const smartlog = await buildSmartlog(git, input.location, { trunk: input.trunk });
  const trunkBranch = trunkBranchOf(smartlog, [session.baseRemote, session.pushRemote]);
  const path = stackPath(smartlog, input.top);
  const messages = await readMessages(git, path.commits.map((c) => c.hash));
  const branches = path.commits.map((c) => branchFor(c, messages.get(c.hash)!, trunkBranch));
  const open = await session.forge.openPulls();
  const prOf = (branch: string | undefined) => pullOfBranch(session, open, branch);

  const bottom = path.commits[0];
  const pull = prOf(branches[0]);
  if (!pull) throw new ForgeError('refused', `The bottom commit (${bottom.hash.slice(0, 9)} ${bottom.title}) has no open PR. Run stackline submit first.`);
  if (pull.headSha !== bottom.hash) throw new ForgeError('refused', `PR #${pull.number} does not have your latest version of its commit. Run stackline submit, then land.`);
  if (pull.baseRef !== trunkBranch) throw new ForgeError('refused', `PR #${pull.number} targets ${pull.baseRef}, not ${trunkBranch}. Run stackline submit, then land.`);
  if (pull.draft) throw new ForgeError('refused', `PR #${pull.number} is a draft. Mark it ready for review on GitHub (${pull.url}), then land.`);
  if (!input.force) await refuseUnlessReady(session, pull);

  await session.forge.mergePull(pull.number, input.method, pull.headSha);
  log(`Merged #${pull.number} (${input.method}).`);
  await git.run(['fetch', '--quiet', session.baseRemote, `+refs/heads/${trunkBranch}:refs/remotes/${session.baseRemote}/${trunkBranch}`], { env: input.pushEnv });
  const newTrunk = (await git.run(['rev-parse', `refs/remotes/${session.baseRemote}/${trunkBranch}`])).trim();

  const result: LandResult = { merged: { number: pull.number, url: pull.url, title: pull.title }, method: input.method, trunkBranch };
  const next = prOf(branches[1]);
  if (next) {
    await session.forge.updatePull(next.number, { base: trunkBranch });
    result.retargeted = next.number;
    log(`#${next.number} now targets ${trunkBranch}.`);
  }
  await deleteMergedBranch(input, branches[0]!);
  const { rewrites: rewritten, notices } = await dropLanded({ git, location: input.location, trunk: input.trunk }, bottom.hash, newTrunk);
  if (rewritten.size > 0) log(`Moved the rest of the stack onto ${trunkBranch} (stackline undo reverts it).`);
  for (const notice of notices) log(notice.message);
  if (notices.length > 0) result.notices = notices;
  const rest = path.commits.slice(1).map((c) => c.hash);
  if (rest.length === 0) return result;
  const top = rewritten.get(rest[rest.length - 1]) ?? rest[rest.length - 1];
  result.submit = await submitStack({
    git,
    location: input.location,
    session,
    trunk: input.trunk,
    top,
    landed: [{ number: pull.number, title: pull.title, merged: true }],
    pushEnv: input.pushEnv,
    log,
  });
  return result;
}

async function refuseUnlessReady(session: ForgeSession, pull: PullRequest): Promise<void> {
  const ready = await session.forge.readiness(pull);
  const reasons: string[] = [];
  if (ready.failing.length > 0) reasons.push(`checks are failing (${ready.failing.join(', ')})`);
  if (ready.pending.length > 0) reasons.push(`checks are still running (${ready.pending.join(', ')})`);
  if (ready.review === 'changes-requested') reasons.push('a reviewer requested changes');
  if (ready.review === 'review-required') reasons.push('it has no approving review yet');
  if (reasons.length > 0) throw new LandNotReadyError(pull.number, pull.url, reasons);
}

/** Deletes the landed branch on GitHub (its PR is merged) and the local tracking ref that mirrored it. */
async function deleteMergedBranch(input: LandInput, branch: string): Promise<void> {
  const { git, session } = input;
  if (session.pushOwner) {
    // The branch lives in the user's fork, which the upstream API cannot delete from.
    await git.tryRun(['push', '--quiet', session.pushRemote, '--delete', `refs/heads/${branch}`], { env: input.pushEnv });
  } else {
    await session.forge.deleteBranch(branch);
  }
  await git.tryRun(['update-ref', '-d', `refs/remotes/${session.pushRemote}/${branch}`]);
}
