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
  return parseRecords(output, FIELDS.length).map(({ commit }) => commit);
}

export interface DecoratedLogCommit extends LogCommit {
  /** The ref names git decorated the commit with, as `--decorate-refs` allowed ("origin/main"). */
  refNames: string[];
}

/** Pass as `--format=${DECORATED_LOG_FORMAT}` with `-z`: LOG_FORMAT and each commit's ref names (`%D`). */
export const DECORATED_LOG_FORMAT = `${LOG_FORMAT}%x00%D`;

/** Commits with the ref names git decorated them with (as `--decorate-refs` allowed: "origin/main, main"). */
export function parseDecoratedLog(output: string): DecoratedLogCommit[] {
  return parseRecords(output, FIELDS.length + 1).map(({ commit, rest }) => ({
    ...commit,
    refNames: rest[0] ? rest[0].split(', ') : [],
  }));
}

function parseRecords(output: string, width: number): { commit: LogCommit; rest: string[] }[] {
  if (output === '') return [];
  const fields = output.split('\0');
  // -z terminates each record with NUL, which leaves one empty field at the end (or a newline).
  while (fields.length % width !== 0 && (fields.at(-1) === '' || fields.at(-1) === '\n')) fields.pop();
  if (fields.length % width !== 0) {
    throw new Error(`Unexpected git log output: ${fields.length} fields is not a multiple of ${width}`);
  }
  const records: { commit: LogCommit; rest: string[] }[] = [];
  for (let i = 0; i < fields.length; i += width) {
    const [mark, hash, parents, author, authorEmail, date, committerDate, title, ...rest] = fields.slice(i, i + width);
    records.push({
      commit: {
        hash: hash.replace(/^\n/, ''),
        parents: parents === '' ? [] : parents.split(' '),
        author,
        authorEmail,
        date: Number(date),
        committerDate: Number(committerDate),
        title,
        boundary: mark.replace(/^\n/, '') === '-',
      },
      rest,
    });
  }
  return records;
}
