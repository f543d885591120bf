// What the commit at HEAD holds, read from git's object store only (never the working copy):
// the full file list with sizes for explain and list, and cheap type look-ups for compiling.
import type { GitRunner } from '../git/runner';
import type { PathTypes } from './compile';

export interface TreeFile {
  path: string;
  /** Bytes; undefined in a partial clone when the blob has not been downloaded. */
  size: number | undefined;
}

export class TreeListing implements PathTypes {
  private dirs: Set<string> | undefined;
  private blobs: Set<string> | undefined;

  constructor(readonly files: TreeFile[]) {}

  typeOf(path: string): 'tree' | 'blob' | undefined {
    if (!this.dirs || !this.blobs) {
      this.dirs = new Set();
      this.blobs = new Set();
      for (const { path: file } of this.files) {
        this.blobs.add(file);
        for (let i = file.lastIndexOf('/'); i > 0 && !this.dirs.has(file.slice(0, i)); i = file.lastIndexOf('/', i - 1))
          this.dirs.add(file.slice(0, i));
      }
    }
    return this.dirs.has(path) ? 'tree' : this.blobs.has(path) ? 'blob' : undefined;
  }
}

/**
 * Every file at `rev` with its size. In a partial clone, sizes come only from blobs already
 * downloaded: asking git for the others would fetch them one by one.
 */
export async function listTree(git: GitRunner, rev: string, partialClone: boolean): Promise<TreeListing> {
  if (!partialClone)
    return new TreeListing(
      parseLsTree((await git.exec(['ls-tree', '-r', '-l', '-z', '--full-tree', rev])).stdout, true),
    );
  const [{ stdout: listing }, { stdout: objects }] = await Promise.all([
    git.exec(['ls-tree', '-r', '-z', '--full-tree', rev]),
    git.exec([
      'cat-file',
      '--batch-all-objects',
      '--unordered',
      '--batch-check=%(objectname) %(objecttype) %(objectsize)',
    ]),
  ]);
  const sizes = new Map<string, number>();
  for (const line of objects.split('\n')) {
    const [oid, type, size] = line.split(' ');
    if (type === 'blob') sizes.set(oid, Number(size));
  }
  return new TreeListing(parseLsTree(listing, false).map(({ path, oid }) => ({ path, size: sizes.get(oid) })));
}

interface LsTreeEntry extends TreeFile {
  oid: string;
}

/** `git ls-tree -r -z [-l]` output: blobs only (submodules are not files of this repository). */
export function parseLsTree(output: string, withSizes: boolean): LsTreeEntry[] {
  const entries: LsTreeEntry[] = [];
  let start = 0;
  while (start < output.length) {
    let end = output.indexOf('\0', start);
    if (end < 0) end = output.length;
    const tab = output.indexOf('\t', start);
    // "<mode> <type> <oid>[ <size>]\t<path>"; the mode has 6 digits.
    if (output.startsWith('blob', start + 7)) {
      const oidEnd = output.indexOf(' ', start + 12);
      const oid = output.slice(start + 12, oidEnd < 0 || oidEnd > tab ? tab : oidEnd);
      const size = withSizes ? Number(output.slice(oidEnd, tab).trim()) : undefined;
      entries.push({ path: output.slice(tab + 1, end), oid, size });
    }
    start = end + 1;
  }
  return entries;
}

/**
 * Types of a few paths at HEAD, with one or two small git calls instead of a full listing. For
 * `dirsOnly` paths only "is it a folder" matters, so they never cost the second call.
 */
export async function queryPathTypes(git: GitRunner, paths: string[], dirsOnly: string[] = []): Promise<PathTypes> {
  const wanted = [...new Set(paths.filter((path) => path !== ''))];
  const literal = { env: { GIT_LITERAL_PATHSPECS: '1' } };
  const dirs = new Set<string>();
  const blobs = new Set<string>();
  if (wanted.length + dirsOnly.length > 0) {
    const trees = (
      await git.exec(
        ['ls-tree', '-r', '-d', '--name-only', '-z', '--full-tree', 'HEAD', '--', ...wanted, ...dirsOnly],
        literal,
      )
    ).stdout;
    for (const dir of trees.split('\0')) if (dir) dirs.add(dir);
    const others = wanted.filter((path) => !dirs.has(path));
    if (others.length > 0) {
      const files = (await git.exec(['ls-tree', '-z', '--name-only', '--full-tree', 'HEAD', '--', ...others], literal))
        .stdout;
      for (const file of files.split('\0')) if (file) blobs.add(file);
    }
  }
  return { typeOf: (path) => (dirs.has(path) ? 'tree' : blobs.has(path) ? 'blob' : undefined) };
}
