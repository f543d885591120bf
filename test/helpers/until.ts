// Waiting in tests for something another process does (a check to start, a push to land).

/** Resolves once `condition` holds; fails naming `what` after `ms`. */
export async function until(what: string, condition: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
