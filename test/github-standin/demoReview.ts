// A teammate's stack for the `npm start` demo to review: alice pushes three commits to octo/demo
// and opens them as three chained PRs (with Stackline's stack list in their bodies), grace has left
// a thread on the middle one, and CI has reported on each. Made through the stand-in's REST API.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { renderStackSection, replaceStackSection } from '../../src/core/forge/stackBody';
import type { GitHubStandin } from './server';

export const TEAMMATE = 'alice';
export const TEAMMATE_TOKEN = 'ghp_DemoTeammateAlice0123456789abcdefAB';

const COMMITS: { branch: string; title: string; files: Record<string, string> }[] = [
  {
    branch: 'alice/search-index',
    title: 'feat(search): an index of products by word',
    files: {
      'services/search/index.ts':
        'export type Index = Map<string, Set<string>>;\n\nexport function indexOf(products: { id: string; name: string }[]): Index {\n  const index: Index = new Map();\n  for (const p of products)\n    for (const word of p.name.toLowerCase().split(/\\s+/)) index.set(word, (index.get(word) ?? new Set()).add(p.id));\n  return index;\n}\n',
    },
  },
  {
    branch: 'alice/search-query',
    title: 'feat(search): answer a query from the index',
    files: {
      'services/search/query.ts':
        "import type { Index } from './index';\n\nexport function search(index: Index, query: string): string[] {\n  const words = query.toLowerCase().split(' ');\n  const hits = words.map((w) => index.get(w) ?? new Set<string>());\n  return [...hits[0]].filter((id) => hits.every((h) => h.has(id)));\n}\n",
    },
  },
  {
    branch: 'alice/search-endpoint',
    title: 'feat(api): GET /search',
    files: {
      'services/search/endpoint.ts':
        "import { search } from './query';\nimport type { Index } from './index';\n\nexport function handleSearch(index: Index, url: URL): { status: number; body: string[] } {\n  const q = url.searchParams.get('q') ?? '';\n  return { status: 200, body: q ? search(index, q) : [] };\n}\n",
    },
  },
];

/** Pushes alice's commits to the bare origin and opens her PRs; their numbers, bottom first. */
export async function seedTeammateStack(standin: GitHubStandin, bareDir: string): Promise<number[]> {
  const work = mkdtempSync(join(tmpdir(), 'stackline-demo-alice-'));
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Alice Teammate',
    GIT_AUTHOR_EMAIL: 'alice@example.com',
    GIT_COMMITTER_NAME: 'Alice Teammate',
    GIT_COMMITTER_EMAIL: 'alice@example.com',
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: work, env, stdio: 'pipe', encoding: 'utf8' });
  try {
    execFileSync('git', ['clone', '-q', bareDir, work], { stdio: 'pipe' });
    for (const commit of COMMITS) {
      for (const [path, text] of Object.entries(commit.files)) {
        mkdirSync(dirname(join(work, path)), { recursive: true });
        writeFileSync(join(work, path), text);
      }
      git('add', '-A');
      git('commit', '-q', '-m', commit.title);
      git('push', '-q', 'origin', `HEAD:refs/heads/${commit.branch}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const api = async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${standin.apiUrl}/repos/octo/demo${path}`, {
      method,
      headers: { authorization: `token ${TEAMMATE_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { number: number; head: { sha: string } };
  };
  const pulls = [];
  for (const [i, commit] of COMMITS.entries()) {
    const base = i === 0 ? 'main' : COMMITS[i - 1].branch;
    pulls.push(await api('POST', '/pulls', { head: commit.branch, base, title: commit.title, body: '' }));
  }
  const entries = [...pulls]
    .reverse()
    .map((p, i) => ({ number: p.number, title: COMMITS[COMMITS.length - 1 - i].title, merged: false }));
  for (const pull of pulls)
    await api('PATCH', `/pulls/${pull.number}`, {
      body: replaceStackSection('Part of the search work.', renderStackSection(entries, pull.number, false)),
    });
  for (const pull of pulls)
    standin.setChecks('octo/demo', pull.head.sha, [
      {
        name: 'ci / test',
        status: 'completed',
        conclusion: 'success',
        detailsUrl: `${standin.url}/octo/demo/pull/${pull.number}`,
      },
    ]);
  standin.addReviewThread('octo/demo', pulls[1].number, {
    path: 'services/search/query.ts',
    line: 4,
    user: 'grace',
    body: "Splitting on ' ' keeps empty words for double spaces. Split on /\\s+/ as the index does?\n\n```suggestion\n  const words = query.toLowerCase().split(/\\s+/);\n```",
  });
  return pulls.map((p) => p.number);
}
