// Runs one check's command line: in a shell, in its worktree, in a process group of its own so that
// stopping it (timeout, Cancel) stops everything it started, with stdout and stderr going straight
// into one output file in the order they were written.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';

export interface ShellRun {
  command: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Output (stdout and stderr together) is appended here. */
  outputFile: string;
  signal?: AbortSignal;
  /** Called with the process group's id once it started (to record it for leftover cleanup). */
  onStart?: (pid: number) => void;
}

export interface ShellOutcome {
  exitCode: number | null;
  /** The signal that ended it, when one did. */
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  cancelled: boolean;
  /** The shell could not be started at all. */
  spawnError?: string;
  durationMs: number;
}

/** After SIGTERM, how long a check may take to finish before it is killed. */
const GRACE_MS = 2000;

export function runShell(run: ShellRun): Promise<ShellOutcome> {
  const started = performance.now();
  const fd = openSync(run.outputFile, 'a');
  return new Promise((resolve) => {
    let timedOut = false;
    let cancelled = false;
    let settled = false;
    let grace: NodeJS.Timeout | undefined;
    const child = spawn(run.command, {
      shell: true,
      cwd: run.cwd,
      env: run.env,
      // A group of its own (Unix): killing -pid reaches the shell and everything it started.
      detached: process.platform !== 'win32',
      stdio: ['ignore', fd, fd],
      windowsHide: true,
    });
    const stop = () => {
      if (child.pid === undefined) return;
      killGroup(child.pid, 'SIGTERM');
      grace ??= setTimeout(() => killGroup(child.pid!, 'SIGKILL'), GRACE_MS);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, run.timeoutMs);
    const onAbort = () => {
      cancelled = true;
      stop();
    };
    run.signal?.addEventListener('abort', onAbort, { once: true });
    if (run.signal?.aborted) onAbort();
    const finish = (outcome: Omit<ShellOutcome, 'durationMs' | 'timedOut' | 'cancelled'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      run.signal?.removeEventListener('abort', onAbort);
      // Whatever the shell left behind in its group (a server a test started) goes with it.
      if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
      closeSync(fd);
      resolve({ ...outcome, timedOut, cancelled, durationMs: performance.now() - started });
    };
    if (child.pid !== undefined) run.onStart?.(child.pid);
    child.on('error', (error) => {
      writeSync(fd, `Could not start the check: ${error.message}\n`);
      finish({ exitCode: null, signal: null, spawnError: error.message });
    });
    child.on('exit', (code, signal) => finish({ exitCode: code, signal }));
  });
}

/** Stops a process group (Unix) or a process tree (Windows); one already gone is no error. */
export function killGroup(pid: number, signal: NodeJS.Signals): void {
  if (process.platform === 'win32') {
    spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
