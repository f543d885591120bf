// Each commit rule through Stackline's linter: the default rules (@commitlint/config-conventional,
// with the conventional-commits parser), more of commitlint's rules as a repository would configure
// them, the default ignores, comments in message files, and the terminal output.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createParserOpts as angularParserOpts } from 'conventional-changelog-angular/parserOpts.js';
import { createParserOpts as standIn } from '../../src/core/conventions/angularPreset';
import { defaultLintConfig, resolveLintConfig } from '../../src/core/conventions/commitlintConfig';
import { countProblems, formatProblems, lintMessage } from '../../src/core/conventions/lint';

const names = (problems: { name: string }[]) => problems.map((p) => p.name).sort();

/** [rule, message that breaks it, a close message that does not] under the default rules. */
const DEFAULT_RULES: [string, string, string][] = [
  ['body-leading-blank', 'feat: add x\nbody right after the header', 'feat: add x\n\nbody after a blank line'],
  ['body-max-line-length', `feat: add x\n\n${'a'.repeat(101)}`, `feat: add x\n\n${'a'.repeat(100)}`],
  [
    'footer-leading-blank',
    'feat: add x\n\nbody\nBREAKING CHANGE: gone',
    'feat: add x\n\nbody\n\nBREAKING CHANGE: gone',
  ],
  [
    'footer-max-line-length',
    `feat: add x\n\nBREAKING CHANGE: ${'a'.repeat(85)}`,
    `feat: add x\n\nBREAKING CHANGE: ${'a'.repeat(83)}`,
  ],
  ['header-max-length', `feat: ${'a'.repeat(95)}`, `feat: ${'a'.repeat(94)}`],
  ['header-trim', ' feat: add x', 'feat: add x'],
  ['subject-case', 'feat: Add x', 'feat: add X'],
  ['subject-empty', 'feat: ', 'feat: x'],
  ['subject-full-stop', 'feat: add x.', 'feat: add x'],
  ['type-case', 'FEAT: add x', 'feat: add x'],
  ['type-empty', 'add x', 'feat: add x'],
  ['type-enum', 'feature: add x', 'feat: add x'],
];

for (const [rule, bad, good] of DEFAULT_RULES) {
  test(`default rules: ${rule}`, async () => {
    const config = await defaultLintConfig();
    const broken = await lintMessage(bad, config);
    assert.ok(
      [...broken.errors, ...broken.warnings].some((p) => p.name === rule),
      `${JSON.stringify(bad)} breaks ${rule}: ${formatProblems(broken).join('; ')}`,
    );
    const fixed = await lintMessage(good, config);
    assert.ok(
      ![...fixed.errors, ...fixed.warnings].some((p) => p.name === rule),
      `${JSON.stringify(good)} keeps ${rule}: ${formatProblems(fixed).join('; ')}`,
    );
  });
}

test('default rules: the levels of config-conventional (blank lines warn, the rest are errors)', async () => {
  const report = await lintMessage('feat: add x\nbody\nBREAKING CHANGE: y', await defaultLintConfig());
  assert.equal(report.valid, true);
  assert.deepEqual(names(report.warnings), ['body-leading-blank', 'footer-leading-blank']);
  const errors = await lintMessage('Feat: Add x.', await defaultLintConfig());
  assert.equal(errors.valid, false);
  assert.ok(errors.errors.every((p) => p.level === 2));
});

/** [rule, setting, message that breaks it, message that does not]. */
const MORE_RULES: [string, unknown[], string, string][] = [
  ['scope-enum', [2, 'always', ['api', 'web']], 'feat(db): add x', 'feat(api): add x'],
  ['scope-case', [2, 'always', 'lower-case'], 'feat(API): add x', 'feat(api): add x'],
  ['scope-empty', [2, 'never'], 'feat: add x', 'feat(api): add x'],
  ['scope-max-length', [2, 'always', 3], 'feat(checkout): add x', 'feat(api): add x'],
  ['scope-min-length', [2, 'always', 3], 'feat(db): add x', 'feat(api): add x'],
  ['subject-max-length', [2, 'always', 10], 'feat: add a longer subject', 'feat: add x'],
  ['subject-min-length', [2, 'always', 5], 'feat: x', 'feat: add x'],
  ['subject-exclamation-mark', [2, 'never'], 'feat!: add x', 'feat: add x'],
  ['header-min-length', [2, 'always', 12], 'feat: add x', 'feat: add more'],
  ['header-full-stop', [2, 'never', '.'], 'feat: add x.', 'feat: add x'],
  ['header-case', [2, 'always', 'lower-case'], 'feat: add X', 'feat: add x'],
  ['type-max-length', [2, 'always', 4], 'chore: add x', 'feat: add x'],
  ['type-min-length', [2, 'always', 3], 'ci: add x', 'feat: add x'],
  ['body-empty', [2, 'never'], 'feat: add x', 'feat: add x\n\nwhy'],
  ['body-max-length', [2, 'always', 10], 'feat: add x\n\na body that is long', 'feat: add x\n\nshort'],
  ['body-min-length', [2, 'always', 10], 'feat: add x\n\nshort', 'feat: add x\n\nlong enough body'],
  ['body-full-stop', [2, 'always', '.'], 'feat: add x\n\nno stop', 'feat: add x\n\nwith a stop.'],
  ['body-case', [2, 'always', 'lower-case'], 'feat: add x\n\nUpper Body', 'feat: add x\n\nlower body'],
  ['footer-empty', [2, 'never'], 'feat: add x', 'feat: add x\n\nRefs: #1'],
  ['footer-max-length', [2, 'always', 10], 'feat: add x\n\nRefs: #1234567890', 'feat: add x\n\nRefs: #1'],
  ['footer-min-length', [2, 'always', 10], 'feat: add x\n\nRefs: #1', 'feat: add x\n\nRefs: #1234567890'],
  ['references-empty', [2, 'never'], 'feat: add x', 'feat: add x\n\nCloses #12'],
  [
    'signed-off-by',
    [2, 'always', 'Signed-off-by:'],
    'feat: add x',
    'feat: add x\n\nSigned-off-by: Ada <ada@example.com>',
  ],
  ['trailer-exists', [2, 'always', 'Reviewed-by:'], 'feat: add x', 'feat: add x\n\nReviewed-by: Bo <bo@example.com>'],
];

for (const [rule, setting, bad, good] of MORE_RULES) {
  test(`configured rule: ${rule}`, async () => {
    const config = await resolveLintConfig(
      { extends: ['@commitlint/config-conventional'], rules: { [rule]: setting } },
      process.cwd(),
      { trusted: false, label: 'test config' },
    );
    const broken = await lintMessage(bad, config);
    assert.ok(
      broken.errors.some((p) => p.name === rule),
      `${JSON.stringify(bad)} breaks ${rule}: ${formatProblems(broken).join('; ')}`,
    );
    const fixed = await lintMessage(good, config);
    assert.ok(
      !fixed.errors.some((p) => p.name === rule),
      `${JSON.stringify(good)} keeps ${rule}: ${formatProblems(fixed).join('; ')}`,
    );
  });
}

test('a rule set to 0 (off) is not checked; level 1 only warns', async () => {
  const config = await resolveLintConfig(
    {
      extends: ['@commitlint/config-conventional'],
      rules: { 'subject-case': [0], 'type-enum': [1, 'always', ['feat']] },
    },
    process.cwd(),
    { trusted: false, label: 'test config' },
  );
  const report = await lintMessage('fix: Add X', config);
  assert.equal(report.valid, true);
  assert.deepEqual(names(report.warnings), ['type-enum']);
  assert.equal(report.warnings[0].level, 1);
});

test('breaking changes parse with the conventional-commits parser: feat!: and feat(scope)!: have a type', async () => {
  const config = await defaultLintConfig();
  for (const message of [
    'feat!: drop node 16',
    'feat(api)!: rename the endpoint',
    'refactor!: remove v1\n\nBREAKING CHANGE: v1 is gone',
  ]) {
    const report = await lintMessage(message, config);
    assert.deepEqual(names(report.errors), [], message);
  }
  // Without the preset (commitlint's default angular parser), the same header has no type.
  const angular = await resolveLintConfig({ rules: { 'type-empty': [2, 'never'] } }, process.cwd(), {
    trusted: false,
    label: 'no preset',
  });
  assert.deepEqual(names((await lintMessage('feat!: drop node 16', angular)).errors), ['type-empty']);
});

test("default ignores, as commitlint's: merges, reverts, fixup!/squash!/amend!, release versions", async () => {
  const config = await defaultLintConfig();
  const ignored = [
    "Merge branch 'main' into feature",
    'Merge pull request #12 from acme/fix',
    "Merge remote-tracking branch 'origin/main'",
    "Merge tag 'v1.0.0'",
    'Revert "feat: add x"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.',
    'fixup! feat: add x',
    'squash! Fix THE thing.',
    'amend! feat: add x',
    '1.4.0',
    'chore(release): 2.0.0',
    'Automatic merge from release',
  ];
  for (const message of ignored)
    assert.deepEqual(await lintMessage(message, config), { valid: true, errors: [], warnings: [] }, message);
  const strict = await resolveLintConfig(
    { extends: ['@commitlint/config-conventional'], defaultIgnores: false },
    process.cwd(),
    { trusted: false, label: 'strict' },
  );
  assert.equal(
    (await lintMessage('fixup! feat: add x', strict)).valid,
    false,
    'defaultIgnores: false checks fixups too',
  );
});

test('comment lines of a message file are not checked when a comment character is given', async () => {
  const config = await defaultLintConfig();
  const file =
    "feat: add x\n\n# Please enter the commit message for your changes. Lines starting\n# with '#' will be ignored, and an empty message aborts the commit.\n#\n# On branch main\n";
  assert.deepEqual(await lintMessage(file, config, { commentChar: '#' }), { valid: true, errors: [], warnings: [] });
  const semicolon =
    'fix: y\n; Please enter the commit message for your changes. Lines starting with a very long comment that goes on and on past the limit\n';
  assert.equal((await lintMessage(semicolon, config, { commentChar: ';' })).valid, true);
});

test('a message with nothing in it (empty, blank, only comments, only a diff below the scissors) breaks what an empty header breaks', async () => {
  const config = await defaultLintConfig();
  const empty: [string, string | undefined][] = [
    ['', undefined],
    ['  \n\t\n\n', undefined],
    ['\r\n\r\n', undefined],
    ['# only a comment\n', '#'],
    ['\n; a comment\n;another\n', ';'],
    ['\n# ------------------------ >8 ------------------------\ndiff --git a/x b/x\n+feat: not the message\n', '#'],
  ];
  for (const [message, commentChar] of empty) {
    const report = await lintMessage(message, config, { commentChar });
    assert.equal(report.valid, false, JSON.stringify(message));
    assert.deepEqual(
      formatProblems(report),
      ['✖ subject may not be empty [subject-empty]', '✖ type may not be empty [type-empty]'],
      JSON.stringify(message),
    );
  }
  assert.deepEqual(names((await lintMessage('# a header, when no comment character is given\n', config)).errors), [
    'subject-empty',
    'type-empty',
  ]);
  assert.equal(
    (await lintMessage('feat: x\n# a comment\n', config, { commentChar: '#' })).valid,
    true,
    'comments beside a message are still just comments',
  );
});

test("an empty message under a repository's rules: levels, rules turned off, plugin rules and ignores count", async () => {
  const plugin = {
    rules: {
      'local/says-something': (parsed: { header: string | null }) =>
        [parsed.header !== '', 'say what the commit does'] as const,
    },
  };
  const raw = {
    rules: {
      'header-min-length': [2, 'always', 5],
      'subject-empty': [1, 'never'],
      'type-empty': [0],
      'body-empty': [2, 'never'],
      'local/says-something': [2, 'always'],
    },
    plugins: [plugin],
  };
  const config = await resolveLintConfig(raw, process.cwd(), { trusted: true, label: 'test config' });
  const report = await lintMessage('\n', config);
  assert.deepEqual(names(report.errors), ['body-empty', 'header-min-length', 'local/says-something']);
  assert.deepEqual(names(report.warnings), ['subject-empty']);
  assert.ok(formatProblems(report).includes('✖ say what the commit does [local/says-something]'));
  const ignoring = await resolveLintConfig(
    { ...raw, ignores: [(message: string) => message.trim() === ''] },
    process.cwd(),
    { trusted: true, label: 'test config' },
  );
  assert.deepEqual(
    await lintMessage('  ', ignoring),
    { valid: true, errors: [], warnings: [] },
    'a config that ignores empty messages is obeyed',
  );
});

test('terminal output: one line per broken rule, errors first, and a count', async () => {
  const report = await lintMessage('Feat: add x\nbody', await defaultLintConfig());
  const lines = formatProblems(report);
  assert.deepEqual(lines, [
    '✖ type must be lower-case [type-case]',
    '✖ type must be one of [build, chore, ci, docs, feat, fix, perf, refactor, revert, style, test] [type-enum]',
    '⚠ body must have leading blank line [body-leading-blank]',
  ]);
  assert.equal(countProblems(report), '2 errors, 1 warning');
});

test("the bundles' stand-in for conventional-changelog-angular has the package's parser options", () => {
  assert.deepEqual(standIn(), angularParserOpts());
});
