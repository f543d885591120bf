// Requests between the graph webview and the extension: answers matched by id whatever their
// order, answers no request waits for dropped, a request with no answer failing after its time,
// and the messages each side sends passing the other side's validator.
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import {
  answerRequest,
  RequestClient,
  RequestError,
  validateHostMessage,
  validateWebviewMessage,
  type CommitDetails,
  type HostMessage,
  type RequestHandlers,
  type RequestMessage,
} from '../../src/protocol';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const detailsOf = (hash: string): CommitDetails => ({
  hash,
  parents: [],
  author: 'Ada',
  authorEmail: 'ada@example.com',
  authorDate: 1,
  committer: 'Ada',
  committerEmail: 'ada@example.com',
  commitDate: 1,
  message: `subject of ${hash.slice(0, 4)}`,
  files: [],
  moreFiles: 0,
});

/** A client whose requests and dropped answers are recorded. */
function client(timeoutMs?: number) {
  const sent: RequestMessage[] = [];
  const dropped: string[] = [];
  return {
    sent,
    dropped,
    client: new RequestClient(
      (m) => sent.push(m),
      (r) => dropped.push(r),
      timeoutMs,
    ),
  };
}

test('answers settle the request with their id, in whatever order they come', async () => {
  const { sent, dropped, client: requests } = client();
  const first = requests.request('details', { hash: A });
  const second = requests.request('details', { hash: B });
  const preview = requests.request('previewMove', { source: A, destination: B });
  assert.deepEqual(
    sent.map((m) => [m.id, m.method]),
    [
      [1, 'details'],
      [2, 'details'],
      [3, 'previewMove'],
    ],
  );
  requests.receive({ type: 'response', id: 3, method: 'previewMove', result: { ok: true, text: 'Move', moving: [A] } });
  requests.receive({ type: 'response', id: 2, method: 'details', result: detailsOf(B) });
  requests.receive({ type: 'response', id: 1, method: 'details', result: detailsOf(A) });
  assert.equal((await first).hash, A);
  assert.equal((await second).hash, B);
  assert.deepEqual(await preview, { ok: true, text: 'Move', moving: [A] });
  assert.deepEqual(dropped, []);
});

test('an answer no request waits for is dropped: unknown id, answered twice, or another method', async () => {
  const { dropped, client: requests } = client();
  requests.receive({ type: 'response', id: 41, method: 'details', result: detailsOf(A) });
  requests.receive({ type: 'requestFailed', id: 42, message: 'boom' });
  const pending = requests.request('details', { hash: A });
  requests.receive({ type: 'response', id: 1, method: 'previewMove', result: { ok: false, text: 'x', moving: [] } });
  requests.receive({ type: 'response', id: 1, method: 'details', result: detailsOf(A) });
  requests.receive({ type: 'response', id: 1, method: 'details', result: detailsOf(B) });
  assert.equal((await pending).hash, A, 'the answer of the right method settles it, once');
  assert.deepEqual(dropped, [
    'response.details.id: no request waits for this answer',
    'requestFailed.id: no request waits for this answer',
    'response.previewMove.method: the request with this id asked for details',
    'response.details.id: no request waits for this answer',
  ]);
});

test('a failed request rejects with the reason the extension gave', async () => {
  const { client: requests } = client();
  const pending = requests.request('details', { hash: A });
  requests.receive({ type: 'requestFailed', id: 1, message: 'Commit aaaaaaaaa is not in this repository any more.' });
  await assert.rejects(
    pending,
    (error) =>
      error instanceof RequestError &&
      error.reason === 'failed' &&
      /not in this repository any more/.test(error.message),
  );
});

test('a request with no answer in time fails; its late answer is dropped', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { dropped, client: requests } = client(1000);
    const slow = requests.request('details', { hash: A });
    const quick = requests.request('details', { hash: B });
    mock.timers.tick(500);
    requests.receive({ type: 'response', id: 2, method: 'details', result: detailsOf(B) });
    mock.timers.tick(500);
    await assert.rejects(slow, (error) => error instanceof RequestError && error.reason === 'timeout');
    assert.equal((await quick).hash, B, 'answered in time: its timer is cleared, it does not fail later');
    mock.timers.tick(5000);
    requests.receive({ type: 'response', id: 1, method: 'details', result: detailsOf(A) });
    assert.deepEqual(dropped, ['response.details.id: no request waits for this answer']);
  } finally {
    mock.timers.reset();
  }
});

test('the extension answers with the request id; a handler that throws answers requestFailed', async () => {
  const handlers: RequestHandlers = {
    details: async ({ hash }) => {
      if (hash === B) throw new Error(`Commit ${hash.slice(0, 9)} is not in this repository any more.`);
      return detailsOf(hash);
    },
    previewMove: async ({ source, destination }) => ({ ok: source !== destination, text: 'Move', moving: [] }),
    previewAmend: async ({ path }) => ({ ok: true, text: `Amend ${path ?? 'the uncommitted changes'}`, moving: [] }),
  };
  assert.deepEqual(await answerRequest(handlers, { type: 'request', id: 7, method: 'details', params: { hash: A } }), {
    type: 'response',
    id: 7,
    method: 'details',
    result: detailsOf(A),
  });
  assert.deepEqual(await answerRequest(handlers, { type: 'request', id: 8, method: 'details', params: { hash: B } }), {
    type: 'requestFailed',
    id: 8,
    message: 'Commit bbbbbbbbb is not in this repository any more.',
  });
});

test('round trip: what each side sends passes the other side validator, as JSON', async () => {
  const toHost: unknown[] = [];
  const dropped: string[] = [];
  const requests = new RequestClient(
    (m) => toHost.push(JSON.parse(JSON.stringify(m))),
    (r) => dropped.push(r),
  );
  const handlers: RequestHandlers = {
    details: async ({ hash }) => detailsOf(hash),
    previewMove: async () => ({ ok: false, text: "Can't move onto itself.", moving: [] }),
    previewAmend: async () => ({ ok: false, text: 'On trunk.', moving: [] }),
  };
  const details = requests.request('details', { hash: A });
  const preview = requests.request('previewMove', { source: A, destination: A });
  for (const raw of toHost.reverse()) {
    const request = validateWebviewMessage(raw);
    assert.ok(request.ok && request.value.type === 'request', JSON.stringify(request));
    const answer: HostMessage = await answerRequest(handlers, request.value);
    const received = validateHostMessage(JSON.parse(JSON.stringify(answer)));
    assert.ok(received.ok && (received.value.type === 'response' || received.value.type === 'requestFailed'));
    requests.receive(received.value);
  }
  assert.equal((await details).hash, A);
  assert.equal((await preview).ok, false);
  assert.deepEqual(dropped, []);
});
