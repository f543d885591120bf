// Full commit messages in an editor, the way git's own commit editor works in VS Code: a file
// STACKLINE_EDITMSG under the git dir (a fresh folder each time, so no editor holds an old copy of
// it), in the git-commit language (so the commit rules are checked as
// you type, see conventions/diagnostics.ts), subject on the first line and the body below. The
// CodeLens or ✓ in the editor title or Ctrl+Enter accepts; closing the tab cancels.
//
// As with git, the message is what the file holds on disk when its tab closes, and the file starts
// with no message on disk (what to edit is put in as an unsaved change): so closing without saving
// cancels, saving and closing accepts, and git's own Accept and Discard buttons do what they say.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { scratchDir } from '../core/oplog/files';
import type { MessageChecks } from './messageChecks';
import type { Repository } from './repository';
import { configValue } from '../core/git/configValue';

export const MESSAGE_FILE = 'STACKLINE_EDITMSG';

export interface MessageRequest {
  repo: Repository;
  /** The accept button's words, e.g. "Commit", "Reword 1a2b3c4d5", "Split: Commit Part 1 of 2". */
  action: string;
  /** What is being written, for the comment lines under the message. */
  about: string[];
  /** The message to start from. */
  initial: string;
}

interface Pending {
  request: MessageRequest;
  uri: vscode.Uri;
  /** git's comment character in this repository. */
  comment: string;
  /** Set by Accept (after its checks) and Cancel: how the session ends when the tab closes. */
  outcome?: { message: string } | 'cancel';
  finish(message: string | undefined): void;
}

export class MessageEditors implements vscode.Disposable {
  private readonly pending = new Map<string, Pending>();
  private made = 0;
  /** Folders of messages that ended, removed when the next one starts and at the end. */
  private readonly finished: string[] = [];
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.lensesChanged];

  constructor(private readonly checks: MessageChecks) {
    this.disposables.push(
      vscode.window.tabGroups.onDidChangeTabs((event) => {
        for (const tab of event.closed) if (tab.input instanceof vscode.TabInputText) void this.closed(tab.input.uri);
      }),
      vscode.languages.registerCodeLensProvider(
        { scheme: 'file', pattern: `**/${MESSAGE_FILE}` },
        {
          onDidChangeCodeLenses: this.lensesChanged.event,
          provideCodeLenses: (document) => this.lenses(document),
        },
      ),
      vscode.commands.registerCommand('stackline.acceptMessage', (uri?: unknown) => this.accept(uri)),
      vscode.commands.registerCommand('stackline.discardMessage', (uri?: unknown) => this.discard(uri)),
    );
  }

  /**
   * Opens the message editor and resolves with the message (comment lines left out) once it is
   * accepted, or undefined when it is cancelled. A message that breaks rules the repository
   * committed is refused, and the editor stays open to fix it.
   */
  async edit(request: MessageRequest): Promise<string | undefined> {
    let initial = request.initial;
    for (;;) {
      const message = await this.session({ ...request, initial });
      if (message === undefined) return undefined;
      // Accept checked already; a message saved and closed (git's way) is checked here.
      const verdict = await this.checks.validate(request.repo.root, message);
      if (verdict?.severity !== vscode.InputBoxValidationSeverity.Error) return message;
      const again = await vscode.window.showErrorMessage(
        vscode.l10n.t('{0}. Nothing was changed.', verdict.message),
        vscode.l10n.t('Edit Again'),
      );
      if (again !== 'Edit Again') return undefined;
      initial = message;
    }
  }

  /** The open message editor of a repository, for the composer to write into: its message, and a way to replace it. */
  openFor(root: string): { message(): string; replace(message: string): Promise<void> } | undefined {
    const entry = [...this.pending.values()].find((p) => p.request.repo.root === root);
    const editor =
      entry && vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === entry.uri.toString());
    if (!entry || !editor) return undefined;
    // The message is what stands above the first comment line.
    const messageRange = () => {
      const line = Array.from({ length: editor.document.lineCount }, (_, i) => i).find((i) =>
        editor.document.lineAt(i).text.startsWith(entry.comment),
      );
      return new vscode.Range(0, 0, line ?? editor.document.lineCount, 0);
    };
    return {
      message: () => editor.document.getText(messageRange()).trim(),
      replace: async (message) => {
        await editor.edit((edit) => edit.replace(messageRange(), `${message}\n\n`));
        await vscode.window.showTextDocument(editor.document, editor.viewColumn);
      },
    };
  }

  private async session(request: MessageRequest): Promise<string | undefined> {
    const { repo } = request;
    // One message at a time per repository: a new one ends the one still open.
    for (const earlier of [...this.pending.values()].filter((p) => p.request.repo.root === repo.root)) {
      await this.discard(earlier.uri);
      if (this.pending.get(earlier.uri.toString()) === earlier) this.end(earlier, undefined);
    }
    this.removeFinished();
    const uri = vscode.Uri.file(join(scratchDir(repo.location), `message-${process.pid}-${++this.made}`, MESSAGE_FILE));
    const comment = await commentChar(repo);
    const footer = helpLines(request, comment);
    mkdirSync(dirname(uri.fsPath), { recursive: true });
    writeFileSync(uri.fsPath, `\n${footer}`);
    const result = new Promise<string | undefined>((resolve) => {
      const entry: Pending = {
        request,
        uri,
        comment,
        finish: (message) => {
          if (this.pending.get(uri.toString()) === entry) this.pending.delete(uri.toString());
          this.lensesChanged.fire();
          resolve(message);
        },
      };
      this.pending.set(uri.toString(), entry);
    });
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== 'git-commit') await vscode.languages.setTextDocumentLanguage(document, 'git-commit');
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    // The file on disk has no message (see the top of this file): what to start from is an unsaved edit.
    if (request.initial.trim() !== '')
      await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), `${request.initial.replace(/\s+$/, '')}\n`));
    const end = document.lineAt(0).range.end;
    editor.selection = new vscode.Selection(end, end);
    this.lensesChanged.fire();
    return result;
  }

  private lenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const entry = this.pending.get(document.uri.toString());
    if (!entry) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, {
        title: `$(check) ${entry.request.action}`,
        tooltip: vscode.l10n.t('{0} with this message ({1})', entry.request.action, acceptKey()),
        command: 'stackline.acceptMessage',
        arguments: [document.uri],
      }),
      new vscode.CodeLens(top, {
        title: vscode.l10n.t('$(wand) Compose…'),
        tooltip: vscode.l10n.t('Compose a Conventional Commits message step by step and put it here'),
        command: 'stackline.composeCommitMessage',
      }),
      new vscode.CodeLens(top, {
        title: vscode.l10n.t('$(close) Cancel'),
        tooltip: vscode.l10n.t('Close without using this message'),
        command: 'stackline.discardMessage',
        arguments: [document.uri],
      }),
    ];
  }

  private entryOf(arg: unknown): Pending | undefined {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    return uri && this.pending.get(uri.toString());
  }

  private async accept(arg: unknown): Promise<void> {
    const entry = this.entryOf(arg);
    if (!entry) return;
    const document = await vscode.workspace.openTextDocument(entry.uri);
    const message = await withoutComments(entry.request.repo, document.getText());
    if (message === '') {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('Write the message first: the subject on the first line, then a blank line and the body.'),
      );
      return;
    }
    const verdict = await this.checks.validate(entry.request.repo.root, message);
    if (verdict?.severity === vscode.InputBoxValidationSeverity.Error) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('{0}. Fix the message (the problems are underlined), then accept again.', verdict.message),
      );
      return;
    }
    entry.outcome = { message };
    // Saved first, so closing asks nothing.
    await document.save();
    await closeTabs(entry.uri);
  }

  private async discard(arg: unknown): Promise<void> {
    const entry = this.entryOf(arg);
    if (!entry) return;
    entry.outcome = 'cancel';
    // Saved (the outcome is set, so what is on disk no longer counts), so closing asks nothing.
    await (await vscode.workspace.openTextDocument(entry.uri)).save();
    await closeTabs(entry.uri);
  }

  /** A tab closed: when it was the last one showing a pending message, the session ends. */
  private async closed(uri: vscode.Uri): Promise<void> {
    const entry = this.pending.get(uri.toString());
    if (!entry || openTabs(uri).length > 0) return;
    let message: string | undefined;
    if (entry.outcome === 'cancel') message = undefined;
    else if (entry.outcome) message = entry.outcome.message;
    else {
      // Closed another way (the tab's ×, git's Accept or Discard): the file on disk is the answer.
      const saved = await vscode.workspace.fs.readFile(uri).then(
        (bytes) => Buffer.from(bytes).toString('utf8'),
        () => '',
      );
      message = (await withoutComments(entry.request.repo, saved)) || undefined;
    }
    this.end(entry, message);
  }

  private end(entry: Pending, message: string | undefined): void {
    // The file stays until the next message starts (an editor may still be saving it as its tab closes).
    this.finished.push(dirname(entry.uri.fsPath));
    entry.finish(message);
  }

  private removeFinished(): void {
    for (const dir of this.finished.splice(0)) rmSync(dir, { recursive: true, force: true });
  }

  dispose(): void {
    for (const entry of this.pending.values()) entry.finish(undefined);
    this.removeFinished();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function openTabs(uri: vscode.Uri): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString());
}

async function closeTabs(uri: vscode.Uri): Promise<void> {
  const tabs = openTabs(uri);
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}

function acceptKey(): string {
  return process.platform === 'darwin' ? '⌘Enter' : 'Ctrl+Enter';
}

/** The comment lines under the message: what it is for and how to finish. */
function helpLines(request: MessageRequest, comment: string): string {
  const lines = [
    ...request.about,
    vscode.l10n.t('The first line is the subject; after a blank line comes the body.'),
    vscode.l10n.t("Lines starting with '{0}' are left out.", comment),
    vscode.l10n.t('{0} or ✓ {1} accepts; closing the tab without saving cancels.', acceptKey(), request.action),
  ];
  return lines.map((line) => `${comment} ${line}`).join('\n') + '\n';
}

/** git's comment character (core.commentChar; "auto" and unset mean '#'). */
async function commentChar(repo: Repository): Promise<string> {
  const value = await configValue(repo.git, { key: 'core.commentChar' });
  return value && value !== 'auto' ? value : '#';
}

/** The message as git keeps it: comment lines and surrounding blank lines gone. */
async function withoutComments(repo: Repository, text: string): Promise<string> {
  return (await repo.git.exec(['stripspace', '--strip-comments'], { input: text })).stdout.trim();
}
