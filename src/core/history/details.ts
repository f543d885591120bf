// One commit in full for the graph's details pane: message, author and committer with dates, and
// the files it changes (against its first parent) with lines added and deleted.
import { GitError } from '../git/errors';
import { parseNameStatus } from '../git/parsers/diff';
import { parseNumstat } from '../git/parsers/numstat';
import type { GitRunner } from '../git/runner';
import { FILE_STATUSES, type CommitDetails, type FileStat } from '../../protocol';

/** A commit touching more files than this lists the first ones and says how many more. */
export const MAX_DETAIL_FILES = 2000;

const FIELDS = ['%H', '%P', '%an', '%ae', '%at', '%cn', '%ce', '%ct', '%B'];

export async function readCommitDetails(git: GitRunner, hash: string): Promise<CommitDetails> {
  const header = await git.tryRun([
    'show',
    '-s',
    `--format=${FIELDS.join('%x00')}`,
    '--end-of-options',
    `${hash}^{commit}`,
  ]);
  if (header === undefined)
    throw new GitError(
      'bad-revision',
      `Commit ${hash.slice(0, 9)} is not in this repository any more. Refresh the graph.`,
    );
  const [full, parents, author, authorEmail, authorDate, committer, committerEmail, commitDate, ...message] =
    header.split('\0');
  const parentList = parents ? parents.split(' ') : [];
  // Like `git show`: a merge is compared with its first parent, a root commit with nothing.
  const range = parentList.length > 0 ? [parentList[0], full] : ['--root', full];
  const [numstat, nameStatus] = await Promise.all([
    git.run(['diff-tree', '-r', '-z', '-M', '--no-commit-id', '--numstat', ...range]),
    git.run(['diff-tree', '-r', '-z', '-M', '--no-commit-id', '--name-status', ...range]),
  ]);
  const counts = new Map(parseNumstat(numstat).map((entry) => [entry.path, entry]));
  const files: FileStat[] = parseNameStatus(nameStatus).map((file) => {
    const stat = counts.get(file.path);
    return {
      path: file.path,
      ...(file.originalPath !== undefined ? { originalPath: file.originalPath } : {}),
      // git prints no other letters without -B; one it might add reads as unknown.
      status: FILE_STATUSES.find((status) => status === file.status) ?? 'X',
      added: stat ? stat.added : null,
      deleted: stat ? stat.deleted : null,
    };
  });
  return {
    hash: full,
    parents: parentList,
    author,
    authorEmail,
    authorDate: Number(authorDate),
    committer,
    committerEmail,
    commitDate: Number(commitDate),
    message: message.join('\0').replace(/\n+$/, ''),
    files: files.slice(0, MAX_DETAIL_FILES),
    moreFiles: Math.max(0, files.length - MAX_DETAIL_FILES),
  };
}
