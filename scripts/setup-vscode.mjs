#!/usr/bin/env node
// Ensures the test VS Code (code-server on Node 24) exists in a cache dir, with the Debian
// packages it needs. See DESIGN.md §4. Run as a script to install; import for the paths.
// Works the same whether started directly or from an npm script (`npm test`, `npm start`).
// Env: STACKLINE_CACHE (default ~/.cache/stackline), STACKLINE_CHROMIUM (default /usr/bin/chromium).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, lstatSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = 24;
const MARKER_NAME = 'setup-ok.json';

export function cacheDir() {
  return resolve(process.env.STACKLINE_CACHE || join(homedir(), '.cache', 'stackline'));
}

/** Paths of the cached tools; they exist only after `ensureVSCode()` succeeded. */
export function codeServerPaths(cache = cacheDir()) {
  const nodeBinDir = join(cache, 'node24', 'node_modules', '.bin');
  const root = join(cache, 'code-server', 'node_modules', 'code-server');
  return {
    cache,
    nodeBinDir,
    node: join(nodeBinDir, 'node'),
    root,
    entry: join(root, 'out', 'node', 'entry.js'),
    // code-server writes a default config (with a password) when none exists; keep it out of $HOME.
    config: join(cache, 'code-server-config.yaml'),
    chromium: process.env.STACKLINE_CHROMIUM || '/usr/bin/chromium',
    marker: join(cache, MARKER_NAME),
  };
}

export class SetupError extends Error {}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, error: r.error };
}

// npm settings that say how to reach the registry; a user may have put them in the environment.
const NETWORK_CONFIG = new Set([
  'registry',
  'proxy',
  'https_proxy',
  'http_proxy',
  'noproxy',
  'cafile',
  'ca',
  'strict_ssl',
]);

/**
 * The environment for a nested npm or for code-server: the caller's, minus what an outer npm
 * put there for its own scripts, with Node 24 first on PATH.
 *
 * An npm script's environment carries the outer npm's `npm_config_*` (its own config, including
 * `npm_config_user_agent: npm/… node/v20…`, which code-server's postinstall reads to check the
 * Node version), `npm_lifecycle_*`, `npm_package_*`, `npm_node_execpath`, `NODE` and `INIT_CWD`.
 * A nested npm treats `npm_config_*` as settings, so it would report Node 20 while running on 24.
 * The nested npm reads the same npmrc files itself; only registry-reaching settings are kept.
 * @param {NodeJS.ProcessEnv} env
 * @param {string} nodeBinDir
 */
export function nestedNpmEnv(env, nodeBinDir) {
  const out = withoutOuterNpm(env);
  out.PATH = `${nodeBinDir}${delimiter}${env.PATH ?? ''}`;
  return out;
}

/** The caller's environment without the variables an outer npm sets for its scripts. */
export function withoutOuterNpm(env) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const lower = key.toLowerCase();
    if (lower.startsWith('npm_config_') && !NETWORK_CONFIG.has(lower.slice('npm_config_'.length))) continue;
    if (lower.startsWith('npm_') && !lower.startsWith('npm_config_')) continue; // npm_lifecycle_*, npm_package_*, npm_node_execpath, npm_execpath, npm_command
    if (key === 'NODE' || key === 'INIT_CWD') continue;
    out[key] = value;
  }
  return out;
}

/** Env for npm/code-server: Node 24 first on PATH so `npm` (a node script) and postinstall run on it. */
function node24Env(p) {
  return nestedNpmEnv(process.env, p.nodeBinDir);
}

function nodeVersion(p) {
  if (!existsSync(p.node)) return undefined;
  const r = run(p.node, ['--version']);
  return r.status === 0 ? r.out.trim() : undefined;
}

/** Files that show a Debian package is there, and why the setup needs it. */
const DEBIAN_NEEDS = {
  chromium: { why: 'the browser the VS Code tests and the demo check drive' },
  'libkrb5-dev': {
    why: "Kerberos headers code-server's native module builds against",
    files: ['/usr/include/gssapi/gssapi.h', '/usr/bin/krb5-config'],
  },
  'git-absorb': { why: 'the absorb differential test and bench compare Stackline with it' },
};

/**
 * Debian packages the setup still needs: chromium (unless STACKLINE_CHROMIUM names a browser that
 * exists), and libkrb5-dev only while code-server still has to be built.
 * @param {{ chromium: string }} p
 * @param {{ browser: boolean, build: boolean }} need
 * @param {(f: string) => boolean} [exists]
 */
export function missingDebianPackages(p, need, exists = existsSync) {
  const missing = [];
  if (need.browser && !exists(p.chromium)) missing.push('chromium');
  if (need.build && !DEBIAN_NEEDS['libkrb5-dev'].files.some((f) => exists(f))) missing.push('libkrb5-dev');
  return missing;
}

/**
 * Debian packages the core tests need (see scripts/setup-test-tools.mjs): git-absorb, unless a
 * `git-absorb` is in one of `dirs` (git's exec path and PATH: it may come from elsewhere, e.g. cargo).
 * @param {string[]} dirs
 * @param {(f: string) => boolean} [exists]
 */
export function missingTestTools(dirs, exists = existsSync) {
  return dirs.some((dir) => dir !== '' && exists(join(dir, 'git-absorb'))) ? [] : ['git-absorb'];
}

/** Where git looks for `git-absorb`: its exec path, then PATH. */
export function gitCommandDirs() {
  const execPath = run('git', ['--exec-path']);
  return [...(execPath.status === 0 ? [execPath.out.trim()] : []), ...(process.env.PATH ?? '').split(delimiter)];
}

/** The one line that tells a user without root or apt-get what to run. */
export function debianInstallHint(missing) {
  return `missing Debian packages: ${missing.join(', ')}. Run: sudo apt-get install -y ${missing.join(' ')}`;
}

function canRunApt() {
  return process.getuid?.() === 0 && run('apt-get', ['--version']).status === 0;
}

/**
 * apt-get installs `missing` when running as root; otherwise a SetupError says what to run.
 * @param {string[]} missing
 * @param {(msg: string) => void} log
 */
export function installDebianPackages(missing, log) {
  if (!canRunApt()) throw new SetupError(debianInstallHint(missing));
  for (const name of missing) log(`installing Debian package ${name}: ${DEBIAN_NEEDS[name].why}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // dpkg's progress is noise on success; on failure its last lines say why.
  const apt = (args) => run('apt-get', args, { env });
  const update = apt(['update', '-qq']);
  if (update.status !== 0)
    throw new SetupError(`apt-get update failed (exit ${update.status}): ${lastLines(update.out)}`);
  const install = apt(['install', '-y', '-qq', '--no-install-recommends', ...missing]);
  if (install.status !== 0)
    throw new SetupError(
      `apt-get install -y ${missing.join(' ')} failed (exit ${install.status}): ${lastLines(install.out)}`,
    );
}

function lastLines(text, n = 5) {
  return text.trim().split('\n').slice(-n).join('\n');
}

/** Returns a list of problems with the code-server install; empty means usable. */
function verifyCodeServer(p) {
  const problems = [];
  const vs = join(p.root, 'lib', 'vscode');
  if (!existsSync(p.entry)) return [`missing ${p.entry}`];
  // postinstall.sh: `npm install` in lib/vscode, then bin symlinks, then `npm install` in
  // lib/vscode/extensions. These are its outputs, last step last.
  for (const f of [
    join(vs, 'node_modules'),
    join(vs, 'bin', 'remote-cli', 'code-server'),
    join(vs, 'extensions', 'node_modules'),
  ]) {
    try {
      lstatSync(f);
    } catch {
      problems.push(`missing ${f} (code-server postinstall did not run or failed)`);
    }
  }
  if (problems.length) return problems;
  // Native modules must load under Node 24 (built against the wrong ABI otherwise).
  const probe = `for (const m of ['@vscode/spdlog','@vscode/sqlite3','node-pty']) { try { require(m) } catch (e) { console.log(m + ': ' + e.message); process.exitCode = 1 } }`;
  const r = run(p.node, ['-e', probe], { cwd: vs });
  if (r.status !== 0) problems.push(`native modules do not load under Node ${NODE_MAJOR}:\n${r.out}`);
  // XDG_DATA_HOME: even --version writes coder-logs there (default ~/.local/share).
  const env = { ...node24Env(p), XDG_DATA_HOME: join(p.cache, 'xdg-data') };
  const v = run(p.node, [p.entry, '--config', p.config, '--version'], { env });
  if (v.status !== 0 || !v.out.includes(CODE_SERVER_VERSION)) {
    problems.push(`entry.js --version failed (exit ${v.status}):\n${v.out}`);
  }
  return problems;
}

function readMarker(p) {
  try {
    return JSON.parse(readFileSync(p.marker, 'utf8'));
  } catch {
    return undefined;
  }
}

/** True when a previous run completed for these versions and the key files still exist. */
export function isInstalled(p = codeServerPaths()) {
  const m = readMarker(p);
  return (
    !!m &&
    m.codeServer === CODE_SERVER_VERSION &&
    m.nodeMajor === NODE_MAJOR &&
    existsSync(p.entry) &&
    existsSync(join(p.root, 'lib', 'vscode', 'extensions', 'node_modules')) &&
    (nodeVersion(p) ?? '').startsWith(`v${NODE_MAJOR}.`)
  );
}

function npm(args, env, log) {
  log(`$ npm ${args.join(' ')}`);
  const r = spawnSync('npm', args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.error) throw new SetupError(`could not run npm: ${r.error.message}`);
  if (r.status !== 0) throw new SetupError(`npm ${args.join(' ')} failed with exit code ${r.status}`);
}

function npmEnv(p) {
  const env = node24Env(p);
  // node-gyp cannot download Node headers without internet. Node-API addons build fine
  // against the distro's headers, so point at them unless npm is already configured.
  if (!env.npm_config_nodedir && existsSync('/usr/include/node/node_api.h')) {
    const cfg = run('npm', ['config', 'get', 'nodedir'], { env: withoutOuterNpm(process.env) }).out.trim();
    if (!cfg || cfg === 'undefined' || cfg === 'null') env.npm_config_nodedir = '/usr';
  }
  return env;
}

/** Written into a folder once its `npm install` exited 0: a folder without it is half-finished. */
const NPM_DONE = '.stackline-npm-done';

/** A clean `npm install --prefix dir spec`: a killed earlier run leaves nothing npm would trust. */
function npmInstallFresh(dir, spec, allowScripts, env, log) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // npm 11 runs install scripts only for packages allowed here.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, allowScripts }, null, 2));
  npm(['install', '--prefix', dir, spec], env, log);
  writeFileSync(join(dir, NPM_DONE), new Date().toISOString());
}

function installNode(p, log) {
  // The `node` package fetches its binary (another registry package) in a preinstall script.
  npmInstallFresh(join(p.cache, 'node24'), `node@${NODE_MAJOR}`, { node: true }, withoutOuterNpm(process.env), log);
  const v = nodeVersion(p);
  if (!v?.startsWith(`v${NODE_MAJOR}.`))
    throw new SetupError(`${p.node} is not Node ${NODE_MAJOR} after install (got ${v})`);
}

function installCodeServer(p, log) {
  log('installing code-server (takes about 4 minutes)');
  const allow = { 'code-server': true, argon2: true };
  npmInstallFresh(join(p.cache, 'code-server'), `code-server@${CODE_SERVER_VERSION}`, allow, npmEnv(p), log);
}

/**
 * What must be (re)installed, and why; an empty object when the cache is complete. A folder
 * whose npm install did not finish (killed during the long code-server install) is redone.
 * @param {ReturnType<typeof codeServerPaths>} p
 * @returns {{ node?: string, codeServer?: string }}
 */
export function installPlan(p) {
  /** @type {{ node?: string, codeServer?: string }} */
  const plan = {};
  const version = nodeVersion(p);
  if (!version?.startsWith(`v${NODE_MAJOR}.`))
    plan.node = version ? `found Node ${version}, need ${NODE_MAJOR}` : `Node ${NODE_MAJOR} not installed`;
  const csDir = join(p.cache, 'code-server');
  if (!existsSync(p.entry)) plan.codeServer = 'code-server not installed';
  else if (!existsSync(join(csDir, NPM_DONE)) && !readMarker(p))
    plan.codeServer = 'an earlier code-server install did not finish';
  else if (!plan.node) {
    const problems = verifyCodeServer(p);
    if (problems.length) plan.codeServer = `code-server unusable: ${problems.join('; ')}`;
  }
  return plan;
}

/**
 * Installs what is missing or broken, then verifies it. Fast no-op when the marker is valid.
 * @param {{ log?: (msg: string) => void, browser?: boolean }} [opts] browser: also make sure
 *   Chromium is there (the tests and the demo check drive it; a plain `npm start` does not).
 */
export function ensureVSCode(opts = {}) {
  const log = opts.log ?? ((m) => console.log(`[setup-vscode] ${m}`));
  const p = codeServerPaths();
  const ready = isInstalled(p);
  const plan = ready ? {} : installPlan(p);
  const missing = missingDebianPackages(p, { browser: opts.browser ?? true, build: !!plan.codeServer });
  if (missing.length) installDebianPackages(missing, log);
  if (ready) {
    log(`code-server ${CODE_SERVER_VERSION} on Node ${NODE_MAJOR} ready in ${p.cache}`);
    return p;
  }
  rmSync(p.marker, { force: true });
  mkdirSync(p.cache, { recursive: true });
  if (plan.node) {
    log(`installing Node ${NODE_MAJOR} for code-server (${plan.node})`);
    installNode(p, log);
    if (!plan.codeServer) {
      const problems = verifyCodeServer(p);
      if (problems.length) plan.codeServer = `code-server unusable: ${problems.join('; ')}`;
    }
  }
  if (plan.codeServer) {
    log(plan.codeServer);
    installCodeServer(p, log);
  }
  const problems = verifyCodeServer(p);
  if (problems.length) throw new SetupError(`code-server install is broken:\n  ${problems.join('\n  ')}`);
  // Marker last: its absence means "redo".
  writeFileSync(
    p.marker,
    JSON.stringify(
      { codeServer: CODE_SERVER_VERSION, nodeMajor: NODE_MAJOR, node: nodeVersion(p), at: new Date().toISOString() },
      null,
      2,
    ),
  );
  const installed = plan.node || plan.codeServer;
  log(`code-server ${CODE_SERVER_VERSION} on Node ${NODE_MAJOR} ${installed ? 'installed' : 'verified'} in ${p.cache}`);
  return p;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureVSCode({ browser: !process.argv.includes('--no-browser') });
  } catch (e) {
    if (!(e instanceof SetupError)) throw e;
    console.error(`[setup-vscode] error: ${e.message}`);
    process.exit(1);
  }
}
