// The test-VS-Code setup: the environment its nested npm gets (started from an npm script or not),
// what it redoes after a half-finished install, and what it says about missing Debian packages.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';

interface Paths {
  cache: string;
  node: string;
  nodeBinDir: string;
  entry: string;
  chromium: string;
}
interface SetupModule {
  nestedNpmEnv(env: NodeJS.ProcessEnv, nodeBinDir: string): Record<string, string>;
  codeServerPaths(cache?: string): Paths;
  installPlan(p: Paths): { node?: string; codeServer?: string };
  missingDebianPackages(p: Paths, need: { browser: boolean; build: boolean }): string[];
  debianInstallHint(missing: string[]): string;
  missingTestTools(dirs: string[]): string[];
}

const SETUP = resolve(__dirname, '../../scripts/setup-vscode.mjs');
const load = async () => (await import(pathToFileURL(SETUP).href)) as SetupModule;
const temp = mkdtempSync(join(tmpdir(), 'stackline-setup-'));
after(() => rmSync(temp, { recursive: true, force: true }));

/** The environment a script really gets from `npm run`, on this machine's npm. */
function npmScriptEnv(): NodeJS.ProcessEnv {
  const pkg = join(temp, 'outer');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({
      name: 'outer',
      version: '1.0.0',
      scripts: { dump: 'node -e "process.stdout.write(JSON.stringify(process.env))"' },
    }),
  );
  const out = execFileSync('npm', ['run', '--silent', 'dump'], { cwd: pkg, encoding: 'utf8' });
  return JSON.parse(out) as NodeJS.ProcessEnv;
}

test('the nested npm gets none of the outer npm script variables, and Node 24 first on PATH', async () => {
  const { nestedNpmEnv } = await load();
  const outer: NodeJS.ProcessEnv = {
    ...npmScriptEnv(),
    npm_config_registry: 'http://127.0.0.1:9/',
    HTTPS_PROXY: 'http://proxy.invalid:3128',
  };
  assert.ok(
    outer.npm_config_user_agent && outer.npm_lifecycle_event === 'dump' && outer.INIT_CWD,
    'the outer npm set its variables',
  );
  const env = nestedNpmEnv(outer, '/cache/node24/node_modules/.bin');
  // Only settings that say how to reach the registry may pass (npm re-reads its npmrc files anyway).
  const network = /^npm_config_(registry|proxy|https?_proxy|noproxy|cafile|ca|strict_ssl)$/i;
  const leaked = Object.keys(env).filter(
    (k) => (/^npm_/i.test(k) && !network.test(k)) || k === 'NODE' || k === 'INIT_CWD',
  );
  assert.deepEqual(leaked, []);
  assert.ok(
    Object.keys(outer).some((k) => /^npm_(lifecycle|package)_/.test(k)),
    'the test saw lifecycle and package variables to drop',
  );
  assert.equal(
    env.npm_config_registry,
    'http://127.0.0.1:9/',
    'a registry set in the environment still reaches the nested npm',
  );
  assert.equal(env.HTTPS_PROXY, 'http://proxy.invalid:3128');
  assert.equal(env.HOME, outer.HOME);
  assert.equal(env.PATH.split(':')[0], '/cache/node24/node_modules/.bin');
});

test("a nested npm script sees its own npm's user agent, which code-server's postinstall reads", async () => {
  const { nestedNpmEnv } = await load();
  // As if the outer npm ran on another Node: the nested one must not inherit that.
  const outer: NodeJS.ProcessEnv = {
    ...npmScriptEnv(),
    npm_config_user_agent: 'npm/10.0.0 node/v20.0.0 linux x64 outer',
  };
  const pkg = join(temp, 'inner');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({
      name: 'inner',
      version: '1.0.0',
      scripts: { ua: 'node -e "process.stdout.write(process.env.npm_config_user_agent)"' },
    }),
  );
  const userAgent = (env: NodeJS.ProcessEnv) =>
    execFileSync('npm', ['run', '--silent', 'ua'], { env, cwd: pkg, encoding: 'utf8' }).trim();
  assert.match(userAgent(outer), /outer/, 'without the cleanup the outer value wins (the bug)');
  const inner = userAgent(nestedNpmEnv(outer, join(temp, 'no-such-bin')));
  assert.doesNotMatch(inner, /outer/);
  assert.match(inner, new RegExp(`node/${process.version.replace(/\./g, '\\.')}`));
});

test('an empty cache or a half-finished code-server install is (re)done', async () => {
  const { codeServerPaths, installPlan } = await load();
  const empty = codeServerPaths(join(temp, 'empty-cache'));
  assert.deepEqual(installPlan(empty), { node: 'Node 24 not installed', codeServer: 'code-server not installed' });

  // Killed during `npm install code-server`: node is there, the entry point too, the rest is not.
  const half = codeServerPaths(join(temp, 'half-cache'));
  mkdirSync(half.nodeBinDir, { recursive: true });
  writeFileSync(half.node, '#!/bin/sh\necho v24.11.0\n');
  chmodSync(half.node, 0o755);
  mkdirSync(join(half.entry, '..'), { recursive: true });
  writeFileSync(half.entry, '');
  assert.deepEqual(installPlan(half), { codeServer: 'an earlier code-server install did not finish' });

  // Killed during the Node 24 install: a node that is not 24.
  writeFileSync(half.node, '#!/bin/sh\necho v20.1.0\n');
  assert.equal(installPlan(half).node, 'found Node v20.1.0, need 24');
});

test('missing Debian packages: what is needed when, and the one line for a user without root', async () => {
  const { codeServerPaths, missingDebianPackages, debianInstallHint } = await load();
  const p = { ...codeServerPaths(join(temp, 'c')), chromium: join(temp, 'no-chromium') };
  assert.deepEqual(missingDebianPackages(p, { browser: true, build: false }), ['chromium']);
  assert.deepEqual(missingDebianPackages(p, { browser: false, build: false }), []);
  const hint = debianInstallHint(['chromium', 'libkrb5-dev']);
  assert.equal(
    hint,
    'missing Debian packages: chromium, libkrb5-dev. Run: sudo apt-get install -y chromium libkrb5-dev',
  );
  assert.doesNotMatch(hint, /\n/);
});

test("the core tests need git-absorb: missing until a git-absorb is in git's exec path or on PATH", async () => {
  const { missingTestTools, debianInstallHint } = await load();
  const [execPath, onPath] = ['exec-path', 'bin'].map((name) => join(temp, 'tools', name));
  for (const dir of [execPath, onPath]) mkdirSync(dir, { recursive: true });
  assert.deepEqual(missingTestTools([execPath, '', onPath]), ['git-absorb']);
  assert.equal(
    debianInstallHint(missingTestTools([execPath])),
    'missing Debian packages: git-absorb. Run: sudo apt-get install -y git-absorb',
  );
  writeFileSync(join(onPath, 'git-absorb'), '');
  assert.deepEqual(missingTestTools([execPath, onPath]), []);
  assert.deepEqual(missingTestTools([execPath]), ['git-absorb']);
});
