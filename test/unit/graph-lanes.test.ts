// The graph column in the webview, without a browser: how wide it is, how far the lanes scroll, that
// every row's dot lands inside the column whatever the scroll (at the edge with an arrow when its lane
// is out of view), stack colours in the smartlog, and the needs-restack marks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { layoutGraph, type LayoutNode } from '../../src/core/graph/layout';
import type { GraphCommit } from '../../src/protocol';
import { clampScroll, columnWidth, scrollToShow } from '../../webview-ui/column';
import { colorClass, laneX, lanesWidth, LANE_WIDTH, nodeOutside, rowSvg } from '../../webview-ui/lanes';
import { GraphModel } from '../../webview-ui/model';
import { restackMarks } from '../../webview-ui/restackMarks';

const hash = (n: number) => n.toString(16).padStart(40, '0');

test('column width: fits the lanes, up to a share of the window; what the person set wins; the titles keep their room', () => {
  assert.equal(columnWidth(3, null, 1000, 800), lanesWidth(3), 'few lanes: just what they need');
  assert.equal(columnWidth(40, null, 1000, 800), 200, 'many lanes: a fifth of the window');
  assert.equal(columnWidth(40, null, 300, 300), lanesWidth(6), 'a narrow side bar still shows six lanes');
  assert.equal(columnWidth(40, 400, 1000, 800), 400, 'the width the person dragged to');
  assert.equal(columnWidth(5, 400, 1000, 800), lanesWidth(5), 'never wider than the lanes need');
  assert.equal(columnWidth(40, 700, 1000, 600), 440, 'the titles keep 160 px');
  assert.equal(columnWidth(40, 700, 1000, 100), 18, 'never below one lane');
  assert.equal(columnWidth(40, 400, 1000, 0), 400, 'a list not laid out yet does not limit it');
});

test('lane scroll: clamped to the lanes, and a lane scrolled to sits in the middle', () => {
  assert.equal(clampScroll(-20, 30, 200), 0);
  assert.equal(clampScroll(10_000, 30, 200), lanesWidth(30) - 200);
  assert.equal(scrollToShow(0, 30, 200), 0);
  const middle = scrollToShow(20, 30, 200);
  assert.ok(Math.abs(laneX(20) - middle - 100) <= LANE_WIDTH / 2, `lane 20 is mid-column at scroll ${middle}`);
  assert.equal(nodeOutside(20, { scroll: middle, width: 200 }), undefined);
  assert.equal(nodeOutside(0, { scroll: middle, width: 200 }), 'left');
  assert.equal(nodeOutside(29, { scroll: 0, width: 200 }), 'right');
  assert.equal(nodeOutside(29, undefined), undefined, 'lanes that fit are never cut');
});

/** A merge-heavy DAG: most commits merge a branch from up to `back` commits before. */
function mergeHeavy(count: number, back: number): LayoutNode[] {
  let seed = 3;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const nodes: LayoutNode[] = [];
  for (let i = 0; i < count; i++) {
    const parents = i === 0 ? [] : [hash(i - 1)];
    if (i > back && random() < 0.5) parents.push(hash(i - 1 - Math.floor(random() * back)));
    nodes.push({ id: hash(i), parents });
  }
  return nodes.reverse();
}

test('every row shows its dot inside the column, whatever the width and the scroll: at the edge with an arrow when its lane is away', () => {
  const rows = layoutGraph(mergeHeavy(400, 60));
  const lanes = Math.max(...rows.map((row) => row.lanesOut.length + 1));
  assert.ok(lanes > 15, `${lanes} lanes`);
  fc.assert(
    fc.property(fc.integer({ min: 18, max: 300 }), fc.nat({ max: 1000 }), (width, wanted) => {
      const view = { scroll: clampScroll(wanted, lanes, width), width };
      for (const row of rows) {
        const svg = rowSvg(row, { kind: 'commit' }, view);
        const dots = [...svg.matchAll(/<circle class="n [^"]*" cx="(-?[\d.]+)"/g)].map((m) => Number(m[1]));
        assert.equal(dots.length, 1);
        assert.ok(
          dots[0] - 4.5 >= 0 && dots[0] + 4.5 <= width,
          `dot at ${dots[0]} in a column ${width} wide (lane ${row.column}, scroll ${view.scroll})`,
        );
        const outside = nodeOutside(row.column, view);
        assert.equal(
          svg.includes('edge-marker'),
          outside !== undefined,
          'an arrow exactly when the lane is out of view',
        );
        if (!outside) assert.equal(dots[0], laneX(row.column) - view.scroll, 'in its lane otherwise');
      }
    }),
    { numRuns: 60 },
  );
});

const draft = (n: number, parents: number[], extra: Partial<GraphCommit> = {}): GraphCommit => ({
  hash: hash(n),
  parents: parents.map(hash),
  title: `commit ${n}`,
  author: 'Ada',
  date: 1_700_000_000,
  branches: [],
  phase: 'draft',
  isHead: false,
  ...extra,
});

test('smartlog colours: trunk in one colour, each stack in its own, stacks on one base in different lanes; uncommitted changes neutral', () => {
  // Trunk tip 100 and base 1; stacks 10-12 and 20-22 both on 1; HEAD on the base with local changes.
  const commits = [
    draft(100, [1], { phase: 'public' }),
    draft(12, [11]),
    draft(11, [10]),
    draft(10, [1]),
    draft(22, [21]),
    draft(21, [20]),
    draft(20, [1]),
    draft(1, [], { phase: 'public', isHead: true }),
  ];
  const model = GraphModel.smartlog(commits, { staged: 0, modified: 1, untracked: 0, conflicted: 0 });
  const at = (n: number) => model.indexOf(hash(n));
  const color = (n: number) => model.colorsAt(at(n))!.node;
  const lane = (n: number) => model.layoutRow(at(n)).column;
  assert.equal(color(100), color(1), 'trunk commits share a colour');
  assert.deepEqual([color(11), color(10)], [color(12), color(12)], 'a stack keeps its colour');
  assert.notEqual(color(12), color(100));
  assert.notEqual(color(22), color(12), 'the second stack gets another colour');
  assert.notEqual(lane(22), lane(10), 'and does not start in the lane the first one just left');
  const uncommitted = model.rows.findIndex((row) => row.kind === 'uncommitted');
  assert.equal(colorClass(model.colorsAt(uncommitted)!.node), 'cn');
  // The edge from a stack's bottom into trunk is the stack's; trunk's own edge keeps trunk's colour.
  const bottom = model.colorsAt(at(10))!;
  assert.equal(bottom.fork(model.layoutRow(at(10)).parentColumns[0]), color(12));
  assert.equal(model.colorsAt(at(1))!.above(lane(1)), color(100));
  assert.equal(GraphModel.history().colorsAt(0), undefined, 'history colours by lane');
});

test('needs restack: the outdated commit and the one on it are marked; Restack is offered on the row that sits on it', () => {
  const commits = [
    draft(3, [2], { needsRestack: true }),
    draft(4, [1]),
    draft(2, [1], { outdatedBy: hash(4) }),
    draft(1, [], { phase: 'public' }),
  ];
  const model = GraphModel.smartlog(commits, null);
  const offers = commits.map((c) => model.offersRestack(model.indexOf(c.hash)));
  assert.deepEqual(
    offers,
    [true, false, false, false],
    'once: on the commit that waits, not again on the outdated one under it',
  );
  assert.deepEqual(
    restackMarks(commits[0], true).map((m) => `${m.kind}:${m.text}`),
    ['needs-restack:needs restack', 'button:Restack'],
  );
  assert.deepEqual(
    restackMarks(commits[2], false).map((m) => `${m.kind}:${m.text}`),
    [`outdated:outdated: now ${hash(4).slice(0, 9)}`],
  );
  // A branch left on an outdated commit with nothing on it: that row offers Restack itself.
  const alone = GraphModel.smartlog(
    [draft(4, [1]), draft(2, [1], { outdatedBy: hash(4), branches: [] }), draft(1, [], { phase: 'public' })],
    null,
  );
  assert.equal(alone.offersRestack(alone.indexOf(hash(2))), true);
  const svg = rowSvg(model.layoutRow(model.indexOf(hash(2))), { kind: 'outdated' });
  assert.match(svg, /class="n hollow outdated/);
  assert.match(rowSvg(model.layoutRow(0), { kind: 'draft', restack: true }), /class="restack-ring"/);
});
