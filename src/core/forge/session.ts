// Everything a submit, land or status refresh needs, worked out once from the repository's remotes
// and settings: which GitHub repository PRs go to, which remote branches are pushed to (the repo
// itself, or the user's fork), and the trunk branch PRs target.
import type { GitRunner } from '../git/runner';
import { ForgeError } from './errors';
import { createGitHubClient } from './github/client';
import { GitHubForge } from './github/forge';
import { Redactor } from './redact';
import { apiUrlFor, parseRemoteUrl, type RemoteRepo } from './remote';
import type { Forge, PullRequest } from './types';

export interface NamedRemote extends RemoteRepo {
  remote: string;
  url: string;
}

export interface ForgeSession {
  forge: Forge;
  redactor: Redactor;
  apiUrl: string;
  /** The remote of the repository PRs are opened against (fetched for trunk). */
  baseRemote: string;
  /** The remote branches are pushed to. */
  pushRemote: string;
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

/** GitHub remotes as written in .git/config (before url.*.insteadOf rewriting, which may point elsewhere). */
export async function gitHubRemotes(git: GitRunner): Promise<NamedRemote[]> {
  const out = (await git.tryRun(['config', '--get-regexp', '^remote\\..*\\.url$'])) ?? '';
  const remotes: NamedRemote[] = [];
  for (const line of out.split('\n').filter(Boolean)) {
    const match = /^remote\.(.+)\.url (.+)$/.exec(line);
    const parsed = match && parseRemoteUrl(match[2]);
    if (match && parsed) remotes.push({ ...parsed, remote: match[1], url: match[2] });
  }
  return remotes;
}

/** PRs go to `upstream` when there is one (the usual fork setup), else `origin`, else the only GitHub remote. */
export function baseRemoteOf(remotes: NamedRemote[]): NamedRemote {
  const base = remotes.find((r) => r.remote === 'upstream') ?? remotes.find((r) => r.remote === 'origin') ?? (remotes.length === 1 ? remotes[0] : undefined);
  if (!base) {
    throw new ForgeError('config', remotes.length === 0
      ? 'No GitHub remote found. Add one: git remote add origin https://github.com/<owner>/<repo>.git'
      : `Several GitHub remotes and none named origin or upstream (${remotes.map((r) => r.remote).join(', ')}). Name the one PRs should go to origin.`);
  }
  return base;
}

export async function openForgeSession(git: GitRunner, options: SessionOptions): Promise<ForgeSession> {
  const remotes = await gitHubRemotes(git);
  const base = baseRemoteOf(remotes);
  const apiUrl = apiUrlFor(base.host, options.apiUrl);
  const redactor = new Redactor();
  const client = await createGitHubClient({ apiUrl, token: options.token, redactor, log: options.log, notify: options.notify, spaceWrites: options.spaceWrites, waitScale: options.waitScale });
  const forge = new GitHubForge({ client, repo: { owner: base.owner, name: base.name }, apiUrl, redactor });
  const session: ForgeSession = { forge, redactor, apiUrl, baseRemote: base.remote, pushRemote: base.remote };
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
export function pullOfBranch(session: ForgeSession, open: PullRequest[], branch: string | undefined): PullRequest | undefined {
  const owner = headOwnerOf(session);
  return branch ? open.find((p) => p.headRef === branch && p.headOwner.toLowerCase() === owner) : undefined;
}
