// What keeps the extension's text translatable, as pure checks over source text and the manifest:
// the English bundle is every `l10n.t('…')` message in the code, no user-visible string reaches a
// VS Code API without going through `l10n.t`, and every contributed string in package.json is a
// `%key%` that package.nls.json defines. scripts/l10n-bundle.ts writes the bundle; test/unit/l10n.test.ts
// runs the checks.
import ts from 'typescript';

export interface SourceFile {
  path: string;
  text: string;
}

/** A message `l10n.t` could not be given a bundle entry for, or a string that bypasses it. */
export interface Finding {
  path: string;
  line: number;
  text: string;
}

function parse(file: SourceFile): ts.SourceFile {
  return ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

function finding(source: ts.SourceFile, node: ts.Node): Finding {
  const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
  return { path: source.fileName, line: line + 1, text: node.getText(source) };
}

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  ts.forEachChild(node, (child) => walk(child, visit));
}

/** `l10n.t(…)` or `vscode.l10n.t(…)`. */
function isL10nCall(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return false;
  const { expression, name } = node.expression;
  if (name.text !== 't') return false;
  return (
    (ts.isIdentifier(expression) && expression.text === 'l10n') ||
    (ts.isPropertyAccessExpression(expression) && expression.name.text === 'l10n')
  );
}

/** The English message of an `l10n.t` call: its first argument, or the `message` of its options object. */
function l10nMessage(call: ts.CallExpression): ts.Node | undefined {
  const first = call.arguments[0];
  if (first && ts.isObjectLiteralExpression(first)) return property(first, 'message');
  return first;
}

/** The English bundle (`l10n/bundle.l10n.json`): each message keyed by itself, sorted; plus the calls whose message is not a literal. */
export function englishBundle(files: SourceFile[]): { bundle: Record<string, string>; problems: Finding[] } {
  const messages = new Set<string>();
  const problems: Finding[] = [];
  for (const file of files) {
    const source = parse(file);
    walk(source, (node) => {
      if (!isL10nCall(node)) return;
      const message = l10nMessage(node);
      if (message && (ts.isStringLiteral(message) || ts.isNoSubstitutionTemplateLiteral(message)))
        messages.add(message.text);
      else problems.push(finding(source, node));
    });
  }
  const bundle: Record<string, string> = {};
  for (const message of [...messages].sort()) bundle[message] = message;
  return { bundle, problems };
}

/** Words a user would read: a codicon like `$(sync~spin)` or punctuation alone carries none. */
function hasWords(text: string): boolean {
  return /\p{L}/u.test(text.replace(/\$\([\w~-]+\)/g, ''));
}

/** The literal text in an expression that would reach the user untranslated (through ?:, ??, || and +). */
function untranslated(node: ts.Node | undefined): ts.Node[] {
  if (!node) return [];
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSpreadElement(node))
    return untranslated(node.expression);
  if (ts.isArrayLiteralExpression(node)) return node.elements.flatMap(untranslated);
  if (ts.isConditionalExpression(node)) return [...untranslated(node.whenTrue), ...untranslated(node.whenFalse)];
  if (ts.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    if (
      operator === ts.SyntaxKind.PlusToken ||
      operator === ts.SyntaxKind.QuestionQuestionToken ||
      operator === ts.SyntaxKind.BarBarToken
    )
      return [...untranslated(node.left), ...untranslated(node.right)];
    return [];
  }
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return hasWords(node.text) ? [node] : [];
  if (ts.isTemplateExpression(node)) {
    const fixed = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('');
    return hasWords(fixed) ? [node] : [];
  }
  return [];
}

function property(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const element of object.properties) {
    if (ts.isPropertyAssignment(element) && element.name.getText() === name) return element.initializer;
  }
  return undefined;
}

/** The user-visible fields of an options or item object literal. */
function fields(node: ts.Node | undefined, names: string[]): ts.Node[] {
  if (!node || !ts.isObjectLiteralExpression(node)) return [];
  return names.flatMap((name) => untranslated(property(node, name)));
}

/** Quick pick items: literal strings, or the label/description/detail of item objects. */
function items(node: ts.Node | undefined): ts.Node[] {
  if (!node || !ts.isArrayLiteralExpression(node)) return [];
  return node.elements.flatMap((element) =>
    ts.isObjectLiteralExpression(element) ? fields(element, ITEM_FIELDS) : untranslated(element),
  );
}

const ITEM_FIELDS = ['label', 'description', 'detail'];
const OPTION_FIELDS = ['title', 'placeHolder', 'prompt'];
const MESSAGE_CALLS = new Set(['showInformationMessage', 'showWarningMessage', 'showErrorMessage']);
/** Properties of status bar items, tree items and the like whose text the user reads. */
const VISIBLE_PROPERTIES = new Set([
  'text',
  'tooltip',
  'description',
  'label',
  'title',
  'placeholder',
  'prompt',
  'detail',
]);

function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** The strings handed to a VS Code API the user reads, without going through `l10n.t`. */
function bypassesIn(node: ts.Node): ts.Node[] {
  if (ts.isCallExpression(node)) {
    const name = calleeName(node);
    const args = node.arguments;
    if (name && MESSAGE_CALLS.has(name)) {
      // (message, ...items) or (message, options, ...items); items may be strings or MessageItem objects.
      return args.flatMap((arg) =>
        ts.isObjectLiteralExpression(arg) ? fields(arg, ['title', 'detail']) : untranslated(arg),
      );
    }
    if (name === 'showQuickPick') return [...items(args[0]), ...fields(args[1], OPTION_FIELDS)];
    if (name === 'showInputBox' || name === 'withProgress') return fields(args[0], OPTION_FIELDS);
    if (name === 'setStatusBarMessage') return untranslated(args[0]);
    if (name === 'createWebviewPanel') return untranslated(args[1]);
    if (name === 'createCommentController') return untranslated(args[1]);
    return [];
  }
  if (ts.isNewExpression(node) && calleeName(node) === 'TreeItem') return untranslated(node.arguments?.[0]);
  if (
    ts.isBinaryExpression(node) &&
    node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    ts.isPropertyAccessExpression(node.left) &&
    VISIBLE_PROPERTIES.has(node.left.name.text)
  )
    return untranslated(node.right);
  return [];
}

/** Every string literal or template that reaches a user-visible VS Code API directly, not through `l10n.t`. */
export function findBypasses(files: SourceFile[]): Finding[] {
  const found: Finding[] = [];
  for (const file of files) {
    const source = parse(file);
    walk(source, (node) => {
      for (const literal of bypassesIn(node)) found.push(finding(source, literal));
    });
  }
  return found;
}

/** The manifest fields whose text a user reads (contributed titles, descriptions, view names, walkthroughs…). */
const CONTRIBUTED_TEXT = new Set([
  'title',
  'shortTitle',
  'category',
  'description',
  'markdownDescription',
  'deprecationMessage',
  'markdownDeprecationMessage',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'enumItemLabels',
  'name',
  'contextualTitle',
  'contents',
  'label',
  'altText',
]);

/** The parts of the manifest VS Code shows in its UI, and so translates through package.nls.json. */
export interface LocalizedManifest {
  contributes?: unknown;
  capabilities?: unknown;
}

/** Each contributed string, with where it sits (`contributes.commands[0].title`). */
export function contributedStrings(manifest: LocalizedManifest): { at: string; value: string }[] {
  const found: { at: string; value: string }[] = [];
  const visit = (value: unknown, at: string, key: string): void => {
    if (typeof value === 'string') {
      if (CONTRIBUTED_TEXT.has(key)) found.push({ at, value });
    } else if (Array.isArray(value)) {
      value.forEach((element, index) => visit(element, `${at}[${index}]`, key));
    } else if (value && typeof value === 'object') {
      for (const [name, element] of Object.entries(value)) {
        // A JSON schema's `properties` maps setting names to schemas: the names are ids, not text.
        visit(element, `${at}.${name}`, key === 'properties' ? '' : name);
      }
    }
  };
  visit(manifest.contributes, 'contributes', '');
  visit(manifest.capabilities, 'capabilities', '');
  return found;
}

/** Every contributed string is `%key%`, every key is in package.nls.json, and package.nls.json holds no other keys. */
export function checkNls(manifest: LocalizedManifest, nls: Record<string, string>): string[] {
  const problems: string[] = [];
  const used = new Set<string>();
  for (const { at, value } of contributedStrings(manifest)) {
    const key = /^%([\w.-]+)%$/.exec(value)?.[1];
    if (!key) problems.push(`${at} is plain text (${JSON.stringify(value)}): move it to package.nls.json as %key%.`);
    else if (!(key in nls)) problems.push(`${at} names %${key}%, which package.nls.json does not define.`);
    else used.add(key);
  }
  for (const key of Object.keys(nls)) {
    if (!used.has(key)) problems.push(`package.nls.json defines ${key}, which package.json never uses.`);
  }
  return problems;
}
