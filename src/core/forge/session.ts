// Everything a submit, land or status refresh needs, worked out once from the repository's remotes
// and settings: which GitHub repository PRs go to, which remote branches are pushed to (the repo
// itself, or the user's fork), and the trunk branch PRs target.
import type { GitRunner } from '../git/runner';
import { ForgeError } from './errors';
import { createGitHubClient } from './github/client';
import { GitHubForge } from './github/forge';
import { GitHubReviews } from './github/reviews';
import { Redactor } from './redact';
import { apiUrlFor, isOtherForgeHost, parseRemoteUrl, remoteWhere, type RemoteRepo } from './remote';
import type { ReviewForge } from '../review/types';
import type { Forge, PullRequest } from './types';

export interface NamedRemote extends RemoteRepo {
  remote: string;
  url: string;
}

export interface ForgeSession {
  forge: Forge;
  /** Reads and writes of reviews (the stack review), on the same client. */
  reviews: ReviewForge;
  /** Host of the base remote's URL (github.com or the Enterprise Server's). */
  baseHost: string;
  redactor: Redactor;
  apiUrl: string;
  /** The remote of the repository PRs are opened against (fetched for trunk). */
  baseRemote: string;
  /** The remote branches are pushed to. */
  pushRemote: string;
  /** Every configured remote's name (to tell which one a trunk ref such as origin/main was fetched from). */
  remotes: string[];
  /** Set when pushing to a fork: PR heads are `pushOwner:branch`, and every PR targets trunk. */
  pushOwner?: string;
}

export interface SessionOptions {
  token: string;
  /** The stackline.github.apiUrl setting (or STACKLINE_GITHUB_API_URL / git config for the CLI). */
  apiUrl?: string;
  log?: (line: string) => void;
  notify?: (message: string) => void;
  spaceWrites?: boolean;
  waitScale?: number;
}

export interface ConfiguredRemote {
  remote: string;
  url: string;
}

/** Every remote with its URL as written in .git/config (before url.*.insteadOf rewriting, which may point elsewhere). */
export async function configuredRemotes(git: GitRunner): Promise<ConfiguredRemote[]> {
  const out = (await git.tryRun(['config', '--get-regexp', '^remote\\..*\\.url$'])) ?? '';
  return out
    .split('\n')
    .map((line) => /^remote\.(.+)\.url (.+)$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => ({ remote: match[1], url: match[2] }));
}

/** The remotes that can be GitHub (github.com or an Enterprise Server host; not another forge's host). */
export function gitHubRemotesOf(configured: ConfiguredRemote[]): NamedRemote[] {
  return configured.flatMap(({ remote, url }) => {
    const parsed = parseRemoteUrl(url);
    return parsed && !isOtherForgeHost(parsed.host) ? [{ ...parsed, remote, url }] : [];
  });
}

export async function gitHubRemotes(git: GitRunner): Promise<NamedRemote[]> {
  return gitHubRemotesOf(await configuredRemotes(git));
}

/**
 * The remote PRs go to: `upstream` when there is one (the usual fork setup), else `origin`, else
 * the only GitHub remote. `configured` (all remotes) lets the error say what is there instead.
 */
export function baseRemoteOf(remotes: NamedRemote[], configured: ConfiguredRemote[] = remotes): NamedRemote {
  const base =
    remotes.find((r) => r.remote === 'upstream') ??
    remotes.find((r) => r.remote === 'origin') ??
    (remotes.length === 1 ? remotes[0] : undefined);
  if (!base)
    throw new ForgeError(
      'config',
      remotes.length === 0
        ? noGitHubRemote(configured)
        : `Several GitHub remotes and none named origin or upstream (${remotes.map((r) => r.remote).join(', ')}). Name the one PRs should go to origin.`,
    );
  return base;
}

const EXAMPLE_URL = 'https://github.com/<owner>/<repo>.git';

function noGitHubRemote(configured: ConfiguredRemote[]): string {
  if (configured.length === 0)
    return `This repository has no remote to push to and open PRs on. Add its GitHub repository: git remote add origin ${EXAMPLE_URL}`;
  const found = configured.map((r) => `${r.remote} points at ${remoteWhere(r.url)}`).join(', ');
  // origin is where the trunk is fetched from, so it is the remote to point at GitHub.
  const fix = configured.some((r) => r.remote === 'origin')
    ? `point origin at the GitHub repository: git remote set-url origin ${EXAMPLE_URL}`
    : `add the GitHub repository: git remote add origin ${EXAMPLE_URL}`;
  return `No GitHub remote: ${found}. Check them with git remote -v; to open PRs on GitHub, ${fix}`;
}

/** The remote PRs go to, read from the repository's config; fails with what to fix when there is none. */
export async function baseRemote(git: GitRunner): Promise<NamedRemote> {
  const configured = await configuredRemotes(git);
  return baseRemoteOf(gitHubRemotesOf(configured), configured);
}

export async function openForgeSession(git: GitRunner, options: SessionOptions): Promise<ForgeSession> {
  const configured = await configuredRemotes(git);
  const remotes = gitHubRemotesOf(configured);
  const base = baseRemoteOf(remotes, configured);
  const apiUrl = apiUrlFor(base.host, options.apiUrl);
  const redactor = new Redactor();
  const client = await createGitHubClient({
    apiUrl,
    token: options.token,
    redactor,
    log: options.log,
    notify: options.notify,
    spaceWrites: options.spaceWrites,
    waitScale: options.waitScale,
  });
  const forge = new GitHubForge({ client, repo: { owner: base.owner, name: base.name }, apiUrl, redactor });
  const reviews = new GitHubReviews({
    client,
    repo: forge.repo,
    apiUrl,
    webUrl: forge.webUrl,
    redactor,
  });
  const session: ForgeSession = {
    forge,
    reviews,
    baseHost: base.host,
    redactor,
    apiUrl,
    baseRemote: base.remote,
    pushRemote: base.remote,
    remotes: configured.map((r) => r.remote),
  };
  // A second remote of the same repository under another owner is a fork: push there when the
  // user cannot push to the base repository (one API call, made only when such a remote exists).
  const forks = remotes.filter((r) => r.remote !== base.remote && r.owner.toLowerCase() !== base.owner.toLowerCase());
  if (forks.length > 0 && !(await forge.canPush())) {
    const fork = forks.find((r) => r.remote === 'origin' || r.remote === 'fork') ?? forks[0];
    session.pushRemote = fork.remote;
    session.pushOwner = fork.owner;
  }
  return session;
}

/** Owner of the branches PRs are opened from: the fork's owner when pushing to a fork. */
export function headOwnerOf(session: ForgeSession): string {
  return (session.pushOwner ?? session.forge.repo.owner).toLowerCase();
}

/** The open PR whose head is `branch` in the repository Stackline pushes to. */
export function pullOfBranch(
  session: ForgeSession,
  open: PullRequest[],
  branch: string | undefined,
): PullRequest | undefined {
  const owner = headOwnerOf(session);
  return branch ? open.find((p) => p.headRef === branch && p.headOwner.toLowerCase() === owner) : undefined;
}
