// History editing in VS Code: commands for every operation (Stacks tree context menus, the graph's
// commit menu, the palette), a progress row while one runs, a row with Continue / Abort when one
// stopped on conflicts (or was interrupted), and Undo / Redo. Messages (Commit…, Reword…, Split…,
// Fold) are written in the message editor; each success says what happened, with Undo.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { shortHash } from '../../core/format';
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
  type Outcome,
} from '../../core/operations';
import { lockPath } from '../../core/operations/session';
import { reportErrors } from '../commands';
import { droppedOnto } from '../graph/drop';
import { graphMenuTarget } from '../graph/feature';
import type { Repository } from '../repository';
import type { Feature } from '../services';
import type { Banner, StacksNode } from '../stacksTree';
import { scmInputBox } from '../scmInput';
import { pickDestination, pickFiles, pickHidden, stageForCommit } from './pickers';
import { registerRestackHint } from './restackHint';
import { repoSession } from './session';
import { describeCommand, Names, successText } from './wording';

/** A commit a command acts on, from a tree row, a graph row, or (palette) the selection or HEAD. */
interface Target {
  repo: Repository;
  hash: string;
}

export const registerOperations: Feature = ({ repositories, stacksTree, stacksView, messageEditors, log }) => {
  /** Per repository: what is running now, for the progress row. */
  const running = new Map<Repository, string>();
  /** Per repository: what each operation this window ran said, by oplog entry, for its undo and redo to repeat. */
  const said = new Map<string, Map<number, string>>();
  const whatWasDone = (repo: Repository, entry: number, command: string) => said.get(repo.root)?.get(entry) ?? describeCommand(command);

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

  /**
   * Runs an operation in the repository's queue with a progress row, then says what it did in the
   * person's terms (`describe`, from its result and the smartlog before and after), with Undo.
   */
  const run = async <T>(repo: Repository, label: string, operation: Operation<T>, describe: (outcome: Outcome<T>, names: Names) => string) => {
    running.set(repo, label);
    stacksTree.redraw();
    const before = repo.smartlog;
    try {
      const outcome = await vscode.window.withProgress({ location: { viewId: 'stackline.stacks' } }, () => repo.run(() => runOperation(repoSession(repo), operation)));
      const text = describe(outcome, new Names(before, repo.smartlog));
      if (!said.has(repo.root)) said.set(repo.root, new Map());
      said.get(repo.root)!.set(outcome.entryId, text);
      announce(repo, text, outcome.notices.map((n) => n.message), operation.kind === 'undo' ? 'Redo' : 'Undo');
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

  /** The success notification: what happened, what else to know (another worktree left as it was), and Undo (or Redo). */
  const announce = (repo: Repository, text: string, notes: string[], button: 'Undo' | 'Redo') => {
    void vscode.window.showInformationMessage([`${text}.`, ...notes].join(' '), button).then(async (choice) => {
      if (choice === 'Undo') await reportErrors(log, () => undo(repo));
      if (choice === 'Redo') await reportErrors(log, () => redo(repo));
    });
  };

  const undo = (repo: Repository) =>
    run(repo, 'Undoing', undoOperation(), ({ result }, names) => successText.travel(names, 'undo', whatWasDone(repo, result.target, result.command)));
  const redo = (repo: Repository) =>
    run(repo, 'Redoing', redoOperation(), ({ result }, names) => successText.travel(names, 'redo', whatWasDone(repo, result.target, result.command)));

  const abort = async (repo: Repository) => {
    const { command, notes } = await repo.run(() => abortUnfinished(repoSession(repo)));
    void vscode.window.showInformationMessage([`Aborted ${describeCommand(command)}: everything is as it was before it.`, ...notes].join(' '));
  };

  const banner = (repo: Repository): Banner | undefined => {
    const label = running.get(repo);
    if (label) return { text: `${label}…`, icon: 'loading~spin', contextValue: 'operation.running' };
    const open = oplogOf(repo.location).unfinished();
    if (!open) return undefined;
    const what = describeCommand(open.command);
    const What = what[0].toUpperCase() + what.slice(1);
    if (open.status === 'stopped') {
      const files = open.stop?.conflicts.join(', ');
      return { text: `${What} stopped on conflicts`, detail: files ? `in ${files}: resolve, stage, then Continue` : 'Resolve, stage, then Continue', icon: 'warning', contextValue: 'operation.stopped' };
    }
    if (existsSync(lockPath(repo.location))) return { text: `Stackline is running ${what}…`, icon: 'loading~spin', contextValue: 'operation.running' };
    return { text: `${What} was interrupted`, detail: 'Abort puts everything back as it was before it', icon: 'error', contextValue: 'operation.interrupted' };
  };

  /** A rebase git finished or aborted on its own: settle the stopped operation (moves the branches). */
  const settle = (repo: Repository) => {
    if (inProgressOperation(repo.location.gitDir) === 'rebase') return;
    if (oplogOf(repo.location).unfinished()?.status !== 'stopped') return;
    void repo.run(() => settleUnfinished(repoSession(repo))).catch((error: unknown) => log.appendLine(`[settle] ${error instanceof Error ? error.message : String(error)}`));
  };

  /** The full message of a commit, as git keeps it. */
  const messageOf = async (repo: Repository, hash: string) => (await repo.git.exec(['log', '-1', '--format=%B', hash])).stdout.trim();
  const names = (repo: Repository) => new Names(repo.smartlog);

  const table: Record<string, (arg?: unknown) => Promise<unknown>> = {
    'stackline.commit': async (arg) => {
      const repo = activeRepo(arg);
      const stage = await stageForCommit(repo, 'Commit');
      if (!stage) return;
      // A message already written in Source Control (by hand or by the composer) is where this one starts.
      const box = await scmInputBox(repo.root);
      const written = box?.value.trim() ?? '';
      const head = repo.smartlog?.head;
      const on = head?.hash ? ` on top of ${names(repo).commit(head.hash)}${head.branch ? ` (${head.branch})` : ''}` : '';
      const message = await messageEditors.edit({ repo, action: 'Commit', about: [`A new commit${on}.`], initial: written });
      if (message === undefined) return;
      const outcome = await run(repo, 'Committing', commitOperation({ message, stage }), (_, n) => successText.commit(n, message));
      if (outcome && box && written && box.value.trim() === written) box.value = '';
    },
    'stackline.amend': async (arg) => {
      const repo = activeRepo(arg);
      const stage = await stageForCommit(repo, 'Amend');
      if (stage) await run(repo, 'Amending and restacking', amendOperation({ stage }), ({ result, rewrites }, n) => successText.amend(n, result.old, rewrites.size));
    },
    'stackline.absorbInto': async (arg) => {
      const { repo, hash } = target(arg);
      await run(repo, `Amending changes into ${shortHash(hash)}`, absorbIntoOperation({ into: hash }), ({ rewrites }, n) => successText.absorbInto(n, hash, rewrites.size));
    },
    'stackline.reword': async (arg) => {
      const { repo, hash } = target(arg, 'head');
      const current = await messageOf(repo, hash);
      const message = await messageEditors.edit({ repo, action: `Reword ${shortHash(hash)}`, about: [`A new message for ${names(repo).commit(hash)} (${shortHash(hash)}); the commits above it keep theirs.`], initial: current });
      if (message !== undefined && message !== current) await run(repo, 'Rewording', rewordOperation({ rev: hash, message }), (_, n) => successText.reword(n, hash, message));
    },
    'stackline.uncommit': async (arg) => run(activeRepo(arg), 'Uncommitting', uncommitOperation(), ({ result }, n) => successText.uncommit(n, result.removed)),
    'stackline.unamend': async (arg) => run(activeRepo(arg), 'Unamending', unamendOperation(), ({ result }, n) => successText.unamend(n, result.from)),
    'stackline.moveOnto': async (arg) => {
      const { repo, hash } = target(arg);
      const destination = droppedOnto(arg) ?? (await pickDestination(repo, hash));
      if (destination) await run(repo, `Moving ${shortHash(hash)} onto ${shortHash(destination)}`, moveOperation({ source: hash, destination }), ({ result, rewrites }, n) => successText.move(n, result.destination, rewrites.size));
    },
    'stackline.foldDown': async (arg) => {
      const { repo, hash } = target(arg);
      const parent = repo.smartlog?.commits.find((c) => c.hash === hash)?.parents[0];
      const below = repo.smartlog?.commits.find((c) => c.hash === parent);
      if (!parent || below?.phase === 'public') throw new GitError('no-commit', `${shortHash(hash)} is the bottom of its stack: there is no draft commit below it to fold it into.`);
      // Both messages, the lower one first (as fold joins them), to edit into one.
      const joined = (await Promise.all([parent, hash].map((h) => messageOf(repo, h)))).join('\n\n');
      const n = names(repo);
      const message = await messageEditors.edit({ repo, action: `Fold into ${shortHash(parent)}`, about: [`${n.commit(hash)} folds into ${n.commit(parent)} below it: one commit with the changes of both.`, 'Both messages are above, the lower one first: edit them into one.'], initial: joined });
      if (message === undefined) return;
      await run(repo, 'Folding', foldOperation({ from: parent, to: hash, message: message === joined ? undefined : message }), ({ result }, names) => successText.fold(names, result.folded));
    },
    'stackline.split': async (arg) => {
      const { repo, hash } = target(arg, 'head');
      const files = await pickFiles(repo, hash);
      if (!files) return;
      const original = await messageOf(repo, hash);
      const what = names(repo).commit(hash);
      const first = await messageEditors.edit({ repo, action: 'Split: Message of Part 1', about: [`Splitting ${what}: part 1 of 2, below, with ${files.join(', ')}.`, 'The message for part 2 (the rest, on top) comes next.'], initial: original });
      if (first === undefined) return;
      const second = await messageEditors.edit({ repo, action: 'Split', about: [`Splitting ${what}: part 2 of 2, on top, with the rest of its changes.`, `Part 1 (below, ${files.join(', ')}) is “${first.split('\n')[0]}”.`], initial: original });
      if (second === undefined) return;
      await run(repo, 'Splitting', splitOperation({ rev: hash, files, message: first === original ? undefined : first, secondMessage: second === original ? undefined : second }), (_, n) => successText.split(n, hash, files));
    },
    'stackline.moveUp': async (arg) => {
      const { repo, hash } = target(arg);
      await run(repo, 'Moving up', reorderOperation(hash, 'up'), (_, n) => successText.reorder(n, hash, 'up'));
    },
    'stackline.moveDown': async (arg) => {
      const { repo, hash } = target(arg);
      await run(repo, 'Moving down', reorderOperation(hash, 'down'), (_, n) => successText.reorder(n, hash, 'down'));
    },
    'stackline.hide': async (arg) => {
      const { repo, hash } = target(arg);
      await run(repo, 'Hiding', hideOperation([hash]), ({ result }, n) => successText.hide(n, [hash], result.hidden.length, result.deleted));
    },
    'stackline.unhide': async (arg) => {
      const repo = activeRepo(arg);
      const hash = await pickHidden(repo);
      if (hash) await run(repo, 'Unhiding', unhideOperation(hash), (_, n) => successText.unhide(n, hash));
    },
    'stackline.restack': async (arg) => run(activeRepo(arg), 'Restacking', restackOperation(), ({ result }) => successText.restack(result.restacked)),
    'stackline.sync': async (arg) => run(activeRepo(arg), 'Syncing with trunk', syncOperation(), ({ result, rewrites }) => successText.sync(result, rewrites.size)),
    'stackline.undo': async (arg) => undo(activeRepo(arg)),
    'stackline.redo': async (arg) => redo(activeRepo(arg)),
    'stackline.continue': async (arg) => {
      const repo = activeRepo(arg);
      const outcome = await repo.run(() => continueStopped(repoSession(repo))).catch(async (error: unknown) => {
        if (error instanceof OperationError && error.kind === 'conflict') {
          void vscode.window.showWarningMessage(error.message);
          return undefined;
        }
        throw error;
      });
      if (outcome) announce(repo, `Finished ${describeCommand(outcome.command)} after the conflicts`, outcome.notices.map((n) => n.message), 'Undo');
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
