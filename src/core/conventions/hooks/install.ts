// Installs, removes and reports Stackline's git hooks. With husky or lefthook, or a hooks folder the
// repository already points core.hooksPath at, Stackline adds its check to that setup; otherwise it
// commits its own hooks folder (.stackline/hooks) and points core.hooksPath at it in this clone.
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  rmdirSync,
  writeFileSync,
} from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { RepoLocation } from '../../git/repository';
import type { GitRunner } from '../../git/runner';
import type { Fix } from '../../fix';
import { ConventionsError, INSTALL_HOOKS } from '../errors';
import { loadSettings, type ConventionsSettings } from '../settings';
import {
  LEFTHOOK_CONFIGS,
  addLefthookCommand,
  hasLefthookCommand,
  lefthookSnippet,
  removeLefthookCommand,
} from './lefthook';
import {
  BUNDLE,
  GITATTRIBUTES,
  HOOKS_DIR,
  LAUNCHER,
  STACKLINE_DIR,
  hookBlock,
  hookScript,
  launcherScript,
  type HookName,
} from './scripts';
import { addBlock, hasBlock, isEmptyHook, removeBlock } from './shellHooks';
import { configValue } from '../../git/configValue';

export type ManagerKind = 'stackline' | 'husky' | 'lefthook' | 'hooks-dir';

export interface HookManager {
  kind: ManagerKind;
  /** For people: "husky (.husky/)", "lefthook (lefthook.yml)", … */
  description: string;
  /** husky and hooks-dir: the folder (relative to the root) whose hook files get Stackline's lines. */
  dir?: string;
  /** lefthook: its config file, relative to the root. */
  config?: string;
}

export interface HookState {
  name: HookName;
  /** The repository's settings ask for this hook. */
  wanted: boolean;
  /** Stackline's check is in the repository's hook setup. */
  installed: boolean;
  /** git will run it in this clone. */
  active: boolean;
  /** The repository's own hook setup already runs commitlint for this hook (Stackline's check would repeat it). */
  runsCommitlint: boolean;
  detail: string;
}

export interface HookStatus {
  manager: HookManager;
  hooks: HookState[];
  /** What to do when a wanted hook is not active. */
  advice?: HookAdvice;
}

export interface HookAdvice {
  message: string;
  fix?: Fix;
}

export interface HookChange {
  /** What was done, one line each, for a terminal or a notification. */
  lines: string[];
  /** Files written or removed, relative to the root. */
  files: string[];
  /** Hooks the settings ask for that do not run afterwards. */
  problems: HookState[];
}

const HOOKS: HookName[] = ['commit-msg', 'pre-push'];
const GIT_HOOK_NAMES = new Set([
  'applypatch-msg',
  'pre-applypatch',
  'post-applypatch',
  'pre-commit',
  'pre-merge-commit',
  'prepare-commit-msg',
  'commit-msg',
  'post-commit',
  'pre-rebase',
  'post-checkout',
  'post-merge',
  'pre-push',
  'pre-auto-gc',
  'post-rewrite',
  'reference-transaction',
  'push-to-checkout',
]);

export async function detectManager(git: GitRunner, repo: RepoLocation): Promise<HookManager> {
  const root = repo.root;
  const config = LEFTHOOK_CONFIGS.find((name) => existsSync(join(root, name)));
  if (config) return { kind: 'lefthook', config, description: `lefthook (${config})` };
  const hooksPath = await configuredHooksPath(git);
  const husky =
    hooksPath === '.husky' ||
    hooksPath === '.husky/_' ||
    hooksPath?.startsWith('.husky/') ||
    existsSync(join(root, '.husky'));
  if (husky) return { kind: 'husky', dir: '.husky', description: 'husky (.husky/)' };
  if (hooksPath && hooksPath !== HOOKS_DIR) {
    const absolute = resolve(root, hooksPath);
    if (absolute !== root && !absolute.startsWith(root + sep)) {
      throw new ConventionsError(
        'hooks',
        `core.hooksPath is ${hooksPath}, outside this repository (perhaps set in your global git config); Stackline does not change hooks outside the repository. Add these lines to ${join(hooksPath, 'commit-msg')} yourself:\n${hookBlock('commit-msg')}`,
      );
    }
    const dir = relative(root, absolute);
    return { kind: 'hooks-dir', dir, description: `the hooks folder ${dir}/ (core.hooksPath)` };
  }
  return { kind: 'stackline', description: `Stackline's hooks folder (${HOOKS_DIR}/, core.hooksPath)` };
}

/** core.hooksPath as set (any scope), made relative to the root when it points inside it. */
async function configuredHooksPath(git: GitRunner): Promise<string | undefined> {
  const value = await configValue(git, { key: 'core.hooksPath' });
  if (!value) return undefined;
  const relativePath = isAbsolute(value) ? relative(git.cwd, value) : value;
  return relativePath.replace(/^\.\//, '').replace(/\/+$/, '') || '.';
}

export async function hookStatus(git: GitRunner, repo: RepoLocation): Promise<HookStatus> {
  const manager = await detectManager(git, repo);
  const settings = loadSettings(repo.root);
  const hooksPath = await configuredHooksPath(git);
  const launcherReady = existsSync(join(repo.root, LAUNCHER)) && existsSync(join(repo.root, BUNDLE));
  const hooks = HOOKS.map((name) => hookState(name, settings, manager, repo, hooksPath, launcherReady));
  return { manager, hooks, advice: advice(manager, hooks) };
}

function hookState(
  name: HookName,
  settings: ConventionsSettings,
  manager: HookManager,
  repo: RepoLocation,
  hooksPath: string | undefined,
  launcherReady: boolean,
): HookState {
  const wanted = name === 'commit-msg' ? settings.hooks.commitMsg : settings.hooks.prePush !== 'off';
  const root = repo.root;
  let installed: boolean;
  let runs: boolean;
  let where: string;
  let own: string | undefined;
  switch (manager.kind) {
    case 'stackline':
      where = `${HOOKS_DIR}/${name}`;
      installed = read(join(root, where)) === hookScript(name);
      runs = hooksPath === HOOKS_DIR;
      break;
    case 'husky':
    case 'hooks-dir': {
      where = `${manager.dir}/${name}`;
      own = read(join(root, where));
      installed = hasBlock(own, name);
      runs = manager.kind === 'husky' ? huskyRuns(root, hooksPath, name) : isExecutable(join(root, where));
      break;
    }
    case 'lefthook': {
      where = manager.config!;
      own = read(join(root, where));
      installed = hasLefthookCommand(own ?? '', name);
      const gitHook = read(join(hooksPath ? resolve(root, hooksPath) : join(repo.commonDir, 'hooks'), name));
      runs = gitHook !== undefined && /lefthook/.test(gitHook);
      break;
    }
  }
  const active = installed && runs && launcherReady;
  let detail: string;
  if (!installed) detail = wanted ? `not installed (in ${where})` : 'off (not asked for by the repository settings)';
  else if (!launcherReady) detail = `in ${where}, but ${LAUNCHER} or ${BUNDLE} is missing`;
  else if (!runs) detail = `in ${where}, but git does not run it in this clone`;
  else detail = `runs from ${where}`;
  if (installed && !wanted)
    detail += ' (the repository settings no longer ask for it: install the hooks again to remove it)';
  const runsCommitlint = name === 'commit-msg' && /\bcommitlint\b/.test(own ?? '');
  if (runsCommitlint && !installed) detail += `; ${where} runs commitlint already`;
  return { name, wanted, installed, active, runsCommitlint, detail };
}

function advice(manager: HookManager, hooks: HookState[]): HookAdvice | undefined {
  const missing = hooks.filter((h) => h.wanted && !h.active);
  if (missing.length === 0) return undefined;
  if (missing.some((h) => !h.installed))
    return {
      message: 'Install the hooks, then commit the changed files so every clone gets them.',
      fix: INSTALL_HOOKS,
    };
  switch (manager.kind) {
    case 'husky':
      return {
        message: 'husky is not set up in this clone: run npm install (husky\'s "prepare" script) or npx husky.',
      };
    case 'lefthook':
      return {
        message: 'lefthook has not installed this hook in this clone: run npx lefthook install (or lefthook install).',
      };
    case 'hooks-dir':
      return {
        message: `Make the hook files in ${manager.dir}/ executable (chmod +x), or install the hooks again.`,
        fix: INSTALL_HOOKS,
      };
    case 'stackline':
      return {
        message: `Install the hooks (that sets core.hooksPath to ${HOOKS_DIR} in this clone).`,
        fix: INSTALL_HOOKS,
      };
  }
}

/** husky 9 runs .husky/<hook> through a stub in .husky/_; husky 5-8 runs .husky/<hook> itself. */
function huskyRuns(root: string, hooksPath: string | undefined, name: HookName): boolean {
  if (hooksPath === '.husky/_') return existsSync(join(root, '.husky', '_', name));
  if (hooksPath === '.husky') return isExecutable(join(root, '.husky', name));
  return false;
}

export interface InstallOptions {
  /** The bundled hook checks (dist/hook.js of this Stackline), copied into the repository. */
  bundle: string;
}

export async function installHooks(git: GitRunner, repo: RepoLocation, options: InstallOptions): Promise<HookChange> {
  const root = repo.root;
  const manager = await detectManager(git, repo);
  const settings = loadSettings(root);
  const hooksPath = await configuredHooksPath(git);
  if (!existsSync(options.bundle))
    throw new ConventionsError(
      'hooks',
      `The hook bundle ${options.bundle} is missing: rebuild Stackline (npm run build).`,
    );
  if (manager.kind === 'stackline' && hooksPath !== HOOKS_DIR) refuseOverLocalHooks(repo);

  const change: HookChange = { lines: [], files: [], problems: [] };
  const write = (path: string, content: string | Buffer, mode?: number) => {
    const file = join(root, path);
    if (
      existsSync(file) &&
      readFileSync(file).equals(Buffer.from(content)) &&
      (mode === undefined || isExecutable(file))
    )
      return;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    if (mode !== undefined) chmodSync(file, mode);
    change.files.push(path);
  };
  write(LAUNCHER, launcherScript(), 0o755);
  write(BUNDLE, readFileSync(options.bundle));
  write(`${STACKLINE_DIR}/.gitattributes`, GITATTRIBUTES);

  for (const hook of HOOKS) {
    const wanted = hook === 'commit-msg' ? settings.hooks.commitMsg : settings.hooks.prePush !== 'off';
    if (wanted) addHook(root, manager, hook, write);
    else removeHook(root, manager, hook, change);
  }
  if (manager.kind === 'stackline' && hooksPath !== HOOKS_DIR) {
    await git.run(['config', '--local', 'core.hooksPath', HOOKS_DIR]);
    change.lines.push(
      `Set core.hooksPath to ${HOOKS_DIR} in this clone (each clone needs this once: install the hooks there, or accept VS Code's offer).`,
    );
  }
  if (change.files.length > 0) {
    change.lines.unshift(
      `Wrote ${change.files.join(', ')}.`,
      `Commit ${[...new Set(change.files.map((f) => (f.startsWith(STACKLINE_DIR) ? `${STACKLINE_DIR}/` : f)))].join(' and ')} so every clone gets the checks.`,
    );
  }
  const status = await hookStatus(git, repo);
  for (const hook of status.hooks.filter((h) => h.wanted))
    change.lines.push(`${hook.active ? '✔' : '✖'} ${hook.name}: ${hook.detail}`);
  change.problems = status.hooks.filter((h) => h.wanted && !h.active);
  if (status.advice) change.lines.push(status.advice.message);
  if (change.lines.length === 0) change.lines.push('The hooks are installed and up to date.');
  return change;
}

function addHook(
  root: string,
  manager: HookManager,
  hook: HookName,
  write: (path: string, content: string, mode?: number) => void,
): void {
  switch (manager.kind) {
    case 'stackline':
      write(`${HOOKS_DIR}/${hook}`, hookScript(hook), 0o755);
      return;
    case 'husky':
    case 'hooks-dir': {
      const path = `${manager.dir}/${hook}`;
      // husky runs its hook files with sh; a plain hooks folder needs them executable.
      write(path, addBlock(read(join(root, path)), hook), manager.kind === 'hooks-dir' ? 0o755 : undefined);
      return;
    }
    case 'lefthook': {
      const path = manager.config!;
      if (!/\.ya?ml$/.test(path)) {
        throw new ConventionsError(
          'hooks',
          `${path}: Stackline edits only YAML lefthook configs. Add this to it by hand:\n${lefthookSnippet(hook)}`,
          join(root, path),
        );
      }
      write(path, addLefthookCommand(read(join(root, path)) ?? '', hook, path));
    }
  }
}

function removeHook(root: string, manager: HookManager, hook: HookName, change: HookChange): void {
  const update = (path: string, content: string | undefined) => {
    const file = join(root, path);
    const before = read(file);
    if (before === content) return;
    if (content === undefined) rmSync(file, { force: true });
    else writeFileSync(file, content);
    change.files.push(path);
  };
  switch (manager.kind) {
    case 'stackline': {
      const path = `${HOOKS_DIR}/${hook}`;
      if (read(join(root, path)) === hookScript(hook)) update(path, undefined);
      return;
    }
    case 'husky':
    case 'hooks-dir': {
      const path = `${manager.dir}/${hook}`;
      const content = read(join(root, path));
      if (content === undefined || !content.includes(hookBlock(hook).split('\n')[0])) return;
      const rest = removeBlock(content, hook);
      update(path, isEmptyHook(rest) ? undefined : rest);
      return;
    }
    case 'lefthook': {
      const path = manager.config!;
      const content = read(join(root, path));
      if (content !== undefined && /\.ya?ml$/.test(path)) update(path, removeLefthookCommand(content, hook, path));
    }
  }
}

export async function uninstallHooks(git: GitRunner, repo: RepoLocation): Promise<HookChange> {
  const root = repo.root;
  const manager = await detectManager(git, repo);
  const change: HookChange = { lines: [], files: [], problems: [] };
  for (const hook of HOOKS) removeHook(root, manager, hook, change);
  for (const path of [LAUNCHER, BUNDLE, `${STACKLINE_DIR}/.gitattributes`]) {
    if (existsSync(join(root, path))) {
      rmSync(join(root, path));
      change.files.push(path);
    }
  }
  for (const dir of [HOOKS_DIR, STACKLINE_DIR]) removeIfEmpty(join(root, dir));
  if ((await configuredHooksPath(git)) === HOOKS_DIR) {
    await git.run(['config', '--local', '--unset', 'core.hooksPath']);
    change.lines.push('Unset core.hooksPath in this clone.');
  }
  if (change.files.length > 0)
    change.lines.unshift(
      `Removed Stackline's hooks from ${change.files.join(', ')}. Commit the change so other clones drop them too.`,
    );
  if (change.lines.length === 0) change.lines.push("Stackline's hooks are not installed here.");
  return change;
}

/** core.hooksPath replaces .git/hooks: hooks someone keeps there would silently stop running. */
function refuseOverLocalHooks(repo: RepoLocation): void {
  const dir = join(repo.commonDir, 'hooks');
  const existing = existsSync(dir)
    ? readdirSync(dir).filter((name) => GIT_HOOK_NAMES.has(name) && isExecutable(join(dir, name)))
    : [];
  if (existing.length === 0) return;
  throw new ConventionsError(
    'hooks',
    `This clone has its own hooks in .git/hooks (${existing.join(', ')}), which git would skip once core.hooksPath points at ${HOOKS_DIR}. Move them into ${HOOKS_DIR}/ (to share them) or delete them, then install the hooks again.`,
    undefined,
    [INSTALL_HOOKS],
  );
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function removeIfEmpty(dir: string): void {
  try {
    if (readdirSync(dir).length === 0) rmdirSync(dir);
  } catch {
    // not there: nothing to remove
  }
}
