// The git configuration sparse profiles depend on, read in one call: whether git is sparse now
// (and in which mode), where hooks live, whether this is a partial clone, and the repository's
// own Stackline settings (`stackline.sparse.profileDirectory`, `stackline.sparse.always`).
import { readConfigValues } from '../git/config';
import type { GitRunner } from '../git/runner';

export interface SparseConfig {
  sparse: boolean;
  cone: boolean;
  /** core.hooksPath when it points inside the repository, relative to its root. */
  hooksPath?: string;
  partialClone: boolean;
  profileDirectory?: string;
  always: string[];
}

const KEYS =
  '^(core\\.(sparsecheckout|sparsecheckoutcone|hookspath)|remote\\..*\\.promisor|extensions\\.partialclone|stackline\\.sparse\\.(profiledirectory|always))$';

export async function readSparseConfig(git: GitRunner, root: string): Promise<SparseConfig> {
  const values = await readConfigValues(git, KEYS);
  const last = (key: string) => values.get(key)?.at(-1);
  const isTrue = (value: string | undefined) => ['true', 'yes', 'on', '1'].includes((value ?? '').toLowerCase());
  const promisor = [...values.entries()].some(([key, v]) => /^remote\..*\.promisor$/.test(key) && isTrue(v.at(-1)));
  return {
    sparse: isTrue(last('core.sparsecheckout')),
    cone: isTrue(last('core.sparsecheckoutcone')),
    hooksPath: insideRepo(last('core.hookspath'), root),
    partialClone: promisor || last('extensions.partialclone') !== undefined,
    profileDirectory: last('stackline.sparse.profiledirectory'),
    always: (values.get('stackline.sparse.always') ?? []).flatMap((v) => v.split(/[\s,]+/)).filter(Boolean),
  };
}

function insideRepo(path: string | undefined, root: string): string | undefined {
  if (!path) return undefined;
  const relative = path.startsWith(`${root}/`)
    ? path.slice(root.length + 1)
    : path.startsWith('/') || path.startsWith('~')
      ? undefined
      : path;
  return relative?.replace(/^\.\//, '').replace(/\/+$/, '') || undefined;
}
