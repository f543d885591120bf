// Records an index as a tree object. `git write-tree`.
import type { GitRunner } from './runner';

export interface WriteTreeRequest {
  /** Another index file than the repository's (GIT_INDEX_FILE). */
  indexFile?: string;
}

/** The tree's hash. */
export async function writeTree(git: GitRunner, { indexFile }: WriteTreeRequest = {}): Promise<string> {
  const options = indexFile === undefined ? {} : { env: { GIT_INDEX_FILE: indexFile } };
  return (await git.run(['write-tree'], options)).trim();
}
