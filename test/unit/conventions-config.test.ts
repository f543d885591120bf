// Loading commit rules and Stackline's settings from a repository: every config form commitlint
// reads, the search order, trust (JavaScript is code), and a clear message for each kind of mistake.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadLintConfig, mergeConfig } from '../../src/core/conventions/commitlintConfig';
import type { LintConfig } from '../../src/core/conventions/lintConfig';
import { findCommitlintConfig } from '../../src/core/conventions/configFile';
import { ConventionsError } from '../../src/core/conventions/errors';
import { lintMessage } from '../../src/core/conventions/lint';
import { defaultSettings, loadSettings } from '../../src/core/conventions/settings';
import { removeTempDirs, tempDir } from '../helpers/repo';

after(removeTempDirs);

function folder(files: Record<string, string>): string {
  const dir = tempDir('stackline-conventions-');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** Rules that tell the forms apart: only `deploy` is a type, and subjects may be any case. */
const RULES = { 'type-enum': [2, 'always', ['deploy']], 'type-empty': [2, 'never'] };
const verdict = async (config: LintConfig) =>
  (await lintMessage('deploy: Ship It', config)).valid && !(await lintMessage('feat: x', config)).valid;

const FORMS: [string, string][] = [
  ['package.json', JSON.stringify({ name: 'x', commitlint: { rules: RULES } })],
  [
    'package.yaml',
    `name: x\ncommitlint:\n  rules:\n    type-enum: [2, always, [deploy]]\n    type-empty: [2, never]\n`,
  ],
  ['.commitlintrc', `rules:\n  type-enum: [2, always, [deploy]]\n  type-empty: [2, never]\n`],
  ['.commitlintrc.json', JSON.stringify({ rules: RULES })],
  ['.commitlintrc.yaml', `rules:\n  type-enum: [2, always, [deploy]]\n  type-empty: [2, never]\n`],
  ['.commitlintrc.yml', `rules:\n  type-enum: [2, always, [deploy]]\n  type-empty: [2, never]\n`],
  ['.commitlintrc.js', `module.exports = { rules: ${JSON.stringify(RULES)} };\n`],
  ['.commitlintrc.cjs', `module.exports = { rules: ${JSON.stringify(RULES)} };\n`],
  ['.commitlintrc.mjs', `export default { rules: ${JSON.stringify(RULES)} };\n`],
  ['commitlint.config.js', `module.exports = { rules: ${JSON.stringify(RULES)} };\n`],
  ['commitlint.config.cjs', `module.exports = { rules: ${JSON.stringify(RULES)} };\n`],
  ['commitlint.config.mjs', `export default { rules: ${JSON.stringify(RULES)} };\n`],
];

for (const [name, content] of FORMS) {
  test(`config form ${name}`, async () => {
    const dir = folder({ [name]: content });
    const code = /\.(c|m)?js$/.test(name);
    const config = await loadLintConfig(dir, { trusted: true });
    assert.equal(config.file?.path, join(dir, name));
    assert.equal(config.label, name.startsWith('package.') ? `${name}#commitlint` : name);
    assert.ok(await verdict(config), `${name} rules apply`);
    if (code) {
      await assert.rejects(loadLintConfig(dir, { trusted: false }), (error: ConventionsError) => {
        assert.equal(error.kind, 'untrusted');
        assert.match(
          error.message,
          new RegExp(
            `^${name.replace(/\./g, '\\.')} is code, and this workspace is not trusted, so Stackline does not run it\\. Trust the workspace`,
          ),
        );
        return true;
      });
    } else {
      assert.ok(
        await verdict(await loadLintConfig(dir, { trusted: false })),
        `${name} is data: read in an untrusted workspace too`,
      );
    }
  });
}

test("search order is commitlint's: package.json#commitlint first, .commitlintrc.* before commitlint.config.*", () => {
  const dir = folder({
    'commitlint.config.js': 'module.exports = {}',
    '.commitlintrc.yml': 'rules: {}',
    'package.json': '{"name":"x"}',
  });
  assert.equal(
    findCommitlintConfig(dir, dir)?.path,
    join(dir, '.commitlintrc.yml'),
    'package.json without "commitlint" does not count',
  );
  writeFileSync(join(dir, 'package.json'), '{"commitlint": {"rules": {}}}');
  assert.equal(findCommitlintConfig(dir, dir)?.path, join(dir, 'package.json'));
  const empty = folder({ '.commitlintrc.json': '  \n', 'commitlint.config.mjs': 'export default {}' });
  assert.equal(
    findCommitlintConfig(empty, empty)?.path,
    join(empty, 'commitlint.config.mjs'),
    'an empty file is skipped, as commitlint does',
  );
});

test('the search starts in the given folder and stops at the repository root', () => {
  const root = folder({ '.commitlintrc.json': '{}', 'packages/web/src/x.ts': '' });
  assert.equal(findCommitlintConfig(join(root, 'packages/web/src'), root)?.path, join(root, '.commitlintrc.json'));
  writeFileSync(join(root, 'packages/web/.commitlintrc.json'), '{}');
  assert.equal(
    findCommitlintConfig(join(root, 'packages/web/src'), root)?.path,
    join(root, 'packages/web/.commitlintrc.json'),
  );
  const repo = join(root, 'packages/app');
  mkdirSync(repo, { recursive: true });
  assert.equal(findCommitlintConfig(repo, repo), undefined, 'a config above the repository does not apply');
});

test('no config: the default rules of @commitlint/config-conventional', async () => {
  const config = await loadLintConfig(folder({ 'README.md': '' }), { trusted: false });
  assert.equal(config.file, undefined);
  assert.equal(config.label, 'the default rules (@commitlint/config-conventional)');
  assert.equal((await lintMessage('feat(api)!: ship', config)).valid, true);
  assert.equal((await lintMessage('Ship it', config)).valid, false);
});

test('extends: config-conventional works untrusted; later configs override earlier ones; arrays are replaced', async () => {
  const dir = folder({
    'base.json': JSON.stringify({
      rules: { 'subject-max-length': [2, 'always', 20], 'type-enum': [2, 'always', ['feat', 'fix', 'ops']] },
    }),
    '.commitlintrc.json': JSON.stringify({
      extends: ['@commitlint/config-conventional', './base.json'],
      rules: { 'subject-case': [0] },
    }),
  });
  const config = await loadLintConfig(dir, { trusted: false });
  assert.deepEqual(config.rules['type-enum'], [2, 'always', ['feat', 'fix', 'ops']]);
  assert.deepEqual(config.rules['subject-case'], [0]);
  assert.deepEqual(config.rules['header-max-length'], [2, 'always', 100], 'from config-conventional');
  assert.equal(
    (await lintMessage('ops!: Rotate Keys', config)).valid,
    true,
    'the conventional-commits parser came with config-conventional',
  );
  assert.deepEqual(
    (await lintMessage('feat: a subject longer than twenty', config)).errors.map((e) => e.name),
    ['subject-max-length'],
  );
});

test('a JavaScript config: rules as functions, ignores, a local plugin and a parser preset object', async () => {
  const dir = folder({
    'commitlint.config.mjs': `export default {
  extends: ['@commitlint/config-conventional'],
  rules: {
    'scope-enum': async () => [2, 'always', ['api', 'web']],
    'ticket-footer': [2, 'always'],
  },
  ignores: [(message) => message.startsWith('WIP')],
  plugins: [{ rules: { 'ticket-footer': (parsed) => [/JIRA-\\d+/.test(parsed.raw ?? ''), 'the message must name a JIRA ticket'] } }],
};
`,
  });
  const config = await loadLintConfig(dir, { trusted: true });
  assert.deepEqual(config.rules['scope-enum'], [2, 'always', ['api', 'web']]);
  assert.deepEqual((await lintMessage('feat(db): add x', config)).errors.map((e) => e.name).sort(), [
    'scope-enum',
    'ticket-footer',
  ]);
  assert.equal((await lintMessage('feat(api): add x\n\nJIRA-12', config)).valid, true);
  assert.equal((await lintMessage('WIP anything', config)).valid, true, 'ignored by the config');

  const preset = folder({
    '.commitlintrc.cjs': `module.exports = { parserPreset: { parserOpts: { headerPattern: /^\\[(\\w+)\\] (.*)$/, headerCorrespondence: ['type', 'subject'] } }, rules: { 'type-enum': [2, 'always', ['FEAT']] } };\n`,
  });
  const custom = await loadLintConfig(preset, { trusted: true });
  assert.equal((await lintMessage('[FEAT] add x', custom)).valid, true);
  assert.equal((await lintMessage('[CHORE] add x', custom)).valid, false);
});

test("trusted: shareable configs, presets and plugins from node_modules, by commitlint's short names", async () => {
  const dir = folder({
    'node_modules/commitlint-config-acme/package.json':
      '{"name":"commitlint-config-acme","version":"1.0.0","main":"index.js"}',
    'node_modules/commitlint-config-acme/index.js':
      "module.exports = { extends: ['@commitlint/config-conventional'], parserPreset: 'conventional-changelog-acme', rules: { 'type-enum': [2, 'always', ['ship', 'mend']], 'acme-ticket': [2, 'always'] }, plugins: ['acme'] };\n",
    'node_modules/conventional-changelog-acme/package.json':
      '{"name":"conventional-changelog-acme","version":"1.0.0","main":"index.js"}',
    // A preset factory, as conventional-changelog presets export them.
    'node_modules/conventional-changelog-acme/index.js':
      "module.exports = async () => ({ parserOpts: { headerPattern: /^(\\w+) - (.*)$/, headerCorrespondence: ['type', 'subject'] } });\n",
    'node_modules/commitlint-plugin-acme/package.json':
      '{"name":"commitlint-plugin-acme","version":"1.0.0","main":"index.js"}',
    'node_modules/commitlint-plugin-acme/index.js':
      "module.exports = { rules: { 'acme-ticket': (parsed) => [/ACME-\\d+/.test(parsed.raw || ''), 'name an ACME ticket'] } };\n",
    '.commitlintrc.yml': 'extends: [acme]\n',
  });
  const config = await loadLintConfig(dir, { trusted: true });
  assert.deepEqual(
    await lintMessage('ship - add x ACME-1', config),
    { valid: true, errors: [], warnings: [] },
    'the preset from node_modules parsed the header',
  );
  assert.deepEqual((await lintMessage('feat: add x', config)).errors.map((e) => e.name).sort(), [
    'acme-ticket',
    'subject-empty',
    'type-empty',
  ]);
  assert.deepEqual(
    (await lintMessage('mend - add x', config)).errors.map((e) => e.name),
    ['acme-ticket'],
  );
});

test('untrusted: extending a package from the repository, or using a plugin or preset, is refused with a message', async () => {
  const cases: [Record<string, string>, RegExp][] = [
    [
      { '.commitlintrc.json': JSON.stringify({ extends: ['@acme/commitlint-config'] }) },
      /^\.commitlintrc\.json extends @acme\/commitlint-config, which is code from the repository, and this workspace is not trusted/,
    ],
    [
      { '.commitlintrc.json': JSON.stringify({ extends: ['./base.js'] }), 'base.js': 'module.exports = {}' },
      /extends \.\/base\.js, which is code/,
    ],
    [
      { '.commitlintrc.yml': 'plugins: [commitlint-plugin-x]\nrules: {}\n' },
      /uses the commitlint plugin commitlint-plugin-x, which is code/,
    ],
    [
      {
        '.commitlintrc.json': JSON.stringify({
          parserPreset: 'conventional-changelog-atom',
          rules: { 'type-empty': [2, 'never'] },
        }),
      },
      /uses the parser preset conventional-changelog-atom, which is code/,
    ],
  ];
  for (const [files, message] of cases) {
    await assert.rejects(
      loadLintConfig(folder(files), { trusted: false }),
      (error: ConventionsError) => error.kind === 'untrusted' && message.test(error.message),
    );
  }
});

test('malformed configs: the message names the file and the problem', async () => {
  const cases: [Record<string, string>, RegExp][] = [
    [
      { '.commitlintrc.json': '{\n  "extends": ["@commitlint/config-conventional"],\n}\n' },
      /^\.commitlintrc\.json is not valid JSON: .* at line 3, column 1\. Fix the file\.$/,
    ],
    [
      { '.commitlintrc.yml': 'rules:\n  type-enum: [2, always\n' },
      /^\.commitlintrc\.yml is not valid YAML: .* at line \d+, column \d+\. Fix the file\.$/,
    ],
    [
      { '.commitlintrc.json': '["@commitlint/config-conventional"]' },
      /^\.commitlintrc\.json must hold an object of commitlint settings .*not a list\.$/,
    ],
    [
      { 'package.json': '{"commitlint": "@commitlint/config-conventional"}' },
      /^package\.json#commitlint must hold an object/,
    ],
    [
      { '.commitlintrc.json': '{"rules": ["type-enum"]}' },
      /^\.commitlintrc\.json: "rules" must be an object of rule settings, not a list\. Fix the config\.$/,
    ],
    [
      {
        '.commitlintrc.json':
          '{"extends": ["@commitlint/config-conventional"], "rules": {"type-enmu": [2, "always", ["feat"]]}}',
      },
      /^\.commitlintrc\.json: Found rules without implementation: type-enmu\. Fix the config\.$/,
    ],
    [
      { '.commitlintrc.json': '{"rules": {"type-enum": [2, "sometimes", ["feat"]]}}' },
      /^\.commitlintrc\.json: condition for rule type-enum must be "always" or "never", received 'sometimes'\. Fix the config\.$/,
    ],
    [
      { '.commitlintrc.json': '{"rules": {}}' },
      /^\.commitlintrc\.json has no rules\. Add rules, or extend @commitlint\/config-conventional\.$/,
    ],
    [
      { '.commitlintrc.json': '{"extends": ["./missing.json"]}' },
      /^\.commitlintrc\.json: "extends" names \.\/missing\.json, which was not found\. Fix the config\.$/,
    ],
    [
      { 'commitlint.config.ts': 'export default {}' },
      /^commitlint\.config\.ts: TypeScript commitlint configs are not supported by Stackline\. Rename it to commitlint\.config\.mjs/,
    ],
    [
      { 'commitlint.config.mjs': 'export default { rules: { oops' },
      /^commitlint\.config\.mjs failed to load: .*\. Fix the file\.$/,
    ],
  ];
  for (const [files, message] of cases) {
    await assert.rejects(loadLintConfig(folder(files), { trusted: true }), (error: ConventionsError) => {
      assert.equal(error.kind, 'config');
      assert.match(error.message, message);
      return true;
    });
  }
});

test('mergeConfig: objects merge deeply, arrays are replaced, plugins add up, RegExps are kept', () => {
  const pattern = /x/;
  const merged = mergeConfig(
    { rules: { a: [2, 'always', [1, 2]], b: [1] }, plugins: ['p'] },
    { rules: { a: [0] }, plugins: ['q'], parserPreset: { parserOpts: { headerPattern: pattern } } },
  );
  assert.deepEqual(merged.rules, { a: [0], b: [1] });
  assert.deepEqual(merged.plugins, ['p', 'q']);
  assert.equal((merged.parserPreset as { parserOpts: { headerPattern: RegExp } }).parserOpts.headerPattern, pattern);
});

test('Stackline settings: defaults, .stackline.json, package.json#stackline', () => {
  assert.deepEqual(loadSettings(folder({ 'README.md': '' })), defaultSettings());
  const fromFile = loadSettings(
    folder({
      '.stackline.json': JSON.stringify({
        conventions: { size: { maxStackCommits: 5, exclude: ['package-lock.json'] }, hooks: { prePush: 'block' } },
        otherArea: {},
      }),
    }),
  );
  assert.equal(fromFile.source, '.stackline.json');
  assert.deepEqual(fromFile.size, { maxStackCommits: 5, maxCommitLines: 400, exclude: ['package-lock.json'] });
  assert.deepEqual(fromFile.hooks, { commitMsg: true, prePush: 'block' });
  const fromPackage = loadSettings(
    folder({
      'package.json': JSON.stringify({
        stackline: { conventions: { size: { maxCommitLines: 0 }, hooks: { commitMsg: false } } },
      }),
    }),
  );
  assert.equal(fromPackage.source, 'package.json#stackline');
  assert.equal(fromPackage.size.maxCommitLines, 0);
  assert.equal(fromPackage.hooks.commitMsg, false);
});

test('Stackline settings: mistakes are named with the file and the setting', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [
      { '.stackline.json': '{"conventions": {"size": {"maxStackCommits": "8"}}}' },
      /^\.stackline\.json: "conventions\.size\.maxStackCommits" must be a whole number \(0 for no limit\), not the text "8"\. Fix the file\.$/,
    ],
    [
      { '.stackline.json': '{"conventions": {"hooks": {"prePush": "always"}}}' },
      /^\.stackline\.json: "conventions\.hooks\.prePush" must be "off", "warn" or "block", not the text "always"\./,
    ],
    [
      { '.stackline.json': '{"conventions": {"sizes": {}}}' },
      /^\.stackline\.json: "conventions\.sizes" is not a setting \(known: size, hooks\)\./,
    ],
    [
      { '.stackline.json': '{"conventions": {"size": {"maxCommitLines": -1}}}' },
      /"conventions\.size\.maxCommitLines" must be a whole number/,
    ],
    [{ '.stackline.json': '{"conventions": ' }, /^\.stackline\.json is not valid JSON: .*\. Fix the file\.$/],
    [{ 'package.json': '{"stackline": true}' }, /^package\.json: "stackline" must be an object, not a boolean\./],
  ];
  for (const [files, message] of cases) {
    assert.throws(
      () => loadSettings(folder(files)),
      (error: ConventionsError) => error.kind === 'config' && message.test(error.message),
    );
  }
});
