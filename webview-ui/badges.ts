// Badges on commit rows and in the details pane (a PR's state, checks, review and comments; broken
// commit rules), as features in the extension describe them. All text goes in as text.
import type { GraphBadge } from '../src/protocol';
import { h, icon } from './dom';

/** The compact form on a row: each part an icon and a little text, the whole badge's story in the tooltip. */
export function rowBadge(badge: GraphBadge): HTMLElement {
  const element = h(
    'span',
    { class: `badge${badge.action ? ' actionable' : ''}`, title: tooltip(badge), attrs: { 'data-badge': badge.id } },
    badge.parts.map((part) => h('span', { class: `part tone-${part.tone}` }, [icon(part.icon), part.text ? h('span', { text: part.text }) : null])),
  );
  return element;
}

/** The full form in the details pane: a heading with the parts spelled out, the lines, and the action. */
export function detailsBadge(badge: GraphBadge, act: () => void): HTMLElement {
  return h('section', { class: 'badge-details', attrs: { 'data-badge': badge.id } }, [
    h('h3', {}, [...badge.parts.slice(0, 1).map((part) => h('span', { class: `tone-${part.tone}` }, [icon(part.icon)])), h('span', { text: badge.title })]),
    h(
      'ul',
      { attrs: { role: 'list' } },
      [
        ...badge.parts.slice(1).map((part) => h('li', { class: `tone-${part.tone}` }, [icon(part.icon), h('span', { text: part.label })])),
        ...badge.lines.map((line) => h('li', { class: 'line', text: line })),
      ],
    ),
    badge.action ? h('button', { class: 'link action', text: badge.action, attrs: { type: 'button' }, on: { click: act } }) : null,
  ]);
}

/** What a screen reader adds to a row's label for its badges. */
export function badgeSpeech(badges: readonly GraphBadge[]): string {
  return badges.map((b) => b.parts.map((p) => p.label).join(', ')).join('; ');
}

function tooltip(badge: GraphBadge): string {
  return [badge.title, ...badge.parts.slice(1).map((p) => p.label), ...badge.lines, badge.action ? `Click: ${badge.action}` : ''].filter(Boolean).join('\n');
}
