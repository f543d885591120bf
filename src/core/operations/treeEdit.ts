// Objects read by revision spec (`<commit>:<path>`) in one `cat-file --batch`, and trees rebuilt with
// some files' blobs replaced: how absorb puts hunks into many commits without an index or a work
// tree for each. Only existing file entries change (same name, same mode), so tree order holds.
import type { GitRunner } from '../git/runner';
import type { ObjectStore } from './objects';

export interface GitObject {
  hash: string;
  type: string;
  content: Buffer;
}

/** Each spec's object; specs git cannot resolve are left out. Specs must not contain a newline. */
export async function readObjects(git: GitRunner, specs: string[]): Promise<Map<string, GitObject>> {
  const unique = [...new Set(specs)];
  const found = new Map<string, GitObject>();
  if (unique.length === 0) return found;
  const { raw } = await git.exec(['cat-file', '--batch'], { input: `${unique.join('\n')}\n` });
  let offset = 0;
  for (const spec of unique) {
    const eol = raw.indexOf(0x0a, offset);
    const [hash, type, size] = raw.subarray(offset, eol).toString('latin1').split(' ');
    if (type === 'missing' || type === 'ambiguous' || size === undefined) {
      offset = eol + 1;
      continue;
    }
    const start = eol + 1;
    found.set(spec, { hash, type, content: raw.subarray(start, start + Number(size)) });
    offset = start + Number(size) + 1;
  }
  return found;
}

/** The folders a path is in, the root ('') first: "a/b/c.txt" → ['', 'a', 'a/b']. */
export function foldersOf(path: string): string[] {
  const parts = path.split('/').slice(0, -1);
  return ['', ...parts.map((_, i) => parts.slice(0, i + 1).join('/'))];
}

/**
 * The tree `root` with the blobs of `edits` (path → new blob hash) replaced; new trees are queued in
 * `store`. `folder` gives the tree of a folder ('' the root) as it is in `root`.
 */
export function replaceBlobs(
  store: ObjectStore,
  root: GitObject,
  edits: Map<string, string>,
  folder: (path: string) => GitObject,
): string {
  const edit = (tree: GitObject, prefix: string): string => {
    const hashBytes = store.hashBytes();
    const parts: Buffer[] = [];
    let changed = false;
    let at = 0;
    const content = tree.content;
    while (at < content.length) {
      const space = content.indexOf(0x20, at);
      const nul = content.indexOf(0, space);
      const mode = content.subarray(at, space).toString('latin1');
      const path = prefix + content.subarray(space + 1, nul).toString('utf8');
      let hash = content.subarray(nul + 1, nul + 1 + hashBytes).toString('hex');
      const wanted =
        mode === '40000'
          ? [...edits.keys()].some((p) => p.startsWith(`${path}/`))
            ? edit(folder(path), `${path}/`)
            : hash
          : (edits.get(path) ?? hash);
      if (wanted !== hash) {
        changed = true;
        hash = wanted;
      }
      parts.push(content.subarray(at, nul + 1), Buffer.from(hash, 'hex'));
      at = nul + 1 + hashBytes;
    }
    return changed ? store.write('tree', Buffer.concat(parts)) : tree.hash;
  };
  return edit(root, '');
}
