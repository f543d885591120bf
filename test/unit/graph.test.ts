// Lane layout: ASCII golden files (UPDATE_GOLDENS=1 rewrites them) and properties checked on random
// DAGs (fast-check) by an independent replay of what each lane carries.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { after } from 'node:test';
import { LaneLayout, layoutGraph, type LaneLayoutOptions, type LayoutNode, type LayoutRow } from '../../src/core/graph/layout';
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
  return renderText(layoutGraph(nodes, options), nodes.map((n) => ({ glyph: 'o', lines: [n.id] }))) + '\n';
}

function golden(name: string, actual: string): void {
  const file = join(GOLDEN_DIR, `${name}.txt`);
  if (process.env.UPDATE_GOLDENS || !existsSync(file)) writeFileSync(file, actual);
  assert.equal(actual, readFileSync(file, 'utf8'));
}

/** Lanes needed to draw every row. */
const widthOf = (rows: LayoutRow[]) => Math.max(...rows.map((row) => Math.max(row.column + 1, ...row.lanesOut.map((lane) => lane + 1))));

/** Six stacks on five trunk commits, listed the way the smartlog orders them. */
const MANY_STACKS = [
  'f3:f2', 'f2:f1', 'f1:t5',
  'e2:e1', 'e1:t5',
  't5:t4',
  'd1:t4',
  't4:t3',
  'c4:c3', 'c3:c2', 'c2:c1', 'c1:t3',
  'b1:t3',
  't3:t2',
  'a2:a1', 'a1:t1',
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
  assert.equal(layoutGraph(parse(STACKS_ON_ONE_BASE)).find((row) => row.id === 'a3')!.column, lane('b1'), 'without the option the lane is taken again at once');
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

test('layout golden: a merge-heavy history like git/git\'s (topics merged into master and maint, 20+ lanes at once)', async () => {
  const { nodes } = await mergeHeavyHistory();
  const layout = new LaneLayout();
  for (const node of nodes) layout.add(node);
  const rows = layout.rows;
  checkLayout(nodes, rows);
  assert.ok(Math.max(...rows.map((row) => row.lanesOut.length)) >= 20, 'at least 20 lanes carry edges at once');
  golden('merge-heavy', renderText(rows, nodes.map((n) => ({ glyph: 'o', lines: [n.title] }))) + '\n');
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
