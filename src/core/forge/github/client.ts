// The one place that talks to GitHub: an Octokit with throttling (waits as GitHub's rate limits
// ask, and tells the user) and retry (5xx), whose errors become ForgeErrors with redacted messages.
import type { Octokit } from '@octokit/rest' with { 'resolution-mode': 'import' };
import { ForgeError } from '../errors';
import type { Redactor } from '../redact';
import type { RepoRef } from '../types';
import { graphqlUrlFor } from '../remote';

export type GitHubClient = Octokit;

export interface ClientOptions {
  apiUrl: string;
  token: string;
  redactor: Redactor;
  /** Log lines for the output channel / STACKLINE_DEBUG (already redacted). */
  log?: (line: string) => void;
  /** Said to the user while Stackline waits for a rate limit. */
  notify?: (message: string) => void;
  /**
   * GitHub asks integrations to leave ≥1 s between writes (3 s between content-creating ones) to
   * stay clear of secondary rate limits; Octokit's throttling does that. Local stand-ins turn it off.
   */
  spaceWrites?: boolean;
  /** Multiplies every wait (retry back-off, rate-limit waits) — tests use small values. */
  waitScale?: number;
  /** Longest rate-limit wait Stackline sits through before giving up, in seconds. */
  maxWaitSeconds?: number;
}

let octokitClass: Promise<typeof Octokit> | undefined;

/** Octokit and its plugins are ESM; loaded once, lazily (esbuild bundles them; tsx loads them natively). */
function loadOctokit(): Promise<typeof Octokit> {
  octokitClass ??= Promise.all([
    import('@octokit/rest'),
    import('@octokit/plugin-throttling'),
    import('@octokit/plugin-retry'),
  ]).then(
    ([{ Octokit: Base }, { throttling }, { retry }]) => Base.plugin(throttling, retry) as unknown as typeof Octokit,
  );
  return octokitClass;
}

/** A scheduler that runs jobs at once, for Octokit's write/notification spacing against local stand-ins. */
const immediateGroup = {
  key: () => ({
    schedule: (_options: unknown, job: (...args: unknown[]) => unknown, ...args: unknown[]) =>
      Promise.resolve(job(...args)),
  }),
};

export async function createGitHubClient(options: ClientOptions): Promise<GitHubClient> {
  const OctokitWithPlugins = await loadOctokit();
  const { redactor } = options;
  redactor.add(options.token);
  const log = (line: string) => options.log?.(redactor.redact(line));
  const scale = options.waitScale ?? 1;
  const maxWait = options.maxWaitSeconds ?? 15 * 60;
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      const wait = Math.max(1, Math.round(retryAfter));
      if (retryCount >= 2 || wait > maxWait) {
        log(`[github] ${kind} rate limit on ${request.method} ${request.url}; not waiting ${wait} s again`);
        return false;
      }
      options.notify?.(`GitHub's ${kind} rate limit was reached. Waiting ${wait} s as GitHub asks, then continuing…`);
      log(`[github] ${kind} rate limit on ${request.method} ${request.url}; retrying in ${wait} s`);
      return true;
    };
  return new OctokitWithPlugins({
    auth: options.token,
    baseUrl: options.apiUrl,
    userAgent: 'stackline',
    request: { fetch: offlineAwareFetch },
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => log(`[github] ${message}`),
      error: (message: string) => log(`[github] ${message}`),
    },
    throttle: {
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      retryAfterBaseValue: 1000 * scale,
      fallbackSecondaryRateRetryAfter: 60,
      ...(options.spaceWrites === false ? { write: immediateGroup, notifications: immediateGroup } : {}),
    },
    retry: { retryAfterBaseValue: 1000 * scale, retries: 3 },
  } as ConstructorParameters<typeof Octokit>[0]);
}

/** Marks a request that never reached the host, so it is reported as offline instead of retried as a 5xx. */
class Unreachable extends Error {
  // @octokit/request passes errors named AbortError through unwrapped; retry and throttling then leave them alone.
  override name = 'AbortError';
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`unreachable: ${reason}`);
  }
}

async function offlineAwareFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (init?.signal?.aborted) throw error;
    throw new Unreachable(
      String(input instanceof Request ? input.url : input),
      cause?.code ?? cause?.message ?? (error as Error).message,
    );
  }
}

interface RequestErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
  request?: { method?: string; url?: string };
}

interface GraphqlErrorLike {
  type?: string;
  message?: string;
  path?: (string | number)[];
}

/**
 * The `errors` of a GraphQL answer that came with HTTP 200: @octokit/graphql's GraphqlResponseError,
 * or the error the throttling plugin raises for a RATE_LIMITED answer it did not wait out. HTTP
 * errors (which carry a status; REST 422 bodies have an `errors` list too) are not GraphQL errors.
 */
export function graphqlErrorsOf(error: unknown): GraphqlErrorLike[] | undefined {
  const e = error as { name?: string; status?: number; errors?: unknown; data?: { errors?: unknown } } | undefined;
  if (!e || typeof e !== 'object' || e.status !== undefined) return undefined;
  const errors = e.name === 'GraphqlResponseError' ? e.errors : e.data?.errors;
  return Array.isArray(errors) && errors.length > 0 ? (errors as GraphqlErrorLike[]) : undefined;
}

/** Turns whatever Octokit threw into a ForgeError whose message says what to do next. */
export function toForgeError(error: unknown, redactor: Redactor, apiUrl: string, what: string): ForgeError {
  if (error instanceof ForgeError) return error;
  if (error instanceof Unreachable) {
    return new ForgeError(
      'offline',
      `Cannot reach GitHub at ${apiUrl} (${error.reason}) while trying to ${what}. Check your network connection, or the stackline.github.apiUrl setting.`,
      redactor.redact(error.url),
    );
  }
  const graphqlErrors = graphqlErrorsOf(error);
  if (graphqlErrors) return fromGraphqlErrors(error, graphqlErrors, redactor, what);
  const e = error as RequestErrorLike;
  const status = e.status ?? 0;
  const data = (e.response?.data ?? {}) as {
    message?: string;
    errors?: ({ message?: string; code?: string; field?: string } | string)[];
  };
  const ghMessage = redactor.redact(data.message ?? e.message ?? String(error));
  const detail = redactor.redact(
    `${e.request?.method ?? ''} ${e.request?.url ?? ''} → ${status} ${JSON.stringify(data)}`.trim(),
  );
  const headers = e.response?.headers ?? {};
  if (status === 401) {
    return new ForgeError(
      'auth',
      `GitHub did not accept the token (401 ${ghMessage}). Sign in to GitHub again, or set a new token (GITHUB_TOKEN / GH_TOKEN for the CLI).`,
      detail,
    );
  }
  if (
    (status === 403 || status === 429) &&
    (headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(ghMessage))
  ) {
    return rateLimited(headers, what, ', and Stackline stopped waiting', detail);
  }
  if (status === 403) {
    return new ForgeError(
      'auth',
      `GitHub refused to ${what} (403 ${ghMessage}). The token needs the 'repo' scope and write access to this repository (or push to your fork).`,
      detail,
    );
  }
  if (status === 404) {
    return new ForgeError(
      'not-found',
      `GitHub found nothing while trying to ${what} (404). Check the remote URL and that the token can see the repository.`,
      detail,
    );
  }
  if (status === 422) {
    return new ForgeError('validation', `GitHub refused to ${what}: ${explain422(data)}`, detail);
  }
  if (status === 405 || status === 409) {
    return new ForgeError(
      'conflict',
      `GitHub could not ${what}: ${ghMessage}.${status === 409 ? ' The PR changed on GitHub; run submit, then try again.' : ''}`,
      detail,
    );
  }
  if (status >= 500) {
    return new ForgeError(
      'server',
      `GitHub failed to ${what} (HTTP ${status}) even after retrying. GitHub may be having trouble; try again in a minute.`,
      detail,
    );
  }
  return new ForgeError('server', `GitHub answered HTTP ${status} while trying to ${what}: ${ghMessage}`, detail);
}

function rateLimited(
  headers: Record<string, string | undefined>,
  what: string,
  gaveUp: string,
  detail: string,
): ForgeError {
  const reset = Number(headers['x-ratelimit-reset']);
  const when = reset
    ? ` It resets at ${new Date(reset * 1000).toLocaleTimeString()}.`
    : headers['retry-after']
      ? ` Try again in ${headers['retry-after']} s.`
      : '';
  return new ForgeError(
    'rate-limit',
    `GitHub's rate limit was reached while trying to ${what}${gaveUp}.${when} Nothing was lost: run the same command again then.`,
    detail,
  );
}

/** A GraphQL answer with `errors` (HTTP 200): the same kinds, and messages, as the REST statuses they stand for. */
function fromGraphqlErrors(error: unknown, errors: GraphqlErrorLike[], redactor: Redactor, what: string): ForgeError {
  const e = error as {
    headers?: Record<string, string | undefined>;
    response?: { headers?: Record<string, string | undefined> };
  };
  const headers = e.headers ?? e.response?.headers ?? {};
  const messages = redactor.redact(errors.map((x) => x.message ?? x.type ?? 'unknown error').join('; '));
  const detail = redactor.redact(`POST graphql → 200 ${JSON.stringify(errors)}`);
  const types = new Set(errors.map((x) => x.type));
  if (types.has('RATE_LIMITED')) return rateLimited(headers, what, '', detail);
  if (types.has('FORBIDDEN')) {
    return new ForgeError(
      'auth',
      `GitHub refused to ${what} (${messages}). The token needs the 'repo' scope and access to this repository (and SSO authorization if the organization uses it).`,
      detail,
    );
  }
  if (types.has('NOT_FOUND')) {
    return new ForgeError(
      'not-found',
      `GitHub found nothing while trying to ${what} (${messages}). Check the remote URL and that the token can see the repository.`,
      detail,
    );
  }
  return new ForgeError('server', `GitHub answered with an error while trying to ${what}: ${messages}`, detail);
}

function explain422(data: {
  message?: string;
  /** Objects, or plain messages where GitHub answers with its simple validation error (pulls/create-review). */
  errors?: ({ message?: string; code?: string; field?: string } | string)[];
}): string {
  const messages = (data.errors ?? [])
    .map((e) => (typeof e === 'string' ? e : (e.message ?? (e.field ? `${e.field} is ${e.code}` : e.code))))
    .filter(Boolean) as string[];
  const text = messages.join('; ') || data.message || 'Validation Failed';
  if (/no commits between/i.test(text))
    return `${text}. The commit adds nothing that its base lacks (is it empty, or already on trunk?). Drop it or amend it, then submit again.`;
  if (/already exists/i.test(text))
    return `${text}. Stackline will reuse it on the next submit; if it keeps happening, close the duplicate PR on GitHub.`;
  if (/base is invalid/i.test(text))
    return `${text}. The base branch does not exist on GitHub: fetch, check the trunk setting, and submit again.`;
  if (/head is invalid/i.test(text)) return `${text}. The branch was not found on GitHub: submit again to push it.`;
  return `${text.replace(/\.$/, '')}.`;
}

/** Where a repository's GraphQL requests go, and how their failures are named. */
export interface RepoGraphql {
  client: GitHubClient;
  apiUrl: string;
  repo: RepoRef;
  redactor: Redactor;
}

/**
 * A GraphQL request with `$owner` and `$name` of the repository. With `partial`, PRs GitHub cannot
 * find (a number named in a body, gone since) come back null instead of failing the whole answer.
 */
export async function queryRepo<T>(
  target: RepoGraphql,
  what: string,
  query: string,
  variables: Record<string, unknown>,
  partial = false,
): Promise<T> {
  try {
    // The request form (not query + variables) lets the URL be set: `url` may not be a variable name.
    return await target.client.graphql<T>({
      query,
      url: graphqlUrlFor(target.apiUrl),
      owner: target.repo.owner,
      name: target.repo.name,
      ...variables,
    });
  } catch (error) {
    const errors = graphqlErrorsOf(error);
    const data = (error as { data?: T }).data;
    if (partial && errors && data && errors.every((e) => e.type === 'NOT_FOUND' && e.path?.length === 2)) return data;
    throw toForgeError(error, target.redactor, target.apiUrl, what);
  }
}
