// Parser for `git diff-tree -r -z --name-status -M` (and `git diff --name-status -z -M`).

export interface ChangedFile {
  /** A added, M modified, D deleted, R renamed, C copied, T type changed. */
  status: string;
  path: string;
  originalPath?: string;
}

export function parseNameStatus(output: string): ChangedFile[] {
  const fields = output.split('\0');
  const files: ChangedFile[] = [];
  for (let i = 0; i < fields.length; i++) {
    const status = fields[i].replace(/^\n/, '');
    if (status === '' || /^[0-9a-f]{40,64}$/.test(status)) continue;
    if (status[0] === 'R' || status[0] === 'C') {
      files.push({ status: status[0], originalPath: fields[i + 1], path: fields[i + 2] });
      i += 2;
    } else {
      files.push({ status: status[0], path: fields[i + 1] });
      i += 1;
    }
  }
  return files;
}
