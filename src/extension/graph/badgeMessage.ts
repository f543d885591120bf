// Badges as features make them, and what of them goes to the graph webview. No vscode import, so
// unit tests check it.
import type { GraphBadge } from '../../protocol';

/**
 * A badge as a provider makes it: `link` (a web page) or `command` (one of Stackline's commands) is
 * what the extension opens when the badge is clicked; the webview never sees either.
 */
export type HostBadge = GraphBadge & { link?: string; command?: { command: string; arguments: unknown[] } };

/** What goes to the webview: the badges' fields, never their links. */
export function badgesMessage(badges: Map<string, HostBadge[]>): { hash: string; badges: GraphBadge[] }[] {
  return [...badges].map(([hash, list]) => ({
    hash,
    badges: list.map((b) => ({
      id: b.id,
      parts: b.parts,
      title: b.title,
      lines: b.lines,
      ...(b.action ? { action: b.action } : {}),
    })),
  }));
}
