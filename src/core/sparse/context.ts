// One repository as sparse profiles see it: where its profiles live, how a profile file is read,
// and what every checkout keeps (the skeleton).
import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { RepoLocation } from '../git/repository';
import type { GitRunner } from '../git/runner';
import type { Skeleton } from './compile';
import { readSparseConfig, type SparseConfig } from './config';
import { LIST_PROFILES, SparseError } from './errors';
import type { ProfileReader } from './load';
import type { Rule } from './model';
import { normalizePath, parseRule } from './parse';

export const DEFAULT_PROFILE_DIRECTORY = '.sparse';

/**
 * Folders that hold git hooks and commit-convention config. Husky and friends silently skip a
 * hook whose script is missing, so a checkout without them would let unchecked commits through.
 */
export const HOOK_DIRS = ['.husky', '.githooks', '.hooks', '.lefthook', '.config', '.stackline'];

/** Settings that override the repository's git config (the extension passes its own settings). */
export interface SparseOverrides {
  profileDirectory?: string;
  always?: string[];
}

export class SparseContext {
  constructor(
    readonly git: GitRunner,
    readonly location: RepoLocation,
    readonly overrides: SparseOverrides = {},
  ) {}

  get root(): string {
    return this.location.root;
  }

  config(): Promise<SparseConfig> {
    return readSparseConfig(this.git, this.root);
  }

  profileDirectory(config: SparseConfig): string {
    return normalizePath(this.overrides.profileDirectory || config.profileDirectory || DEFAULT_PROFILE_DIRECTORY);
  }

  /** Always-needed rules from settings, as text (recorded with the state so re-applies agree). */
  alwaysSetting(config: SparseConfig): string[] {
    return this.overrides.always?.length ? this.overrides.always : config.always;
  }

  skeleton(config: SparseConfig, always: string[]): Skeleton {
    const rules: Rule[] = always.map((text) => parseRule(text, 'setting stackline.sparse.always', 0));
    return {
      dirs: [this.profileDirectory(config)],
      ifPresent: [...HOOK_DIRS, ...(config.hooksPath ? [config.hooksPath] : [])],
      always: rules,
    };
  }

  /**
   * Reads a profile file from the working copy when it is there (so a profile can be tried before
   * it is committed), else from HEAD (so profiles outside the current checkout still work).
   */
  reader(): ProfileReader {
    const cache = new Map<string, Promise<string | undefined>>();
    return (path) => {
      const normalized = normalizePath(path);
      let text = cache.get(normalized);
      if (!text) {
        text = this.readProfileFile(normalized);
        cache.set(normalized, text);
      }
      return text;
    };
  }

  private async readProfileFile(path: string): Promise<string | undefined> {
    if (path === '' || path.split('/').includes('..')) return undefined;
    try {
      return readFileSync(join(this.root, path), 'utf8');
    } catch {
      return this.git.tryRun(['cat-file', 'blob', `HEAD:${path}`]);
    }
  }

  /** Profile files in the profile folder, at HEAD and in the working copy: `*.sparse` or no extension. */
  async profilePaths(config: SparseConfig): Promise<string[]> {
    const dir = this.profileDirectory(config);
    const found = new Set<string>();
    const committed =
      (await this.git.tryRun(['ls-tree', '-r', '--name-only', '-z', '--full-tree', 'HEAD', '--', dir], {
        env: { GIT_LITERAL_PATHSPECS: '1' },
      })) ?? '';
    for (const path of committed.split('\0')) if (path) found.add(path);
    for (const path of walkFiles(join(this.root, dir), dir)) found.add(path);
    return [...found].filter(isProfileFile).sort();
  }

  /** A profile named on the command line or in a picker: `web`, `web.sparse` or a repository path. */
  async resolveProfile(config: SparseConfig, name: string): Promise<string> {
    const dir = this.profileDirectory(config);
    const path = normalizePath(name);
    const read = this.reader();
    const inDirectory = [`${dir}/${path}.sparse`, `${dir}/${path}`];
    // A bare name is most likely a profile in the profile folder; a path, a path.
    for (const candidate of path.includes('/') ? [path, ...inDirectory] : [...inDirectory, path]) {
      if (candidate !== '' && (await read(candidate)) !== undefined) return candidate;
    }
    throw new SparseError('not-found', `There is no profile '${name}' in ${dir}/. Pick one of the profiles there.`, [
      LIST_PROFILES,
    ]);
  }

  /** `.sparse/web.sparse` → `web`; paths outside the profile folder stay as they are. */
  displayName(config: SparseConfig, path: string): string {
    const dir = `${this.profileDirectory(config)}/`;
    return (path.startsWith(dir) ? path.slice(dir.length) : path).replace(/\.sparse$/, '');
  }
}

function isProfileFile(path: string): boolean {
  const name = path.split('/').pop() ?? '';
  return !name.startsWith('.') && (name.endsWith('.sparse') || !name.includes('.'));
}

/** Files below a folder; symbolic links are not followed (a link loop must not hang the listing). */
function walkFiles(dir: string, relative: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) =>
    entry.isDirectory()
      ? walkFiles(join(dir, entry.name), `${relative}/${entry.name}`)
      : entry.isFile()
        ? [`${relative}/${entry.name}`]
        : [],
  );
}
