// Stackline: Compose Commit Message — type, scope, subject, body and breaking change, one step
// at a time, checked against the repository's rules as you type (every broken rule at once, and
// only once something is typed). The message goes into Stackline's message editor when one is open
// for the repository (Commit…, Reword…), else into the Source Control input box of VS Code's git
// extension (where Stackline's Commit… finds it too), asking before it replaces a message already
// there; without either it is copied to the clipboard.
import * as vscode from 'vscode';
import { defaultLintConfig } from '../../core/conventions/commitlintConfig';
import type { LintConfig } from '../../core/conventions/lintConfig';
import {
  composeMessage,
  enumRule,
  headerOf,
  scopeSuggestions,
  typeChoices,
  workspacePackages,
  type MessageParts,
} from '../../core/conventions/composer';
import { ConventionsError } from '../../core/conventions/errors';
import { lintMessage, type RuleProblem } from '../../core/conventions/lint';
import { ruleSeverity } from '../../core/conventions/severity';
import type { MessageEditors } from '../messageEditor';
import type { Repository } from '../repository';
import { scmInputBox } from '../scmInput';
import type { ConventionsRules } from './rules';

const STEPS = 5;

export async function composeCommitMessage(
  repo: Repository,
  rules: ConventionsRules,
  editors: MessageEditors,
): Promise<void> {
  const conventions = await rules.get(repo.root);
  if (!conventions.config)
    throw conventions.error ?? new ConventionsError('config', vscode.l10n.t('The commit rules could not be loaded.'));
  const config = conventions.config;
  const parts: MessageParts = { type: '', subject: '' };

  const type = await pick(
    1,
    vscode.l10n.t('Type of change'),
    typeChoices(config, await defaultLintConfig()).map((c) => ({ label: c.value, detail: c.description || undefined })),
  );
  if (type === undefined) return;
  parts.type = type;

  const scope = await pickScope(repo, config);
  if (scope === undefined) return;
  parts.scope = scope || undefined;

  const subject = await input(
    3,
    vscode.l10n.t('Subject: what the change does, in the imperative ("add", not "added")'),
    '',
    async (value) => {
      const header = headerOf({ ...parts, subject: value });
      return problemsOf(await lintMessage(header, config), config, (p) => /^(header|type|scope|subject)-/.test(p.name));
    },
  );
  if (subject === undefined) return;
  parts.subject = subject;

  const width = wrapWidth(config);
  const body = await input(
    4,
    vscode.l10n.t('Body (optional): why the change is needed. Wrapped at {0} columns. Enter to skip.', width),
    '',
    async (value) =>
      value.trim()
        ? problemsOf(await lintMessage(composeMessage({ ...parts, body: value }, width), config), config, (p) =>
            p.name.startsWith('body-'),
          )
        : undefined,
  );
  if (body === undefined) return;
  parts.body = body;

  const breaking = await pick(5, vscode.l10n.t('Breaking change?'), [
    { label: vscode.l10n.t('No'), detail: vscode.l10n.t('Existing users need not change anything.') },
    {
      label: vscode.l10n.t('Yes'),
      detail: vscode.l10n.t('Adds "!" to the header and a BREAKING CHANGE footer describing what breaks.'),
    },
  ]);
  if (breaking === undefined) return;
  if (breaking === vscode.l10n.t('Yes')) {
    const what = await input(5, vscode.l10n.t('What breaks, and what should users do?'), '', async (value) =>
      value.trim()
        ? undefined
        : {
            message: vscode.l10n.t('Describe the breaking change.'),
            severity: vscode.InputBoxValidationSeverity.Error,
          },
    );
    if (what === undefined) return;
    parts.breaking = what;
  }

  const message = composeMessage(parts, width);
  const report = await lintMessage(message, config);
  if (!report.valid) {
    const problems = report.errors.map((p) => `${p.message} [${p.name}]`).join('; ');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('The message breaks the commit rules ({0}): {1}', config.label, problems),
      vscode.l10n.t('Use It Anyway'),
    );
    if (choice !== 'Use It Anyway') return;
  }
  await deliver(repo, message, editors);
}

/**
 * Scopes: the config's scope-enum when it has one, else the changed paths and workspace packages;
 * typing adds your own. A scope the rules do not allow stays in the list with the reason, the
 * allowed ones below it, so typing goes on instead of ending in an empty list.
 */
async function pickScope(repo: Repository, config: LintConfig): Promise<string | undefined> {
  const noScope = vscode.l10n.t('(no scope)');
  const allowed = enumRule(config, 'scope-enum');
  const files = repo.smartlog?.uncommitted.files ?? [];
  const staged = files.filter((f) => f.kinds.includes('staged'));
  const packages = workspacePackages(repo.root);
  const suggested = allowed ?? [
    ...new Set([
      ...scopeSuggestions(
        (staged.length ? staged : files).map((f) => f.path),
        packages,
      ),
      ...packages.values(),
    ]),
  ];
  const scopeEmpty = config.rules['scope-empty'] as readonly unknown[] | undefined;
  const scopeRequired = scopeEmpty?.[0] === 2 && scopeEmpty[1] === 'never';
  const items: vscode.QuickPickItem[] = [
    ...(scopeRequired ? [] : [{ label: noScope, alwaysShow: !!allowed }]),
    ...suggested.map((scope) => ({
      label: scope,
      description: allowed ? vscode.l10n.t('allowed by scope-enum') : changedHint(scope, packages),
      alwaysShow: !!allowed,
    })),
  ];
  // Weighed as ruleSeverity does: refused only when the repository committed an error-level rule.
  const refuses = allowed !== undefined && enumLevel(config) === 2 && config.file !== undefined;
  const typed = (value: string): vscode.QuickPickItem | undefined => {
    if (!value || items.some((item) => item.label === value)) return undefined;
    if (!allowed) return { label: value, description: vscode.l10n.t('your own scope') };
    return {
      label: value,
      description: refuses ? vscode.l10n.t('$(error) not allowed') : vscode.l10n.t('$(warning) not in the list'),
      detail: refuses
        ? vscode.l10n.t(
            'The rules (scope-enum in {0}) allow {1}. Pick one of them below, or keep typing.',
            config.label,
            allowed.join(', '),
          )
        : vscode.l10n.t(
            'The rules (scope-enum in {0}) allow {1}. Enter uses it anyway.',
            config.label,
            allowed.join(', '),
          ),
      alwaysShow: true,
    };
  };
  const chosen = await pick(
    2,
    allowed ? vscode.l10n.t('Scope (from the rules)') : vscode.l10n.t('Scope: pick one or type your own'),
    items,
    typed,
    (label) => !(refuses && allowed && label !== noScope && !allowed.includes(label)),
  );
  return chosen === noScope ? '' : chosen;
}

/** The level of the scope-enum rule (2 error, 1 warning). */
function enumLevel(config: LintConfig): number {
  const rule = config.rules['scope-enum'] as readonly unknown[] | undefined;
  return typeof rule?.[0] === 'number' ? rule[0] : 0;
}

function changedHint(scope: string, packages: Map<string, string>): string {
  return [...packages.values()].includes(scope) ? vscode.l10n.t('workspace package') : vscode.l10n.t('changed files');
}

/**
 * Shows one step and resolves with what `accept` answers when Enter is pressed (undefined keeps the
 * step open), or with undefined when the step is dismissed.
 */
function runStep<T>(
  step: number,
  widget: vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox,
  accept: () => Promise<{ value: T } | undefined>,
): Promise<T | undefined> {
  widget.title = vscode.l10n.t('Compose Commit Message ({0}/{1})', step, STEPS);
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

/**
 * A single-choice step. `typed` turns what is typed into an extra first item (your own choice, or
 * why it is not allowed); `acceptable` says whether Enter may take an item.
 */
function pick(
  step: number,
  placeholder: string,
  items: vscode.QuickPickItem[],
  typed?: (value: string) => vscode.QuickPickItem | undefined,
  acceptable: (label: string) => boolean = () => true,
): Promise<string | undefined> {
  const quickPick = vscode.window.createQuickPick();
  quickPick.placeholder = placeholder;
  quickPick.items = items;
  quickPick.matchOnDetail = true;
  if (typed) {
    quickPick.onDidChangeValue((value) => {
      const extra = typed(value.trim());
      quickPick.items = extra ? [extra, ...items] : items;
    });
  }
  return runStep(step, quickPick, async () => {
    const label = quickPick.selectedItems[0]?.label;
    return label === undefined || !acceptable(label) ? undefined : { value: label };
  });
}

type Validate = (value: string) => Promise<vscode.InputBoxValidationMessage | undefined>;

/** A text step checked as you type (an empty start is checked only on Enter); Enter is refused while the value has an error. */
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
  if (value !== '') void check(value);
  box.onDidChangeValue((text) => void check(text));
  return runStep(step, box, async () => {
    await check(box.value);
    return valid ? { value: box.value } : undefined;
  });
}

/**
 * Every broken rule the step is about, at once: an error (Enter refused) against rules the
 * repository committed, a warning against the default rules, as in the Stacks tree and the graph.
 */
function problemsOf(
  report: { errors: RuleProblem[]; warnings: RuleProblem[] },
  config: LintConfig,
  relevant: (problem: RuleProblem) => boolean,
): vscode.InputBoxValidationMessage | undefined {
  const errors = report.errors.filter(relevant);
  const warnings = report.warnings.filter(relevant);
  const severity = ruleSeverity({ errors, warnings }, config);
  if (!severity) return undefined;
  const message = [...errors, ...warnings].map((p) => `${p.message} [${p.name}]`).join('; ');
  return {
    message,
    severity:
      severity === 'error' ? vscode.InputBoxValidationSeverity.Error : vscode.InputBoxValidationSeverity.Warning,
  };
}

/** Body lines wrap at 72 columns, or shorter when body-max-line-length asks for less. */
function wrapWidth(config: LintConfig): number {
  const rule = config.rules['body-max-line-length'] as readonly unknown[] | undefined;
  const limit = rule && rule[0] !== 0 && typeof rule[2] === 'number' ? rule[2] : Infinity;
  return Math.min(72, limit);
}

/** Into the open message editor, else the Source Control box, else the clipboard; asks before replacing a message. */
async function deliver(repo: Repository, message: string, editors: MessageEditors): Promise<void> {
  const editor = editors.openFor(repo.root);
  if (editor) {
    const current = editor.message();
    if (current !== '' && current !== message && !(await confirmReplace(current, vscode.l10n.t('the message editor'))))
      return;
    await editor.replace(message);
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Composed message in the editor'), 5000);
    return;
  }
  const box = await scmInputBox(repo.root);
  if (box) {
    const current = box.value.trim();
    if (current !== '' && current !== message && !(await confirmReplace(current, 'Source Control'))) return;
    box.value = message;
    await vscode.commands.executeCommand('workbench.view.scm');
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Commit message ready in Source Control'), 5000);
    return;
  }
  await vscode.env.clipboard.writeText(message);
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Copied the commit message to the clipboard (the git extension has no input box for this repository).',
    ),
  );
}

/** "Replace the message in Source Control?" with the message that would go, in full. */
async function confirmReplace(current: string, where: string): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Replace the message already in {0}?', where),
    { modal: true, detail: current },
    vscode.l10n.t('Replace'),
  );
  return choice === 'Replace';
}
