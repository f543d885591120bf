// Keeps the checkout in step with the active profiles' files: after a checkout, pull or commit
// that changed them (or the skeleton), the rules compiled now differ from those git was given, and
// the profiles are applied again with the same safety checks as a switch.
import type { SparseContext } from './context';
import { LIST_PROFILES, SparseError } from './errors';
import { clearState, readState, writeState, type SparseState } from './state';
import { applyTarget, type SwitchOptions, type SwitchResult } from './switch';
import { compileTarget } from './target';
import { resolveCommit } from '../git/resolveCommit';

export type ReapplyResult =
  { status: 'inactive' } | { status: 'unchanged'; state: SparseState } | { status: 'reapplied'; result: SwitchResult };

export interface ReapplyOptions extends SwitchOptions {
  /** Skip the work when HEAD has not moved since the rules were last compiled (for refreshes). */
  onlyIfHeadMoved?: boolean;
}

export async function reapplyIfChanged(context: SparseContext, options: ReapplyOptions = {}): Promise<ReapplyResult> {
  const state = readState(context.location);
  if (!state) return { status: 'inactive' };
  const config = await context.config();
  if (!config.sparse) {
    // Someone turned sparse checkout off with git itself: the record no longer describes anything.
    clearState(context.location);
    return { status: 'inactive' };
  }
  const head = (await resolveCommit(context.git, { rev: 'HEAD' })) ?? null;
  if (options.onlyIfHeadMoved && head === state.head) return { status: 'unchanged', state };
  const target = await compileTarget(context, config, state.profiles, state.always).catch((error: unknown) => {
    if (error instanceof SparseError && error.kind === 'not-found') {
      const gone = state.profiles.map((p) => context.displayName(config, p)).join(', ');
      throw new SparseError(
        'not-found',
        `The active profile ${gone} is not in this commit. Switch to another profile, or turn sparse off.`,
        [LIST_PROFILES, { label: 'Full Checkout', cli: 'stackline sparse off', command: 'stackline.sparse.off' }],
      );
    }
    throw error;
  });
  const same = state.mode === target.compiled.mode && state.rules.join('\n') === target.compiled.rules.join('\n');
  if (same) return { status: 'unchanged', state: writeState(context.location, { ...state, head }) };
  return { status: 'reapplied', result: await applyTarget(context, config, target, options) };
}
