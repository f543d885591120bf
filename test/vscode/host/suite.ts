// Extension-host tests: the installed Stackline extension through the real `vscode` API, on a
// real git repository (the demo repository from scripts/demo-repo.ts, opened as the workspace).
// No mocks. Tests run in order and share the repository: each one leaves HEAD where the next
// one expects it.
//
// Two ways in: the test-only extension in ./extension calls runSuite() on activation (code-server,
// test/vscode/host.test.ts), and @vscode/test-electron calls run() (./electron.ts).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Smartlog, SmartlogCommit } from '../../../src/core/smartlog/model';
import type { StacklineApi } from '../../../src/extension/main';
import { formatResults, Runner, type HostResults } from './runner';
import { executeCommand, git, tryGit, waitFor } from './util';

const EXTENSION_ID = 'stackline.stackline';

let api: StacklineApi | undefined;
let root: string | undefined;

/** The API and repository root the first test found; later tests need them. */
function ready(): { api: StacklineApi; root: string } {
  if (!api || !root) throw new Error('the Stackline API is not available (the activation test failed)');
  return { api, root };
}

function smartlog(): Smartlog {
  const { api, root } = ready();
  const log = api.smartlog(root);
  assert.ok(log, `api.smartlog(${root}) returned nothing`);
  return log;
}

const short = (hash: string | undefined) => (hash ?? '?').slice(0, 9);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function describeLog(log: Smartlog | undefined): string {
  if (!log) return '(no smartlog)';
  const rows = log.commits.map(
    (c) =>
      `  ${c.isHead ? '@' : c.phase === 'draft' ? 'o' : '·'} ${short(c.hash)} ${c.title}${c.branches.length ? ` [${c.branches.map((b) => b.name).join(', ')}]` : ''}`,
  );
  return `\nhead ${short(log.head.hash)}${log.head.branch ? ` on ${log.head.branch}` : ' (detached)'}\n${rows.join('\n')}`;
}

function headCommit(log: Smartlog): SmartlogCommit {
  const heads = log.commits.filter((c) => c.isHead);
  assert.equal(heads.length, 1, `exactly one commit is marked HEAD:${describeLog(log)}`);
  return heads[0];
}

/** HEAD is `expected` in git and in a freshly refreshed smartlog, which also agrees on the branch. */
async function assertHeadAt(expected: string, what: string): Promise<void> {
  const { api, root } = ready();
  assert.equal(git(root, 'rev-parse', 'HEAD'), expected, `git: HEAD ${what}`);
  await api.refresh();
  const log = smartlog();
  assert.equal(log.head.hash, expected, `smartlog head ${what}:${describeLog(log)}`);
  assert.equal(headCommit(log).hash, expected, `smartlog row marked HEAD ${what}:${describeLog(log)}`);
  const branch = tryGit(root, 'symbolic-ref', '-q', '--short', 'HEAD');
  assert.equal(log.head.branch, branch, 'smartlog and git agree on the checked-out branch');
  assert.equal(log.head.detached, branch === undefined, 'smartlog and git agree on detached HEAD');
}

/** The stack HEAD is in, from the current smartlog. */
function headStack(log: Smartlog) {
  const head = headCommit(log);
  const stack = log.stacks.find((s) => s.commits.includes(head.hash));
  assert.ok(stack, `HEAD ${short(head.hash)} is in a stack:${describeLog(log)}`);
  assert.equal(head.stackId, stack.id, 'the HEAD row carries its stack id');
  return stack;
}

/** Runs a navigation command and checks that HEAD landed on `expected` (and its only branch, if any). */
async function navigate(command: string, expected: string): Promise<void> {
  const { root } = ready();
  const before = git(root, 'rev-parse', 'HEAD');
  assert.notEqual(before, expected, `test setup: HEAD is not already at ${short(expected)}`);
  const target = smartlog().commits.find((c) => c.hash === expected);
  assert.ok(target, `${short(expected)} is in the smartlog`);
  await executeCommand(command);
  await assertHeadAt(expected, `after ${command}`);
  const localBranches = target.branches.filter((b) => !b.remote).map((b) => b.name);
  const branch = tryGit(root, 'symbolic-ref', '-q', '--short', 'HEAD');
  if (localBranches.length === 1)
    assert.equal(branch, localBranches[0], `${command} checks out the commit's only branch`);
  else assert.equal(branch, undefined, `${command} detaches HEAD at a commit without exactly one branch`);
}

const runner = new Runner();
const test = runner.test.bind(runner);

test('Stackline activates in a git workspace and its API lists the repository', async () => {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a folder is open');
  const toplevel = git(folder.uri.fsPath, 'rev-parse', '--show-toplevel');
  const extension = vscode.extensions.getExtension<StacklineApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  const exports = await extension.activate();
  assert.ok(extension.isActive, 'the extension is active');
  assert.equal(typeof exports?.smartlog, 'function', 'activate() returns the StacklineApi');
  assert.deepEqual(exports.repositories(), [toplevel]);
  api = exports;
  root = toplevel;
  const log = smartlog();
  assert.equal(log.root, toplevel);
});

test('every command in contributes.commands is registered', async () => {
  const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as
    { contributes?: { commands?: { command: string }[] } } | undefined;
  const declared = (manifest?.contributes?.commands ?? []).map((c) => c.command);
  assert.ok(declared.length >= 10, `package.json declares the commands (got ${declared.join(', ')})`);
  assert.ok(
    declared.every((id) => id.startsWith('stackline.')),
    declared.join(', '),
  );
  const registered = new Set(await vscode.commands.getCommands(true));
  const missing = declared.filter((id) => !registered.has(id));
  assert.deepEqual(missing, [], `declared but not registered: ${missing.join(', ')}`);
});

test('the smartlog agrees with git: HEAD, trunk, stacks, row order, uncommitted changes', () => {
  const { root } = ready();
  const log = smartlog();
  const head = headCommit(log);
  assert.equal(head.hash, git(root, 'rev-parse', 'HEAD'), `the row marked HEAD is git's HEAD:${describeLog(log)}`);
  assert.equal(log.head.hash, head.hash);
  assert.equal(log.head.detached, tryGit(root, 'symbolic-ref', '-q', 'HEAD') === undefined);

  assert.ok(log.trunk, `a trunk was found (warnings: ${log.warnings.join('; ')})`);
  assert.equal(log.trunk.hash, git(root, 'rev-parse', log.trunk.ref), `trunk ${log.trunk.ref} resolves as in git`);

  // The demo repository has two stacks: checkout-flow (behind trunk) and rate-limit (HEAD's).
  assert.equal(log.stacks.length, 2, `two stacks:${describeLog(log)}`);
  for (const stack of log.stacks) {
    const top = stack.commits[0];
    assert.deepEqual(
      stack.commits,
      git(root, 'rev-list', '--topo-order', `${stack.base}..${top}`).split('\n'),
      `stack ${short(top)}: its commits are base..top, top first`,
    );
    assert.ok(
      tryGit(root, 'merge-base', '--is-ancestor', stack.base, log.trunk.hash) !== undefined,
      `stack ${short(top)}: its base is on trunk`,
    );
    assert.equal(
      stack.behindTrunk,
      Number(git(root, 'rev-list', '--count', `${stack.base}..${log.trunk.hash}`)),
      `stack ${short(top)}: commits behind trunk`,
    );
    for (const hash of stack.commits) {
      const commit = log.commits.find((c) => c.hash === hash);
      assert.equal(commit?.phase, 'draft', `${short(hash)} is a draft row`);
      assert.equal(commit?.stackId, stack.id);
    }
  }
  assert.equal(
    log.stacks.find((s) => s.commits.includes(git(root, 'rev-parse', 'checkout-flow')))?.behindTrunk,
    4,
    'checkout-flow is 4 commits behind trunk',
  );
  assert.ok(headStack(log).commits.includes(git(root, 'rev-parse', 'rate-limit')), 'HEAD is in the rate-limit stack');

  // Every local branch off trunk labels a row of a stack.
  for (const line of git(root, 'for-each-ref', '--format=%(refname:short) %(objectname)', 'refs/heads').split('\n')) {
    const [name, hash] = line.split(' ');
    if (tryGit(root, 'merge-base', '--is-ancestor', hash, log.trunk.hash) !== undefined) continue;
    const row = log.commits.find((c) => c.hash === hash);
    assert.ok(
      row?.branches.some((b) => b.name === name && !b.remote),
      `branch ${name} labels row ${short(hash)}:${describeLog(log)}`,
    );
  }

  // Row order: a commit comes before its parents.
  const index = new Map(log.commits.map((c, i) => [c.hash, i]));
  for (const [i, commit] of log.commits.entries()) {
    for (const parent of commit.parents) {
      if (index.has(parent))
        assert.ok(index.get(parent)! > i, `${short(commit.hash)} comes before its parent ${short(parent)}`);
    }
  }

  // Uncommitted changes: the same paths as `git status`.
  const status = git(root, 'status', '--porcelain=v1', '-z').split('\0').filter(Boolean);
  const paths = status.map((entry) => entry.slice(3)).sort();
  assert.deepEqual(log.uncommitted.files.map((f) => f.path).sort(), paths, 'uncommitted files are git status');
  assert.equal(log.uncommitted.untracked, status.filter((entry) => entry.startsWith('??')).length, 'untracked count');
  assert.ok(log.uncommitted.modified >= 1, 'the demo repository has a modified file');
});

test('stackline.next moves HEAD one commit up the stack', async () => {
  const log = smartlog();
  const head = headCommit(log);
  const stack = headStack(log);
  const i = stack.commits.indexOf(head.hash);
  assert.ok(i > 0, `test setup: HEAD has a commit above it:${describeLog(log)}`);
  await navigate('stackline.next', stack.commits[i - 1]);
});

test('a commit made with plain git shows up without calling refresh (the watcher)', async () => {
  const { api, root } = ready();
  const before = git(root, 'rev-parse', 'HEAD');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'wip: committed with plain git');
  const made = git(root, 'rev-parse', 'HEAD');
  const log = await waitFor(
    `the smartlog to show ${short(made)} as HEAD`,
    () => {
      const current = api.smartlog(root);
      return current?.commits.find((c) => c.isHead)?.hash === made && current.uncommitted.files.length === 0
        ? current
        : undefined;
    },
    8_000,
    () => describeLog(api.smartlog(root)),
  );
  const row = headCommit(log);
  assert.equal(row.title, 'wip: committed with plain git');
  assert.deepEqual(row.parents, [before]);
  assert.equal(headStack(log).commits[0], made, 'the new commit is the top of its stack');
});

test('stackline.bottom moves HEAD to the bottom of the stack', async () => {
  const stack = headStack(smartlog());
  await navigate('stackline.bottom', stack.commits[stack.commits.length - 1]);
});

test('stackline.next from the bottom moves HEAD to the second commit', async () => {
  const stack = headStack(smartlog());
  await navigate('stackline.next', stack.commits[stack.commits.length - 2]);
});

test('stackline.top moves HEAD to the top of the stack', async () => {
  const stack = headStack(smartlog());
  await navigate('stackline.top', stack.commits[0]);
});

test('stackline.prev moves HEAD one commit down the stack', async () => {
  const stack = headStack(smartlog());
  await navigate('stackline.prev', stack.commits[1]);
});

test("stackline.openCommitChanges opens a multi-file diff of HEAD's commit", async () => {
  const head = headCommit(smartlog());
  const label = `${short(head.hash)} ${head.title}`;
  const allTabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs);
  await executeCommand('stackline.openCommitChanges');
  const tab = await waitFor(
    `a tab labelled "${label}"`,
    () => allTabs().find((t) => t.label.startsWith(short(head.hash))),
    10_000,
    () => JSON.stringify(allTabs().map((t) => t.label)),
  );
  // The multi-diff editor adds the file count: "<hash> <title> (1 file)".
  assert.match(tab.label, new RegExp(`^${escapeRegExp(label)}( \\(\\d+ files?\\))?$`));
  // Not a plain text or two-file diff editor.
  assert.ok(
    !(tab.input instanceof vscode.TabInputText) && !(tab.input instanceof vscode.TabInputTextDiff),
    'the tab is a multi-diff editor',
  );
  assert.ok(tab.isActive, 'the tab is active');
  await vscode.window.tabGroups.close(tab);
});

test("stackline.copyHash puts HEAD's full hash on the clipboard", async () => {
  const { root } = ready();
  await vscode.env.clipboard.writeText('not a hash');
  await executeCommand('stackline.copyHash');
  assert.equal(await vscode.env.clipboard.readText(), git(root, 'rev-parse', 'HEAD'));
});

/** Runs the suite and returns every result (for the test-only extension). */
export function runSuite(): Promise<HostResults> {
  return runner.run((result) =>
    console.log(
      `[stackline host suite] ${result.ok ? 'ok' : 'FAIL'} ${result.name}${result.ok ? '' : `: ${result.error}`}`,
    ),
  );
}

/** @vscode/test-electron's entry point: resolves when every test passed, rejects otherwise. */
export async function run(): Promise<void> {
  const results = await runSuite();
  console.log(formatResults(results));
  if (results.tests.length === 0) throw new Error('the suite ran no tests');
  if (results.failed > 0) throw new Error(`${results.failed} of ${results.tests.length} extension-host tests failed`);
}
