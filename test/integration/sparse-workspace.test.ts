// `stackline sparse from-workspace` on generated npm, yarn and pnpm workspaces (real git).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../helpers/cli';
import { makeRepo, removeTempDirs, type TestRepo } from '../helpers/repo';

after(removeTempDirs);

type Manager = 'npm' | 'yarn' | 'pnpm';

/**
 * web → ui → tokens, web → utils (dev), api → utils, docs-site alone; `internal-only` is not a
 * workspace package (outside the globs). pnpm uses the workspace: protocol, the others versions.
 */
function workspace(manager: Manager): TestRepo {
  const repo = makeRepo();
  const version = manager === 'pnpm' ? 'workspace:*' : '^1.0.0';
  const manifest = (name: string, deps: Record<string, string> = {}, devDeps: Record<string, string> = {}) =>
    `${JSON.stringify({ name, version: '1.0.0', dependencies: { react: '^18.0.0', ...deps }, devDependencies: devDeps }, null, 2)}\n`;
  const files: Record<string, string> = {
    'apps/web/package.json': manifest('@acme/web', { '@acme/ui': version }, { '@acme/utils': version }),
    'apps/web/src/index.ts': 'web\n',
    'apps/api/package.json': manifest('@acme/api', { '@acme/utils': version }),
    'apps/api/src/index.ts': 'api\n',
    'apps/docs-site/package.json': manifest('docs-site'),
    'packages/ui/package.json': manifest('@acme/ui', { '@acme/tokens': version }),
    'packages/ui/src/button.tsx': 'ui\n',
    'packages/utils/package.json': manifest('@acme/utils'),
    'packages/tokens/package.json': manifest('@acme/tokens'),
    'packages/tokens/nested/deep/package.json': manifest('not-a-workspace-package'),
    'tools/internal-only/package.json': manifest('internal-only'),
    'README.md': '# acme\n',
  };
  const workspaces = ['apps/*', 'packages/*'];
  if (manager === 'pnpm') {
    files['package.json'] = `${JSON.stringify({ name: 'acme', private: true }, null, 2)}\n`;
    files['pnpm-workspace.yaml'] = `packages:\n${workspaces.map((w) => `  - '${w}'`).join('\n')}\n  - '!**/test/**'\n`;
    files['pnpm-lock.yaml'] = "lockfileVersion: '9.0'\n";
  } else if (manager === 'yarn') {
    files['package.json'] =
      `${JSON.stringify({ name: 'acme', private: true, packageManager: 'yarn@4.1.0', workspaces: { packages: workspaces } }, null, 2)}\n`;
    files['yarn.lock'] = '# yarn lockfile v1\n';
    files['.yarnrc.yml'] = 'yarnPath: .yarn/releases/yarn-4.1.0.cjs\n';
    files['.yarn/releases/yarn-4.1.0.cjs'] = '// yarn\n';
  } else {
    files['package.json'] = `${JSON.stringify({ name: 'acme', private: true, workspaces }, null, 2)}\n`;
    files['package-lock.json'] = '{"lockfileVersion":3}\n';
  }
  repo.commit('chore: workspace', files);
  return repo;
}

function ok(repo: TestRepo, ...args: string[]): string {
  const result = runCli(repo.dir, args);
  assert.equal(result.code, 0, `stackline ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

const ROOTS: Record<Manager, string[]> = {
  npm: ['package.json', 'package-lock.json'],
  yarn: ['package.json', 'yarn.lock', '.yarnrc.yml', '.yarn/releases'],
  pnpm: ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml'],
};

for (const manager of ['npm', 'yarn', 'pnpm'] as const) {
  test(`${manager} workspace: the package, its internal dependencies (transitively) and the root manifests`, () => {
    const repo = workspace(manager);
    const preview = JSON.parse(ok(repo, 'sparse', 'from-workspace', '@acme/web', '--json')) as {
      kind: string;
      path: string;
      written: boolean;
      packages: { name: string; dir: string }[];
      text: string;
      explanation: { mode: string; files: number };
    };
    assert.equal(preview.kind, manager);
    assert.equal(preview.written, false);
    assert.equal(preview.path, '.sparse/web.sparse');
    assert.deepEqual(
      preview.packages.map((p) => p.dir),
      ['apps/web', 'packages/tokens', 'packages/ui', 'packages/utils'],
    );
    const include = preview.text.split('[include]\n')[1].trim().split('\n');
    assert.deepEqual(include, ['apps/web', 'packages/tokens', 'packages/ui', 'packages/utils', ...ROOTS[manager]]);
    assert.match(
      preview.text,
      new RegExp(`^description = @acme/web and 3 workspace packages it depends on \\(${manager} workspace\\)$`, 'm'),
    );
    assert.equal(preview.explanation.mode, 'cone', 'folders and root files only: cone mode');
    assert.ok(!existsSync(join(repo.dir, '.sparse/web.sparse')), 'a preview writes nothing');

    const text = ok(repo, 'sparse', 'from-workspace', 'api');
    assert.match(text, /^title = @acme\/api$/m, 'unscoped names work');
    assert.match(text, /^\[include\]\napps\/api\npackages\/utils\n/m);
    assert.match(text, /Save it with --write \(to \.sparse\/api\.sparse\)\./);

    assert.match(
      ok(repo, 'sparse', 'from-workspace', 'apps/web', '--write'),
      /Wrote \.sparse\/web\.sparse: @acme\/web with 3 workspace dependencies/,
    );
    assert.equal(readFileSync(join(repo.dir, '.sparse/web.sparse'), 'utf8'), preview.text);
    const again = runCli(repo.dir, ['sparse', 'from-workspace', '@acme/web', '--write']);
    assert.equal(again.code, 1);
    assert.match(
      again.stderr,
      /\.sparse\/web\.sparse exists already\. Pass --force to overwrite it, or --path <file> to write elsewhere\./,
    );

    ok(repo, 'sparse', 'switch', 'web');
    for (const path of [
      'apps/web/src/index.ts',
      'packages/ui/src/button.tsx',
      'packages/tokens/package.json',
      'packages/utils/package.json',
      ...ROOTS[manager].filter((p) => !p.startsWith('.yarn')),
    ]) {
      assert.ok(existsSync(join(repo.dir, path)), `${path} checked out`);
    }
    if (manager === 'yarn') assert.ok(existsSync(join(repo.dir, '.yarn/releases/yarn-4.1.0.cjs')), 'yarn release kept');
    assert.ok(
      !existsSync(join(repo.dir, 'apps/api/src/index.ts')) &&
        !existsSync(join(repo.dir, 'tools/internal-only/package.json')),
    );

    // Manifests outside the checkout are read from the index: a profile for api works from here.
    assert.match(ok(repo, 'sparse', 'from-workspace', '@acme/api'), /^apps\/api\npackages\/utils$/m);
  });
}

test('from-workspace explains what is wrong: no workspace, unknown or ambiguous package', () => {
  const plain = makeRepo();
  plain.commit('init', { 'package.json': '{"name":"solo"}\n' });
  const none = runCli(plain.dir, ['sparse', 'from-workspace', 'x']);
  assert.equal(none.code, 1);
  assert.equal(
    none.stderr.trim(),
    'stackline: No npm, yarn or pnpm workspace here: the root package.json has no "workspaces" and there is no pnpm-workspace.yaml.',
  );

  const repo = workspace('npm');
  const unknown = runCli(repo.dir, ['sparse', 'from-workspace', 'mobile']);
  assert.equal(unknown.code, 1);
  assert.match(
    unknown.stderr,
    /No workspace package 'mobile': the npm workspace has 6 packages \(@acme\/api, docs-site, @acme\/web, @acme\/tokens, @acme\/ui, …\)\. Give a package name or folder\./,
  );

  repo.commit('two uis', { 'apps/ui/package.json': '{"name":"@other/ui"}\n' });
  const ambiguous = runCli(repo.dir, ['sparse', 'from-workspace', 'ui']);
  assert.match(ambiguous.stderr, /several packages are called ui: @other\/ui, @acme\/ui/);

  repo.commit('broken', { 'packages/ui/package.json': '{ "name": ' });
  const broken = runCli(repo.dir, ['sparse', 'from-workspace', 'web']);
  assert.match(broken.stderr, /packages\/ui\/package\.json is not valid JSON \(.*\)\. Fix it, then try again\./);
});
