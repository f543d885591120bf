// The stand-in's small web page: the PRs of every repository with their state, base, checks and
// reviews, plus buttons to approve a PR or set its checks (for the `npm start` demo); a PR's own
// page lists its reviews and review threads with their comments, and the map of its native stack.
import type { ReviewThread } from './reviews';
import type { Check, Pull } from './server';

export function renderPage(
  path: string,
  repos: { key: string; pulls: Pull[] }[],
  checksOf: (repo: string, sha: string) => Check[],
  threadsOf: (repo: string, number: number) => ReviewThread[],
  stackOf: (repo: string, number: number) => { number: number; pulls: number[] } | undefined = () => undefined,
): string | undefined {
  const pullRow = (pull: Pull) => pullLine(pull, checksOf, stackOf(pull.repo, pull.number));
  const detail = /^\/([^/]+\/[^/]+)\/pull\/(\d+)$/.exec(path);
  if (detail) {
    const pull = repos
      .find((r) => r.key.toLowerCase() === detail[1].toLowerCase())
      ?.pulls.find((p) => p.number === Number(detail[2]));
    return (
      pull &&
      layout(
        `#${pull.number} ${pull.title}`,
        `<p><a href="/">All pull requests</a></p>${pullRow(pull)}${stackMap(pull, stackOf(pull.repo, pull.number), repos)}<pre>${escape(pull.body ?? '')}</pre>${reviewsOf(pull)}${threadsOf(pull.repo, pull.number).map(threadBlock).join('')}`,
      )
    );
  }
  if (path !== '/') return undefined;
  const sections = repos.map(({ key, pulls }) => {
    const rows = [...pulls]
      .reverse()
      .map((p) => pullRow(p))
      .join('');
    return `<h2>${escape(key)}</h2>${rows || '<p>No pull requests yet. Submit a stack from Stackline.</p>'}`;
  });
  return layout('GitHub stand-in', sections.join(''));
}

/** GitHub's stack map on a PR page: the stack's PRs top first, this one marked. */
function stackMap(
  pull: Pull,
  stack: { number: number; pulls: number[] } | undefined,
  repos: { key: string; pulls: Pull[] }[],
): string {
  if (!stack) return '';
  const all = repos.find((r) => r.key.toLowerCase() === pull.repo.toLowerCase())?.pulls ?? [];
  const items = [...stack.pulls].reverse().map((n) => {
    const p = all.find((q) => q.number === n);
    const text = `#${n} ${escape(p?.title ?? '')}${p?.merged ? ' (merged)' : ''}`;
    return `<li>${n === pull.number ? `<b>${text}</b> ← this PR` : `<a href="/${pull.repo}/pull/${n}">${text}</a>`}</li>`;
  });
  return `<div class="stack"><h3>Stack ${stack.number}</h3><ol reversed>${items.join('')}</ol></div>`;
}

function pullLine(
  pull: Pull,
  checksOf: (repo: string, sha: string) => Check[],
  stack: { number: number; pulls: number[] } | undefined,
): string {
  const state = pull.merged ? 'merged' : pull.state === 'open' && pull.draft ? 'draft' : pull.state;
  const checks = checksOf(pull.repo, pull.head.sha);
  const checkText =
    checks.length === 0 ? 'no checks' : checks.map((c) => `${c.name}: ${c.conclusion ?? c.status}`).join(', ');
  const approved = pull.reviews.some((r) => r.state === 'APPROVED');
  const action = (what: string, label: string) =>
    `<form method="post" action="/_standin/${pull.repo}/${pull.number}/${what}"><button>${label}</button></form>`;
  const actions =
    pull.state === 'open'
      ? `${action('approve', 'Approve')}${action('checks-pass', 'Checks pass')}${action('checks-fail', 'Checks fail')}`
      : '';
  return `<div class="pr ${state}"><a href="/${pull.repo}/pull/${pull.number}"><b>#${pull.number}</b> ${escape(pull.title)}</a>
<span class="state">${state}</span>${stack ? ` <span class="stacked">stack ${stack.number} · ${stack.pulls.indexOf(pull.number) + 1}/${stack.pulls.length}</span>` : ''} <code>${escape(pull.base.ref)} ← ${escape(pull.head.ref)}</code> · ${escape(checkText)} · ${approved ? 'approved' : 'no approval'}${actions}</div>`;
}

function reviewsOf(pull: Pull): string {
  if (pull.reviews.length === 0) return '';
  const items = pull.reviews.map(
    (r) =>
      `<li>${escape(r.user)}: ${r.state.toLowerCase().replace('_', ' ')} at <code>${r.sha.slice(0, 7)}</code>${r.body ? ` — ${escape(r.body)}` : ''}</li>`,
  );
  return `<h3>Reviews</h3><ul>${items.join('')}</ul>`;
}

function threadBlock(thread: ReviewThread): string {
  const comments = thread.comments.map((c) => `<li><b>${escape(c.user)}</b>: <pre>${escape(c.body)}</pre></li>`);
  return `<div class="thread"><code>${escape(thread.path)}:${thread.line}</code> (${thread.side === 'LEFT' ? 'old' : 'new'} side)${thread.resolved ? ' · resolved' : ''}<ul>${comments.join('')}</ul></div>`;
}

function layout(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title><style>
body{font:14px system-ui,sans-serif;margin:2em;max-width:60em}.pr{border:1px solid #ccc;border-radius:6px;padding:.6em;margin:.4em 0}
.state{border-radius:1em;padding:0 .6em;background:#2da44e;color:#fff}.merged .state{background:#8250df}.closed .state{background:#cf222e}.draft .state{background:#6e7781}
form{display:inline;margin-left:.5em}pre{background:#f6f8fa;padding:1em;white-space:pre-wrap}.thread{border-left:3px solid #ccc;padding-left:.6em;margin:.6em 0}.stacked{border:1px solid #8c959f;border-radius:1em;padding:0 .6em}.stack{border:1px solid #ccc;border-radius:6px;padding:0 .8em;margin:.6em 0}</style></head><body><h1>${escape(title)}</h1>${body}</body></html>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
