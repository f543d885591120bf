// absorb --dry-run and the VS Code preview: the plan for the working copy as it is, read without the
// repository lock (it writes nothing).
import { ObjectStore } from './objects';
import { planAbsorb, type AbsorbRow } from './absorbPlan';
import { OperationError } from './errors';
import type { RepoSession } from './session';
import { readRepoState } from './state';

export async function absorbPreview(session: RepoSession): Promise<AbsorbRow[]> {
  const state = await readRepoState(session.git, session.repo, session.trunk);
  if (!state.head.hash) throw new OperationError('refused', 'There are no commits yet.');
  return (await planAbsorb(state, new ObjectStore(session.git, session.repo, state.head.hash))).rows;
}
