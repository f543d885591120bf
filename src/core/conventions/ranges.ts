// Where in a commit message a broken rule is, for editor diagnostics: the type, scope or subject of
// the header, the body's first line, each over-long line, or the footer. Lines are 0-based and
// count comment lines too, so ranges fit the document as the editor shows it.
import type { LintConfig } from './lintConfig';
import type { RuleProblem } from './lint';

export interface TextRange {
  line: number;
  start: number;
  end: number;
}

interface Line {
  index: number;
  text: string;
}

/** The message's lines without comments; a line of only the comment character counts as a comment. */
function contentLines(text: string, commentChar: string | undefined): Line[] {
  const lines = text.split(/\r?\n/).map((line, index) => ({ index, text: line }));
  const scissors = commentChar
    ? lines.findIndex((l) => l.text === `${commentChar} ------------------------ >8 ------------------------`)
    : -1;
  const kept = scissors === -1 ? lines : lines.slice(0, scissors);
  return commentChar ? kept.filter((l) => !l.text.startsWith(commentChar)) : kept;
}

const HEADER = /^(\s*)(\w*)(?:\(([^)]*)\))?(!)?(:\s*)?(.*)$/;

/** The range(s) a problem points at; every problem gets at least one. */
export function problemRanges(
  text: string,
  problem: RuleProblem,
  config: LintConfig,
  commentChar?: string,
): TextRange[] {
  const lines = contentLines(text, commentChar);
  const headerAt = lines.findIndex((l) => l.text.trim() !== '');
  if (headerAt === -1) return [{ line: 0, start: 0, end: 0 }];
  const header = lines[headerAt];
  const whole = (line: Line): TextRange => ({ line: line.index, start: 0, end: Math.max(1, line.text.length) });
  const rest = lines.slice(headerAt + 1);
  const bodyStart = rest.findIndex((l) => l.text.trim() !== '');
  const [family] = problem.name.split('-');

  if (problem.name.endsWith('-max-line-length')) {
    const limit = Number(config.rules[problem.name as keyof LintConfig['rules']]?.[2] ?? Infinity);
    const long = rest
      .filter((l) => l.text.length > limit)
      .map((l): TextRange => ({ line: l.index, start: limit, end: l.text.length }));
    if (long.length > 0) return long;
  }
  if (problem.name === 'body-leading-blank' && rest.length > 0) return [whole(rest[0])];
  if (family === 'body' && bodyStart !== -1) return [whole(rest[bodyStart])];
  if (
    family === 'footer' ||
    problem.name === 'trailer-exists' ||
    problem.name === 'signed-off-by' ||
    problem.name === 'references-empty'
  ) {
    const footer = [...rest].reverse().find((l) => l.text.trim() !== '');
    return [whole(footer ?? header)];
  }

  const match = HEADER.exec(header.text)!;
  const [, indent, type, scope, bang, separator] = match;
  const typeStart = indent.length;
  const scopeStart = typeStart + type.length + 1;
  const subjectStart =
    typeStart + type.length + (scope === undefined ? 0 : scope.length + 2) + (bang ? 1 : 0) + (separator?.length ?? 0);
  const at = (start: number, end: number): TextRange[] => [
    { line: header.index, start, end: Math.max(end, start + 1) },
  ];
  if (!separator && (family === 'type' || family === 'scope' || family === 'subject')) return [whole(header)];
  switch (family) {
    case 'type':
      return at(typeStart, typeStart + type.length);
    case 'scope':
      return scope === undefined ? at(typeStart, typeStart + type.length) : at(scopeStart, scopeStart + scope.length);
    case 'subject':
      if (problem.name === 'subject-exclamation-mark' && bang)
        return at(subjectStart - (separator?.length ?? 0) - 1, subjectStart - (separator?.length ?? 0));
      return at(Math.min(subjectStart, header.text.length), header.text.length);
    default:
      return [whole(header)];
  }
}
