// Stackline: Review Stack… — opens anyone's stack from a PR address or number (or one of your
// stacks from the Stacks view): the Review view lists its PRs, each PR opens as a multi-file diff of its own change with GitHub's review threads
// on their lines, and each PR can be approved, sent back or commented on with the pending comments.
// After an author force-pushes, "Changes Since Your Review" shows only the interdiff.
import * as vscode from 'vscode';
import { counts } from '../counts';
import { ForgeError } from '../../core/forge/errors';
import {
  ensureCommit,
  fetchPullHeads,
  interdiff,
  pullChange,
  type ChangedFile,
  type PullChange,
} from '../../core/review/diffs';
import { checkoutForReview, dropReview } from '../../core/review/checkout';
import { findStackForReview, type ReviewStack } from '../../core/review/findStack';
import { parsePullRef } from '../../core/review/pullRef';
import { checkPullRefRepo, reviewSessionOf, type ReviewSession } from '../../core/review/session';
import type { ReviewEvent, ReviewPull } from '../../core/review/types';
import { reportErrors } from '../commands';
import type { Repository } from '../repository';
import type { Feature } from '../services';
import type { StacksNode } from '../stacksTree';
import { ReviewComments, reviewUri, threadPlace, type ReviewSide } from './comments';
import { lastReviewedHead, ReviewTree, splitViewed, type ReviewNode } from './tree';

interface OpenReview {
  repo: Repository;
  session: ReviewSession;
  stack: ReviewStack;
  changes: Map<number, PullChange>;
}

/** A review's input box title and the note once sent, whole sentences so a translation orders them its way. */
function eventWords(event: ReviewEvent, pull: number, head: string): { title: string; done: string } {
  switch (event) {
    case 'APPROVE':
      return { title: vscode.l10n.t('Approve #{0}', pull), done: vscode.l10n.t('Approved #{0} at {1}.', pull, head) };
    case 'REQUEST_CHANGES':
      return {
        title: vscode.l10n.t('Request changes on #{0}', pull),
        done: vscode.l10n.t('Requested changes on #{0} at {1}.', pull, head),
      };
    case 'COMMENT':
      return {
        title: vscode.l10n.t('Comment on #{0}', pull),
        done: vscode.l10n.t('Commented on #{0} at {1}.', pull, head),
      };
  }
}

export const registerReview: Feature = (s) => {
  const tree = new ReviewTree();
  const view = vscode.window.createTreeView('stackline.review', {
    treeDataProvider: tree,
    manageCheckboxStateManually: true,
  });
  const comments = new ReviewComments();
  let current: OpenReview | undefined;

  async function load(repo: Repository, session: ReviewSession, number: number): Promise<OpenReview> {
    const stack = await findStackForReview(session.reviews, number, { nativeStackOf: session.nativeStackOf });
    await fetchPullHeads(
      repo.git,
      session.remote,
      stack.pulls.map((p) => ({ number: p.number, headSha: p.headSha, baseRef: p.baseRef, open: p.state === 'open' })),
    );
    const changes = new Map<number, PullChange>();
    for (const [i, pull] of stack.pulls.entries())
      changes.set(pull.number, await pullChange(repo.git, pull.number, stack.pulls[i - 1]?.number));
    return { repo, session, stack, changes };
  }

  function show(review: OpenReview): void {
    current = review;
    tree.show(review.stack, review.changes);
    comments.show(review.repo.root, review.stack.pulls, review.changes);
    view.description = `${review.session.reviews.repo.owner}/${review.session.reviews.repo.name}`;
    void vscode.commands.executeCommand('setContext', 'stackline.review.open', true);
  }

  /** Reads the stack again (after a write, or on Refresh), keeping the PR it was opened from. */
  async function reload(): Promise<OpenReview> {
    const review = requireReview();
    const fresh = await load(review.repo, review.session, review.stack.focus);
    show(fresh);
    return fresh;
  }

  function requireReview(): OpenReview {
    if (!current)
      throw new ForgeError(
        'config',
        vscode.l10n.t('No stack is open for review. Run Stackline: Review Stack… with a PR link first.'),
      );
    return current;
  }

  function pullOf(node: unknown): ReviewPull {
    const review = requireReview();
    const number = (node as { pull?: ReviewPull } | undefined)?.pull?.number ?? review.stack.focus;
    const pull = review.stack.pulls.find((p) => p.number === number);
    if (!pull)
      throw new ForgeError(
        'not-found',
        vscode.l10n.t('#{0} is not in the stack under review. Refresh the Review view.', number),
      );
    return pull;
  }

  /** From the Stacks view: the PR of the stack's topmost commit that has one. */
  async function reviewLocalStack(node: Extract<StacksNode, { kind: 'stack' }>): Promise<void> {
    const forge = await s.forgeAccess.session(node.repo);
    if (!forge) return;
    const open = await forge.forge.openPulls();
    const pull = node.stack.commits.map((hash) => open.find((p) => p.headSha === hash)).find((p) => p !== undefined);
    if (!pull)
      throw new ForgeError(
        'not-found',
        vscode.l10n.t('No commit of this stack has an open PR on GitHub. Submit the stack first, or give a PR link.'),
      );
    await openReview(node.repo, reviewSessionOf(forge), pull.number);
  }

  async function openReview(repo: Repository, session: ReviewSession, number: number): Promise<void> {
    const review = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Opening the stack of #{0} for review…', number),
      },
      () => load(repo, session, number),
    );
    show(review);
    await vscode.commands.executeCommand('stackline.review.focus');
    await openChange(
      review,
      review.stack.pulls.find((p) => p.number === number)!,
    );
  }

  async function reviewStack(text?: string): Promise<void> {
    const repo = s.repositories.active;
    if (!repo)
      throw new ForgeError(
        'config',
        vscode.l10n.t('No git repository is open. Open a clone of the repository to review.'),
      );
    const input =
      text ??
      (await vscode.window.showInputBox({
        title: vscode.l10n.t('Review Stack'),
        prompt: vscode.l10n.t(
          'A pull request of the stack: its link (github.com or your GitHub Enterprise host), or its number',
        ),
        placeHolder: vscode.l10n.t('https://github.com/owner/repo/pull/123 or 123'),
        ignoreFocusOut: true,
        validateInput: (value) =>
          value.trim() === '' || parsePullRef(value)
            ? undefined
            : vscode.l10n.t('Give a pull request link or a number such as 123.'),
      }));
    if (!input?.trim()) return;
    const ref = parsePullRef(input);
    if (!ref)
      throw new ForgeError(
        'config',
        vscode.l10n.t('"{0}" is not a pull request link or number. Paste the PR\'s link.', input.trim()),
      );
    const forge = await s.forgeAccess.session(repo);
    if (!forge) return;
    const session = reviewSessionOf(forge);
    checkPullRefRepo(session, ref);
    await openReview(repo, session, ref.number);
  }

  /** The PR's change without the files marked viewed (the Review view lists those under "N files viewed"). */
  async function openChange(review: OpenReview, pull: ReviewPull): Promise<void> {
    const change = review.changes.get(pull.number)!;
    const { toRead, viewed } = splitViewed(pull, change.files);
    const title = `#${pull.number} ${pull.title}`;
    if (toRead.length === 0 && viewed.length > 0) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('You marked every file of #{0} viewed; here they are again.', pull.number),
      );
      return openDiff(review, pull, vscode.l10n.t('{0} (all viewed)', title), change.base, change.head, viewed, 'LEFT');
    }
    await openDiff(
      review,
      pull,
      viewed.length > 0 ? vscode.l10n.t('{0} ({1} left out)', title, counts.viewedFile(viewed.length)) : title,
      change.base,
      change.head,
      toRead,
      'LEFT',
    );
  }

  async function openViewed(node: Extract<ReviewNode, { kind: 'viewedFiles' }>): Promise<void> {
    const review = requireReview();
    const pull = pullOf(node);
    const change = review.changes.get(pull.number)!;
    const { viewed } = splitViewed(pull, change.files);
    await openDiff(
      review,
      pull,
      vscode.l10n.t('#{0} {1} (viewed files)', pull.number, pull.title),
      change.base,
      change.head,
      viewed,
      'LEFT',
    );
  }

  /** One file of the PR's change in a diff editor, with its threads. */
  async function openFile(node: Extract<ReviewNode, { kind: 'file' }>): Promise<void> {
    const review = requireReview();
    const pull = pullOf(node);
    const change = review.changes.get(pull.number)!;
    const { file } = node;
    const root = review.repo.root;
    await vscode.commands.executeCommand(
      'vscode.diff',
      reviewUri(root, file.status === 'added' ? undefined : change.base, file.oldPath, pull.number, 'LEFT'),
      reviewUri(root, file.status === 'deleted' ? undefined : change.head, file.path, pull.number, 'RIGHT'),
      vscode.l10n.t('{0} (#{1})', file.path, pull.number),
    );
  }

  /** An outdated thread: the file as it was when the thread was written, at its line. */
  async function openOutdated(node: Extract<ReviewNode, { kind: 'outdatedThread' }>): Promise<void> {
    const review = requireReview();
    const pull = pullOf(node);
    const place = threadPlace(review.repo.root, pull.number, review.changes.get(pull.number)!, node.thread);
    const written = node.thread.comments[0]?.originalCommit;
    if (!place || !written || !(await ensureCommit(review.repo.git, review.session.remote, pull.number, written)))
      throw new ForgeError(
        'not-found',
        vscode.l10n.t(
          'The version this thread was written on is gone from GitHub; read it on GitHub instead: {0}',
          pull.url,
        ),
      );
    const line = new vscode.Range(place.line - 1, 0, place.line - 1, 0);
    await vscode.window.showTextDocument(place.uri, { selection: line, preview: true });
    // Opened to be read: the thread opens up, where outdated ones otherwise stay folded.
    comments.expand(node.thread.id);
  }

  /** Ticks GitHub's Viewed checkbox of each file changed in the view; the tree redraws from the answers. */
  async function setViewed(changes: readonly [ReviewNode, vscode.TreeItemCheckboxState][]): Promise<void> {
    const review = requireReview();
    for (const [node, state] of changes) {
      if (node.kind !== 'file') continue;
      const pull = review.stack.pulls.find((p) => p.number === node.pull.number);
      if (!pull) continue;
      const viewed = state === vscode.TreeItemCheckboxState.Checked;
      await review.session.reviews.setViewed(pull.id, node.file.path, viewed);
      const known = pull.files.find((f) => f.path === node.file.path);
      const now = viewed ? 'VIEWED' : 'UNVIEWED';
      if (known) known.viewed = now;
      else pull.files.push({ path: node.file.path, viewed: now });
    }
    tree.refresh();
  }

  async function openDiff(
    review: OpenReview,
    pull: ReviewPull,
    title: string,
    left: string,
    right: string,
    files: ChangedFile[],
    leftSide: ReviewSide,
  ): Promise<void> {
    const root = review.repo.root;
    const resources = files.map((file) => [
      vscode.Uri.file(`${root}/${file.path}`),
      file.status === 'added' ? undefined : reviewUri(root, left, file.oldPath, pull.number, leftSide),
      file.status === 'deleted' ? undefined : reviewUri(root, right, file.path, pull.number, 'RIGHT'),
    ]);
    await vscode.commands.executeCommand('vscode.changes', title, resources);
  }

  async function openSinceReview(node: unknown): Promise<void> {
    const review = requireReview();
    const pull = pullOf(node);
    const reviewed = lastReviewedHead(pull);
    if (!reviewed) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('You have not reviewed #{0} yet: its whole change is new to you.', pull.number),
      );
      return openChange(review, pull);
    }
    if (!(await ensureCommit(review.repo.git, review.session.remote, pull.number, reviewed)))
      throw new ForgeError(
        'not-found',
        vscode.l10n.t(
          'The head you reviewed of #{0} ({1}) is gone from GitHub, so there is nothing to compare with. Open its whole change instead.',
          pull.number,
          reviewed.slice(0, 7),
        ),
      );
    const since = await interdiff(review.repo.git, review.changes.get(pull.number)!, reviewed);
    if (since.nothingNew) {
      void vscode.window.showInformationMessage(
        since.base === reviewed
          ? vscode.l10n.t(
              'Nothing new in #{0} since your review at {1}: the same change, at the same place.',
              pull.number,
              reviewed.slice(0, 7),
            )
          : vscode.l10n.t(
              'Nothing new in #{0} since your review at {1}: the same change, on a moved base.',
              pull.number,
              reviewed.slice(0, 7),
            ),
      );
      return;
    }
    if (since.conflicted)
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'The version you reviewed of #{0} does not apply cleanly on its new base; the left side shows conflict markers where they differ.',
          pull.number,
        ),
      );
    await openDiff(
      review,
      pull,
      vscode.l10n.t('#{0} since your review ({1} → {2})', pull.number, reviewed.slice(0, 7), pull.headSha.slice(0, 7)),
      since.base,
      since.head,
      since.files,
      'none',
    );
  }

  async function submit(node: unknown, event: ReviewEvent): Promise<void> {
    const review = requireReview();
    const pull = pullOf(node);
    const pending = comments.pendingOf(pull.number);
    const words = eventWords(event, pull.number, pull.headSha.slice(0, 7));
    const going = counts.pendingComment(pending.length);
    const body = await vscode.window.showInputBox({
      title: words.title,
      prompt:
        event === 'APPROVE'
          ? pending.length > 0
            ? vscode.l10n.t('A note with the approval (optional) — {0} go with it', going)
            : vscode.l10n.t('A note with the approval (optional)')
          : pending.length > 0
            ? vscode.l10n.t('What to tell the author — {0} go with it', going)
            : vscode.l10n.t('What to tell the author'),
      ignoreFocusOut: true,
      validateInput: (value) =>
        event !== 'APPROVE' && !value.trim() && pending.length === 0
          ? vscode.l10n.t('Say what you want changed or noticed.')
          : undefined,
    });
    if (body === undefined) return;
    await review.session.reviews.submitReview(pull.number, {
      event,
      body: body.trim(),
      commit: pull.headSha,
      comments: pending,
    });
    comments.clearPending(pull.number);
    await reload();
    void vscode.window.showInformationMessage(words.done);
  }

  async function replyOrStart(reply: vscode.CommentReply): Promise<void> {
    const review = requireReview();
    const text = reply.text.trim();
    if (!text) return;
    const origin = comments.origin(reply.thread);
    if (origin?.kind === 'github') {
      await review.session.reviews.reply(origin.pr, origin.thread.comments[0].id, text);
    } else {
      const place = comments.placeOf(reply.thread, text);
      if (!place) return;
      const pull = review.stack.pulls.find((p) => p.number === place.pr)!;
      await review.session.reviews.startThread(place.pr, pull.headSha, place.comment);
      reply.thread.dispose();
    }
    await reload();
  }

  async function addToReview(reply: vscode.CommentReply): Promise<void> {
    if (!reply.text.trim()) return;
    comments.addPending(reply.thread, reply.text.trim());
  }

  async function setResolved(thread: vscode.CommentThread, resolved: boolean): Promise<void> {
    const review = requireReview();
    const origin = comments.origin(thread);
    if (origin?.kind !== 'github') return;
    await review.session.reviews.setResolved(origin.thread.id, resolved);
    await reload();
  }

  /** Fetches the stack's PR heads into the smartlog as its author's stack, read-only (one checked out at a time). */
  async function checkoutStack(): Promise<void> {
    const review = requireReview();
    const { owner, name } = review.session.reviews.repo;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking out the stack for review…') },
      () =>
        review.repo.run(() =>
          checkoutForReview(
            review.repo.git,
            review.repo.location,
            review.session.remote,
            `${owner}/${name}`,
            review.stack,
          ),
        ),
    );
    await review.repo.refresh();
    if (result.pulls.length === 0) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('No PR of this stack is open: there is nothing to check out.'),
      );
      return;
    }
    await vscode.commands.executeCommand('stackline.stacks.focus');
    const authors = [...new Set(result.pulls.map((p) => p.author))].join(', ');
    const stop = vscode.l10n.t('Stop Reviewing');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        "{0}'s stack ({1}) is in the Stacks view and the graph, read-only: go to its commits, build and run them; editing them asks first.",
        authors,
        result.pulls.map((p) => `#${p.number}`).join(', '),
      ),
      stop,
    );
    if (choice === stop) await stopReviewing();
  }

  /** Removes the checked-out stack from the smartlog (your own commits on it keep their branches). */
  async function stopReviewing(arg?: unknown): Promise<void> {
    const repo = isStackNode(arg) ? arg.repo : (current?.repo ?? s.repositories.active);
    if (!repo) return;
    const { dropped } = await repo.run(() => dropReview(repo.git, repo.location));
    await repo.refresh();
    void vscode.window.showInformationMessage(
      dropped.length === 0
        ? vscode.l10n.t('No stack is checked out for review.')
        : vscode.l10n.t(
            'Stopped reviewing: {0} left the Stacks view (nothing changed on GitHub).',
            dropped.map((n) => `#${n}`).join(', '),
          ),
    );
  }

  const command = (id: string, handler: (...args: never[]) => unknown) =>
    vscode.commands.registerCommand(id, (...args: unknown[]) =>
      reportErrors(s.log, () => (handler as (...a: unknown[]) => unknown)(...args)),
    );
  return [
    tree,
    view,
    comments,
    command('stackline.reviewStack', (arg?: unknown) =>
      isStackNode(arg) ? reviewLocalStack(arg) : reviewStack(typeof arg === 'string' ? arg : undefined),
    ),
    command('stackline.review.refresh', () => reload()),
    command('stackline.review.checkout', () => checkoutStack()),
    command('stackline.review.stopReviewing', (arg?: unknown) => stopReviewing(arg)),
    command('stackline.review.openChange', (node?: ReviewNode) => openChange(requireReview(), pullOf(node))),
    command('stackline.review.openSinceReview', (node?: ReviewNode) => openSinceReview(node)),
    command('stackline.review.openFile', (node: Extract<ReviewNode, { kind: 'file' }>) => openFile(node)),
    command('stackline.review.openViewed', (node: Extract<ReviewNode, { kind: 'viewedFiles' }>) => openViewed(node)),
    command('stackline.review.openOutdated', (node: Extract<ReviewNode, { kind: 'outdatedThread' }>) =>
      openOutdated(node),
    ),
    view.onDidChangeCheckboxState((event) =>
      reportErrors(s.log, async () => {
        try {
          await setViewed(event.items);
        } catch (error) {
          // The box shows what GitHub has: redraw it as it was.
          tree.refresh();
          throw error;
        }
      }),
    ),
    command('stackline.review.approve', (node?: ReviewNode) => submit(node, 'APPROVE')),
    command('stackline.review.requestChanges', (node?: ReviewNode) => submit(node, 'REQUEST_CHANGES')),
    command('stackline.review.comment', (node?: ReviewNode) => submit(node, 'COMMENT')),
    command('stackline.review.reply', (reply: vscode.CommentReply) => replyOrStart(reply)),
    command('stackline.review.addToReview', (reply: vscode.CommentReply) => addToReview(reply)),
    command('stackline.review.resolve', (thread: vscode.CommentThread) => setResolved(thread, true)),
    command('stackline.review.unresolve', (thread: vscode.CommentThread) => setResolved(thread, false)),
  ];
};

function isStackNode(arg: unknown): arg is Extract<StacksNode, { kind: 'stack' }> {
  return typeof arg === 'object' && arg !== null && (arg as { kind?: unknown }).kind === 'stack' && 'repo' in arg;
}
