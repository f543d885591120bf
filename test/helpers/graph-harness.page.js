// Runs in the harness page before the webview bundle (Playwright addInitScript). It plays the
// extension's side of the protocol: acquireVsCodeApi() records what the app posts and keeps its
// state in sessionStorage (so a reload restores it, as VS Code does when a hidden webview comes
// back), and a scripted "extension" answers ready/setMode/loadMore/select from generated data.
// Plain JavaScript on purpose: it is injected as text, not bundled.
(() => {
  const THEMES = {
    dark: {
      class: 'vscode-dark',
      vars: {
        'editor-background': '#1f1f1f',
        'sideBar-background': '#181818',
        foreground: '#cccccc',
        descriptionForeground: '#9d9d9d',
        'font-family': 'system-ui, sans-serif',
        'font-size': '13px',
        'editor-font-family': 'monospace',
        'editor-font-size': '12px',
        'list-hoverBackground': '#2a2d2e',
        'list-activeSelectionBackground': '#04395e',
        'list-activeSelectionForeground': '#ffffff',
        'list-inactiveSelectionBackground': '#37373d',
        'list-focusOutline': '#0078d4',
        focusBorder: '#0078d4',
        'badge-background': '#616161',
        'badge-foreground': '#f8f8f8',
        'button-background': '#0078d4',
        'button-foreground': '#ffffff',
        'button-secondaryBackground': '#313131',
        'button-secondaryForeground': '#cccccc',
        'button-secondaryHoverBackground': '#3c3c3c',
        'input-background': '#313131',
        'input-foreground': '#cccccc',
        'input-border': '#3c3c3c',
        'panel-border': '#2b2b2b',
        'charts-blue': '#3794ff',
        'charts-orange': '#d18616',
        'charts-green': '#89d185',
        'charts-red': '#f14c4c',
        'charts-purple': '#b180d7',
        'charts-yellow': '#cca700',
        'textLink-foreground': '#4daafc',
        errorForeground: '#f85149',
        'toolbar-hoverBackground': '#5a5d5e50',
        'gitDecoration-addedResourceForeground': '#81b88b',
        'gitDecoration-deletedResourceForeground': '#c74e39',
        'gitDecoration-modifiedResourceForeground': '#e2c08d',
        'inputValidation-infoBackground': '#063b49',
        'inputValidation-errorBackground': '#5a1d1d',
        'inputValidation-warningBackground': '#352a05',
        'inputValidation-warningBorder': '#b89500',
        'editorWarning-foreground': '#cca700',
        'gitDecoration-conflictingResourceForeground': '#e4676b',
        'button-hoverBackground': '#026ec1',
      },
    },
    light: {
      class: 'vscode-light',
      vars: {
        'editor-background': '#ffffff',
        'sideBar-background': '#f8f8f8',
        foreground: '#3b3b3b',
        descriptionForeground: '#717171',
        'font-family': 'system-ui, sans-serif',
        'font-size': '13px',
        'editor-font-family': 'monospace',
        'editor-font-size': '12px',
        'list-hoverBackground': '#f2f2f2',
        'list-activeSelectionBackground': '#e8e8e8',
        'list-activeSelectionForeground': '#000000',
        'list-inactiveSelectionBackground': '#e4e6f1',
        'list-focusOutline': '#005fb8',
        focusBorder: '#005fb8',
        'badge-background': '#cccccc',
        'badge-foreground': '#3b3b3b',
        'button-background': '#005fb8',
        'button-foreground': '#ffffff',
        'button-secondaryBackground': '#e5e5e5',
        'button-secondaryForeground': '#3b3b3b',
        'button-secondaryHoverBackground': '#cccccc',
        'input-background': '#ffffff',
        'input-foreground': '#3b3b3b',
        'input-border': '#cecece',
        'panel-border': '#e5e5e5',
        'charts-blue': '#1a85ff',
        'charts-orange': '#d18616',
        'charts-green': '#388a34',
        'charts-red': '#e51400',
        'charts-purple': '#652d90',
        'charts-yellow': '#bf8803',
        'textLink-foreground': '#005fb8',
        errorForeground: '#e51400',
        'toolbar-hoverBackground': '#b8b8b850',
        'gitDecoration-addedResourceForeground': '#587c0c',
        'gitDecoration-deletedResourceForeground': '#ad0707',
        'gitDecoration-modifiedResourceForeground': '#895503',
        'inputValidation-infoBackground': '#d6ecf2',
        'inputValidation-errorBackground': '#f2dede',
        'inputValidation-warningBackground': '#f6f5d2',
        'inputValidation-warningBorder': '#b89500',
        'editorWarning-foreground': '#bf8803',
        'gitDecoration-conflictingResourceForeground': '#ad0707',
        'button-hoverBackground': '#0258a8',
      },
    },
    'high-contrast': {
      class: 'vscode-high-contrast',
      vars: {
        'editor-background': '#000000',
        'sideBar-background': '#000000',
        foreground: '#ffffff',
        descriptionForeground: '#ffffff',
        'font-family': 'system-ui, sans-serif',
        'font-size': '13px',
        'editor-font-family': 'monospace',
        'editor-font-size': '12px',
        'list-activeSelectionBackground': '#000000',
        'list-inactiveSelectionBackground': '#000000',
        'list-focusOutline': '#f38518',
        focusBorder: '#f38518',
        contrastBorder: '#6fc3df',
        contrastActiveBorder: '#f38518',
        'badge-background': '#000000',
        'badge-foreground': '#ffffff',
        'button-background': '#000000',
        'button-foreground': '#ffffff',
        'button-border': '#6fc3df',
        'button-secondaryBackground': '#000000',
        'button-secondaryForeground': '#ffffff',
        'input-background': '#000000',
        'input-foreground': '#ffffff',
        'input-border': '#6fc3df',
        'panel-border': '#6fc3df',
        'charts-blue': '#3794ff',
        'charts-orange': '#d18616',
        'charts-green': '#89d185',
        'charts-red': '#f14c4c',
        'charts-purple': '#b180d7',
        'charts-yellow': '#ffff00',
        'textLink-foreground': '#21a6ff',
        errorForeground: '#f48771',
        'inputValidation-warningBackground': '#000000',
        'inputValidation-warningBorder': '#b89500',
        'editorWarning-foreground': '#ffd370',
        'gitDecoration-conflictingResourceForeground': '#c74e39',
        'gitDecoration-addedResourceForeground': '#a1e3ad',
        'gitDecoration-deletedResourceForeground': '#c74e39',
        'gitDecoration-modifiedResourceForeground': '#e2c08d',
      },
    },
  };

  const NOW = Math.floor(Date.now() / 1000);
  const hashOf = (n) => (n + 1).toString(16).padStart(8, '0').repeat(5);
  const AUTHORS = ['Grace Hopper', 'Alan Turing', 'Barbara Liskov', 'Ken Thompson'];

  /** A history of `count` commits: a trunk with side branches merged back every 7 commits. */
  const makeHistory = (count, options = {}) => {
    const commits = [];
    for (let i = 0; i < count; i++) {
      const parents = [];
      if (i + 1 < count) parents.push(hashOf(i + 1));
      if (i % 7 === 0 && i + 3 < count) parents.push(hashOf(i + 3));
      commits.push({
        hash: hashOf(i),
        parents,
        title:
          options.titles?.[i] ?? `commit number ${count - i}: ${i % 3 ? 'fix' : 'feat'} something in module ${i % 17}`,
        author: AUTHORS[i % AUTHORS.length],
        date: NOW - i * 600,
        branches:
          i === 0 ? [{ name: 'main', remote: false, current: true, ahead: 0, behind: 0, upstreamGone: false }] : [],
        ...(i === 40 ? { tags: ['v1.0.0'] } : {}),
        isHead: i === 0,
      });
    }
    return commits;
  };

  const branch = (name, extra = {}) => ({
    name,
    remote: false,
    current: false,
    ahead: 0,
    behind: 0,
    upstreamGone: false,
    ...extra,
  });
  /** A smartlog like the demo repository's: two stacks, HEAD mid-stack, folded trunk runs. */
  const makeSmartlog = (options = {}) => {
    const t = (i) => hashOf(1000 + i);
    const d = (i) => hashOf(2000 + i);
    const commit = (hash, parents, title, extra = {}) => ({
      hash,
      parents,
      title,
      author: 'Alan Turing',
      date: NOW - 3600,
      branches: [],
      phase: 'draft',
      isHead: false,
      ...extra,
    });
    // extraTop: true or a count of new commits on top of the first stack, newest first.
    const extra = options.extraTop === true ? 1 : (options.extraTop ?? 0);
    const commits = [
      ...Array.from({ length: extra }, (_, i) =>
        commit(
          d(9 + i),
          [i + 1 < extra ? d(10 + i) : d(2)],
          i === 0 ? 'feat(api): made in a terminal' : `feat(api): also made in a terminal ${i}`,
        ),
      ),
      commit(d(2), [d(1)], 'docs(api): document limits', { branches: [branch('rate-limit')] }),
      commit(d(1), [d(0)], options.xssTitle ?? 'feat(api): rate-limit middleware', { isHead: true }),
      commit(d(0), [t(0)], 'feat(api): token bucket'),
      commit(t(0), [t(4)], 'chore: bump dependencies', {
        phase: 'public',
        folded: 3,
        branches: [branch('main', { behind: 2 }), { ...branch('origin/main'), remote: true }],
      }),
      commit(d(5), [d(4)], 'feat(web): checkout page', {
        branches: [branch('checkout-flow', { ahead: 1 })],
        author: 'Grace Hopper',
      }),
      commit(d(4), [d(3)], 'feat(api): cart endpoints', { author: 'Grace Hopper' }),
      commit(d(3), [t(4)], 'feat(shared): cart model', { author: 'Grace Hopper' }),
      commit(t(4), [], 'ci: cache dependencies', { phase: 'public', olderHistory: true }),
    ];
    return commits;
  };

  const details = (hash) => ({
    hash,
    parents: [hashOf(9999)],
    author: 'Alan Turing',
    authorEmail: 'alan@example.com',
    authorDate: NOW - 7200,
    committer: 'Grace Hopper',
    committerEmail: 'grace@example.com',
    commitDate: NOW - 3600,
    message: `Subject of ${hash.slice(0, 8)}\n\nA body line with <b>markup</b> & <img src=x onerror="window.__xss=1">\nsecond line`,
    files: [
      { path: 'packages/api/src/rate-limit.ts', status: 'M', added: 12, deleted: 3 },
      { path: 'docs/new.md', status: 'A', added: 40, deleted: 0 },
      { path: 'img/logo.png', status: 'A', added: null, deleted: null },
      { path: 'src/renamed.ts', originalPath: 'src/old.ts', status: 'R', added: 1, deleted: 1 },
    ],
    moreFiles: 0,
  });

  /** What a drop would do, worded as the core's previewMove words it (the real one runs in the VS Code tests). */
  const previewMove = (commits, source, destination) => {
    const short = (hash) => hash.slice(0, 9);
    const from = commits.find((c) => c.hash === source);
    if (from.phase === 'public')
      return { ok: false, text: `${short(source)} is on trunk: Stackline never rewrites public commits.`, moving: [] };
    const moving = [source];
    for (let i = 0; i < moving.length; i++)
      for (const c of commits)
        if (c.phase === 'draft' && !moving.includes(c.hash) && c.parents.includes(moving[i])) moving.push(c.hash);
    if (moving.includes(destination))
      return {
        ok: false,
        text: `Can't move ${short(source)} onto ${destination === source ? 'itself' : 'a commit above it'}.`,
        moving: [],
      };
    if (from.parents[0] === destination)
      return { ok: false, text: `${short(source)} is already on ${short(destination)}.`, moving: [] };
    const count = moving.length === 1 ? '1 commit' : `${moving.length} commits`;
    return {
      ok: true,
      text: `Move ${count} (${short(source)}${moving.length > 1 ? ' and above' : ''}) onto ${short(destination)}`,
      moving,
    };
  };

  const repo = { root: '/work/demo', name: 'demo', head: hashOf(2001), branch: null, trunk: 'origin/main' };
  const received = [];
  const harness = {
    received,
    /** What the scripted extension answers with; tests change it. */
    config: {
      smartlog: makeSmartlog(),
      uncommitted: { staged: 0, modified: 1, untracked: 1, conflicted: 0 },
      history: null,
      pageSize: 500,
      autoRespond: true,
      notices: [],
    },
    session: 0,
    ref: null,
    hashOf,
    makeHistory,
    makeSmartlog,
    /** Delivers a message the way VS Code does: a message event on the window. Synchronous. */
    send(message) {
      window.dispatchEvent(new MessageEvent('message', { data: message }));
    },
    sendSmartlog() {
      harness.send({
        type: 'smartlog',
        repo,
        commits: harness.config.smartlog,
        uncommitted: harness.config.uncommitted,
        notices: harness.config.notices,
      });
    },
    sendHistoryPage(ref, offset) {
      const all = harness.config.history ?? [];
      const commits = all.slice(offset, offset + harness.config.pageSize);
      harness.send({
        type: 'history',
        repo,
        ref,
        session: harness.session,
        offset,
        commits,
        done: offset + commits.length >= all.length,
      });
    },
    respond(message) {
      if (!harness.config.autoRespond) return;
      switch (message.type) {
        case 'ready':
        case 'setMode':
          if (message.mode === 'smartlog') harness.sendSmartlog();
          else {
            harness.session++;
            harness.ref = message.ref;
            harness.sendHistoryPage(message.ref, 0);
          }
          break;
        case 'loadMore':
          if (message.session === harness.session) harness.sendHistoryPage(harness.ref, message.offset);
          break;
        case 'request': {
          const { id, method, params } = message;
          const result =
            method === 'details'
              ? details(params.hash)
              : previewMove(harness.config.smartlog, params.source, params.destination);
          harness.send({ type: 'response', id, method, result });
          break;
        }
      }
    },
    violations: [],
  };
  window.harness = harness;
  document.addEventListener('securitypolicyviolation', (event) =>
    harness.violations.push(`${event.violatedDirective}: ${event.blockedURI}`),
  );

  const theme = THEMES[new URLSearchParams(location.search).get('theme') ?? 'dark'];
  // The page script runs before <html> exists: theme it as soon as it does, as VS Code themes its webviews.
  const applyTheme = () => {
    for (const [name, value] of Object.entries(theme.vars))
      document.documentElement.style.setProperty(`--vscode-${name}`, value);
  };
  if (document.documentElement) applyTheme();
  else
    new MutationObserver((_, observer) => document.documentElement && (observer.disconnect(), applyTheme())).observe(
      document,
      { childList: true },
    );
  document.addEventListener('DOMContentLoaded', () => document.body.classList.add(theme.class));

  window.acquireVsCodeApi = () => ({
    postMessage(message) {
      received.push(JSON.parse(JSON.stringify(message)));
      // Asynchronous, like the real extension host.
      setTimeout(() => harness.respond(message), 0);
    },
    getState() {
      const saved = sessionStorage.getItem('state');
      return saved ? JSON.parse(saved) : undefined;
    },
    setState(state) {
      sessionStorage.setItem('state', JSON.stringify(state));
    },
  });
})();
