// What a reviewer types to open a stack: a PR's web address (github.com or an Enterprise Server
// host, any path prefix), owner/name#N, #N or N.

export interface PullRef {
  number: number;
  /** Set when the text names the repository (a URL or owner/name#N). */
  owner?: string;
  name?: string;
  /** Host of a URL, lower-case. */
  host?: string;
}

export function parsePullRef(text: string): PullRef | undefined {
  const input = text.trim();
  const bare = /^#?(\d+)$/.exec(input);
  if (bare) return positive({ number: Number(bare[1]) });
  const short = /^([\w.-]+)\/([\w.-]+)#(\d+)$/.exec(input);
  if (short) return positive({ owner: short[1], name: short[2], number: Number(short[3]) });
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  // …/owner/name/pull/N, then perhaps /files, /commits/<sha> or a #fragment.
  const m = /\/([^/]+)\/([^/]+)\/pulls?\/(\d+)(?:\/|$)/.exec(url.pathname);
  if (!m) return undefined;
  return positive({
    owner: decodeURIComponent(m[1]),
    name: decodeURIComponent(m[2]),
    number: Number(m[3]),
    host: url.host.toLowerCase(),
  });
}

function positive(ref: PullRef): PullRef | undefined {
  return Number.isSafeInteger(ref.number) && ref.number > 0 ? ref : undefined;
}
