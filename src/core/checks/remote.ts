// A dry run of the forge's checks, before any PR exists: each commit is pushed to a scratch branch
// (refs/heads/stackline/check/<id>, the prefix is a setting), whatever CI reports to the forge on
// those commits (check runs, commit statuses) is waited for and read, then the scratch branches are
// deleted — each only if it still points where Stackline put it (a lease), so nobody's push is lost.
import { GitError } from '../git/errors';
import type { GitRunner } from '../git/runner';
import type { ForgeSession } from '../forge/session';
import { gitHubRemotes } from '../forge/session';
import type { CommitCheckContext, CommitChecks, RepoRef } from '../forge/types';
import { CheckError } from './errors';

export const DEFAULT_REF_PREFIX = 'stackline/check/';

export type RemoteState = 'passing' | 'failing' | 'pending' | 'none';

export interface RemoteCommitResult {
  commit: string;
  title: string;
  /** The scratch branch it was pushed to. */
  branch: string;
  /** failing when any context failed; pending while any runs; none when nothing reported in time. */
  state: RemoteState;
  contexts: CommitCheckContext[];
}

export interface RemoteCheckInput {
  git: GitRunner;
  session: ForgeSession;
  /** Bottom first. */
  commits: { hash: string; title: string }[];
  /** Branch name prefix of the scratch branches. */
  prefix?: string;
  /** Between two reads of the forge's checks. Default 10 s. */
  pollMs?: number;
  /** A commit nothing has reported on after this long counts as "none". Default 2 min. */
  appearMs?: number;
  /** Stop waiting after this long; what still runs is reported as pending. Default 30 min. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Each time the forge's answer for a commit changes. */
  onChange?: (result: RemoteCommitResult) => void;
  log?: (line: string) => void;
  /** Extra environment for git push (GIT_TERMINAL_PROMPT=0 where no terminal can answer). */
  pushEnv?: Record<string, string>;
}

export interface RemoteCheckSummary {
  results: RemoteCommitResult[];
  /** The remote the scratch branches went to. */
  remote: string;
  /** Scratch branches left on the remote: someone else moved them since the push. */
  kept: string[];
  cancelled: boolean;
  timedOut: boolean;
}

/** The scratch branch of a commit. */
export function scratchBranch(prefix: string, commit: string): string {
  return `${prefix}${commit.slice(0, 12)}`;
}

export async function runRemoteChecks(input: RemoteCheckInput): Promise<RemoteCheckSummary> {
  const { git, session } = input;
  const prefix = await validPrefix(git, input.prefix ?? DEFAULT_REF_PREFIX);
  const remote = session.pushRemote;
  const repo = await pushedRepo(git, session);
  const results: RemoteCommitResult[] = input.commits.map((c) => ({
    commit: c.hash,
    title: c.title,
    branch: scratchBranch(prefix, c.hash),
    state: 'pending',
    contexts: [],
  }));
  await pushScratch(git, remote, results, input.pushEnv);
  input.log?.(`Pushed ${results.map((r) => r.branch).join(', ')} to ${remote}.`);
  let timedOut = false;
  let kept: string[] = [];
  try {
    timedOut = await waitForChecks(input, repo, results);
  } finally {
    // Even when waiting failed or was cancelled: scratch branches are never left behind silently.
    kept = await deleteScratch(git, remote, results, input);
  }
  return { results, remote, kept, cancelled: !!input.signal?.aborted, timedOut };
}

/** Polls until every commit has settled (or reported nothing for appearMs), the time is up, or Cancel. */
async function waitForChecks(input: RemoteCheckInput, repo: RepoRef, results: RemoteCommitResult[]): Promise<boolean> {
  const pollMs = input.pollMs ?? 10_000;
  const appearMs = input.appearMs ?? 120_000;
  const deadline = Date.now() + (input.timeoutMs ?? 30 * 60_000);
  const started = Date.now();
  for (;;) {
    if (input.signal?.aborted) return false;
    const open = results.filter((r) => r.state === 'pending');
    const answers = await input.session.forge.commitChecks(
      open.map((r) => r.commit),
      repo,
    );
    for (const result of open) {
      const next = stateOf(answers.get(result.commit), Date.now() - started >= appearMs);
      const contexts = answers.get(result.commit)?.contexts ?? [];
      if (next === result.state && JSON.stringify(contexts) === JSON.stringify(result.contexts)) continue;
      Object.assign(result, { state: next, contexts });
      input.onChange?.(result);
    }
    if (results.every((r) => r.state !== 'pending')) return false;
    if (Date.now() >= deadline) return true;
    await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())), input.signal);
  }
}

function stateOf(checks: CommitChecks | undefined, waitedLongEnough: boolean): RemoteState {
  const contexts = checks?.contexts ?? [];
  if (contexts.length === 0) return waitedLongEnough ? 'none' : 'pending';
  if (contexts.some((c) => c.state === 'failing')) return 'failing';
  return contexts.some((c) => c.state === 'pending') ? 'pending' : 'passing';
}

/** One atomic push of every commit to its scratch branch; an existing one must already be that commit. */
async function pushScratch(
  git: GitRunner,
  remote: string,
  results: RemoteCommitResult[],
  env?: Record<string, string>,
): Promise<void> {
  try {
    await git.run(
      ['push', '--atomic', '--no-verify', remote, ...results.map((r) => `${r.commit}:refs/heads/${r.branch}`)],
      { env },
    );
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    throw new CheckError(
      'remote',
      `Pushing the scratch branches to ${remote} failed; nothing was pushed. ${error.message}`,
    );
  }
}

/** Deletes the scratch branches, each only if it is still the commit pushed there. Answers the ones kept. */
async function deleteScratch(
  git: GitRunner,
  remote: string,
  results: RemoteCommitResult[],
  input: RemoteCheckInput,
): Promise<string[]> {
  const leases = results.map((r) => `--force-with-lease=refs/heads/${r.branch}:${r.commit}`);
  let out;
  try {
    out = await git.exec(
      ['push', '--porcelain', '--no-verify', remote, ...leases, ...results.map((r) => `:refs/heads/${r.branch}`)],
      { env: input.pushEnv, okCodes: [0, 1] },
    );
  } catch (error) {
    input.log?.(
      `Deleting the scratch branches from ${remote} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return results.map((r) => r.branch);
  }
  // Porcelain lines: "<flag>\t<from>:<to>\t<summary>" ("(delete):refs/heads/x" for a delete); "!" is a ref the remote refused (the lease failed).
  return out.stdout
    .split('\n')
    .filter((line) => line.startsWith('!'))
    .map((line) => /refs\/heads\/(.+)$/.exec(line.split('\t')[1] ?? '')?.[1] ?? '')
    .filter(Boolean);
}

async function validPrefix(git: GitRunner, prefix: string): Promise<string> {
  const ok = await git.tryRun(['check-ref-format', `refs/heads/${prefix}0`]);
  if (ok === undefined || !prefix.endsWith('/')) {
    throw new CheckError(
      'config',
      `"${prefix}" cannot start branch names: use a prefix such as "${DEFAULT_REF_PREFIX}" (letters, digits, - _ . and / , ending in /).`,
    );
  }
  return prefix;
}

/** Which GitHub repository the push remote is: the base one, or the user's fork. */
async function pushedRepo(git: GitRunner, session: ForgeSession): Promise<RepoRef> {
  if (session.pushRemote === session.baseRemote) return session.forge.repo;
  const fork = (await gitHubRemotes(git)).find((r) => r.remote === session.pushRemote);
  return fork ? { owner: fork.owner, name: fork.name } : session.forge.repo;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
