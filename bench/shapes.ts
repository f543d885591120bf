// The repository shapes the smartlog is measured (bench) and checked (tests) on: what real
// repositories look like rather than a tidy demo. Plain data; bench/generate.ts makes them.
import type { TrunkSpec } from './history';

export type ShapeName = 'tidy' | 'old-bases' | 'many-branches' | 'merge-heavy';
export const SHAPE_NAMES: ShapeName[] = ['tidy', 'old-bases', 'many-branches', 'merge-heavy'];

/** The shapes a bench run covers: all, or those named in STACKLINE_BENCH_SHAPES (comma-separated). */
export function benchShapes(): ShapeName[] {
  const wanted = process.env.STACKLINE_BENCH_SHAPES?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (!wanted?.length) return SHAPE_NAMES;
  const unknown = wanted.filter((name) => !SHAPE_NAMES.includes(name as ShapeName));
  if (unknown.length > 0)
    throw new Error(`Unknown shape ${unknown.join(', ')} in STACKLINE_BENCH_SHAPES; known: ${SHAPE_NAMES.join(', ')}`);
  return wanted as ShapeName[];
}

export interface StackSpec {
  /** The top branch; with `branchPerCommit`, commit k (bottom 0) gets `<branch>-<k + 1>` and the top `<branch>`. */
  branch: string;
  /** First-parent steps below trunk tip of the base (0: trunk tip itself). */
  base: number;
  /** Based on a commit of the topic merged at that step (off trunk's first-parent line), when the step is a merge. */
  onTopic?: boolean;
  length: number;
  branchPerCommit?: boolean;
  /** 'in-sync': every branch of the stack pushed as is; 'ahead-2': the top pushed two commits ago. */
  pushed?: 'in-sync' | 'ahead-2';
}

export interface ShapeSpec {
  name: ShapeName;
  description: string;
  trunk: TrunkSpec;
  stacks: StackSpec[];
  /** HEAD is checked out on this stack's top branch. */
  headStack: number;
  /** Local main lags origin/main by this many first-parent steps (not pulled lately), tracking it. */
  localMainBehind: number;
  /** Local branches already merged: tips on trunk commits spread over the last `within` first-parent steps. */
  merged: { count: number; within: number };
}

export type ShapeSize = 'bench' | 'small';

/** The shape at bench size (100,000 trunk commits) or small enough for a test (a few hundred). */
export function shapeSpec(name: ShapeName, size: ShapeSize = 'bench'): ShapeSpec {
  const small = size === 'small';
  // Linear trunks: 100,000 commits. Merge-heavy: 26,000 first-parent steps, about 100,000 commits.
  const linear: TrunkSpec = { steps: small ? 600 : 100_000, merges: false };
  const spread = small ? 300 : 2_000;
  const usual = { trunk: linear, localMainBehind: small ? 20 : 200, merged: { count: 0, within: 0 } };
  switch (name) {
    case 'tidy':
      return {
        ...usual,
        name,
        description: '5 stacks of 10 on bases 3 to 5,000 commits back',
        stacks: [
          'ada/parser-errors',
          'grace/retry-backoff',
          'linus/index-cache',
          'margaret/ui-theme',
          'ken/schema-v2',
        ].map((branch, s) => ({
          branch,
          base: (small ? [3, 10, 50, 200, 500] : [3, 10, 100, 1_000, 5_000])[s],
          length: 10,
          pushed: s === 0 ? 'in-sync' : s === 3 ? 'ahead-2' : undefined,
        })),
        headStack: 2,
      };
    case 'old-bases':
      return {
        ...usual,
        name,
        description: `35 stacks of 3 on bases spread over the last ${spread.toLocaleString('en')} commits, 5 stacks of 10 at the tip`,
        stacks: [...oldStacks(35, spread, 3), ...tipStacks()],
        headStack: 36,
      };
    case 'many-branches':
      return {
        ...usual,
        name,
        description: `500 local branches: 25 stacks of 4 with a branch on every commit, 400 branches already merged`,
        stacks: oldStacks(25, spread, 4).map((stack, s) => ({
          ...stack,
          branchPerCommit: true,
          pushed: s % 5 === 0 ? 'in-sync' : s % 5 === 1 ? 'ahead-2' : undefined,
        })),
        headStack: 3,
        merged: { count: small ? 40 : 400, within: small ? 500 : 10_000 },
      };
    case 'merge-heavy':
      return {
        ...usual,
        name,
        description: `a trunk where 1 commit in 5 is a merge; 35 stacks of 3 on bases over the last ${spread.toLocaleString('en')} first-parent steps (one on a merged topic), 5 stacks of 10 at the tip`,
        trunk: { steps: small ? 400 : 26_000, merges: true },
        stacks: [
          ...oldStacks(35, spread, 3).map((stack, s) => (s === 17 ? { ...stack, onTopic: true } : stack)),
          ...tipStacks(),
        ],
        headStack: 36,
        localMainBehind: small ? 10 : 50,
      };
  }
}

/** `count` stacks of `length` on bases spread evenly over 1..spread steps back, oldest last. */
function oldStacks(count: number, spread: number, length: number): StackSpec[] {
  return Array.from({ length: count }, (_, s) => ({
    branch: `${OWNERS[s % OWNERS.length]}/change-${String(s + 1).padStart(2, '0')}`,
    base: Math.max(1, Math.round((spread * (s + 1)) / count)),
    length,
  }));
}

/** Five stacks of 10 on trunk tip and just below it, one pushed, one ahead of its push. */
function tipStacks(): StackSpec[] {
  return [0, 0, 1, 2, 4].map((base, s) => ({
    branch: `${OWNERS[s]}/tip-work-${s + 1}`,
    base,
    length: 10,
    pushed: s === 0 ? 'in-sync' : s === 3 ? 'ahead-2' : undefined,
  }));
}

const OWNERS = ['ada', 'grace', 'linus', 'margaret', 'ken', 'barbara', 'dmr', 'fran'];
