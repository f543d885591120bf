// Derives a profile from an npm, yarn or pnpm workspace: a package, the workspace packages it
// depends on (directly or through others) and the root manifests the package manager needs.
// Manifests are read from the working copy when present, else from the index, so packages
// outside the current checkout count too. Nothing from the repository is executed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GitRunner } from '../git/runner';
import { SparseError } from './errors';
import { globToRegexSource, expandBraces } from './glob';
import { normalizePath } from './parse';

export type WorkspaceKind = 'npm' | 'yarn' | 'pnpm';

export interface WorkspacePackage {
  name: string;
  /** Repository path of the package folder. */
  dir: string;
  /** Names of the workspace packages it depends on (any dependency field). */
  internal: string[];
}

export interface Workspace {
  kind: WorkspaceKind;
  packages: WorkspacePackage[];
  /** Root files and folders every package needs to install and build. */
  rootPaths: string[];
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
const ROOT_FILES = [
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'pnpm-workspace.yaml',
  '.npmrc',
  '.yarnrc',
  '.yarnrc.yml',
  '.pnpmfile.cjs',
];
const ROOT_DIRS = ['.yarn/releases', '.yarn/plugins', '.yarn/patches', 'patches'];

export async function readWorkspace(git: GitRunner, root: string): Promise<Workspace> {
  const tracked = (
    await git.exec([
      'ls-files',
      '-z',
      '--',
      '*package.json',
      'pnpm-workspace.yaml',
      ...ROOT_FILES,
      ...ROOT_DIRS.map((d) => `${d}/`),
    ])
  ).stdout
    .split('\0')
    .filter(Boolean);
  const has = new Set(tracked);
  const texts = await readTexts(
    git,
    root,
    tracked.filter((p) => p === 'pnpm-workspace.yaml' || p.endsWith('package.json')),
  );
  const rootManifest = texts.has('package.json') ? parseJson(texts.get('package.json')!, 'package.json') : undefined;
  let kind: WorkspaceKind;
  let globs: string[];
  if (texts.has('pnpm-workspace.yaml')) {
    kind = 'pnpm';
    globs = parsePnpmPackages(texts.get('pnpm-workspace.yaml')!);
  } else {
    const field = rootManifest?.workspaces as unknown;
    const list = Array.isArray(field) ? field : (field as { packages?: unknown } | undefined)?.packages;
    if (!Array.isArray(list)) {
      throw new SparseError(
        'no-workspace',
        'No npm, yarn or pnpm workspace here: the root package.json has no "workspaces" and there is no pnpm-workspace.yaml.',
      );
    }
    globs = list.filter((g): g is string => typeof g === 'string');
    const manager = String(rootManifest?.packageManager ?? '');
    kind = manager.startsWith('yarn') || (has.has('yarn.lock') && !manager.startsWith('npm')) ? 'yarn' : 'npm';
  }
  const matches = workspaceMatcher(globs);
  const packages: WorkspacePackage[] = [];
  const manifests = tracked.filter(
    (path) =>
      path.endsWith('/package.json') &&
      !path.split('/').includes('node_modules') &&
      matches(path.slice(0, -'/package.json'.length)),
  );
  const parsed = manifests.map((path) => ({ path, json: parseJson(texts.get(path) ?? '{}', path) }));
  const names = new Set(parsed.map(({ json }) => json.name).filter((n): n is string => typeof n === 'string'));
  for (const { path, json } of parsed) {
    if (typeof json.name !== 'string') continue;
    const internal = new Set<string>();
    for (const field of DEPENDENCY_FIELDS) {
      for (const dependency of Object.keys((json[field] as Record<string, unknown> | undefined) ?? {}))
        if (names.has(dependency)) internal.add(dependency);
    }
    packages.push({ name: json.name, dir: path.slice(0, -'/package.json'.length), internal: [...internal].sort() });
  }
  const rootPaths = [
    ...ROOT_FILES.filter((f) => has.has(f)),
    ...ROOT_DIRS.filter((d) => tracked.some((p) => p.startsWith(`${d}/`))),
  ];
  return { kind, packages: packages.sort((a, b) => a.dir.localeCompare(b.dir)), rootPaths };
}

/** The package (by name, folder, or unscoped name) and every workspace package it reaches. */
export function dependencyClosure(workspace: Workspace, wanted: string): WorkspacePackage[] {
  const start = findPackage(workspace, wanted);
  const byName = new Map(workspace.packages.map((p) => [p.name, p]));
  const seen = new Map<string, WorkspacePackage>([[start.name, start]]);
  const queue = [start];
  while (queue.length > 0) {
    for (const name of queue.shift()!.internal) {
      const next = byName.get(name);
      if (next && !seen.has(name)) {
        seen.set(name, next);
        queue.push(next);
      }
    }
  }
  return [start, ...[...seen.values()].slice(1).sort((a, b) => a.dir.localeCompare(b.dir))];
}

function findPackage(workspace: Workspace, wanted: string): WorkspacePackage {
  const dir = normalizePath(wanted);
  const exact = workspace.packages.find((p) => p.name === wanted || p.dir === dir);
  if (exact) return exact;
  const short = workspace.packages.filter((p) => p.name.replace(/^@[^/]+\//, '') === wanted);
  if (short.length === 1) return short[0];
  const known = workspace.packages
    .slice(0, 5)
    .map((p) => p.name)
    .join(', ');
  const hint =
    short.length > 1
      ? `several packages are called ${wanted}: ${short.map((p) => p.name).join(', ')}`
      : `the ${workspace.kind} workspace has ${workspace.packages.length} packages (${known}${workspace.packages.length > 5 ? ', …' : ''})`;
  throw new SparseError('not-found', `No workspace package '${wanted}': ${hint}. Give a package name or folder.`);
}

/** The profile text for a package and its internal dependencies. */
export function workspaceProfileText(workspace: Workspace, closure: WorkspacePackage[], command: string): string {
  const [target, ...dependencies] = closure;
  const others =
    dependencies.length === 1
      ? '1 workspace package it depends on'
      : `${dependencies.length} workspace packages it depends on`;
  return [
    `# Generated by \`${command}\`: the package, the workspace packages it`,
    '# depends on (directly or through others) and the root manifests. Regenerate it when they change.',
    '[metadata]',
    `title = ${target.name}`,
    `description = ${target.name} and ${others} (${workspace.kind} workspace)`,
    '',
    '[include]',
    ...closure.map((p) => p.dir),
    ...workspace.rootPaths,
    '',
  ].join('\n');
}

/** Where a generated profile goes by default: `<profile dir>/<unscoped name>.sparse`. */
export function defaultProfilePath(profileDirectory: string, packageName: string): string {
  return `${profileDirectory}/${packageName.replace(/^@[^/]+\//, '').replace(/[^A-Za-z0-9._-]+/g, '-')}.sparse`;
}

function workspaceMatcher(globs: string[]): (dir: string) => boolean {
  const toRegex = (glob: string) =>
    new RegExp(`^(?:${expandBraces(normalizePath(glob)).map(globToRegexSource).join('|')})$`);
  const include = globs.filter((g) => !g.startsWith('!')).map(toRegex);
  const exclude = globs.filter((g) => g.startsWith('!')).map((g) => toRegex(g.slice(1)));
  return (dir) => include.some((re) => re.test(dir)) && !exclude.some((re) => re.test(dir));
}

/** `packages:` of pnpm-workspace.yaml, block or flow style; the rest of the file is not needed. */
export function parsePnpmPackages(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => /^packages\s*:/.test(line));
  if (start < 0) return [];
  const unquote = (value: string) =>
    value
      .replace(/\s+#.*$/, '')
      .trim()
      .replace(/^(['"])(.*)\1$/, '$2');
  const inline = lines[start].replace(/^packages\s*:\s*/, '').trim();
  if (inline.startsWith('['))
    return inline
      .replace(/^\[|\]\s*$/g, '')
      .split(',')
      .map(unquote)
      .filter(Boolean);
  const globs: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const item = /^\s+-\s*(.+)$/.exec(line);
    if (item) globs.push(unquote(item[1]));
  }
  return globs;
}

function parseJson(text: string, path: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch (error) {
    throw new SparseError(
      'no-workspace',
      `${path} is not valid JSON (${(error as Error).message}). Fix it, then try again.`,
    );
  }
}

/** File texts from the working copy when there, else from the index in one `git grep --cached`. */
async function readTexts(git: GitRunner, root: string, paths: string[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const missing: string[] = [];
  for (const path of paths) {
    const full = join(root, path);
    if (existsSync(full)) texts.set(path, readFileSync(full, 'utf8'));
    else missing.push(path);
  }
  if (missing.length === 0) return texts;
  const output =
    (await git.tryRun(['grep', '--cached', '-z', '--no-color', '-e', '^', '--', ...missing], {
      env: { GIT_LITERAL_PATHSPECS: '1' },
    })) ?? '';
  const lines = new Map<string, string[]>();
  let at = 0;
  while (at < output.length) {
    const nul = output.indexOf('\0', at);
    const newline = output.indexOf('\n', nul);
    if (nul < 0 || newline < 0) break;
    const path = output.slice(at, nul);
    const list = lines.get(path) ?? [];
    list.push(output.slice(nul + 1, newline));
    lines.set(path, list);
    at = newline + 1;
  }
  for (const [path, content] of lines) texts.set(path, content.join('\n'));
  return texts;
}
