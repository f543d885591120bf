// node:child_process for @commitlint/rules in the hook's bundle (scripts/inlinedBundle.mjs points its
// import here). The trailer-exists rule imports spawnSync at the top, so loading the rules would load
// child_process and the stream code it pulls in, a good part of the hook's start-up, for a rule few
// configs use. Here it loads when the rule first runs, and then behaves as spawnSync itself.
import type * as ChildProcess from 'node:child_process';

export function spawnSync(...args: unknown[]): unknown {
  const real = (require('node:child_process') as typeof ChildProcess).spawnSync as (...realArgs: unknown[]) => unknown;
  return real(...args);
}
