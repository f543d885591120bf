// split: a commit becomes two. The first (below) takes the chosen files' changes, the second keeps
// the rest; each has the original message unless given its own. Trees are built in a scratch
// index; nothing in the work tree changes, and the second commit has the original tree, so the
// commits above only get new parents.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { shortHash } from '../format';
import { parseNameStatus } from '../git/parsers/diff';
import type { Operation } from './context';
import { OperationError } from './errors';
import { commitMessage, committerNow, edited, requireHead, resolveDraft, restackPicks } from './common';
import { scratchDir } from './session';
import { gitRun } from './git';

export interface SplitOptions {
  rev?: string;
  /** Paths (or folders) whose changes go into the first commit. */
  files: string[];
  /** The first commit's message; default: the original message. */
  message?: string;
  /** The second commit's message; default: the original message. */
  secondMessage?: string;
  noVerify?: boolean;
}

export function splitOperation(options: SplitOptions): Operation<{ first: string; second: string }> {
  return {
    command: `split ${options.rev ?? 'HEAD'} ${options.files.join(' ')}`,
    async prepare({ state, store, git }) {
      const hash = await resolveDraft(state, options.rev ?? requireHead(state));
      const commit = await store.commit(hash);
      if (commit.parents.length !== 1) throw new OperationError('refused', `${shortHash(hash)} is a merge commit; split works on commits with one parent.`);
      const changed = parseNameStatus(await gitRun(git, ['diff-tree', '-r', '-z', '--name-status', '--no-renames', commit.parents[0], hash]));
      const wanted = options.files.map((f) => f.replace(/\/+$/, ''));
      const chosen = changed.filter((f) => wanted.some((w) => f.path === w || f.path.startsWith(`${w}/`)));
      const unknown = wanted.filter((w) => !changed.some((f) => f.path === w || f.path.startsWith(`${w}/`)));
      if (unknown.length > 0) throw new OperationError('bad-input', `${shortHash(hash)} does not change ${unknown.join(', ')}. It changes: ${changed.map((f) => f.path).join(', ')}.`);
      if (chosen.length === 0) throw new OperationError('bad-input', 'Choose the files whose changes go into the first commit.');
      if (chosen.length === changed.length) throw new OperationError('refused', 'Those are all the files the commit changes; choose fewer to split it in two.');
      return async (context) => {
        mkdirSync(scratchDir(context.repo), { recursive: true });
        const index = join(scratchDir(context.repo), `split-index-${process.pid}`);
        const env = { GIT_INDEX_FILE: index };
        let firstTree: string;
        try {
          await gitRun(git, ['read-tree', commit.parents[0]], { env });
          const kept = chosen.filter((f) => f.status !== 'D').map((f) => f.path);
          const entries = kept.length > 0 ? await gitRun(git, ['ls-tree', '-r', '-z', hash, '--', ...kept]) : '';
          const zero = '0'.repeat(hash.length);
          const lines = [
            ...entries.split('\0').filter(Boolean),
            ...chosen.filter((f) => f.status === 'D').map((f) => `0 ${zero}\t${f.path}`),
          ];
          await git.exec(['update-index', '-z', '--index-info'], { env, input: lines.map((l) => `${l}\0`).join('') });
          firstTree = (await gitRun(git, ['write-tree'], { env })).trim();
        } finally {
          rmSync(index, { force: true });
        }
        const committer = await committerNow(git);
        const message = options.message !== undefined ? await commitMessage(context, options.message, !options.noVerify) : commit.message;
        const first = store.writeCommit(edited(commit, committer, { tree: firstTree, message }));
        const secondMessage = options.secondMessage !== undefined ? await commitMessage(context, options.secondMessage, !options.noVerify) : commit.message;
        const second = store.writeCommit(edited(commit, committer, { parents: [first], message: secondMessage }));
        return {
          plan: { seeds: new Map([[hash, second]]), picks: restackPicks(state, [hash]) },
          summary: () => `Split ${shortHash(hash)} into ${shortHash(first)} (${chosen.map((f) => f.path).join(', ')}) and ${shortHash(second)} (the rest).`,
          result: { first, second },
        };
      };
    },
  };
}
