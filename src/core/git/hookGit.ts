// The commit-msg hook's git call (reading core.commentChar), outside GitRunner because the hook runs
// on every commit: node:child_process is loaded only when the call is made (the launcher usually
// answers it before Node starts), and there is no version check, which would be one more git
// process per commit for a read that any git answers. The call is still reported to the call log.
import { reportGitCall } from './callLog';
import { GIT_CALL_ENV } from './env';

/** stdout of `git <args>` in `cwd`, or undefined when git fails or cannot be started. */
export function hookGitOutput(cwd: string, args: string[]): Promise<string | undefined> {
  const env = { ...process.env, ...GIT_CALL_ENV };
  // require, not import(): the hook's bundle runs compiled by the vm module, which has no import().
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { execFile } = require('node:child_process') as typeof import('node:child_process');
  const started = performance.now();
  return new Promise((resolve) =>
    execFile('git', args, { cwd, env }, (error, stdout) => {
      const exitCode = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      reportGitCall({
        args,
        cwd,
        ms: performance.now() - started,
        exitCode,
        ...(error?.signal ? { signal: error.signal } : {}),
      });
      resolve(error ? undefined : stdout);
    }),
  );
}
