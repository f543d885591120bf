// Turns a repository's commitlint config into what the linter needs, the way @commitlint/load does:
// `extends` (depth first, later wins, arrays replaced, plugins added up), the parser preset, plugins
// and rules given as functions. Without a config: @commitlint/config-conventional. Stackline ships
// config-conventional and the conventional-commits parser options, so a repository that only
// extends those works in an untrusted workspace too; anything else from node_modules is code and
// loads only when trusted.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { PluginRecords, QualifiedRules, UserPromptConfig } from '@commitlint/types' with {
  'resolution-mode': 'import',
};
import { version as shippedConfigVersion } from '@commitlint/config-conventional/package.json';
import { createParserOpts as conventionalParserOpts } from 'conventional-changelog-conventionalcommits/parserOpts.js';
import { version as shippedPresetVersion } from 'conventional-changelog-conventionalcommits/package.json';
import {
  describe,
  displayName,
  findCommitlintConfig,
  importConfig,
  isObject,
  readCommitlintConfig,
  readData,
  type ConfigFile,
} from './configFile';
import { ConventionsError } from './errors';
import { checkRules } from './lint';
import type { LintConfig } from './lintConfig';

export const DEFAULT_CONFIG = '@commitlint/config-conventional';
const CONVENTIONAL_PRESET = 'conventional-changelog-conventionalcommits';

export interface LoadOptions {
  /** May the repository's code run? (JavaScript configs, and presets, configs and plugins from node_modules.) */
  trusted: boolean;
  /** Where to start looking for the config (default: the root). */
  cwd?: string;
  /** Use this file instead of searching. */
  file?: ConfigFile;
}

type RawConfig = Record<string, unknown>;

interface Context {
  root: string;
  trusted: boolean;
  /** The config file whose settings are being resolved, for messages. */
  origin: string;
}

const DEFAULT_HELP_URL = 'https://github.com/conventional-changelog/commitlint/#what-is-commitlint';

/** The packages Stackline ships, with their versions: an installed copy of the same version is the same code. */
const SHIPPED = new Map([
  [DEFAULT_CONFIG, shippedConfigVersion],
  [CONVENTIONAL_PRESET, shippedPresetVersion],
]);

/**
 * Where the repository's own copy of a package is, unless it is one Stackline ships in the same
 * version (then the shipped copy is used: same result, no module loading on every commit).
 */
function installedPackage(id: string, dir: string): string | undefined {
  const shipped = SHIPPED.get(id);
  if (shipped) {
    try {
      const manifest = createRequire(join(dir, 'noop.js')).resolve(`${id}/package.json`);
      if ((JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version === shipped) return undefined;
    } catch {
      // not installed, or no readable manifest: resolve it as any other package
    }
  }
  return resolvePackage(id, dir);
}

/** Loads the rules that apply to commits in the repository at `root`. */
export async function loadLintConfig(root: string, options: LoadOptions): Promise<LintConfig> {
  const file = options.file ?? findCommitlintConfig(options.cwd ?? root, root);
  if (!file) return defaultLintConfig();
  const loaded = await readCommitlintConfig(file, options);
  const label = displayName(file.path, root) + (file.property ? `#${file.property}` : '');
  const context: Context = { root, trusted: options.trusted, origin: label };
  const config: LintConfig = { ...(await resolveConfig(loaded.config, dirname(file.path), context)), file, label };
  await checkRules(config);
  return config;
}

/** A config given as an object (as a config file would hold it), resolved relative to `dir`. */
export async function resolveLintConfig(
  raw: RawConfig,
  dir: string,
  options: { trusted: boolean; label: string },
): Promise<LintConfig> {
  const config: LintConfig = {
    ...(await resolveConfig(raw, dir, { root: dir, trusted: options.trusted, origin: options.label })),
    label: options.label,
  };
  await checkRules(config);
  return config;
}

let defaultConfig: Promise<Omit<LintConfig, 'file' | 'label'>> | undefined;

/** @commitlint/config-conventional with the conventional-commits parser, as Stackline ships it. */
export async function defaultLintConfig(): Promise<LintConfig> {
  defaultConfig ??= (async () => {
    const context: Context = { root: '/', trusted: false, origin: DEFAULT_CONFIG };
    return resolveConfig({ extends: [DEFAULT_CONFIG] }, '/', context);
  })();
  return { ...(await defaultConfig), label: `the default rules (${DEFAULT_CONFIG})` };
}

async function resolveConfig(
  root: RawConfig,
  dir: string,
  context: Context,
): Promise<Omit<LintConfig, 'file' | 'label'>> {
  checkShape(root, context.origin);
  const config: RawConfig = { extends: [], plugins: [], rules: {}, ...root };
  if (typeof config.parserPreset === 'string')
    config.parserPreset = await loadParserPreset(config.parserPreset, dir, context);
  const chain = await loadExtends(config, dir, context, config.parserPreset !== undefined);
  let merged: RawConfig = {};
  for (const { extends: _ignored, ...layer } of [...chain, config]) merged = mergeConfig(merged, layer);

  const plugins: PluginRecords = {};
  for (const plugin of unique(asArray(merged.plugins))) {
    if (typeof plugin === 'string') plugins[plugin] = await loadPlugin(plugin, dir, context);
    else if (isObject(plugin)) plugins.local = plugin as unknown as PluginRecords[string];
  }
  const rules: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(isObject(merged.rules) ? merged.rules : {})) {
    rules[name] = typeof value === 'function' ? await (value as () => unknown)() : await value;
  }
  return {
    rules: rules as QualifiedRules,
    parserOpts: await parserOptsOf(merged.parserPreset),
    ignores: Array.isArray(merged.ignores) ? (merged.ignores as LintConfig['ignores']) : [],
    defaultIgnores: merged.defaultIgnores !== false,
    plugins,
    helpUrl: typeof merged.helpUrl === 'string' ? merged.helpUrl : DEFAULT_HELP_URL,
    prompt: isObject(merged.prompt) ? (merged.prompt as UserPromptConfig) : {},
  };
}

/** Extended configs, depth first: each after the ones it extends itself. */
async function loadExtends(config: RawConfig, dir: string, context: Context, hasPreset: boolean): Promise<RawConfig[]> {
  const chain: RawConfig[] = [];
  for (const raw of asArray(config.extends)) {
    if (typeof raw !== 'string')
      throw configError(context, `"extends" must list package names or paths, not ${describe(raw)}`);
    const loaded = await loadExtendedConfig(raw, dir, context);
    const extended = { ...loaded.config };
    const inner = { ...context, origin: `${raw} (extended by ${context.origin})` };
    checkShape(extended, inner.origin);
    // As in commitlint: the preset of an extended config is taken unless this level already has
    // one; it is passed down, but a later sibling's preset replaces it.
    let presetBelow = hasPreset;
    if (!hasPreset && typeof extended.parserPreset === 'string') {
      config.parserPreset = await loadParserPreset(extended.parserPreset, loaded.dir, inner);
      presetBelow = true;
    }
    chain.push(...(await loadExtends(extended, loaded.dir, inner, presetBelow)), extended);
  }
  return chain;
}

async function loadExtendedConfig(
  raw: string,
  dir: string,
  context: Context,
): Promise<{ config: RawConfig; dir: string }> {
  const id = configId(raw);
  const local = id.startsWith('.') || isAbsolute(id);
  const path = local ? resolveFile(resolve(dir, id)) : context.trusted ? installedPackage(id, dir) : undefined;
  if (path && /\.(json|ya?ml)$/.test(path)) {
    const data = readData(path, path.endsWith('.json') ? 'json' : 'yaml', context.root);
    if (!isObject(data))
      throw configError(context, `${raw} must hold an object of commitlint settings, not ${describe(data)}`);
    return { config: data, dir: dirname(path) };
  }
  if (path && context.trusted)
    return { config: asConfig(await importConfig(path, context.root), raw, context), dir: dirname(path) };
  if (id === DEFAULT_CONFIG) {
    const bundled = (await import('@commitlint/config-conventional')).default as unknown as RawConfig;
    return { config: structuredClone(bundled), dir };
  }
  if (!context.trusted && (!local || path)) {
    throw new ConventionsError(
      'untrusted',
      `${context.origin} extends ${raw}, which is code from the repository, and this workspace is not trusted. Trust the workspace to check commit messages with these rules.`,
    );
  }
  throw configError(
    context,
    `"extends" names ${raw}, which was not found${local ? '' : ` (looked for ${id} in node_modules; run npm install)`}`,
  );
}

/** commitlint's shorthand: "conventional" → commitlint-config-conventional, "@org" → @org/commitlint-config. */
function configId(raw: string): string {
  if (raw.startsWith('@')) return raw.includes('/') ? raw : `${raw}/commitlint-config`;
  if (raw.startsWith('.') || isAbsolute(raw)) return raw;
  return `commitlint-config-${raw}`;
}

async function loadParserPreset(name: string, dir: string, context: Context): Promise<RawConfig> {
  const path = context.trusted ? installedPackage(name, dir) : undefined;
  if (path) {
    return { name, path, parserOpts: await importConfig(path, context.root) };
  }
  if (name === CONVENTIONAL_PRESET) return { name, parserOpts: conventionalParserOpts() };
  if (!context.trusted) {
    throw new ConventionsError(
      'untrusted',
      `${context.origin} uses the parser preset ${name}, which is code, and this workspace is not trusted. Trust the workspace to check commit messages with these rules.`,
    );
  }
  throw configError(context, `the parser preset ${name} was not found (run npm install)`);
}

/** The parser options of a resolved preset, as @commitlint/load's loadParserOpts produces them. */
async function parserOptsOf(preset: unknown): Promise<Record<string, unknown>> {
  if (typeof preset === 'function') return parserOptsOf(preset());
  const parser = await preset;
  if (!isObject(parser) || !parser.parserOpts) return {};
  let options: unknown = await parser.parserOpts;
  if (
    typeof options === 'function' &&
    typeof parser.name === 'string' &&
    parser.name.startsWith('conventional-changelog-')
  ) {
    // A conventional-changelog preset factory: called with a callback by old presets, returns a promise in new ones.
    const factory = options as (callback: (error: unknown, value: RawConfig) => void) => unknown;
    options = await new Promise<unknown>((done) => {
      const result = factory((_error, value) => done(value?.parserOpts));
      if (result) void Promise.resolve(result).then((value) => done(isObject(value) ? value.parserOpts : undefined));
    });
  }
  if (isObject(options) && isObject(options.parserOpts)) options = options.parserOpts;
  return isObject(options) ? options : {};
}

async function loadPlugin(name: string, dir: string, context: Context): Promise<PluginRecords[string]> {
  if (!context.trusted) {
    throw new ConventionsError(
      'untrusted',
      `${context.origin} uses the commitlint plugin ${name}, which is code, and this workspace is not trusted. Trust the workspace to check commit messages with these rules.`,
    );
  }
  const id = pluginId(name);
  const path = resolvePackage(id, dir);
  if (!path) throw configError(context, `the plugin ${id} was not found (run npm install)`);
  const plugin = await importConfig(path, context.root);
  if (!isObject(plugin) || !isObject(plugin.rules))
    throw configError(context, `the plugin ${id} has no "rules" object`);
  return plugin as unknown as PluginRecords[string];
}

/** commitlint's plugin naming: "x" → commitlint-plugin-x, "@org" → @org/commitlint-plugin, "@org/x" → @org/commitlint-plugin-x. */
function pluginId(name: string): string {
  const scoped = /^(@[^/]+)(?:\/(.*))?$/.exec(name);
  if (scoped) {
    const [, scope, rest] = scoped;
    if (!rest || rest === 'commitlint-plugin') return `${scope}/commitlint-plugin`;
    return /^commitlint-plugin(-|$)/.test(rest) ? name : `${scope}/commitlint-plugin-${rest}`;
  }
  return name.startsWith('commitlint-plugin-') ? name : `commitlint-plugin-${name}`;
}

/** A package (or file inside one) as Node resolves it from `dir`; undefined when it is not installed. */
function resolvePackage(id: string, dir: string): string | undefined {
  const require = createRequire(join(dir, 'noop.js'));
  for (const suffix of ['', '.js', '.json', '/index.js', '/index.json']) {
    try {
      return require.resolve(id + suffix);
    } catch {
      // not found with this suffix: try the next, as commitlint does
    }
  }
  return undefined;
}

function resolveFile(path: string): string | undefined {
  const require = createRequire(join(dirname(path), 'noop.js'));
  try {
    return require.resolve(path);
  } catch {
    return undefined;
  }
}

/** The fields commitlint reads, checked for type so a typo reads as a message, not a crash. */
function checkShape(config: RawConfig, origin: string): void {
  const problem = (field: string, expected: string) =>
    new ConventionsError(
      'config',
      `${origin}: "${field}" must be ${expected}, not ${describe(config[field])}. Fix the config.`,
    );
  const { extends: ext, rules, parserPreset, plugins, ignores, defaultIgnores, helpUrl, prompt } = config;
  if (ext !== undefined && typeof ext !== 'string' && !Array.isArray(ext))
    throw problem('extends', 'a package name or a list of them');
  if (rules !== undefined && !isObject(rules)) throw problem('rules', 'an object of rule settings');
  if (parserPreset !== undefined && typeof parserPreset !== 'string' && typeof parserPreset !== 'object')
    throw problem('parserPreset', 'a package name or an object');
  if (plugins !== undefined && !Array.isArray(plugins)) throw problem('plugins', 'a list');
  if (ignores !== undefined && (!Array.isArray(ignores) || ignores.some((i) => typeof i !== 'function')))
    throw problem('ignores', 'a list of functions (only JavaScript configs can have it)');
  if (defaultIgnores !== undefined && typeof defaultIgnores !== 'boolean')
    throw problem('defaultIgnores', 'true or false');
  if (helpUrl !== undefined && typeof helpUrl !== 'string') throw problem('helpUrl', 'a URL');
  if (prompt !== undefined && !isObject(prompt)) throw problem('prompt', 'an object');
}

function asConfig(value: unknown, raw: string, context: Context): RawConfig {
  if (!isObject(value)) throw configError(context, `${raw} does not export an object of commitlint settings`);
  return value;
}

function configError(context: Context, problem: string): ConventionsError {
  return new ConventionsError('config', `${context.origin}: ${problem}. Fix the config.`);
}

/**
 * @commitlint/resolve-extends' merge: objects merge deeply, a later array replaces an earlier one,
 * except plugins, which add up. Values are shared, not copied (rules may hold functions and RegExps).
 */
export function mergeConfig(target: RawConfig, source: RawConfig, key?: string): RawConfig {
  const result: RawConfig = { ...target };
  for (const [name, value] of Object.entries(source)) {
    const before = result[name];
    if (value === undefined) continue;
    if (name === 'plugins' && key === undefined && Array.isArray(before)) result[name] = before.concat(value);
    else if (
      isObject(value) &&
      !isClassInstance(value) &&
      (before === undefined || (isObject(before) && !isClassInstance(before)))
    ) {
      result[name] = mergeConfig(isObject(before) ? before : {}, value, name);
    } else result[name] = value;
  }
  return result;
}

function isClassInstance(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto !== null && proto !== Object.prototype;
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
