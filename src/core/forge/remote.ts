// Which GitHub repository a git remote points at, and which API serves it: github.com, a GitHub
// Enterprise Server host, or whatever the `stackline.github.apiUrl` setting says.

export interface RemoteRepo {
  /** Host name as written in the remote URL, e.g. github.com or github.example.com. */
  host: string;
  owner: string;
  name: string;
}

/**
 * Parses https://host/owner/name(.git), ssh://[user@]host[:port]/owner/name(.git), git://…,
 * and scp-like [user@]host:owner/name(.git). GHES may serve under a path prefix; owner and name are
 * the last two path segments. Answers undefined for local paths and anything else.
 */
export function parseRemoteUrl(url: string): RemoteRepo | undefined {
  const text = url.trim();
  let host: string;
  let path: string;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (scheme) {
    if (!['https', 'http', 'ssh', 'git', 'git+ssh', 'ssh+git'].includes(scheme[1].toLowerCase())) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(text.replace(/^(git\+ssh|ssh\+git):/i, 'ssh:'));
    } catch {
      return undefined;
    }
    host = parsed.hostname;
    path = decodeURIComponent(parsed.pathname);
  } else {
    // scp-like: no slash before the first colon.
    const scp = /^(?:[^@/]+@)?([^:/]+):(.+)$/.exec(text);
    if (!scp) return undefined;
    host = scp[1];
    path = scp[2];
  }
  const segments = path
    .replace(/\/+$/, '')
    .replace(/\.git$/i, '')
    .split('/')
    .filter(Boolean);
  if (!host || segments.length < 2) return undefined;
  const [owner, name] = segments.slice(-2);
  return { host: host.toLowerCase(), owner, name };
}

/** Other forges' hosts, where no GitHub API answers (self-hosted GitLab and Bitbucket by their usual names). */
const OTHER_FORGE_HOST =
  /^(?:gitlab\.com|bitbucket\.org|codeberg\.org|gitea\.com|gitee\.com|git\.sr\.ht|(?:ssh\.)?dev\.azure\.com|[^.]+\.visualstudio\.com|git\.code\.sf\.net|(?:gitlab|bitbucket)\..+)$/i;

export function isOtherForgeHost(host: string): boolean {
  return OTHER_FORGE_HOST.test(host);
}

/** Where a remote URL points, for messages: its host, or "a local path (…)". */
export function remoteWhere(url: string): string {
  const parsed = parseRemoteUrl(url);
  if (parsed) return parsed.host;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/([^/]*)/i.exec(url);
  if (scheme && scheme[1].toLowerCase() !== 'file') return scheme[2].replace(/^[^@]*@/, '').replace(/:\d+$/, '') || url;
  // scp-like host:path; a single letter before the colon is a Windows drive.
  const scp = !scheme && /^(?:[^@/]+@)?([^:/]{2,}):/.exec(url);
  return scp ? scp[1] : `a local path (${url})`;
}

/** The REST API base URL for a host: api.github.com for github.com, https://HOST/api/v3 for GHES. */
export function apiUrlFor(host: string, setting?: string): string {
  if (setting && setting.trim()) return setting.trim().replace(/\/+$/, '');
  const bare = host.toLowerCase().replace(/^www\./, '');
  if (bare === 'github.com' || bare === 'ssh.github.com') return 'https://api.github.com';
  return `https://${host}/api/v3`;
}

/**
 * GitHub's GraphQL endpoint for a REST API base URL: https://api.github.com/graphql for github.com
 * (and GHE.com's api.SUBDOMAIN.ghe.com), https://HOST/api/graphql for GHES's https://HOST/api/v3.
 */
export function graphqlUrlFor(apiUrl: string): string {
  const base = apiUrl.trim().replace(/\/+$/, '');
  return /\/api\/v3$/i.test(base) ? base.replace(/\/api\/v3$/i, '/api/graphql') : `${base}/graphql`;
}

/** True for github.com (where the built-in GitHub sign-in of VS Code applies). */
export function isGitHubDotCom(apiUrl: string): boolean {
  return /^https:\/\/api\.github\.com\/?$/i.test(apiUrl);
}
