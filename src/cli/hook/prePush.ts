// The pre-push hook: the size check of the pushed stacks (refs on stdin), per the settings. Loaded
// only when git pushes, so the commit-msg hook does not pay for the git runner and the stack readers.
import { readFileSync } from 'node:fs';
import { loadSettings } from '../../core/conventions/settings';
import { sizeWarningsFor } from '../../core/conventions/sizeReport';
import { REFS_FORMAT, parseRefs } from '../../core/git/parsers/refs';
import { GitRunner } from '../../core/git/runner';
import { detectTrunk } from '../../core/git/trunk';
import { print } from './output';

const NO_COMMIT = /^0+$/;

/** Warns (or, with "block", refuses) when a pushed stack or one of its commits is over the size limits. */
export async function prePush(root: string): Promise<number> {
  const settings = loadSettings(root);
  if (settings.hooks.prePush === 'off') return 0;
  const git = new GitRunner(root);
  const trunk = detectTrunk(
    parseRefs(await git.run(['for-each-ref', `--format=${REFS_FORMAT}`, 'refs/heads', 'refs/remotes'])),
  );
  const warnings: string[] = [];
  for (const line of readFileSync(0, 'utf8').split('\n')) {
    const [localRef, localHash, , remoteHash] = line.trim().split(/\s+/);
    if (!localHash || NO_COMMIT.test(localHash)) continue;
    const base = trunk?.hash ?? (remoteHash && !NO_COMMIT.test(remoteHash) ? remoteHash : undefined);
    if (!base) continue;
    const hashes = (await git.run(['rev-list', '--max-count=1000', localHash, '--not', base, '--']))
      .split('\n')
      .filter(Boolean);
    const name = localRef.replace(/^refs\/heads\//, '');
    for (const warning of await sizeWarningsFor(git, hashes, settings)) warnings.push(`${name}: ${warning}`);
  }
  if (warnings.length === 0) return 0;
  const block = settings.hooks.prePush === 'block';
  print([
    ...warnings.map((w) => `⚠ ${w}`),
    block
      ? `The push was stopped (size limits in ${settings.source}). Push anyway with git push --no-verify.`
      : `(Size limits from ${settings.source}; advisory.)`,
  ]);
  return block ? 1 : 0;
}
