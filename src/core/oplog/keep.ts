// Keeps every commit the oplog mentions alive: a chain of commits under KEEP_REF, each with the
// previous one and the operation's old commits as parents. Index and work-tree snapshots (trees)
// are kept as the trees of small holder commits. `git gc` never prunes what undo may need;
// `git log --all` shows the chain.
import type { GitRunner } from '../git/runner';
import { KEEP_REF } from './snapshot';
import { updateRefs } from '../git/updateRefs';

/** What keepAlive needs to write its commits: the operation's object store (operations/objects.ts). */
export interface CommitWriter {
  writeCommit(fields: { tree: string; parents: string[]; headers: string[]; message: Buffer }): string;
  emptyTree(): string;
  flush(): Promise<void>;
}

export async function keepAlive(
  git: GitRunner,
  store: CommitWriter,
  current: string | undefined,
  commits: string[],
  trees: string[],
  message: string,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const headers = [
    `author Stackline <stackline@localhost> ${now} +0000`,
    `committer Stackline <stackline@localhost> ${now} +0000`,
  ];
  const holders = [...new Set(trees)].map((tree) =>
    store.writeCommit({ tree, parents: [], headers, message: Buffer.from('stackline: index snapshot\n') }),
  );
  const parents = [...new Set([...(current ? [current] : []), ...commits, ...holders])];
  const keep = store.writeCommit({ tree: store.emptyTree(), parents, headers, message: Buffer.from(`${message}\n`) });
  await store.flush();
  const line = current ? `update ${KEEP_REF} ${keep} ${current}` : `create ${KEEP_REF} ${keep}`;
  await updateRefs(git, { commands: [line], reason: 'stackline: oplog' });
  return keep;
}
