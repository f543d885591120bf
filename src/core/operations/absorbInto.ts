// absorb-into: puts working-copy changes (staged, or all, or every change to some files) into an
// older commit of the current stack instead of the current one, then replays the commits above it.
// The changes are three-way merged into that commit (based on HEAD), so they must not depend on what
// later commits changed. The graph's drop of Uncommitted changes (or one of its files) on a commit
// runs it.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { plural, shortHash } from '../format';
import type { GitRunner } from '../git/runner';
import { writeTree } from '../git/writeTree';
import { scratchDir } from '../oplog/files';
import { writeIndexTree } from '../oplog/snapshot';
import type { Operation } from './context';
import { OperationError } from './errors';
import {
  committerNow,
  edited,
  effectiveStage,
  hasChanges,
  nothingTaken,
  stageTaken,
  requireHead,
  resolveDraft,
  restackPicks,
  type StageMode,
} from './common';
import type { RepoSession } from './session';
import { descendants, type RepoState } from './state';

export interface AbsorbOptions {
  /** The older commit that takes the changes. */
  into: string;
  stage?: StageMode;
  /** Only these files' changes (staged or not, new files too); the rest of the working copy stays. */
  files?: string[];
}

export function absorbIntoOperation(options: AbsorbOptions): Operation<{ old: string; hash: string }> {
  return {
    op: 'absorb-into',
    args: options,
    command: `absorb-into ${options.into}${options.stage && options.stage !== 'auto' ? ` --${options.stage}` : ''}${options.files?.length ? ` -- ${options.files.join(' ')}` : ''}`,
    touchesIndex: true,
    async prepare({ state, store }) {
      const head = requireHead(state);
      const target = await resolveDraft(state, options.into);
      if (target !== head && !descendants(state, [target]).includes(head)) {
        throw new OperationError(
          'refused',
          `${shortHash(target)} is not below the current commit; absorb-into takes a commit of the current stack, under HEAD.`,
        );
      }
      const files = options.files?.length ? takenFiles(state, options.files) : undefined;
      const stage = effectiveStage(state, options.stage ?? 'auto');
      if (!files && !hasChanges(state, stage))
        throw new OperationError('nothing-to-do', nothingTaken(state, stage, 'absorb'));
      const targetCommit = await store.commit(target);
      return async (context) => {
        const { git } = context;
        // Some files: HEAD plus their changes (built in a scratch index) go in; the index gets them too.
        const changes = files ? await headWith(context, head, files) : undefined;
        if (files) await stagePaths(git, files);
        else await stageTaken(git, stage);
        const index = await writeIndexTree(git);
        // Base HEAD: the changes (HEAD → index) applied to the target's tree.
        const [merged] = await store.mergeTrees([
          { ours: store.syntheticSide(targetCommit.tree, head), theirs: store.syntheticSide(changes ?? index, head) },
        ]);
        if (!merged.clean) {
          throw new OperationError(
            'refused',
            `The changes to ${merged.conflicts.join(', ')} build on later commits of the stack, so they can't go into ${shortHash(target)}. Amend them into a later commit instead.`,
          );
        }
        const hash = store.writeCommit(edited(targetCommit, await committerNow(git), { tree: merged.tree }));
        return {
          plan: { seeds: new Map([[target, hash]]), picks: restackPicks(state, [target]), index },
          summary: (rewrites) =>
            `Amended the changes into ${shortHash(target)} → ${shortHash(hash)}; ${plural(rewrites.size - 1, 'commit')} above it replayed.`,
          result: { old: target, hash },
        };
      };
    },
  };
}

/** The paths of the working copy's changes to `files` (a rename takes its old path too); refuses others. */
function takenFiles(state: RepoState, files: string[]): string[] {
  const changes = new Map(state.status.files.map((f) => [f.path, f]));
  return files.flatMap((path) => {
    const change = changes.get(path);
    if (!change)
      throw new OperationError(
        'nothing-to-do',
        `${path} has no uncommitted changes; there is nothing of it to absorb.`,
      );
    if (change.kinds.includes('conflicted'))
      throw new OperationError(
        'refused',
        `${path} has conflicts. Resolve them first, then put the file into a commit.`,
      );
    return change.originalPath ? [path, change.originalPath] : [path];
  });
}

/** HEAD's tree with the work tree's version of `files` (written in a scratch index; the real one is untouched). */
async function headWith(session: RepoSession, head: string, files: string[]): Promise<string> {
  mkdirSync(scratchDir(session.repo), { recursive: true });
  const index = join(scratchDir(session.repo), `absorb-index-${process.pid}`);
  const env = { GIT_INDEX_FILE: index };
  try {
    await session.git.run(['read-tree', head], { env });
    await stagePaths(session.git, files, env);
    return await writeTree(session.git, { indexFile: index });
  } finally {
    rmSync(index, { force: true });
  }
}

/**
 * Stages every change to these paths: update-index for files (a deletion already staged is fine),
 * add for the new folders status names with a trailing slash.
 */
async function stagePaths(git: GitRunner, paths: string[], env?: Record<string, string>): Promise<void> {
  const folders = paths.filter((p) => p.endsWith('/'));
  const files = paths.filter((p) => !p.endsWith('/'));
  if (files.length > 0) await git.run(['update-index', '--add', '--remove', '--', ...files], { env });
  if (folders.length > 0) await git.run(['add', '--all', '--', ...folders], { env });
}
