// A submit plan for people (`stackline submit --dry-run`): one line per write, in the order
// applySubmit makes them, and a JSON form with the same steps for scripts.
import { shortHash } from '../format';
import type { PlannedEntry, PullRef, SubmitPlan } from './submitPlan';
import { plannedWrites } from './submitPlan';

export function describeSubmitPlan(plan: SubmitPlan): string {
  const lines = [`Submit plan for ${plan.repo} (push to ${plan.pushRemote}, trunk ${plan.trunkBranch}):`];
  const pr = (branch: string) => {
    const number = plan.pulls.find((p) => p.branch === branch)?.number;
    return number ? `#${number}` : `the new PR of ${branch}`;
  };
  if (plannedWrites(plan) === 0) lines.push('  Nothing to do: GitHub already has this stack.');
  for (const t of plan.trailers)
    lines.push(`  add trailer   Stackline-Id: ${t.id} to ${shortHash(t.commit)} ${t.title} (new hash)`);
  for (const p of plan.pushes) {
    const to = p.rewritten ? `${shortHash(p.commit)} with its new hash` : shortHash(p.commit);
    lines.push(`  push          ${p.branch}: ${p.old ? shortHash(p.old) : '(new)'} → ${to} (lease ${p.ref}:${p.old})`);
  }
  const refs = (pulls: PullRef[]) => pulls.map((p) => (p.number ? `#${p.number}` : pr(p.branch))).join(', ');
  for (const step of plan.native)
    if (step.op === 'unstack')
      lines.push(`  unstack       native stack ${step.stack}: ${step.pulls.map((n) => `#${n}`).join(', ')}`);
  for (const c of plan.creates)
    lines.push(`  open PR       ${c.branch} → ${c.base}${c.draft ? ' (draft)' : ''}: ${c.title}`);
  for (const u of plan.updates) {
    const what = [
      u.retarget && `base ${u.retarget.from} → ${u.retarget.to}`,
      u.stackListInto !== undefined && 'stack list',
    ].filter(Boolean);
    lines.push(`  update        ${pr(u.branch)}: ${what.join(', ')}`);
  }
  for (const step of plan.native) {
    if (step.op === 'create') lines.push(`  native stack  create: ${refs(step.pulls)}`);
    if (step.op === 'add') lines.push(`  native stack  ${step.stack}, add on top: ${refs(step.pulls)}`);
  }
  for (const r of plan.reviewers) lines.push(`  reviewers     ${pr(r.branch)}: ${r.logins.join(', ')}`);
  for (const l of plan.labels) lines.push(`  labels        ${pr(l.branch)}: ${l.logins.join(', ')}`);
  if (plan.updates.some((u) => u.stackListInto !== undefined))
    lines.push(
      plan.listInBody
        ? `  stack list    ${plan.stackList.map(entryText).join(', ')}`
        : '  stack list    left out of the bodies (GitHub shows the native stack)',
    );
  for (const d of plan.dropped) lines.push(`  left open     #${d.number} (${d.headRef}) is no longer in the stack`);
  return lines.join('\n');
}

/** The plan as plain JSON (a dry run's `--json`). */
export function submitPlanJson(plan: SubmitPlan): unknown {
  const { dropped, ...rest } = plan;
  return {
    ...rest,
    writes: plannedWrites(plan),
    dropped: dropped.map((p) => ({ number: p.number, branch: p.headRef })),
  };
}

function entryText(entry: PlannedEntry): string {
  const name = 'number' in entry ? `#${entry.number}` : `(new: ${entry.branch})`;
  return entry.merged ? `${name} merged` : name;
}
