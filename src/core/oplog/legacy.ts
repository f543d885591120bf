// Logs written before entries recorded `op` and `args` hold only the display text ("hide 3f2a… 9c1b…").
// This reads the operation's name, and the arguments later operations look up (the revisions a hide
// took away), back out of that text. Used only for entries without `op`; new entries are never parsed.
import type { OpArgs } from './records';

/** Navigation used to record its own verbs; it is one operation, goto. */
const NAVIGATION = new Set(['goto', 'prev', 'next', 'top', 'bottom']);

export function legacyOp(command: string): { op: string; args: OpArgs } {
  const [verb, ...words] = command.split(' ');
  // Submit and land wrote "submit: add Stackline-Id to 2 commits", "land: drop 3f2a…, …".
  const op = NAVIGATION.has(verb) ? 'goto' : verb.replace(/:$/, '');
  if (op === 'hide') return { op, args: { revs: words } };
  if (op === 'unhide') return { op, args: { rev: words[0] } };
  return { op, args: {} };
}
