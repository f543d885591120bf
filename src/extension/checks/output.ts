// A check's output as a read-only document (stackline-check:<check> on <commit>.log), read from the
// results Stackline keeps under the repository's git dir. Only files in such a results folder are
// served, whatever a URI asks for.
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { CheckResult } from '../../core/checks/cache';
import { shortHash } from '../../core/format';

export const OUTPUT_SCHEME = 'stackline-check';

export class CheckOutputProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    const file = new URLSearchParams(uri.query).get('file') ?? '';
    if (
      basename(dirname(file)) !== 'results' ||
      basename(dirname(dirname(file))) !== 'checks' ||
      !file.endsWith('.log')
    )
      return vscode.l10n.t('Not a check output file.');
    try {
      return readFileSync(file, 'utf8') || vscode.l10n.t('(The check printed nothing.)');
    } catch {
      return vscode.l10n.t(
        'This output is gone (the results are kept for the 2000 most recent checks). Run the checks again.',
      );
    }
  }

  /** The document of one result; opening it again after a rerun shows the new output. */
  uriOf(result: CheckResult): vscode.Uri {
    const uri = vscode.Uri.from({
      scheme: OUTPUT_SCHEME,
      path: `/${result.check} on ${shortHash(result.commit)} (${result.state}).log`,
      query: new URLSearchParams({ file: result.outputFile, at: String(result.finishedAt) }).toString(),
    });
    this.changed.fire(uri);
    return uri;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
