// Every git process Stackline starts is reported here when it ends, with its time, so that after a
// slow refresh the log says which git call took it. The extension writes the lines to the Stackline
// output channel, the CLI to stderr with STACKLINE_DEBUG=1. Lines never hold environment values, and
// anything shaped like a credential is masked.
import { redactSecretShapes } from '../secretShapes';

export interface GitCallRecord {
  args: readonly string[];
  cwd: string;
  /** Spawn to exit, in milliseconds. */
  ms: number;
  /** null when git did not exit by itself (stopped, killed, or never started). */
  exitCode: number | null;
  /** Why Stackline stopped git, when it did. */
  stopped?: 'cancelled' | 'timeout';
  /** The signal that ended git when something else killed it (e.g. SIGKILL). */
  signal?: string;
}

export type GitCallLog = (call: GitCallRecord) => void;

const sinks = new Set<GitCallLog>();

/** Sends every git call from now on to `sink`; the returned function stops that. */
export function addGitCallLog(sink: GitCallLog): () => void {
  sinks.add(sink);
  return () => sinks.delete(sink);
}

export function reportGitCall(call: GitCallRecord): void {
  for (const sink of sinks) {
    try {
      sink(call);
    } catch {
      // A log that cannot write (a closed output channel, a closed stderr) must not fail git calls.
    }
  }
}

/** `git rev-list --count a..b (12 ms)`; a non-zero exit or a stop is named after the time. */
export function formatGitCall(call: GitCallRecord): string {
  const end = endOf(call);
  return `${describeGitArgs(call.args)} (${Math.round(call.ms)} ms${end ? `, ${end}` : ''})`;
}

function endOf(call: GitCallRecord): string | undefined {
  if (call.stopped === 'cancelled') return 'cancelled';
  if (call.stopped === 'timeout') return 'timed out';
  if (call.signal) return `killed by ${call.signal}`;
  if (call.exitCode === null) return 'did not start';
  return call.exitCode === 0 ? undefined : `exit ${call.exitCode}`;
}

/** Arguments shown before the rest are counted instead (a log of 500 branch tips is one line). */
const SHOWN_ARGS = 12;
/** Characters of one argument shown (a commit message passed with -m, a long --format). */
const SHOWN_CHARS = 80;

/** `git <args>` for people: shortened (hashes to 12 characters), quoted where needed, credentials masked. */
export function describeGitArgs(args: readonly string[]): string {
  const shown = args.slice(0, SHOWN_ARGS).map(describeArg);
  const rest = args.length - shown.length;
  return ['git', ...shown, ...(rest > 0 ? [`… (${rest} more)`] : [])].join(' ');
}

function describeArg(arg: string): string {
  // Full object names shortened as git abbreviates them: a range of two stays readable.
  const text = redactSecretShapes(arg).replace(/\b[0-9a-f]{40}(?:[0-9a-f]{24})?\b/g, (hash) => hash.slice(0, 12));
  const cut = text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS - 1)}…` : text;
  return /^[\w@%+=:,./^~{}*-]+$/.test(cut) ? cut : `'${cut.replace(/\n/g, '\\n').replace(/'/g, "'\\''")}'`;
}
