// History editing in VS Code: commands for every operation (Stacks tree context menus, the graph's
// commit menu, the palette), a progress row while one runs, a row with Continue / Abort when one
// stopped on conflicts (or was interrupted), and Undo / Redo. Messages (Commit…, Reword…, Split…,
// Fold) are written in the message editor; each success says what happened, with Undo.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { GitError } from '../../core/git/errors';
import { inProgressOperation } from '../../core/git/repository';
import {
  abortUnfinished,
  continueStopped,
  OperationError,
  oplogOf,
  runOperation,
  settleUnfinished,
  type Operation,
  type Outcome,
} from '../../core/operations';
import {
  OPERATION_NAMES,
  OPERATIONS,
  type OperationArgs,
  type OperationName,
  type OperationResults,
  type PickerName,
} from '../../core/operations/table';
import { lockPath } from '../../core/oplog/files';
import { reportErrors } from '../commands';
import { droppedOnto } from '../graph/drop';
import { graphMenuTarget } from '../graph/feature';
import type { Smartlog } from '../../core/smartlog/model';
import type { Repository } from '../repository';
import type { Feature } from '../services';
import type { Banner, StacksNode } from '../stacksTree';
import { pickHunks } from './hunkPicker';
import { pickDestination, pickFiles, pickHidden, stageForCommit } from './pickers';
import { PROMPTS, type Answers, type NextStep } from './prompts';
import { registerRestackHint } from './restackHint';
import { repoSession } from './session';
import { askBeforeEditingReview } from '../review/readOnly';
import { describeOp, Names } from './wording';

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

  const activeRepo = (arg?: unknown): Repository => {
    if (isNode(arg)) return arg.repo;
    const repo = repositories.active;
    if (!repo)
      throw new GitError('not-a-repo', vscode.l10n.t('No git repository is open. Open a folder that holds one.'));
    return repo;
  };

  const target = (arg: unknown, fallback: 'head' | 'selection' = 'selection'): Target => {
    if (isNode(arg) && arg.kind === 'commit') return { repo: arg.repo, hash: arg.commit.hash };
    if (isNode(arg) && arg.kind === 'stack') return { repo: arg.repo, hash: arg.stack.commits.at(-1)! };
    if (arg && typeof arg === 'object' && 'webviewSection' in arg) return graphMenuTarget(repositories, arg);
    const selected = stacksView.selection[0];
    if (fallback === 'selection' && selected?.kind === 'commit')
      return { repo: selected.repo, hash: selected.commit.hash };
    const repo = activeRepo(arg);
    const head = repo.smartlog?.head.hash;
    if (!head) throw new GitError('no-commit', vscode.l10n.t('There is no commit to work on yet.'));
    return { repo, hash: head };
  };

  /**
   * Runs an operation in the repository's queue with a progress row, then says what it did in the
   * person's terms (`describe`, from its result and the smartlog before and after), with Undo.
   */
  const run = async <T>(
    repo: Repository,
    label: string,
    operation: Operation<T>,
    describe: (outcome: Outcome<T>, names: Names) => string,
    next?: (outcome: Outcome<T>) => Promise<NextStep | undefined>,
    predict?: (smartlog: Smartlog) => Smartlog | undefined,
  ) => {
    running.set(repo, label);
    stacksTree.redraw();
    const before = repo.smartlog;
    try {
      // A stack checked out for review is someone else's: editing it asks first.
      const outcome = await askBeforeEditingReview((editReview) =>
        vscode.window.withProgress({ location: { viewId: 'stackline.stacks' } }, () =>
          repo.run(
            () => runOperation({ ...repoSession(repo), editReview }, operation),
            predict && { text: `${label}…`, smartlog: predict },
          ),
        ),
      );
      if (!outcome) return undefined;
      const text = describe(outcome, new Names(before, repo.smartlog));
      if (!said.has(repo.root)) said.set(repo.root, new Map());
      said.get(repo.root)!.set(outcome.entryId, text);
      announce(
        repo,
        text,
        outcome.notices.map((n) => n.message),
        operation.kind === 'undo' ? 'Redo' : 'Undo',
        await next?.(outcome).catch(() => undefined),
      );
      return outcome;
    } catch (error) {
      if (!(error instanceof OperationError && error.kind === 'conflict')) throw error;
      // Stopped on conflicts: the tree now shows Continue and Abort; the message says what happened.
      const stopped = oplogOf(repo.location).last()?.stop;
      const files = stopped?.conflicts.length ? ` in ${stopped.conflicts.join(', ')}` : '';
      const message = vscode.l10n.t(
        '{0} stopped on conflicts{1}. Resolve them and stage the files, then press Continue in the Stacks view; Abort goes back to exactly where you were.',
        label,
        files,
      );
      void vscode.window.showWarningMessage(message, vscode.l10n.t('Abort')).then(async (choice) => {
        if (choice === 'Abort') await reportErrors(log, () => abort(repo));
      });
      return undefined;
    } finally {
      running.delete(repo);
      stacksTree.redraw();
    }
  };

  /**
   * The success notification: what happened, what else to know (another worktree left as it was),
   * Undo (or Redo), and the operation's next step when it offers one (Split the Rest Again).
   */
  const announce = (repo: Repository, text: string, notes: string[], button: 'Undo' | 'Redo', next?: NextStep) => {
    const label = button === 'Undo' ? vscode.l10n.t('Undo') : vscode.l10n.t('Redo');
    const buttons = next ? [label, next.label] : [label];
    void vscode.window.showInformationMessage([`${text}.`, ...notes].join(' '), ...buttons).then(async (choice) => {
      if (choice === label) await reportErrors(log, () => (button === 'Undo' ? undo(repo) : redo(repo)));
      else if (next && choice === next.label) await reportErrors(log, () => next.run());
    });
  };

  /** The answers to the pickers the table names for an operation; undefined when one was cancelled. */
  const pickers: Record<
    PickerName,
    (repo: Repository, hash: string | undefined, arg: unknown, name: OperationName) => Promise<Answers | undefined>
  > = {
    stage: async (repo, _, __, name) => {
      const stage = await stageForCommit(repo, name === 'commit' ? 'Commit' : 'Amend');
      return stage && { stage };
    },
    destination: async (repo, hash, arg) => {
      const destination = droppedOnto(arg) ?? (await pickDestination(repo, hash!));
      return destination ? { destination } : undefined;
    },
    files: async (repo, hash) => {
      const files = await pickFiles(repo, hash!);
      return files && { files };
    },
    hunks: async (repo, hash) => {
      const hunks = await pickHunks(repo, hash!);
      return hunks && { hunks };
    },
    hidden: async (repo, _, arg) => {
      // A commit named by an error's Unhide button, else the picker of what was hidden.
      const hidden = typeof arg === 'string' ? arg : await pickHidden(repo);
      return hidden ? { hidden } : undefined;
    },
  };

  /** Runs a table operation: its pickers, its prompts (prompts.ts), then the operation under its progress title. */
  const perform = async <K extends OperationName>(
    name: K,
    repo: Repository,
    hash: string | undefined,
    preset: Partial<OperationArgs[K]>,
    arg?: unknown,
    questions: PickerName[] = OPERATIONS[name].vscode.pickers,
  ): Promise<Outcome<OperationResults[K]> | undefined> => {
    const row = OPERATIONS[name];
    const ui = PROMPTS[name]!;
    const answers: Answers = {};
    for (const picker of questions) {
      const answer = await pickers[picker](repo, hash, arg, name);
      if (!answer) return undefined;
      Object.assign(answers, answer);
    }
    const asked = await ui.ask({ repo, hash, answers, preset, editors: messageEditors, arg });
    if (!asked) return undefined;
    const outcome = await run(
      repo,
      row.progress(asked.args),
      row.build(asked.args),
      (done, names) => ui.said(done, names, asked.args, (entry) => said.get(repo.root)?.get(entry)),
      ui.next &&
        ((done) =>
          ui.next!(done, { repo, again: (next) => perform(name, repo, next.hash, {}, undefined, next.pickers) })),
      asked.predict ?? (row.predict && ((smartlog) => row.predict!(smartlog, asked.args))),
    );
    if (outcome) asked.afterwards?.();
    return outcome;
  };

  /** The commands of one table row: each finds its repository and commit the way the row says. */
  const commandsOf = <K extends OperationName>(name: K): [string, (arg?: unknown) => Promise<unknown>][] => {
    const { target: kind, commands } = OPERATIONS[name].vscode;
    if (commands.length > 0 && !PROMPTS[name])
      throw new Error(
        vscode.l10n.t('The operation {0} has VS Code commands but no prompts (extension/operations/prompts.ts).', name),
      );
    return commands.map(({ id, preset, pickers: questions }) => [
      id,
      async (arg) => {
        const at =
          kind === 'repo'
            ? { repo: activeRepo(arg), hash: undefined }
            : target(arg, kind === 'head' ? 'head' : 'selection');
        return perform(name, at.repo, at.hash, preset ?? {}, arg, questions);
      },
    ]);
  };

  const undo = (repo: Repository) => perform('undo', repo, undefined, {});
  const redo = (repo: Repository) => perform('redo', repo, undefined, {});

  const abort = async (repo: Repository) => {
    const { op, command, notes } = await repo.run(() => abortUnfinished(repoSession(repo)));
    void vscode.window.showInformationMessage(
      [vscode.l10n.t('Aborted {0}: everything is as it was before it.', describeOp(op, command)), ...notes].join(' '),
    );
  };

  const banner = (repo: Repository): Banner | undefined => {
    const label = running.get(repo);
    if (label) return { text: `${label}…`, icon: 'loading~spin', contextValue: 'operation.running' };
    const open = oplogOf(repo.location).unfinished();
    if (!open) return undefined;
    const what = describeOp(open.op, open.command);
    const What = what[0].toUpperCase() + what.slice(1);
    if (open.status === 'stopped') {
      const files = open.stop?.conflicts.join(', ');
      return {
        text: vscode.l10n.t('{0} stopped on conflicts', What),
        detail: files ? `in ${files}: resolve, stage, then Continue` : 'Resolve, stage, then Continue',
        icon: 'warning',
        contextValue: 'operation.stopped',
      };
    }
    if (existsSync(lockPath(repo.location)))
      return {
        text: vscode.l10n.t('Stackline is running {0}…', what),
        icon: 'loading~spin',
        contextValue: 'operation.running',
      };
    return {
      text: vscode.l10n.t('{0} was interrupted', What),
      detail: vscode.l10n.t('Abort puts everything back as it was before it'),
      icon: 'error',
      contextValue: 'operation.interrupted',
    };
  };

  /** A rebase git finished or aborted on its own: settle the stopped operation (moves the branches). */
  const settle = (repo: Repository) => {
    if (inProgressOperation(repo.location.gitDir) === 'rebase') return;
    if (oplogOf(repo.location).unfinished()?.status !== 'stopped') return;
    void repo
      .run(() => settleUnfinished(repoSession(repo)))
      .catch((error: unknown) => log.appendLine(`[settle] ${error instanceof Error ? error.message : String(error)}`));
  };

  const table: Record<string, (arg?: unknown) => Promise<unknown>> = {
    ...Object.fromEntries(OPERATION_NAMES.flatMap((name) => commandsOf(name))),
    'stackline.continue': async (arg) => {
      const repo = activeRepo(arg);
      const outcome = await repo
        .run(() => continueStopped(repoSession(repo)))
        .catch(async (error: unknown) => {
          if (error instanceof OperationError && error.kind === 'conflict') {
            void vscode.window.showWarningMessage(error.message);
            return undefined;
          }
          throw error;
        });
      if (outcome)
        announce(
          repo,
          vscode.l10n.t('Finished {0} after the conflicts', describeOp(outcome.op, outcome.command)),
          outcome.notices.map((n) => n.message),
          'Undo',
        );
    },
    'stackline.abort': async (arg) => abort(activeRepo(arg)),
  };

  return [
    stacksTree.addBanner(banner),
    ...registerRestackHint(stacksTree),
    repositories.onDidChange(() => repositories.all.forEach(settle)),
    ...Object.entries(table).map(([id, handler]) =>
      vscode.commands.registerCommand(id, (arg?: unknown) => reportErrors(log, () => handler(arg))),
    ),
  ];
};

function isNode(arg: unknown): arg is StacksNode {
  return typeof arg === 'object' && arg !== null && 'kind' in arg && 'repo' in arg;
}
