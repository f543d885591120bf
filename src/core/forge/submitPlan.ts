// What a submit would do, worked out from what was read (the local line, the push remote's refs, the
// open PRs) without touching anything: the plan `stackline submit --dry-run` prints and
// applySubmit carries out step by step. Pure: the same reading gives the same plan.
import {
  parseStackSection,
  removeStackSection,
  renderStackSection,
  replaceStackSection,
  type StackEntry,
} from './stackBody';
import type { StackListSetting } from './settings';
import { generatedBranch, newStackId, stackIdOf, withoutStackId, withStackId } from './stackId';
import type { NativeStackReading } from './nativeStacks';
import type { CreatePull, PullRequest } from './types';

/** One commit of the line to submit, bottom first. */
export interface LineCommit {
  hash: string;
  title: string;
  message: string;
  /** The commit's own local branch (not trunk's name), which it is submitted on. */
  ownBranch?: string;
}

/** Everything submit reads before it decides anything. */
export interface SubmitReading {
  /** owner/name of the repository PRs are opened against. */
  repo: string;
  /** The remote branches are pushed to. */
  pushRemote: string;
  /** Set when pushing to a fork: heads are `pushOwner:branch` and every PR targets trunk. */
  pushOwner?: string;
  /** Trunk as the PR repository names it (the base of the bottom PR). */
  trunkBranch: string;
  line: LineCommit[];
  /** Branch → commit on the push remote, as last fetched from or pushed to it. */
  tracking: Map<string, string>;
  /** Every open PR of the repository. */
  open: PullRequest[];
  /** Branches of every draft commit of the smartlog (any line): their PRs are not dropped. */
  liveBranches: Set<string>;
  /** The line's GitHub native stack; unset when submit keeps none (off, unavailable, a fork, a forked stack). */
  native?: NativeStackReading;
}

export interface SubmitOptions {
  draft?: boolean;
  reviewers?: string[];
  labels?: string[];
  /** PRs of this stack that were just merged: listed, ticked, in every stack section. */
  landed?: StackEntry[];
  /** Whether PR bodies list the stack also where a native stack shows it (default always). */
  stackListInBody?: StackListSetting;
}

/** A Stackline-Id trailer to add; the commit and every commit above it get new hashes. */
export interface TrailerStep {
  commit: string;
  title: string;
  id: string;
  message: string;
}

/** One ref of the atomic push, leased on what the remote was last seen to have ('' = must not exist). */
export interface PushStep {
  branch: string;
  ref: string;
  /** What the remote has now, as far as Stackline knows; also the lease's expected value. */
  old: string;
  /** The commit to push; its hash before the trailer rewrite when `rewritten`. */
  commit: string;
  /** The commit gets a new hash from a trailer step first (its own or one below it). */
  rewritten: boolean;
}

/** A PR to open, as sent to GitHub, for the commit and branch it is for. */
export interface CreateStep extends CreatePull {
  branch: string;
  commit: string;
}

/** One PATCH of a PR: a new base, and/or the stack list in its body rewritten. */
export interface UpdateStep {
  branch: string;
  /** Unset for a PR this plan creates. */
  number?: number;
  retarget?: { from: string; to: string };
  /** The body the stack list goes into (the PR's body now, or the one it is created with). */
  stackListInto?: string;
}

/** A PR of the line: its number, or its branch when the plan creates it. */
export interface PullRef {
  branch: string;
  number?: number;
}

/** One change to the line's native stack: take its unmerged PRs out, create one, or append on top. */
export type NativeStep =
  | { op: 'unstack'; stack: number; pulls: number[] }
  | { op: 'create'; pulls: PullRef[] }
  | { op: 'add'; stack: number; pulls: PullRef[] };

export interface PullExtras {
  branch: string;
  number?: number;
  logins: string[];
}

/** Where one commit of the line ends up. */
export interface PlannedPull {
  commit: string;
  title: string;
  branch: string;
  base: string;
  /** The existing PR; unset when the plan creates one. */
  number?: number;
  url?: string;
}

export interface SubmitPlan {
  repo: string;
  pushRemote: string;
  trunkBranch: string;
  fork: boolean;
  pulls: PlannedPull[];
  trailers: TrailerStep[];
  pushes: PushStep[];
  creates: CreateStep[];
  /** Bottom to top; submit deletes no branch, so no PR loses its base while others are retargeted. */
  updates: UpdateStep[];
  reviewers: PullExtras[];
  labels: PullExtras[];
  /** Native stack changes: an unstack comes before the PR updates, a create or add after them. */
  native: NativeStep[];
  /** The stack list every PR gets, top first: new PRs by branch until they have a number. */
  stackList: PlannedEntry[];
  /** False when the native stack shows the order and the setting leaves the list out of the bodies. */
  listInBody: boolean;
  /** Open PRs of this stack whose commit is no longer a draft anywhere: left open, for the author to close. */
  dropped: PullRequest[];
}

export type PlannedEntry = StackEntry | { branch: string; title: string; merged: false };

/** How many writes a plan makes (to the repository, the remote or GitHub); 0: GitHub already has the stack. */
export function plannedWrites(plan: SubmitPlan): number {
  return (
    plan.trailers.length +
    (plan.pushes.length > 0 ? 1 : 0) +
    plan.creates.length +
    plan.updates.length +
    plan.reviewers.length +
    plan.labels.length +
    plan.native.length
  );
}

export function planSubmit(reading: SubmitReading, options: SubmitOptions = {}): SubmitPlan {
  const fork = reading.pushOwner !== undefined;
  const headOwner = (reading.pushOwner ?? reading.repo.split('/')[0]).toLowerCase();
  const prOf = (branch: string) =>
    reading.open.find((p) => p.headRef === branch && p.headOwner.toLowerCase() === headOwner);

  const trailers: TrailerStep[] = [];
  let rewritten = false;
  const placed = reading.line.map((commit) => {
    const id = stackIdOf(commit.message);
    let branch = commit.ownBranch ?? (id && generatedBranch(id));
    if (!branch) {
      const added = newStackId(commit.title, commit.hash);
      trailers.push({
        commit: commit.hash,
        title: commit.title,
        id: added,
        message: withStackId(commit.message, added),
      });
      branch = generatedBranch(added);
      rewritten = true;
    }
    return { commit, branch, rewritten, pull: prOf(branch) };
  });

  const pushes: PushStep[] = placed.flatMap(({ commit, branch, rewritten, pull }) => {
    const old = reading.tracking.get(branch) ?? pull?.headSha ?? '';
    return rewritten || old !== commit.hash
      ? [{ branch, ref: `refs/heads/${branch}`, old, commit: commit.hash, rewritten }]
      : [];
  });

  const pulls: PlannedPull[] = placed.map(({ commit, branch, pull }, i) => ({
    commit: commit.hash,
    title: commit.title,
    branch,
    base: fork || i === 0 ? reading.trunkBranch : placed[i - 1].branch,
    number: pull?.number,
    url: pull?.url,
  }));

  const creates: CreateStep[] = placed.flatMap(({ commit, branch, pull }, i) =>
    pull
      ? []
      : [
          {
            branch,
            commit: commit.hash,
            head: branch,
            headOwner: reading.pushOwner,
            base: pulls[i].base,
            title: commit.title,
            body: bodyOf(trailers.find((t) => t.commit === commit.hash)?.message ?? commit.message),
            draft: !!options.draft,
          },
        ],
  );

  const existing = placed.flatMap((p) => (p.pull ? [p.pull] : []));
  const current = new Set(existing.map((p) => p.number));
  const stackList: PlannedEntry[] = [...placed]
    .reverse()
    .map(({ commit, branch, pull }): PlannedEntry =>
      pull ? { number: pull.number, title: pull.title, merged: false } : { branch, title: commit.title, merged: false },
    )
    .concat(mergedEntries(options.landed ?? [], existing, current));

  const listInBody = !(options.stackListInBody === 'withoutNativeStack' && reading.native && placed.length >= 2);
  const updates: UpdateStep[] = placed.flatMap(({ branch, pull }, i): UpdateStep[] => {
    if (!pull) return listInBody ? [{ branch, stackListInto: creates.find((c) => c.branch === branch)!.body }] : [];
    const step: UpdateStep = { branch, number: pull.number };
    if (pull.baseRef !== pulls[i].base) step.retarget = { from: pull.baseRef, to: pulls[i].base };
    // With a PR still to create, every list gains its number; else only a list that differs is rewritten.
    if (
      (listInBody && creates.length > 0) ||
      normalize(stackBody(pull.body, stackList as StackEntry[], pull.number, fork, listInBody)) !== normalize(pull.body)
    )
      step.stackListInto = pull.body;
    return step.retarget || step.stackListInto !== undefined ? [step] : [];
  });

  const extras = (wanted: string[] | undefined, has: (pull: PullRequest) => string[]): PullExtras[] =>
    placed.flatMap(({ branch, pull }) => {
      const logins = (wanted ?? []).filter((w) => !pull || !has(pull).includes(w));
      return logins.length > 0 ? [{ branch, number: pull?.number, logins }] : [];
    });

  const dropped = reading.open.filter(
    (p) =>
      !reading.liveBranches.has(p.headRef) &&
      p.headOwner.toLowerCase() === headOwner &&
      parseStackSection(p.body).some((e) => current.has(e.number)),
  );

  return {
    repo: reading.repo,
    pushRemote: reading.pushRemote,
    trunkBranch: reading.trunkBranch,
    fork,
    pulls,
    trailers,
    pushes,
    creates,
    updates,
    reviewers: extras(options.reviewers, (p) => p.requestedReviewers),
    labels: extras(options.labels, (p) => p.labels),
    native: reading.native ? nativeSteps(reading.native, pulls) : [],
    stackList,
    listInBody,
    dropped,
  };
}

/**
 * Keeps one native stack equal to the line, bottom to top: create it; append what was added on top;
 * unstack and create again when the order changed below the top; nothing when it matches. A line
 * of one PR has none.
 */
function nativeSteps(native: NativeStackReading, pulls: PlannedPull[]): NativeStep[] {
  const wanted: PullRef[] = pulls.map((p) => ({ branch: p.branch, number: p.number }));
  const current = (native.stack?.pulls ?? []).filter((p) => p.open && !p.merged).map((p) => p.number);
  const unstack: NativeStep[] =
    native.stack && current.length > 0 ? [{ op: 'unstack', stack: native.stack.number, pulls: current }] : [];
  if (wanted.length < 2) return unstack;
  if (current.length === 0) return [{ op: 'create', pulls: wanted }];
  const onTop = current.every((number, i) => wanted[i]?.number === number);
  if (onTop && current.length === wanted.length) return [];
  if (onTop) return [{ op: 'add', stack: native.stack!.number, pulls: wanted.slice(current.length) }];
  return [...unstack, { op: 'create', pulls: wanted }];
}

/** A PR's body with its stack list for `entries` (top first), marking `number` as this PR; or without one. */
export function stackBody(body: string, entries: StackEntry[], number: number, fork: boolean, listed = true): string {
  return listed ? replaceStackSection(body, renderStackSection(entries, number, fork)) : removeStackSection(body);
}

/** A new PR's body: the commit message below the title, without Stackline's trailer. */
function bodyOf(message: string): string {
  return withoutStackId(message).split('\n').slice(1).join('\n').trim();
}

/** Merged PRs to list ticked: the ones just landed plus those already ticked in the stack's bodies. */
function mergedEntries(landed: StackEntry[], pulls: PullRequest[], current: Set<number>): StackEntry[] {
  const seen = new Set<number>();
  const out: StackEntry[] = [];
  for (const entry of [
    ...landed.map((e) => ({ ...e, merged: true })),
    ...pulls.flatMap((p) => parseStackSection(p.body).filter((e) => e.merged)),
  ]) {
    if (current.has(entry.number) || seen.has(entry.number)) continue;
    seen.add(entry.number);
    out.push(entry);
  }
  return out;
}

function normalize(text: string): string {
  return text.replace(/\r\n/g, '\n').trim();
}
