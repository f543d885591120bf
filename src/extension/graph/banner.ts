// The banner above the graph: what the Stacks view shows at the top of a repository about an
// operation (stopped on conflicts, interrupted, running; the operations feature's banner rows), or a
// git operation Stackline did not start, with the files that have conflicts now. No vscode import,
// so unit tests check it.
import { shortenHashes } from '../../core/format';
import { inProgressAdvice } from '../../core/git/repository';
import type { Smartlog } from '../../core/smartlog/model';
import type { GraphBanner } from '../../protocol';
import { counts } from '../counts';
import { l10n } from '../l10n';
import type { Banner } from '../stacksTree';

/**
 * The tree rows the graph shows, by contextValue, with the buttons their package.json inline
 * menus give them there (Continue and Abort run the same commands).
 */
const OPERATION_BANNERS = new Map<string, Pick<GraphBanner, 'kind' | 'actions'>>([
  ['operation.stopped', { kind: 'stopped', actions: ['continue', 'abort'] }],
  ['operation.interrupted', { kind: 'interrupted', actions: ['abort'] }],
  ['operation.running', { kind: 'running', actions: [] }],
]);

export function graphBanner(treeBanners: readonly Banner[], smartlog: Smartlog | undefined): GraphBanner | null {
  const conflicts = (smartlog?.uncommitted.files ?? [])
    .filter((file) => file.kinds.includes('conflicted'))
    .map((file) => file.path);
  for (const banner of treeBanners) {
    const known = OPERATION_BANNERS.get(banner.contextValue);
    if (known)
      return {
        ...known,
        text: shortenHashes(banner.text),
        ...(banner.detail ? { detail: shortenHashes(banner.detail) } : {}),
        conflicts,
      };
  }
  // A rebase, merge… started with git: Stackline's continue and abort do not handle those, so the
  // banner gives git's own advice and no buttons.
  const operation = smartlog?.state.operation;
  if (operation)
    return {
      kind: 'git',
      text: l10n.t('{0} in progress', `${operation[0].toUpperCase()}${operation.slice(1)}`),
      detail: inProgressAdvice(operation),
      actions: [],
      conflicts,
    };
  if (conflicts.length > 0)
    return {
      kind: 'conflicts',
      text: l10n.t('{0} with conflicts', counts.file(conflicts.length)),
      detail: l10n.t('Resolve them, then stage them with git add.'),
      actions: [],
      conflicts,
    };
  return null;
}
