// Counted nouns in the extension's messages, translatable: the message is picked by count, so a
// translation can word the singular and the plural apart (core's plural() stays English for the CLI).
// Through ./l10n, so the modules unit tests load without VS Code count with it too.
import { formatCount } from '../core/format';
import { l10n } from './l10n';

export const counts = {
  change: (n: number): string => (n === 1 ? l10n.t('1 change') : l10n.t('{0} changes', formatCount(n))),
  comment: (n: number): string => (n === 1 ? l10n.t('1 comment') : l10n.t('{0} comments', formatCount(n))),
  commitRule: (n: number): string => (n === 1 ? l10n.t('1 commit rule') : l10n.t('{0} commit rules', formatCount(n))),
  commitRuleWarning: (n: number): string =>
    n === 1 ? l10n.t('1 commit rule warning') : l10n.t('{0} commit rule warnings', formatCount(n)),
  error: (n: number): string => (n === 1 ? l10n.t('1 error') : l10n.t('{0} errors', formatCount(n))),
  warning: (n: number): string => (n === 1 ? l10n.t('1 warning') : l10n.t('{0} warnings', formatCount(n))),
  commit: (n: number): string => (n === 1 ? l10n.t('1 commit') : l10n.t('{0} commits', formatCount(n))),
  file: (n: number): string => (n === 1 ? l10n.t('1 file') : l10n.t('{0} files', formatCount(n))),
  ignoredFile: (n: number): string =>
    n === 1 ? l10n.t('1 ignored file') : l10n.t('{0} ignored files', formatCount(n)),
  line: (n: number): string => (n === 1 ? l10n.t('1 line') : l10n.t('{0} lines', formatCount(n))),
  hunk: (n: number): string => (n === 1 ? l10n.t('1 hunk') : l10n.t('{0} hunks', formatCount(n))),
  viewedFile: (n: number): string => (n === 1 ? l10n.t('1 viewed file') : l10n.t('{0} viewed files', formatCount(n))),
  moreFile: (n: number): string => (n === 1 ? l10n.t('1 more file') : l10n.t('{0} more files', formatCount(n))),
  minute: (n: number): string => (n === 1 ? l10n.t('1 minute') : l10n.t('{0} minutes', formatCount(n))),
  pendingComment: (n: number): string =>
    n === 1 ? l10n.t('1 pending comment') : l10n.t('{0} pending comments', formatCount(n)),
  workspacePackage: (n: number): string =>
    n === 1 ? l10n.t('1 workspace package') : l10n.t('{0} workspace packages', formatCount(n)),
};
