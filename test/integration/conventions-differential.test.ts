// Differential test: the real commitlint CLI (node_modules/.bin/commitlint) and Stackline check the
// same messages with the same config and must agree on pass/fail and on the names of the broken rules.
//
// Messages: a checked-in corpus of conventional-commit messages (test/fixtures/conventions/corpus.txt)
// plus messages generated with fast-check (fixed seed). Spawning the CLI costs about a second, so
// most messages go through it in one run: they are committed to a repository and the CLI checks the
// range (`commitlint --from --to`, its own code path for reading, loading and linting), reporting
// through a JSON formatter. Its results come in the order it read the messages; Stackline lints the
// same texts, read with the CLI's own reader (@commitlint/read; the `input` the CLI reports is
// rebuilt from the parsed message, not the text it linted). A bounded
// sample also goes through both command lines one message at a time: stdin (`commitlint` vs
// `stackline lint -`) and message files with comments (`commitlint --edit F` vs `stackline lint --file F`).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { loadLintConfig } from '../../src/core/conventions/commitlintConfig';
import { lintMessage } from '../../src/core/conventions/lint';
import { makeRepo, removeTempDirs, type TestRepo } from '../helpers/repo';

const ROOT = join(__dirname, '..', '..');
const COMMITLINT = join(ROOT, 'node_modules', '.bin', 'commitlint');
const FORMATTER = join(ROOT, 'test', 'fixtures', 'conventions', 'json-formatter.mjs');
const CLI = join(ROOT, 'dist', 'cli.js');
const SEED = 20_251_122;
const GENERATED = 150;

after(removeTempDirs);

interface Outcome {
  valid: boolean;
  errors: string[];
  warnings: string[];
}

/** The config files compared; each replaces the previous one in the same repository. */
const CONFIGS: { name: string; file: string; content: string }[] = [
  {
    name: 'extends config-conventional',
    file: '.commitlintrc.json',
    content: JSON.stringify({ extends: ['@commitlint/config-conventional'] }),
  },
  {
    name: 'YAML overrides',
    file: '.commitlintrc.yml',
    content: [
      'extends: ["@commitlint/config-conventional"]',
      'rules:',
      '  type-enum: [2, always, [feat, fix, docs, chore, ops]]',
      '  scope-enum: [1, always, [api, web, ui, deps]]',
      '  subject-case: [0]',
      '  header-max-length: [2, always, 72]',
      '  body-max-line-length: [1, always, 72]',
      '  references-empty: [1, never]',
      '',
    ].join('\n'),
  },
  {
    name: 'JavaScript with a function rule, ignores and a local plugin',
    file: 'commitlint.config.mjs',
    content: `export default {
  extends: ['@commitlint/config-conventional'],
  ignores: [(message) => message.startsWith('WIP')],
  plugins: [{ rules: { 'no-todo': (parsed) => [!/TODO/i.test(parsed.raw ?? ''), 'no TODO in messages'] } }],
  rules: { 'no-todo': [2, 'always'], 'scope-case': async () => [2, 'always', 'kebab-case'], 'subject-max-length': [2, 'always', 50] },
};
`,
  },
  {
    name: 'package.json#commitlint without a parser preset (commitlint falls back to the angular parser)',
    file: 'package.json',
    content: JSON.stringify({
      name: 'differential',
      commitlint: {
        rules: {
          'type-empty': [2, 'never'],
          'type-enum': [2, 'always', ['feat', 'fix']],
          'subject-empty': [2, 'never'],
        },
      },
    }),
  },
  {
    name: 'CommonJS with its own parser preset',
    file: '.commitlintrc.cjs',
    content: `module.exports = {
  parserPreset: { parserOpts: { headerPattern: /^(\\w+)(?:\\[(.*)\\])?: (.*)$/, headerCorrespondence: ['type', 'scope', 'subject'] } },
  rules: { 'type-enum': [2, 'always', ['feat', 'fix']], 'scope-empty': [1, 'never'], 'subject-full-stop': [2, 'never', '.'] },
};
`,
  },
];

function corpus(): string[] {
  const text = readFileSync(join(ROOT, 'test', 'fixtures', 'conventions', 'corpus.txt'), 'utf8');
  return text
    .split(/^=====\n/m)
    .slice(1)
    .map((m) => m.replace(/\n$/, ''));
}

const word = fc.constantFrom(
  'add',
  'fix',
  'Update',
  'remove',
  'API',
  'cache',
  'the',
  'login',
  'flow',
  'README',
  'v2',
  'TODO',
  'x',
  'é',
  '🚀',
  'parser.',
  'JIRA-12',
  '#42',
);
const message = fc
  .record({
    type: fc.constantFrom(
      'feat',
      'fix',
      'docs',
      'chore',
      'ops',
      'refactor',
      'test',
      'ci',
      'Feat',
      'FIX',
      'feature',
      'wip',
      '',
    ),
    scope: fc.option(
      fc.constantFrom('api', 'ui', 'web/checkout', 'deps-dev', 'core,cli', 'Auth', 'a b', '', 'fooBar'),
      { nil: undefined },
    ),
    bracketScope: fc.boolean(),
    bang: fc.boolean(),
    separator: fc.constantFrom(': ', ': ', ':', ' : ', ':  '),
    subject: fc.array(word, { maxLength: 14 }).map((words) => words.join(' ')),
    stop: fc.constantFrom('', '', '.', '!'),
    blank: fc.boolean(),
    body: fc.option(
      fc.array(
        fc.array(word, { minLength: 1, maxLength: 24 }).map((w) => w.join(' ')),
        { minLength: 1, maxLength: 3 },
      ),
      { nil: undefined },
    ),
    footer: fc.option(
      fc.constantFrom(
        'BREAKING CHANGE: the config format changed',
        'Refs: #12',
        'Closes #3',
        'Signed-off-by: Ada <ada@example.com>',
        'BREAKING-CHANGE: x',
        'TODO: later',
      ),
      { nil: undefined },
    ),
  })
  .map((m) => {
    const scope = m.scope === undefined ? '' : m.bracketScope ? `[${m.scope}]` : `(${m.scope})`;
    const header = `${m.type}${scope}${m.bang ? '!' : ''}${m.type || scope ? m.separator : ''}${m.subject}${m.stop}`;
    const parts = [header, ...(m.body ? [m.body.join('\n')] : []), ...(m.footer ? [m.footer] : [])];
    return parts.join(m.blank ? '\n\n' : '\n');
  })
  .filter((m) => m.trim() !== '');

let repo: TestRepo;
let base: string;
let messages: string[];

before(() => {
  repo = makeRepo();
  // commitlint resolves `extends` from the config's folder, as a real project's node_modules would.
  symlinkSync(join(ROOT, 'node_modules'), join(repo.dir, 'node_modules'));
  writeFileSync(join(repo.dir, '.git', 'info', 'exclude'), 'node_modules\n');
  base = repo.commit('chore: start');
  messages = [...corpus(), ...fc.sample(message, { numRuns: GENERATED, seed: SEED })];
  const file = join(repo.dir, '.git', 'message.txt');
  for (const text of messages) {
    writeFileSync(file, text);
    repo.git('commit', '-q', '--allow-empty', '--cleanup=verbatim', '-F', file);
  }
});

function useConfig(config: (typeof CONFIGS)[number]): void {
  for (const other of CONFIGS) rmSync(join(repo.dir, other.file), { force: true });
  writeFileSync(join(repo.dir, config.file), config.content);
}

function commitlint(
  args: string[],
  input?: string,
): { status: number | null; results: ({ input: string } & Outcome)[]; stderr: string } {
  const run = spawnSync(COMMITLINT, [...args, '--format', FORMATTER], {
    cwd: repo.dir,
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const json = run.stdout.trim().split('\n').pop() ?? '';
  assert.ok(
    json.startsWith('['),
    `commitlint ${args.join(' ')} printed no results (exit ${run.status}):\n${run.stdout}\n${run.stderr}`,
  );
  const results = (
    JSON.parse(json) as { input: string; valid: boolean; errors: { name: string }[]; warnings: { name: string }[] }[]
  ).map((r) => ({
    input: r.input,
    valid: r.valid,
    errors: r.errors.map((e) => e.name).sort(),
    warnings: r.warnings.map((w) => w.name).sort(),
  }));
  return { status: run.status, results, stderr: run.stderr };
}

async function stackline(config: Awaited<ReturnType<typeof loadLintConfig>>, text: string): Promise<Outcome> {
  const report = await lintMessage(text, config);
  return {
    valid: report.valid,
    errors: report.errors.map((e) => e.name).sort(),
    warnings: report.warnings.map((w) => w.name).sort(),
  };
}

for (const config of CONFIGS) {
  test(`same verdicts as the commitlint CLI: ${config.name} (${config.file})`, async () => {
    useConfig(config);
    const cli = commitlint(['--from', base, '--to', 'HEAD']);
    const read = (await import('@commitlint/read')).default;
    const texts = await read({ from: base, to: 'HEAD', cwd: repo.dir });
    assert.equal(cli.results.length, messages.length, 'the CLI checked every commit');
    assert.equal(texts.length, messages.length);
    const ours = await loadLintConfig(repo.dir, { trusted: true });
    const mismatches: string[] = [];
    let failing = 0;
    for (const [i, result] of cli.results.entries()) {
      const mine = await stackline(ours, texts[i]);
      if (!result.valid) failing++;
      const theirs: Outcome = { valid: result.valid, errors: result.errors, warnings: result.warnings };
      if (JSON.stringify(mine) !== JSON.stringify(theirs)) {
        mismatches.push(
          `${JSON.stringify(texts[i])}\n  commitlint: ${JSON.stringify(theirs)}\n  stackline:  ${JSON.stringify(mine)}`,
        );
      }
    }
    assert.deepEqual(
      mismatches,
      [],
      `${mismatches.length} of ${cli.results.length} messages differ (fast-check seed ${SEED})`,
    );
    // The comparison means something only if both kinds of verdict occur.
    assert.ok(
      failing > 10 && failing < cli.results.length - 10,
      `${failing} of ${cli.results.length} fail under ${config.name}`,
    );
  });
}

const rules = (text: string) => [...text.matchAll(/\[([a-z][a-z-]*)\]$/gm)].map((m) => m[1]).sort();

test('one message at a time: commitlint on stdin vs stackline lint -', () => {
  useConfig(CONFIGS[1]);
  const sample = [
    'feat(api): add x',
    'Feat: Add x.',
    'ops!: rotate keys',
    'fix(db): y\nbody',
    'Merge branch main',
    'chore: ' + 'a'.repeat(80),
  ];
  for (const text of sample) {
    const cli = commitlint([], text);
    const ours = spawnSync(process.execPath, [CLI, 'lint', '-'], { cwd: repo.dir, input: text, encoding: 'utf8' });
    const [theirs] = cli.results;
    assert.equal(
      ours.status === 0,
      theirs.valid,
      `${JSON.stringify(text)}: exit ${ours.status}\n${ours.stdout}${ours.stderr}`,
    );
    assert.equal(cli.status === 0, theirs.valid);
    assert.deepEqual(rules(ours.stdout), [...theirs.errors, ...theirs.warnings].sort(), JSON.stringify(text));
  }
});

test('message files with comments: commitlint --edit F vs stackline lint --file F', () => {
  useConfig(CONFIGS[0]);
  const comments =
    "\n# Please enter the commit message for your changes. Lines starting\n# with '#' will be ignored, and an empty message aborts the commit.\n#\n# On branch main\n# Changes to be committed:\n#\tmodified:   a-file-with-a-rather-long-name-that-goes-past-the-hundred-character-limit-of-the-body.ts\n";
  for (const text of ['feat(api): add x', 'Fix: Broken.', 'docs: y\n\nwhy this changes']) {
    const file = join(repo.dir, '.git', 'COMMIT_EDITMSG');
    writeFileSync(file, text + '\n' + comments);
    const [theirs] = commitlint(['--edit', file]).results;
    const ours = spawnSync(process.execPath, [CLI, 'lint', '--file', file], { cwd: repo.dir, encoding: 'utf8' });
    assert.equal(ours.status === 0, theirs.valid, `${JSON.stringify(text)}: ${ours.stdout}${ours.stderr}`);
    assert.deepEqual(rules(ours.stdout), [...theirs.errors, ...theirs.warnings].sort(), JSON.stringify(text));
  }
});
