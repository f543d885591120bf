// dist/hook.js: what Stackline's git hooks run (copied into the repository as .stackline/hook.js).
//   hook.js commit-msg <message file>   check the message; print each broken rule and exit 1
//   hook.js pre-push <remote> <url>     size check of the pushed stacks (refs on stdin), per the settings
// git runs hooks in the work tree's top folder, so that is the repository root here. A message
// with a problem never gets past this without a clear line saying which rule and how to skip.
import { readFileSync } from 'node:fs';
import { checkMessage, commentChar, describeCheck, messageFromFile } from '../core/conventions/check';
import { readCommitFacts } from '../core/conventions/commitFacts';
import { ConventionsError } from '../core/conventions/errors';
import { loadSettings } from '../core/conventions/settings';
import { commitSizeWarning, stackSizeWarning } from '../core/conventions/size';
import { shortHash } from '../core/format';
import { REFS_FORMAT, parseRefs } from '../core/git/parsers/refs';
import { GitRunner } from '../core/git/runner';
import { detectTrunk } from '../core/git/trunk';

const NO_COMMIT = /^0+$/;

async function commitMsg(root: string, file: string | undefined): Promise<number> {
  if (!file) throw new ConventionsError('hooks', 'commit-msg needs the message file git passes to the hook.');
  if (!loadSettings(root).hooks.commitMsg) return 0;
  const message = messageFromFile(readFileSync(file, 'utf8'));
  // git config runs while the rules load.
  const comment = commentChar(new GitRunner(root)).catch(() => '#');
  const check = await checkMessage(message, root, { trusted: true, commentChar: comment });
  if (check.report.errors.length === 0 && check.report.warnings.length === 0) return 0;
  const lines = describeCheck(check);
  if (!check.report.valid) {
    lines.push(`Your message is kept in ${file}: fix it with git commit -e -F ${file}, or skip this check once with git commit --no-verify.`);
  }
  console.error(lines.join('\n'));
  return check.report.valid ? 0 : 1;
}

/** Warns (or, with "block", refuses) when a pushed stack or one of its commits is over the size limits. */
async function prePush(root: string): Promise<number> {
  const settings = loadSettings(root);
  if (settings.hooks.prePush === 'off') return 0;
  const git = new GitRunner(root);
  const trunk = detectTrunk(parseRefs(await git.run(['for-each-ref', `--format=${REFS_FORMAT}`, 'refs/heads', 'refs/remotes'])));
  const warnings: string[] = [];
  for (const line of readFileSync(0, 'utf8').split('\n')) {
    const [localRef, localHash, , remoteHash] = line.trim().split(/\s+/);
    if (!localHash || NO_COMMIT.test(localHash)) continue;
    const base = trunk?.hash ?? (remoteHash && !NO_COMMIT.test(remoteHash) ? remoteHash : undefined);
    if (!base) continue;
    const hashes = (await git.run(['rev-list', '--max-count=1000', localHash, '--not', base, '--'])).split('\n').filter(Boolean);
    const name = localRef.replace(/^refs\/heads\//, '');
    const stack = stackSizeWarning(hashes.length, settings);
    if (stack) warnings.push(`${name}: ${stack}`);
    for (const commit of await readCommitFacts(git, hashes, settings.size.exclude)) {
      const size = commitSizeWarning(commit.linesChanged, settings);
      if (size) warnings.push(`${name} ${shortHash(commit.hash)} (${commit.message.split('\n')[0]}): ${size}`);
    }
  }
  if (warnings.length === 0) return 0;
  const block = settings.hooks.prePush === 'block';
  console.error([...warnings.map((w) => `⚠ ${w}`), block ? `The push was stopped (size limits in ${settings.source}). Push anyway with git push --no-verify.` : `(Size limits from ${settings.source}; advisory.)`].join('\n'));
  return block ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
  const [hook, ...args] = argv;
  const root = process.cwd();
  if (hook === 'commit-msg') return commitMsg(root, args[0]);
  if (hook === 'pre-push') return prePush(root);
  throw new ConventionsError('hooks', `hook.js does not know the hook ${hook ?? '(none)'}; run stackline hooks install again.`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`stackline: ${message}\nFix that, or skip the check once with --no-verify.`);
    process.exit(1);
  },
);
