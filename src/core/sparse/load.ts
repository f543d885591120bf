// Follows `%include`s from a profile file and merges what it finds into one Profile. As in
// Sapling, includes and excludes of every file are pooled (excludes win over all includes), and
// the metadata (title, description, hidden) comes from the top file only.
import { LIST_PROFILES, ProfileError, SparseError } from './errors';
import type { Profile, ProfileFile } from './model';
import { parseBoolean, parseProfile } from './parse';

/** Reads a profile file by repository path; undefined when there is no such file. */
export type ProfileReader = (path: string) => Promise<string | undefined>;

export async function loadProfile(path: string, read: ProfileReader): Promise<Profile> {
  const top = await read(path);
  if (top === undefined)
    throw new SparseError('not-found', `There is no profile ${path}. Pick one of the profiles.`, [LIST_PROFILES]);
  const parsed = new Map<string, ProfileFile>();
  const warnings: string[] = [];

  const visit = async (file: ProfileFile, chain: string[]): Promise<void> => {
    parsed.set(file.path, file);
    for (const include of file.includes) {
      if (chain.includes(include.path)) {
        const cycle = [...chain.slice(chain.indexOf(include.path)), include.path].join(' → ');
        throw new ProfileError(file.path, include.line, `%include cycle: ${cycle}. Remove one of these includes.`);
      }
      if (parsed.has(include.path)) continue;
      const text = await read(include.path);
      if (text === undefined) {
        warnings.push(`${file.path}:${include.line}: %include ${include.path}: no such file; skipped.`);
        continue;
      }
      await visit(parseProfile(text, include.path), [...chain, include.path]);
    }
  };
  const root = parseProfile(top, path);
  await visit(root, [path]);

  const files = [...parsed.values()];
  const hiddenLine = root.metadataLines.hidden ?? 0;
  return {
    path,
    title: oneLine(root.metadata.title) || defaultTitle(path),
    description: root.metadata.description ?? '',
    hidden: root.metadata.hidden === undefined ? false : parseBoolean(root.metadata.hidden, path, hiddenLine),
    include: files.flatMap((f) => f.include),
    exclude: files.flatMap((f) => f.exclude),
    always: files.flatMap((f) => f.always),
    files: files.map((f) => f.path),
    warnings,
  };
}

/** `.sparse/web.sparse` → `web`. */
export function defaultTitle(path: string): string {
  return (path.split('/').pop() ?? path).replace(/\.sparse$/, '');
}

function oneLine(text: string | undefined): string {
  return (text ?? '').replace(/\s*\n\s*/g, ' ').trim();
}
