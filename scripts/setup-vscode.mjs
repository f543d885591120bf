#!/usr/bin/env node
// Ensures the test VS Code (code-server on Node 24) exists in a cache dir.
// See DESIGN.md §4. Run as a script to install; import for the paths.
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

class SetupError extends Error {}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, error: r.error };
}

/** Env for npm/code-server: Node 24 first on PATH so `npm` (a node script) and postinstall run on it. */
function node24Env(p) {
  return { ...process.env, PATH: `${p.nodeBinDir}${delimiter}${process.env.PATH ?? ''}` };
}

function nodeVersion(p) {
  if (!existsSync(p.node)) return undefined;
  const r = run(p.node, ['--version']);
  return r.status === 0 ? r.out.trim() : undefined;
}

function checkChromium(p) {
  if (!existsSync(p.chromium)) {
    throw new SetupError(
      `chromium not found at ${p.chromium}: run apt-get install -y chromium libkrb5-dev (or set STACKLINE_CHROMIUM)`,
    );
  }
}

/** Returns a list of problems with the code-server install; empty means usable. */
function verifyCodeServer(p) {
  const problems = [];
  const vs = join(p.root, 'lib', 'vscode');
  if (!existsSync(p.entry)) return [`missing ${p.entry}`];
  // postinstall.sh: `npm install` in lib/vscode, then bin symlinks, then `npm install` in
  // lib/vscode/extensions. These are its outputs, last step last.
  for (const f of [join(vs, 'node_modules'), join(vs, 'bin', 'remote-cli', 'code-server'), join(vs, 'extensions', 'node_modules')]) {
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
    const cfg = run('npm', ['config', 'get', 'nodedir']).out.trim();
    if (!cfg || cfg === 'undefined' || cfg === 'null') env.npm_config_nodedir = '/usr';
  }
  return env;
}

function installNode(p, log) {
  const dir = join(p.cache, 'node24');
  mkdirSync(dir, { recursive: true });
  // The `node` package fetches its binary in a preinstall script; npm 11 runs it only when allowed.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, allowScripts: { node: true } }, null, 2));
  npm(['install', '--prefix', dir, `node@${NODE_MAJOR}`], process.env, log);
  const v = nodeVersion(p);
  if (!v?.startsWith(`v${NODE_MAJOR}.`)) throw new SetupError(`${p.node} is not Node ${NODE_MAJOR} after install (got ${v})`);
}

function installCodeServer(p, log) {
  const dir = join(p.cache, 'code-server');
  // A half-finished install would not rerun postinstall on `npm install`; start clean.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ private: true, allowScripts: { 'code-server': true, argon2: true } }, null, 2),
  );
  const krb = ['/usr/include/gssapi/gssapi.h', '/usr/bin/krb5-config'].some((f) => existsSync(f));
  if (!krb) throw new SetupError('kerberos headers missing (code-server builds against them): run apt-get install -y chromium libkrb5-dev');
  log('installing code-server (takes about 4 minutes)');
  npm(['install', '--prefix', dir, `code-server@${CODE_SERVER_VERSION}`], npmEnv(p), log);
}

/**
 * Installs what is missing or broken, then verifies it. Fast no-op when the marker is valid.
 * @param {{ log?: (msg: string) => void }} [opts]
 */
export function ensureVSCode(opts = {}) {
  const log = opts.log ?? ((m) => console.log(`[setup-vscode] ${m}`));
  const p = codeServerPaths();
  checkChromium(p);
  if (isInstalled(p)) {
    log(`code-server ${CODE_SERVER_VERSION} on Node ${NODE_MAJOR} ready in ${p.cache}`);
    return p;
  }
  rmSync(p.marker, { force: true });
  mkdirSync(p.cache, { recursive: true });
  let installed = false;
  if (!(nodeVersion(p) ?? '').startsWith(`v${NODE_MAJOR}.`)) {
    installNode(p, log);
    installed = true;
  }
  let problems = verifyCodeServer(p);
  if (problems.length) {
    installed = true;
    if (existsSync(p.entry)) log(`existing code-server unusable, reinstalling:\n  ${problems.join('\n  ')}`);
    installCodeServer(p, log);
    problems = verifyCodeServer(p);
    if (problems.length) throw new SetupError(`code-server install is broken:\n  ${problems.join('\n  ')}`);
  }
  // Marker last: its absence means "redo".
  writeFileSync(
    p.marker,
    JSON.stringify({ codeServer: CODE_SERVER_VERSION, nodeMajor: NODE_MAJOR, node: nodeVersion(p), at: new Date().toISOString() }, null, 2),
  );
  log(`code-server ${CODE_SERVER_VERSION} on Node ${NODE_MAJOR} ${installed ? 'installed' : 'verified'} in ${p.cache}`);
  return p;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureVSCode();
  } catch (e) {
    if (!(e instanceof SetupError)) throw e;
    console.error(`[setup-vscode] error: ${e.message}`);
    process.exit(1);
  }
}
