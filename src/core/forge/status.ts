// PR status for the commits of a smartlog: which draft commit has which PR (from the local pull
// index, else one list call), and the batched status of those PRs. The Stacks tree and the graph's
// PR slot both read the map this returns, keyed by commit hash.
import type { RepoLocation } from '../git/repository';
import type { GitRunner } from '../git/runner';
import type { Smartlog } from '../smartlog/model';
import { readPullIndex, recordPulls } from './pullIndex';
import { pullOfBranch, type ForgeSession } from './session';
import { branchFor, readMessages, trunkBranchOf } from './submit';
import { nativeStackMarks, type LinePull, type NativeStackMark } from './nativeStackMarks';
import { remembered } from './nativeStacks';
import type { NativeStacksSetting } from './settings';
import type { PullStatus } from './types';

export type CommitPullStatus = PullStatus & {
  branch: string;
  /** The GitHub native stack the PR is in, where the repository has them. */
  nativeStack?: NativeStackMark;
};

export async function pullStatusesFor(
  git: GitRunner,
  location: RepoLocation,
  session: ForgeSession,
  smartlog: Smartlog,
  nativeStacks: NativeStacksSetting = 'auto',
): Promise<Map<string, CommitPullStatus>> {
  const result = new Map<string, CommitPullStatus>();
  const drafts = smartlog.commits.filter((c) => c.phase === 'draft');
  if (drafts.length === 0 || !smartlog.trunk) return result;
  const trunkBranch = trunkBranchOf(smartlog, session.remotes);
  const messages = await readMessages(
    git,
    drafts.map((c) => c.hash),
  );
  const branchOf = new Map(drafts.map((c) => [c.hash, branchFor(c, messages.get(c.hash) ?? '', trunkBranch)]));
  // Only commits that were ever submitted can have a PR: their branch exists on the push remote.
  const pushed = new Set(
    (await git.run(['for-each-ref', '--format=%(refname:lstrip=3)', `refs/remotes/${session.pushRemote}/`]))
      .split('\n')
      .filter(Boolean),
  );
  let index = readPullIndex(location.commonDir, session.forge.repo);
  const wanted = [...branchOf.values()].filter((b): b is string => !!b && pushed.has(b));
  if (wanted.some((b) => !index.has(b))) {
    const open = await session.forge.openPulls();
    const found = new Map(
      wanted.flatMap((b) => pullOfBranch(session, open, b) ?? []).map((p) => [p.headRef, p.number]),
    );
    // 0 = "no open PR": remembered so the next refresh does not look again (submit records the real one).
    recordPulls(
      location.commonDir,
      session.forge.repo,
      wanted.map((b) => [b, found.get(b) ?? index.get(b) ?? 0]),
    );
    index = readPullIndex(location.commonDir, session.forge.repo);
  }
  const byCommit = drafts.flatMap((c) => {
    const branch = branchOf.get(c.hash);
    const number = branch && pushed.has(branch) ? index.get(branch) : undefined;
    return number ? [{ commit: c.hash, branch: branch!, number }] : [];
  });
  const statuses = await session.forge.statuses(byCommit.map((e) => e.number));
  for (const entry of byCommit) {
    const status = statuses.get(entry.number);
    if (status) result.set(entry.commit, { ...status, branch: entry.branch });
  }
  // Native stacks only where submit keeps them: asked about once by submit, remembered per repository.
  if (nativeStacks !== 'off' && !session.pushOwner && remembered(location.commonDir, session.forge.repo)) {
    const marks = await nativeStackMarks(session, linePulls(smartlog, result));
    for (const status of result.values()) {
      const mark = marks.get(status.number);
      if (mark) status.nativeStack = mark;
    }
  }
  return result;
}

const isOpen = (status: CommitPullStatus | undefined) => status?.state === 'open' || status?.state === 'draft';

/** Each open PR with the open PR its commit sits on (the nearest draft below it that has one). */
function linePulls(smartlog: Smartlog, statuses: Map<string, CommitPullStatus>): LinePull[] {
  const byHash = new Map(smartlog.commits.map((c) => [c.hash, c]));
  const out: LinePull[] = [];
  for (const [hash, status] of statuses) {
    if (!isOpen(status)) continue;
    let below: number | undefined;
    for (
      let c = byHash.get(byHash.get(hash)?.parents[0] ?? '');
      c && c.phase === 'draft';
      c = byHash.get(c.parents[0])
    ) {
      const found = statuses.get(c.hash);
      if (isOpen(found)) {
        below = found!.number;
        break;
      }
    }
    out.push({ number: status.number, below });
  }
  return out;
}
