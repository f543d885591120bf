// Checks the import graph of src/ and webview-ui/, type-only imports included: no cycles, and each
// layer imports only the layers below it (operations → oplog → git; core never imports the
// extension, the CLI or vscode). Run by `npm run lint`; prints each finding and exits 1.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** A module (path relative to the root, without extension) and a prefix it must never import. */
export const LAYER_RULES: { from: string; never: string; why: string }[] = [
  { from: 'src/core/', never: 'src/extension/', why: 'core is shared by the CLI and VS Code' },
  { from: 'src/core/', never: 'src/cli/', why: 'core is shared by the CLI and VS Code' },
  { from: 'src/core/git/', never: 'src/core/oplog/', why: 'git is the bottom layer' },
  { from: 'src/core/git/', never: 'src/core/operations/', why: 'git is the bottom layer' },
  { from: 'src/core/oplog/', never: 'src/core/operations/', why: 'operations → oplog → git' },
  { from: 'webview-ui/', never: 'src/', why: 'the webview runs in a browser: it shares only pure modules' },
];
/** Pure, browser-safe modules the webview shares with the extension. */
const ALLOWED: { from: string; to: string }[] = [
  { from: 'webview-ui/', to: 'src/protocol/index' },
  { from: 'webview-ui/', to: 'src/core/format' },
  { from: 'webview-ui/', to: 'src/core/graph/layout' },
];

export interface ImportGraph {
  /** Module → the modules it imports (relative paths without extension). */
  edges: Map<string, string[]>;
  /** Bare imports by module, e.g. 'vscode'. */
  packages: Map<string, string[]>;
}

export function readImportGraph(root: string, folders: string[]): ImportGraph {
  const edges = new Map<string, string[]>();
  const packages = new Map<string, string[]>();
  for (const folder of folders) {
    for (const file of tsFiles(join(root, folder))) {
      const from = moduleName(root, file);
      const specifiers = importSpecifiers(readFileSync(file, 'utf8'));
      edges.set(
        from,
        specifiers.filter((s) => s.startsWith('.')).map((s) => moduleName(root, resolve(dirname(file), s))),
      );
      packages.set(
        from,
        specifiers.filter((s) => !s.startsWith('.')),
      );
    }
  }
  return { edges, packages };
}

/** Every import, export-from and import() specifier of a file, type-only ones included. */
export function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const literal = node.argument.literal;
      if (ts.isStringLiteral(literal)) found.push(literal.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS));
  return found;
}

/** Groups of modules that import each other, directly or around a loop (Tarjan's algorithm). */
export function importCycles(edges: Map<string, string[]>): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const connect = (node: string): void => {
    order.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!edges.has(next)) continue;
      if (!order.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, order.get(next)!));
      }
    }
    if (low.get(node) !== order.get(node)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    if (group.length > 1 || (edges.get(node) ?? []).includes(node)) cycles.push(group.sort());
  };
  for (const node of edges.keys()) if (!order.has(node)) connect(node);
  return cycles;
}

/** Imports that go against LAYER_RULES, and core modules that import vscode. */
export function layerViolations(graph: ImportGraph): string[] {
  const found: string[] = [];
  for (const [from, targets] of graph.edges) {
    for (const to of targets) {
      if (ALLOWED.some((a) => from.startsWith(a.from) && to === a.to)) continue;
      for (const rule of LAYER_RULES) {
        if (from.startsWith(rule.from) && to.startsWith(rule.never)) {
          found.push(`${from} imports ${to}: ${rule.from} never imports ${rule.never} (${rule.why}).`);
        }
      }
    }
    if (from.startsWith('src/core/') && (graph.packages.get(from) ?? []).includes('vscode')) {
      found.push(`${from} imports vscode: src/core runs in the CLI too.`);
    }
  }
  return found;
}

function tsFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function moduleName(root: string, path: string): string {
  const name = relative(root, path).replace(/\.(ts|js)$/, '');
  try {
    if (statSync(join(root, name)).isDirectory()) return `${name}/index`;
  } catch {
    // not a folder: a file module
  }
  return name;
}

if (require.main === module) {
  const root = resolve(__dirname, '..');
  const graph = readImportGraph(root, ['src', 'webview-ui']);
  const problems = [
    ...importCycles(graph.edges).map((group) => `import cycle: ${group.join(' ↔ ')}`),
    ...layerViolations(graph),
  ];
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) process.exitCode = 1;
  else console.log(`imports: ${graph.edges.size} modules, no cycles, layers in order`);
}
