// Split Commit…'s question: which hunks of the commit go into the first (lower) part. A multi-select
// list of the commit's numbered changes (each hunk with its file, header and first changed lines;
// renames, mode changes and binary files as whole pieces), where a hunk's Pick Lines… button opens
// a second multi-select of its changed lines. The answer is the split operation's picks.
import * as vscode from 'vscode';
import { shortHash } from '../../core/format';
import { splitPieces, type HunkPick, type PieceLine, type SplitPiece } from '../../core/operations';
import type { Repository } from '../repository';
import { repoSession } from './session';

export interface PickedHunks {
  picks: HunkPick[];
  /** The files the picks touch. */
  paths: string[];
  /** Whether some hunks are taken only in part (some of their lines). */
  someLines: boolean;
}

type Item = vscode.QuickPickItem & { piece: SplitPiece };

/** Undefined when the person cancelled (or picked nothing). */
export async function pickHunks(repo: Repository, hash: string): Promise<PickedHunks | undefined> {
  const { pieces, title } = await splitPieces(repoSession(repo), hash);
  const lines = pieces.reduce((sum, p) => sum + p.lines.length, 0);
  if (pieces.length < 2 && lines < 2) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('{0} has a single change that cannot be taken apart: there is nothing to split.', shortHash(hash)),
    );
    return undefined;
  }
  // The hunks taken only in part, by number: their lines. A hunk counts only while its item is checked.
  const partial = new Map<number, Set<number>>();
  const pick = vscode.window.createQuickPick<Item>();
  pick.canSelectMany = true;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.title = vscode.l10n.t('Split “{0}” ({1}): choose part 1, below', title, shortHash(hash));
  pick.placeholder = vscode.l10n.t('Unchecked hunks stay on top; Pick Lines… takes part of a hunk');
  const linesButton: vscode.QuickInputButton = {
    iconPath: new vscode.ThemeIcon('list-selection'),
    tooltip: vscode.l10n.t('Pick Lines…'),
  };
  const render = (checked: Set<number>) => {
    const items = pieces.map((piece) => itemOf(piece, partial.get(piece.number), linesButton));
    pick.items = items;
    pick.selectedItems = items.filter((item) => checked.has(item.piece.number));
  };
  const checkedNow = () => new Set(pick.selectedItems.map((item) => item.piece.number));
  render(new Set());
  let pickingLines = false;
  try {
    return await new Promise<PickedHunks | undefined>((resolve) => {
      pick.onDidTriggerItemButton(async ({ item }) => {
        const { number } = item.piece;
        const checked = checkedNow();
        pickingLines = true;
        const chosen = await pickLines(item.piece, checked.has(number) ? (partial.get(number) ?? 'all') : undefined);
        pickingLines = false;
        if (chosen !== undefined) {
          partial.delete(number);
          if (chosen.size === 0) checked.delete(number);
          else checked.add(number);
          if (chosen.size > 0 && chosen.size < item.piece.lines.length) partial.set(number, chosen);
        }
        render(checked);
        pick.show();
      });
      pick.onDidAccept(() => {
        const checked = checkedNow();
        if (checked.size === 0) return resolve(undefined);
        if (pieces.every((p) => checked.has(p.number) && !partial.has(p.number))) {
          void vscode.window.showWarningMessage(
            vscode.l10n.t('Those are all the changes of {0}: leave some for the second commit.', shortHash(hash)),
          );
          return;
        }
        resolve(answerOf(pieces, checked, partial));
      });
      pick.onDidHide(() => {
        if (!pickingLines) resolve(undefined);
      });
      pick.show();
    });
  } finally {
    pick.dispose();
  }
}

function itemOf(piece: SplitPiece, some: Set<number> | undefined, linesButton: vscode.QuickInputButton): Item {
  return {
    label: escapeIcons(piece.kind === 'hunk' ? `${piece.path}  ${piece.header}` : piece.path),
    description: [whatOf(piece), some ? vscode.l10n.t('{0} of {1} lines', some.size, piece.lines.length) : '']
      .filter(Boolean)
      .join(' · '),
    detail: piece.kind === 'hunk' ? escapeIcons(firstLines(piece.lines)) : undefined,
    buttons: piece.kind === 'hunk' && piece.lines.length > 1 ? [linesButton] : undefined,
    piece,
  };
}

/** What a piece is, beside its path: new or deleted file, a rename, a mode change, or why it goes whole. */
function whatOf(piece: SplitPiece): string {
  if (piece.kind === 'rename') return vscode.l10n.t('renamed from {0}', piece.oldPath!);
  if (piece.kind === 'mode') return vscode.l10n.t('mode {0} → {1}', piece.modes![0], piece.modes![1]);
  if (piece.kind === 'whole') {
    const reason = {
      binary: vscode.l10n.t('binary file, whole only'),
      symlink: vscode.l10n.t('symbolic link, whole only'),
      submodule: vscode.l10n.t('submodule, whole only'),
      'type-change': vscode.l10n.t('file type change, whole only'),
      'empty-file': vscode.l10n.t('empty file'),
    }[piece.reason!];
    if (piece.change === 'added') return vscode.l10n.t('new file · {0}', reason);
    if (piece.change === 'deleted') return vscode.l10n.t('deleted file · {0}', reason);
    return reason;
  }
  if (piece.change === 'added') return vscode.l10n.t('new file');
  if (piece.change === 'deleted') return vscode.l10n.t('deleted file');
  if (piece.change === 'renamed') return vscode.l10n.t('renamed from {0}', piece.oldPath!);
  return '';
}

/** The hunk's first changed lines, on one line: "−old · +new · +more …". */
function firstLines(lines: PieceLine[]): string {
  const shown = lines.slice(0, 3).map((line) => `${line.sign}${line.text.trim()}`);
  return shown.join('  ·  ') + (lines.length > 3 ? '  …' : '');
}

/** The lines of one hunk to take; undefined when the person went back without choosing. */
async function pickLines(piece: SplitPiece, chosen: 'all' | Set<number> | undefined): Promise<Set<number> | undefined> {
  type LineItem = vscode.QuickPickItem & { number: number };
  const items: LineItem[] = piece.lines.map((line) => ({
    label: escapeIcons(`${line.sign} ${line.text}`),
    description: [
      line.sign === '-' ? vscode.l10n.t('removed, line {0}', line.line) : vscode.l10n.t('added, line {0}', line.line),
      line.noNewline ? vscode.l10n.t('no newline at end of file') : '',
    ]
      .filter(Boolean)
      .join(' · '),
    picked: chosen === 'all' || (chosen instanceof Set && chosen.has(line.number)),
    number: line.number,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: vscode.l10n.t('Lines of {0} {1} for part 1', piece.path, piece.header!),
    placeHolder: vscode.l10n.t('Unchecked added lines go to part 2; unchecked removed lines stay'),
  });
  return picked && new Set(picked.map((item) => item.number));
}

function answerOf(pieces: SplitPiece[], checked: Set<number>, partial: Map<number, Set<number>>): PickedHunks {
  const picks = [...checked]
    .sort((a, b) => a - b)
    .map((hunk) => {
      const lines = partial.get(hunk);
      return lines ? { hunk, lines: [...lines].sort((a, b) => a - b) } : { hunk };
    });
  const paths = [...new Set(picks.map((p) => pieces[p.hunk - 1].path))];
  return { picks, paths, someLines: picks.some((p) => p.lines) };
}

/** Text shown as is in a quick pick, where `$(name)` would draw an icon. */
function escapeIcons(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}
