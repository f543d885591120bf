// The stable JSON shape of `stackline log --json`.
import type { Smartlog } from './model';

export function smartlogJson(smartlog: Smartlog) {
  return {
    root: smartlog.root,
    trunk: smartlog.trunk ?? null,
    head: smartlog.head,
    commits: smartlog.commits.map((c) => ({
      hash: c.hash,
      parents: c.parents,
      title: c.title,
      author: c.author,
      authorEmail: c.authorEmail,
      /** Author date: the commit's age. */
      date: new Date(c.date * 1000).toISOString(),
      committerDate: new Date(c.committerDate * 1000).toISOString(),
      branches: c.branches,
      phase: c.phase,
      isHead: c.isHead,
      stack: c.stackId ?? null,
      trunkBelow: c.trunkBelow ?? null,
      outdatedBy: c.outdatedBy ?? null,
      needsRestack: c.needsRestack ?? false,
      review: c.review ?? null,
    })),
    stacks: smartlog.stacks,
    uncommitted: smartlog.uncommitted,
    state: smartlog.state,
    warnings: smartlog.warnings,
  };
}
