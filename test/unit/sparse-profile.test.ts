// Sparse profiles: the Sapling-format parser, %include chains, globs and the compiler to git rules.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { compileProfiles, type PathTypes, type Skeleton } from '../../src/core/sparse/compile';
import { ProfileError } from '../../src/core/sparse/errors';
import { expandBraces, globToRegexSource } from '../../src/core/sparse/glob';
import { loadProfile } from '../../src/core/sparse/load';
import { parseProfile } from '../../src/core/sparse/parse';
import { parsePnpmPackages } from '../../src/core/sparse/workspace';

const WEB = `# The web app and what it needs
; semicolons start comments too
%include .sparse/base.sparse
[metadata]
title = Web app
description = The web front end
  and the packages it needs
hidden = false
always = tools/lint, tools/ci

[include]
apps/web
  glob:packages/*/src/**/*.{ts,tsx}
path:docs/web [draft]
[exclude]
apps/web/fixtures
`;

test('parses metadata with continuation lines, comments, %include and both sections', () => {
  const file = parseProfile(WEB, '.sparse/web.sparse');
  assert.equal(file.metadata.title, 'Web app');
  assert.equal(file.metadata.description, 'The web front end\nand the packages it needs');
  assert.deepEqual(file.includes, [{ path: '.sparse/base.sparse', line: 3 }]);
  assert.deepEqual(
    file.include.map((r) => [r.kind, r.pattern, r.line]),
    [
      ['glob', 'apps/web', 12],
      ['glob', 'packages/*/src/**/*.{ts,tsx}', 13],
      ['path', 'docs/web [draft]', 14],
    ],
  );
  assert.deepEqual(
    file.exclude.map((r) => r.pattern),
    ['apps/web/fixtures'],
  );
  assert.deepEqual(
    file.always.map((r) => r.pattern),
    ['tools/lint', 'tools/ci'],
  );
});

test('normalizes rule paths: ./, leading and trailing slashes, . for the root', () => {
  const file = parseProfile('[include]\n./apps/web/\n/libs//core\n.\n', 'p');
  assert.deepEqual(
    file.include.map((r) => r.pattern),
    ['apps/web', 'libs/core', ''],
  );
});

test('errors name the file and line, and say what to do', () => {
  const cases: [string, number, RegExp][] = [
    ['apps/web\n', 1, /outside any section; put rules under \[include\] or \[exclude\]/],
    ['[include]\nok\n[includes]\n', 3, /unknown section \[includes\]; use \[metadata\], \[include\] or \[exclude\]/],
    ['[include]\nre:.*\\.py\n', 2, /'re:' rules are not supported; use glob: or path:/],
    ['[include]\n../outside\n', 2, /leaves the repository/],
    ['[include]\napps/{web,api\n', 2, /bad glob .*'\{' without a matching '\}'/],
    ['[include]\napps/web**\n', 2, /'\*\*' must be a whole path segment/],
    ['[metadata]\ntitle\n', 2, /not a metadata entry; write key = value/],
    ['[metadata]\nhidden = maybe\n', 2, /'maybe' is not true or false/],
    ['%exclude x\n', 1, /unknown directive %exclude/],
    ['%include\n', 1, /%include needs a profile path/],
  ];
  for (const [text, line, message] of cases) {
    assert.throws(
      () => parseProfile(text, '.sparse/bad.sparse'),
      (error: unknown) =>
        error instanceof ProfileError &&
        error.file === '.sparse/bad.sparse' &&
        error.line === line &&
        message.test(error.message) &&
        error.message.startsWith(`.sparse/bad.sparse:${line}: `),
      text,
    );
  }
});

const files = (map: Record<string, string>) => async (path: string) => map[path];

test('%include chains are followed, rules pooled, metadata from the top file only', async () => {
  const profile = await loadProfile(
    'a.sparse',
    files({
      'a.sparse': '%include b.sparse\n[metadata]\ntitle = A\n[include]\napps/a\n',
      'b.sparse':
        '%include c.sparse\n[metadata]\ntitle = B\nhidden = true\n[include]\nlibs/b\n[exclude]\nlibs/b/test\n',
      'c.sparse': '[include]\nlibs/c\n',
    }),
  );
  assert.equal(profile.title, 'A');
  assert.equal(profile.hidden, false);
  assert.deepEqual(profile.files, ['a.sparse', 'b.sparse', 'c.sparse']);
  assert.deepEqual(
    profile.include.map((r) => r.pattern),
    ['apps/a', 'libs/b', 'libs/c'],
  );
  assert.deepEqual(
    profile.exclude.map((r) => `${r.file}:${r.line} ${r.pattern}`),
    ['b.sparse:8 libs/b/test'],
  );
  assert.deepEqual(profile.warnings, []);
});

test('an include cycle is an error naming the file, line and cycle; a diamond is not', async () => {
  await assert.rejects(
    loadProfile('a', files({ a: '%include b\n', b: '[include]\nx\n%include c\n', c: '%include a\n' })),
    (error: unknown) =>
      error instanceof ProfileError &&
      error.file === 'c' &&
      error.line === 1 &&
      /%include cycle: a → b → c → a/.test(error.message),
  );
  await assert.rejects(
    loadProfile('self', files({ self: '[include]\nx\n%include self\n' })),
    /self:3: %include cycle: self → self/,
  );
  const diamond = await loadProfile(
    'top',
    files({ top: '%include l\n%include r\n', l: '%include base\n', r: '%include base\n', base: '[include]\nshared\n' }),
  );
  assert.deepEqual(
    diamond.include.map((r) => r.pattern),
    ['shared'],
  );
});

test('a missing %include is a warning with file and line; a missing profile is an error', async () => {
  const profile = await loadProfile('a', files({ a: '[include]\nx\n%include gone.sparse\n' }));
  assert.deepEqual(profile.warnings, ['a:3: %include gone.sparse: no such file; skipped.']);
  assert.deepEqual(
    profile.include.map((r) => r.pattern),
    ['x'],
  );
  await assert.rejects(loadProfile('nope', files({})), /There is no profile nope\. Pick one of the profiles\./);
});

test('globs: * and ? stay in a segment, ** spans folders, braces and classes', () => {
  const matches = (glob: string, path: string) =>
    new RegExp(`^(?:${expandBraces(glob).map(globToRegexSource).join('|')})$`).test(path);
  assert.ok(matches('src/*.ts', 'src/a.ts'));
  assert.ok(!matches('src/*.ts', 'src/x/a.ts'));
  assert.ok(matches('src/**/*.ts', 'src/a.ts'));
  assert.ok(matches('src/**/*.ts', 'src/x/y/a.ts'));
  assert.ok(matches('**/test', 'test'));
  assert.ok(matches('**/test', 'a/b/test'));
  assert.ok(matches('src/**', 'src/a/b'));
  assert.ok(matches('file?.txt', 'file1.txt') && !matches('file?.txt', 'file/.txt'));
  assert.ok(matches('[ab]x', 'bx') && !matches('[!ab]x', 'ax') && matches('[!ab]x', 'cx'));
  assert.ok(matches('{apps,libs}/{web,api}', 'libs/api') && !matches('{apps,libs}/{web,api}', 'libs/ui'));
  assert.ok(matches('a.b+c(d)', 'a.b+c(d)') && !matches('a.b', 'axb'));
  assert.deepEqual(expandBraces('x/{a,b{1,2}}/y'), ['x/a/y', 'x/b1/y', 'x/b2/y']);
});

test('brace expansion gives the same matches as treating braces as alternation', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('a', 'b', 'ab'), { minLength: 1, maxLength: 3 }),
      fc.constantFrom('a', 'b', 'ab', 'c'),
      (alternatives, path) => {
        const glob = `{${alternatives.join(',')}}`;
        const expanded = expandBraces(glob).some((g) => new RegExp(`^${globToRegexSource(g)}$`).test(path));
        assert.equal(expanded, (alternatives as string[]).includes(path));
      },
    ),
  );
});

const tree = (dirs: string[], blobs: string[] = []): PathTypes => ({
  typeOf: (p) => (dirs.includes(p) ? 'tree' : blobs.includes(p) ? 'blob' : undefined),
});
const noSkeleton: Skeleton = { dirs: [], ifPresent: [], always: [] };

test('folders only compile to cone mode; hook folders join when they exist, the profile folder always', async () => {
  const profile = await loadProfile(
    'p',
    files({ p: '[include]\napps/web\nlibs\nlibs/ui\nREADME.md\nnot/there/yet\n' }),
  );
  const compiled = compileProfiles(
    [profile],
    { dirs: ['.sparse'], ifPresent: ['.husky', '.githooks'], always: [] },
    tree(['apps/web', 'libs', 'libs/ui', '.husky'], ['README.md']),
  );
  assert.equal(compiled.mode, 'cone');
  assert.deepEqual(compiled.rules, ['.husky', '.sparse', 'apps/web', 'libs', 'not/there/yet']);
  const m = compiled.matcher;
  assert.ok(m.matches('README.md'), 'top-level files');
  assert.ok(m.matches('apps/package.json'), 'files directly in a parent of a cone folder (git cone semantics)');
  assert.ok(m.matches('apps/web/src/index.ts') && m.matches('libs/x/y.ts') && m.matches('.husky/pre-commit'));
  assert.ok(!m.matches('apps/api/index.ts') && !m.matches('tools/x.sh'));
});

test('globs, deeper files and excludes compile to non-cone patterns where excludes win', async () => {
  const profile = await loadProfile(
    'p',
    files({ p: '[include]\napps/web\nglob:libs/*/src\n[exclude]\napps/web/fixtures\n**/*.snap\n' }),
  );
  const compiled = compileProfiles(
    [profile],
    { dirs: [], ifPresent: ['.husky'], always: [] },
    tree(['apps/web', '.husky']),
  );
  assert.equal(compiled.mode, 'non-cone');
  assert.deepEqual(compiled.rules, [
    '/apps/web',
    '/apps/web/**',
    '/libs/*/src',
    '/libs/*/src/**',
    '!/apps/web/fixtures',
    '!/apps/web/fixtures/**',
    '!/**/*.snap',
    '!/**/*.snap/**',
    '/*',
    '!/*/',
    '/.husky',
    '/.husky/**',
  ]);
  const m = compiled.matcher;
  assert.ok(
    m.matches('apps/web/src/a.ts') &&
      m.matches('libs/ui/src/b.ts') &&
      m.matches('README.md') &&
      m.matches('.husky/pre-commit'),
  );
  assert.ok(!m.matches('apps/web/fixtures/big.json'), 'exclude wins over a broader include');
  assert.ok(
    !m.matches('apps/web/src/__snapshots__/a.snap') && !m.matches('libs/ui/src/a.snap'),
    'glob excludes at any depth',
  );
  assert.ok(!m.matches('libs/ui/test/b.ts') && !m.matches('apps/api/a.ts'));

  const deepFile = compileProfiles(
    [await loadProfile('q', files({ q: '[include]\ntools/build.sh\n' }))],
    noSkeleton,
    tree(['tools'], ['tools/build.sh']),
  );
  assert.equal(deepFile.mode, 'non-cone', 'a file below the top level cannot be a cone');
  assert.ok(deepFile.matcher.matches('tools/build.sh') && !deepFile.matcher.matches('tools/other.sh'));
});

test('the skeleton wins over excludes; path: rules are literal', async () => {
  const profile = await loadProfile(
    'p',
    files({ p: '[metadata]\nalways = tools/lint\n[include]\n.\npath:weird/[x]*\n[exclude]\n**/*.md\ntools\n.husky\n' }),
  );
  const compiled = compileProfiles(
    [profile],
    { dirs: [], ifPresent: ['.husky'], always: [] },
    tree(['.husky', 'tools/lint', 'tools']),
  );
  assert.ok(compiled.rules.includes('/weird/\\[x]\\*'), compiled.rules.join(' '));
  const m = compiled.matcher;
  assert.ok(m.matches('README.md'), 'top-level files stay even when excluded');
  assert.ok(m.matches('.husky/commit-msg'), 'hook folders stay even when excluded');
  assert.ok(m.matches('tools/lint/run.sh') && !m.matches('tools/other/run.sh'), 'always = … wins over the exclude');
  assert.ok(!m.matches('docs/guide.md') && m.matches('docs/guide.txt'));
  const literal = compileProfiles(
    [await loadProfile('l', files({ l: '[include]\npath:weird/[x]*\n' }))],
    noSkeleton,
    tree([]),
  );
  assert.ok(
    literal.matcher.matches('weird/[x]*/a') && !literal.matcher.matches('weird/x/a'),
    'path: takes glob characters literally',
  );
});

test('several profiles pool their rules; an empty profile keeps only the skeleton', async () => {
  const a = await loadProfile('a', files({ a: '[include]\napps/a\n' }));
  const b = await loadProfile('b', files({ b: '[include]\napps/b\n' }));
  assert.deepEqual(compileProfiles([a, b], noSkeleton, tree(['apps/a', 'apps/b'])).rules, ['apps/a', 'apps/b']);
  const empty = compileProfiles(
    [await loadProfile('e', files({ e: '[metadata]\ntitle = nothing\n' }))],
    noSkeleton,
    tree([]),
  );
  assert.equal(empty.mode, 'cone');
  assert.deepEqual(empty.rules, []);
  assert.ok(empty.matcher.matches('README.md') && !empty.matcher.matches('apps/a/x'));
});

test('pnpm-workspace.yaml packages in block and flow style', () => {
  assert.deepEqual(
    parsePnpmPackages(
      "packages:\n  - 'apps/*'\n  - \"libs/**\" # all\n  - '!**/test/**'\nonlyBuiltDependencies:\n  - esbuild\n",
    ),
    ['apps/*', 'libs/**', '!**/test/**'],
  );
  assert.deepEqual(parsePnpmPackages("packages: ['apps/*', libs/*]\n"), ['apps/*', 'libs/*']);
  assert.deepEqual(parsePnpmPackages('catalog:\n  x: 1\n'), []);
});
