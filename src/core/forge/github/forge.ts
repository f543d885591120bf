// GitHub as a Forge, over REST. Status of many PRs is batched: one conditional list of the repo's
// issues (state, draft, merged, comments) and one of its workflow runs (checks by head commit), both
// answered with 304 while nothing changed; reviews are re-read only for PRs that changed since.
import type { ChecksRollup, CreatePull, Forge, MergeMethod, PullRequest, PullStatus, RepoRef, ReviewDecision, UpdatePull } from '../types';
import type { Redactor } from '../redact';
import { toForgeError, type GitHubClient } from './client';

interface CachedResponse {
  etag: string;
  data: unknown;
}

export interface GitHubForgeOptions {
  client: GitHubClient;
  repo: RepoRef;
  apiUrl: string;
  redactor: Redactor;
}

interface RawPull {
  number: number;
  html_url: string;
  state: string;
  merged_at?: string | null;
  merged?: boolean;
  draft?: boolean;
  title: string;
  body?: string | null;
  head: { ref: string; sha: string; repo?: { owner: { login: string } } | null; user?: { login: string } | null };
  base: { ref: string };
  requested_reviewers?: { login: string }[] | null;
  labels?: { name?: string }[];
}

export class GitHubForge implements Forge {
  readonly repo: RepoRef;
  readonly webUrl: string;
  private readonly client: GitHubClient;
  private readonly conditional = new Map<string, CachedResponse>();
  private readonly reviewCache = new Map<number, { updatedAt: string; review: ReviewDecision }>();

  constructor(private readonly options: GitHubForgeOptions) {
    this.client = options.client;
    this.repo = options.repo;
    this.webUrl = `${options.apiUrl.replace(/\/api\/v3$/, '').replace('://api.github.com', '://github.com')}/${options.repo.owner}/${options.repo.name}`;
  }

  private get params() {
    return { owner: this.repo.owner, repo: this.repo.name };
  }

  private async call<T>(what: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw toForgeError(error, this.options.redactor, this.options.apiUrl, what);
    }
  }

  async canPush(): Promise<boolean> {
    const { data } = await this.call(`read ${this.repo.owner}/${this.repo.name}`, () => this.client.rest.repos.get(this.params));
    return data.permissions?.push === true;
  }

  async openPulls(): Promise<PullRequest[]> {
    const pulls = await this.call('list open pull requests', () =>
      this.client.paginate(this.client.rest.pulls.list, { ...this.params, state: 'open', per_page: 100 }),
    );
    return (pulls as RawPull[]).map(toPull);
  }

  async createPull(input: CreatePull): Promise<PullRequest> {
    const head = input.headOwner ? `${input.headOwner}:${input.head}` : input.head;
    const { data } = await this.call(`open a pull request for ${head}`, () =>
      this.client.rest.pulls.create({ ...this.params, head, base: input.base, title: input.title, body: input.body, draft: input.draft }),
    );
    return toPull(data as RawPull);
  }

  async updatePull(number: number, changes: UpdatePull): Promise<PullRequest> {
    const { data } = await this.call(`update pull request #${number}`, () => this.client.rest.pulls.update({ ...this.params, pull_number: number, ...changes }));
    return toPull(data as RawPull);
  }

  async requestReviewers(number: number, logins: string[]): Promise<void> {
    await this.call(`request reviewers on #${number}`, () => this.client.rest.pulls.requestReviewers({ ...this.params, pull_number: number, reviewers: logins }));
  }

  async addLabels(number: number, labels: string[]): Promise<void> {
    await this.call(`label #${number}`, () => this.client.rest.issues.addLabels({ ...this.params, issue_number: number, labels }));
  }

  async mergePull(number: number, method: MergeMethod, sha: string): Promise<{ sha: string }> {
    const { data } = await this.call(`merge pull request #${number}`, () => this.client.rest.pulls.merge({ ...this.params, pull_number: number, merge_method: method, sha }));
    return { sha: data.sha };
  }

  async deleteBranch(branch: string): Promise<void> {
    await this.call(`delete branch ${branch}`, () => this.client.rest.git.deleteRef({ ...this.params, ref: `heads/${branch}` }));
  }

  async readiness(pull: PullRequest): Promise<{ checks: ChecksRollup; failing: string[]; pending: string[]; review: ReviewDecision }> {
    const [runs, review] = await Promise.all([
      this.call(`read the checks of #${pull.number}`, () => this.client.paginate(this.client.rest.checks.listForRef, { ...this.params, ref: pull.headSha, per_page: 100 })),
      this.reviewOf(pull.number),
    ]);
    const list = runs as unknown as { name: string; status: string; conclusion: string | null }[];
    const failing = list.filter((r) => r.status === 'completed' && FAILED.has(r.conclusion ?? '')).map((r) => r.name);
    const pending = list.filter((r) => r.status !== 'completed').map((r) => r.name);
    return { checks: rollup(list.map((r) => ({ status: r.status, conclusion: r.conclusion }))), failing, pending, review };
  }

  async statuses(pulls: { number: number; headSha: string }[]): Promise<Map<number, PullStatus>> {
    const result = new Map<number, PullStatus>();
    if (pulls.length === 0) return result;
    const [issues, runs] = await Promise.all([
      this.conditionalGet<IssueRow[]>('issues', 'read pull request status', () => ({ state: 'all', sort: 'updated', direction: 'desc', per_page: 100 })),
      this.conditionalGet<{ workflow_runs: RunRow[] }>('runs', 'read check runs', () => ({ per_page: 100 })),
    ]);
    const bySha = new Map<string, RunRow[]>();
    for (const run of runs.workflow_runs) bySha.set(run.head_sha, [...(bySha.get(run.head_sha) ?? []), run]);
    const issueByNumber = new Map(issues.filter((i) => i.pull_request).map((i) => [i.number, i]));
    await Promise.all(
      pulls.map(async ({ number, headSha }) => {
        const issue = issueByNumber.get(number);
        if (!issue) return;
        const merged = !!issue.pull_request?.merged_at;
        const state = merged ? 'merged' : issue.state === 'closed' ? 'closed' : issue.draft ? 'draft' : 'open';
        result.set(number, {
          number,
          url: issue.html_url,
          state,
          checks: rollup(bySha.get(headSha) ?? []),
          review: await this.reviewOf(number, issue.updated_at),
          comments: issue.comments,
        });
      }),
    );
    return result;
  }

  /** Review decision from the latest review of each reviewer; re-read only when the PR changed. */
  private async reviewOf(number: number, updatedAt?: string): Promise<ReviewDecision> {
    const cached = this.reviewCache.get(number);
    if (cached && updatedAt && cached.updatedAt === updatedAt) return cached.review;
    const reviews = (await this.call(`read the reviews of #${number}`, () =>
      this.client.paginate(this.client.rest.pulls.listReviews, { ...this.params, pull_number: number, per_page: 100 }),
    )) as { user: { login: string } | null; state: string }[];
    const latest = new Map<string, string>();
    for (const review of reviews) if (review.user && review.state !== 'COMMENTED') latest.set(review.user.login, review.state);
    const states = [...latest.values()];
    const review: ReviewDecision = states.includes('CHANGES_REQUESTED') ? 'changes-requested' : states.includes('APPROVED') ? 'approved' : 'review-required';
    if (updatedAt) this.reviewCache.set(number, { updatedAt, review });
    return review;
  }

  /** A GET answered from the cache when GitHub says 304 Not Modified (which costs no rate limit). */
  private async conditionalGet<T>(kind: 'issues' | 'runs', what: string, query: () => Record<string, string | number>): Promise<T> {
    const key = kind;
    const cached = this.conditional.get(key);
    const headers = cached ? { 'if-none-match': cached.etag } : {};
    try {
      const response =
        kind === 'issues'
          ? await this.client.rest.issues.listForRepo({ ...this.params, ...query(), headers })
          : await this.client.rest.actions.listWorkflowRunsForRepo({ ...this.params, ...query(), headers });
      const etag = response.headers.etag;
      if (etag) this.conditional.set(key, { etag, data: response.data });
      return response.data as T;
    } catch (error) {
      if ((error as { status?: number }).status === 304 && cached) return cached.data as T;
      throw toForgeError(error, this.options.redactor, this.options.apiUrl, what);
    }
  }
}

interface IssueRow {
  number: number;
  html_url: string;
  state: string;
  draft?: boolean;
  comments: number;
  updated_at: string;
  pull_request?: { merged_at?: string | null };
}

interface RunRow {
  head_sha: string;
  status: string | null;
  conclusion: string | null;
}

const FAILED = new Set(['failure', 'timed_out', 'cancelled', 'action_required', 'startup_failure']);

function rollup(runs: { status: string | null; conclusion: string | null }[]): ChecksRollup {
  if (runs.length === 0) return 'none';
  if (runs.some((r) => r.status === 'completed' && FAILED.has(r.conclusion ?? ''))) return 'failing';
  if (runs.some((r) => r.status !== 'completed')) return 'pending';
  return 'passing';
}

function toPull(raw: RawPull): PullRequest {
  return {
    number: raw.number,
    url: raw.html_url,
    state: raw.state === 'open' ? 'open' : 'closed',
    merged: raw.merged === true || !!raw.merged_at,
    draft: raw.draft === true,
    title: raw.title,
    body: raw.body ?? '',
    headRef: raw.head.ref,
    headOwner: raw.head.repo?.owner.login ?? raw.head.user?.login ?? '',
    headSha: raw.head.sha,
    baseRef: raw.base.ref,
    requestedReviewers: (raw.requested_reviewers ?? []).map((u) => u.login),
    labels: (raw.labels ?? []).map((l) => l.name ?? '').filter(Boolean),
  };
}
