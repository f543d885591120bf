// Review threads as VS Code comments (the Comments API) on the lines they belong to, in the diff of
// one PR's change: the right side is the PR's head, the left its base. New threads can be started on
// any line of either side; comments added "to the review" wait, pending, until the review is submitted.
import * as vscode from 'vscode';
import type { PullChange } from '../../core/review/diffs';
import type { PendingComment, ReviewPull, ReviewThread } from '../../core/review/types';
import { GIT_SCHEME } from '../gitContent';

/** Which side of which PR's diff a document is; 'none' for a side no comment can go on (an interdiff's left). */
export type ReviewSide = 'LEFT' | 'RIGHT' | 'none';

interface ReviewUriQuery {
  root: string;
  ref: string;
  pr: number;
  side: ReviewSide;
}

/** A file at a commit (or tree), served by the git content provider, marked with the PR and side it shows. */
export function reviewUri(root: string, ref: string | undefined, path: string, pr: number, side: ReviewSide) {
  const query: ReviewUriQuery = { root, ref: ref ?? '', pr, side };
  return vscode.Uri.from({ scheme: GIT_SCHEME, path: `/${path}`, query: JSON.stringify(query) });
}

export function parseReviewUri(uri: vscode.Uri): (ReviewUriQuery & { path: string }) | undefined {
  if (uri.scheme !== GIT_SCHEME) return undefined;
  try {
    const query = JSON.parse(uri.query) as Partial<ReviewUriQuery>;
    if (typeof query.pr !== 'number' || !query.ref || !query.root) return undefined;
    return { root: query.root, ref: query.ref, pr: query.pr, side: query.side ?? 'none', path: uri.path.slice(1) };
  } catch {
    return undefined;
  }
}

/** What a VS Code thread stands for on GitHub. */
export type ThreadOrigin =
  { kind: 'github'; pr: number; thread: ReviewThread } | { kind: 'pending'; pr: number; comment: PendingComment };

export class ReviewComments implements vscode.Disposable {
  private readonly controller = vscode.comments.createCommentController(
    'stackline.review',
    vscode.l10n.t('Stackline Review'),
  );
  private shown: vscode.CommentThread[] = [];
  private readonly origins = new WeakMap<vscode.CommentThread, ThreadOrigin>();
  private readonly pending = new Map<number, PendingComment[]>();

  constructor() {
    this.controller.commentingRangeProvider = {
      provideCommentingRanges: (document) => {
        const place = parseReviewUri(document.uri);
        if (!place || place.side === 'none') return [];
        return [new vscode.Range(0, 0, Math.max(0, document.lineCount - 1), 0)];
      },
    };
    this.controller.options = {
      placeHolder: vscode.l10n.t('Reply, or start a thread on this line (Markdown; ```suggestion blocks)'),
    };
  }

  /** Opens up a GitHub thread shown collapsed (an outdated one, opened from its row to be read). */
  expand(threadId: string): void {
    for (const shown of this.shown) {
      const origin = this.origins.get(shown);
      if (origin?.kind === 'github' && origin.thread.id === threadId)
        shown.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
    }
  }

  /** Replaces the threads shown with the stack's (and the pending comments still waiting). */
  show(root: string, pulls: ReviewPull[], changes: Map<number, PullChange>): void {
    for (const thread of this.shown) thread.dispose();
    this.shown = [];
    for (const pull of pulls) {
      const change = changes.get(pull.number);
      if (!change) continue;
      for (const thread of pull.threads) {
        const place = threadPlace(root, pull.number, change, thread);
        if (!place) continue;
        const shown = this.controller.createCommentThread(
          place.uri,
          new vscode.Range(place.line - 1, 0, place.line - 1, 0),
          thread.comments.map((c) => comment(c.author, c.body)),
        );
        shown.label = place.outdated
          ? thread.resolved
            ? vscode.l10n.t('Outdated · Resolved')
            : vscode.l10n.t('Outdated')
          : thread.resolved
            ? vscode.l10n.t('Resolved')
            : undefined;
        shown.contextValue = thread.resolved ? 'github resolved' : 'github unresolved';
        shown.state = thread.resolved ? vscode.CommentThreadState.Resolved : vscode.CommentThreadState.Unresolved;
        shown.collapsibleState =
          thread.resolved || place.outdated
            ? vscode.CommentThreadCollapsibleState.Collapsed
            : vscode.CommentThreadCollapsibleState.Expanded;
        this.origins.set(shown, { kind: 'github', pr: pull.number, thread });
        this.shown.push(shown);
      }
      for (const pending of this.pending.get(pull.number) ?? []) {
        const side = pending.side;
        const uri = reviewUri(root, side === 'RIGHT' ? change.head : change.base, pending.path, pull.number, side);
        this.showPending(uri, pull.number, pending);
      }
    }
  }

  origin(thread: vscode.CommentThread): ThreadOrigin | undefined {
    return this.origins.get(thread);
  }

  /** Where a thread the user just started sits: its PR and the comment it makes there. */
  placeOf(thread: vscode.CommentThread, text: string): { pr: number; comment: PendingComment } | undefined {
    const place = parseReviewUri(thread.uri);
    if (!place || place.side === 'none' || !thread.range) return undefined;
    return {
      pr: place.pr,
      comment: { path: place.path, line: thread.range.start.line + 1, side: place.side, body: text },
    };
  }

  /** Turns a thread the user just started into a pending comment of the review. */
  addPending(thread: vscode.CommentThread, text: string): boolean {
    const place = this.placeOf(thread, text);
    if (!place) return false;
    this.pending.set(place.pr, [...this.pendingOf(place.pr), place.comment]);
    thread.dispose();
    this.showPending(thread.uri, place.pr, place.comment);
    return true;
  }

  pendingOf(pr: number): PendingComment[] {
    return this.pending.get(pr) ?? [];
  }

  clearPending(pr: number): void {
    this.pending.delete(pr);
  }

  private showPending(uri: vscode.Uri, pr: number, pending: PendingComment): void {
    const shown = this.controller.createCommentThread(uri, new vscode.Range(pending.line - 1, 0, pending.line - 1, 0), [
      comment(vscode.l10n.t('you'), pending.body, vscode.l10n.t('Pending')),
    ]);
    shown.label = vscode.l10n.t('Pending: sent with your review');
    shown.contextValue = 'pending';
    shown.canReply = false;
    shown.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
    this.origins.set(shown, { kind: 'pending', pr, comment: pending });
    this.shown.push(shown);
  }

  dispose(): void {
    for (const thread of this.shown) thread.dispose();
    this.controller.dispose();
  }
}

/**
 * Where a GitHub thread shows: on its line in the PR's change; an outdated one on the line it was
 * written on, in the file at the commit it was written on (no new threads start there), never on
 * whatever line now has its number.
 */
export function threadPlace(
  root: string,
  pr: number,
  change: PullChange,
  thread: ReviewThread,
): { uri: vscode.Uri; line: number; outdated: boolean } | undefined {
  if (!thread.outdated && thread.line !== undefined)
    return {
      uri: reviewUri(root, thread.side === 'RIGHT' ? change.head : change.base, thread.path, pr, thread.side),
      line: thread.line,
      outdated: false,
    };
  const written = thread.comments[0]?.originalCommit;
  if (!written || thread.originalLine === undefined) return undefined;
  return { uri: reviewUri(root, written, thread.path, pr, 'none'), line: thread.originalLine, outdated: true };
}

function comment(author: string, body: string, label?: string): vscode.Comment {
  return {
    author: { name: author },
    body: new vscode.MarkdownString(body),
    mode: vscode.CommentMode.Preview,
    ...(label ? { label } : {}),
  };
}
