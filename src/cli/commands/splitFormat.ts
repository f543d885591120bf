// Text and JSON output of `stackline split --list`: the commit's hunks numbered as --hunks takes
// them, each with its changed lines numbered for line picks; whole-file changes say why.
import { plural, shortHash } from '../../core/format';
import { WHOLE_REASONS, type SplitPiece } from '../../core/operations';

interface Listed {
  hash: string;
  title: string;
  pieces: SplitPiece[];
}

export function formatSplitList({ hash, title, pieces }: Listed): string {
  const width = String(pieces.length).length;
  const out = [`${shortHash(hash)} "${title}": ${plural(pieces.length, 'hunk')}`, ''];
  for (const piece of pieces) {
    out.push(`${String(piece.number).padStart(width)}  ${piece.path}  ${describePiece(piece)}`);
    const indent = ' '.repeat(width + 2);
    const lineWidth = Math.max(3, String(piece.lines.length).length);
    for (const line of piece.lines) {
      out.push(`${indent}${String(line.number).padStart(lineWidth)}  ${line.sign}${line.text}`);
      if (line.noNewline) out.push(`${indent}${' '.repeat(lineWidth)}  \\ No newline at end of file`);
    }
  }
  out.push('', 'Pick hunks with --hunks 1,3 and lines of a hunk with --hunks 2:1-3,2:7.');
  return out.join('\n');
}

/** What a piece is, after its path: its hunk header (and the file's change), its rename or mode change, or why it is whole. */
function describePiece(piece: SplitPiece): string {
  if (piece.kind === 'rename') return `renamed from ${piece.oldPath}`;
  if (piece.kind === 'mode') return `mode ${piece.modes![0]} → ${piece.modes![1]}`;
  const change = piece.change === 'added' ? 'new file' : piece.change === 'deleted' ? 'deleted file' : '';
  if (piece.kind === 'whole') return `${change ? `${change}, ` : ''}${WHOLE_REASONS[piece.reason!]} (whole file only)`;
  return [change && `(${change})`, piece.header].filter(Boolean).join(' ');
}

export function splitListJson({ hash, title, pieces }: Listed): object {
  return { commit: hash, title, hunks: pieces };
}
