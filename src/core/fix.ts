// What to do about a refusal or a notice, as data: the CLI prints the command line, VS Code offers a
// button. UIs decide on these fields, never on message text. Core names VS Code commands by id only.

export interface Fix {
  /** For a button, e.g. "Restack in wt2". */
  label: string;
  /** The command line, e.g. "stackline restack" or "git reset --keep 1a2b3c4d5". */
  cli: string;
  /** The VS Code command that does the same (`stackline.abort`); without one, VS Code offers to copy `cli`. */
  command?: string;
  /** Arguments for `command`. */
  args?: readonly unknown[];
  /** The folder to run it in, when that is not the current worktree (another worktree). */
  cwd?: string;
  /**
   * `cli` is advice in words ("run it again with --edit-review"), for when no exact command line can
   * be known: printed as it is, never copied or run as a command.
   */
  advice?: boolean;
}

/** Something an operation wants people to know beside its summary (a worktree it updated or left). */
export interface Notice {
  message: string;
  /** The other worktree it is about, when it is about one. */
  worktree?: string;
  fix?: Fix;
}

/** The fix as one line to paste into a terminal anywhere: `stackline -C <cwd> …`, `git -C <cwd> …`. */
export function fixCommandLine(fix: Fix): string {
  if (!fix.cwd || fix.advice) return fix.cli;
  const match = /^(stackline|git) (.*)$/.exec(fix.cli);
  if (match) return `${match[1]} -C ${shellQuote(fix.cwd)} ${match[2]}`;
  return `cd ${shellQuote(fix.cwd)} && ${fix.cli}`;
}

/** Quoted for a POSIX shell (left bare when it needs no quotes). */
export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
