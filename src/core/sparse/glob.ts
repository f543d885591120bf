// Sapling-style rule globs (`*`, `**`, `?`, `[...]`, `{a,b}`), read as "this path and everything
// under it", translated two ways: to a RegExp source for matching paths here (explain, safety
// checks) and to git's gitignore-style sparse-checkout patterns. Both translations must agree.

/** Characters that make a rule a glob rather than a plain path. */
const GLOB_CHARS = /[*?[{\\]/;

export function hasGlobChars(text: string): boolean {
  return GLOB_CHARS.test(text);
}

/** `a/{b,c}/d` → ['a/b/d', 'a/c/d'], nested braces included. Throws on unbalanced braces. */
export function expandBraces(glob: string): string[] {
  const open = findUnescaped(glob, '{', 0);
  if (open < 0) {
    if (findUnescaped(glob, '}', 0) >= 0) throw new Error(`'}' without a matching '{'`);
    return [glob];
  }
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let i = open; i < glob.length && close < 0; i++) {
    const c = glob[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) close = i;
    else if (c === ',' && depth === 1) commas.push(i);
  }
  if (close < 0) throw new Error(`'{' without a matching '}'`);
  const bounds = [open, ...commas, close];
  const head = glob.slice(0, open);
  const tail = glob.slice(close + 1);
  const out: string[] = [];
  for (let k = 0; k < bounds.length - 1; k++) {
    for (const alternative of expandBraces(glob.slice(bounds[k] + 1, bounds[k + 1]))) {
      out.push(...expandBraces(head + alternative + tail));
    }
  }
  return out;
}

function findUnescaped(text: string, char: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === char) return i;
  }
  return -1;
}

/**
 * RegExp source for one brace-free glob, matching whole paths (no anchors, no prefix handling).
 * `*` and `?` stay within a path segment; `**` must be a whole segment and spans any depth.
 */
export function globToRegexSource(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') {
      if (i + 1 < glob.length) out += escapeRegex(glob[++i]);
      continue;
    }
    if (c === '*' && glob[i + 1] === '*') {
      const startsSegment = i === 0 || glob[i - 1] === '/';
      const endsSegment = i + 2 === glob.length || glob[i + 2] === '/';
      if (!startsSegment || !endsSegment) throw new Error(`'**' must be a whole path segment, as in src/**/test`);
      if (i + 2 === glob.length) {
        out += '.*';
        i += 1;
      } else {
        out += '(?:.*/)?';
        i += 2;
      }
      continue;
    }
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      out += `[${body.replace(/\\/g, '\\\\').replace(/\//g, '')}]`;
      i = close;
    } else out += escapeRegex(c);
  }
  return out;
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A literal path as a gitignore pattern body: glob characters escaped. */
export function escapeGitPattern(path: string): string {
  return path.replace(/[*?[\\]/g, '\\$&');
}
