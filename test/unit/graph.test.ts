// Lane layout: ASCII golden files (UPDATE_GOLDENS=1 rewrites them) and properties checked on random
// DAGs (fast-check) by an independent replay of what each lane carries.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { after } from 'node:test';
import {
  LaneLayout,
  layoutGraph,
  type LaneLayoutOptions,
  type LayoutNode,
  type LayoutRow,
} from '../../src/core/graph/layout';
import { renderText } from '../../src/core/graph/text';
import { GitRunner } from '../../src/core/git/runner';
import { readHistoryPage, resolveHistoryTips } from '../../src/core/history/log';
import { laneX, ROW_HEIGHT, rowSvg } from '../../webview-ui/lanes';
import { gitGraphColumns, writeMergeHeavyRepo } from '../helpers/mergeHeavyRepo';
import { removeTempDirs, tempDir } from '../helpers/repo';

const GOLDEN_DIR = join(__dirname, '..', 'fixtures', 'graph');

/** "c:b a" lines: node c with parents b and a; listed children first. */
function parse(spec: string): LayoutNode[] {
  return spec
    .trim()
    .split('\n')
    .map((line) => {
      const [id, parents = ''] = line.trim().split(':');
      return { id, parents: parents.trim() ? parents.trim().split(/\s+/) : [] };
    });
}

function draw(nodes: LayoutNode[], options?: LaneLayoutOptions): string {
  return (
    renderText(
      layoutGraph(nodes, options),
      nodes.map((n) => ({ glyph: 'o', lines: [n.id] })),
    ) + '\n'
  );
}

function golden(name: string, actual: string): void {
  const file = join(GOLDEN_DIR, `${name}.txt`);
  if (process.env.UPDATE_GOLDENS || !existsSync(file)) writeFileSync(file, actual);
  assert.equal(actual, readFileSync(file, 'utf8'));
}

/** Lanes needed to draw every row. */
const widthOf = (rows: LayoutRow[]) =>
  Math.max(...rows.map((row) => Math.max(row.column + 1, ...row.lanesOut.map((lane) => lane + 1))));

/** Six stacks on five trunk commits, listed the way the smartlog orders them. */
const MANY_STACKS = [
  'f3:f2',
  'f2:f1',
  'f1:t5',
  'e2:e1',
  'e1:t5',
  't5:t4',
  'd1:t4',
  't4:t3',
  'c4:c3',
  'c3:c2',
  'c2:c1',
  'c1:t3',
  'b1:t3',
  't3:t2',
  'a2:a1',
  'a1:t1',
  't2:t1',
  't1:',
].join('\n');

/** Stacks whose commits are listed interleaved (by date), as history mode shows them. */
const INTERLEAVED = 'a3:a2\nb2:b1\na2:a1\nc1:base\nb1:base\na1:base\nbase:';

const CASES: Record<string, string> = {
  linear: 'c:b\nb:a\na:',
  'two-stacks-one-base': 'y2:y1\ny1:base\nx2:x1\nx1:base\nbase:',
  'fork-inside-stack': 'top:mid\nside:mid\nmid:base\nbase:',
  merge: 'm:c b\nb:a\nc:a\na:',
  octopus: 'm:a b c\nc:r\nb:r\na:r\nr:',
  'criss-cross': 'm2:a2 b2\nm1:b2 a2\nb2:b1 a1\na2:a1 b1\nb1:r\na1:r\nr:',
  'parallel-stacks': 'd1:d\nc1:c\nb1:b\na1:a\nd:c\nc:b\nb:a\na:',
  'missing-parent': 'b:a\na:gone',
  'many-stacks': MANY_STACKS,
  'interleaved-stacks': INTERLEAVED,
  'wide-fan': 's1:base\ns2:base\ns3:base\ns4:base\ns5:base\ns6:base\ns7:base\ns8:base\nbase:',
  'merge-back-and-forth': 'm3:m2 f2\nf2:f1 m1\nm2:m1\nf1:m0\nm1:m0\nm0:',
  'merge-from-missing-side': 'm:a gone\na:',
  roots: 'b2:b1\na2:a1\nb1:\na1:',
};

for (const [name, spec] of Object.entries(CASES)) {
  test(`layout golden: ${name}`, () => golden(name, draw(parse(spec))));
}

/** The smartlog's order for two 3-commit stacks on one trunk commit, uncommitted changes on the base. */
const STACKS_ON_ONE_BASE = 'tip:base\nb3:b2\nb2:b1\nb1:base\na3:a2\na2:a1\na1:base\nwip:base\nbase:';

test('layout golden: stacks on one base keep apart in the smartlog (separateLines), one after the other in history', () => {
  golden('stacks-on-one-base-smartlog', draw(parse(STACKS_ON_ONE_BASE), { separateLines: true }));
  const rows = layoutGraph(parse(STACKS_ON_ONE_BASE), { separateLines: true });
  const lane = (id: string) => rows.find((row) => row.id === id)!.column;
  assert.notEqual(lane('a3'), lane('b1'), 'the second stack does not start in the lane the first just left');
  assert.notEqual(lane('wip'), lane('a1'));
  assert.equal(
    layoutGraph(parse(STACKS_ON_ONE_BASE)).find((row) => row.id === 'a3')!.column,
    lane('b1'),
    'without the option the lane is taken again at once',
  );
});

after(removeTempDirs);

/** History of a repository shaped like git/git's, as history mode reads it (every branch, topo order). */
async function mergeHeavyHistory(): Promise<{ dir: string; nodes: (LayoutNode & { title: string })[] }> {
  const dir = tempDir();
  writeMergeHeavyRepo(dir, { steps: 120, forkBack: 50, topicMax: 4, inFlight: 5 });
  const git = new GitRunner(dir);
  const page = await readHistoryPage(git, (await resolveHistoryTips(git, null)).tips, 0, 10_000);
  return { dir, nodes: page.commits.map((c) => ({ id: c.hash, parents: c.parents, title: c.title })) };
}

test("layout golden: a merge-heavy history like git/git's (topics merged into master and maint, 20+ lanes at once)", async () => {
  const { nodes } = await mergeHeavyHistory();
  const layout = new LaneLayout();
  for (const node of nodes) layout.add(node);
  const rows = layout.rows;
  checkLayout(nodes, rows);
  assert.ok(Math.max(...rows.map((row) => row.lanesOut.length)) >= 20, 'at least 20 lanes carry edges at once');
  golden(
    'merge-heavy',
    renderText(
      rows,
      nodes.map((n) => ({ glyph: 'o', lines: [n.title] })),
    ) + '\n',
  );
});

test('layout compactness: as few lanes as `git log --graph` has columns, give or take one', async () => {
  // Wider than the golden's history: here edges to one commit kept apart would cost 8 lanes more.
  const dir = tempDir();
  writeMergeHeavyRepo(dir, { steps: 600, forkBack: 80, topicMax: 4, inFlight: 5 });
  for (const ref of [null, 'master']) {
    const git = new GitRunner(dir);
    const page = await readHistoryPage(git, (await resolveHistoryTips(git, ref)).tips, 0, 10_000);
    const lanes = widthOf(layoutGraph(page.commits.map((c) => ({ id: c.hash, parents: c.parents }))));
    const columns = gitGraphColumns(dir, ref ? [ref] : ['--branches', '--tags']);
    assert.ok(columns >= 40, `git draws ${columns} columns`);
    assert.ok(lanes <= columns + 1, `${lanes} lanes for git's ${columns} columns (${ref ?? 'all branches'})`);
  }
});

/**
 * Replays the layout independently: tracks what every lane carries and fails unless each parent edge
 * runs in one lane from its child down to its parent (joining the lane of another edge to the same
 * parent on the way), no lane carries two edges at once, no two lanes wait for the same commit, no
 * lane passes through a node's cell, and the rows' lane lists match the replay.
 */
function checkLayout(nodes: LayoutNode[], rows: LayoutRow[]): void {
  assert.equal(rows.length, nodes.length);
  const rowOf = new Map(nodes.map((node, index) => [node.id, index]));
  const lanes: (string | null)[] = [];
  const busy = () => lanes.flatMap((id, lane) => (id == null ? [] : [lane]));
  rows.forEach((row, r) => {
    const node = nodes[r];
    assert.equal(row.id, node.id);
    assert.deepEqual([...row.lanesIn], busy(), `row ${r}: lanesIn`);
    const into = lanes.flatMap((id, lane) => (id === node.id ? [lane] : []));
    assert.ok(into.length <= 1, `row ${r}: one lane at most waits for a node`);
    if (into.length === 1) assert.equal(row.column, into[0], `row ${r}: the node sits in the lane that waits for it`);
    else assert.equal(lanes[row.column] ?? null, null, `row ${r}: no edge passes through the node's cell`);
    for (const lane of into) lanes[lane] = null;
    const placed = new Map<number, string>();
    node.parents.forEach((parent, k) => {
      const lane = row.parentColumns[k];
      if (!rowOf.has(parent)) return assert.equal(lane, -1, `row ${r}: edge to unshown ${parent} gets no lane`);
      assert.ok(rowOf.get(parent)! > r, 'the input lists children before parents');
      assert.ok(lane >= 0, `row ${r}: edge ${node.id}→${parent} has a lane`);
      assert.ok(
        (lanes[lane] ?? null) === null || lanes[lane] === parent,
        `row ${r}: lane ${lane} already carries ${lanes[lane]}, not ${parent}`,
      );
      assert.ok(!placed.has(lane) || placed.get(lane) === parent, `row ${r}: two parents share lane ${lane}`);
      placed.set(lane, parent);
      lanes[lane] = parent;
    });
    for (const lane of row.joiningColumns) {
      assert.ok(lane > row.column, `row ${r}: lane ${lane} joins from the right`);
      assert.equal(
        lanes[lane],
        node.parents[0],
        `row ${r}: lane ${lane} joins with an edge to the node's first parent`,
      );
      assert.equal(row.parentColumns[0], row.column, `row ${r}: the node's lane carries its first parent on`);
      assert.ok(!placed.has(lane), `row ${r}: no edge of the node starts in a lane that joins`);
      lanes[lane] = null;
    }
    const carried = lanes.filter((id) => id != null);
    assert.equal(new Set(carried).size, carried.length, `row ${r}: edges to one commit share a lane`);
    while (lanes.length > 0 && lanes[lanes.length - 1] === null) lanes.pop();
    assert.deepEqual([...row.lanesOut], busy(), `row ${r}: lanesOut`);
  });
  assert.deepEqual(busy(), [], 'every edge arrived at its parent');
}

/**
 * Random DAGs: node i picks parents among older nodes (and sometimes one that is not shown); the
 * list is a random topological order, children first, so stacks interleave as in real history.
 */
const dagArbitrary = fc
  .array(
    fc.record({
      picks: fc.uniqueArray(fc.nat({ max: 1000 }), { maxLength: 4 }),
      missingParent: fc.boolean(),
      priority: fc.nat({ max: 1000 }),
    }),
    { minLength: 1, maxLength: 60 },
  )
  .map((specs) => {
    const parents = specs.map((spec, i) => {
      const own = i === 0 ? [] : [...new Set(spec.picks.map((p) => `n${i - 1 - (p % Math.min(i, 8 + (p % 40)))}`))];
      return spec.missingParent && own.length < 2 ? [...own, `gone${i}`] : own;
    });
    const childrenLeft = specs.map(() => 0);
    parents.forEach((list) => list.forEach((p) => p.startsWith('n') && childrenLeft[Number(p.slice(1))]++));
    const ready = new Set(specs.map((_, i) => i).filter((i) => childrenLeft[i] === 0));
    const order: LayoutNode[] = [];
    while (ready.size > 0) {
      const next = [...ready].reduce((a, b) => (specs[b].priority > specs[a].priority ? b : a));
      ready.delete(next);
      order.push({ id: `n${next}`, parents: parents[next] });
      for (const p of parents[next])
        if (p.startsWith('n') && --childrenLeft[Number(p.slice(1))] === 0) ready.add(Number(p.slice(1)));
    }
    return order;
  });

test('layout properties on random DAGs: each edge in exactly one lane, one node per cell, no crossings through nodes', () => {
  fc.assert(
    fc.property(dagArbitrary, (nodes) => {
      checkLayout(nodes, layoutGraph(nodes));
      renderText(
        layoutGraph(nodes),
        nodes.map((n) => ({ glyph: 'o', lines: [n.id] })),
      );
    }),
    { numRuns: 400 },
  );
});

test('layout properties with separateLines: still valid, and a line never starts in a lane the row above left', () => {
  fc.assert(
    fc.property(dagArbitrary, (nodes) => {
      const rows = layoutGraph(nodes, { separateLines: true });
      checkLayout(nodes, rows);
      rows.forEach((row, r) => {
        if (r === 0 || row.lanesIn.includes(row.column)) return;
        const above = rows[r - 1];
        const left = [above.column, ...above.lanesIn].filter((lane) => !above.lanesOut.includes(lane));
        assert.ok(!left.includes(row.column), `row ${r} starts in lane ${row.column}, which row ${r - 1} left`);
      });
    }),
    { numRuns: 300 },
  );
});

test('incremental layout: pages laid out one after another give the rows of a single pass', () => {
  fc.assert(
    fc.property(dagArbitrary, fc.integer({ min: 1, max: 20 }), (nodes, pageSize) => {
      const shown = new Set(nodes.map((n) => n.id));
      const whole = new LaneLayout((id) => shown.has(id));
      for (const node of nodes) whole.add(node);
      const paged = new LaneLayout((id) => shown.has(id));
      for (let start = 0; start < nodes.length; start += pageSize)
        for (const node of nodes.slice(start, start + pageSize)) paged.add(node);
      assert.deepEqual(paged.rows, whole.rows);
      assert.deepEqual(whole.rows, layoutGraph(nodes));
      assert.equal(
        whole.width,
        Math.max(...whole.rows.map((row) => Math.max(row.column + 1, ...row.lanesOut.map((l) => l + 1)))),
      );
    }),
    { numRuns: 200 },
  );
});

test('history layout: parents still to come keep their lane open across pages', () => {
  const nodes = parse('c:b\nb:a');
  const layout = new LaneLayout();
  for (const node of nodes) layout.add(node);
  assert.deepEqual(layout.rows.at(-1)!.lanesOut, [0], 'the edge to a not yet loaded parent stays in its lane');
  layout.add({ id: 'a', parents: [] });
  const root = layout.row(layout.length - 1);
  assert.equal(root.column, 0);
  assert.deepEqual(root.lanesOut, []);
});

test('rows share unchanged lane lists instead of copying them', () => {
  const count = 10_000;
  const nodes = Array.from({ length: count }, (_, i) => ({
    id: `c${count - i}`,
    parents: i === count - 1 ? [] : [`c${count - i - 1}`],
  }));
  const side = [{ id: 'side', parents: [`c${count / 2}`] }];
  const rows = layoutGraph([...side, ...nodes]);
  const distinct = new Set(rows.flatMap((row) => [row.lanesIn, row.lanesOut]));
  assert.ok(distinct.size <= 5, `${distinct.size} distinct lane arrays for ${rows.length} rows`);
  checkLayout([...side, ...nodes], rows);
});

test("webview lanes: each row's SVG starts every parent edge once at the node and joins the rows above and below", () => {
  fc.assert(
    fc.property(dagArbitrary, (nodes) => {
      const rows = layoutGraph(nodes);
      rows.forEach((row, r) => {
        const svg = rowSvg(row, { kind: r % 2 ? 'draft' : 'public' });
        const paths = [...svg.matchAll(/class="e [^"]*" d="M([\d.]+) ([\d.]+)(.*?)"/g)].map(([, x, y, rest]) => {
          const numbers = rest.match(/[\d.]+/g)!.map(Number);
          return { start: [Number(x), Number(y)], end: numbers.slice(-2) };
        });
        const at = (lanes: readonly number[], y: number, which: 'start' | 'end') =>
          [...new Set(paths.filter((p) => p[which][1] === y).map((p) => p[which][0]))].sort((a, b) => a - b).join() ===
          lanes.map(laneX).join();
        assert.ok(at(row.lanesIn, 0, 'start'), `row ${r}: lines leave the top exactly at the lanes coming in`);
        assert.ok(
          at(row.lanesOut, ROW_HEIGHT, 'end'),
          `row ${r}: lines reach the bottom exactly at the lanes going out`,
        );
        const fromNode = paths.filter((p) => p.start[0] === laneX(row.column) && p.start[1] === ROW_HEIGHT / 2);
        assert.equal(
          fromNode.length,
          new Set(row.parentColumns.filter((c) => c >= 0)).size,
          `row ${r}: one edge from the node per parent lane`,
        );
        const intoNode = paths.filter((p) => p.end[0] === laneX(row.column) && p.end[1] === ROW_HEIGHT / 2);
        assert.equal(
          intoNode.length,
          row.lanesIn.includes(row.column) ? 1 : 0,
          `row ${r}: one edge into the node when a lane waits for it`,
        );
        const joins = paths.filter(
          (p) => p.end[0] === laneX(row.column) && p.end[1] > ROW_HEIGHT / 2 && p.end[1] < ROW_HEIGHT,
        );
        assert.deepEqual(
          joins.map((p) => p.start[0]).sort((a, b) => a - b),
          row.joiningColumns.map(laneX),
          `row ${r}: each joining lane bends into the node's lane below the node`,
        );
        assert.equal((svg.match(/<circle/g) ?? []).length, 1);
      });
    }),
    { numRuns: 200 },
  );
});
