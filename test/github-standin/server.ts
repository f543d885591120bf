// A local stand-in for the part of GitHub's REST and GraphQL APIs that Stackline calls, backed by
// bare git repositories that serve as "origin" (pushes go there over a local path). Every REST
// request and response is checked against GitHub's OpenAPI description, and every GraphQL query is
// validated and executed against GitHub's GraphQL schema; mismatches are kept in `violations` and
// make close() throw, so a test that drifts from real GitHub fails.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BareRepo, MergeConflict } from './bare';
import { executeGraphql, prepareGraphql, type GraphqlWorld } from './graphql';
import { complete, idOf, nodeIdOf, repoJson, userJson, type RepoInfo } from './objects';
import { githubOpenApi, type MatchedOperation } from './openapi';
import { renderPage } from './page';
import { hunkRanges, lineAfter, reviewRoutes, ReviewThreads, type NewThread, type ReviewThread } from './reviews';
import { createNativeStacks, HttpError, type MergeMethod, type NativeStacksControl, type Reply } from './stacks';

export interface Review {
  id: number;
  user: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED';
  sha: string;
  submittedAt: string;
  body?: string;
}

export interface Check {
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required' | null;
  /** The run's page on the CI system. */
  detailsUrl?: string;
}

/** A classic commit status (POST /repos/{owner}/{repo}/statuses/{sha}), as CI systems outside the Checks API set. */
export interface CommitStatus {
  context: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  description?: string;
  targetUrl?: string;
}

export interface Pull {
  number: number;
  repo: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  head: { repo: string; ref: string; sha: string };
  base: { ref: string };
  user: string;
  requestedReviewers: string[];
  labels: string[];
  reviews: Review[];
  comments: number;
}

export interface ServedCall {
  method: string;
  path: string;
  operationId?: string;
  status: number;
  write: boolean;
  notModified: boolean;
  /** Name of the GraphQL operation (operationId is 'graphql' for every GraphQL request). */
  graphql?: string;
}

interface StandinRepo extends RepoInfo {
  bare: BareRepo;
  /** Logins allowed to push; the owner always can. */
  collaborators: Set<string>;
  nextNumber: number;
  /** Branches whose protection requires an approving review (GitHub's reviewDecision is null elsewhere). */
  reviewRequiredOn: Set<string>;
}

interface Injected {
  operationId?: string;
  times: number;
  status: number;
  message: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  /** Answer HTTP 200 with these GraphQL `errors` instead. */
  graphqlErrors?: { type?: string; message: string }[];
}

export interface StandinOptions {
  /** token → login of the user it authenticates. */
  tokens: Record<string, string>;
  /** Accept any other non-empty token as this login (the demo, where people type any token). */
  anyToken?: string;
  port?: number;
}

export interface GitHubStandin {
  /** Root of the stand-in, e.g. http://127.0.0.1:4123 (HTML pages live here). */
  readonly url: string;
  /** The REST API base URL to give Stackline (GitHub Enterprise style: <url>/api/v3; GraphQL at <url>/api/graphql). */
  readonly apiUrl: string;
  readonly calls: ServedCall[];
  readonly violations: string[];
  /**
   * Serves owner/name from a bare repository; `parent` makes it a fork of that owner/name.
   * `reviewRequiredOn`: protected branches that require a review (default: the default branch).
   */
  addRepo(
    owner: string,
    name: string,
    bareDir: string,
    options?: { parent?: string; defaultBranch?: string; collaborators?: string[]; reviewRequiredOn?: string[] },
  ): void;
  pulls(repo: string): Pull[];
  pull(repo: string, number: number): Pull;
  /** Check runs of a commit (any app, not only GitHub Actions); any commit, with a PR or not. Set again to settle them. */
  setChecks(repo: string, sha: string, checks: Check[]): void;
  /** Classic commit statuses of a commit (any commit, with a PR or not). */
  setStatuses(repo: string, sha: string, statuses: CommitStatus[]): void;
  addReview(repo: string, number: number, user: string, state: Review['state']): void;
  addComment(repo: string, number: number): void;
  /** An inline review thread with its first comment (by default on line 1 of README.md, by `reviewer`, at the PR's head). */
  addReviewThread(repo: string, number: number, thread?: Partial<Omit<NewThread, 'createdAt'>>): ReviewThread;
  /** The files of a PR one user marked viewed (GitHub's Viewed checkbox), in the order marked. */
  viewedFiles(repo: string, number: number, login: string): string[];
  /** A reply in a thread (by default by `reviewer`). */
  addReviewReply(thread: ReviewThread, reply?: { user?: string; body?: string }): void;
  /** The review threads of a PR, with their comments, as GitHub keeps them. */
  reviewThreads(repo: string, number: number): ReviewThread[];
  /** The next `times` requests (of one operation, when given) fail with this status and message. */
  failNext(
    status: number,
    options?: {
      operationId?: string;
      times?: number;
      message?: string;
      headers?: Record<string, string>;
      body?: Record<string, unknown>;
    },
  ): void;
  /** Answers of this REST operation take `ms` longer (0: as fast as it can), e.g. to press Cancel between two merges. */
  slowDown(operationId: string, ms: number): void;
  /** The next `times` GraphQL requests are answered HTTP 200 with these `errors` (and `data: null`). */
  graphqlErrorsNext(
    errors: { type?: string; message: string }[],
    options?: { times?: number; headers?: Record<string, string> },
  ): void;
  /** The next `times` requests hit GitHub's primary (x-ratelimit-remaining: 0) or secondary rate limit. */
  rateLimitNext(kind: 'primary' | 'secondary', options?: { times?: number; retryAfterSeconds?: number }): void;
  /** GitHub's native stacks and merge queue: switches for tests, and their state. */
  readonly nativeStacks: NativeStacksControl;
  /** Write calls served (POST, PATCH, PUT, DELETE), optionally since a mark from calls.length. */
  writes(since?: number): ServedCall[];
  close(): Promise<void>;
}

const DOCS = 'https://docs.github.com/rest';
const GRAPHQL_DOCS = 'https://docs.github.com/graphql';
const API_PREFIX = '/api/v3';
/** Where GitHub Enterprise serves GraphQL next to <host>/api/v3. */
const GRAPHQL_PATH = '/api/graphql';

export async function startGitHubStandin(options: StandinOptions): Promise<GitHubStandin> {
  const api = githubOpenApi();
  const repos = new Map<string, StandinRepo>();
  const pullsByRepo = new Map<string, Pull[]>();
  const checks = new Map<string, Check[]>();
  const commitStatuses = new Map<string, CommitStatus[]>();
  const calls: ServedCall[] = [];
  const violations: string[] = [];
  const injected: Injected[] = [];
  const threads = new ReviewThreads();
  /** The head each refs/pull/N/head was last set to (only the stand-in writes those refs). */
  const publishedHeads = new Map<string, string>();
  let clock = Date.parse('2026-01-01T00:00:00Z');
  let baseUrl = '';

  const now = () =>
    new Date((clock = Math.max(clock + 1000, Math.floor(Date.now() / 1000) * 1000)))
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  const repoOf = (key: string) => repos.get(key.toLowerCase());
  const pullsOf = (key: string) => pullsByRepo.get(key.toLowerCase()) ?? [];
  const findPull = (key: string, number: number) => pullsOf(key).find((p) => p.number === number);

  /** Where the PR's diff starts: the merge base of its head with its base branch (its head when the branch is gone). */
  function pullBase(key: string, pull: Pull): string {
    const bare = repoOf(key)!.bare;
    const head = pull.head.sha;
    return bare.tryGit(['merge-base', bare.branchSha(pull.base.ref) ?? head, head])?.trim() ?? head;
  }

  /** The blob of a file at a commit (undefined where the commit has no such file). */
  function blobAt(key: string, sha: string, path: string): string | undefined {
    return (
      repoOf(key)
        ?.bare.tryGit(['rev-parse', '--verify', '--quiet', `${sha}:${path}`])
        ?.trim() || undefined
    );
  }

  /** GitHub's Viewed marks: repo#number → login → path → the file's blob when it was marked. */
  const viewed = new Map<string, Map<string, Map<string, string | undefined>>>();
  const viewedOf = (key: string, number: number, login: string) => {
    const pull = `${key.toLowerCase()}#${number}`;
    if (!viewed.has(pull)) viewed.set(pull, new Map());
    const byUser = viewed.get(pull)!;
    if (!byUser.has(login.toLowerCase())) byUser.set(login.toLowerCase(), new Map());
    return byUser.get(login.toLowerCase())!;
  };

  /** Keeps PRs in step with pushes made straight to the bare repos, as GitHub does on every push. */
  function sync(): void {
    for (const repo of repos.values()) repo.bare.invalidate();
    for (const pulls of pullsByRepo.values()) {
      for (const pull of pulls) {
        if (pull.state !== 'open') continue;
        const headRepo = repoOf(pull.head.repo)!;
        const base = repoOf(pull.repo)!;
        const headSha = headRepo.bare.branchSha(pull.head.ref);
        if (!headSha || !base.bare.branchSha(pull.base.ref)) {
          pull.state = 'closed';
          pull.closedAt = pull.updatedAt = now();
          continue;
        }
        if (headSha !== pull.head.sha) {
          pull.head.sha = headSha;
          pull.updatedAt = now();
        }
        publishHead(pull);
      }
    }
  }

  function pullJson(pull: Pull, simple: boolean): Record<string, unknown> {
    const repo = repoOf(pull.repo)!;
    const headRepo = repoOf(pull.head.repo)!;
    const apiRepo = `${baseUrl}${API_PREFIX}/repos/${pull.repo}`;
    const html = `${baseUrl}/${pull.repo}/pull/${pull.number}`;
    const canPush = (r: StandinRepo) => r.collaborators.size > 0;
    const baseSha = repo.bare.branchSha(pull.base.ref) ?? pull.head.sha;
    const value: Record<string, unknown> = {
      url: `${apiRepo}/pulls/${pull.number}`,
      id: idOf(`${pull.repo}#${pull.number}`),
      node_id: nodeIdOf('PR', pull.repo, pull.number),
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: `${apiRepo}/issues/${pull.number}`,
      commits_url: `${apiRepo}/pulls/${pull.number}/commits`,
      review_comments_url: `${apiRepo}/pulls/${pull.number}/comments`,
      review_comment_url: `${apiRepo}/pulls/comments{/number}`,
      comments_url: `${apiRepo}/issues/${pull.number}/comments`,
      statuses_url: `${apiRepo}/statuses/${pull.head.sha}`,
      number: pull.number,
      state: pull.state,
      locked: false,
      title: pull.title,
      user: userJson(api, baseUrl, pull.user),
      body: pull.body,
      labels: pull.labels.map((name) => labelJson(pull.repo, name)),
      milestone: null,
      active_lock_reason: null,
      created_at: pull.createdAt,
      updated_at: pull.updatedAt,
      closed_at: pull.closedAt,
      merged_at: pull.mergedAt,
      merge_commit_sha: pull.mergeCommitSha,
      assignee: null,
      assignees: [],
      requested_reviewers: pull.requestedReviewers.map((login) => userJson(api, baseUrl, login)),
      requested_teams: [],
      head: {
        label: `${headRepo.owner}:${pull.head.ref}`,
        ref: pull.head.ref,
        sha: pull.head.sha,
        user: userJson(api, baseUrl, headRepo.owner),
        repo: repoJson(api, baseUrl, headRepo, canPush(headRepo)),
      },
      base: {
        label: `${repo.owner}:${pull.base.ref}`,
        ref: pull.base.ref,
        sha: baseSha,
        user: userJson(api, baseUrl, repo.owner),
        repo: repoJson(api, baseUrl, repo, canPush(repo)),
      },
      _links: {
        self: { href: `${apiRepo}/pulls/${pull.number}` },
        html: { href: html },
        issue: { href: `${apiRepo}/issues/${pull.number}` },
        comments: { href: `${apiRepo}/issues/${pull.number}/comments` },
        review_comments: { href: `${apiRepo}/pulls/${pull.number}/comments` },
        review_comment: { href: `${apiRepo}/pulls/comments{/number}` },
        commits: { href: `${apiRepo}/pulls/${pull.number}/commits` },
        statuses: { href: `${apiRepo}/statuses/${pull.head.sha}` },
      },
      author_association: 'OWNER',
      auto_merge: null,
      draft: pull.draft,
    };
    if (simple) return complete(api, 'pull-request-simple', value, baseUrl);
    const commits = pull.merged ? 1 : repo.bare.commitsBetween(baseSha, importHead(pull) ?? baseSha).length;
    return complete(
      api,
      'pull-request',
      {
        ...value,
        merged: pull.merged,
        mergeable: pull.state === 'open' ? true : null,
        rebaseable: pull.state === 'open' ? true : null,
        mergeable_state: pull.state === 'open' ? 'clean' : 'unknown',
        merged_by: pull.merged ? userJson(api, baseUrl, pull.user) : null,
        comments: pull.comments,
        review_comments: threads.of(pull.repo, pull.number).reduce((n, t) => n + t.comments.length, 0),
        maintainer_can_modify: false,
        commits,
        additions: commits,
        deletions: 0,
        changed_files: commits,
      },
      baseUrl,
    );
  }

  function labelJson(repo: string, name: string): Record<string, unknown> {
    return complete(
      api,
      'label',
      {
        id: idOf(name),
        node_id: `LA_${name}`,
        url: `${baseUrl}${API_PREFIX}/repos/${repo}/labels/${encodeURIComponent(name)}`,
        name,
        description: null,
        color: 'ededed',
        default: false,
      },
      baseUrl,
    );
  }

  /** GitHub keeps refs/pull/N/head at every PR's head in the base repository, so reviewers can fetch it. */
  function publishHead(pull: Pull): void {
    const key = `${pull.repo.toLowerCase()}#${pull.number}`;
    if (publishedHeads.get(key) === pull.head.sha) return;
    if (pull.head.repo.toLowerCase() === pull.repo.toLowerCase())
      repoOf(pull.repo)!.bare.setRef(`refs/pull/${pull.number}/head`, pull.head.sha);
    else importHead(pull);
    publishedHeads.set(key, pull.head.sha);
  }

  /** Head commits of a fork PR are read into the base repository, as GitHub's refs/pull/N/head. */
  function importHead(pull: Pull): string | undefined {
    return repoOf(pull.repo)!.bare.importRef(
      repoOf(pull.head.repo)!.bare,
      pull.head.ref,
      `refs/pull/${pull.number}/head`,
    );
  }

  const validationFailed = (errors: Record<string, unknown>[], message = 'Validation Failed') =>
    new HttpError(422, message, { errors });
  const notFound = () => new HttpError(404, 'Not Found');

  type Handler = (ctx: {
    op: MatchedOperation;
    query: URLSearchParams;
    body: Record<string, unknown>;
    login: string;
    repo: StandinRepo;
    key: string;
  }) => Reply;

  function paginate<T>(items: T[], query: URLSearchParams, path: string): Reply & { body: T[] } {
    const perPage = Math.min(Number(query.get('per_page') ?? 30), 100);
    const page = Number(query.get('page') ?? 1);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const headers: Record<string, string> = {};
    if (page * perPage < items.length) {
      const next = new URLSearchParams(query);
      next.set('page', String(page + 1));
      headers.link = `<${baseUrl}${API_PREFIX}${path}?${next}>; rel="next"`;
    }
    return { status: 200, body: slice, headers };
  }

  function sortPulls(pulls: Pull[], query: URLSearchParams): Pull[] {
    const sort = query.get('sort') ?? 'created';
    const direction = query.get('direction') ?? (sort === 'created' ? 'desc' : 'desc');
    const key = (p: Pull) => (sort === 'updated' ? p.updatedAt : p.createdAt) + String(p.number).padStart(8, '0');
    const sorted = [...pulls].sort((a, b) => key(a).localeCompare(key(b)));
    return direction === 'desc' ? sorted.reverse() : sorted;
  }

  /** owner:branch (or just branch) of a PR head → the repository in this network that holds it. */
  function headRepoOf(key: string, head: string): { repo: StandinRepo; ref: string } | undefined {
    const base = repoOf(key)!;
    const [owner, ref] = head.includes(':') ? head.split(/:(.*)/s) : [base.owner, head];
    if (owner.toLowerCase() === base.owner.toLowerCase()) return { repo: base, ref };
    const fork = [...repos.values()].find(
      (r) => r.owner.toLowerCase() === owner.toLowerCase() && r.parent?.toLowerCase() === key.toLowerCase(),
    );
    return fork && { repo: fork, ref };
  }

  /** Merges an open PR into its base branch as GitHub's merge button does; the PR is then merged and closed. */
  function mergeInto(
    repo: StandinRepo,
    pull: Pull,
    method: MergeMethod,
    login: string,
    message: { title?: string; body?: string } = {},
  ): string {
    const head = importHead(pull) ?? pull.head.sha;
    const headRepo = repoOf(pull.head.repo)!;
    const title =
      message.title ??
      (method === 'merge'
        ? `Merge pull request #${pull.number} from ${headRepo.owner}/${pull.head.ref}`
        : `${pull.title} (#${pull.number})`);
    const text = message.body ?? (method === 'merge' ? pull.title : (pull.body ?? ''));
    const sha = repo.bare.merge(pull.base.ref, head, method, { title, body: text }, login);
    pull.state = 'closed';
    pull.merged = true;
    pull.mergedAt = pull.closedAt = pull.updatedAt = now();
    pull.mergeCommitSha = sha;
    return sha;
  }

  const stacks = createNativeStacks({
    api,
    baseUrl: () => `${baseUrl}${API_PREFIX}`,
    htmlUrl: (pull) => `${baseUrl}/${pull.repo}/pull/${pull.number}`,
    repoOf,
    findPull,
    now,
    mergeInto,
  });

  const handlers: Record<string, Handler> = {
    'repos/get': ({ repo, login }) => ({ status: 200, body: repoJson(api, baseUrl, repo, canPush(repo, login), true) }),
    'users/get-authenticated': ({ login }) => ({
      status: 200,
      body: complete(api, 'private-user', { ...userJson(api, baseUrl, login), name: login }, baseUrl),
    }),
    'pulls/list': ({ key, query, op }) => {
      const state = query.get('state') ?? 'open';
      const head = query.get('head');
      const baseRef = query.get('base');
      const pulls = pullsOf(key).filter((p) => {
        if (state !== 'all' && p.state !== state) return false;
        if (baseRef && p.base.ref !== baseRef) return false;
        if (head) {
          const found = headRepoOf(key, head);
          if (!found || found.repo !== repoOf(p.head.repo) || found.ref !== p.head.ref) return false;
        }
        return true;
      });
      const page = paginate(sortPulls(pulls, query), query, op.template.replace('{owner}/{repo}', key));
      return { ...page, body: page.body.map((p) => pullJson(p, true)) };
    },
    'pulls/get': ({ key, op }) => {
      const pull = findPull(key, Number(op.params.pull_number));
      if (!pull) throw notFound();
      return { status: 200, body: pullJson(pull, false) };
    },
    'pulls/create': ({ key, repo, body, login }) => {
      const head = String(body.head ?? '');
      const baseRef = String(body.base ?? '');
      if (!body.title) throw validationFailed([{ resource: 'PullRequest', field: 'title', code: 'missing_field' }]);
      const found = headRepoOf(key, head);
      const headSha = found?.repo.bare.branchSha(found.ref);
      if (!found || !headSha) throw validationFailed([{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
      const baseSha = repo.bare.branchSha(baseRef);
      if (!baseSha) throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
      const headKey = `${found.repo.owner}/${found.repo.name}`;
      if (
        pullsOf(key).some(
          (p) => p.state === 'open' && p.head.repo === headKey && p.head.ref === found.ref && p.base.ref === baseRef,
        )
      ) {
        throw validationFailed([
          {
            resource: 'PullRequest',
            code: 'custom',
            message: `A pull request already exists for ${found.repo.owner}:${found.ref}.`,
          },
        ]);
      }
      const imported = repo.bare.importRef(found.repo.bare, found.ref, 'refs/standin/incoming') ?? headSha;
      if (repo.bare.commitsBetween(baseSha, imported).length === 0) {
        throw validationFailed([
          { resource: 'PullRequest', code: 'custom', message: `No commits between ${baseRef} and ${found.ref}` },
        ]);
      }
      const created = now();
      const pull: Pull = {
        number: repo.nextNumber++,
        repo: `${repo.owner}/${repo.name}`,
        title: String(body.title),
        body: typeof body.body === 'string' ? body.body : null,
        state: 'open',
        draft: body.draft === true,
        merged: false,
        mergedAt: null,
        mergeCommitSha: null,
        closedAt: null,
        createdAt: created,
        updatedAt: created,
        head: { repo: headKey, ref: found.ref, sha: headSha },
        base: { ref: baseRef },
        user: login,
        requestedReviewers: [],
        labels: [],
        reviews: [],
        comments: 0,
      };
      pullsByRepo.set(key.toLowerCase(), [...pullsOf(key), pull]);
      publishHead(pull);
      return {
        status: 201,
        body: pullJson(pull, false),
        headers: { location: `${baseUrl}${API_PREFIX}/repos/${key}/pulls/${pull.number}` },
      };
    },
    'pulls/update': ({ key, repo, op, body }) => {
      const pull = findPull(key, Number(op.params.pull_number));
      if (!pull) throw notFound();
      if (typeof body.base === 'string' && body.base !== pull.base.ref) {
        if (!repo.bare.branchSha(body.base))
          throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
        pull.base.ref = body.base;
      }
      if (typeof body.title === 'string') pull.title = body.title;
      if (typeof body.body === 'string') pull.body = body.body;
      if (body.state === 'closed' && pull.state === 'open') {
        pull.state = 'closed';
        pull.closedAt = now();
      } else if (body.state === 'open' && pull.state === 'closed' && !pull.merged) {
        pull.state = 'open';
        pull.closedAt = null;
      }
      pull.updatedAt = now();
      return { status: 200, body: pullJson(pull, false) };
    },
    'pulls/merge': ({ key, repo, op, body, login }) => {
      const pull = findPull(key, Number(op.params.pull_number));
      if (!pull) throw notFound();
      if (pull.state !== 'open') throw new HttpError(405, 'Pull Request is not mergeable');
      if (pull.draft) throw new HttpError(405, 'Pull Request is still a draft');
      if (stacks.stackOf(key, pull.number))
        throw new HttpError(405, 'Pull Request is part of a stack: merge it with merge-async.');
      if (stacks.control.needsMergeQueue(key, pull.base.ref))
        throw new HttpError(405, 'Changes must be made through the merge queue');
      if (typeof body.sha === 'string' && body.sha !== pull.head.sha)
        throw new HttpError(409, 'Head branch was modified. Review and try the merge again.');
      const method = (body.merge_method ?? 'merge') as MergeMethod;
      let sha: string;
      try {
        sha = mergeInto(repo, pull, method, login, {
          title: typeof body.commit_title === 'string' ? body.commit_title : undefined,
          body: typeof body.commit_message === 'string' ? body.commit_message : undefined,
        });
      } catch (error) {
        if (error instanceof MergeConflict) throw new HttpError(405, 'Pull Request is not mergeable');
        throw error;
      }
      return { status: 200, body: { sha, merged: true, message: 'Pull Request successfully merged' } };
    },
    'pulls/request-reviewers': ({ key, op, body }) => {
      const pull = findPull(key, Number(op.params.pull_number));
      if (!pull) throw notFound();
      for (const login of (body.reviewers ?? []) as string[])
        if (!pull.requestedReviewers.includes(login)) pull.requestedReviewers.push(login);
      pull.updatedAt = now();
      return { status: 201, body: pullJson(pull, true) };
    },
    'issues/add-labels': ({ key, op, body }) => {
      const pull = findPull(key, Number(op.params.issue_number));
      if (!pull) throw notFound();
      const names = (Array.isArray(body) ? body : (body.labels ?? [])) as (string | { name: string })[];
      for (const label of names) {
        const name = typeof label === 'string' ? label : label.name;
        if (!pull.labels.includes(name)) pull.labels.push(name);
      }
      pull.updatedAt = now();
      return { status: 200, body: pull.labels.map((name) => labelJson(key, name)) };
    },
    ...stacks.handlers,
    'git/delete-ref': ({ key, repo, op }) => {
      const ref = op.params.ref;
      if (!ref.startsWith('heads/') || !repo.bare.branchSha(ref.slice(6)))
        throw new HttpError(422, 'Reference does not exist');
      const branch = ref.slice(6);
      repo.bare.deleteBranch(branch);
      // GitHub closes the open PRs whose base or head was this branch.
      for (const pull of pullsOf(key)) {
        if (
          pull.state === 'open' &&
          (pull.base.ref === branch || (pull.head.repo.toLowerCase() === key.toLowerCase() && pull.head.ref === branch))
        ) {
          pull.state = 'closed';
          pull.closedAt = pull.updatedAt = now();
        }
      }
      return { status: 204 };
    },
    ...reviewRoutes({
      api,
      baseUrl: () => baseUrl,
      apiPrefix: API_PREFIX,
      now,
      threads,
      pull: (key, number) => findPull(key, number),
      diffLines: (key, pull, path, side) => {
        const head = (pull as Pull).head.sha;
        return hunkRanges(
          repoOf(key)!.bare.tryGit(['diff', pullBase(key, pull as Pull), head, '--', path]) ?? '',
          side,
        );
      },
      addReview: (_key, pull, review) => {
        pull.reviews.push(review);
        (pull as Pull).updatedAt = review.submittedAt;
      },
      notFound,
      validationFailed,
      refused: (messages) => new HttpError(422, 'Unprocessable Entity', { errors: messages }),
    }),
  };

  function canPush(repo: StandinRepo, login: string): boolean {
    return repo.owner.toLowerCase() === login.toLowerCase() || repo.collaborators.has(login.toLowerCase());
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  function send(res: ServerResponse, reply: Reply, etag?: string): void {
    const headers: Record<string, string> = {
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      ...reply.headers,
    };
    if (etag) headers.etag = etag;
    if (reply.body === undefined) {
      res.writeHead(reply.status, headers).end();
      return;
    }
    res
      .writeHead(reply.status, { ...headers, 'content-type': 'application/json; charset=utf-8' })
      .end(JSON.stringify(reply.body));
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const path = url.pathname.slice(API_PREFIX.length) || '/';
    const call: ServedCall = {
      method,
      path,
      status: 0,
      write: method !== 'GET' && method !== 'HEAD',
      notModified: false,
    };
    calls.push(call);
    const op = api.match(method, path);
    const raw = await readBody(req);
    let body: Record<string, unknown> = {};
    const reply = (r: Reply, etag?: string) => {
      call.status = r.status;
      if (op && r.status !== 304)
        for (const problem of api.validateResponse(op, r.status, r.body))
          violations.push(`${method} ${path}: ${problem}`);
      send(res, r, etag);
    };
    const error = (
      status: number,
      message: string,
      extra: Record<string, unknown> = {},
      headers: Record<string, string> = {},
    ) => reply({ status, body: { message, documentation_url: DOCS, ...extra }, headers });
    if (!op) {
      violations.push(`${method} ${path}: not an operation of GitHub's REST API`);
      return error(404, 'Not Found');
    }
    call.operationId = op.operationId;
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return error(400, 'Problems parsing JSON');
    }
    const problems = api.validateRequest(op, url.searchParams, raw ? body : undefined);
    if (problems.length > 0) {
      violations.push(...problems.map((p) => `${method} ${path}: ${p}`));
      return error(422, `Invalid request: ${problems.join('; ')}`);
    }
    const login = loginOf(req);
    if (!login) return error(401, 'Bad credentials');
    const injection = takeInjection(op.operationId);
    if (injection) return error(injection.status, injection.message, injection.body, injection.headers);
    const slow = delays.get(op.operationId);
    if (slow) await new Promise((resolve) => setTimeout(resolve, slow));
    const key = op.params.owner && op.params.repo ? `${op.params.owner}/${op.params.repo}` : '';
    const repo = key ? repoOf(key) : undefined;
    if (key && !repo) return error(404, 'Not Found');
    const handler = handlers[op.operationId];
    if (!handler) {
      violations.push(`${method} ${path}: ${op.operationId} is not implemented by the stand-in`);
      return error(501, `${op.operationId} is not implemented by the GitHub stand-in`);
    }
    sync();
    try {
      const result = handler({
        op,
        query: url.searchParams,
        body,
        login,
        repo: repo!,
        key: repo ? `${repo.owner}/${repo.name}` : key,
      });
      if (method === 'GET' && result.status === 200) {
        const etag = `W/"${createHash('sha1').update(JSON.stringify(result.body)).digest('hex')}"`;
        if (req.headers['if-none-match'] === etag) {
          call.notModified = true;
          return reply({ status: 304, headers: result.headers }, etag);
        }
        return reply(result, etag);
      }
      return reply(result);
    } catch (caught) {
      if (caught instanceof HttpError) return error(caught.status, caught.message, caught.extra);
      throw caught;
    }
  }

  function loginOf(req: IncomingMessage): string | undefined {
    const auth = /^(?:token|bearer) (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    return auth ? (options.tokens[auth] ?? options.anyToken) : undefined;
  }

  /** The failure set up for the next request of this operation (or of any), used up one request at a time. */
  const delays = new Map<string, number>();

  function takeInjection(operationId: string): Injected | undefined {
    const injection = injected.find((i) => !i.operationId || i.operationId === operationId);
    if (injection && --injection.times <= 0) injected.splice(injected.indexOf(injection), 1);
    return injection;
  }

  const world: GraphqlWorld = {
    repo: (key) => repoOf(key),
    pulls: (key) => pullsOf(key),
    checks: (key, sha) => checks.get(`${key.toLowerCase()}@${sha}`) ?? [],
    statuses: (key, sha) => commitStatuses.get(`${key.toLowerCase()}@${sha}`) ?? [],
    hasCommit: (key, sha) =>
      /^[0-9a-f]{40}$/.test(sha) && repoOf(key)?.bare.tryGit(['cat-file', '-e', `${sha}^{commit}`]) !== undefined,
    htmlUrl: (pull) => `${baseUrl}/${pull.repo}/pull/${pull.number}`,
    branchSha: (key, ref) => repoOf(key)?.bare.branchSha(ref),
    threads: (key, number) => threads.of(key, number),
    queuePosition: (key, number) => {
      const place = stacks.control.queue(key).findIndex((m) => m.pull === number);
      return place < 0 ? undefined : place + 1;
    },
    setResolved: (id, resolved, login) => {
      const thread = threads.thread(id);
      if (!thread) return undefined;
      thread.resolved = resolved;
      thread.resolvedBy = resolved ? login : null;
      return thread;
    },
    thread: (id) => threads.thread(id),
    threadPlace: (key, thread) => {
      const pull = findPull(key, thread.number);
      const from = thread.comments[0].commitId;
      // A left-side (base) line stays where it was; so does any line while the head is the commented one.
      if (!pull || thread.side === 'LEFT' || from === pull.head.sha) return { line: thread.line, outdated: false };
      const diff = repoOf(key)!.bare.tryGit(['diff', '-U0', '--no-renames', from, pull.head.sha, '--', thread.path]);
      const line = diff === undefined ? undefined : lineAfter(diff, thread.line);
      return line === undefined ? { line: null, outdated: true } : { line, outdated: false };
    },
    pullFiles: (key, pull) => {
      const out =
        repoOf(key)!.bare.tryGit(['diff', '--numstat', '-z', '--no-renames', pullBase(key, pull), pull.head.sha]) ?? '';
      const status =
        repoOf(key)!.bare.tryGit(['diff', '--name-status', '-z', '--no-renames', pullBase(key, pull), pull.head.sha]) ??
        '';
      const kinds = new Map<string, string>();
      const parts = status.split('\0');
      for (let i = 0; i + 1 < parts.length; i += 2) kinds.set(parts[i + 1], parts[i]);
      return out
        .split('\0')
        .filter(Boolean)
        .map((entry) => {
          const [added, deleted, path] = entry.split('\t');
          const kind = kinds.get(path);
          return {
            path,
            additions: Number(added) || 0,
            deletions: Number(deleted) || 0,
            changeType: kind === 'A' ? ('ADDED' as const) : kind === 'D' ? ('DELETED' as const) : ('MODIFIED' as const),
          };
        });
    },
    viewedState: (key, pull, login, path) => {
      const marks = viewedOf(key, pull.number, login);
      if (!marks.has(path)) return 'UNVIEWED';
      // GitHub clears the mark when a push changes the file: the reviewer sees it as changed.
      return marks.get(path) === blobAt(key, pull.head.sha, path) ? 'VIEWED' : 'DISMISSED';
    },
    setViewed: (pullId, path, login, mark) => {
      for (const [key, pulls] of pullsByRepo) {
        const pull = pulls.find((p) => nodeIdOf('PR', p.repo, p.number) === pullId);
        if (!pull) continue;
        const marks = viewedOf(key, pull.number, login);
        if (mark) marks.set(path, blobAt(key, pull.head.sha, path));
        else marks.delete(path);
        return { key, pull };
      }
      return undefined;
    },
  };

  /** POST /api/graphql: validated against GitHub's schema, then executed against it over the stand-in's state. */
  async function handleGraphql(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const call: ServedCall = {
      method,
      path: GRAPHQL_PATH,
      operationId: 'graphql',
      status: 0,
      write: false,
      notModified: false,
    };
    calls.push(call);
    const raw = await readBody(req);
    const reply = (r: Reply) => {
      call.status = r.status;
      send(res, { ...r, headers: { 'x-ratelimit-resource': 'graphql', ...r.headers } });
    };
    const error = (
      status: number,
      message: string,
      extra: Record<string, unknown> = {},
      headers: Record<string, string> = {},
    ) => reply({ status, body: { message, documentation_url: GRAPHQL_DOCS, ...extra }, headers });
    const refuse = (problem: string, status: number, message: string) => {
      violations.push(`${method} ${GRAPHQL_PATH}: ${problem}`);
      return error(status, message);
    };
    if (method !== 'POST') return refuse('GitHub serves GraphQL over POST only', 404, 'Not Found');
    let request: unknown;
    try {
      request = JSON.parse(raw);
    } catch {
      return refuse('the body is not JSON', 400, 'Problems parsing JSON');
    }
    const prepared = prepareGraphql(request);
    const label = (name?: string) => `${method} ${GRAPHQL_PATH}${name ? ` ${name}` : ''}`;
    if (!prepared.ok) {
      violations.push(...prepared.answer.violations.map((v) => `${label()}: ${v}`));
      return reply({ status: 200, body: prepared.answer.body });
    }
    call.graphql = prepared.operationName;
    call.write = prepared.mutation;
    const login = loginOf(req);
    if (!login)
      return error(
        401,
        req.headers.authorization ? 'Bad credentials' : 'This endpoint requires you to be authenticated.',
      );
    const injection = takeInjection('graphql');
    if (injection?.graphqlErrors)
      return reply({ status: 200, body: { data: null, errors: injection.graphqlErrors }, headers: injection.headers });
    if (injection) return error(injection.status, injection.message, injection.body, injection.headers);
    sync();
    const answer = executeGraphql(world, prepared, login);
    violations.push(...answer.violations.map((v) => `${label(answer.operationName)}: ${v}`));
    return reply({ status: 200, body: answer.body });
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    // The demo page's buttons: /_standin/<owner>/<repo>/<number>/<approve|checks-pass|checks-fail>
    const match = /^\/_standin\/([^/]+)\/([^/]+)\/(\d+)\/(approve|checks-pass|checks-fail)$/.exec(url.pathname);
    const pull = match ? findPull(`${match[1]}/${match[2]}`, Number(match[3])) : undefined;
    if (req.method !== 'POST' || !match || !pull) {
      res.writeHead(404).end();
      return;
    }
    sync();
    if (match[4] === 'approve') standin.addReview(pull.repo, pull.number, 'reviewer', 'APPROVED');
    else
      standin.setChecks(pull.repo, pull.head.sha, [
        { name: 'ci', status: 'completed', conclusion: match[4] === 'checks-pass' ? 'success' : 'failure' },
      ]);
    res.writeHead(303, { location: '/' }).end();
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const work = url.pathname.startsWith(API_PREFIX)
      ? handleApi(req, res, url)
      : url.pathname === GRAPHQL_PATH
        ? handleGraphql(req, res)
        : url.pathname.startsWith('/_standin/')
          ? handleControl(req, res, url)
          : (async () => {
              sync();
              const page = renderPage(
                url.pathname,
                [...repos.values()].map((r) => ({
                  key: `${r.owner}/${r.name}`,
                  pulls: pullsOf(`${r.owner}/${r.name}`),
                })),
                (repo, sha) => checks.get(`${repo.toLowerCase()}@${sha}`) ?? [],
                (repo, number) => threads.of(repo, number),
                (repo, number) => stacks.stackOf(repo, number),
              );
              res
                .writeHead(page ? 200 : 404, {
                  'content-type': 'text/html; charset=utf-8',
                  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
                })
                .end(page ?? 'Not found');
            })();
    work.catch((error: unknown) => {
      violations.push(
        `${req.method} ${url.pathname}: stand-in crashed: ${error instanceof Error ? error.stack : String(error)}`,
      );
      if (!res.headersSent)
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Stand-in error' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const standin: GitHubStandin = {
    url: baseUrl,
    apiUrl: `${baseUrl}${API_PREFIX}`,
    calls,
    violations,
    nativeStacks: stacks.control,
    addRepo(owner, name, bareDir, repoOptions = {}) {
      // GitHub serves any commit it has by id, also one a force-push left behind.
      new BareRepo(bareDir).git(['config', 'uploadpack.allowAnySHA1InWant', 'true']);
      repos.set(`${owner}/${name}`.toLowerCase(), {
        owner,
        name,
        defaultBranch: repoOptions.defaultBranch ?? 'main',
        parent: repoOptions.parent,
        bare: new BareRepo(bareDir),
        collaborators: new Set((repoOptions.collaborators ?? []).map((c) => c.toLowerCase())),
        nextNumber: 1,
        reviewRequiredOn: new Set(repoOptions.reviewRequiredOn ?? [repoOptions.defaultBranch ?? 'main']),
      });
    },
    pulls(repo) {
      sync();
      return pullsOf(repo);
    },
    pull(repo, number) {
      sync();
      const pull = findPull(repo, number);
      if (!pull) throw new Error(`No PR #${number} in ${repo}`);
      return pull;
    },
    setChecks(repo, sha, list) {
      checks.set(`${repo.toLowerCase()}@${sha}`, list);
    },
    setStatuses(repo, sha, list) {
      commitStatuses.set(`${repo.toLowerCase()}@${sha}`, list);
    },
    addReview(repo, number, user, state) {
      const pull = standin.pull(repo, number);
      pull.reviews.push({
        id: idOf(`${repo}#${number}`) + pull.reviews.length + 1,
        user,
        state,
        sha: pull.head.sha,
        submittedAt: now(),
      });
      pull.updatedAt = now();
    },
    addComment(repo, number) {
      const pull = standin.pull(repo, number);
      pull.comments++;
      pull.updatedAt = now();
    },
    addReviewThread(repo, number, thread = {}) {
      const pull = standin.pull(repo, number);
      pull.updatedAt = now();
      return threads.start(pull.repo, number, {
        path: thread.path ?? 'README.md',
        line: thread.line ?? 1,
        side: thread.side,
        body: thread.body ?? 'A comment',
        user: thread.user ?? 'reviewer',
        commitId: thread.commitId ?? pull.head.sha,
        reviewId: thread.reviewId,
        createdAt: pull.updatedAt,
      });
    },
    viewedFiles(repo, number, login) {
      return [...viewedOf(repo, number, login).keys()];
    },
    addReviewReply(thread, reply = {}) {
      const pull = standin.pull(thread.repo, thread.number);
      pull.updatedAt = now();
      threads.reply(thread, {
        body: reply.body ?? 'A reply',
        user: reply.user ?? 'reviewer',
        commitId: pull.head.sha,
        createdAt: pull.updatedAt,
      });
    },
    reviewThreads(repo, number) {
      sync();
      return threads.of(repo, number);
    },
    slowDown(operationId, ms) {
      delays.set(operationId, ms);
    },
    failNext(status, failure = {}) {
      injected.push({
        status,
        operationId: failure.operationId,
        times: failure.times ?? 1,
        message: failure.message ?? defaultMessage(status),
        headers: failure.headers ?? {},
        body: failure.body ?? {},
      });
    },
    graphqlErrorsNext(errors, failure = {}) {
      injected.push({
        status: 200,
        operationId: 'graphql',
        times: failure.times ?? 1,
        message: '',
        headers: failure.headers ?? {},
        body: {},
        graphqlErrors: errors,
      });
    },
    rateLimitNext(kind, limit = {}) {
      const seconds = limit.retryAfterSeconds ?? 1;
      const headers: Record<string, string> =
        kind === 'primary'
          ? {
              'x-ratelimit-remaining': '0',
              'x-ratelimit-limit': '5000',
              'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + seconds),
            }
          : { 'retry-after': String(seconds) };
      const message =
        kind === 'primary'
          ? 'API rate limit exceeded for user ID 1.'
          : 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';
      injected.push({ status: 403, times: limit.times ?? 1, message, headers, body: {} });
    },
    writes(since = 0) {
      return calls.slice(since).filter((c) => c.write);
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      if (violations.length > 0)
        throw new Error(
          `GitHub stand-in saw ${violations.length} mismatch(es) with GitHub's OpenAPI description or GraphQL schema:\n${violations.join('\n')}`,
        );
    },
  };
  return standin;
}

function defaultMessage(status: number): string {
  if (status === 401) return 'Bad credentials';
  if (status === 404) return 'Not Found';
  if (status === 422) return 'Validation Failed';
  if (status >= 500) return 'Server Error';
  return 'Error';
}
