// The smartlog as text, like `sl`: graph, short hash, age, author, branches, title, `@` for HEAD.
import { relative } from 'node:path';
import { plural, relativeTime, shortHash, uncommittedSummary } from '../format';
import { layoutGraph } from '../graph/layout';
import { renderText, type TextNode } from '../graph/text';
import { graphParents, type BranchLabel, type Smartlog, type SmartlogCommit } from './model';
import { inProgressAdvice } from '../git/repository';

export function renderSmartlog(smartlog: Smartlog, nowMs = Date.now()): string {
  const rows = layoutGraph(smartlog.commits.map((commit) => ({ id: commit.hash, parents: graphParents(commit) })));
  const nodes: TextNode[] = smartlog.commits.map((commit) => ({
    glyph: commit.isHead ? '@' : commit.outdatedBy ? 'x' : 'o',
    lines: [header(commit, smartlog, nowMs), commit.title],
    foldedNote:
      commit.trunkBelow && commit.trunkBelow.hidden > 0 ? `… ${plural(commit.trunkBelow.hidden, 'commit')}` : undefined,
    truncated: commit.hasOlderHistory,
  }));
  const parts = [smartlog.commits.length > 0 ? renderText(rows, nodes) : emptyMessage(smartlog)];
  const footer = footerLines(smartlog);
  if (footer.length > 0) parts.push('', ...footer);
  return parts.join('\n');
}

function header(commit: SmartlogCommit, smartlog: Smartlog, nowMs: number): string {
  const labels = visibleLabels(commit.branches, smartlog);
  const fields = [shortHash(commit.hash), relativeTime(commit.date, nowMs), commit.author];
  if (labels.length > 0) fields.push(labels.join(' '));
  if (commit.outdatedBy) fields.push(`(outdated: now ${shortHash(commit.outdatedBy)})`);
  if (commit.needsRestack) fields.push('(needs restack)');
  if (commit.review) fields.push(`[review #${commit.review.pull} by ${commit.review.author}, read-only]`);
  return fields.join('  ');
}

/** Local branches with ahead/behind marks; a remote branch only when no local branch tracks it here. */
function visibleLabels(branches: BranchLabel[], smartlog: Smartlog): string[] {
  const trackedHere = new Set(branches.filter((b) => !b.remote && b.upstream).map((b) => b.upstream));
  return branches
    .filter((b) => !b.remote || !trackedHere.has(b.name))
    .map((b) => {
      if (b.remote) return `remote/${b.name}`;
      const marks = `${b.ahead ? `↑${b.ahead}` : ''}${b.behind ? `↓${b.behind}` : ''}${b.upstreamGone ? ' (upstream gone)' : ''}`;
      const current = smartlog.head.branch === b.name ? '*' : '';
      const elsewhere = b.worktree ? ` (checked out in ${shorterPath(b.worktree, smartlog.root)})` : '';
      return `${b.name}${current}${marks}${elsewhere}`;
    });
}

/** Another worktree's folder, relative to this one when that is shorter (../wt2). */
export function shorterPath(path: string, root: string): string {
  const near = relative(root, path);
  return near && near.length < path.length ? near : path;
}

function emptyMessage(smartlog: Smartlog): string {
  if (smartlog.state.unborn)
    return `No commits yet on ${smartlog.head.branch ?? 'this branch'}. Make the first commit with git commit.`;
  return 'No commits to show.';
}

function footerLines(smartlog: Smartlog): string[] {
  const lines: string[] = [];
  const summary = uncommittedSummary(smartlog.uncommitted);
  if (summary) lines.push(`Uncommitted changes: ${summary}`);
  const restack = restackNote(smartlog);
  if (restack) lines.push(restack);
  if (smartlog.state.operation) lines.push(inProgressAdvice(smartlog.state.operation));
  const reviewed = smartlog.stacks.filter((s) => s.review);
  for (const stack of reviewed)
    lines.push(
      `Reviewing ${stack.review!.authors.join(', ')}'s stack (${stack.review!.pulls.map((n) => `#${n}`).join(', ')}): read-only; stackline review drop to stop.`,
    );
  lines.push(...smartlog.warnings);
  return lines;
}

function restackNote(smartlog: Smartlog): string | undefined {
  const waiting = smartlog.commits.filter((commit) => commit.needsRestack).length;
  const outdated = smartlog.commits.filter((commit) => commit.outdatedBy).length;
  if (waiting > 0)
    return `${plural(waiting, 'commit')} ${waiting === 1 ? 'sits' : 'sit'} on an outdated version of ${waiting === 1 ? 'its' : 'their'} parent: run stackline restack.`;
  if (outdated > 0)
    return `${plural(outdated, 'outdated commit')} still ${outdated === 1 ? 'has a branch' : 'have branches'}: run stackline restack to move ${outdated === 1 ? 'it' : 'them'} to the latest version.`;
  return undefined;
}
