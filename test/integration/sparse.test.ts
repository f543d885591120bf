// Sparse profiles on real git: explain agrees with what git checks out (cone and non-cone),
// %include chains and cycles, safe switching, ignored-only folders, re-apply, partial clones.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, unlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { discoverRepository } from '../../src/core/git/repository';
import { GitRunner } from '../../src/core/git/runner';
import { SparseContext } from '../../src/core/sparse/context';
import { BlockedSwitchError } from '../../src/core/sparse/errors';
import { filesIn } from '../../src/core/sparse/explain';
import { explainProfiles } from '../../src/core/sparse/inspect';
import { switchProfiles } from '../../src/core/sparse/switch';
import { bundledCli, runCli } from '../helpers/cli';
import { makeRepo, removeTempDirs, repoAt, tempDir, type TestRepo } from '../helpers/repo';

after(removeTempDirs);

const PROFILES: Record<string, string> = {
  '.sparse/web.sparse':
    '# The web app\n[metadata]\ntitle = Web app\ndescription = The web front end\n  and its UI kit\n[include]\napps/web\npackages/ui\n',
  '.sparse/api.sparse': '[metadata]\ntitle = API\n[include]\napps/api\npackages/shared\n',
  '.sparse/docs.sparse': '[metadata]\ntitle = Docs only\nhidden = true\n[include]\ndocs\n',
  '.sparse/lean.sparse':
    '%include .sparse/web.sparse\n[metadata]\ntitle = Web without tests\n[exclude]\n**/*.test.ts\napps/web/fixtures\n',
  '.sparse/globs.sparse':
    '[include]\nglob:packages/*/src\napps/{api,web}/README.md\npath:tools/build.sh\n[exclude]\npackages/shared\n',
  '.sparse/chain.sparse': '%include .sparse/lean.sparse\n%include .sparse/api.sparse\n[metadata]\ntitle = Chain\n',
  '.sparse/broken.sparse': '[metadata]\ntitle = Broken\n[include]\napps/web\n%include .sparse/gone.sparse\n',
};

/** A small monorepo: two apps, three packages, docs, tools, hook and convention config. */
function monorepo(): TestRepo {
  const repo = makeRepo();
  repo.write({ '.gitignore': 'node_modules/\ndist/\n*.log\n' });
  repo.commit('chore: monorepo', {
    'README.md': '# mono\n',
    'package.json': '{"name":"mono","private":true}\n',
    'commitlint.config.js': 'module.exports = {};\n',
    '.husky/commit-msg': 'npx commitlint --edit "$1"\n',
    '.githooks/pre-push': '#!/bin/sh\n',
    'apps/package.json': '{}\n',
    'apps/web/index.ts': 'export const web = 1;\n',
    'apps/web/index.test.ts': 'test();\n',
    'apps/web/README.md': 'web\n',
    'apps/web/fixtures/big.json': `${'x'.repeat(5000)}\n`,
    'apps/api/server.ts': 'export const api = 1;\n',
    'apps/api/README.md': 'api\n',
    'packages/ui/src/button.ts': 'export const Button = 1;\n',
    'packages/ui/src/button.test.ts': 'test();\n',
    'packages/ui/package.json': '{"name":"ui"}\n',
    'packages/shared/src/util.ts': 'export const util = 1;\n',
    'packages/legacy/lib/old.js': 'old\n',
    'docs/guide.md': '# guide\n',
    'tools/build.sh': '#!/bin/sh\n',
    'tools/release.sh': '#!/bin/sh\n',
    'weird name/with space.txt': 'spaces\n',
    ...PROFILES,
  });
  return repo;
}

function cli(repo: TestRepo | string, ...args: string[]) {
  return runCli(typeof repo === 'string' ? repo : repo.dir, args);
}

function ok(repo: TestRepo | string, ...args: string[]): string {
  const result = cli(repo, ...args);
  assert.equal(result.code, 0, `stackline ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** Files git has in the working tree (not skip-worktree). */
function checkedOut(repo: TestRepo): string[] {
  return repo
    .git('ls-files', '-t', '-z')
    .split('\0')
    .filter((e) => e.startsWith('H '))
    .map((e) => e.slice(2))
    .sort();
}

function explainFiles(
  repo: TestRepo,
  profile: string,
): { paths: string[]; files: number; totalFiles: number; mode: string } {
  return JSON.parse(ok(repo, 'sparse', 'explain', profile, '--json', '--files'));
}

test('explain lists exactly what git checks out, in cone and non-cone mode', () => {
  const repo = monorepo();
  const expected: Record<string, string> = {
    web: 'cone',
    api: 'cone',
    lean: 'non-cone',
    globs: 'non-cone',
    chain: 'non-cone',
    docs: 'cone',
  };
  for (const [profile, mode] of Object.entries(expected)) {
    const predicted = explainFiles(repo, profile);
    assert.equal(predicted.mode, mode, profile);
    ok(repo, 'sparse', 'switch', profile);
    assert.deepEqual(checkedOut(repo), [...predicted.paths].sort(), `${profile}: explain agrees with git`);
    for (const path of predicted.paths) assert.ok(existsSync(join(repo.dir, path)), `${profile}: ${path} on disk`);
    assert.ok(!existsSync(join(repo.dir, 'tools/release.sh')), `${profile}: tools/release.sh is outside`);
  }
  ok(repo, 'sparse', 'off');
  assert.equal(checkedOut(repo).length, Number(repo.git('ls-files').split('\n').filter(Boolean).length));
});

test('excludes win over includes, the skeleton stays, top-level files stay', () => {
  const repo = monorepo();
  ok(repo, 'sparse', 'switch', 'lean');
  const files = checkedOut(repo);
  assert.ok(files.includes('apps/web/index.ts') && files.includes('packages/ui/src/button.ts'));
  assert.ok(
    !files.includes('apps/web/index.test.ts') && !files.includes('packages/ui/src/button.test.ts'),
    'glob exclude at any depth',
  );
  assert.ok(!files.includes('apps/web/fixtures/big.json'), 'folder exclude inside an included folder');
  for (const kept of [
    'README.md',
    'package.json',
    'commitlint.config.js',
    '.husky/commit-msg',
    '.githooks/pre-push',
    '.sparse/web.sparse',
    '.gitignore',
  ]) {
    assert.ok(files.includes(kept), `${kept} is in the skeleton`);
  }
  ok(repo, 'sparse', 'switch', 'globs');
  const globbed = checkedOut(repo);
  assert.ok(
    globbed.includes('packages/ui/src/button.ts') &&
      globbed.includes('apps/api/README.md') &&
      globbed.includes('apps/web/README.md') &&
      globbed.includes('tools/build.sh'),
  );
  assert.ok(!globbed.includes('packages/shared/src/util.ts'), 'excluded package');
  assert.ok(
    !globbed.includes('apps/web/index.ts') &&
      !globbed.includes('tools/release.sh') &&
      !globbed.includes('packages/legacy/lib/old.js'),
  );
});

test('%include chains, cycles (error with file and line) and missing includes (warning)', () => {
  const repo = monorepo();
  const shown = ok(repo, 'sparse', 'show', 'chain');
  assert.match(shown, /Includes: +\.sparse\/lean\.sparse, \.sparse\/web\.sparse, \.sparse\/api\.sparse/);
  assert.match(shown, /apps\/web +\(\.sparse\/web\.sparse:7\)/);
  assert.match(shown, /\*\*\/\*\.test\.ts +\(\.sparse\/lean\.sparse:5\)/);
  assert.match(shown, /Git rules \(non-cone mode: last match wins\):\n {2}\/apps\/web\n/);

  repo.commit('chore: cycle', {
    '.sparse/a.sparse': '%include .sparse/b.sparse\n',
    '.sparse/b.sparse': '[include]\ndocs\n\n%include .sparse/a.sparse\n',
  });
  const cycle = cli(repo, 'sparse', 'switch', 'a');
  assert.equal(cycle.code, 1);
  assert.equal(
    cycle.stderr.trim(),
    'stackline: .sparse/b.sparse:4: %include cycle: .sparse/a.sparse → .sparse/b.sparse → .sparse/a.sparse. Remove one of these includes.',
  );
  assert.ok(!existsSync(join(repo.dir, '.git/info/sparse-checkout')), 'nothing was applied');

  const broken = ok(repo, 'sparse', 'explain', 'broken');
  assert.match(broken, /warning: \.sparse\/broken\.sparse:5: %include \.sparse\/gone\.sparse: no such file; skipped\./);
  const switched = ok(repo, 'sparse', 'switch', 'broken');
  assert.match(switched, /Now on profile broken \(cone mode\)\.\nwarning: .*gone\.sparse/);
  const list = ok(repo, 'sparse', 'list', '--all');
  assert.match(list, /^\* broken/m, 'the active profile is marked');
});

test('list shows title, description, file count and share; hidden profiles need --all', () => {
  const repo = monorepo();
  const list = ok(repo, 'sparse', 'list');
  assert.match(
    list,
    /^ {2}web +Web app +\d+ files \(\d+(\.\d)?%\), [\d.]+ (bytes|KB)\n +The web front end and its UI kit$/m,
  );
  assert.doesNotMatch(list, /Docs only/);
  assert.match(ok(repo, 'sparse', 'list', '--all'), /docs +Docs only .*\(hidden\)/);
  const json = JSON.parse(ok(repo, 'sparse', 'list', '--json')) as {
    name: string;
    explanation: { files: number; totalFiles: number };
  }[];
  const web = json.find((p) => p.name === 'web')!;
  assert.equal(web.explanation.files, explainFiles(repo, 'web').files);
  assert.equal(web.explanation.totalFiles, repo.git('ls-files').trim().split('\n').length);
});

test('explain counts files, share and bytes from the tree without touching the working copy', () => {
  const repo = monorepo();
  ok(repo, 'sparse', 'switch', 'api');
  writeFileSync(join(repo.dir, 'apps/api/server.ts'), 'local edit\n');
  const fingerprint = () => {
    const index = createHash('sha1')
      .update(readFileSync(join(repo.dir, '.git/index')))
      .digest('hex');
    const rules = readFileSync(join(repo.dir, '.git/info/sparse-checkout'), 'utf8');
    return JSON.stringify([
      index,
      rules,
      repo.git('--no-optional-locks', 'status', '--porcelain'),
      statSync(join(repo.dir, '.git/index')).mtimeMs,
      checkedOut(repo),
    ]);
  };
  const before = fingerprint();
  const text = ok(repo, 'sparse', 'explain', 'web');
  assert.equal(fingerprint(), before, 'index, rules, status and checkout unchanged');
  const json = explainFiles(repo, 'web') as unknown as {
    files: number;
    totalFiles: number;
    bytes: number;
    totalBytes: number;
  };
  const sizes = repo
    .git('ls-tree', '-r', '-l', 'HEAD')
    .trim()
    .split('\n')
    .map((l) => Number(l.split(/\s+/)[3]));
  assert.equal(
    json.totalBytes,
    sizes.reduce((a, b) => a + b, 0),
  );
  assert.ok(json.bytes > 5000 && json.bytes < json.totalBytes, 'the fixture file counts');
  assert.match(
    text,
    new RegExp(
      `^Profile Web app \\(cone mode\\): ${json.files} of ${json.totalFiles} files \\(\\d+(\\.\\d)?%\\), [\\d.]+ KB of [\\d.]+ KB`,
    ),
  );
  assert.match(text, /Largest folders:\n {2}apps\/web +\d+ files +[\d.]+ KB/);
});

test('local changes outside the new profile stop the switch and are listed; --force keeps them', () => {
  const repo = monorepo();
  ok(repo, 'sparse', 'switch', 'web');
  writeFileSync(join(repo.dir, 'apps/web/index.ts'), 'edited\n');
  writeFileSync(join(repo.dir, 'apps/web/notes.txt'), 'my notes\n');
  writeFileSync(join(repo.dir, 'packages/ui/src/new.ts'), 'staged\n');
  repo.git('add', 'packages/ui/src/new.ts');
  unlinkSync(join(repo.dir, 'README.md'));
  const rulesBefore = readFileSync(join(repo.dir, '.git/info/sparse-checkout'), 'utf8');

  const refused = cli(repo, 'sparse', 'switch', 'api');
  assert.equal(refused.code, 1);
  assert.match(
    refused.stderr,
    /^stackline: 3 files with local changes are outside profile 'api': apps\/web\/index\.ts, apps\/web\/notes\.txt, packages\/ui\/src\/new\.ts\. Commit or stash them, or switch with --force to keep them in place\./,
  );
  assert.match(
    refused.stderr,
    /\n {2}modified +apps\/web\/index\.ts\n {2}untracked +apps\/web\/notes\.txt\n {2}staged +packages\/ui\/src\/new\.ts/,
  );
  assert.equal(readFileSync(join(repo.dir, '.git/info/sparse-checkout'), 'utf8'), rulesBefore, 'git rules unchanged');
  assert.ok(checkedOut(repo).includes('apps/web/index.ts'));

  const forced = ok(repo, 'sparse', 'switch', 'api', '--force');
  assert.match(
    forced,
    /Now on profile api \(cone mode\)\.\nKept in place outside the checkout, with their local changes:\n {2}modified +apps\/web\/index\.ts\n {2}untracked +apps\/web\/notes\.txt\n {2}staged +packages\/ui\/src\/new\.ts/,
  );
  assert.equal(readFileSync(join(repo.dir, 'apps/web/index.ts'), 'utf8'), 'edited\n');
  assert.equal(readFileSync(join(repo.dir, 'apps/web/notes.txt'), 'utf8'), 'my notes\n');
  assert.equal(
    readFileSync(join(repo.dir, 'packages/ui/src/new.ts'), 'utf8'),
    'staged\n',
    'a staged file git would hide is put back',
  );
  assert.ok(existsSync(join(repo.dir, 'apps/api/server.ts')) && !existsSync(join(repo.dir, 'apps/web/README.md')));
  const status = repo.git('status', '--porcelain').split('\n');
  for (const line of [' M apps/web/index.ts', 'A  packages/ui/src/new.ts', '?? apps/web/notes.txt', ' D README.md'])
    assert.ok(status.includes(line), `${line} in\n${status.join('\n')}`);
});

test('the core API reports blocked files as data, can be cancelled before git runs, and keeps a deleted file deleted with force', async () => {
  const repo = monorepo();
  const context = new SparseContext(new GitRunner(repo.dir), await discoverRepository(repo.dir));
  unlinkSync(join(repo.dir, 'tools/release.sh'));
  await assert.rejects(
    switchProfiles(context, ['web']),
    (error: unknown) =>
      error instanceof BlockedSwitchError &&
      error.blocked.length === 1 &&
      error.blocked[0].change === 'deleted' &&
      error.blocked[0].path === 'tools/release.sh',
  );
  const abort = new AbortController();
  const steps: string[] = [];
  const cancelled = switchProfiles(context, ['web'], {
    force: true,
    signal: abort.signal,
    progress: (step) => (steps.push(step), step.startsWith('Checking') && abort.abort()),
  });
  await assert.rejects(cancelled, /^SparseError: Cancelled; the working tree was not changed\.$/);
  assert.deepEqual(steps, ['Reading profiles…', 'Checking for local changes…']);
  assert.ok(!existsSync(join(repo.dir, '.git/info/sparse-checkout')), 'cancelled before git changed anything');
  const result = await switchProfiles(context, ['web'], { force: true });
  assert.deepEqual(result.kept, [{ path: 'tools/release.sh', change: 'deleted' }]);
  assert.match(repo.git('status', '--porcelain'), /^ D tools\/release\.sh$/m, 'the deletion is still a local change');
});

test('folders that would hold only ignored files are listed with sizes and need --yes', () => {
  const repo = monorepo();
  ok(repo, 'sparse', 'switch', 'web');
  mkdirSync(join(repo.dir, 'packages/ui/node_modules/left-pad'), { recursive: true });
  writeFileSync(join(repo.dir, 'packages/ui/node_modules/left-pad/index.js'), 'x'.repeat(3000));
  writeFileSync(join(repo.dir, 'packages/ui/debug.log'), 'log\n');
  mkdirSync(join(repo.dir, 'apps/web/dist'), { recursive: true });
  writeFileSync(join(repo.dir, 'apps/web/dist/bundle.js'), 'bundle\n');
  writeFileSync(join(repo.dir, 'apps/web/scratch.txt'), 'untracked, so git keeps apps/web\n');

  const refused = cli(repo, 'sparse', 'switch', 'api', '--force');
  assert.equal(refused.code, 1, refused.stdout);
  assert.match(
    refused.stderr,
    /^stackline: Switching deletes 1 folder that holds only ignored files: packages\/ui\. Move what you need, then switch with --yes\.\n {2}packages\/ui\/ {2}2 ignored files, 2\.9 KB \(packages\/ui\/debug\.log, packages\/ui\/node_modules\)/,
  );
  assert.ok(existsSync(join(repo.dir, 'packages/ui/node_modules/left-pad/index.js')), 'nothing deleted');
  assert.ok(checkedOut(repo).includes('apps/web/index.ts'), 'nothing switched');

  // On a terminal the command asks; "n" keeps everything as it is.
  const inTerminal = (answer: string) =>
    spawnSync('script', ['-qec', `${process.execPath} ${bundledCli()} sparse switch api --force`, '/dev/null'], {
      cwd: repo.dir,
      input: `${answer}\n`,
      encoding: 'utf8',
    });
  const declined = inTerminal('n');
  assert.match(
    declined.stdout,
    /Git will delete these folders: once their tracked files leave the checkout, only ignored files remain in them:\r?\n {2}packages\/ui\/ {2}2 ignored files[\s\S]*Delete them and switch\? \[y\/N\]/,
  );
  assert.ok(existsSync(join(repo.dir, 'packages/ui/node_modules/left-pad/index.js')), 'nothing deleted after "n"');

  const switched = ok(repo, 'sparse', 'switch', 'api', '--force', '--yes');
  assert.match(switched, /Deleted \(they held only ignored files\):\n {2}packages\/ui\//);
  assert.ok(!existsSync(join(repo.dir, 'packages/ui')), 'git deleted the folder, as predicted');
  assert.ok(
    existsSync(join(repo.dir, 'apps/web/dist/bundle.js')) && existsSync(join(repo.dir, 'apps/web/scratch.txt')),
    'a folder with an untracked file is kept, ignored files and all',
  );
});

test('enable, disable and off', () => {
  const repo = monorepo();
  ok(repo, 'sparse', 'enable', 'web');
  assert.match(ok(repo, 'sparse', 'enable', 'api'), /Now on profiles web, api \(cone mode\)\./);
  assert.ok(checkedOut(repo).includes('apps/api/server.ts') && checkedOut(repo).includes('apps/web/index.ts'));
  assert.match(ok(repo, 'sparse'), /^Sparse checkout: profiles web, api \(cone mode\)\.$/m);
  assert.match(ok(repo, 'sparse', 'disable', 'web'), /Now on profile api/);
  assert.ok(!checkedOut(repo).includes('apps/web/index.ts'));
  const notActive = cli(repo, 'sparse', 'disable', 'docs');
  assert.equal(notActive.code, 1);
  assert.match(notActive.stderr, /Profile 'docs' is not active\. Active: \.sparse\/api\.sparse\./);
  assert.match(ok(repo, 'sparse', 'disable', 'api'), /Now on a full checkout\./);
  assert.match(ok(repo, 'sparse'), /^Full checkout\. 7 profiles in \.sparse\/: run stackline sparse list\.$/m);
  assert.ok(!existsSync(join(repo.dir, '.git/stackline/sparse.json')));
  assert.match(ok(repo, 'sparse', 'off'), /^Already on a full checkout\.$/m);
});

test('rules changed with git itself are noticed: the profile no longer counts as active', () => {
  const repo = monorepo();
  assert.match(ok(repo, 'sparse', 'switch', 'web'), /Now on profile web/);
  assert.match(ok(repo, 'sparse', 'switch', 'web'), /Already on profile web/);
  repo.git('sparse-checkout', 'set', 'docs');
  assert.match(ok(repo, 'sparse'), /^Sparse checkout set outside Stackline \(git sparse-checkout\)\./);
  assert.match(ok(repo, 'sparse', 'reapply'), /No Stackline profile is active/);
  assert.match(ok(repo, 'sparse', 'switch', 'web'), /Now on profile web/, 'switching again really runs git');
  assert.ok(checkedOut(repo).includes('apps/web/index.ts') && !checkedOut(repo).includes('docs/guide.md'));
});

test('settings: the profile folder and always-needed paths from git config or --profile-dir; core.hooksPath is kept', () => {
  const repo = monorepo();
  repo.commit('chore: profiles elsewhere', {
    'tools/sparse/ops.sparse': '[metadata]\ntitle = Ops\n[include]\ndocs\n',
    'config/hooks/pre-commit': '#!/bin/sh\n',
  });
  repo.git('config', 'core.hooksPath', 'config/hooks');
  assert.match(ok(repo, 'sparse', 'list', '--profile-dir', 'tools/sparse'), /^ {2}ops +Ops/m);
  repo.git('config', 'stackline.sparse.profileDirectory', 'tools/sparse');
  repo.git('config', '--add', 'stackline.sparse.always', 'tools/release.sh');
  const shown = ok(repo, 'sparse', 'show', 'ops');
  assert.match(shown, /^Profile tools\/sparse\/ops\.sparse$/m);
  ok(repo, 'sparse', 'switch', 'ops');
  const files = checkedOut(repo);
  for (const kept of ['docs/guide.md', 'config/hooks/pre-commit', 'tools/release.sh', 'tools/sparse/ops.sparse'])
    assert.ok(files.includes(kept), `${kept} kept`);
  assert.ok(
    !files.includes('tools/build.sh') && !files.includes('.sparse/web.sparse'),
    'the old profile folder is not special any more',
  );
});

test('bad input: unknown profile, unknown subcommand, rebase in progress, no commits', () => {
  const repo = monorepo();
  const unknown = cli(repo, 'sparse', 'switch', 'mobile');
  assert.equal(unknown.code, 1);
  assert.equal(
    unknown.stderr.trim(),
    "stackline: There is no profile 'mobile' in .sparse/. Pick one of the profiles there.\n  To fix: stackline sparse list",
  );
  const usage = cli(repo, 'sparse', 'swtich', 'web');
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /Unknown sparse subcommand 'swtich'\. Run stackline sparse --help\./);
  mkdirSync(join(repo.dir, '.git/rebase-merge'));
  const busy = cli(repo, 'sparse', 'switch', 'web');
  assert.equal(busy.code, 1);
  assert.match(
    busy.stderr,
    /A rebase is in progress\. Continue or abort it with git, then try again\.\n {2}To fix: git rebase --continue\n {2}Or: {5}git rebase --abort\n/,
  );
  const empty = makeRepo();
  const none = cli(empty, 'sparse', 'switch', 'x.sparse');
  assert.equal(none.code, 1);
  assert.match(none.stderr, /There is no profile 'x\.sparse'/);
  assert.match(ok(empty, 'sparse', 'list'), /No profiles in \.sparse\/\./);
});

test('after a checkout that changes the active profile, reapply applies the new rules', () => {
  const repo = monorepo();
  const before = repo.head();
  repo.commit('chore: web needs shared', {
    '.sparse/web.sparse': `${PROFILES['.sparse/web.sparse']}packages/shared\n`,
  });
  const after = repo.head();
  repo.git('checkout', '-q', before);
  ok(repo, 'sparse', 'switch', 'web');
  assert.ok(!checkedOut(repo).includes('packages/shared/src/util.ts'));
  assert.match(ok(repo, 'sparse', 'reapply'), /have not changed; the checkout is up to date/);

  repo.git('checkout', '-q', after);
  assert.ok(!checkedOut(repo).includes('packages/shared/src/util.ts'), 'git itself keeps the old rules');
  assert.match(ok(repo, 'sparse'), /The profile changed since it was applied: run stackline sparse reapply\./);
  assert.match(ok(repo, 'sparse', 'reapply'), /Now on profile web \(cone mode\)\./);
  assert.ok(checkedOut(repo).includes('packages/shared/src/util.ts'), 'the new rule is applied');
  assert.equal(JSON.parse(readFileSync(join(repo.dir, '.git/stackline/sparse.json'), 'utf8')).head, after);

  // Back again, with an edit in the folder the old profile drops: the same safety rules apply.
  repo.git('checkout', '-q', before);
  writeFileSync(join(repo.dir, 'packages/shared/src/util.ts'), 'edited\n');
  const refused = cli(repo, 'sparse', 'reapply');
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /1 file with local changes is outside profile 'web': packages\/shared\/src\/util\.ts/);
  assert.equal(readFileSync(join(repo.dir, 'packages/shared/src/util.ts'), 'utf8'), 'edited\n');
});

test('a partial clone (--filter=blob:none) explains without downloading and still switches', () => {
  const source = monorepo();
  const bare = tempDir();
  execFileSync('git', ['clone', '-q', '--bare', source.dir, bare]);
  execFileSync('git', ['config', 'uploadpack.allowFilter', 'true'], { cwd: bare });
  const dir = tempDir();
  execFileSync('git', ['clone', '-q', '--filter=blob:none', '--sparse', `file://${bare}`, dir]);
  const clone = repoAt(dir, false);
  const objects = () => clone.git('count-objects', '-v');
  assert.match(clone.git('config', 'remote.origin.promisor'), /true/);
  ok(clone, 'sparse', 'show', 'web'); // downloads the profile file itself, which is not checked out
  const before = objects();
  const explained = JSON.parse(ok(clone, 'sparse', 'explain', 'web', '--json')) as {
    files: number;
    unknownSizes: number;
    totalFiles: number;
  };
  assert.equal(objects(), before, 'explain fetched nothing');
  assert.ok(explained.unknownSizes > 0 && explained.files > 0);
  assert.match(
    ok(clone, 'sparse', 'explain', 'web'),
    /Sizes of \d+ files not downloaded yet \(partial clone\) are not counted\./,
  );

  ok(clone, 'sparse', 'switch', 'web');
  assert.equal(readFileSync(join(dir, 'packages/ui/src/button.ts'), 'utf8'), 'export const Button = 1;\n');
  assert.ok(!existsSync(join(dir, 'apps/api/server.ts')));
  ok(clone, 'sparse', 'switch', 'lean');
  assert.deepEqual(checkedOut(clone), explainFiles(clone, 'lean').paths.sort());
});

test('for random profiles, the matcher agrees with what git checks out', async () => {
  const repo = monorepo();
  const context = new SparseContext(new GitRunner(repo.dir), await discoverRepository(repo.dir));
  const rule = fc.constantFrom(
    'apps',
    'apps/web',
    'apps/api',
    'packages',
    'packages/ui',
    'packages/*/src',
    'glob:**/*.ts',
    '**/README.md',
    'apps/*/fixtures',
    'path:weird name',
    'docs/*.md',
    'tools/build.sh',
    '{apps,packages}/*/src',
    '**/src/**',
    'packages/ui/src/button.ts',
  );
  await fc.assert(
    fc.asyncProperty(
      fc.uniqueArray(rule, { minLength: 1, maxLength: 4 }),
      fc.uniqueArray(rule, { maxLength: 2 }),
      async (include, exclude) => {
        const text = `[include]\n${include.join('\n')}\n${exclude.length ? `[exclude]\n${exclude.join('\n')}\n` : ''}`;
        writeFileSync(join(repo.dir, '.sparse/random.sparse'), text);
        const { target, tree } = await explainProfiles(context, ['random']);
        await switchProfiles(context, ['random']);
        const predicted = filesIn(target.compiled, tree).sort();
        assert.deepEqual(checkedOut(repo), predicted, `${target.compiled.mode} profile:\n${text}`);
      },
    ),
    { numRuns: 30, seed: 7 },
  );
});
