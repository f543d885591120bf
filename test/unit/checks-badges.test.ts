// The checks badges: one overall state from each check's answer, the Stacks tree's words and links,
// the graph's badge and what a click on it does, and the forge's answer from a dry run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CheckResult } from '../../src/core/checks/cache';
import type { RemoteCommitResult } from '../../src/core/checks/remote';
import { overallOf, type CheckEntry, type CommitCheckStatus } from '../../src/core/checks/status';
import { checksAnnotation, checksBadge, remoteBadge, summaryText } from '../../src/extension/checks/badges';

const COMMIT = 'a'.repeat(40);
const result = (state: CheckResult['state'], exitCode: number | null): CheckResult => ({
  check: 'x',
  run: 'x',
  commit: COMMIT,
  tree: 't',
  state,
  exitCode,
  signal: null,
  durationMs: 1500,
  finishedAt: 0,
  outputFile: '/r/x.log',
});
const status = (entries: CheckEntry[]): CommitCheckStatus => ({
  commit: COMMIT,
  tree: 't',
  entries,
  overall: overallOf(entries),
});

test('overall: running wins, then any failure, pass only when every check passed', () => {
  assert.equal(
    overallOf([
      { name: 'a', state: 'pass' },
      { name: 'b', state: 'running' },
      { name: 'c', state: 'fail' },
    ]),
    'running',
  );
  assert.equal(
    overallOf([
      { name: 'a', state: 'pass' },
      { name: 'b', state: 'timeout' },
    ]),
    'fail',
  );
  assert.equal(
    overallOf([
      { name: 'a', state: 'pass' },
      { name: 'b', state: 'not-run' },
    ]),
    'not-run',
  );
  assert.equal(
    overallOf([
      { name: 'a', state: 'pass' },
      { name: 'b', state: 'pass' },
    ]),
    'pass',
  );
  assert.equal(overallOf([]), 'not-run');
});

test('Stacks tree: short words on the row, each check and links in the tooltip, a warning when one failed', () => {
  const failing = status([
    { name: 'unit', state: 'fail', result: result('fail', 1) },
    { name: 'lint', state: 'pass', result: result('pass', 0) },
  ]);
  assert.equal(summaryText(failing), '✗ unit failed');
  assert.equal(summaryText(status([{ name: 'unit', state: 'pass' }])), '✓ unit passes');
  assert.equal(
    summaryText(
      status([
        { name: 'unit', state: 'pass' },
        { name: 'lint', state: 'pass' },
      ]),
    ),
    '✓ 2 checks pass',
  );
  assert.equal(summaryText(status([{ name: 'unit', state: 'queued' }])), '◌ checking');
  assert.equal(summaryText(status([{ name: 'unit', state: 'not-run' }])), '○ not checked');
  const annotation = checksAnnotation(failing, undefined, '/repo')!;
  assert.equal(annotation.text, '✗ unit failed');
  assert.equal(annotation.warning, true);
  assert.deepEqual(annotation.commands, ['stackline.showCheckOutput', 'stackline.runChecks']);
  assert.match(
    annotation.tooltip!,
    /^\*\*Checks\*\* \(\.stackline\.json\): ✗ unit \(exit 1\) · ✓ lint \(1\.5 s\) · \[Show output\]\(command:stackline\.showCheckOutput\?/,
  );
  const link = /\[Show output\]\(command:stackline\.showCheckOutput\?([^)]+)\)/.exec(annotation.tooltip!)![1];
  assert.deepEqual(JSON.parse(decodeURIComponent(link)), [{ root: '/repo', commit: COMMIT }]);
  assert.equal(checksAnnotation(status([]), undefined, '/repo'), undefined, 'no checks declared: nothing on the row');
});

test("graph: a click on a failing badge shows that check's output; on one never run, it runs the checks", () => {
  const failing = checksBadge(
    status([
      { name: 'unit', state: 'pass', result: result('pass', 0) },
      { name: 'lint', state: 'timeout', result: result('timeout', null) },
    ]),
    '/repo',
  )!;
  assert.equal(failing.title, 'Checks: lint failed');
  assert.deepEqual(failing.parts, [{ icon: 'error', text: 'lint', tone: 'error', label: 'lint failed' }]);
  assert.deepEqual(failing.lines, ['✓ unit (1.5 s)', '✗ lint (timed out)']);
  assert.equal(failing.action, 'Show the output of lint');
  assert.deepEqual(failing.command, {
    command: 'stackline.showCheckOutput',
    arguments: [{ root: '/repo', commit: COMMIT, check: 'lint' }],
  });
  const never = checksBadge(status([{ name: 'unit', state: 'not-run' }]), '/repo')!;
  assert.deepEqual(never.command, { command: 'stackline.runChecks', arguments: [{ root: '/repo', commit: COMMIT }] });
  const running = checksBadge(status([{ name: 'unit', state: 'running' }]), '/repo')!;
  assert.equal(running.command, undefined, 'nothing to click while it runs');
});

test('dry run on the forge: the failing contexts named, the first failing run one click away', () => {
  const remote: RemoteCommitResult = {
    commit: COMMIT,
    title: 'feat: x',
    branch: 'stackline/check/aaaaaaaaaaaa',
    state: 'failing',
    contexts: [
      { name: 'build', state: 'passing' },
      { name: 'e2e', state: 'failing', url: 'https://ci.example.test/9', description: '2 failed' },
    ],
  };
  const badge = remoteBadge(remote)!;
  assert.deepEqual(badge.parts, [{ icon: 'cloud', text: '1', tone: 'error', label: 'GitHub dry run: ✗ e2e failed' }]);
  assert.deepEqual(badge.lines, ['✓ build', '✗ e2e: 2 failed']);
  assert.equal(badge.link, 'https://ci.example.test/9');
  const annotation = checksAnnotation(undefined, remote, '/repo')!;
  assert.equal(annotation.text, '☁ ✗ e2e failed');
  assert.match(
    annotation.tooltip!,
    /\*\*On GitHub\*\* \(dry run on stackline\/check\/aaaaaaaaaaaa\): ✓ build · ✗ \[e2e\]\(https:\/\/ci\.example\.test\/9\)/,
  );
});
