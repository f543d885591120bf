// What the extension checks after a webview message is well-formed: the webview may only name
// commits the graph shows and banner buttons and files the banner offers now. No Node, no vscode.
import type { GraphBanner, WebviewMessage } from './messages';

/** The commits a message names that must be in the graph, by the field's path. */
function commitsNamed(message: WebviewMessage): [string, string][] {
  switch (message.type) {
    case 'move':
      return [
        ['move.source', message.source],
        ['move.destination', message.destination],
      ];
    case 'amend':
      return [['amend.destination', message.destination]];
    case 'request':
      return message.method === 'previewMove'
        ? [
            ['request.previewMove.params.source', message.params.source],
            ['request.previewMove.params.destination', message.params.destination],
          ]
        : message.method === 'previewAmend'
          ? [['request.previewAmend.params.destination', message.params.destination]]
          : [];
    case 'openBadge':
    case 'restack':
      return [[`${message.type}.hash`, message.hash]];
    default:
      return [];
  }
}

/**
 * For the extension, after validateWebviewMessage: the commits a move, a move preview or a badge
 * click names must be in the graph it sent (a hash that is well-formed but unknown is refused too).
 * Undefined when fine.
 */
export function unknownCommitIn(message: WebviewMessage, isKnown: (hash: string) => boolean): string | undefined {
  const unknown = commitsNamed(message).find(([, value]) => !isKnown(value));
  return unknown ? `${unknown[0]}: ${unknown[1].slice(0, 12)} is not a commit in the graph` : undefined;
}

/**
 * For the extension, after validateWebviewMessage: a file of Uncommitted changes an amend drop (or
 * its preview) names must be one the working copy has now (`changed`), so a drop can only ever take
 * a file the graph showed. Undefined when fine.
 */
export function unknownFileIn(message: WebviewMessage, changed: (path: string) => boolean): string | undefined {
  const path =
    message.type === 'amend'
      ? message.path
      : message.type === 'request' && message.method === 'previewAmend'
        ? message.params.path
        : null;
  return path !== null && !changed(path)
    ? `${message.type === 'amend' ? 'amend' : 'request.previewAmend.params'}.path: ${JSON.stringify(path.slice(0, 200))} is not a file with uncommitted changes`
    : undefined;
}

/**
 * For the extension, after validateWebviewMessage: a banner button or a conflicted file must be one
 * the banner offers now (worked out again from the repository, not the one the webview last saw),
 * so the webview can never run an action or open a path of its choosing. Undefined when fine.
 */
export function notOfferedBy(message: WebviewMessage, banner: GraphBanner | null): string | undefined {
  if (message.type === 'bannerAction' && !banner?.actions.includes(message.action))
    return `bannerAction.action: ${message.action} is not offered now`;
  if (message.type === 'openConflict' && !banner?.conflicts.includes(message.path))
    return `openConflict.path: ${JSON.stringify(message.path.slice(0, 200))} is not a file with conflicts now`;
  return undefined;
}
