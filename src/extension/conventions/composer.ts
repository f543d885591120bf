// Stackline: Compose Commit Message — type, scope, subject, body and breaking change, one step
// at a time, checked against the repository's rules as you type. The message goes into the Source
// Control input box of VS Code's git extension for that repository (where you commit as usual);
// when that is not available it is copied to the clipboard.
import * as vscode from 'vscode';
import { defaultLintConfig, type LintConfig } from '../../core/conventions/commitlintConfig';
import { composeMessage, enumRule, headerOf, scopeSuggestions, typeChoices, workspacePackages, type MessageParts } from '../../core/conventions/composer';
import { ConventionsError } from '../../core/conventions/errors';
import { lintMessage, type RuleProblem } from '../../core/conventions/lint';
import type { Repository } from '../repository';
import type { ConventionsRules } from './rules';

const TITLE = 'Compose Commit Message';
const STEPS = 5;
const NO_SCOPE = '(no scope)';

interface GitInputApi {
  repositories: { rootUri: vscode.Uri; inputBox: { value: string } }[];
}

export async function composeCommitMessage(repo: Repository, rules: ConventionsRules): Promise<void> {
  const conventions = await rules.get(repo.root);
  if (!conventions.config) throw conventions.error ?? new ConventionsError('config', 'The commit rules could not be loaded.');
  const config = conventions.config;
  const parts: MessageParts = { type: '', subject: '' };

  const type = await pick(
    1,
    'Type of change',
    typeChoices(config, await defaultLintConfig()).map((c) => ({ label: c.value, detail: c.description || undefined })),
  );
  if (type === undefined) return;
  parts.type = type;

  const scope = await pickScope(repo, config);
  if (scope === undefined) return;
  parts.scope = scope || undefined;

  const subject = await input(3, 'Subject: what the change does, in the imperative ("add", not "added")', '', async (value) => {
    const header = headerOf({ ...parts, subject: value });
    return firstProblem(await lintMessage(header, config), (p) => /^(header|type|scope|subject)-/.test(p.name));
  });
  if (subject === undefined) return;
  parts.subject = subject;

  const width = wrapWidth(config);
  const body = await input(4, `Body (optional): why the change is needed. Wrapped at ${width} columns. Enter to skip.`, '', async (value) =>
    value.trim() ? firstProblem(await lintMessage(composeMessage({ ...parts, body: value }, width), config), (p) => p.name.startsWith('body-')) : undefined,
  );
  if (body === undefined) return;
  parts.body = body;

  const breaking = await pick(5, 'Breaking change?', [
    { label: 'No', detail: 'Existing users need not change anything.' },
    { label: 'Yes', detail: 'Adds "!" to the header and a BREAKING CHANGE footer describing what breaks.' },
  ]);
  if (breaking === undefined) return;
  if (breaking === 'Yes') {
    const what = await input(5, 'What breaks, and what should users do?', '', async (value) => (value.trim() ? undefined : { message: 'Describe the breaking change.', severity: vscode.InputBoxValidationSeverity.Error }));
    if (what === undefined) return;
    parts.breaking = what;
  }

  const message = composeMessage(parts, width);
  const report = await lintMessage(message, config);
  if (!report.valid) {
    const problems = report.errors.map((p) => `${p.message} [${p.name}]`).join('; ');
    const choice = await vscode.window.showWarningMessage(`The message breaks the commit rules (${config.label}): ${problems}`, 'Use It Anyway');
    if (choice !== 'Use It Anyway') return;
  }
  await deliver(repo, message);
}

/** Scopes: the config's scope-enum when it has one, else the changed paths and workspace packages; typing adds your own. */
async function pickScope(repo: Repository, config: LintConfig): Promise<string | undefined> {
  const allowed = enumRule(config, 'scope-enum');
  const files = repo.smartlog?.uncommitted.files ?? [];
  const staged = files.filter((f) => f.kinds.includes('staged'));
  const packages = workspacePackages(repo.root);
  const suggested = allowed ?? [...new Set([...scopeSuggestions((staged.length ? staged : files).map((f) => f.path), packages), ...packages.values()])];
  const scopeEmpty = config.rules['scope-empty'] as readonly unknown[] | undefined;
  const scopeRequired = scopeEmpty?.[0] === 2 && scopeEmpty[1] === 'never';
  const items: vscode.QuickPickItem[] = [
    ...(scopeRequired ? [] : [{ label: NO_SCOPE }]),
    ...suggested.map((scope) => ({ label: scope, description: allowed ? 'allowed by scope-enum' : changedHint(scope, packages) })),
  ];
  const chosen = await pick(2, allowed ? 'Scope (from the rules)' : 'Scope: pick one or type your own', items, !allowed);
  return chosen === NO_SCOPE ? '' : chosen;
}

function changedHint(scope: string, packages: Map<string, string>): string {
  return [...packages.values()].includes(scope) ? 'workspace package' : 'changed files';
}

/**
 * Shows one step and resolves with what `accept` answers when Enter is pressed (undefined keeps the
 * step open), or with undefined when the step is dismissed.
 */
function runStep<T>(step: number, widget: vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox, accept: () => Promise<{ value: T } | undefined>): Promise<T | undefined> {
  widget.title = `${TITLE} (${step}/${STEPS})`;
  widget.ignoreFocusOut = true;
  return new Promise((resolve) => {
    let done = false;
    widget.onDidAccept(async () => {
      const answer = await accept();
      if (!answer) return;
      done = true;
      resolve(answer.value);
      widget.hide();
    });
    widget.onDidHide(() => {
      if (!done) resolve(undefined);
      widget.dispose();
    });
    widget.show();
  });
}

/** A single-choice step; with `free`, what you type becomes a choice too. */
function pick(step: number, placeholder: string, items: vscode.QuickPickItem[], free = false): Promise<string | undefined> {
  const quickPick = vscode.window.createQuickPick();
  quickPick.placeholder = placeholder;
  quickPick.items = items;
  quickPick.matchOnDetail = true;
  if (free) {
    quickPick.onDidChangeValue((value) => {
      const typed = value.trim();
      const exists = items.some((item) => item.label === typed);
      quickPick.items = typed && !exists ? [{ label: typed, description: 'your own scope' }, ...items] : items;
    });
  }
  return runStep(step, quickPick, async () => {
    const label = quickPick.selectedItems[0]?.label;
    return label === undefined ? undefined : { value: label };
  });
}

type Validate = (value: string) => Promise<vscode.InputBoxValidationMessage | undefined>;

/** A text step checked as you type; Enter is refused while the value has an error. */
function input(step: number, prompt: string, value: string, validate: Validate): Promise<string | undefined> {
  const box = vscode.window.createInputBox();
  box.prompt = prompt;
  box.value = value;
  let latest = 0;
  let valid = true;
  const check = async (text: string) => {
    const mine = ++latest;
    const problem = await validate(text);
    if (mine !== latest) return;
    valid = problem?.severity !== vscode.InputBoxValidationSeverity.Error;
    box.validationMessage = problem;
  };
  void check(value);
  box.onDidChangeValue((text) => void check(text));
  return runStep(step, box, async () => {
    await check(box.value);
    return valid ? { value: box.value } : undefined;
  });
}

function firstProblem(report: { errors: RuleProblem[]; warnings: RuleProblem[] }, relevant: (problem: RuleProblem) => boolean): vscode.InputBoxValidationMessage | undefined {
  const error = report.errors.find(relevant);
  if (error) return { message: `${error.message} [${error.name}]`, severity: vscode.InputBoxValidationSeverity.Error };
  const warning = report.warnings.find(relevant);
  return warning ? { message: `${warning.message} [${warning.name}]`, severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
}

/** Body lines wrap at 72 columns, or shorter when body-max-line-length asks for less. */
function wrapWidth(config: LintConfig): number {
  const rule = config.rules['body-max-line-length'] as readonly unknown[] | undefined;
  const limit = rule && rule[0] !== 0 && typeof rule[2] === 'number' ? rule[2] : Infinity;
  return Math.min(72, limit);
}

async function deliver(repo: Repository, message: string): Promise<void> {
  const git = vscode.extensions.getExtension<{ getAPI(version: 1): GitInputApi }>('vscode.git');
  const api = git && (git.isActive ? git.exports : await git.activate().then((exports) => exports, () => undefined));
  const target = api?.getAPI(1).repositories.find((r) => r.rootUri.fsPath === repo.root);
  if (target) {
    target.inputBox.value = message;
    await vscode.commands.executeCommand('workbench.view.scm');
    vscode.window.setStatusBarMessage('$(check) Commit message ready in Source Control', 5000);
    return;
  }
  await vscode.env.clipboard.writeText(message);
  void vscode.window.showInformationMessage('Copied the commit message to the clipboard (the git extension has no input box for this repository).');
}
