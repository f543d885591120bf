// The only place that spawns git. Wraps simple-git so the rest of the code sees strings in,
// strings out, and GitError on failure.
import { simpleGit, type SimpleGit, GitError as SimpleGitError } from 'simple-git';
import { GitError } from './errors';

export interface RunOptions {
  /** Extra environment for this call only. */
  env?: Record<string, string>;
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
      },
    });
    // Reads must never take the index lock: a refresh racing a user's `git commit` would fail it.
    this.baseEnv = { ...(process.env as Record<string, string>), GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' };
  }

  /** Runs `git <args>` in the repository and returns its stdout. */
  async run(args: string[], options: RunOptions = {}): Promise<string> {
    const env = options.env ? { ...this.baseEnv, ...options.env } : this.baseEnv;
    try {
      return await this.git.env(env).raw(args);
    } catch (error) {
      throw toGitError(args, error);
    }
  }

  /** Like run, but answers undefined instead of throwing (for probes such as rev-parse --verify). */
  async tryRun(args: string[], options: RunOptions = {}): Promise<string | undefined> {
    try {
      return await this.run(args, options);
    } catch (error) {
      if (error instanceof GitError && error.kind !== 'git-missing') return undefined;
      throw error;
    }
  }
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
