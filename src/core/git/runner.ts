// The one way Stackline runs git (the commit-msg hook's single config read aside, see hookGit.ts):
// strings or bytes in, stdout out, GitError on failure. Each process is reported to the call log
// with its time; a call can be cancelled or given a timeout; the git on PATH is checked once to be
// new enough; a call that meets another git process's lock file waits and tries again (about 2 s).
//
// git is spawned directly rather than through simple-git. Measured here (same run, interleaved,
// git 2.39, simple-git 3.36 configured with completion { onClose: true, onExit: 0 }, abort and
// timeout): update-ref and show-ref --quiet took 4 ms spawned and 55 ms through simple-git (13×),
// because its completion plugin waits a fixed 50 ms after any process that printed nothing, whatever
// the completion options say; rev-parse HEAD and log -50 cost 7-20% more. simple-git also has no
// way to write stdin (update-ref --stdin, cat-file --batch, merge-tree --stdin), takes exit codes
// and abort signals per instance rather than per call, and its timeout plugin is a no-output timer,
// not a limit on the call.
import { spawn } from 'node:child_process';
import { describeGitArgs, reportGitCall, type GitCallRecord } from './callLog';
import { GIT_CALL_ENV } from './env';
import { GitError } from './errors';
import { gitTooOld, isSupported, parseGitVersion } from './version';

export interface GitCallOptions {
  /** Extra environment for this call only. */
  env?: Record<string, string>;
  /** Written to git's stdin (e.g. `update-ref --stdin`, `cat-file --batch`). */
  input?: string | Buffer;
  /** Exit codes that answer rather than fail (e.g. 1 for a conflicted `merge-tree`). Default [0]. */
  okCodes?: number[];
  /** Stops git (and rejects with kind 'cancelled') when it fires. */
  signal?: AbortSignal;
  /** Stops git (and rejects with kind 'timeout') when one try runs longer than this. */
  timeoutMs?: number;
}

export interface GitResult {
  stdout: string;
  /** stdout as bytes, for output that must round-trip exactly (raw objects). */
  raw: Buffer;
  exitCode: number;
}

/** As many git processes as one runner starts at once; more calls wait for a place. */
const MAX_PROCESSES = 6;
/** After SIGTERM (which lets git remove its lock files), how long git gets before SIGKILL. */
const KILL_GRACE_MS = 2000;

export class GitRunner {
  private readonly baseEnv: Record<string, string>;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly cwd: string) {
    // The environment is the user's own (their editor, askpass, ssh and config), passed through so git
    // behaves as in their terminal.
    this.baseEnv = { ...(process.env as Record<string, string>), ...GIT_CALL_ENV };
  }

  /** Runs `git <args>` in the repository and returns its stdout. */
  async run(args: string[], options: GitCallOptions = {}): Promise<string> {
    return (await this.exec(args, options)).stdout;
  }

  /** Like run, with stdout as bytes too and the exit code (for okCodes). */
  async exec(args: string[], options: GitCallOptions = {}): Promise<GitResult> {
    if (options.signal?.aborted) throw stoppedError('cancelled', args);
    const env = options.env ? { ...this.baseEnv, ...options.env } : this.baseEnv;
    await this.requireSupportedGit(env);
    return waitingForLocks(args, options.signal, () => this.withPlace(() => this.spawnOnce(args, env, options)));
  }

  /**
   * Like run, but answers undefined when git fails (probes such as rev-parse --verify). A missing or
   * too old git, a cancelled or timed-out call still throw: they are no answer.
   */
  async tryRun(args: string[], options: GitCallOptions = {}): Promise<string | undefined> {
    try {
      return await this.run(args, options);
    } catch (error) {
      if (error instanceof GitError && !NOT_AN_ANSWER.has(error.kind)) return undefined;
      throw error;
    }
  }

  private requireSupportedGit(env: Record<string, string>): Promise<void> {
    // The git that runs is the first on this call's PATH: a different PATH may find another git.
    const key = env.PATH ?? '';
    let check = versionChecks.get(key);
    if (!check) {
      check = this.spawnOnce(['--version'], env, {}).then(({ stdout }) => {
        const version = parseGitVersion(stdout);
        // Output that does not parse (a wrapper script, a vendor build) is let through: git itself will say.
        if (version && !isSupported(version)) throw gitTooOld(version);
      });
      // A failed check is asked again next time: git may have been installed or updated meanwhile.
      check.catch(() => versionChecks.delete(key));
      versionChecks.set(key, check);
    }
    return check;
  }

  private async withPlace<T>(call: () => Promise<T>): Promise<T> {
    if (this.running >= MAX_PROCESSES) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await call();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private spawnOnce(args: string[], env: Record<string, string>, options: GitCallOptions): Promise<GitResult> {
    const { signal, timeoutMs } = options;
    if (signal?.aborted) return Promise.reject(stoppedError('cancelled', args));
    const okCodes = options.okCodes ?? [0];
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const child = spawn('git', args, { cwd: this.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let stopped: GitCallRecord['stopped'];
      let settled = false;
      const finish = (exitCode: number | null, outcome: () => void, signalName?: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const ms = performance.now() - started;
        reportGitCall({
          args,
          cwd: this.cwd,
          ms,
          exitCode,
          ...(stopped ? { stopped } : signalName ? { signal: signalName } : {}),
        });
        outcome();
      };
      const stop = (why: 'cancelled' | 'timeout') => {
        // Once git has exited by itself, its own outcome stands.
        if (settled || stopped || child.exitCode !== null || child.signalCode !== null) return;
        stopped = why;
        child.kill('SIGTERM');
        setTimeout(
          () => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'),
          KILL_GRACE_MS,
        ).unref();
      };
      const onAbort = () => stop('cancelled');
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => stop('timeout'), timeoutMs);
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      child.on('error', (error) => finish(null, () => reject(toGitError(args, error))));
      // A stopped git is done when it exits, even if a process it started (a hook) still holds its output open.
      child.on('exit', () => {
        if (!stopped) return;
        child.stdout.destroy();
        child.stderr.destroy();
        finish(null, () => reject(stoppedError(stopped!, args, timeoutMs)));
      });
      child.on('close', (code, killedBy) => {
        const raw = Buffer.concat(out);
        const exitCode = code ?? -1;
        if (okCodes.includes(exitCode))
          return finish(exitCode, () => resolve({ stdout: raw.toString(), raw, exitCode }));
        const stderr = Buffer.concat(err).toString().trim();
        const text = stderr || (killedBy ? `git was killed (${killedBy})` : `git exited with code ${exitCode}`);
        finish(code, () => reject(toGitError(args, new Error(text))), killedBy ?? undefined);
      });
      // A git that exits before reading all of stdin closes the pipe; its exit code tells what happened.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input ?? '');
    });
  }
}

/** One version check per PATH for the whole process. */
const versionChecks = new Map<string, Promise<void>>();

/** Failures that say nothing about the question a probe asked. */
const NOT_AN_ANSWER = new Set<GitError['kind']>(['git-missing', 'git-too-old', 'cancelled', 'timeout']);

/** Pauses between tries while another git process holds a lock: about 2 s in all, then give up. */
const LOCK_WAITS_MS = [20, 40, 80, 160, 250, 350, 450, 650];
/** Commands that may have done part of their work before they met the lock: never run twice. */
const NOT_RETRIED = new Set(['rebase', 'merge', 'cherry-pick', 'revert', 'am', 'pull']);

/**
 * Runs a git call again while it fails on a lock file another process holds (VS Code's git extension
 * refreshing, a commit in a terminal): git takes its locks before it changes anything, so the
 * failed call did nothing and trying again is safe.
 */
async function waitingForLocks<T>(
  args: string[],
  signal: AbortSignal | undefined,
  attempt: () => Promise<T>,
): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      if (signal?.aborted) throw stoppedError('cancelled', args);
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

function stoppedError(why: 'cancelled' | 'timeout', args: string[], timeoutMs?: number): GitError {
  const command = describeGitArgs(args);
  return why === 'cancelled'
    ? new GitError('cancelled', `${command} was cancelled.`)
    : new GitError('timeout', `${command} took longer than ${formatMs(timeoutMs ?? 0)} and was stopped.`);
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

function toGitError(args: string[], error: unknown): GitError {
  const text = error instanceof Error ? error.message : String(error);
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
    return new GitError('git-missing', 'git was not found. Install git and make sure it is on PATH.', text);
  }
  if (/not a git repository/i.test(text)) {
    return new GitError('not-a-repo', 'This folder is not inside a git repository.', text);
  }
  const firstLine = text.split('\n').find((line) => line.trim() !== '') ?? text;
  return new GitError('failed', `git ${args[0]} failed: ${firstLine.replace(/^(fatal|error): /, '')}`, text);
}
