// The stand-in's small web page: the PRs of every repository with their state, base, checks and
// reviews, plus buttons to approve a PR or set its checks (for the `npm start` demo).
import type { Check, Pull } from './server';

export function renderPage(path: string, repos: { key: string; pulls: Pull[] }[], checksOf: (repo: string, sha: string) => Check[]): string | undefined {
  const detail = /^\/([^/]+\/[^/]+)\/pull\/(\d+)$/.exec(path);
  if (detail) {
    const pull = repos.find((r) => r.key.toLowerCase() === detail[1].toLowerCase())?.pulls.find((p) => p.number === Number(detail[2]));
    return pull && layout(`#${pull.number} ${pull.title}`, `<p><a href="/">All pull requests</a></p>${pullRow(pull, checksOf)}<pre>${escape(pull.body ?? '')}</pre>`);
  }
  if (path !== '/') return undefined;
  const sections = repos.map(({ key, pulls }) => {
    const rows = [...pulls].reverse().map((p) => pullRow(p, checksOf)).join('');
    return `<h2>${escape(key)}</h2>${rows || '<p>No pull requests yet. Submit a stack from Stackline.</p>'}`;
  });
  return layout('GitHub stand-in', sections.join(''));
}

function pullRow(pull: Pull, checksOf: (repo: string, sha: string) => Check[]): string {
  const state = pull.merged ? 'merged' : pull.state === 'open' && pull.draft ? 'draft' : pull.state;
  const checks = checksOf(pull.repo, pull.head.sha);
  const checkText = checks.length === 0 ? 'no checks' : checks.map((c) => `${c.name}: ${c.conclusion ?? c.status}`).join(', ');
  const approved = pull.reviews.some((r) => r.state === 'APPROVED');
  const action = (what: string, label: string) => `<form method="post" action="/_standin/${pull.repo}/${pull.number}/${what}"><button>${label}</button></form>`;
  const actions = pull.state === 'open' ? `${action('approve', 'Approve')}${action('checks-pass', 'Checks pass')}${action('checks-fail', 'Checks fail')}` : '';
  return `<div class="pr ${state}"><a href="/${pull.repo}/pull/${pull.number}"><b>#${pull.number}</b> ${escape(pull.title)}</a>
<span class="state">${state}</span> <code>${escape(pull.base.ref)} ← ${escape(pull.head.ref)}</code> · ${escape(checkText)} · ${approved ? 'approved' : 'no approval'}${actions}</div>`;
}

function layout(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title><style>
body{font:14px system-ui,sans-serif;margin:2em;max-width:60em}.pr{border:1px solid #ccc;border-radius:6px;padding:.6em;margin:.4em 0}
.state{border-radius:1em;padding:0 .6em;background:#2da44e;color:#fff}.merged .state{background:#8250df}.closed .state{background:#cf222e}.draft .state{background:#6e7781}
form{display:inline;margin-left:.5em}pre{background:#f6f8fa;padding:1em;white-space:pre-wrap}</style></head><body><h1>${escape(title)}</h1>${body}</body></html>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
