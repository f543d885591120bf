// GitHub's native stacked PRs in the stand-in: the stacks endpoints (create, get, list, add on top,
// unstack) and asynchronous merges (merge-async, its result), with a merge queue that tests drive.
// Behaviour follows the endpoint descriptions in @octokit/openapi: a stack is linear, each PR based on
// the head of the one below, all in one repository, 2–100 PRs; `add` appends on top only; `unstack`
// removes every unmerged PR not queued for merge (204 when none remain); merging a stacked PR merges
// every PR below it too.
import { randomUUID } from 'node:crypto';
import { MergeConflict } from './bare';
import { complete, idOf, nodeIdOf } from './objects';
import type { OpenApiValidator } from './openapi';
import type { Pull } from './server';

export type MergeMethod = 'merge' | 'squash' | 'rebase';
type Json = Record<string, unknown>;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

export interface NativeStack {
  number: number;
  createdAt: string;
  /** PR numbers, bottom first; merged ones stay listed. */
  pulls: number[];
}

export interface AsyncMerge {
  uuid: string;
  pull: number;
  method: MergeMethod;
  action: 'default' | 'merge_queue' | 'direct_merge';
  expectedSha: string;
  status: 'pending' | 'enqueued' | 'merged' | 'failed';
  message: string;
  sha?: string;
  /** Result reads still answered `pending` before the merge runs. */
  pendingReads: number;
}

interface RepoState {
  enabled: boolean;
  nextNumber: number;
  stacks: NativeStack[];
  merges: AsyncMerge[];
  /** Base branches that need a merge queue. */
  queued: Set<string>;
}

interface Deps<R> {
  api: OpenApiValidator;
  /** The REST API root, e.g. http://127.0.0.1:4123/api/v3. */
  baseUrl: () => string;
  htmlUrl: (pull: Pull) => string;
  repoOf: (key: string) => R | undefined;
  findPull: (key: string, number: number) => Pull | undefined;
  now: () => string;
  mergeInto: (repo: R, pull: Pull, method: MergeMethod, login: string) => string;
}

interface Context<R> {
  op: { params: Record<string, string> };
  query: URLSearchParams;
  body: Record<string, unknown>;
  login: string;
  repo: R;
  key: string;
}

export interface NativeStacksControl {
  /** Native stacks on or off for a repository (off: every stacks endpoint answers 404, as where GitHub lacks them). */
  setEnabled(repo: string, enabled: boolean): void;
  /** A base branch that lands through a merge queue: merge-async enqueues instead of merging. */
  setMergeQueue(repo: string, branch: string, on: boolean): void;
  /** How many result reads answer `pending` before an asynchronous merge runs (default 1). */
  setPendingReads(reads: number): void;
  stacks(repo: string): NativeStack[];
  /** Whether merges into this base branch go through its merge queue. */
  needsMergeQueue(repo: string, branch: string): boolean;
  /** The queue's entries, first to merge first. */
  queue(repo: string): AsyncMerge[];
  /** The merge queue merges its first entry (and the stacked PRs below it). */
  advanceQueue(repo: string): void;
  /** The merge queue drops an entry, with the reason GitHub would give. */
  ejectFromQueue(repo: string, pull: number, message: string): void;
}

export function createNativeStacks<R>(deps: Deps<R>) {
  const states = new Map<string, RepoState>();
  let pendingReads = 1;
  const stateOf = (key: string): RepoState => {
    let state = states.get(key.toLowerCase());
    if (!state) {
      state = { enabled: true, nextNumber: 1, stacks: [], merges: [], queued: new Set() };
      states.set(key.toLowerCase(), state);
    }
    return state;
  };
  const notFound = () => new HttpError(404, 'Not Found');
  const invalid = (message: string, field = 'pull_requests') =>
    new HttpError(422, 'Validation Failed', {
      errors: [{ resource: 'PullRequestStack', field, code: 'invalid', message }],
    });
  const stackOf = (key: string, number: number) => stateOf(key).stacks.find((s) => s.pulls.includes(number));

  function enabledState(key: string): RepoState {
    const state = stateOf(key);
    if (!state.enabled) throw notFound();
    return state;
  }

  function stackPull(key: string, number: number): Json {
    const pull = deps.findPull(key, number)!;
    const apiRepo = `${deps.baseUrl()}/repos/${key}`;
    const repoRef = { id: idOf(key), url: apiRepo, name: key.split('/')[1] };
    return complete(
      deps.api,
      'pull-request-stack-pull-request',
      {
        id: idOf(`${key}#${number}`),
        number,
        url: `${apiRepo}/pulls/${number}`,
        head: { ref: pull.head.ref, sha: pull.head.sha, repo: repoRef },
        base: { ref: pull.base.ref, sha: pull.head.sha, repo: repoRef },
        node_id: nodeIdOf('PR', pull.repo, number),
        title: pull.title,
        state: pull.state,
        merged_at: pull.mergedAt,
        draft: pull.draft,
        html_url: deps.htmlUrl(pull),
        user: null,
      },
      deps.baseUrl(),
    );
  }

  function stackJson(key: string, stack: NativeStack, minimal: boolean): Json {
    const pulls = stack.pulls.map((n) => deps.findPull(key, n)!);
    return {
      id: idOf(`${key}/stacks/${stack.number}`),
      number: stack.number,
      node_id: nodeIdOf('PRS', key, stack.number),
      url: `${deps.baseUrl()}/repos/${key}/stacks/${stack.number}`,
      base: { ref: pulls[0].base.ref },
      open: pulls.some((p) => p.state === 'open'),
      created_at: stack.createdAt,
      pull_requests: minimal
        ? pulls.map((p) => ({
            number: p.number,
            state: p.state,
            draft: p.draft,
            merged_at: p.mergedAt,
            head: { ref: p.head.ref, sha: p.head.sha },
          }))
        : stack.pulls.map((n) => stackPull(key, n)),
    };
  }

  /** The PRs `numbers` as a chain on top of `below` (the current top's head), or a 422 naming what is wrong. */
  function checkChain(key: string, numbers: unknown, below: Pull | undefined): Pull[] {
    if (!Array.isArray(numbers)) throw invalid('pull_requests must be a list of PR numbers.');
    if (new Set(numbers).size !== numbers.length) throw invalid('A pull request is listed twice.');
    const pulls: Pull[] = [];
    let previous = below;
    for (const number of numbers as number[]) {
      const pull = deps.findPull(key, number);
      if (!pull) throw invalid(`Pull request #${number} does not exist in ${key}.`);
      if (pull.state !== 'open') throw invalid(`Pull request #${number} is not open.`);
      if (pull.head.repo.toLowerCase() !== key.toLowerCase())
        throw invalid(`Pull request #${number} comes from a fork; a stack's branches are all in ${key}.`);
      if (stackOf(key, number)) throw invalid(`Pull request #${number} is already in a stack.`);
      if (previous && pull.base.ref !== previous.head.ref)
        throw invalid(
          `The base of pull request #${number} (${pull.base.ref}) is not the head of #${previous.number} (${previous.head.ref}).`,
        );
      pulls.push(pull);
      previous = pull;
    }
    return pulls;
  }

  /** Runs an asynchronous merge: the PR and every unmerged PR below it in its stack, onto the stack's base. */
  function run(key: string, repo: R, merge: AsyncMerge, login: string): void {
    const pull = deps.findPull(key, merge.pull)!;
    if (pull.state !== 'open' || pull.head.sha !== merge.expectedSha) {
      merge.status = 'failed';
      merge.message =
        pull.state !== 'open' ? 'Pull request is closed.' : 'Head branch was modified. Review and try the merge again.';
      return;
    }
    const stack = stackOf(key, merge.pull);
    const numbers = stack ? stack.pulls.slice(0, stack.pulls.indexOf(merge.pull) + 1) : [merge.pull];
    const chain = numbers.map((n) => deps.findPull(key, n)!).filter((p) => !p.merged);
    const trunk = chain[0].base.ref;
    try {
      for (const each of chain) {
        each.base.ref = trunk;
        merge.sha = deps.mergeInto(repo, each, merge.method, login);
      }
    } catch (error) {
      if (!(error instanceof MergeConflict)) throw error;
      merge.status = 'failed';
      merge.message = 'Merge conflict: the pull request could not be merged.';
      return;
    }
    // The PR above the merged ones now stands on trunk.
    const next = stack?.pulls[stack.pulls.indexOf(merge.pull) + 1];
    if (next !== undefined) deps.findPull(key, next)!.base.ref = trunk;
    merge.status = 'merged';
    merge.message = 'Pull request was merged.';
  }

  function mergeResult(merge: AsyncMerge): Json {
    if (merge.status === 'pending')
      return {
        status: 'pending',
        details: {
          message: 'Merge request is in progress.',
          uuid: merge.uuid,
          merge_method: merge.method,
          merge_action: merge.action,
          expected_head_sha: merge.expectedSha,
        },
      };
    if (merge.status === 'merged') return { status: 'merged', details: { message: merge.message, sha: merge.sha } };
    return { status: merge.status, details: { message: merge.message } };
  }

  const handlers: Record<string, (ctx: Context<R>) => Reply> = {
    'pull-request-stacks/list': ({ key, query }) => {
      const state = enabledState(key);
      const wanted = query.get('pull_request');
      const found = state.stacks.filter((s) => !wanted || s.pulls.includes(Number(wanted)));
      const perPage = Math.min(Number(query.get('per_page') ?? 30), 100);
      const page = Number(query.get('page') ?? 1);
      return {
        status: 200,
        body: found.slice((page - 1) * perPage, page * perPage).map((s) => stackJson(key, s, true)),
      };
    },
    'pull-request-stacks/create': ({ key, body }) => {
      const state = enabledState(key);
      const pulls = checkChain(key, body.pull_requests, undefined);
      const stack: NativeStack = {
        number: state.nextNumber++,
        createdAt: deps.now(),
        pulls: pulls.map((p) => p.number),
      };
      state.stacks.push(stack);
      return { status: 201, body: stackJson(key, stack, false) };
    },
    'pull-request-stacks/get': ({ key, op }) => {
      const stack = enabledState(key).stacks.find((s) => s.number === Number(op.params.stack_number));
      if (!stack) throw notFound();
      return { status: 200, body: stackJson(key, stack, false) };
    },
    'pull-request-stacks/add': ({ key, op, body }) => {
      const stack = enabledState(key).stacks.find((s) => s.number === Number(op.params.stack_number));
      if (!stack) throw notFound();
      const top = deps.findPull(key, stack.pulls[stack.pulls.length - 1])!;
      const pulls = checkChain(key, body.pull_requests, top);
      if (stack.pulls.length + pulls.length > 100) throw invalid('A stack holds at most 100 pull requests.');
      stack.pulls.push(...pulls.map((p) => p.number));
      return { status: 200, body: stackJson(key, stack, false) };
    },
    'pull-request-stacks/unstack': ({ key, op }) => {
      const state = enabledState(key);
      const stack = state.stacks.find((s) => s.number === Number(op.params.stack_number));
      if (!stack) throw notFound();
      const locked = (n: number) =>
        deps.findPull(key, n)!.merged || state.merges.some((m) => m.pull === n && m.status === 'enqueued');
      if (stack.pulls.every(locked))
        throw new HttpError(422, 'Validation Failed', {
          errors: [
            { resource: 'PullRequestStack', code: 'invalid', message: 'Every pull request in the stack is locked.' },
          ],
        });
      stack.pulls = stack.pulls.filter(locked);
      if (stack.pulls.length > 0) return { status: 200, body: stackJson(key, stack, false) };
      state.stacks.splice(state.stacks.indexOf(stack), 1);
      return { status: 204 };
    },
    'pulls/merge-async': ({ key, op, body }) => {
      const state = stateOf(key);
      const pull = deps.findPull(key, Number(op.params.pull_number));
      if (!pull) throw notFound();
      if (pull.merged)
        return {
          status: 200,
          body: { status: 'merged', details: { message: 'Pull request is already merged.', sha: pull.mergeCommitSha } },
        };
      const existing = state.merges.find(
        (m) => m.pull === pull.number && (m.status === 'pending' || m.status === 'enqueued'),
      );
      if (existing?.status === 'enqueued')
        return {
          status: 200,
          body: { status: 'enqueued', details: { message: 'Pull request is already in the merge queue.' } },
        };
      if (existing) {
        const result = mergeResult(existing);
        (result.details as Json).message = 'A merge request already exists for this pull request.';
        return { status: 409, body: result };
      }
      if (pull.state !== 'open')
        return { status: 400, body: { status: 'failed', details: { message: 'Pull request is closed.' } } };
      if (pull.draft)
        return { status: 400, body: { status: 'failed', details: { message: 'Pull request is still a draft.' } } };
      const merge: AsyncMerge = {
        uuid: randomUUID(),
        pull: pull.number,
        method: (body.merge_method ?? 'merge') as MergeMethod,
        action: (body.merge_action ?? 'default') as AsyncMerge['action'],
        expectedSha: typeof body.sha === 'string' ? body.sha : pull.head.sha,
        status: 'pending',
        message: '',
        pendingReads,
      };
      state.merges.push(merge);
      const result = mergeResult(merge);
      (result.details as Json).message = 'Merge request enqueued.';
      return { status: 202, body: result };
    },
    'pulls/get-merge-async-result': ({ key, op, repo, login }) => {
      const state = stateOf(key);
      const merge = state.merges.find((m) => m.uuid === op.params.uuid && m.pull === Number(op.params.pull_number));
      if (!merge) throw notFound();
      if (merge.status === 'pending' && merge.pendingReads-- <= 0) {
        const base = deps.findPull(key, merge.pull)!.base.ref;
        const bottom = stackOf(key, merge.pull)
          ?.pulls.map((n) => deps.findPull(key, n)!)
          .find((p) => !p.merged);
        const trunk = bottom?.base.ref ?? base;
        if (state.queued.has(trunk) && merge.action !== 'direct_merge') {
          merge.status = 'enqueued';
          merge.message = 'Pull request is in the merge queue.';
          queueRunners.set(merge.uuid, () => run(key, repo, merge, login));
        } else {
          run(key, repo, merge, login);
        }
      }
      return { status: 200, body: mergeResult(merge) };
    },
  };
  const queueRunners = new Map<string, () => void>();

  const control: NativeStacksControl = {
    setEnabled(repo, enabled) {
      stateOf(repo).enabled = enabled;
    },
    setMergeQueue(repo, branch, on) {
      if (on) stateOf(repo).queued.add(branch);
      else stateOf(repo).queued.delete(branch);
    },
    setPendingReads(reads) {
      pendingReads = reads;
    },
    needsMergeQueue: (repo, branch) => stateOf(repo).queued.has(branch),
    stacks: (repo) => stateOf(repo).stacks,
    queue: (repo) => stateOf(repo).merges.filter((m) => m.status === 'enqueued'),
    advanceQueue(repo) {
      const first = control.queue(repo)[0];
      if (!first) throw new Error(`The merge queue of ${repo} is empty`);
      queueRunners.get(first.uuid)!();
      queueRunners.delete(first.uuid);
    },
    ejectFromQueue(repo, pull, message) {
      const entry = control.queue(repo).find((m) => m.pull === pull);
      if (!entry) throw new Error(`#${pull} is not in the merge queue of ${repo}`);
      entry.status = 'failed';
      entry.message = message;
      queueRunners.delete(entry.uuid);
    },
  };

  return { handlers, control, stackOf };
}
