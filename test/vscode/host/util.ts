// Helpers for the extension-host suite: real git in the workspace repository, polling, commands.
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs git in `cwd` and returns stdout without trailing whitespace; throws with git's stderr on failure. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      GIT_TERMINAL_PROMPT: '0',
      GIT_AUTHOR_NAME: 'Host Suite',
      GIT_AUTHOR_EMAIL: 'host-suite@example.com',
      GIT_COMMITTER_NAME: 'Host Suite',
      GIT_COMMITTER_EMAIL: 'host-suite@example.com',
    },
  }).trimEnd();
}

/** Like git(), but undefined instead of throwing (e.g. `symbolic-ref -q HEAD` when detached). */
export function tryGit(cwd: string, ...args: string[]): string | undefined {
  try {
    return git(cwd, ...args);
  } catch {
    return undefined;
  }
}

/**
 * Polls `probe` until it returns something other than undefined; fails after `timeoutMs` with
 * `describe()` (what was seen last) in the message.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 5_000,
  describe?: () => string,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${describe ? `; last seen: ${describe()}` : ''}`,
      );
    await sleep(100);
  }
}

/**
 * Executes a command with a deadline. Stackline's commands report errors with an error
 * notification and only return once it is dismissed, so a failing command looks like a hang:
 * dismiss the notifications and say so.
 */
export async function executeCommand(id: string, ...args: unknown[]): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const finished = vscode.commands.executeCommand(id, ...args).then(() => true);
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), 15_000);
  });
  try {
    if (await Promise.race([finished, timedOut])) return;
  } finally {
    clearTimeout(timer);
  }
  await vscode.commands.executeCommand('notifications.clearAll').then(undefined, () => undefined);
  throw new Error(
    `${id} did not finish within 15 s: it most likely failed and showed an error notification (see the Stackline output channel)`,
  );
}
