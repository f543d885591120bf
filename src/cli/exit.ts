// Ending the `stackline` process without cutting its output short. Writes to a pipe are
// asynchronous once the pipe's buffer (64 KiB on Linux) is full, so process.exit() right after
// writing loses the rest (`stackline log --json | jq` saw 64 KiB). And a reader that stops early
// (`| head -1`) closes the pipe: later writes fail with EPIPE, which is the reader's choice, not
// an error to print a stack trace for.

const streams = (): NodeJS.WriteStream[] => [process.stdout, process.stderr];
const closed = new Set<NodeJS.WriteStream>();

/** Once a reader has closed stdout or stderr, output to it is dropped quietly; the command still finishes. */
export function toleratePipeClosed(): void {
  for (const stream of streams()) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      // After EPIPE the stream is destroyed, and each later write reports that too.
      if (error.code !== 'EPIPE' && !closed.has(stream)) throw error;
      closed.add(stream);
    });
  }
}

/**
 * Exits with `code` once everything written to stdout and stderr has left the process. It still
 * exits rather than waiting for the event loop to empty: a finished command must not hang on a
 * leftover handle (an HTTP keep-alive socket, a rate limiter's timer).
 */
export function exitWhenWritten(code: number): void {
  process.exitCode = code;
  const open = streams().filter((stream) => !closed.has(stream) && !stream.destroyed);
  let pending = open.length;
  if (pending === 0) process.exit(code);
  // A write's callback runs once it and every write before it are done (or failed, e.g. EPIPE).
  for (const stream of open) {
    stream.write('', () => {
      if (--pending === 0) process.exit(code);
    });
  }
}
