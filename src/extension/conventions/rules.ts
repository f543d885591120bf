// The commit rules and convention settings of each repository, loaded on first use and again when
// a config file changes or the workspace becomes trusted. In an untrusted workspace only JSON and
// YAML configs are read; a JavaScript config is reported, not run.
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { commentChar } from '../../core/conventions/check';
import { COMMITLINT_CONFIG_NAMES } from '../../core/conventions/configFile';
import { loadLintConfig } from '../../core/conventions/commitlintConfig';
import type { LintConfig } from '../../core/conventions/lintConfig';
import {
  defaultSettings,
  loadSettings,
  SETTINGS_FILE,
  type ConventionsSettings,
} from '../../core/conventions/settings';
import { GitRunner } from '../../core/git/runner';

export interface RepoConventions {
  root: string;
  /** The rules, unless they could not be loaded (then `error` says why). */
  config?: LintConfig;
  error?: Error;
  /** Size limits and hook policy (the defaults when the settings file has a mistake: see settingsError). */
  settings: ConventionsSettings;
  settingsError?: Error;
  /** git's comment character for message files. */
  commentChar: string;
}

const WATCHED = new Set<string>([...COMMITLINT_CONFIG_NAMES, SETTINGS_FILE]);

export class ConventionsRules implements vscode.Disposable {
  private readonly byRoot = new Map<string, Promise<RepoConventions>>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with a repository root when its rules or settings may have changed. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly log: vscode.OutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher(
      '**/{.commitlintrc,.commitlintrc.*,commitlint.config.*,package.json,package.yaml,.stackline.json}',
    );
    const onFile = (uri: vscode.Uri) => {
      if (!WATCHED.has(basename(uri.fsPath))) return;
      // The roots are listed before any is dropped: onDidChange listeners load a root again at once,
      // which re-adds it to byRoot, and a live iteration would then visit it again without end.
      const affected = [...this.byRoot.keys()].filter((root) => uri.fsPath.startsWith(root + '/'));
      for (const root of affected) this.invalidate(root);
    };
    this.disposables.push(
      watcher,
      watcher.onDidChange(onFile),
      watcher.onDidCreate(onFile),
      watcher.onDidDelete(onFile),
      vscode.workspace.onDidGrantWorkspaceTrust(() => [...this.byRoot.keys()].forEach((root) => this.invalidate(root))),
    );
  }

  get(root: string): Promise<RepoConventions> {
    let entry = this.byRoot.get(root);
    if (!entry) {
      entry = this.load(root);
      this.byRoot.set(root, entry);
    }
    return entry;
  }

  invalidate(root: string): void {
    if (this.byRoot.delete(root)) this.changed.fire(root);
  }

  private async load(root: string): Promise<RepoConventions> {
    const result: RepoConventions = { root, settings: defaultSettings(), commentChar: '#' };
    try {
      result.config = await loadLintConfig(root, { trusted: vscode.workspace.isTrusted });
    } catch (error) {
      result.error = error instanceof Error ? error : new Error(String(error));
      this.log.appendLine(`[conventions ${root}] ${result.error.message}`);
    }
    try {
      result.settings = loadSettings(root);
    } catch (error) {
      result.settingsError = error instanceof Error ? error : new Error(String(error));
      this.log.appendLine(`[conventions ${root}] ${result.settingsError.message}`);
    }
    result.commentChar = await commentChar(new GitRunner(root)).catch(() => '#');
    return result;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** The root of the repository a commit message document belongs to. */
export function rootOfMessage(
  document: vscode.TextDocument,
  roots: { root: string; gitDir: string; commonDir: string }[],
  active: string | undefined,
): string | undefined {
  if (document.languageId === 'scminput') {
    // The Source Control input's URI carries its repository's root in the query.
    const query = decodeURIComponent(document.uri.query);
    const match = roots.filter((r) => query.includes(r.root)).sort((a, b) => b.root.length - a.root.length)[0];
    return match?.root ?? active;
  }
  const path = document.uri.fsPath;
  const innermostFirst = [...roots].sort((a, b) => b.root.length - a.root.length);
  const owner = innermostFirst.find(
    (r) => path.startsWith(r.gitDir + '/') || path.startsWith(r.commonDir + '/') || path.startsWith(r.root + '/'),
  );
  if (owner) return owner.root;
  // A message file of a repository that is not open: .../<root>/.git/COMMIT_EDITMSG.
  return basename(dirname(path)) === '.git' ? dirname(dirname(path)) : undefined;
}
