// The graph protocol's validators: what each side accepts from the other, and the message naming
// the field when something is wrong.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  notOfferedBy,
  unknownCommitIn,
  unknownFileIn,
  validateHostMessage,
  validateMenuContext,
  validateViewState,
  validateWebviewMessage,
  type GraphBadge,
  type GraphBanner,
  type GraphCommit,
  type HostMessage,
  type WebviewMessage,
} from '../../src/protocol';

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
    {
      type: 'smartlog',
      repo,
      commits: [commit, { ...commit, hash: 'c'.repeat(40), review: { pull: 2, author: 'octo' } }],
      uncommitted: { staged: 0, modified: 1, untracked: 2, conflicted: 0 },
      notices: ['No trunk'],
    },
    {
      type: 'history',
      repo: { ...repo, head: null, branch: null, trunk: null },
      ref: null,
      session: 3,
      offset: 500,
      commits: [{ ...commit, tags: ['v1'], phase: undefined }],
      done: false,
    },
    {
      type: 'response',
      id: 1,
      method: 'details',
      result: {
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
    { type: 'error', message: 'boom' },
    { type: 'requestFailed', id: 7, message: 'Commit aaaaaaaaa is not in this repository any more.' },
  ];
  for (const message of messages)
    assert.deepEqual(validateHostMessage(message), { ok: true, value: message }, message.type);
});

test('host messages: a bad field is named', () => {
  const cases: [unknown, RegExp][] = [
    [null, /^message: expected an object$/],
    [{ type: 'surprise' }, /^message\.type: unknown type$/],
    [
      { type: 'smartlog', repo, commits: [{ ...commit, hash: 'HEAD' }], uncommitted: null, notices: [] },
      /smartlog\.commits\[0\]\.hash: expected a commit hash/,
    ],
    [
      { type: 'smartlog', repo, commits: [{ ...commit, parents: [HASH, '<script>'] }], uncommitted: null, notices: [] },
      /commits\[0\]\.parents\[1\]: expected a commit hash/,
    ],
    [
      { type: 'smartlog', repo, commits: [{ ...commit, title: 42 }], uncommitted: null, notices: [] },
      /commits\[0\]\.title: expected a string/,
    ],
    [
      { type: 'smartlog', repo, commits: [{ ...commit, folded: -1 }], uncommitted: null, notices: [] },
      /commits\[0\]\.folded: expected a whole number/,
    ],
    [
      { type: 'smartlog', repo, commits: [{ ...commit, phase: 'secret' }], uncommitted: null, notices: [] },
      /commits\[0\]\.phase: expected one of draft, public/,
    ],
    [{ type: 'smartlog', repo, commits: {}, uncommitted: null, notices: [] }, /smartlog\.commits: expected a list/],
    [
      {
        type: 'smartlog',
        repo,
        commits: [{ ...commit, review: { pull: 0, author: 'octo' } }],
        uncommitted: null,
        notices: [],
      },
      /commits\[0\]\.review\.pull: expected a pull request number/,
    ],
    [
      { type: 'smartlog', repo, commits: [{ ...commit, review: { pull: 2 } }], uncommitted: null, notices: [] },
      /commits\[0\]\.review\.author: expected a string/,
    ],
    [
      { type: 'history', repo, ref: '--output=/etc/passwd', session: 1, offset: 0, commits: [], done: true },
      /history\.ref: expected a ref name/,
    ],
    [
      { type: 'history', repo, ref: null, session: 1.5, offset: 0, commits: [], done: true },
      /history\.session: expected a whole number/,
    ],
    [
      { type: 'response', id: 1, method: 'details', result: { hash: HASH } },
      /^response\.details\.result\.parents: expected a list$/,
    ],
    [{ type: 'response', id: 1, method: 'eval', result: {} }, /^response\.method: unknown method$/],
    [{ type: 'response', id: 0, method: 'details', result: {} }, /^response\.details\.id: expected a request id$/],
    [{ type: 'requestFailed', id: 1.5, message: 'x' }, /^requestFailed\.id: expected a request id$/],
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
    { type: 'request', id: 1, method: 'details', params: { hash: HASH } },
    { type: 'goto', hash: HASH },
    { type: 'copyHash', hash: HASH },
    { type: 'openChanges', hash: HASH },
    { type: 'openFile', hash: HASH, file: { path: 'src/a.ts', status: 'M', added: 1, deleted: 2 } },
    { type: 'refresh' },
  ];
  for (const message of good) assert.equal(validateWebviewMessage(message).ok, true, message.type);
  const bad: [unknown, RegExp][] = [
    [{ type: 'goto', hash: 'main; rm -rf /' }, /goto\.hash: expected a commit hash/],
    [
      { type: 'openFile', hash: HASH, file: { path: '../../etc/passwd', status: 'M', added: 1, deleted: 1 } },
      /file\.path: expected a path inside the repository/,
    ],
    [{ type: 'openFile', hash: HASH, file: { path: '/etc/passwd', status: 'M', added: 1, deleted: 1 } }, /file\.path/],
    [{ type: 'setMode', mode: 'graph', ref: null }, /setMode\.mode: expected one of smartlog, history/],
    [{ type: 'setMode', mode: 'history', ref: '-n1' }, /setMode\.ref: expected a ref name/],
    [{ type: 'loadMore', session: 1, offset: -5 }, /loadMore\.offset/],
    [{ type: 'eval', code: '1' }, /^message\.type: unknown type$/],
    [{ type: 'request', id: 1, method: 'details', params: { hash: 'HEAD' } }, /^request\.details\.params\.hash:/],
    [{ type: 'request', id: -1, method: 'details', params: { hash: HASH } }, /^request\.details\.id:/],
    [{ type: 'request', id: 1, method: 'exec', params: {} }, /^request\.method: unknown method$/],
  ];
  for (const [message, error] of bad) {
    const result = validateWebviewMessage(message);
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.error, error);
  }
});

test('menu context and saved view state', () => {
  assert.equal(
    validateMenuContext({ webview: 'stackline.graph', webviewSection: 'commit', root: '/r', hash: HASH }).ok,
    true,
  );
  assert.equal(validateMenuContext({ root: '/r' }).ok, false);
  assert.equal(validateMenuContext(undefined).ok, false);
  assert.equal(validateViewState({ mode: 'history', ref: null, selected: HASH, scrollTop: 260 }).ok, true);
  assert.equal(validateViewState({ mode: 'history', ref: null, selected: null, scrollTop: -1 }).ok, false);
  assert.equal(validateViewState(undefined).ok, false);
});

test('validators never throw and accept only objects of a known type, whatever arrives', () => {
  fc.assert(
    fc.property(
      fc.anything({
        withNullPrototype: true,
        withBigInt: true,
        withMap: true,
        withSet: true,
        withTypedArray: true,
        withSparseArray: true,
      }),
      (value) => {
        for (const validate of [validateHostMessage, validateWebviewMessage, validateMenuContext, validateViewState]) {
          const result = validate(value);
          if (result.ok) assert.equal(typeof value, 'object');
        }
      },
    ),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(
      fc.record({ type: fc.constantFrom('goto', 'restack', 'copyHash', 'openChanges'), hash: fc.string() }),
      (message) => {
        assert.equal(validateWebviewMessage(message).ok, /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(message.hash));
      },
    ),
  );
});

test('drag and drop and badges: the new messages are checked both ways', () => {
  const OTHER = 'b'.repeat(40);
  const good: WebviewMessage[] = [
    { type: 'request', id: 2, method: 'previewMove', params: { source: HASH, destination: OTHER } },
    { type: 'move', source: HASH, destination: 'c'.repeat(64) },
    { type: 'openBadge', hash: HASH, id: 'pr' },
  ];
  for (const message of good) assert.equal(validateWebviewMessage(message).ok, true, message.type);
  const bad: [unknown, RegExp][] = [
    [{ type: 'move', source: HASH, destination: 'HEAD~1' }, /move\.destination: expected a commit hash/],
    [{ type: 'move', source: 'main', destination: HASH }, /move\.source: expected a commit hash/],
    [{ type: 'move', source: HASH }, /move\.destination: expected a commit hash/],
    [
      { type: 'request', id: 2, method: 'previewMove', params: { source: HASH.toUpperCase(), destination: HASH } },
      /^request\.previewMove\.params\.source: expected a commit hash$/,
    ],
    [{ type: 'openBadge', hash: HASH, id: 'javascript:alert(1)' }, /openBadge\.id: expected a badge id/],
  ];
  for (const [message, error] of bad) {
    const result = validateWebviewMessage(message);
    assert.equal(result.ok, false, JSON.stringify(message));
    if (!result.ok) assert.match(result.error, error);
  }

  // Well-formed but not in the graph the extension sent: refused too, naming the field.
  const known = new Set([HASH, OTHER]);
  assert.equal(
    unknownCommitIn({ type: 'move', source: HASH, destination: OTHER }, (h) => known.has(h)),
    undefined,
  );
  assert.match(
    unknownCommitIn({ type: 'move', source: HASH, destination: 'd'.repeat(40) }, (h) => known.has(h))!,
    /^move\.destination: dddddddddddd is not a commit in the graph$/,
  );
  assert.match(
    unknownCommitIn(
      { type: 'request', id: 3, method: 'previewMove', params: { source: 'e'.repeat(40), destination: HASH } },
      (h) => known.has(h),
    )!,
    /^request\.previewMove\.params\.source: eeeeeeeeeeee is not a commit in the graph$/,
  );
  assert.match(
    unknownCommitIn({ type: 'openBadge', hash: 'f'.repeat(40), id: 'pr' }, (h) => known.has(h))!,
    /^openBadge\.hash:/,
  );
  assert.equal(
    unknownCommitIn({ type: 'goto', hash: 'f'.repeat(40) }, () => false),
    undefined,
    'other messages are not about the smartlog',
  );

  // A drop of Uncommitted changes: the commit must be in the graph, the file one with changes now, the path inside the repository.
  assert.match(
    unknownCommitIn({ type: 'amend', destination: 'd'.repeat(40), path: null }, (h) => known.has(h))!,
    /^amend\.destination: dddddddddddd is not a commit in the graph$/,
  );
  const changed = new Set(['src/a.ts']);
  assert.equal(
    unknownFileIn({ type: 'amend', destination: HASH, path: 'src/a.ts' }, (p) => changed.has(p)),
    undefined,
  );
  assert.equal(
    unknownFileIn({ type: 'amend', destination: HASH, path: null }, () => false),
    undefined,
    'all changes',
  );
  assert.match(
    unknownFileIn({ type: 'amend', destination: HASH, path: 'README.md' }, (p) => changed.has(p))!,
    /^amend\.path: "README\.md" is not a file with uncommitted changes$/,
  );
  assert.match(
    unknownFileIn(
      { type: 'request', id: 4, method: 'previewAmend', params: { destination: HASH, path: 'b.ts' } },
      (p) => changed.has(p),
    )!,
    /^request\.previewAmend\.params\.path:/,
  );
  for (const path of ['../outside', '/etc/passwd', 'a/../../b', ''])
    assert.equal(validateWebviewMessage({ type: 'amend', destination: HASH, path }).ok, false, path);

  const badge: GraphBadge = {
    id: 'pr',
    parts: [{ icon: 'git-pull-request', text: '#1', tone: 'open', label: 'PR #1 open' }],
    title: 'Pull request #1: open',
    lines: ['Branch x'],
    action: 'Open PR #1 on GitHub',
  };
  const hostGood: HostMessage[] = [
    { type: 'response', id: 2, method: 'previewMove', result: { ok: true, text: 'Move 1 commit', moving: [HASH] } },
    {
      type: 'response',
      id: 3,
      method: 'previewMove',
      result: { ok: false, text: "Can't move onto itself.", moving: [] },
    },
    {
      type: 'badges',
      badges: [
        {
          hash: HASH,
          badges: [badge, { ...badge, id: 'conventions', action: undefined, lines: ['<img src=x onerror=alert(1)>'] }],
        },
      ],
    },
    { type: 'smartlog', repo, commits: [commit], uncommitted: null, notices: [], pending: 'Moving 2 commits…' },
  ];
  for (const message of hostGood) assert.equal(validateHostMessage(message).ok, true, message.type);
  const hostBad: [unknown, RegExp][] = [
    [{ type: 'badges', badges: [{ hash: '<b>', badges: [] }] }, /badges\[0\]\.hash: expected a commit hash/],
    [
      {
        type: 'badges',
        badges: [
          { hash: HASH, badges: [{ ...badge, parts: [{ ...badge.parts[0], icon: 'x" onmouseover="alert(1)' }] }] },
        ],
      },
      /parts\[0\]\.icon: expected a codicon name/,
    ],
    [
      { type: 'badges', badges: [{ hash: HASH, badges: [{ ...badge, parts: [{ ...badge.parts[0], tone: 'red' }] }] }] },
      /parts\[0\]\.tone: expected one of/,
    ],
    [
      { type: 'badges', badges: [{ hash: HASH, badges: [{ ...badge, lines: 'x' }] }] },
      /badges\[0\]\.lines: expected a list/,
    ],
    [
      { type: 'response', id: 2, method: 'previewMove', result: { ok: true, text: 'x', moving: ['HEAD'] } },
      /^response\.previewMove\.result\.moving\[0\]: expected a commit hash$/,
    ],
  ];
  for (const [message, error] of hostBad) {
    const result = validateHostMessage(message);
    assert.equal(result.ok, false, JSON.stringify(message));
    if (!result.ok) assert.match(result.error, error);
  }
});

test('banner: its buttons and conflicted files are checked both ways, and only what the banner offers now is acted on', () => {
  const banner: GraphBanner = {
    kind: 'stopped',
    text: "'move' stopped on conflicts",
    detail: 'in a.txt',
    actions: ['continue', 'abort'],
    conflicts: ['a.txt', 'src/<img src=x>.ts'],
  };
  for (const message of [
    { type: 'banner', banner },
    { type: 'banner', banner: null },
    { type: 'banner', banner: { kind: 'running', text: 'Moving…', actions: [], conflicts: [] } },
  ] as HostMessage[]) {
    assert.equal(validateHostMessage(message).ok, true, JSON.stringify(message));
  }
  const hostBad: [unknown, RegExp][] = [
    [
      { type: 'banner', banner: { ...banner, kind: 'panic' } },
      /banner\.banner\.kind: expected one of stopped, interrupted, running, git, conflicts/,
    ],
    [
      { type: 'banner', banner: { ...banner, actions: ['push --force'] } },
      /banner\.banner\.actions\[0\]: expected one of continue, abort/,
    ],
    [
      { type: 'banner', banner: { ...banner, conflicts: ['/etc/passwd'] } },
      /banner\.banner\.conflicts\[0\]: expected a path inside the repository/,
    ],
    [{ type: 'banner' }, /^banner\.banner: expected an object$/],
  ];
  for (const [message, error] of hostBad) {
    const result = validateHostMessage(message);
    assert.equal(result.ok, false, JSON.stringify(message));
    if (!result.ok) assert.match(result.error, error);
  }

  const good: WebviewMessage[] = [
    { type: 'bannerAction', action: 'continue' },
    { type: 'bannerAction', action: 'abort' },
    { type: 'openConflict', path: 'src/<img src=x>.ts' },
  ];
  for (const message of good) assert.equal(validateWebviewMessage(message).ok, true, JSON.stringify(message));
  const bad: [unknown, RegExp][] = [
    [{ type: 'bannerAction', action: 'undo' }, /bannerAction\.action: expected one of continue, abort/],
    [{ type: 'bannerAction', action: 'workbench.action.terminal.sendSequence' }, /bannerAction\.action/],
    [{ type: 'bannerAction' }, /bannerAction\.action/],
    [{ type: 'openConflict', path: '../outside.txt' }, /openConflict\.path: expected a path inside the repository/],
    [{ type: 'openConflict', path: 'a/../../b' }, /openConflict\.path/],
    [{ type: 'openConflict', path: '/etc/passwd' }, /openConflict\.path/],
    [{ type: 'openConflict', path: 'a\0b' }, /openConflict\.path/],
    [{ type: 'openConflict', path: '' }, /openConflict\.path/],
    [{ type: 'openConflict', path: ['a.txt'] }, /openConflict\.path/],
  ];
  for (const [message, error] of bad) {
    const result = validateWebviewMessage(message);
    assert.equal(result.ok, false, JSON.stringify(message));
    if (!result.ok) assert.match(result.error, error);
  }

  // Well-formed, but not offered by the banner worked out from the repository now: refused.
  assert.equal(notOfferedBy({ type: 'bannerAction', action: 'continue' }, banner), undefined);
  assert.equal(notOfferedBy({ type: 'openConflict', path: 'src/<img src=x>.ts' }, banner), undefined);
  assert.equal(
    notOfferedBy({ type: 'openConflict', path: 'b.txt' }, banner),
    'openConflict.path: "b.txt" is not a file with conflicts now',
  );
  assert.equal(
    notOfferedBy({ type: 'openConflict', path: 'A.TXT' }, banner),
    'openConflict.path: "A.TXT" is not a file with conflicts now',
    'exact names only',
  );
  assert.equal(
    notOfferedBy({ type: 'openConflict', path: 'a.txt' }, null),
    'openConflict.path: "a.txt" is not a file with conflicts now',
  );
  const interrupted: GraphBanner = { kind: 'interrupted', text: 'x', actions: ['abort'], conflicts: [] };
  assert.equal(
    notOfferedBy({ type: 'bannerAction', action: 'continue' }, interrupted),
    'bannerAction.action: continue is not offered now',
  );
  assert.equal(notOfferedBy({ type: 'bannerAction', action: 'abort' }, interrupted), undefined);
  assert.equal(
    notOfferedBy({ type: 'bannerAction', action: 'abort' }, null),
    'bannerAction.action: abort is not offered now',
  );
  assert.equal(notOfferedBy({ type: 'refresh' }, null), undefined, 'other messages are not about the banner');
});

test('graph column and restack: widths within bounds both ways, restack names a commit in the graph, view state keeps both', () => {
  const good: [HostMessage | WebviewMessage, 'host' | 'webview'][] = [
    [{ type: 'columnWidth', width: 220 }, 'host'],
    [{ type: 'columnWidth', width: null }, 'host'],
    [{ type: 'columnWidth', width: 18 }, 'webview'],
    [{ type: 'columnWidth', width: null }, 'webview'],
    [{ type: 'restack', hash: HASH }, 'webview'],
    [
      {
        type: 'smartlog',
        repo,
        commits: [
          { ...commit, outdatedBy: 'c'.repeat(40) },
          { ...commit, needsRestack: true },
        ],
        uncommitted: null,
        notices: [],
      },
      'host',
    ],
  ];
  for (const [message, from] of good)
    assert.equal(
      (from === 'host' ? validateHostMessage : validateWebviewMessage)(message).ok,
      true,
      JSON.stringify(message),
    );
  const bad: [unknown, RegExp][] = [
    [{ type: 'columnWidth', width: 17 }, /^columnWidth\.width: expected a width from 18 to 4000 pixels$/],
    [{ type: 'columnWidth', width: 4001 }, /columnWidth\.width/],
    [{ type: 'columnWidth', width: 200.5 }, /columnWidth\.width/],
    [{ type: 'columnWidth', width: '200' }, /columnWidth\.width/],
    [{ type: 'columnWidth' }, /columnWidth\.width/],
    [{ type: 'restack', hash: 'HEAD' }, /^restack\.hash: expected a commit hash$/],
  ];
  for (const [message, error] of bad) {
    const result = validateWebviewMessage(message);
    assert.equal(result.ok, false, JSON.stringify(message));
    if (!result.ok) assert.match(result.error, error);
  }
  const outdated = validateHostMessage({
    type: 'smartlog',
    repo,
    commits: [{ ...commit, outdatedBy: 'main' }],
    uncommitted: null,
    notices: [],
  });
  assert.ok(!outdated.ok && /commits\[0\]\.outdatedBy: expected a commit hash/.test(outdated.error));
  assert.equal(
    unknownCommitIn({ type: 'restack', hash: HASH }, () => false),
    `restack.hash: ${HASH.slice(0, 12)} is not a commit in the graph`,
  );
  assert.equal(
    unknownCommitIn({ type: 'restack', hash: HASH }, (hash) => hash === HASH),
    undefined,
  );
  assert.equal(
    validateViewState({ mode: 'smartlog', ref: null, selected: null, scrollTop: 0, columnWidth: 300, laneScroll: 42 })
      .ok,
    true,
  );
  assert.equal(
    validateViewState({ mode: 'smartlog', ref: null, selected: null, scrollTop: 0, columnWidth: null }).ok,
    true,
  );
  assert.equal(
    validateViewState({ mode: 'smartlog', ref: null, selected: null, scrollTop: 0, columnWidth: 5 }).ok,
    false,
  );
  assert.equal(
    validateViewState({ mode: 'smartlog', ref: null, selected: null, scrollTop: 0, laneScroll: -3 }).ok,
    false,
  );
});

/** One well-formed message of every kind; a kind left out does not compile. */
type Samples<M extends { type: string }> = { [T in M['type']]: Extract<M, { type: T }> };
const details = {
  hash: HASH,
  parents: [],
  author: 'A',
  authorEmail: 'a@x',
  authorDate: 1,
  committer: 'B',
  committerEmail: 'b@x',
  commitDate: 2,
  message: 'x',
  files: [{ path: 'a.ts', status: 'M' as const, added: 1, deleted: 0 }],
  moreFiles: 0,
};
const hostSamples: Samples<HostMessage> = {
  smartlog: { type: 'smartlog', repo, commits: [commit], uncommitted: null, notices: [] },
  history: { type: 'history', repo, ref: 'main', session: 1, offset: 0, commits: [commit], done: true },
  error: { type: 'error', message: 'boom' },
  response: { type: 'response', id: 1, method: 'details', result: details },
  requestFailed: { type: 'requestFailed', id: 1, message: 'gone' },
  badges: { type: 'badges', badges: [{ hash: HASH, badges: [] }] },
  banner: { type: 'banner', banner: { kind: 'conflicts', text: 'x', actions: [], conflicts: ['a.txt'] } },
  columnWidth: { type: 'columnWidth', width: 200 },
};
const webviewSamples: Samples<WebviewMessage> = {
  ready: { type: 'ready', mode: 'smartlog', ref: null },
  setMode: { type: 'setMode', mode: 'history', ref: 'main' },
  loadMore: { type: 'loadMore', session: 1, offset: 500 },
  goto: { type: 'goto', hash: HASH },
  copyHash: { type: 'copyHash', hash: HASH },
  openChanges: { type: 'openChanges', hash: HASH },
  openFile: { type: 'openFile', hash: HASH, file: details.files[0] },
  refresh: { type: 'refresh' },
  request: { type: 'request', id: 1, method: 'previewMove', params: { source: HASH, destination: HASH } },
  move: { type: 'move', source: HASH, destination: HASH },
  amend: { type: 'amend', destination: HASH, path: 'src/a.ts' },
  openBadge: { type: 'openBadge', hash: HASH, id: 'pr' },
  bannerAction: { type: 'bannerAction', action: 'abort' },
  openConflict: { type: 'openConflict', path: 'a.txt' },
  columnWidth: { type: 'columnWidth', width: null },
  restack: { type: 'restack', hash: HASH },
};

test('every kind of message: accepted whole; a missing field, a wrong type or an extra field is refused by name', () => {
  for (const [samples, validate] of [
    [hostSamples, validateHostMessage],
    [webviewSamples, validateWebviewMessage],
  ] as const) {
    for (const message of Object.values(samples) as Record<string, unknown>[]) {
      const where =
        message.type === 'request' || message.type === 'response' ? `${message.type}.${message.method}` : message.type;
      assert.deepEqual(validate(message), { ok: true, value: message });
      assert.deepEqual(validate({ ...message, extra: 1 }), { ok: false, error: `${where}: unexpected field "extra"` });
      for (const field of Object.keys(message).filter((key) => key !== 'type' && key !== 'method')) {
        const missing = validate({ ...message, [field]: undefined });
        assert.ok(!missing.ok && missing.error.startsWith(`${where}.${field}`), `${where} without ${field}`);
        const wrong = validate({ ...message, [field]: { not: 'this' } });
        assert.ok(!wrong.ok && wrong.error.startsWith(`${where}.${field}`), `${where}.${field} of the wrong type`);
      }
    }
  }
});

test('nested extra fields and oversize text are refused too', () => {
  const host: [unknown, string][] = [
    [
      { ...hostSamples.smartlog, commits: [{ ...commit, secret: 1 }] },
      'smartlog.commits[0]: unexpected field "secret"',
    ],
    [
      { ...hostSamples.smartlog, commits: [{ ...commit, title: 'x'.repeat(1_000_001) }] },
      'smartlog.commits[0].title: expected at most 1000000 characters',
    ],
    [
      { ...hostSamples.response, result: { ...details, files: [{ ...details.files[0], mode: '100755' }] } },
      'response.details.result.files[0]: unexpected field "mode"',
    ],
  ];
  for (const [message, error] of host) assert.deepEqual(validateHostMessage(message), { ok: false, error });
  const webview: [unknown, string][] = [
    [
      { ...webviewSamples.request, params: { source: HASH, destination: HASH, force: true } },
      'request.previewMove.params: unexpected field "force"',
    ],
    [{ ...webviewSamples.setMode, ref: 'r'.repeat(1001) }, 'setMode.ref: expected a ref name'],
    [
      { ...webviewSamples.openConflict, path: 'a/'.repeat(2049) },
      'openConflict.path: expected a path inside the repository',
    ],
  ];
  for (const [message, error] of webview) assert.deepEqual(validateWebviewMessage(message), { ok: false, error });
  // Saved state and menu context come with fields of others (older versions, VS Code): kept, not refused.
  assert.equal(validateViewState({ mode: 'smartlog', ref: null, selected: null, scrollTop: 0, old: 1 }).ok, true);
});
