// The editor-free parts of the commit message feedback: where each broken rule is in the text (for
// diagnostics), and the composer's choices and message assembly. Also the lefthook config editor.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { load } from 'js-yaml';
import { defaultLintConfig, resolveLintConfig } from '../../src/core/conventions/commitlintConfig';
import {
  composeMessage,
  scopeSuggestions,
  typeChoices,
  workspacePackages,
  wrap,
} from '../../src/core/conventions/composer';
import { ConventionsError, INSTALL_HOOKS } from '../../src/core/conventions/errors';
import { addLefthookCommand, removeLefthookCommand } from '../../src/core/conventions/hooks/lefthook';
import { addBlock, removeBlock } from '../../src/core/conventions/hooks/shellHooks';
import { lintMessage } from '../../src/core/conventions/lint';
import { problemRanges, type TextRange } from '../../src/core/conventions/ranges';
import { removeTempDirs, tempDir } from '../helpers/repo';

after(removeTempDirs);

async function rangesOf(text: string, commentChar?: string): Promise<Record<string, TextRange[]>> {
  const config = await defaultLintConfig();
  const report = await lintMessage(text, config, { commentChar });
  return Object.fromEntries(
    [...report.errors, ...report.warnings].map((p) => [p.name, problemRanges(text, p, config, commentChar)]),
  );
}

test('diagnostic ranges: type, subject, body and long lines, below comment lines', async () => {
  const text = `# Please enter the commit message\nFeat(api): Add the thing.\nbody right after the header\n${'x'.repeat(104)}\n# On branch main`;
  const ranges = await rangesOf(text, '#');
  assert.deepEqual(ranges['type-case'], [{ line: 1, start: 0, end: 4 }]);
  assert.deepEqual(ranges['type-enum'], [{ line: 1, start: 0, end: 4 }]);
  assert.deepEqual(ranges['subject-case'], [{ line: 1, start: 11, end: 25 }]);
  assert.deepEqual(ranges['subject-full-stop'], [{ line: 1, start: 11, end: 25 }]);
  assert.deepEqual(ranges['body-leading-blank'], [{ line: 2, start: 0, end: 27 }]);
  assert.deepEqual(ranges['body-max-line-length'], [{ line: 3, start: 100, end: 104 }]);
});

test('diagnostic ranges: a header without a type marks the whole line; an empty subject marks its end', async () => {
  const plain = await rangesOf('Update stuff');
  assert.deepEqual(plain['type-empty'], [{ line: 0, start: 0, end: 12 }]);
  assert.deepEqual(plain['subject-empty'], [{ line: 0, start: 0, end: 12 }]);
  const empty = await rangesOf('fix: ');
  assert.deepEqual(empty['subject-empty'], [{ line: 0, start: 5, end: 6 }]);
  const footer = await rangesOf(`fix: x\n\nbody\n\nBREAKING CHANGE: ${'y'.repeat(90)}`);
  assert.deepEqual(footer['footer-max-line-length'], [{ line: 4, start: 100, end: 107 }]);
  const scope = await resolveLintConfig(
    {
      extends: ['@commitlint/config-conventional'],
      rules: { 'scope-enum': [2, 'always', ['api']], 'subject-exclamation-mark': [2, 'never'] },
    },
    process.cwd(),
    { trusted: false, label: 't' },
  );
  const report = await lintMessage('fix(db)!: x', scope);
  const byName = Object.fromEntries(report.errors.map((p) => [p.name, problemRanges('fix(db)!: x', p, scope)]));
  assert.deepEqual(byName['scope-enum'], [{ line: 0, start: 4, end: 6 }]);
  assert.deepEqual(byName['subject-exclamation-mark'], [{ line: 0, start: 7, end: 8 }]);
});

test('composer: types with descriptions from the config prompt, or only those type-enum allows', async () => {
  const fallback = await defaultLintConfig();
  const types = typeChoices(fallback, fallback);
  assert.deepEqual(types[0], {
    value: 'build',
    description: 'Changes that affect the build system or external dependencies (example scopes: gulp, broccoli, npm)',
  });
  assert.ok(types.some((t) => t.value === 'feat' && t.description === 'A new feature'));
  const custom = await resolveLintConfig({ rules: { 'type-enum': [2, 'always', ['feat', 'ops']] } }, process.cwd(), {
    trusted: false,
    label: 't',
  });
  assert.deepEqual(typeChoices(custom, fallback), [
    { value: 'feat', description: 'A new feature' },
    { value: 'ops', description: '' },
  ]);
});

test('composer: scopes from changed paths (workspace packages, first folder, one deeper under src/) and package names', () => {
  const root = tempDir('stackline-composer-');
  mkdirSync(join(root, 'packages/web'), { recursive: true });
  writeFileSync(join(root, 'packages/web/package.json'), JSON.stringify({ name: '@acme/web-app' }));
  mkdirSync(join(root, 'packages/shared'), { recursive: true });
  const packages = workspacePackages(root);
  assert.deepEqual([...packages.entries()].sort(), [
    ['packages/shared', 'shared'],
    ['packages/web', 'web-app'],
  ]);
  const changed = [
    'packages/web/src/a.ts',
    'packages/web/src/b.ts',
    'src/core/x.ts',
    'docs/guide.md',
    'README.md',
    '.github/workflows/ci.yml',
  ];
  assert.deepEqual(scopeSuggestions(changed, packages), ['web-app', 'core', 'docs']);
});

test('composer: the message has the header, a wrapped body and a BREAKING CHANGE footer', () => {
  assert.equal(
    composeMessage({ type: 'feat', scope: 'api', subject: 'add paging', body: '', breaking: undefined }),
    'feat(api): add paging',
  );
  const message = composeMessage(
    {
      type: 'feat',
      subject: 'drop v1',
      body: 'The v1 endpoints have been deprecated for a year and nobody calls them any more.',
      breaking: 'v1 is gone; call v2.',
    },
    40,
  );
  assert.equal(
    message,
    'feat!: drop v1\n\nThe v1 endpoints have been deprecated\nfor a year and nobody calls them any\nmore.\n\nBREAKING CHANGE: v1 is gone; call v2.',
  );
  assert.equal(wrap('a '.repeat(5).trim() + ' ' + 'x'.repeat(12), 8), 'a a a a\na\nxxxxxxxxxxxx');
});

test('shell hooks: the block goes after the shebang and husky.sh line, and comes out cleanly', () => {
  const husky8 = '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\nnpx --no -- commitlint --edit ${1}\n';
  const added = addBlock(husky8, 'commit-msg');
  assert.equal(
    added,
    '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n# stackline: commit-msg check (stackline hooks install)\nsh .stackline/run-hook.sh commit-msg "$@" || exit $?\n\nnpx --no -- commitlint --edit ${1}\n',
  );
  assert.equal(addBlock(added, 'commit-msg'), added, 'adding twice changes nothing');
  assert.equal(removeBlock(added, 'commit-msg'), husky8);
  assert.equal(
    addBlock(undefined, 'pre-push'),
    '#!/bin/sh\n# stackline: pre-push check (stackline hooks install)\nsh .stackline/run-hook.sh pre-push "$@" || exit $?\n',
  );
});

test('lefthook config: commands go into the right section at its indentation; odd layouts get a snippet to paste', () => {
  const fourSpaces =
    'pre-push:\n    commands:\n        test:\n            run: npm test\ncommit-msg:\n    parallel: true\n    commands:\n        lint:\n            run: echo lint\n';
  const added = addLefthookCommand(fourSpaces, 'commit-msg', 'lefthook.yml');
  assert.deepEqual(load(added), {
    'pre-push': { commands: { test: { run: 'npm test' } } },
    'commit-msg': {
      parallel: true,
      commands: { stackline: { run: 'sh .stackline/run-hook.sh commit-msg {1}' }, lint: { run: 'echo lint' } },
    },
  });
  assert.equal(removeLefthookCommand(added, 'commit-msg', 'lefthook.yml'), fourSpaces);
  const push = addLefthookCommand(fourSpaces, 'pre-push', 'lefthook.yml');
  assert.deepEqual(
    (load(push) as Record<string, { commands: Record<string, unknown> }>)['pre-push'].commands.stackline,
    { run: 'sh .stackline/run-hook.sh pre-push {1} {2}', use_stdin: true },
  );
  const noCommands = addLefthookCommand('commit-msg:\n  jobs:\n    - run: echo hi\n', 'commit-msg', 'lefthook.yml');
  assert.deepEqual(load(noCommands), {
    'commit-msg': {
      commands: { stackline: { run: 'sh .stackline/run-hook.sh commit-msg {1}' } },
      jobs: [{ run: 'echo hi' }],
    },
  });
  assert.throws(
    () => addLefthookCommand('{"commit-msg": {"commands": {}}}', 'commit-msg', 'lefthook.yml'),
    (error: ConventionsError) =>
      error.kind === 'hooks' &&
      error.fixes[0] === INSTALL_HOOKS &&
      /^lefthook\.yml: its commit-msg section is not in a form Stackline can edit\. Add this to it by hand, then install the hooks again:\ncommit-msg:\n {2}commands:\n {4}stackline:\n {6}run: sh \.stackline\/run-hook\.sh commit-msg \{1\}$/.test(
        error.message,
      ),
  );
});
