// split: a commit becomes two. The first (below) takes the chosen changes: whole files, hunks, or
// single lines of a hunk (see splitPieces.ts); the second keeps the rest; each has the original
// message unless given its own. The first tree is built in a scratch index; nothing in the work
// tree changes, and the second commit has the original tree, so the commits above only get new
// parents. Splitting the second commit again gives a third part.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { plural, shortHash } from '../format';
import type { Operation } from './context';
import { OperationError } from './errors';
import { commitMessage, committerNow, edited, requireHead, resolveDraft, restackPicks } from './common';
import type { ObjectStore } from './objects';
import { scratchDir } from '../oplog/files';
import type { RepoLocation } from '../git/repository';
import type { GitRunner } from '../git/runner';
import { writeTree } from '../git/writeTree';
import {
  checkPicks,
  firstVersions,
  formatHunkPicks,
  pickedFiles,
  readSplitChanges,
  type FirstVersion,
  type HunkPick,
  type SplitChanges,
  type SplitPiece,
} from './splitPieces';
import type { RepoSession } from './session';
import { requireCommit } from './state';
import { readObjects } from './treeEdit';

export interface SplitOptions {
  rev?: string;
  /** Paths (or folders) whose changes go into the first commit, whole. */
  files?: string[];
  /** Hunks (numbered as `stackline split --list` shows them), whole or some of their lines. */
  hunks?: HunkPick[];
  /** The first commit's message; default: the original message. */
  message?: string;
  /** The second commit's message; default: the original message. */
  secondMessage?: string;
  noVerify?: boolean;
}

export interface SplitResult {
  first: string;
  second: string;
  /** The files the first commit changes. */
  paths: string[];
}

export function splitOperation(options: SplitOptions): Operation<SplitResult> {
  const files = options.files ?? [];
  const hunks = options.hunks ?? [];
  const rev = options.rev ?? 'HEAD';
  return {
    op: 'split',
    args: options,
    command: [
      `split ${rev}`,
      ...files.map((f) => `-f ${f}`),
      ...(hunks.length > 0 ? [`--hunks ${formatHunkPicks(hunks)}`] : []),
    ].join(' '),
    async prepare({ state, store, git, repo }) {
      const hash = await resolveDraft(state, options.rev ?? requireHead(state));
      const commit = await store.commit(hash);
      const parent = onlyParent(hash, commit.parents);
      const changes = await readSplitChanges(git, parent, hash);
      const listFix = { label: 'List the hunks', cli: `stackline split ${shortHash(hash)} --list` };
      const taken = checkPicks(changes, hunks, hash, listFix);
      for (const number of filePieces(changes, files, hash)) taken.set(number, undefined);
      if (taken.size === 0)
        throw new OperationError(
          'bad-input',
          'Choose the changes that go into the first commit: files, hunks, or lines of a hunk.',
          '',
          [listFix],
        );
      const versions = await versionsOf(git, changes, taken, parent);
      const parentTree = (await store.commit(parent)).tree;
      const firstTree = await buildTree(git, repo, store, parent, hash, versions);
      if (firstTree === commit.tree)
        throw new OperationError(
          'refused',
          hunks.length === 0
            ? 'Those are all the files the commit changes; choose fewer to split it in two.'
            : `Those are all of ${shortHash(hash)}'s changes; leave some for the second commit.`,
        );
      if (firstTree === parentTree)
        throw new OperationError('bad-input', 'Those picks change nothing; choose other lines or whole hunks.');
      const paths = [...new Set(versions.map((v) => v.path))];
      return async (context) => {
        const committer = await committerNow(git);
        const message =
          options.message !== undefined
            ? await commitMessage(context, options.message, !options.noVerify)
            : commit.message;
        const first = store.writeCommit(edited(commit, committer, { tree: firstTree, message }));
        const secondMessage =
          options.secondMessage !== undefined
            ? await commitMessage(context, options.secondMessage, !options.noVerify)
            : commit.message;
        const second = store.writeCommit(edited(commit, committer, { parents: [first], message: secondMessage }));
        return {
          plan: { seeds: new Map([[hash, second]]), picks: restackPicks(state, [hash]) },
          summary: () =>
            `Split ${shortHash(hash)} into ${shortHash(first)} (${describeTaken(taken, versions, paths)}) and ${shortHash(second)} (the rest).`,
          result: { first, second, paths },
        };
      };
    },
  };
}

/** The changes of a commit as split numbers them (`stackline split --list`, VS Code's Split Commit…). */
export async function splitPieces(
  session: RepoSession,
  rev: string,
): Promise<{ hash: string; title: string; pieces: SplitPiece[] }> {
  const hash = await requireCommit(session.git, rev);
  const [parents, title] = (await session.git.run(['log', '-1', '--format=%P%x00%s', hash])).trim().split('\0');
  const parent = onlyParent(hash, parents.split(' ').filter(Boolean));
  return { hash, title, pieces: (await readSplitChanges(session.git, parent, hash)).pieces };
}

function onlyParent(hash: string, parents: string[]): string {
  if (parents.length === 1) return parents[0];
  throw new OperationError(
    'refused',
    parents.length === 0
      ? `${shortHash(hash)} is the first commit of the repository; split works on commits with a parent.`
      : `${shortHash(hash)} is a merge commit; split works on commits with one parent.`,
  );
}

/** The pieces of the files (or folders) named, checked: each must be something the commit changes. */
function filePieces(changes: SplitChanges, wanted: string[], hash: string): number[] {
  const names = wanted.map((f) => f.replace(/\/+$/, ''));
  const under = (path: string | undefined, name: string) => path === name || !!path?.startsWith(`${name}/`);
  const matches = (name: string) => changes.pieces.filter((p) => under(p.path, name) || under(p.oldPath, name));
  const unknown = names.filter((name) => matches(name).length === 0);
  if (unknown.length > 0) {
    const changed = [...new Set(changes.files.map((f) => f.path))];
    throw new OperationError(
      'bad-input',
      `${shortHash(hash)} does not change ${unknown.join(', ')}. It changes: ${changed.join(', ')}.`,
    );
  }
  return names.flatMap((name) => matches(name).map((p) => p.number));
}

/** What the first commit has of each file the picks touch; reads the parent's versions it needs. */
async function versionsOf(
  git: GitRunner,
  changes: SplitChanges,
  taken: Map<number, Set<number> | undefined>,
  parent: string,
): Promise<FirstVersion[]> {
  const needed = pickedFiles(changes, taken)
    .filter(({ file, whole }) => !whole && file.kind !== 'added')
    .map(({ file }) => `${parent}:${file.oldPath ?? file.path}`);
  const objects = await readObjects(git, needed);
  return firstVersions(changes, taken, (path) => {
    const found = objects.get(`${parent}:${path}`);
    if (!found) throw new Error(`split: git could not read ${path} in ${shortHash(parent)}.`);
    return found.content.toString('latin1');
  });
}

/** The parent's tree with the first commit's versions of the picked files, through a scratch index. */
async function buildTree(
  git: GitRunner,
  repo: RepoLocation,
  store: ObjectStore,
  parent: string,
  hash: string,
  versions: FirstVersion[],
): Promise<string> {
  const zero = '0'.repeat(hash.length);
  const fromCommit = versions.filter((v) => v.take === 'commit').map((v) => v.path);
  const entries = fromCommit.length > 0 ? await git.run(['ls-tree', '-r', '-z', hash, '--', ...fromCommit]) : '';
  const lines = [
    ...versions.filter((v) => v.take === 'delete').map((v) => `0 ${zero}\t${v.path}`),
    ...entries.split('\0').filter(Boolean),
    ...versions.flatMap((v) =>
      v.take === 'content' ? [`${v.mode} ${store.write('blob', Buffer.from(v.content, 'latin1'))}\t${v.path}`] : [],
    ),
  ];
  await store.flush();
  mkdirSync(scratchDir(repo), { recursive: true });
  const index = join(scratchDir(repo), `split-index-${process.pid}`);
  const env = { GIT_INDEX_FILE: index };
  try {
    await git.run(['read-tree', parent], { env });
    await git.exec(['update-index', '-z', '--index-info'], { env, input: lines.map((l) => `${l}\0`).join('') });
    return await writeTree(git, { indexFile: index });
  } finally {
    rmSync(index, { force: true });
  }
}

/** "a.txt, b.txt" for whole files; "2 hunks of a.txt" when only some of a file's changes were picked. */
function describeTaken(taken: Map<number, Set<number> | undefined>, versions: FirstVersion[], paths: string[]): string {
  if (versions.every((v) => v.take !== 'content')) return paths.join(', ');
  const lines = [...taken.values()].some((l) => l !== undefined);
  return `${plural(taken.size, 'hunk')} of ${paths.join(', ')}${lines ? ', some lines only' : ''}`;
}
