// Size warnings: a stack with too many commits, a commit that changes too many lines. Advisory:
// they inform (tree, pre-push), and block only where the repository's settings say so.
import { formatCount, plural } from '../format';
import type { ConventionsSettings } from './settings';

export function stackSizeWarning(commits: number, settings: ConventionsSettings): string | undefined {
  const limit = settings.size.maxStackCommits;
  if (limit === 0 || commits <= limit) return undefined;
  return `This stack has ${plural(commits, 'commit')} (limit ${formatCount(limit)}). Consider landing or splitting it.`;
}

export function commitSizeWarning(linesChanged: number, settings: ConventionsSettings): string | undefined {
  const limit = settings.size.maxCommitLines;
  if (limit === 0 || linesChanged <= limit) return undefined;
  return `This commit changes ${plural(linesChanged, 'line')} (limit ${formatCount(limit)}). Consider splitting it.`;
}
