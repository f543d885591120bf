// Lane layout: ASCII golden files (UPDATE_GOLDENS=1 rewrites them) and invariants on random DAGs.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { layoutGraph, type LayoutNode } from '../../src/core/graph/layout';
import { renderText } from '../../src/core/graph/text';

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

function draw(nodes: LayoutNode[]): string {
  return renderText(layoutGraph(nodes), nodes.map((n) => ({ glyph: 'o', lines: [n.id] }))) + '\n';
}

const CASES: Record<string, string> = {
  linear: 'c:b\nb:a\na:',
  'two-stacks-one-base': 'y2:y1\ny1:base\nx2:x1\nx1:base\nbase:',
  'fork-inside-stack': 'top:mid\nside:mid\nmid:base\nbase:',
  merge: 'm:c b\nb:a\nc:a\na:',
  octopus: 'm:a b c\nc:r\nb:r\na:r\nr:',
  'criss-cross': 'm2:a2 b2\nm1:b2 a2\nb2:b1 a1\na2:a1 b1\nb1:r\na1:r\nr:',
  'parallel-stacks': 'd1:d\nc1:c\nb1:b\na1:a\nd:c\nc:b\nb:a\na:',
  'missing-parent': 'b:a\na:gone',
};

for (const [name, spec] of Object.entries(CASES)) {
  test(`layout golden: ${name}`, () => {
    const actual = draw(parse(spec));
    const file = join(GOLDEN_DIR, `${name}.txt`);
    if (process.env.UPDATE_GOLDENS || !existsSync(file)) writeFileSync(file, actual);
    assert.equal(actual, readFileSync(file, 'utf8'));
  });
}

/** A small seeded PRNG so failures reproduce. */
function random(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

function randomDag(rand: () => number, size: number): LayoutNode[] {
  // Nodes are made oldest first, then listed newest first, so parents always come later.
  const nodes: LayoutNode[] = [];
  for (let i = 0; i < size; i++) {
    const parents = new Set<string>();
    const count = i === 0 ? 0 : rand() < 0.15 ? 2 + Math.floor(rand() * 2) : 1;
    for (let k = 0; k < count; k++) parents.add(`n${Math.floor(rand() * i)}`);
    nodes.push({ id: `n${i}`, parents: [...parents] });
  }
  return nodes.reverse();
}

test('layout invariants on random DAGs: every edge drawn once and arrives, one node per cell', () => {
  for (let seed = 1; seed <= 200; seed++) {
    const nodes = randomDag(random(seed), 2 + (seed % 40));
    const rows = layoutGraph(nodes);
    const rowOf = new Map(rows.map((row, index) => [row.id, index]));
    rows.forEach((row, index) => {
      assert.ok(row.column >= 0, `seed ${seed}: node placed`);
      assert.ok(!row.lanesIn.some((id, c) => c !== row.column && !row.mergingColumns.includes(c) && id === row.id), `seed ${seed}: no lane left waiting for ${row.id}`);
      const node = nodes[index];
      node.parents.forEach((parent, k) => {
        const lane = row.parentColumns[k];
        assert.ok(lane >= 0, `seed ${seed}: edge ${row.id}→${parent} has a lane`);
        assert.equal(row.lanesOut[lane], parent, `seed ${seed}: lane ${lane} carries ${row.id}→${parent}`);
        const target = rows[rowOf.get(parent)!];
        for (let r = index + 1; r < rowOf.get(parent)!; r++) assert.equal(rows[r].lanesOut[lane], parent, `seed ${seed}: lane ${lane} holds until ${parent}`);
        assert.ok(target.column === lane || target.mergingColumns.includes(lane), `seed ${seed}: edge ${row.id}→${parent} arrives`);
      });
      assert.equal(new Set(row.parentColumns.filter((c) => c >= 0)).size, row.parentColumns.filter((c) => c >= 0).length, `seed ${seed}: parents in distinct lanes`);
    });
  }
});
