// Submit: one branch and one PR per draft commit of a stack, each PR based on the branch of the
// commit below it (the bottom one on trunk). Idempotent: it compares what GitHub and the remote
// already have with what the stack needs, and writes only the difference.
import { GitError } from '../git/errors';
import type { RepoLocation } from '../git/repository';
import type { GitRunner } from '../git/runner';
import { buildSmartlog } from '../smartlog/build';
import type { Smartlog, SmartlogCommit } from '../smartlog/model';
import { ForgeError } from './errors';
import { rewriteMessages } from './history';
import { recordPulls } from './pullIndex';
import { headOwnerOf, pullOfBranch, type ForgeSession } from './session';
import { parseStackSection, renderStackSection, replaceStackSection, type StackEntry } from './stackBody';
import { generatedBranch, newStackId, stackIdOf, withoutStackId, withStackId } from './stackId';
import { stackPath } from './stackPath';
import type { PullRequest, UpdatePull } from './types';

export interface SubmitInput {
  git: GitRunner;
  location: RepoLocation;
  session: ForgeSession;
  /** The stackline.trunk setting. */
  trunk?: string;
  /** Submit the line up to this commit; default: HEAD's stack, up to its top. */
  top?: string;
  draft?: boolean;
  reviewers?: string[];
  labels?: string[];
  /** PRs of this stack that were just merged: listed, ticked, in every stack section. */
  landed?: StackEntry[];
  /** Extra environment for git push (e.g. GIT_TERMINAL_PROMPT=0 where no terminal can answer). */
  pushEnv?: Record<string, string>;
  log?: (line: string) => void;
}

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
}

interface Planned {
  commit: SmartlogCommit;
  message: string;
  branch: string;
}

export async function submitStack(input: SubmitInput): Promise<SubmitResult> {
  const { git, session } = input;
  const log = input.log ?? (() => undefined);
  let smartlog = await buildSmartlog(git, input.location, { trunk: input.trunk });
  const trunkBranch = trunkBranchOf(smartlog, [session.baseRemote, session.pushRemote]);
  let path = stackPath(smartlog, input.top);
  let messages = await readMessages(git, path.commits.map((c) => c.hash));

  // Commits that will get a generated branch need a stable id first.
  const needIds = path.commits.filter((c) => !ownBranch(c, trunkBranch) && !stackIdOf(messages.get(c.hash)!));
  if (needIds.length > 0) {
    const { rewrites: rewritten, notices } = await rewriteMessages(
      { git, location: input.location, trunk: input.trunk },
      new Map(needIds.map((c) => [c.hash, withStackId(messages.get(c.hash)!, newStackId(c.title))])),
    );
    log(`Added a Stackline-Id trailer to ${needIds.length} commit(s) (stackline undo reverts it).`);
    for (const notice of notices) log(notice.message);
    const top = path.commits[path.commits.length - 1].hash;
    smartlog = await buildSmartlog(git, input.location, { trunk: input.trunk });
    path = stackPath(smartlog, input.top ? (rewritten.get(top) ?? top) : undefined);
    messages = await readMessages(git, path.commits.map((c) => c.hash));
  }
  const plan: Planned[] = path.commits.map((commit) => {
    const message = messages.get(commit.hash)!;
    return { commit, message, branch: branchFor(commit, message, trunkBranch)! };
  });

  const forkMode = session.pushOwner !== undefined;
  const headOwner = headOwnerOf(session);
  const open = await session.forge.openPulls();
  const prOf = (branch: string) => pullOfBranch(session, open, branch);

  const tracking = await remoteTracking(git, session.pushRemote);
  const pushes = plan.filter((p) => (tracking.get(p.branch) ?? prOf(p.branch)?.headSha) !== p.commit.hash);
  if (pushes.length > 0) {
    await pushAtomic(git, session.pushRemote, pushes.map((p) => ({ branch: p.branch, sha: p.commit.hash, expected: tracking.get(p.branch) ?? prOf(p.branch)?.headSha ?? '' })), input.pushEnv);
    log(`Pushed ${pushes.map((p) => p.branch).join(', ')} to ${session.pushRemote}.`);
  }

  const results: (SubmittedPull & { pull: PullRequest })[] = [];
  for (const [i, p] of plan.entries()) {
    const base = forkMode || i === 0 ? trunkBranch : plan[i - 1].branch;
    let pull = prOf(p.branch);
    const created = !pull;
    if (!pull) {
      pull = await session.forge.createPull({ head: p.branch, headOwner: forkMode ? session.pushOwner : undefined, base, title: p.commit.title, body: bodyOf(p.message), draft: !!input.draft });
      log(`Opened #${pull.number} ${pull.url}`);
    }
    results.push({ commit: p.commit.hash, title: p.commit.title, branch: p.branch, number: pull.number, url: pull.url, base, created, updated: false, pushed: pushes.includes(p), pull });
  }

  const current = new Set(results.map((r) => r.number));
  const merged = mergedEntries(input.landed ?? [], results.map((r) => r.pull), current);
  const entries: StackEntry[] = [...results].reverse().map((r) => ({ number: r.number, title: r.pull.title, merged: false })).concat(merged);
  for (const r of results) {
    const body = replaceStackSection(r.pull.body, renderStackSection(entries, r.number, forkMode));
    const changes: UpdatePull = {};
    if (normalize(body) !== normalize(r.pull.body)) changes.body = body;
    if (r.pull.baseRef !== r.base) changes.base = r.base;
    if (Object.keys(changes).length > 0) {
      r.pull = await session.forge.updatePull(r.number, changes);
      r.updated = !r.created;
      if (changes.base) log(`#${r.number}: base is now ${r.base}.`);
    }
    const reviewers = (input.reviewers ?? []).filter((login) => !r.pull.requestedReviewers.includes(login));
    if (reviewers.length > 0) await session.forge.requestReviewers(r.number, reviewers);
    const labels = (input.labels ?? []).filter((label) => !r.pull.labels.includes(label));
    if (labels.length > 0) await session.forge.addLabels(r.number, labels);
  }

  recordPulls(input.location.commonDir, session.forge.repo, results.map((r) => [r.branch, r.number]));
  // A PR whose commit is on another line of the stack (or now in another stack) is still live.
  const live = await draftBranches(git, smartlog, trunkBranch);
  const dropped = open.filter((p) => !live.has(p.headRef) && p.headOwner.toLowerCase() === headOwner && parseStackSection(p.body).some((e) => current.has(e.number)));
  return { pulls: results.map(({ pull: _pull, ...rest }) => rest), dropped, idsAdded: needIds.length };
}

/** Trunk as a branch name on the base repository (origin/main → main). */
export function trunkBranchOf(smartlog: Smartlog, remotes: string[]): string {
  if (!smartlog.trunk) throw new ForgeError('config', 'No trunk branch found, so there is nothing to base PRs on. Fetch, or set stackline.trunk (e.g. origin/main).');
  if (smartlog.state.operation) throw new GitError('operation-in-progress', `A ${smartlog.state.operation} is in progress. Finish or abort it, then submit.`);
  const ref = smartlog.trunk.ref;
  const remote = remotes.find((r) => ref.startsWith(`${r}/`));
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
  const messages = await readMessages(git, drafts.map((c) => c.hash));
  return new Set(drafts.map((c) => branchFor(c, messages.get(c.hash) ?? '', trunkBranch)).filter((b): b is string => b !== undefined));
}

/** The commit's own local branch, unless it is named like trunk (commits made straight on main). */
function ownBranch(commit: SmartlogCommit, trunkBranch: string): string | undefined {
  return commit.branches.filter((b) => !b.remote && b.name !== trunkBranch).map((b) => b.name).sort()[0];
}

export async function readMessages(git: GitRunner, hashes: string[]): Promise<Map<string, string>> {
  const out = await git.run(['log', '-z', '--no-walk=unsorted', '--format=%H%x1f%B', ...hashes, '--']);
  return new Map(out.split('\0').filter((r) => r.includes('\x1f')).map((r) => r.replace(/^\n/, '').split('\x1f') as [string, string]));
}

/** Branch → commit, as last fetched from or pushed to `remote`. */
export async function remoteTracking(git: GitRunner, remote: string): Promise<Map<string, string>> {
  const prefix = `refs/remotes/${remote}/`;
  const out = await git.run(['for-each-ref', '--format=%(refname) %(objectname)', prefix]);
  return new Map(out.split('\n').filter(Boolean).map((line) => {
    const [ref, hash] = line.split(' ');
    return [ref.slice(prefix.length), hash] as [string, string];
  }));
}

/** All branches in one atomic push; each only if the remote still has what we last saw there. */
async function pushAtomic(git: GitRunner, remote: string, updates: { branch: string; sha: string; expected: string }[], env?: Record<string, string>): Promise<void> {
  const args = ['push', '--atomic', remote, ...updates.map((u) => `--force-with-lease=refs/heads/${u.branch}:${u.expected}`), ...updates.map((u) => `${u.sha}:refs/heads/${u.branch}`)];
  try {
    await git.run(args, { env });
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    const stale = /\[rejected\][^\n]*?(\S+) -> \S+ \(stale info\)/.exec(error.detail);
    if (stale) {
      throw new ForgeError('push-rejected', `Branch ${stale[1]} on ${remote} changed since Stackline last saw it (did someone push to it?). Nothing was pushed. Fetch (git fetch ${remote}), look at the branch, then submit again.`, error.detail);
    }
    if (/permission|denied|403|not allowed|protected branch/i.test(error.detail)) {
      throw new ForgeError('push-rejected', `${remote} refused the push (no permission). Nothing was pushed. Push to your fork instead: add it as a remote (git remote add fork <url>) and submit again.`, error.detail);
    }
    throw new ForgeError('push-rejected', `Pushing the stack to ${remote} failed; nothing was pushed. ${error.message}`, error.detail);
  }
}

/** A new PR's body: the commit message below the title, without Stackline's trailer. */
function bodyOf(message: string): string {
  return withoutStackId(message).split('\n').slice(1).join('\n').trim();
}

/** Merged PRs to list ticked: the ones just landed plus those already ticked in the stack's bodies. */
function mergedEntries(landed: StackEntry[], pulls: PullRequest[], current: Set<number>): StackEntry[] {
  const seen = new Set<number>();
  const out: StackEntry[] = [];
  for (const entry of [...landed.map((e) => ({ ...e, merged: true })), ...pulls.flatMap((p) => parseStackSection(p.body).filter((e) => e.merged))]) {
    if (current.has(entry.number) || seen.has(entry.number)) continue;
    seen.add(entry.number);
    out.push(entry);
  }
  return out;
}

function normalize(text: string): string {
  return text.replace(/\r\n/g, '\n').trim();
}
