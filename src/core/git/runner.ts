// The only place that spawns git. Wraps simple-git so the rest of the code sees strings in,
// strings out, and GitError on failure. A call that meets another git process's lock file waits
// and tries again (for about 2 s) before it fails.
import { spawn } from 'node:child_process';
import { simpleGit, type SimpleGit, GitError as SimpleGitError } from 'simple-git';
import { GitError } from './errors';

export interface RunOptions {
  /** Extra environment for this call only. */
  env?: Record<string, string>;
}

export interface ExecOptions extends RunOptions {
  /** Written to git's stdin (e.g. `update-ref --stdin`, `cat-file --batch`). */
  input?: string | Buffer;
  /** Exit codes that answer rather than fail (e.g. 1 for a conflicted `merge-tree`). Default [0]. */
  okCodes?: number[];
}

export interface ExecResult {
  stdout: string;
  /** stdout as bytes, for output that must round-trip exactly (raw objects). */
  raw: Buffer;
  exitCode: number;
}

export class GitRunner {
  private readonly git: SimpleGit;
  private readonly baseEnv: Record<string, string>;

  constructor(readonly cwd: string) {
    this.git = simpleGit({
      baseDir: cwd,
      maxConcurrentProcesses: 6,
      trimmed: false,
      // simple-git treats a non-zero exit with empty stderr as success; probes such as
      // `show-ref --quiet` answer only through their exit code.
      errors: (error, result) => {
        if (error) return error;
        if (result.exitCode === 0) return undefined;
        const stderr = Buffer.concat(result.stdErr).toString();
        return new Error(stderr.trim() || `git exited with code ${result.exitCode}`);
      },
      // The environment is the user's own (their editor, askpass, ssh and config), passed through so
      // git behaves as in their terminal. Guards against unsafe argv (-c, --upload-pack) stay on.
      unsafe: {
        allowUnsafeEditor: true,
        allowUnsafePager: true,
        allowUnsafeAskPass: true,
        allowUnsafeSshCommand: true,
        allowUnsafeConfigPaths: true,
        allowUnsafeConfigEnvCount: true,
        allowUnsafeCredentialHelper: true,
        // `stackline hooks install` sets core.hooksPath to the repository's committed hooks folder.
        allowUnsafeHooksPath: true,
      },
    });
    // Reads must never take the index lock: a refresh racing a user's `git commit` would fail it.
    this.baseEnv = { ...(process.env as Record<string, string>), GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' };
  }

  /** Runs `git <args>` in the repository and returns its stdout. */
  async run(args: string[], options: RunOptions = {}): Promise<string> {
    const env = options.env ? { ...this.baseEnv, ...options.env } : this.baseEnv;
    return waitingForLocks(args, async () => {
      try {
        return await this.git.env(env).raw(args);
      } catch (error) {
        throw toGitError(args, error);
      }
    });
  }

  /**
   * For commands that read stdin, answer through their exit code, or print nothing (update-ref,
   * switch --quiet, show-ref --quiet): simple-git waits a fixed 50 ms after a silent command.
   */
  exec(args: string[], options: ExecOptions = {}): Promise<ExecResult> {
    return waitingForLocks(args, () => this.spawnOnce(args, options));
  }

  private spawnOnce(args: string[], options: ExecOptions): Promise<ExecResult> {
    const env = options.env ? { ...this.baseEnv, ...options.env } : this.baseEnv;
    const okCodes = options.okCodes ?? [0];
    return new Promise((resolve, reject) => {
      const child = spawn('git', args, { cwd: this.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      child.on('error', (error) => reject(toGitError(args, error)));
      child.on('close', (code, signal) => {
        const raw = Buffer.concat(out);
        const exitCode = code ?? -1;
        if (okCodes.includes(exitCode)) return resolve({ stdout: raw.toString(), raw, exitCode });
        const stderr = Buffer.concat(err).toString().trim();
        reject(toGitError(args, new Error(stderr || (signal ? `git was killed (${signal})` : `git exited with code ${exitCode}`))));
      });
      // A git that exits before reading all of stdin closes the pipe; its exit code tells what happened.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input ?? '');
    });
  }

  /** Like run, but answers undefined instead of throwing (for probes such as rev-parse --verify). */
  async tryRun(args: string[], options: RunOptions = {}): Promise<string | undefined> {
    try {
      return (await this.exec(args, options)).stdout;
    } catch (error) {
      if (error instanceof GitError && error.kind !== 'git-missing') return undefined;
      throw error;
    }
  }
}

/** Pauses between tries while another git process holds a lock: about 2 s in all, then give up. */
const LOCK_WAITS_MS = [20, 40, 80, 160, 250, 350, 450, 650];
/** Commands that may have done part of their work before they met the lock: never run twice. */
const NOT_RETRIED = new Set(['rebase', 'merge', 'cherry-pick', 'revert', 'am', 'pull']);

/**
 * Runs a git call again while it fails on a lock file another process holds (VS Code's git extension
 * refreshing, a commit in a terminal): git takes its locks before it changes anything, so the
 * failed call did nothing and trying again is safe.
 */
async function waitingForLocks<T>(args: string[], attempt: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      const lock = error instanceof GitError ? heldLock(error.detail) : undefined;
      if (!lock || NOT_RETRIED.has(args[0])) throw error;
      if (i === LOCK_WAITS_MS.length) {
        throw new GitError(
          'locked',
          `Another git process is using the repository: ${lock} exists (VS Code's git extension or a git command in a terminal may be running). Wait for it and try again; if no git is running, the lock is stale: delete ${lock}.`,
          (error as GitError).detail,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, LOCK_WAITS_MS[i]));
    }
  }
}

/** The lock file named by git's "Unable to create '….lock': File exists." */
function heldLock(stderr: string): string | undefined {
  return /Unable to create '([^']+\.lock)': File exists/.exec(stderr)?.[1];
}

function toGitError(args: string[], error: unknown): GitError {
  const text = error instanceof Error ? error.message : String(error);
  if (/ENOENT/.test(text) && !(error instanceof SimpleGitError)) {
    return new GitError('git-missing', 'git was not found. Install git and make sure it is on PATH.', text);
  }
  if (/not a git repository/i.test(text)) {
    return new GitError('not-a-repo', 'This folder is not inside a git repository.', text);
  }
  const firstLine = text.split('\n').find((line) => line.trim() !== '') ?? text;
  return new GitError('failed', `git ${args[0]} failed: ${firstLine.replace(/^(fatal|error): /, '')}`, text);
}
