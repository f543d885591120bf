// The size warnings for a line of commits, as shown before a submit and by the pre-push hook:
// one for the line's length, one per commit over the line limit.
import { shortHash } from '../format';
import type { GitRunner } from '../git/runner';
import { readCommitFacts } from './commitFacts';
import { ConventionsError } from './errors';
import { loadSettings, SETTINGS_FILE, type ConventionsSettings } from './settings';
import { commitSizeWarning, stackSizeWarning } from './size';

/** Warnings for `hashes` (one stack line, any order); empty when every limit holds. */
export async function sizeWarningsFor(
  git: GitRunner,
  hashes: string[],
  settings: ConventionsSettings,
): Promise<string[]> {
  const warnings: string[] = [];
  const stack = stackSizeWarning(hashes.length, settings);
  if (stack) warnings.push(stack);
  if (settings.size.maxCommitLines === 0) return warnings;
  for (const commit of await readCommitFacts(git, hashes, settings.size.exclude)) {
    const size = commitSizeWarning(commit.linesChanged, settings);
    if (size) warnings.push(`${shortHash(commit.hash)} (${commit.message.split('\n')[0]}): ${size}`);
  }
  return warnings;
}

export interface SizeReport {
  warnings: string[];
  /** Where the limits came from, for the closing line. */
  source: string;
}

/**
 * The warnings shown before a submit. A malformed settings file becomes a warning naming it,
 * since size limits are advice and must not stand in the way of a submit.
 */
export async function submitSizeReport(git: GitRunner, root: string, hashes: string[]): Promise<SizeReport> {
  let settings: ConventionsSettings;
  try {
    settings = loadSettings(root);
  } catch (error) {
    if (!(error instanceof ConventionsError)) throw error;
    return { warnings: [`Size limits not checked: ${error.message}`], source: error.file ?? SETTINGS_FILE };
  }
  return { warnings: await sizeWarningsFor(git, hashes, settings), source: settings.source };
}
