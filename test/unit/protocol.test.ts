// The graph protocol's validators: what each side accepts from the other, and the message naming
// the field when something is wrong.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { validateHostMessage, validateMenuContext, validateViewState, validateWebviewMessage, type GraphCommit, type HostMessage, type WebviewMessage } from '../../src/protocol';

const HASH = 'a'.repeat(40);
const repo = { root: '/work/repo', name: 'repo', head: HASH, branch: 'main', trunk: 'origin/main' };
const commit: GraphCommit = {
  hash: HASH,
  parents: ['b'.repeat(40)],
  title: '<img src=x onerror=alert(1)>',
  author: 'Ada',
  date: 1_700_000_000,
  branches: [{ name: 'main', remote: false, current: true, ahead: 1, behind: 0, upstreamGone: false }],
  phase: 'draft',
  isHead: true,
  folded: 3,
};

test('host messages: every kind the extension sends is accepted', () => {
  const messages: HostMessage[] = [
    { type: 'smartlog', repo, commits: [commit], uncommitted: { staged: 0, modified: 1, untracked: 2, conflicted: 0 }, notices: ['No trunk'] },
    { type: 'history', repo: { ...repo, head: null, branch: null, trunk: null }, ref: null, session: 3, offset: 500, commits: [{ ...commit, tags: ['v1'], phase: undefined }], done: false },
    {
      type: 'details',
      hash: HASH,
      details: {
        hash: HASH,
        parents: [],
        author: 'A',
        authorEmail: 'a@x',
        authorDate: 1,
        committer: 'B',
        committerEmail: 'b@x',
        commitDate: 2,
        message: 'x\n\ny',
        files: [{ path: 'a/b.ts', originalPath: 'a/c.ts', status: 'R', added: null, deleted: null }],
        moreFiles: 0,
      },
    },
    { type: 'error', message: 'boom', hash: HASH },
  ];
  for (const message of messages) assert.deepEqual(validateHostMessage(message), { ok: true, value: message }, message.type);
});

test('host messages: a bad field is named', () => {
  const cases: [unknown, RegExp][] = [
    [null, /message\.type: unknown message type/],
    [{ type: 'surprise' }, /message\.type: unknown message type "surprise"/],
    [{ type: 'smartlog', repo, commits: [{ ...commit, hash: 'HEAD' }], uncommitted: null, notices: [] }, /message\.commits\[0\]\.hash: expected a commit hash/],
    [{ type: 'smartlog', repo, commits: [{ ...commit, parents: [HASH, '<script>'] }], uncommitted: null, notices: [] }, /commits\[0\]\.parents\[1\]: expected a commit hash/],
    [{ type: 'smartlog', repo, commits: [{ ...commit, title: 42 }], uncommitted: null, notices: [] }, /commits\[0\]\.title: expected a string/],
    [{ type: 'smartlog', repo, commits: [{ ...commit, folded: -1 }], uncommitted: null, notices: [] }, /commits\[0\]\.folded: expected a whole number/],
    [{ type: 'smartlog', repo, commits: [{ ...commit, phase: 'secret' }], uncommitted: null, notices: [] }, /commits\[0\]\.phase: expected one of draft, public/],
    [{ type: 'smartlog', repo, commits: {}, uncommitted: null, notices: [] }, /message\.commits: expected a list/],
    [{ type: 'history', repo, ref: '--output=/etc/passwd', session: 1, offset: 0, commits: [], done: true }, /message\.ref: expected a ref name/],
    [{ type: 'history', repo, ref: null, session: 1.5, offset: 0, commits: [], done: true }, /message\.session: expected a whole number/],
    [{ type: 'details', hash: HASH, details: { hash: HASH } }, /message\.details\.parents: expected a list/],
  ];
  for (const [message, error] of cases) {
    const result = validateHostMessage(message);
    assert.equal(result.ok, false, JSON.stringify(message));
    if (!result.ok) assert.match(result.error, error);
  }
});

test('webview messages: accepted kinds, and paths and hashes the extension will act on are checked', () => {
  const good: WebviewMessage[] = [
    { type: 'ready', mode: 'smartlog', ref: null },
    { type: 'setMode', mode: 'history', ref: 'origin/main~3' },
    { type: 'loadMore', session: 1, offset: 500 },
    { type: 'select', hash: HASH },
    { type: 'goto', hash: HASH },
    { type: 'copyHash', hash: HASH },
    { type: 'openChanges', hash: HASH },
    { type: 'openFile', hash: HASH, file: { path: 'src/a.ts', status: 'M', added: 1, deleted: 2 } },
    { type: 'refresh' },
  ];
  for (const message of good) assert.equal(validateWebviewMessage(message).ok, true, message.type);
  const bad: [unknown, RegExp][] = [
    [{ type: 'goto', hash: 'main; rm -rf /' }, /message\.hash: expected a commit hash/],
    [{ type: 'openFile', hash: HASH, file: { path: '../../etc/passwd', status: 'M', added: 1, deleted: 1 } }, /file\.path: expected a path inside the repository/],
    [{ type: 'openFile', hash: HASH, file: { path: '/etc/passwd', status: 'M', added: 1, deleted: 1 } }, /file\.path/],
    [{ type: 'setMode', mode: 'graph', ref: null }, /message\.mode: expected one of smartlog, history/],
    [{ type: 'setMode', mode: 'history', ref: '-n1' }, /message\.ref: expected a ref name/],
    [{ type: 'loadMore', session: 1, offset: -5 }, /message\.offset/],
    [{ type: 'eval', code: '1' }, /unknown message type "eval"/],
  ];
  for (const [message, error] of bad) {
    const result = validateWebviewMessage(message);
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.error, error);
  }
});

test('menu context and saved view state', () => {
  assert.equal(validateMenuContext({ webview: 'stackline.graph', webviewSection: 'commit', root: '/r', hash: HASH }).ok, true);
  assert.equal(validateMenuContext({ root: '/r' }).ok, false);
  assert.equal(validateMenuContext(undefined).ok, false);
  assert.equal(validateViewState({ mode: 'history', ref: null, selected: HASH, scrollTop: 260 }).ok, true);
  assert.equal(validateViewState({ mode: 'history', ref: null, selected: null, scrollTop: -1 }).ok, false);
  assert.equal(validateViewState(undefined).ok, false);
});

test('validators never throw and accept only objects of a known type, whatever arrives', () => {
  fc.assert(
    fc.property(fc.anything({ withNullPrototype: true, withBigInt: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true }), (value) => {
      for (const validate of [validateHostMessage, validateWebviewMessage, validateMenuContext, validateViewState]) {
        const result = validate(value);
        if (result.ok) assert.equal(typeof value, 'object');
      }
    }),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(fc.record({ type: fc.constantFrom('goto', 'select', 'copyHash', 'openChanges'), hash: fc.string() }), (message) => {
      assert.equal(validateWebviewMessage(message).ok, /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(message.hash));
    }),
  );
});
