// Badges on commit rows and in the details pane (a PR's state, checks, review and comments; broken
// commit rules), as features in the extension describe them. All text goes in as text.
import type { GraphBadge, GraphCommit } from '../src/protocol';
import { h, icon } from './dom';

/** Badges come from features in the extension; this one from the commit itself (its `review` field). */
export const REVIEW_BADGE_ID = 'under-review';

/** A commit of the stack checked out for review: its own badge, a lock and its PR's number. */
export function reviewBadge(commit: GraphCommit): GraphBadge | undefined {
  if (!commit.review) return undefined;
  const { pull, author } = commit.review;
  return {
    id: REVIEW_BADGE_ID,
    parts: [{ icon: 'lock', text: `#${pull}`, tone: 'muted', label: `under review: #${pull} by ${author}, read-only` }],
    title: `Under review: #${pull} by ${author}, read-only`,
    lines: [`${author}'s commit, checked out for review. Editing it asks first; Stop Reviewing takes the stack away.`],
  };
}

/** A commit's badges: its review badge first, then the extension's. */
export function commitBadges(commit: GraphCommit, fromHost: readonly GraphBadge[]): GraphBadge[] {
  const review = reviewBadge(commit);
  return review ? [review, ...fromHost] : [...fromHost];
}

/** The compact form on a row: each part an icon and a little text, the whole badge's story in the tooltip. */
export function rowBadge(badge: GraphBadge): HTMLElement {
  const element = h(
    'span',
    { class: `badge${badge.action ? ' actionable' : ''}`, title: tooltip(badge), attrs: { 'data-badge': badge.id } },
    badge.parts.map((part) =>
      h('span', { class: `part tone-${part.tone}` }, [
        icon(part.icon),
        part.text ? h('span', { text: part.text }) : null,
      ]),
    ),
  );
  return element;
}

/** The full form in the details pane: a heading with the parts spelled out, the lines, and the action. */
export function detailsBadge(badge: GraphBadge, act: () => void): HTMLElement {
  return h('section', { class: 'badge-details', attrs: { 'data-badge': badge.id } }, [
    h('h3', {}, [
      ...badge.parts.slice(0, 1).map((part) => h('span', { class: `tone-${part.tone}` }, [icon(part.icon)])),
      h('span', { text: badge.title }),
    ]),
    h('ul', { attrs: { role: 'list' } }, [
      ...badge.parts
        .slice(1)
        .map((part) => h('li', { class: `tone-${part.tone}` }, [icon(part.icon), h('span', { text: part.label })])),
      ...badge.lines.map((line) => h('li', { class: 'line', text: line })),
    ]),
    badge.action
      ? h('button', { class: 'link action', text: badge.action, attrs: { type: 'button' }, on: { click: act } })
      : null,
  ]);
}

/** What a screen reader adds to a row's label for its badges. */
export function badgeSpeech(badges: readonly GraphBadge[]): string {
  return badges.map((b) => b.parts.map((p) => p.label).join(', ')).join('; ');
}

/** The row badge's tooltip: the title, the other parts' words, the lines, and what a click does. */
export function tooltip(badge: GraphBadge): string {
  return [
    badge.title,
    ...badge.parts.slice(1).map((p) => p.label),
    ...badge.lines,
    badge.action ? `Click: ${badge.action}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}
