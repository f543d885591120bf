// The pieces of the commit composer that need no editor: which types to offer (with their
// descriptions), which scopes to suggest, and how the parts become a message.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LintConfig } from './lintConfig';

export interface Choice {
  value: string;
  description: string;
}

const CONVENTIONAL_TYPES = [
  'feat',
  'fix',
  'docs',
  'style',
  'refactor',
  'perf',
  'test',
  'build',
  'ci',
  'chore',
  'revert',
];

/** The `always` value list of an enum rule that is on (type-enum, scope-enum), else undefined. */
export function enumRule(config: LintConfig, name: 'type-enum' | 'scope-enum'): string[] | undefined {
  const rule = config.rules[name] as unknown[] | undefined;
  if (!rule || rule[0] === 0 || rule[1] !== 'always' || !Array.isArray(rule[2]) || rule[2].length === 0)
    return undefined;
  return rule[2].map(String);
}

/** The types the rules allow, described from the config's prompt settings (or the defaults'). */
export function typeChoices(config: LintConfig, fallback: LintConfig): Choice[] {
  const allowed = enumRule(config, 'type-enum') ?? CONVENTIONAL_TYPES;
  const described = (source: LintConfig, type: string) => source.prompt.questions?.type?.enum?.[type]?.description;
  return allowed.map((value) => ({ value, description: described(config, value) ?? described(fallback, value) ?? '' }));
}

/** Names of the workspace packages: package.json files one level under packages/, apps/, libs/, services/. */
export function workspacePackages(root: string): Map<string, string> {
  const packages = new Map<string, string>();
  for (const parent of ['packages', 'apps', 'libs', 'services']) {
    const dir = join(root, parent);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const manifest = join(dir, entry.name, 'package.json');
      let name = entry.name;
      try {
        const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
        if (typeof parsed.name === 'string') name = parsed.name.replace(/^@[^/]+\//, '');
      } catch {
        // no readable package.json: the folder name is the package's name
      }
      packages.set(`${parent}/${entry.name}`, name);
    }
  }
  return packages;
}

/** Source folders whose child folder names a part of the code better than they do. */
const CONTAINERS = new Set(['src', 'lib', 'test', 'tests', 'source', 'app']);

/**
 * Scopes for the changed paths, the most touched first: the workspace package a file is in, else
 * its first folder (one deeper under src/, lib/, test/). Files at the root suggest nothing.
 */
export function scopeSuggestions(changedPaths: string[], packages: Map<string, string>): string[] {
  const counts = new Map<string, number>();
  for (const path of changedPaths) {
    const parts = path.split('/');
    const pkg = parts.length > 2 ? packages.get(`${parts[0]}/${parts[1]}`) : undefined;
    let scope = pkg;
    if (!scope && parts.length > 1) scope = CONTAINERS.has(parts[0]) && parts.length > 2 ? parts[1] : parts[0];
    if (!scope || scope.startsWith('.')) continue;
    counts.set(scope, (counts.get(scope) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([scope]) => scope);
}

export interface MessageParts {
  type: string;
  scope?: string;
  subject: string;
  body?: string;
  /** Set for a breaking change: what breaks. */
  breaking?: string;
}

export function headerOf(parts: Pick<MessageParts, 'type' | 'scope' | 'breaking' | 'subject'>): string {
  return `${parts.type}${parts.scope ? `(${parts.scope})` : ''}${parts.breaking !== undefined ? '!' : ''}: ${parts.subject}`;
}

/** The message: header, the body wrapped at `width`, and a BREAKING CHANGE footer. */
export function composeMessage(parts: MessageParts, width = 72): string {
  const sections = [headerOf(parts)];
  if (parts.body?.trim()) sections.push(wrap(parts.body.trim(), width));
  if (parts.breaking?.trim()) sections.push(wrap(`BREAKING CHANGE: ${parts.breaking.trim()}`, width));
  return sections.join('\n\n');
}

/** Wraps each paragraph at `width` columns (words longer than that stay whole). */
export function wrap(text: string, width: number): string {
  return text
    .split(/\n/)
    .map((paragraph) => {
      const lines: string[] = [];
      let line = '';
      for (const word of paragraph.split(/\s+/).filter(Boolean)) {
        if (line && line.length + 1 + word.length > width) {
          lines.push(line);
          line = word;
        } else line = line ? `${line} ${word}` : word;
      }
      lines.push(line);
      return lines.join('\n');
    })
    .join('\n');
}
