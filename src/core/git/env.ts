// What every git call gets on top of the user's own environment.

/**
 * Reads never take the index lock (a refresh racing a user's `git commit` would fail it), and git
 * speaks in the C locale, so the messages Stackline reads (lock files, missing revisions) match.
 */
export const GIT_CALL_ENV = { GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' } as const;
