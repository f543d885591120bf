// GitHub as a Forge: REST for everything that writes or lists, GraphQL for PR status. GraphQL reads
// the state, review decision, comments and checks rollup (check runs of any app and commit statuses)
// of every PR of a refresh in one request, where REST needs one or more requests per PR.
import type { ChecksRollup, CommitChecks, CreatePull, Forge, MergeMethod, PullRequest, PullStatus, RepoRef, ReviewDecision, UpdatePull } from '../types';
import { ForgeError } from '../errors';
import type { Redactor } from '../redact';
import { graphqlUrlFor } from '../remote';
import { graphqlErrorsOf, toForgeError, type GitHubClient } from './client';
import { commitChecksQuery, COMMITS_PER_QUERY, toCommitChecks, type RawCommitChecks } from './commitChecksQuery';
import { checksOfContext, checksOfRollup, PULL_READINESS_QUERY, pullStatusQuery, PULLS_PER_QUERY, reviewOf, rollupOf, toPullStatus, type RawPullStatus } from './pullStatusQuery';

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
    const data = await this.query<{ repository: { pullRequest: RawPullStatus | null } | null }>(`read the checks and reviews of #${pull.number}`, PULL_READINESS_QUERY, { number: pull.number });
    const raw = data.repository?.pullRequest;
    if (!raw) throw new ForgeError('not-found', `GitHub has no pull request #${pull.number} in ${this.repo.owner}/${this.repo.name}. Run submit, then try again.`);
    const rollup = rollupOf(raw);
    const contexts = (rollup?.contexts?.nodes ?? []).flatMap((c) => (c ? [{ name: c.__typename === 'CheckRun' ? c.name : c.context, result: checksOfContext(c) }] : []));
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
      const data = await this.query<{ repository: Record<string, RawPullStatus | null> | null }>('read pull request status', pullStatusQuery(chunk), {}, true);
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
      const variables = Object.fromEntries([['owner', repo.owner], ['name', repo.name], ...chunk.map((sha, n) => [`c${n}`, sha])]);
      const data = await this.query<{ repository: Record<string, RawCommitChecks | null> | null }>('read the checks of commits', commitChecksQuery(chunk.length), variables);
      chunk.forEach((sha, n) => result.set(sha, toCommitChecks(sha, data.repository?.[`c${n}`])));
    }
    return result;
  }

  /**
   * A GraphQL query of this repository (or of another one named by `owner` and `name` in `variables`). With `partial`, PRs GitHub cannot find (a number recorded
   * for a PR that is gone) come back as null instead of failing the whole answer.
   */
  private async query<T>(what: string, query: string, variables: Record<string, unknown>, partial = false): Promise<T> {
    try {
      // The request form (not query + variables) lets the URL be set: `url` may not be a variable name.
      return await this.client.graphql<T>({ query, url: graphqlUrlFor(this.options.apiUrl), owner: this.repo.owner, name: this.repo.name, ...variables });
    } catch (error) {
      const errors = graphqlErrorsOf(error);
      const data = (error as { data?: T }).data;
      if (partial && errors && data && errors.every((e) => e.type === 'NOT_FOUND' && e.path?.length === 2)) return data;
      throw toForgeError(error, this.options.redactor, this.options.apiUrl, what);
    }
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
