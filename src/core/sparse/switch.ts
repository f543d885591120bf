// Changes which profiles are checked out, safely: before the working tree changes, anything the
// person made that would end up outside the new checkout stops the switch (unless forced, and
// then it stays where it is), and folders git would delete are confirmed first.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { inProgressOperation, inProgressRefusal } from '../git/repository';
import type { SparseMode } from './compile';
import type { SparseConfig } from './config';
import type { SparseContext } from './context';
import { BlockedSwitchError, DeleteNotConfirmedError, SparseError } from './errors';
import type { BlockedFile, DoomedDirectory } from './model';
import { findBlocked, findDoomed, readWorkingCopy, type WorkingCopy } from './safety';
import { clearState, readState, writeState } from './state';
import { compileTarget, type Target } from './target';
import { resolveCommit } from '../git/resolveCommit';

export interface SwitchOptions {
  /** Switch even with local changes outside the new checkout; they stay in place. */
  force?: boolean;
  /** Asked when git would delete folders holding only ignored files; false stops the switch. */
  confirmDelete?: (dirs: DoomedDirectory[]) => boolean | Promise<boolean>;
  /** Honoured until the working tree starts to change; after that the switch runs to its end. */
  signal?: AbortSignal;
  /** Each step as it starts; `changesFiles` from the step where git changes files (no longer cancellable). */
  progress?: (step: string, changesFiles?: boolean) => void;
}

export interface SwitchResult {
  /** Active profiles afterwards; empty for a full checkout. */
  profiles: string[];
  mode: SparseMode | 'full';
  /** Files with local changes left in place outside the checkout (with force). */
  kept: BlockedFile[];
  /** Folders git deleted (after confirmation). */
  deleted: DoomedDirectory[];
  /** Nothing to do: these profiles were already applied with these rules. */
  unchanged: boolean;
  warnings: string[];
}

/** Checks out exactly these profiles (names or paths); none means a full checkout. */
export async function switchProfiles(
  context: SparseContext,
  names: string[],
  options: SwitchOptions = {},
): Promise<SwitchResult> {
  if (names.length === 0) return turnOff(context, options);
  options.progress?.('Reading profiles…');
  // git status is the slowest check and needs nothing else: it runs while the profiles compile.
  const prefetched = { copy: readWorkingCopy(context.git, true), head: requireCommit(context) };
  prefetched.copy.catch(() => undefined);
  prefetched.head.catch(() => undefined);
  const config = await context.config();
  const paths = [...new Set(await Promise.all(names.map((name) => context.resolveProfile(config, name))))];
  const target = await compileTarget(context, config, paths, context.alwaysSetting(config));
  return applyTarget(context, config, target, options, prefetched);
}

/** Adds a profile to the active ones. */
export async function enableProfile(
  context: SparseContext,
  name: string,
  options: SwitchOptions = {},
): Promise<SwitchResult> {
  const config = await context.config();
  const path = await context.resolveProfile(config, name);
  return switchProfiles(context, [...activeProfiles(context, config), path], options);
}

/** Removes a profile from the active ones; removing the last one gives a full checkout. */
export async function disableProfile(
  context: SparseContext,
  name: string,
  options: SwitchOptions = {},
): Promise<SwitchResult> {
  const config = await context.config();
  const active = activeProfiles(context, config);
  const path = await context.resolveProfile(config, name).catch(() => name);
  if (!active.includes(path))
    throw new SparseError(
      'not-found',
      `Profile '${name}' is not active. Active: ${active.join(', ') || 'none (full checkout)'}.`,
    );
  return switchProfiles(
    context,
    active.filter((p) => p !== path),
    options,
  );
}

/** A full checkout again. Only adds files, so nobody's work is at risk; untracked files in the way are kept by git. */
export async function turnOff(context: SparseContext, options: SwitchOptions = {}): Promise<SwitchResult> {
  refuseWhileBusy(context);
  const config = await context.config();
  const result: SwitchResult = {
    profiles: [],
    mode: 'full',
    kept: [],
    deleted: [],
    unchanged: !config.sparse,
    warnings: [],
  };
  if (config.sparse) {
    cancelPoint(options.signal);
    options.progress?.('Restoring the full checkout…');
    await context.git.exec(['sparse-checkout', 'disable']);
  }
  clearState(context.location);
  return result;
}

export function activeProfiles(context: SparseContext, config: SparseConfig): string[] {
  return config.sparse ? (readState(context.location)?.profiles ?? []) : [];
}

/** Runs the safety checks, then `git sparse-checkout set`, then records the state. */
/** What a switch reads before it knows its target: started early so it overlaps compiling. */
export interface Prefetched {
  copy: Promise<WorkingCopy>;
  head: Promise<string>;
}

export async function applyTarget(
  context: SparseContext,
  config: SparseConfig,
  target: Target,
  options: SwitchOptions,
  prefetched?: Prefetched,
): Promise<SwitchResult> {
  refuseWhileBusy(context);
  const { git } = context;
  const paths = target.profiles.map((p) => p.path);
  const warnings = target.profiles.flatMap((p) => p.warnings);
  const head = await (prefetched?.head ?? requireCommit(context));
  const before = readState(context.location);
  const same =
    config.sparse &&
    before &&
    before.mode === target.compiled.mode &&
    sameList(before.rules, target.compiled.rules) &&
    sameList(before.profiles, paths);
  if (same) {
    writeState(context.location, { ...before, head });
    return { profiles: paths, mode: target.compiled.mode, kept: [], deleted: [], unchanged: true, warnings };
  }

  options.progress?.('Checking for local changes…');
  const copy = await (prefetched?.copy ?? readWorkingCopy(git, target.compiled.mode === 'cone'));
  const conflicted = copy.changes.filter((c) => c.kinds.includes('conflicted'));
  if (conflicted.length > 0)
    throw new SparseError(
      'busy',
      `${conflicted.length} files have unresolved conflicts (${conflicted[0].path}…). Resolve them before switching profiles.`,
    );
  const blocked = findBlocked(copy.changes, target.compiled);
  const label =
    paths.length === 1
      ? `profile '${context.displayName(config, paths[0])}'`
      : `profiles ${paths.map((p) => `'${context.displayName(config, p)}'`).join(', ')}`;
  if (blocked.length > 0 && !options.force) throw new BlockedSwitchError(blocked, label, paths);
  cancelPoint(options.signal);
  options.progress?.('Looking for folders git would delete…');
  const doomed = await findDoomed(git, context.root, target.compiled, copy, options.signal);
  if (doomed.length > 0 && !(await options.confirmDelete?.(doomed))) throw new DeleteNotConfirmedError(doomed);
  cancelPoint(options.signal);

  options.progress?.(`Updating the working tree (${target.compiled.mode} mode)…`, true);
  const modeArgs = target.compiled.mode === 'cone' ? ['--cone', '--skip-checks'] : ['--no-cone'];
  await git.exec(['sparse-checkout', 'set', ...modeArgs, ...target.compiled.rules]);
  await keepInPlace(context, blocked);
  writeState(context.location, {
    profiles: paths,
    mode: target.compiled.mode,
    rules: target.compiled.rules,
    always: target.always,
    head,
  });
  return { profiles: paths, mode: target.compiled.mode, kept: blocked, deleted: doomed, unchanged: false, warnings };
}

/**
 * Git keeps edited files outside the checkout, but hides a staged file whose working copy matches
 * the index, and a deleted one. Bring both back: the staged content is in the index.
 */
async function keepInPlace(context: SparseContext, blocked: BlockedFile[]): Promise<void> {
  const candidates = blocked.filter((b) => b.change === 'staged' || b.change === 'deleted').map((b) => b.path);
  if (candidates.length === 0) return;
  const literal = { env: { GIT_LITERAL_PATHSPECS: '1' } };
  const listed = (await context.git.exec(['ls-files', '-t', '-z', '--', ...candidates], literal)).stdout;
  const hidden = listed
    .split('\0')
    .filter((entry) => entry.startsWith('S '))
    .map((entry) => entry.slice(2));
  if (hidden.length === 0) return;
  await context.git.exec(['update-index', '--no-skip-worktree', '--', ...hidden]);
  const staged = new Set(blocked.filter((b) => b.change === 'staged').map((b) => b.path));
  const missing = hidden.filter((path) => staged.has(path) && !existsSync(join(context.root, path)));
  if (missing.length > 0) await context.git.exec(['checkout-index', '--', ...missing]);
}

function refuseWhileBusy(context: SparseContext): void {
  const operation = inProgressOperation(context.location.gitDir);
  if (!operation) return;
  const { message, fixes } = inProgressRefusal(operation);
  throw new SparseError('busy', message, fixes);
}

/** HEAD's commit; sparse profiles need one (they are read from and applied to its tree). */
async function requireCommit(context: SparseContext): Promise<string> {
  const head = await resolveCommit(context.git, { rev: 'HEAD' });
  if (head === undefined)
    throw new SparseError(
      'not-found',
      'This repository has no commits yet. Commit something before using sparse profiles.',
    );
  return head.trim();
}

function cancelPoint(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SparseError('cancelled', 'Cancelled; the working tree was not changed.');
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
