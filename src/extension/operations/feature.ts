// History editing in VS Code: commands for every operation (Stacks tree context menus, the graph's
// commit menu, the palette), a progress row while one runs, a row with Continue / Abort when one
// stopped on conflicts (or was interrupted), and Undo / Redo.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { shortenHashes, shortHash } from '../../core/format';
import { GitError } from '../../core/git/errors';
import { inProgressOperation } from '../../core/git/repository';
import {
  abortUnfinished,
  absorbIntoOperation,
  amendOperation,
  commitOperation,
  continueStopped,
  foldOperation,
  hideOperation,
  moveOperation,
  OperationError,
  oplogOf,
  redoOperation,
  reorderOperation,
  restackOperation,
  rewordOperation,
  runOperation,
  settleUnfinished,
  splitOperation,
  syncOperation,
  unamendOperation,
  uncommitOperation,
  undoOperation,
  unhideOperation,
  type Operation,
} from '../../core/operations';
import { lockPath } from '../../core/operations/session';
import { reportErrors } from '../commands';
import { droppedOnto } from '../graph/drop';
import { graphMenuTarget } from '../graph/feature';
import type { Repository } from '../repository';
import type { Feature } from '../services';
import type { Banner, StacksNode } from '../stacksTree';
import { askMessage, pickDestination, pickFiles, pickHidden, stageForCommit } from './pickers';
import { registerRestackHint } from './restackHint';
import { repoSession } from './session';

/** A commit a command acts on, from a tree row, a graph row, or (palette) the selection or HEAD. */
interface Target {
  repo: Repository;
  hash: string;
}

export const registerOperations: Feature = ({ repositories, stacksTree, stacksView, messageChecks, log }) => {
  /** Per repository: what is running now, for the progress row. */
  const running = new Map<Repository, string>();

  const activeRepo = (arg?: unknown): Repository => {
    if (isNode(arg)) return arg.repo;
    const repo = repositories.active;
    if (!repo) throw new GitError('not-a-repo', 'No git repository is open. Open a folder that holds one.');
    return repo;
  };

  const target = (arg: unknown, fallback: 'head' | 'selection' = 'selection'): Target => {
    if (isNode(arg) && arg.kind === 'commit') return { repo: arg.repo, hash: arg.commit.hash };
    if (isNode(arg) && arg.kind === 'stack') return { repo: arg.repo, hash: arg.stack.commits.at(-1)! };
    if (arg && typeof arg === 'object' && 'webviewSection' in arg) return graphMenuTarget(repositories, arg);
    const selected = stacksView.selection[0];
    if (fallback === 'selection' && selected?.kind === 'commit') return { repo: selected.repo, hash: selected.commit.hash };
    const repo = activeRepo(arg);
    const head = repo.smartlog?.head.hash;
    if (!head) throw new GitError('no-commit', 'There is no commit to work on yet.');
    return { repo, hash: head };
  };

  /** Runs an operation in the repository's queue with a progress row, then says what it did. */
  const run = async <T>(repo: Repository, label: string, operation: Operation<T>) => {
    running.set(repo, label);
    stacksTree.redraw();
    try {
      const outcome = await vscode.window.withProgress({ location: { viewId: 'stackline.stacks' } }, () => repo.run(() => runOperation(repoSession(repo), operation)));
      vscode.window.setStatusBarMessage(`$(check) ${outcome.summary}`, 8000);
      return outcome;
    } catch (error) {
      if (!(error instanceof OperationError && error.kind === 'conflict')) throw error;
      // Stopped on conflicts: the tree now shows Continue and Abort; the message says what happened.
      const stopped = oplogOf(repo.location).last()?.stop;
      const files = stopped?.conflicts.length ? ` in ${stopped.conflicts.join(', ')}` : '';
      const message = `${label} stopped on conflicts${files}. Resolve them and stage the files, then press Continue in the Stacks view; Abort goes back to exactly where you were.`;
      void vscode.window.showWarningMessage(message, 'Abort').then(async (choice) => {
        if (choice === 'Abort') await reportErrors(log, () => abort(repo));
      });
      return undefined;
    } finally {
      running.delete(repo);
      stacksTree.redraw();
    }
  };

  const abort = async (repo: Repository) => {
    const { command, notes } = await repo.run(() => abortUnfinished(repoSession(repo)));
    vscode.window.setStatusBarMessage(`$(discard) Aborted '${shortenHashes(command)}': back to before it. ${notes.join(' ')}`, 8000);
  };

  const banner = (repo: Repository): Banner | undefined => {
    const label = running.get(repo);
    if (label) return { text: `${label}…`, icon: 'loading~spin', contextValue: 'operation.running' };
    const open = oplogOf(repo.location).unfinished();
    if (!open) return undefined;
    if (open.status === 'stopped') {
      const files = open.stop?.conflicts.join(', ');
      return { text: `'${shortenHashes(open.command)}' stopped on conflicts`, detail: files ? `in ${files}: resolve, stage, then Continue` : 'Resolve, stage, then Continue', icon: 'warning', contextValue: 'operation.stopped' };
    }
    if (existsSync(lockPath(repo.location))) return { text: `Stackline is running '${shortenHashes(open.command)}'…`, icon: 'loading~spin', contextValue: 'operation.running' };
    return { text: `'${shortenHashes(open.command)}' was interrupted`, detail: 'Abort puts everything back as it was before it', icon: 'error', contextValue: 'operation.interrupted' };
  };

  /** A rebase git finished or aborted on its own: settle the stopped operation (moves the branches). */
  const settle = (repo: Repository) => {
    if (inProgressOperation(repo.location.gitDir) === 'rebase') return;
    if (oplogOf(repo.location).unfinished()?.status !== 'stopped') return;
    void repo.run(() => settleUnfinished(repoSession(repo))).catch((error: unknown) => log.appendLine(`[settle] ${error instanceof Error ? error.message : String(error)}`));
  };

  const table: Record<string, (arg?: unknown) => Promise<unknown>> = {
    'stackline.commit': async (arg) => {
      const repo = activeRepo(arg);
      const stage = await stageForCommit(repo, 'Commit');
      if (!stage) return;
      const message = await askMessage('Commit message', '', (text) => messageChecks.validate(repo.root, text));
      if (message !== undefined) await run(repo, 'Committing', commitOperation({ message, stage }));
    },
    'stackline.amend': async (arg) => {
      const repo = activeRepo(arg);
      const stage = await stageForCommit(repo, 'Amend');
      if (stage) await run(repo, 'Amending and restacking', amendOperation({ stage }));
    },
    'stackline.absorbInto': async (arg) => {
      const { repo, hash } = target(arg);
      await run(repo, `Amending changes into ${shortHash(hash)}`, absorbIntoOperation({ into: hash }));
    },
    'stackline.reword': async (arg) => {
      const { repo, hash } = target(arg, 'head');
      const current = (await repo.git.exec(['log', '-1', '--format=%B', hash])).stdout.trim();
      const message = await askMessage(`New message for ${shortHash(hash)}`, current, (text) => messageChecks.validate(repo.root, text));
      if (message !== undefined && message !== current) await run(repo, 'Rewording', rewordOperation({ rev: hash, message }));
    },
    'stackline.uncommit': async (arg) => run(activeRepo(arg), 'Uncommitting', uncommitOperation()),
    'stackline.unamend': async (arg) => run(activeRepo(arg), 'Unamending', unamendOperation()),
    'stackline.moveOnto': async (arg) => {
      const { repo, hash } = target(arg);
      const destination = droppedOnto(arg) ?? (await pickDestination(repo, hash));
      if (destination) await run(repo, `Moving ${shortHash(hash)} onto ${shortHash(destination)}`, moveOperation({ source: hash, destination }));
    },
    'stackline.foldDown': async (arg) => {
      const { repo, hash } = target(arg);
      const parent = repo.smartlog?.commits.find((c) => c.hash === hash)?.parents[0];
      const below = repo.smartlog?.commits.find((c) => c.hash === parent);
      if (!parent || below?.phase === 'public') throw new GitError('no-commit', `${shortHash(hash)} is the bottom of its stack: there is no draft commit below it to fold it into.`);
      await run(repo, 'Folding', foldOperation({ from: parent, to: hash }));
    },
    'stackline.split': async (arg) => {
      const { repo, hash } = target(arg, 'head');
      const files = await pickFiles(repo, hash);
      if (!files) return;
      const title = repo.smartlog?.commits.find((c) => c.hash === hash)?.title ?? '';
      const message = await askMessage(`Message for the first part (${files.length} file${files.length === 1 ? '' : 's'})`, title, (text) => messageChecks.validate(repo.root, text));
      if (message !== undefined) await run(repo, 'Splitting', splitOperation({ rev: hash, files, message }));
    },
    'stackline.moveUp': async (arg) => {
      const { repo, hash } = target(arg);
      await run(repo, 'Moving up', reorderOperation(hash, 'up'));
    },
    'stackline.moveDown': async (arg) => {
      const { repo, hash } = target(arg);
      await run(repo, 'Moving down', reorderOperation(hash, 'down'));
    },
    'stackline.hide': async (arg) => {
      const { repo, hash } = target(arg);
      const outcome = await run(repo, 'Hiding', hideOperation([hash]));
      if (outcome && (await vscode.window.showInformationMessage(outcome.summary, 'Undo')) === 'Undo') await run(repo, 'Undoing', undoOperation());
    },
    'stackline.unhide': async (arg) => {
      const repo = activeRepo(arg);
      const hash = await pickHidden(repo);
      if (hash) await run(repo, 'Unhiding', unhideOperation(hash));
    },
    'stackline.restack': async (arg) => run(activeRepo(arg), 'Restacking', restackOperation()),
    'stackline.sync': async (arg) => run(activeRepo(arg), 'Syncing with trunk', syncOperation()),
    'stackline.undo': async (arg) => run(activeRepo(arg), 'Undoing', undoOperation()),
    'stackline.redo': async (arg) => run(activeRepo(arg), 'Redoing', redoOperation()),
    'stackline.continue': async (arg) => {
      const repo = activeRepo(arg);
      const outcome = await repo.run(() => continueStopped(repoSession(repo))).catch(async (error: unknown) => {
        if (error instanceof OperationError && error.kind === 'conflict') {
          void vscode.window.showWarningMessage(error.message);
          return undefined;
        }
        throw error;
      });
      if (outcome) vscode.window.setStatusBarMessage(`$(check) ${outcome.summary}`, 8000);
    },
    'stackline.abort': async (arg) => abort(activeRepo(arg)),
  };

  return [
    stacksTree.addBanner(banner),
    ...registerRestackHint(stacksTree),
    repositories.onDidChange(() => repositories.all.forEach(settle)),
    ...Object.entries(table).map(([id, handler]) => vscode.commands.registerCommand(id, (arg?: unknown) => reportErrors(log, () => handler(arg)))),
  ];
};

function isNode(arg: unknown): arg is StacksNode {
  return typeof arg === 'object' && arg !== null && 'kind' in arg && 'repo' in arg;
}
