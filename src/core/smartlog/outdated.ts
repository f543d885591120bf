// Marks the commits of a smartlog that need a restack: drafts left on an outdated version of their
// parent, i.e. one amended or rewritten since (by Stackline, or with plain git in the terminal)
// whose newer version is in view. `stackline restack` moves them onto the latest version, and the
// marks go. Reads the oplog's and HEAD reflog's ends (no git process).
import type { RepoLocation } from '../git/repository';
import { latestVersions, successorPairs } from '../oplog/successors';
import type { SmartlogCommit } from './model';

/**
 * Sets `outdatedBy` on drafts that have a newer version in view and still matter (something sits on
 * them, or `refTips` has a ref on them), and `needsRestack` on the drafts right above those.
 */
export function markOutdated(repo: RepoLocation, commits: SmartlogCommit[], refTips: Set<string>): void {
  const drafts = commits.filter((commit) => commit.phase === 'draft');
  if (drafts.length === 0) return;
  const latest = latestVersions(successorPairs(repo));
  if (latest.size === 0) return;
  const shown = new Set(commits.map((commit) => commit.hash));
  const sittingOn = new Set(drafts.flatMap((commit) => commit.parents));
  const outdated = new Set<string>();
  for (const commit of drafts) {
    const now = latest.get(commit.hash);
    if (now && shown.has(now) && (sittingOn.has(commit.hash) || refTips.has(commit.hash))) {
      commit.outdatedBy = now;
      outdated.add(commit.hash);
    }
  }
  for (const commit of drafts) {
    if (!outdated.has(commit.hash) && commit.parents.some((parent) => outdated.has(parent))) commit.needsRestack = true;
  }
}

/** Whether anything in these commits waits for a restack. */
export function needsRestack(commits: SmartlogCommit[]): boolean {
  return commits.some((commit) => commit.needsRestack || commit.outdatedBy);
}
