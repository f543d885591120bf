// The commit-msg hook: check the message git is about to commit. Only what that needs is loaded (no
// git runner, no child_process when the launcher already asked git for the comment character),
// because this runs on every commit.
import { readFileSync } from 'node:fs';
import {
  COMMENT_CHAR_ARGS,
  checkMessage,
  commentCharOf,
  describeCheck,
  messageFromFile,
} from '../../core/conventions/check';
import { ConventionsError } from '../../core/conventions/errors';
import { hookGitOutput } from '../../core/git/hookGit';
import { COMMENT_CHAR_VAR } from '../../core/conventions/hooks/scripts';
import { loadSettings } from '../../core/conventions/settings';
import { print } from './output';

export async function commitMsg(root: string, file: string | undefined): Promise<number> {
  if (!file) throw new ConventionsError('hooks', 'commit-msg needs the message file git passes to the hook.');
  if (!loadSettings(root).hooks.commitMsg) return 0;
  const message = messageFromFile(readFileSync(file, 'utf8'));
  const check = await checkMessage(message, root, { trusted: true, commentChar: commentCharIn(root) });
  if (check.report.errors.length === 0 && check.report.warnings.length === 0) return 0;
  const lines = describeCheck(check);
  if (!check.report.valid) {
    lines.push(
      `Your message is kept in ${file}: fix it with git commit -e -F ${file}, or skip this check once with git commit --no-verify.`,
    );
  }
  print(lines);
  return check.report.valid ? 0 : 1;
}

/**
 * core.commentChar as GitRunner would read it (same arguments; # when git fails): from the launcher,
 * which ran git before starting Node, or else from git, asked now and answering while the rules load.
 */
function commentCharIn(root: string): Promise<string> {
  const fromLauncher = process.env[COMMENT_CHAR_VAR];
  if (fromLauncher !== undefined) {
    // Not part of the environment the hook's git calls and the repository's config code see.
    delete process.env[COMMENT_CHAR_VAR];
    return Promise.resolve(commentCharOf(fromLauncher));
  }
  return hookGitOutput(root, COMMENT_CHAR_ARGS).then(commentCharOf);
}
