// Finds and reads a repository's commitlint config, in the places and formats commitlint reads:
// package.json#commitlint, .commitlintrc[.json|.yaml|.yml|.js|.cjs|.mjs], commitlint.config.{js,cjs,mjs}.
// JSON and YAML are data; JavaScript configs are code and load only when the caller trusts the repo.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { load as loadYaml } from 'js-yaml';
import { ConventionsError } from './errors';

/** commitlint's search order (cosmiconfig with its search places). The first one found wins. */
export const COMMITLINT_CONFIG_NAMES = [
  'package.json',
  'package.yaml',
  '.commitlintrc',
  '.commitlintrc.json',
  '.commitlintrc.yaml',
  '.commitlintrc.yml',
  '.commitlintrc.js',
  '.commitlintrc.cjs',
  '.commitlintrc.mjs',
  'commitlint.config.js',
  'commitlint.config.cjs',
  'commitlint.config.mjs',
  '.commitlintrc.ts',
  '.commitlintrc.cts',
  'commitlint.config.ts',
  'commitlint.config.cts',
] as const;

export type ConfigFormat = 'json' | 'yaml' | 'js' | 'ts';

export interface ConfigFile {
  path: string;
  /** The repository root: messages name the file relative to it. */
  root: string;
  format: ConfigFormat;
  /** package.json / package.yaml: the config is this property of the file. */
  property?: string;
}

export interface LoadedConfigFile extends ConfigFile {
  config: Record<string, unknown>;
}

function formatOf(name: string): ConfigFormat {
  const ext = extname(name);
  if (ext === '.json') return 'json';
  if (ext === '' || ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.ts' || ext === '.cts' || ext === '.mts') return 'ts';
  return 'js';
}

/** Folders from `start` up to `root` (both included); just `start` when it is outside `root`. */
function foldersUpTo(start: string, root: string): string[] {
  const folders = [resolve(start)];
  const top = resolve(root);
  const inside = folders[0] === top || folders[0].startsWith(top + sep);
  while (inside && folders[folders.length - 1] !== top) {
    const parent = dirname(folders[folders.length - 1]);
    if (parent === folders[folders.length - 1]) break;
    folders.push(parent);
  }
  return folders;
}

/**
 * The commitlint config that applies in `start`, searching up to the repository root. Unlike the
 * commitlint CLI, folders above the repository and ~/.config/commitlint are not searched: the rules
 * a clone follows are the ones committed with it.
 */
export function findCommitlintConfig(start: string, root: string): ConfigFile | undefined {
  for (const folder of foldersUpTo(start, root)) {
    for (const name of COMMITLINT_CONFIG_NAMES) {
      const path = join(folder, name);
      if (!isFile(path)) continue;
      if (name === 'package.json' || name === 'package.yaml') {
        const data = readData(path, name === 'package.json' ? 'json' : 'yaml', root);
        if (isObject(data) && data.commitlint !== undefined && data.commitlint !== null) {
          return { path, root, format: name === 'package.json' ? 'json' : 'yaml', property: 'commitlint' };
        }
        continue;
      }
      // commitlint skips empty files and goes on searching.
      if (readFileSync(path, 'utf8').trim() === '') continue;
      return { path, root, format: formatOf(name) };
    }
  }
  return undefined;
}

export interface ReadOptions {
  /** Whether the repository's code may run (JavaScript configs, plugins, presets from node_modules). */
  trusted: boolean;
}

/** Reads a config file found by findCommitlintConfig (or named by the user). */
export async function readCommitlintConfig(file: ConfigFile, options: ReadOptions): Promise<LoadedConfigFile> {
  const name = displayName(file.path, file.root);
  if (file.format === 'ts') {
    throw new ConventionsError(
      'config',
      `${name}: TypeScript commitlint configs are not supported by Stackline. Rename it to commitlint.config.mjs (plain JavaScript) or use .commitlintrc.json.`,
      file.path,
    );
  }
  let value: unknown;
  if (file.format === 'js') {
    if (!options.trusted) {
      throw new ConventionsError(
        'untrusted',
        `${name} is code, and this workspace is not trusted, so Stackline does not run it. Trust the workspace to check commit messages with these rules.`,
        file.path,
      );
    }
    value = await importConfig(file.path, file.root);
  } else {
    const data = readData(file.path, file.format, file.root);
    value = file.property && isObject(data) ? data[file.property] : data;
  }
  if (!isObject(value)) {
    const where = file.property ? `${name}#${file.property}` : name;
    throw new ConventionsError(
      'config',
      `${where} must hold an object of commitlint settings (e.g. {"extends": ["@commitlint/config-conventional"]}), not ${describe(value)}.`,
      file.path,
    );
  }
  return { ...file, config: value };
}

/** Parses a JSON or YAML file; a syntax error becomes a message with the file, line and column. */
export function readData(path: string, format: 'json' | 'yaml', root: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConventionsError('config', `Cannot read ${displayName(path, root)}: ${(error as Error).message}`, path);
  }
  try {
    return format === 'json' ? JSON.parse(text) : loadYaml(text, { filename: path });
  } catch (error) {
    const detail = format === 'json' ? jsonErrorDetail(text, error as Error) : yamlErrorDetail(error);
    throw new ConventionsError(
      'config',
      `${displayName(path, root)} is not valid ${format.toUpperCase()}: ${detail}. Fix the file.`,
      path,
    );
  }
}

/** Loads a module by file URL: import() as is; the git hook passes its own (see setModuleImporter). */
export type ModuleImporter = (url: string) => Promise<unknown>;

let importModule: ModuleImporter = (url) => import(url);

/**
 * Replaces how repository code (JavaScript configs, presets, plugins) is loaded, for the git hook:
 * its code runs from V8's code cache through the vm module, where import() is not available.
 */
export function setModuleImporter(importer: ModuleImporter): void {
  importModule = importer;
}

/** Imports a JavaScript config; a changed file is imported afresh (the extension reloads on edits). */
export async function importConfig(path: string, root: string): Promise<unknown> {
  try {
    // Node caches modules by URL (ESM) and by path (CommonJS): a new query and a cleared
    // require cache make an edited file load again.
    delete createRequire(path).cache[path];
    const url = pathToFileURL(path);
    url.searchParams.set('mtime', String(statSync(path).mtimeMs));
    const imported = (await importModule(url.href)) as { default?: unknown };
    return 'default' in imported && imported.default !== undefined ? imported.default : imported;
  } catch (error) {
    throw new ConventionsError(
      'config',
      `${displayName(path, root)} failed to load: ${firstLine(error)}. Fix the file.`,
      path,
    );
  }
}

function jsonErrorDetail(text: string, error: Error): string {
  const message = error.message.replace(/\s*\(line \d+ column \d+\)$/, '');
  const position = /at position (\d+)/.exec(message);
  if (!position) return message;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = Number(position[1]) - before.lastIndexOf('\n');
  return `${message.replace(/ in JSON at position \d+/, '')} at line ${line}, column ${column}`;
}

function yamlErrorDetail(error: unknown): string {
  const yaml = error as { reason?: string; mark?: { line: number; column: number } };
  if (yaml.reason && yaml.mark) return `${yaml.reason} at line ${yaml.mark.line + 1}, column ${yaml.mark.column + 1}`;
  return firstLine(error);
}

export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (
    text
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? text
  );
}

/** The file's name as people see it: relative to the repository root when inside it. */
export function displayName(path: string, root: string): string {
  const rel = relative(root, path);
  return rel && !rel.startsWith('..') && !rel.startsWith(sep) ? rel : path;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'string')
    return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value === 'object' ? 'an' : 'a'} ${typeof value}`;
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}
