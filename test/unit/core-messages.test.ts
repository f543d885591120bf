// Core messages say what to do in words; a `stackline <command>` line lives only in a fix's `cli`
// field, where the CLI prints it and VS Code turns it into a button. This reads every string in
// src/core and fails on one that names a CLI command anywhere else.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { COMMANDS } from '../../src/cli/commands';

const ROOT = join(__dirname, '..', '..');
const VERBS = new Set(COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]));

/** Strings that name a command on purpose, each with the reason. */
const ALLOWED: { file: string; text: string; why: string }[] = [
  { file: 'src/core/smartlog/render.ts', text: 'run stackline restack', why: "the CLI's own `stackline log` text" },
  { file: 'src/core/smartlog/render.ts', text: 'stackline review drop', why: "the CLI's own `stackline log` text" },
  {
    file: 'src/core/conventions/hooks/scripts.ts',
    text: 'stackline hooks install',
    why: 'shell scripts the hooks run',
  },
  { file: 'src/core/conventions/hooks/lefthook.ts', text: 'check (stackline hooks install)', why: 'the block marker' },
  { file: 'src/core/operations/table.ts', text: 'Usage: stackline ', why: "the CLI's argument parser's usage line" },
  { file: 'src/core/operations/run.ts', text: 'stackline oplog ', why: 'the message of a keep-alive commit' },
  { file: 'src/core/operations/entry.ts', text: 'stackline oplog ', why: 'the message of a keep-alive commit' },
];

/** Every string (template parts joined) that names a `stackline` command outside a `cli:` field. */
export function commandsInMessages(file: string, source: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const text = ts.isTemplateExpression(node)
        ? [node.head.text, ...node.templateSpans.map((s) => `\${…}${s.literal.text}`)].join('')
        : node.text;
      const inCli =
        ts.isPropertyAssignment(node.parent) && ts.isIdentifier(node.parent.name) && node.parent.name.text === 'cli';
      const verbs = [...text.matchAll(/\bstackline ([a-z][a-z-]*)/g)].map((m) => m[1]);
      if (!inCli && verbs.some((verb) => VERBS.has(verb))) found.push(text);
      if (ts.isTemplateExpression(node)) node.templateSpans.forEach((s) => visit(s.expression));
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true));
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

test('the scanner finds a command in a message and lets one in a cli field pass', () => {
  const source = [
    "throw new OperationError('pending', `'${command}' stopped. Run stackline abort to go back.`);",
    "const fix = { label: 'Abort', cli: 'stackline abort', command: 'stackline.abort' };",
    "const moved = { label: 'Restack', cli: `stackline restack ${hash}` };",
    "const words = 'Stackline continues: the stackline folder is kept.';",
  ].join('\n');
  assert.deepEqual(commandsInMessages('x.ts', source), ["'${…}' stopped. Run stackline abort to go back."]);
});

test('no string in src/core names a stackline command except in a fix', () => {
  const offenders = sourceFiles(join(ROOT, 'src', 'core')).flatMap((path) => {
    const file = relative(ROOT, path);
    return commandsInMessages(file, readFileSync(path, 'utf8'))
      .filter((text) => !ALLOWED.some((allowed) => allowed.file === file && text.includes(allowed.text)))
      .map((text) => `${file}: ${text}`);
  });
  assert.deepEqual(offenders, [], 'say it in words and put the command line in a fix ({ label, cli, command })');
});
