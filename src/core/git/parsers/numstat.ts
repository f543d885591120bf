// Parser for `git diff-tree -r -z -M --numstat`: lines added and deleted per file.

export interface NumstatEntry {
  path: string;
  /** Renames and copies: the path before. */
  originalPath?: string;
  /** null for binary files (git prints "-"). */
  added: number | null;
  deleted: number | null;
}

export function parseNumstat(output: string): NumstatEntry[] {
  const fields = output.split('\0');
  const entries: NumstatEntry[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i].replace(/^\n/, '');
    const match = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(field);
    if (!match) continue;
    const [, added, deleted, path] = match;
    const counts = { added: added === '-' ? null : Number(added), deleted: deleted === '-' ? null : Number(deleted) };
    // A rename or copy leaves the path empty and puts the old and new paths in the next two fields.
    if (path === '') {
      entries.push({ path: fields[i + 2], originalPath: fields[i + 1], ...counts });
      i += 2;
    } else {
      entries.push({ path, ...counts });
    }
  }
  return entries;
}
