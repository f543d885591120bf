// The marked section in each PR body that lists the whole stack. Submit rewrites only this section,
// so whatever an author or reviewer wrote around it stays as it is.

const START = '<!-- stackline:stack:start -->';
const END = '<!-- stackline:stack:end -->';
const SECTION = /<!-- stackline:stack:start -->[\s\S]*?<!-- stackline:stack:end -->/;

export interface StackEntry {
  number: number;
  title: string;
  merged: boolean;
}

/**
 * The section for one PR. `entries` go top of the stack first (as GitHub readers expect newest on
 * top); merged PRs, ticked, sit at the bottom.
 */
export function renderStackSection(entries: StackEntry[], current: number, forkNote: boolean): string {
  const lines = entries.map((e) => {
    const mark = e.merged ? '[x]' : '[ ]';
    const text = `#${e.number} ${escapeInline(e.title)}`;
    return e.number === current ? `- ${mark} **${text}** ⬅ this PR` : `- ${mark} ${text}`;
  });
  const note = forkNote
    ? '\n\n_These PRs come from a fork, so each targets trunk: review them in the order above (bottom first)._'
    : '';
  return `${START}\n---\n**Stack** (kept up to date by Stackline; merge from the bottom up):\n\n${lines.join('\n')}${note}\n${END}`;
}

/** The body with its stack section replaced (or appended), everything else untouched. */
export function replaceStackSection(body: string, section: string): string {
  if (SECTION.test(body)) return body.replace(SECTION, () => section);
  return body.trim() === '' ? section : `${body.trimEnd()}\n\n${section}`;
}

/** The body without its stack section (where GitHub's own stack map shows the order). */
export function removeStackSection(body: string): string {
  if (!SECTION.test(body)) return body;
  return body
    .replace(SECTION, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Entries of the stack section in a PR body (to keep merged ones ticked and spot dropped PRs). */
export function parseStackSection(body: string): StackEntry[] {
  const match = SECTION.exec(body);
  if (!match) return [];
  const entries: StackEntry[] = [];
  for (const line of match[0].split('\n')) {
    const m = /^- \[( |x)\] (?:\*\*)?#(\d+) (.*?)(?:\*\* ⬅ this PR)?$/.exec(line);
    if (m) entries.push({ number: Number(m[2]), title: m[3].replace(/\\(.)/g, '$1'), merged: m[1] === 'x' });
  }
  return entries;
}

export function hasStackSection(body: string): boolean {
  return SECTION.test(body);
}

function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, '\\$&');
}
