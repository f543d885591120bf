// What a graph row says when a restack is due (the words the Stacks view uses): an outdated commit
// (amended or rewritten since, something still on it), a commit sitting on one, and the Restack
// button on the row that should offer it. Pure: no DOM, so Node tests can run it.
import { shortHash } from '../src/core/format';
import type { GraphCommit } from '../src/protocol';

export interface RestackMark {
  kind: 'outdated' | 'needs-restack' | 'button';
  icon: string;
  text: string;
  /** The tooltip: what it means and what Restack does. */
  title: string;
}

export function restackMarks(commit: GraphCommit, offersRestack: boolean): RestackMark[] {
  const marks: RestackMark[] = [];
  if (commit.outdatedBy) {
    marks.push({
      kind: 'outdated',
      icon: 'history',
      text: `outdated: now ${shortHash(commit.outdatedBy)}`,
      title: `Amended or rewritten since: the latest version is ${shortHash(commit.outdatedBy)}. Restack moves what sits on this one onto it.`,
    });
  }
  if (commit.needsRestack) {
    marks.push({
      kind: 'needs-restack',
      icon: 'warning',
      text: 'needs restack',
      title: 'Sits on an outdated version of its parent. Restack moves it onto the latest version.',
    });
  }
  if (offersRestack)
    marks.push({
      kind: 'button',
      icon: 'layers',
      text: 'Restack',
      title: 'Restack (R): move every commit left on an outdated version onto the latest one',
    });
  return marks;
}

/** What a screen reader adds to the row's label. */
export function restackSpeech(commit: GraphCommit): string {
  if (commit.outdatedBy) return `outdated, amended since: now ${shortHash(commit.outdatedBy)}`;
  return commit.needsRestack ? 'needs restack' : '';
}
