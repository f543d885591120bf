// sync: fetches trunk, then moves every stack that is not on the new trunk tip onto it. Commits
// that landed upstream are dropped and their branches deleted: found by patch-id (landed as they
// are), by the patch-id of a whole bottom part of a stack (landed squashed into one commit), by
// replaying to nothing (their changes are all upstream already), or by being on trunk now (landed
// with a merge commit or fast-forwarded: the new tip may be a merge, and stacks move onto it).
// A stack checked out for review stays where it is (it is someone else's), unless --edit-review.
import { plural, shortHash } from '../format';
import type { GitRunner } from '../git/runner';
import type { Operation } from './context';
import { OperationError } from './errors';

import type { Pick } from '../oplog/records';
import type { RefUpdate } from '../oplog/records';
import { descendants, readRepoState, topoOrder, type RepoState } from './state';
import { isAncestor } from '../git/isAncestor';
import { leftForReview, leftForReviewNotice } from '../review/checkout';
import { REVIEWING_REF_PREFIX } from '../oplog/snapshot';

/** Upstream commits searched for landed patches, per stack base. */
const UPSTREAM_LIMIT = 500;

export interface SyncResult {
  trunk: string;
  before: string;
  after: string;
  landed: string[];
}

export function syncOperation(): Operation<SyncResult> {
  return {
    op: 'sync',
    args: {},
    command: 'sync',
    async prepare({ state }) {
      const trunk = state.trunk;
      const remote = trunk && /^refs\/remotes\/([^/]+)\/(.+)$/.exec(trunk.ref);
      if (!trunk || !remote) {
        throw new OperationError(
          'refused',
          trunk
            ? `Trunk ${trunk.name} is a local branch; sync needs a remote trunk such as origin/main (set stackline.trunk or --trunk).`
            : 'No trunk branch was found, so there is nothing to sync with. Set stackline.trunk or --trunk.',
        );
      }
      const [, remoteName, branch] = remote;
      return async (context) => {
        const { git } = context;
        await git.run(['fetch', '--quiet', remoteName, `+refs/heads/${branch}:${trunk.ref}`], {
          env: { GIT_TERMINAL_PROMPT: '0' },
        });
        const fresh = await readRepoState(git, context.repo, context.trunk);
        const tip = fresh.trunk!.hash;
        const left = leftForReview(fresh, context.editReview);
        const roots = topoOrder(
          fresh,
          [...fresh.parents.keys()].filter((hash) => {
            const base = fresh.parents.get(hash)![0];
            return base !== undefined && !fresh.parents.has(base) && base !== tip && !left.commits.has(hash);
          }),
        );
        const landed = await landedCommits(git, fresh, roots, tip);
        const merged = refsOnTrunkNow(state, fresh, branch, !context.editReview);
        const forward = await fastForwardLocalTrunk(git, state, fresh, branch, tip);
        const picks: Pick[] = [];
        for (const root of roots) {
          for (const hash of [root, ...descendants(fresh, [root])]) {
            const parent = hash === root ? { commit: tip } : { rewrittenFrom: fresh.parents.get(hash)![0] };
            picks.push(landed.has(hash) ? { old: hash, parent, drop: true } : { old: hash, parent, dropIfEmpty: true });
          }
        }
        const moved = trunk.hash === tip ? 'is up to date' : `${shortHash(trunk.hash)} → ${shortHash(tip)}`;
        return {
          plan: {
            seeds: new Map(),
            picks: dedupe(picks),
            deleteRefsOf: landed,
            deleteRefsOfDropped: true,
            extraRefs: [...merged.refs, ...forward],
          },
          summary: (_rewrites, dropped) => {
            const branches = merged.refs
              .filter((u) => u.ref.startsWith('refs/heads/'))
              .map((u) => u.ref.slice('refs/heads/'.length));
            const onTrunk =
              (merged.commits.size > 0
                ? ` ${plural(merged.commits.size, 'commit')} landed unchanged${branches.length > 0 ? `; deleted ${branches.join(', ')}` : ''}.`
                : '') +
              // Checked out in another worktree, it moves with that worktree or stays: its own notice says which.
              (forward.length > 0 && !state.worktrees.some((w) => w.branch === forward[0].ref)
                ? ` Local ${branch} fast-forwarded.`
                : '');
            if (picks.length === 0) return `${trunk.name} ${moved}; your stacks are on it already.${onTrunk}`;
            const gone =
              dropped.size > 0
                ? `; ${plural(dropped.size, 'commit')} had landed and ${dropped.size === 1 ? 'was' : 'were'} dropped`
                : '';
            return `${trunk.name} ${moved}. Moved ${plural(roots.length, 'stack')} onto it${gone}.${onTrunk}`;
          },
          notices: leftForReviewNotice(context.repo, left.pulls),
          result: { trunk: trunk.name, before: trunk.hash, after: tip, landed: [...landed, ...merged.commits] },
        };
      };
    },
  };
}

/**
 * The local branch named like trunk (main), moved up to the fetched tip when that is a fast-forward
 * and it is not checked out, so it does not lag behind its remote (as `gt sync` does). Undo moves it back.
 */
async function fastForwardLocalTrunk(
  git: GitRunner,
  before: RepoState,
  fresh: RepoState,
  branch: string,
  tip: string,
): Promise<RefUpdate[]> {
  const ref = `refs/heads/${branch}`;
  const local = fresh.refs[ref];
  if (!local || local === tip || before.head.ref === ref) return [];
  return (await isAncestor(git, { ancestor: local, descendant: tip })) ? [{ ref, old: local, new: tip }] : [];
}

/**
 * Drafts before the fetch that trunk now contains (landed with a merge commit, or fast-forwarded),
 * and the branches and visible refs on them, to delete. The local branch named like trunk stays, and
 * so do the refs of the stack under review while it is left alone (`keepReviewing`).
 */
function refsOnTrunkNow(
  before: RepoState,
  after: RepoState,
  trunkBranch: string,
  keepReviewing: boolean,
): { commits: Set<string>; refs: RefUpdate[] } {
  const commits = new Set([...before.parents.keys()].filter((hash) => !after.parents.has(hash)));
  const refs = Object.entries(before.refs)
    .filter(
      ([ref, hash]) =>
        commits.has(hash) &&
        ref !== `refs/heads/${trunkBranch}` &&
        !(keepReviewing && ref.startsWith(REVIEWING_REF_PREFIX)),
    )
    .map(([ref, hash]): RefUpdate => ({ ref, old: hash, new: undefined }));
  return { commits, refs };
}

/** Draft commits whose changes are upstream already, alone or as part of a squashed bottom of a stack. */
async function landedCommits(git: GitRunner, state: RepoState, roots: string[], tip: string): Promise<Set<string>> {
  const landed = new Set<string>();
  for (const root of roots) {
    const base = state.parents.get(root)![0];
    const upstream = new Set(
      (
        await patchIds(
          git,
          (
            await git.exec([
              'log',
              '-p',
              '--no-merges',
              `--max-count=${UPSTREAM_LIMIT}`,
              '--format=commit %H',
              `${base}..${tip}`,
              '--',
            ])
          ).stdout,
        )
      ).values(),
    );
    if (upstream.size === 0) continue;
    const stack = [root, ...descendants(state, [root])];
    const alone = await patchIds(
      git,
      (
        await git.exec(['diff-tree', '-p', '--stdin'], {
          input: stack.map((h) => `${h} ${state.parents.get(h)![0]}\n`).join(''),
        })
      ).stdout,
    );
    const prefix = await patchIds(
      git,
      (await git.exec(['diff-tree', '-p', '--stdin'], { input: stack.map((h) => `${h} ${base}\n`).join('') })).stdout,
    );
    for (const hash of stack) {
      if (upstream.has(alone.get(hash) ?? '')) landed.add(hash);
      if (upstream.has(prefix.get(hash) ?? '')) {
        for (let at: string | undefined = hash; at && state.parents.has(at); at = state.parents.get(at)![0])
          landed.add(at);
      }
    }
  }
  return landed;
}

/** Patch id → commit, from diffs headed by their commit's hash. */
async function patchIds(git: GitRunner, diffs: string): Promise<Map<string, string>> {
  if (diffs.trim() === '') return new Map();
  const out = (await git.exec(['patch-id', '--stable'], { input: diffs })).stdout;
  const byCommit = new Map<string, string>();
  for (const line of out.split('\n')) {
    const [id, commit] = line.split(' ');
    if (id && commit) byCommit.set(commit, id);
  }
  return byCommit;
}

function dedupe(picks: Pick[]): Pick[] {
  return [...new Map(picks.map((p) => [p.old, p])).values()];
}
