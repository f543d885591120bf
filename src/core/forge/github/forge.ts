// GitHub as a Forge: REST for everything that writes or lists, GraphQL for PR status. GraphQL reads
// the state, review decision, comments and checks rollup (check runs of any app and commit statuses)
// of every PR of a refresh in one request, where REST needs one or more requests per PR.
import type {
  ChecksRollup,
  CommitChecks,
  CreatePull,
  Forge,
  MergeAsyncResult,
  MergeMethod,
  NativeStack,
  PullRequest,
  PullStatus,
  RepoRef,
  ReviewDecision,
  UpdatePull,
} from '../types';
import { ForgeError } from '../errors';
import type { Redactor } from '../redact';
import { queryRepo, toForgeError, type GitHubClient } from './client';
import { commitChecksQuery, COMMITS_PER_QUERY, toCommitChecks, type RawCommitChecks } from './commitChecksQuery';
import {
  checksOfContext,
  checksOfRollup,
  PULL_READINESS_QUERY,
  pullStatusQuery,
  PULLS_PER_QUERY,
  reviewOf,
  rollupOf,
  toPullStatus,
  type RawPullStatus,
} from './pullStatusQuery';

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
    const { data } = await this.call(`read ${this.repo.owner}/${this.repo.name}`, () =>
      this.client.rest.repos.get(this.params),
    );
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
      this.client.rest.pulls.create({
        ...this.params,
        head,
        base: input.base,
        title: input.title,
        body: input.body,
        draft: input.draft,
      }),
    );
    return toPull(data as RawPull);
  }

  async updatePull(number: number, changes: UpdatePull): Promise<PullRequest> {
    const { data } = await this.call(`update pull request #${number}`, () =>
      this.client.rest.pulls.update({ ...this.params, pull_number: number, ...changes }),
    );
    return toPull(data as RawPull);
  }

  async requestReviewers(number: number, logins: string[]): Promise<void> {
    await this.call(`request reviewers on #${number}`, () =>
      this.client.rest.pulls.requestReviewers({ ...this.params, pull_number: number, reviewers: logins }),
    );
  }

  async addLabels(number: number, labels: string[]): Promise<void> {
    await this.call(`label #${number}`, () =>
      this.client.rest.issues.addLabels({ ...this.params, issue_number: number, labels }),
    );
  }

  async mergePull(number: number, method: MergeMethod, sha: string): Promise<{ sha: string }> {
    const { data } = await this.call(`merge pull request #${number}`, () =>
      this.client.rest.pulls.merge({ ...this.params, pull_number: number, merge_method: method, sha }),
    );
    return { sha: data.sha };
  }

  async nativeStacksAvailable(): Promise<boolean> {
    try {
      await this.call('read the native stacks', () =>
        this.client.request('GET /repos/{owner}/{repo}/stacks', { ...this.params, per_page: 1 }),
      );
      return true;
    } catch (error) {
      if (error instanceof ForgeError && error.kind === 'not-found') return false;
      throw error;
    }
  }

  async nativeStackOf(number: number): Promise<NativeStack | undefined> {
    const { data } = await this.call(`read the native stack of #${number}`, () =>
      this.client.request('GET /repos/{owner}/{repo}/stacks', { ...this.params, pull_request: number }),
    );
    const found = (data as RawStack[])[0];
    return found && toNativeStack(found);
  }

  async createNativeStack(numbers: number[]): Promise<NativeStack> {
    const { data } = await this.call(`stack ${numbers.map((n) => `#${n}`).join(', ')} on GitHub`, () =>
      this.client.request('POST /repos/{owner}/{repo}/stacks', { ...this.params, pull_requests: numbers }),
    );
    return toNativeStack(data as RawStack);
  }

  async addToNativeStack(stack: number, numbers: number[]): Promise<NativeStack> {
    const { data } = await this.call(`add ${numbers.map((n) => `#${n}`).join(', ')} to native stack ${stack}`, () =>
      this.client.request('POST /repos/{owner}/{repo}/stacks/{stack_number}/add', {
        ...this.params,
        stack_number: stack,
        pull_requests: numbers,
      }),
    );
    return toNativeStack(data as RawStack);
  }

  async unstack(stack: number): Promise<void> {
    await this.call(`unstack native stack ${stack}`, () =>
      this.client.request('POST /repos/{owner}/{repo}/stacks/{stack_number}/unstack', {
        ...this.params,
        stack_number: stack,
      }),
    );
  }

  async mergeAsync(number: number, method: MergeMethod, sha: string): Promise<MergeAsyncResult> {
    try {
      const { data } = await this.client.request('PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge-async', {
        ...this.params,
        pull_number: number,
        merge_method: method,
        sha,
      });
      return toMergeResult(data as RawMergeResult);
    } catch (error) {
      // 400 (cannot be merged) and 409 (a merge was already asked for) answer with a result too.
      const { status, response } = error as { status?: number; response?: { data?: RawMergeResult } };
      if ((status === 400 || status === 409) && response?.data?.status) return toMergeResult(response.data);
      throw toForgeError(error, this.options.redactor, this.options.apiUrl, `merge pull request #${number}`);
    }
  }

  async mergeAsyncResult(number: number, uuid: string): Promise<MergeAsyncResult> {
    const { data } = await this.call(`read the merge of #${number}`, () =>
      this.client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/merge-async/{uuid}', {
        ...this.params,
        pull_number: number,
        uuid,
      }),
    );
    return toMergeResult(data as RawMergeResult);
  }

  async deleteBranch(branch: string): Promise<void> {
    await this.call(`delete branch ${branch}`, () =>
      this.client.rest.git.deleteRef({ ...this.params, ref: `heads/${branch}` }),
    );
  }

  async readiness(
    pull: PullRequest,
  ): Promise<{ checks: ChecksRollup; failing: string[]; pending: string[]; review: ReviewDecision }> {
    const data = await this.query<{ repository: { pullRequest: RawPullStatus | null } | null }>(
      `read the checks and reviews of #${pull.number}`,
      PULL_READINESS_QUERY,
      { number: pull.number },
    );
    const raw = data.repository?.pullRequest;
    if (!raw)
      throw new ForgeError(
        'not-found',
        `GitHub has no pull request #${pull.number} in ${this.repo.owner}/${this.repo.name}. Run submit, then try again.`,
      );
    const rollup = rollupOf(raw);
    const contexts = (rollup?.contexts?.nodes ?? []).flatMap((c) =>
      c ? [{ name: c.__typename === 'CheckRun' ? c.name : c.context, result: checksOfContext(c) }] : [],
    );
    return {
      checks: checksOfRollup(rollup?.state),
      failing: contexts.filter((c) => c.result === 'failing').map((c) => c.name),
      pending: contexts.filter((c) => c.result === 'pending').map((c) => c.name),
      review: reviewOf(raw),
    };
  }

  async statuses(numbers: number[]): Promise<Map<number, PullStatus>> {
    const result = new Map<number, PullStatus>();
    const wanted = [...new Set(numbers.filter((n) => Number.isInteger(n) && n > 0))];
    for (let i = 0; i < wanted.length; i += PULLS_PER_QUERY) {
      const chunk = wanted.slice(i, i + PULLS_PER_QUERY);
      const data = await this.query<{ repository: Record<string, RawPullStatus | null> | null }>(
        'read pull request status',
        pullStatusQuery(chunk),
        {},
        true,
      );
      for (const n of chunk) {
        const raw = data.repository?.[`pr${n}`];
        if (raw) result.set(n, toPullStatus(raw));
      }
    }
    return result;
  }

  async commitChecks(shas: string[], repo: RepoRef = this.repo): Promise<Map<string, CommitChecks>> {
    const result = new Map<string, CommitChecks>();
    const wanted = [...new Set(shas)];
    for (let i = 0; i < wanted.length; i += COMMITS_PER_QUERY) {
      const chunk = wanted.slice(i, i + COMMITS_PER_QUERY);
      const variables = Object.fromEntries([
        ['owner', repo.owner],
        ['name', repo.name],
        ...chunk.map((sha, n) => [`c${n}`, sha]),
      ]);
      const data = await this.query<{ repository: Record<string, RawCommitChecks | null> | null }>(
        'read the checks of commits',
        commitChecksQuery(chunk.length),
        variables,
      );
      chunk.forEach((sha, n) => result.set(sha, toCommitChecks(sha, data.repository?.[`c${n}`])));
    }
    return result;
  }

  /**
   * A GraphQL query of this repository (or of another one named by `owner` and `name` in `variables`). With `partial`, PRs GitHub cannot find (a number recorded
   * for a PR that is gone) come back as null instead of failing the whole answer.
   */
  private async query<T>(what: string, query: string, variables: Record<string, unknown>, partial = false): Promise<T> {
    const target = {
      client: this.client,
      apiUrl: this.options.apiUrl,
      repo: this.repo,
      redactor: this.options.redactor,
    };
    return queryRepo<T>(target, what, query, variables, partial);
  }
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

interface RawStack {
  number: number;
  url: string;
  pull_requests: { number: number; state: string; merged_at?: string | null }[];
}

interface RawMergeResult {
  status: MergeAsyncResult['status'];
  details: { message: string; uuid?: string; sha?: string };
}

function toNativeStack(raw: RawStack): NativeStack {
  return {
    number: raw.number,
    url: raw.url,
    pulls: raw.pull_requests.map((p) => ({ number: p.number, open: p.state === 'open', merged: !!p.merged_at })),
  };
}

function toMergeResult(raw: RawMergeResult): MergeAsyncResult {
  return { status: raw.status, message: raw.details.message, uuid: raw.details.uuid, sha: raw.details.sha };
}
