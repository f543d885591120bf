// The questions history-editing commands ask: whether to take new files, where to move a commit
// (with a preview of what moves), which files go first in a split, which hidden commit to bring back.
import * as vscode from 'vscode';
import { shortHash } from '../../core/format';
import { parseNameStatus } from '../../core/git/parsers/diff';
import { oplogOf, previewMove, revsHiddenBy, type StageMode } from '../../core/operations';
import { undoStacks } from '../../core/oplog/store';
import { moveDestinations } from '../../core/smartlog/destinations';
import type { Repository } from '../repository';

/**
 * What a Commit or Amend takes. By default new files stay out (as with `sl commit`); when new files
 * are the only changes, the user is asked whether to take them, rather than told there is nothing.
 * Undefined: the user said no.
 */
export async function stageForCommit(repo: Repository, verb: 'Commit' | 'Amend'): Promise<StageMode | undefined> {
  await repo.refresh();
  const uncommitted = repo.smartlog?.uncommitted;
  if (
    !uncommitted ||
    uncommitted.staged + uncommitted.modified + uncommitted.conflicted > 0 ||
    uncommitted.untracked === 0
  )
    return 'auto';
  const fresh = uncommitted.files.filter((f) => f.kinds.includes('untracked')).map((f) => f.path);
  const shown =
    fresh.slice(0, 5).join('\n') + (fresh.length > 5 ? `\n${vscode.l10n.t('… and {0} more', fresh.length - 5)}` : '');
  const include = verb === 'Commit' ? vscode.l10n.t('Commit with New Files') : vscode.l10n.t('Amend with New Files');
  const choice = await vscode.window.showWarningMessage(
    verb === 'Commit'
      ? vscode.l10n.t('Only new files have changes. Commit them too?')
      : vscode.l10n.t('Only new files have changes. Amend them too?'),
    {
      modal: true,
      detail: vscode.l10n.t('{0}\n\nStackline leaves new files out unless you stage them or include them here.', shown),
    },
    include,
  );
  return choice === include ? 'all' : undefined;
}

/** Move Onto…: trunk tip first, then the stack's own base, then the other stacks, then its own stack (moveDestinations). */
export async function pickDestination(repo: Repository, source: string): Promise<string | undefined> {
  const smartlog = repo.smartlog;
  if (!smartlog) return undefined;
  type Item = vscode.QuickPickItem & { hash?: string };
  const items: Item[] = [];
  let group: string | undefined;
  for (const { commit, group: next, role } of moveDestinations(smartlog, source)) {
    const preview = previewMove(smartlog, source, commit.hash);
    if (!preview.ok) continue;
    if (next !== group)
      items.push({
        label:
          next === 'trunk'
            ? vscode.l10n.t('Trunk')
            : next === 'other stacks'
              ? vscode.l10n.t('Other stacks')
              : vscode.l10n.t('This stack'),
        kind: vscode.QuickPickItemKind.Separator,
      });
    group = next;
    const where =
      role === 'trunk tip'
        ? smartlog.trunk
          ? vscode.l10n.t('trunk tip ({0})', smartlog.trunk.ref)
          : vscode.l10n.t('trunk tip')
        : role === 'stack base'
          ? vscode.l10n.t('where this stack is now')
          : commit.phase === 'public'
            ? vscode.l10n.t('trunk')
            : '';
    items.push({
      label: `${commit.phase === 'public' ? '$(git-commit) ' : ''}${commit.title}`,
      description: [where, ...commit.branches.filter((b) => !b.remote).map((b) => b.name), shortHash(commit.hash)]
        .filter(Boolean)
        .join(' · '),
      detail: preview.description,
      hash: commit.hash,
    });
  }
  const moving = previewMove(smartlog, source, smartlog.trunk?.hash ?? '');
  const placeHolder = moving.ok
    ? `${moving.description.replace(/ onto [0-9a-f]+.*$/, '')} onto…`
    : `Move ${shortHash(source)} onto…`;
  return (await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true }))
    ?.hash;
}

export async function pickFiles(repo: Repository, hash: string): Promise<string[] | undefined> {
  const parent = repo.smartlog?.commits.find((c) => c.hash === hash)?.parents[0] ?? `${hash}^`;
  const files = parseNameStatus(
    (await repo.git.exec(['diff-tree', '-r', '-z', '--name-status', '--no-renames', parent, hash])).stdout,
  );
  const picked = await vscode.window.showQuickPick(
    files.map((f) => ({ label: f.path, description: f.status })),
    {
      canPickMany: true,
      placeHolder: vscode.l10n.t(
        'Split {0}: choose the files for the first (lower) commit; the rest stays on top',
        shortHash(hash),
      ),
    },
  );
  return picked && picked.length > 0 ? picked.map((p) => p.label) : undefined;
}

/** Commits hidden by `hide` operations that are still in effect, newest first. */
export async function pickHidden(repo: Repository): Promise<string | undefined> {
  const hides = undoStacks(oplogOf(repo.location).entries()).done.reverse();
  const items = hides.flatMap((entry) =>
    revsHiddenBy(entry).map((rev) => ({
      label: shortHash(rev),
      description: entry.summary,
      detail: new Date(entry.time).toLocaleString(),
      rev,
    })),
  );
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Nothing hidden with Stackline to bring back.'));
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Bring back which hidden commit?') }))
    ?.rev;
}
