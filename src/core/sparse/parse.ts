// Parser for one sparse profile file in Sapling's format:
//
//   # comment (also ';')
//   %include tools/sparse/base.sparse
//   [metadata]
//   title = Web app
//   description = The web front end
//     and the packages it needs        (indented lines continue a value)
//   hidden = false
//   always = tools/lint
//   [include]
//   apps/web
//   glob:packages/*/src/**/*.{ts,tsx}
//   [exclude]
//   path:apps/web/fixtures
//
// Pure: text in, ProfileFile out, ProfileError (file and line) for anything it cannot read.
import { ProfileError } from './errors';
import { expandBraces, globToRegexSource } from './glob';
import type { ProfileFile, Rule } from './model';

type Section = 'metadata' | 'include' | 'exclude';
const SECTIONS: readonly string[] = ['metadata', 'include', 'exclude'];

export function parseProfile(text: string, path: string): ProfileFile {
  const file: ProfileFile = {
    path,
    metadata: {},
    metadataLines: {},
    includes: [],
    include: [],
    exclude: [],
    always: [],
  };
  let section: Section | undefined;
  let lastKey: string | undefined;
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index];
    const number = index + 1;
    const line = raw.trim();
    const fail = (reason: string): never => {
      throw new ProfileError(path, number, reason);
    };
    if (line === '') {
      lastKey = undefined;
      continue;
    }
    if (line.startsWith('#') || line.startsWith(';')) continue;
    if (section === 'metadata' && lastKey && /^\s/.test(raw)) {
      file.metadata[lastKey] = file.metadata[lastKey] ? `${file.metadata[lastKey]}\n${line}` : line;
      continue;
    }
    lastKey = undefined;
    if (line.startsWith('%')) {
      const match = /^%include(?:\s+(.*))?$/.exec(line);
      if (!match) fail(`unknown directive ${line.split(/\s/)[0]}; the only directive is %include <profile>`);
      const target = normalizePath(match![1]?.trim() ?? '');
      if (!target) fail('%include needs a profile path, relative to the repository root');
      if (target.split('/').includes('..'))
        fail(`%include ${target} leaves the repository; give a path relative to its root`);
      file.includes.push({ path: target, line: number });
      continue;
    }
    if (line.startsWith('[')) {
      const match = /^\[([^\]]*)\]$/.exec(line);
      const name = match?.[1].trim().toLowerCase() ?? '';
      if (!SECTIONS.includes(name)) fail(`unknown section ${line}; use [metadata], [include] or [exclude]`);
      section = name as Section;
      continue;
    }
    if (!section) fail(`'${line}' is outside any section; put rules under [include] or [exclude]`);
    if (section === 'metadata') {
      const match = /^([A-Za-z0-9_.-]+)\s*[=:]\s*(.*)$/.exec(line);
      if (!match) fail(`'${line}' is not a metadata entry; write key = value`);
      const key = match![1].toLowerCase();
      file.metadata[key] = match![2];
      file.metadataLines[key] = number;
      lastKey = key;
      continue;
    }
    file[section as 'include' | 'exclude'].push(parseRule(line, path, number));
  }
  const always = file.metadata.always;
  if (always !== undefined) {
    const at = file.metadataLines.always;
    file.always = always
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((entry) => parseRule(entry, path, at));
  }
  if (file.metadata.hidden !== undefined) parseBoolean(file.metadata.hidden, path, file.metadataLines.hidden);
  return file;
}

/** `glob:x`, `path:x` or plain `x` (a glob; a plain path is a glob without wildcards). */
export function parseRule(text: string, file: string, line: number): Rule {
  const fail = (reason: string): never => {
    throw new ProfileError(file, line, reason);
  };
  const prefix = /^([a-z]+):(.*)$/.exec(text);
  let kind: Rule['kind'] = 'glob';
  let body = text;
  if (prefix) {
    if (prefix[1] !== 'glob' && prefix[1] !== 'path')
      fail(`'${prefix[1]}:' rules are not supported; use glob: or path:`);
    kind = prefix[1] as Rule['kind'];
    body = prefix[2].trim();
  }
  const pattern = normalizePath(body);
  if (pattern.split('/').includes('..')) fail(`'${text}' leaves the repository; rules are paths relative to its root`);
  if (kind === 'glob') {
    try {
      for (const alternative of expandBraces(pattern)) globToRegexSource(alternative);
    } catch (error) {
      fail(`bad glob '${text}': ${(error as Error).message}`);
    }
  }
  return { kind, pattern, file, line };
}

/** Leading './' and '/', trailing '/' and repeated slashes dropped; '.' becomes '' (the root). */
export function normalizePath(path: string): string {
  const parts = path.split('/').filter((part) => part !== '' && part !== '.');
  return parts.join('/');
}

export function parseBoolean(value: string, file: string, line: number): boolean {
  const text = value.trim().toLowerCase();
  if (['true', 'yes', 'on', '1'].includes(text)) return true;
  if (['false', 'no', 'off', '0', ''].includes(text)) return false;
  throw new ProfileError(file, line, `'${value}' is not true or false`);
}
