// Submit: one branch and one PR per draft commit of a stack, each PR based on the branch of the
// commit below it (the bottom one on trunk). Three steps: read what the stack, the remote and GitHub
// have (readSubmit), work out the difference (planSubmit in ./submitPlan, pure), and carry it out
// (applySubmit). A dry run prints the plan; a resubmit with nothing changed plans, and writes, nothing.
import { GitError } from '../git/errors';
import type { RepoLocation } from '../git/repository';
import type { GitRunner } from '../git/runner';
import { buildSmartlog } from '../smartlog/build';
import { stackForks } from '../smartlog/lines';
import type { Smartlog, SmartlogCommit } from '../smartlog/model';
import { ForgeError } from './errors';
import { rewriteMessages } from './history';
import { recordPulls } from './pullIndex';
import { readNativeStack } from './nativeStacks';
import { pullOfBranch, type ForgeSession } from './session';
import type { NativeStacksSetting, StackListSetting } from './settings';
import type { StackEntry } from './stackBody';
import { generatedBranch, stackIdOf } from './stackId';
import { stackPath } from './stackPath';
import { planSubmit, stackBody, type SubmitOptions, type SubmitPlan, type SubmitReading } from './submitPlan';
import type { PullRequest, UpdatePull } from './types';

export interface SubmitTarget {
  git: GitRunner;
  location: RepoLocation;
  session: ForgeSession;
  /** The stackline.trunk setting. */
  trunk?: string;
  /** Submit the line up to this commit; default: HEAD's stack, up to its top. */
  top?: string;
  /** The stackline.github.nativeStacks setting (default auto). */
  nativeStacks?: NativeStacksSetting;
  /** The stackline.github.stackListInBody setting (default always). */
  stackListInBody?: StackListSetting;
}

export interface ApplyInput extends SubmitTarget {
  /** Extra environment for git push (e.g. GIT_TERMINAL_PROMPT=0 where no terminal can answer). */
  pushEnv?: Record<string, string>;
  log?: (line: string) => void;
}

export type SubmitInput = ApplyInput & SubmitOptions;

export interface SubmittedPull {
  commit: string;
  title: string;
  branch: string;
  number: number;
  url: string;
  base: string;
  created: boolean;
  updated: boolean;
  pushed: boolean;
}

export interface SubmitResult {
  pulls: SubmittedPull[];
  /** Open PRs of this stack whose commit is no longer a draft anywhere in the smartlog: left open, for the author to close. */
  dropped: PullRequest[];
  /** Commits that got a Stackline-Id trailer (their hashes changed). */
  idsAdded: number;
  /** The line's GitHub native stack, when it has one after the submit. */
  nativeStack?: { number: number; url: string };
}

export async function submitStack(input: SubmitInput): Promise<SubmitResult> {
  return applySubmit(input, planSubmit(await readSubmit(input), input));
}

/** What submit decides on: the line to submit, the push remote's branches and GitHub's open PRs. Reads only. */
export async function readSubmit(target: SubmitTarget): Promise<SubmitReading> {
  const { git, session } = target;
  const smartlog = await buildSmartlog(git, target.location, { trunk: target.trunk });
  const trunkBranch = trunkBranchOf(smartlog, session.remotes);
  const path = stackPath(smartlog, target.top);
  const messages = await readMessages(
    git,
    path.commits.map((c) => c.hash),
  );
  const [open, tracking, liveBranches] = await Promise.all([
    session.forge.openPulls(),
    remoteTracking(git, session.pushRemote),
    draftBranches(git, smartlog, trunkBranch),
  ]);
  const line = path.commits.map((c) => ({
    hash: c.hash,
    title: c.title,
    message: messages.get(c.hash)!,
    ownBranch: ownBranch(c, trunkBranch),
  }));
  const native = await readNativeStack(
    session,
    target.location.commonDir,
    target.nativeStacks ?? 'auto',
    line.map((c) => {
      const id = stackIdOf(c.message);
      return pullOfBranch(session, open, c.ownBranch ?? (id ? generatedBranch(id) : undefined))?.number;
    }),
    {
      fork: session.pushOwner !== undefined,
      forkedStack:
        stackForks(
          smartlog,
          smartlog.stacks.find((s) => s.id === path.stackId)!,
        ).forkPoints.length > 0,
    },
  );
  return {
    repo: `${session.forge.repo.owner}/${session.forge.repo.name}`,
    pushRemote: session.pushRemote,
    pushOwner: session.pushOwner,
    trunkBranch,
    line,
    tracking,
    open,
    liveBranches,
    native,
  };
}

/** Carries out a plan in its order: trailers, one atomic push, new PRs, updates, reviewers and labels. */
export async function applySubmit(input: ApplyInput, plan: SubmitPlan): Promise<SubmitResult> {
  const { git, session } = input;
  const log = input.log ?? (() => undefined);

  let rewrites = new Map<string, string>();
  if (plan.trailers.length > 0) {
    const outcome = await rewriteMessages(
      { git, location: input.location, trunk: input.trunk },
      new Map(plan.trailers.map((t) => [t.commit, t.message])),
    );
    rewrites = outcome.rewrites;
    log(`Added a Stackline-Id trailer to ${plan.trailers.length} commit(s) (undo reverts it).`);
    for (const notice of outcome.notices) log(notice.message);
  }
  const hashOf = (commit: string) => rewrites.get(commit) ?? commit;

  if (plan.pushes.length > 0) {
    await pushAtomic(
      git,
      plan.pushRemote,
      plan.pushes.map((p) => ({ ref: p.ref, sha: hashOf(p.commit), expected: p.old })),
      input.pushEnv,
    );
    log(`Pushed ${plan.pushes.map((p) => p.branch).join(', ')} to ${plan.pushRemote}.`);
  }

  for (const step of plan.native) {
    if (step.op !== 'unstack') continue;
    await session.forge.unstack(step.stack);
    log(`Took ${step.pulls.map((n) => `#${n}`).join(', ')} out of native stack ${step.stack}.`);
  }

  const urls = new Map(plan.pulls.flatMap((p) => (p.url ? [[p.branch, p.url] as const] : [])));
  const numbers = new Map(plan.pulls.flatMap((p) => (p.number ? [[p.branch, p.number] as const] : [])));
  for (const create of plan.creates) {
    const { branch: _branch, commit: _commit, ...request } = create;
    const pull = await session.forge.createPull(request);
    numbers.set(create.branch, pull.number);
    urls.set(create.branch, pull.url);
    log(`Opened #${pull.number} ${pull.url}`);
  }
  const numberOf = (branch: string) => numbers.get(branch)!;

  const entries: StackEntry[] = plan.stackList.map((e) =>
    'number' in e ? e : { number: numberOf(e.branch), title: e.title, merged: false },
  );
  for (const update of plan.updates) {
    const number = numberOf(update.branch);
    const changes: UpdatePull = {};
    if (update.retarget) changes.base = update.retarget.to;
    if (update.stackListInto !== undefined)
      changes.body = stackBody(update.stackListInto, entries, number, plan.fork, plan.listInBody);
    await session.forge.updatePull(number, changes);
    if (update.retarget) log(`#${number}: base is now ${update.retarget.to}.`);
  }
  let nativeStack: SubmitResult['nativeStack'];
  for (const step of plan.native) {
    if (step.op === 'unstack') continue;
    const refs = step.pulls.map((p) => p.number ?? numberOf(p.branch));
    const stack =
      step.op === 'create'
        ? await session.forge.createNativeStack(refs)
        : await session.forge.addToNativeStack(step.stack, refs);
    nativeStack = { number: stack.number, url: stack.url };
    log(
      step.op === 'create'
        ? `Stacked ${refs.map((n) => `#${n}`).join(', ')} on GitHub (native stack ${stack.number}).`
        : `Added ${refs.map((n) => `#${n}`).join(', ')} on top of native stack ${stack.number}.`,
    );
  }
  for (const extra of plan.reviewers) await session.forge.requestReviewers(numberOf(extra.branch), extra.logins);
  for (const extra of plan.labels) await session.forge.addLabels(numberOf(extra.branch), extra.logins);

  const pushed = new Set(plan.pushes.map((p) => p.branch));
  const created = new Set(plan.creates.map((c) => c.branch));
  const updated = new Set(plan.updates.filter((u) => u.number !== undefined).map((u) => u.branch));
  const pulls = plan.pulls.map((p) => ({
    commit: hashOf(p.commit),
    title: p.title,
    branch: p.branch,
    number: numberOf(p.branch),
    url: urls.get(p.branch)!,
    base: p.base,
    created: created.has(p.branch),
    updated: updated.has(p.branch),
    pushed: pushed.has(p.branch),
  }));
  recordPulls(
    input.location.commonDir,
    session.forge.repo,
    pulls.map((p) => [p.branch, p.number]),
  );
  return { pulls, dropped: plan.dropped, idsAdded: plan.trailers.length, nativeStack };
}

/**
 * Trunk as a branch name, as the PR repository knows it (origin/main → main): the trunk ref without
 * whichever remote it was fetched from, which need not be the remote PRs go to.
 */
export function trunkBranchOf(smartlog: Smartlog, remotes: string[]): string {
  if (!smartlog.trunk)
    throw new ForgeError(
      'config',
      'No trunk branch found, so there is nothing to base PRs on. Fetch, or set stackline.trunk (e.g. origin/main).',
    );
  if (smartlog.state.operation)
    throw new GitError(
      'operation-in-progress',
      `A ${smartlog.state.operation} is in progress. Finish or abort it, then submit.`,
    );
  const ref = smartlog.trunk.ref;
  // Remote names may hold a slash: the longest one the ref starts with is its remote.
  const remote = [...remotes].sort((a, b) => b.length - a.length).find((r) => ref.startsWith(`${r}/`));
  return remote ? ref.slice(remote.length + 1) : ref;
}

/** The branch a commit is submitted on: its own local branch, else the one named after its Stackline-Id. */
export function branchFor(commit: SmartlogCommit, message: string, trunkBranch: string): string | undefined {
  const id = stackIdOf(message);
  return ownBranch(commit, trunkBranch) ?? (id ? generatedBranch(id) : undefined);
}

/** The branch of every draft commit in the smartlog that has one (its own, or from its Stackline-Id). */
async function draftBranches(git: GitRunner, smartlog: Smartlog, trunkBranch: string): Promise<Set<string>> {
  const drafts = smartlog.commits.filter((c) => c.phase === 'draft');
  const messages = await readMessages(
    git,
    drafts.map((c) => c.hash),
  );
  return new Set(
    drafts
      .map((c) => branchFor(c, messages.get(c.hash) ?? '', trunkBranch))
      .filter((b): b is string => b !== undefined),
  );
}

/** The commit's own local branch, unless it is named like trunk (commits made straight on main). */
function ownBranch(commit: SmartlogCommit, trunkBranch: string): string | undefined {
  return commit.branches
    .filter((b) => !b.remote && b.name !== trunkBranch)
    .map((b) => b.name)
    .sort()[0];
}

export async function readMessages(git: GitRunner, hashes: string[]): Promise<Map<string, string>> {
  const out = await git.run(['log', '-z', '--no-walk=unsorted', '--format=%H%x1f%B', ...hashes, '--']);
  return new Map(
    out
      .split('\0')
      .filter((r) => r.includes('\x1f'))
      .map((r) => r.replace(/^\n/, '').split('\x1f') as [string, string]),
  );
}

/** Branch → commit, as last fetched from or pushed to `remote`. */
export async function remoteTracking(git: GitRunner, remote: string): Promise<Map<string, string>> {
  const prefix = `refs/remotes/${remote}/`;
  const out = await git.run(['for-each-ref', '--format=%(refname) %(objectname)', prefix]);
  return new Map(
    out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [ref, hash] = line.split(' ');
        return [ref.slice(prefix.length), hash] as [string, string];
      }),
  );
}

/** All branches in one atomic push; each only if the remote still has what we last saw there. */
async function pushAtomic(
  git: GitRunner,
  remote: string,
  updates: { ref: string; sha: string; expected: string }[],
  env?: Record<string, string>,
): Promise<void> {
  const args = [
    'push',
    '--atomic',
    remote,
    ...updates.map((u) => `--force-with-lease=${u.ref}:${u.expected}`),
    ...updates.map((u) => `${u.sha}:${u.ref}`),
  ];
  try {
    await git.run(args, { env });
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    const stale = /\[rejected\][^\n]*?(\S+) -> \S+ \(stale info\)/.exec(error.detail);
    if (stale) {
      throw new ForgeError(
        'push-rejected',
        `Branch ${stale[1]} on ${remote} changed since Stackline last saw it (did someone push to it?). Nothing was pushed. Fetch (git fetch ${remote}), look at the branch, then submit again.`,
        error.detail,
      );
    }
    if (/permission|denied|403|not allowed|protected branch/i.test(error.detail)) {
      throw new ForgeError(
        'push-rejected',
        `${remote} refused the push (no permission). Nothing was pushed. Push to your fork instead: add it as a remote (git remote add fork <url>) and submit again.`,
        error.detail,
      );
    }
    throw new ForgeError(
      'push-rejected',
      `Pushing the stack to ${remote} failed; nothing was pushed. ${error.message}`,
      error.detail,
    );
  }
}
