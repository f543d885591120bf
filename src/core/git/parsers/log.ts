// Parser for `git log -z` with the fixed format LOG_FORMAT: one record per commit, NUL-separated.

export interface LogCommit {
  hash: string;
  parents: string[];
  author: string;
  authorEmail: string;
  /** Author time, seconds since the epoch: a commit's age, which an amend or a restack keeps. */
  date: number;
  /** Committer time: when this version of the commit was made (amends and restacks move it). */
  committerDate: number;
  title: string;
  /** True for a boundary commit (`--boundary`): an uninteresting parent of an interesting commit. */
  boundary: boolean;
}

const FIELDS = ['%m', '%H', '%P', '%an', '%ae', '%at', '%ct', '%s'];
/** Pass as `--format=${LOG_FORMAT}` together with `-z`. */
export const LOG_FORMAT = FIELDS.join('%x00');

export function parseLog(output: string): LogCommit[] {
  if (output === '') return [];
  const fields = output.split('\0');
  // -z terminates each record with NUL, which leaves one empty field at the end (or a newline).
  while (fields.length % FIELDS.length !== 0 && (fields.at(-1) === '' || fields.at(-1) === '\n')) fields.pop();
  if (fields.length % FIELDS.length !== 0) {
    throw new Error(`Unexpected git log output: ${fields.length} fields is not a multiple of ${FIELDS.length}`);
  }
  const commits: LogCommit[] = [];
  for (let i = 0; i < fields.length; i += FIELDS.length) {
    const [mark, hash, parents, author, authorEmail, date, committerDate, title] = fields.slice(i, i + FIELDS.length);
    commits.push({
      hash: hash.replace(/^\n/, ''),
      parents: parents === '' ? [] : parents.split(' '),
      author,
      authorEmail,
      date: Number(date),
      committerDate: Number(committerDate),
      title,
      boundary: mark.replace(/^\n/, '') === '-',
    });
  }
  return commits;
}
