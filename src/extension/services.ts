// What every feature of the extension is handed at activation.
import type * as vscode from 'vscode';
import type { ForgeAccess } from './forge/access';
import type { GraphBadges } from './graph/badges';
import type { MessageChecks } from './messageChecks';
import type { MessageEditors } from './messageEditor';
import type { Repositories } from './repositories';
import type { StacksNode, StacksTree } from './stacksTree';

export interface Services {
  context: vscode.ExtensionContext;
  log: vscode.OutputChannel;
  repositories: Repositories;
  stacksTree: StacksTree;
  stacksView: vscode.TreeView<StacksNode>;
  /** Per-commit badges on the graph's rows (PR status, commit-rule warnings): features add providers. */
  graphBadges: GraphBadges;
  /** Checks of messages typed into Stackline's own inputs (the commit rules): features add checks. */
  messageChecks: MessageChecks;
  /** GitHub sessions for other features, and the guards a submit asks first (the checks before submit). */
  forgeAccess: ForgeAccess;
  /** Full commit messages (subject and body) written in an editor, checked as they are typed. */
  messageEditors: MessageEditors;
}

/** A feature registers its commands, views and listeners and returns what to dispose. */
export type Feature = (services: Services) => vscode.Disposable[];
