// The graph's banner, from the Stacks view's banner rows and the smartlog: which operation it shows,
// with which buttons, and the files with conflicts now.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FileChange } from '../../src/core/git/parsers/status';
import type { Smartlog } from '../../src/core/smartlog/model';
import { graphBanner } from '../../src/extension/graph/banner';
import type { Banner } from '../../src/extension/stacksTree';

function smartlog(files: FileChange[], operation?: Smartlog['state']['operation']): Smartlog {
  return {
    root: '/r',
    head: { detached: false, unborn: false },
    commits: [],
    stacks: [],
    uncommitted: {
      staged: 0,
      modified: 0,
      untracked: 0,
      conflicted: files.filter((f) => f.kinds.includes('conflicted')).length,
      files,
    },
    state: { operation, detached: false, unborn: false, shallow: false, worktree: false },
    warnings: [],
  };
}

const conflicted = (path: string): FileChange => ({ path, index: 'U', worktree: 'U', kinds: ['conflicted'] });
const modified: FileChange = { path: 'notes.txt', index: '.', worktree: 'M', kinds: ['modified'] };
const stopped: Banner = {
  text: "'move' stopped on conflicts",
  detail: 'in a.txt: resolve, stage, then Continue',
  icon: 'warning',
  contextValue: 'operation.stopped',
};
const restack: Banner = { text: 'Needs restack', icon: 'layers', contextValue: 'operation.restack' };

test('a Stackline operation stopped on conflicts: its text, Continue and Abort, and only the conflicted files', () => {
  // git's rebase is in progress too; the operation's own banner says what to do, not git's advice.
  assert.deepEqual(
    graphBanner([restack, stopped], smartlog([modified, conflicted('a.txt'), conflicted('dir/b c.txt')], 'rebase')),
    {
      kind: 'stopped',
      text: "'move' stopped on conflicts",
      detail: 'in a.txt: resolve, stage, then Continue',
      actions: ['continue', 'abort'],
      conflicts: ['a.txt', 'dir/b c.txt'],
    },
  );
  assert.deepEqual(graphBanner([stopped], smartlog([], 'rebase'))?.conflicts, [], 'all staged: no files left to open');
  const long: Banner = { ...stopped, text: `'move ${'a'.repeat(40)} --onto ${'b'.repeat(40)}' stopped on conflicts` };
  assert.equal(
    graphBanner([long], smartlog([]))?.text,
    `'move ${'a'.repeat(9)} --onto ${'b'.repeat(9)}' stopped on conflicts`,
    'short hashes',
  );
});

test('interrupted: Abort only; running: no buttons', () => {
  const interrupted: Banner = {
    text: "'restack' was interrupted",
    detail: 'Abort puts everything back',
    icon: 'error',
    contextValue: 'operation.interrupted',
  };
  assert.deepEqual(graphBanner([interrupted], smartlog([])), {
    kind: 'interrupted',
    text: "'restack' was interrupted",
    detail: 'Abort puts everything back',
    actions: ['abort'],
    conflicts: [],
  });
  assert.deepEqual(
    graphBanner([{ text: 'Moving…', icon: 'loading~spin', contextValue: 'operation.running' }], smartlog([])),
    { kind: 'running', text: 'Moving…', actions: [], conflicts: [] },
  );
});

test("a git operation Stackline did not start: git's advice, no buttons; leftover conflicts alone; nothing", () => {
  assert.deepEqual(graphBanner([], smartlog([conflicted('a.txt')], 'merge')), {
    kind: 'git',
    text: 'Merge in progress',
    detail:
      'A merge is in progress. Resolve it with git merge --continue, or undo it with git merge --abort, then try again.',
    actions: [],
    conflicts: ['a.txt'],
  });
  assert.equal(graphBanner([], smartlog([], 'cherry-pick'))?.text, 'Cherry-pick in progress');
  assert.equal(
    graphBanner([], smartlog([], 'bisect'))?.detail,
    'A bisect is in progress. Finish it with git bisect reset first.',
  );
  assert.deepEqual(graphBanner([restack], smartlog([conflicted('x.txt')])), {
    kind: 'conflicts',
    text: '1 file with conflicts',
    detail: 'Resolve them, then stage them with git add.',
    actions: [],
    conflicts: ['x.txt'],
  });
  assert.equal(graphBanner([restack], smartlog([modified])), null, "other features' rows are not the graph's banner");
  assert.equal(graphBanner([], undefined), null);
});
