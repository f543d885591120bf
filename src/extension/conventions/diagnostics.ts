// Live feedback while writing a commit message: diagnostics in git's commit message editor
// (COMMIT_EDITMSG, the git-commit language) and in the Source Control input box (scminput).
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { isEmptyMessage, lintMessage } from '../../core/conventions/lint';
import { problemRanges } from '../../core/conventions/ranges';
import type { Repositories } from '../repositories';
import { rootOfMessage, type ConventionsRules } from './rules';

const DIAGNOSTIC_SOURCE = 'commitlint';

export function isCommitMessage(document: vscode.TextDocument): boolean {
  return (
    document.languageId === 'git-commit' ||
    document.languageId === 'scminput' ||
    basename(document.uri.fsPath) === 'COMMIT_EDITMSG'
  );
}

export function enabled(): boolean {
  return vscode.workspace.getConfiguration('stackline.conventions').get<boolean>('enabled', true);
}

export function registerCommitDiagnostics(
  rules: ConventionsRules,
  repositories: Repositories,
  log: vscode.OutputChannel,
): vscode.Disposable[] {
  const collection = vscode.languages.createDiagnosticCollection('stackline-commit-message');
  const timers = new Map<string, NodeJS.Timeout>();

  const check = async (document: vscode.TextDocument) => {
    if (!isCommitMessage(document)) return;
    const roots = repositories.all.map((r) => ({
      root: r.root,
      gitDir: r.location.gitDir,
      commonDir: r.location.commonDir,
    }));
    const root = enabled() ? rootOfMessage(document, roots, repositories.active?.root) : undefined;
    if (!root) {
      collection.delete(document.uri);
      return;
    }
    const version = document.version;
    const conventions = await rules.get(root);
    if (!conventions.config) {
      // Say once, at the top, why nothing is checked (an untrusted JavaScript config, a broken file).
      const why = new vscode.Diagnostic(
        new vscode.Range(0, 0, 0, 0),
        vscode.l10n.t('Commit rules not checked: {0}', conventions.error?.message ?? vscode.l10n.t('no rules')),
        vscode.DiagnosticSeverity.Information,
      );
      why.source = 'stackline';
      collection.set(document.uri, [why]);
      return;
    }
    const text = document.getText();
    const comment = document.languageId === 'scminput' ? undefined : conventions.commentChar;
    // Nothing written yet (an empty input box, a fresh COMMIT_EDITMSG): nothing to flag while typing.
    if (isEmptyMessage(text, comment)) {
      collection.delete(document.uri);
      return;
    }
    const report = await lintMessage(text, conventions.config, { commentChar: comment });
    if (document.isClosed || document.version !== version) return;
    const diagnostics = [...report.errors, ...report.warnings].flatMap((problem) =>
      problemRanges(text, problem, conventions.config!, comment).map((range) => {
        // Weighed as in the tree and the graph: an error only against rules the repository committed.
        const severity =
          problem.level === 2 && conventions.config!.file !== undefined
            ? vscode.DiagnosticSeverity.Error
            : vscode.DiagnosticSeverity.Warning;
        const diagnostic = new vscode.Diagnostic(
          new vscode.Range(range.line, range.start, range.line, range.end),
          problem.message,
          severity,
        );
        diagnostic.source = DIAGNOSTIC_SOURCE;
        diagnostic.code = problem.name;
        return diagnostic;
      }),
    );
    collection.set(document.uri, diagnostics);
  };
  const checkSafely = (document: vscode.TextDocument) =>
    check(document).catch((error: unknown) =>
      log.appendLine(
        `[conventions] checking ${document.uri.toString()}: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  const checkSoon = (document: vscode.TextDocument) => {
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => void checkSafely(document), 120),
    );
  };
  const checkAll = () => vscode.workspace.textDocuments.forEach((document) => void checkSafely(document));

  checkAll();
  return [
    collection,
    vscode.workspace.onDidOpenTextDocument((document) => void checkSafely(document)),
    vscode.workspace.onDidChangeTextDocument((event) => isCommitMessage(event.document) && checkSoon(event.document)),
    vscode.workspace.onDidCloseTextDocument((document) => {
      clearTimeout(timers.get(document.uri.toString()));
      collection.delete(document.uri);
    }),
    rules.onDidChange(checkAll),
    repositories.onDidChange(checkAll),
    vscode.workspace.onDidChangeConfiguration(
      (event) => event.affectsConfiguration('stackline.conventions') && checkAll(),
    ),
    { dispose: () => timers.forEach((timer) => clearTimeout(timer)) },
  ];
}
