// AncestryAbove, the in-memory half of the one-walk behind counts: on random histories, with lines
// in any order (clock skew reorders rev-list's output), every answer is either the exact count a
// plain reachability walk gives or "ask git" — never a wrong number.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AncestryAbove } from '../../src/core/smartlog/trunkCache';

const hashOf = (i: number) => i.toString(16).padStart(40, '0');

/** Every node reachable from `start` (itself included). */
function reach(parents: number[][], start: number): Set<number> {
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length > 0) {
    for (const p of parents[stack.pop()!]) {
      if (seen.has(p)) continue;
      seen.add(p);
      stack.push(p);
    }
  }
  return seen;
}

/** A history: node 0 is trunk tip, parents are always older (higher) nodes; a few merges. */
const history = fc
  .integer({ min: 3, max: 40 })
  .chain((n) =>
    fc.tuple(
      fc.constant(n),
      fc.array(
        fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean()),
        { minLength: n, maxLength: n },
      ),
      fc.integer({ min: 1, max: n - 1 }),
      fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 12 }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
    ),
  )
  .map(([n, picks, bottom, queries, order]) => {
    // Often a line (i → i + 1), often a jump past commits that only a merge's second parent reaches.
    const parents = picks.map(([a, b, merge], i) => {
      if (i === n - 1) return [];
      const first = a < 0.5 ? i + 1 : i + 1 + Math.floor(a * (n - 1 - i));
      const second = i + 1 + Math.floor(b * (n - 1 - i));
      return merge && second !== first && second < n ? [Math.min(first, n - 1), second] : [Math.min(first, n - 1)];
    });
    return { parents, bottom, queries, order };
  });

test('ancestor counts are exact or undefined, never wrong, whatever the line order', () => {
  fc.assert(
    fc.property(history, ({ parents, bottom, queries, order }) => {
      const trunk = reach(parents, 0);
      if (!trunk.has(bottom)) return;
      const belowBottom = reach(parents, bottom);
      const inside = [...trunk].filter((i) => !belowBottom.has(i));
      const lines = [...inside]
        .sort((a, b) => order[a] - order[b])
        .map((i) => [i, ...parents[i]].map(hashOf).join(' '));
      const graph = new AncestryAbove(`${lines.join('\n')}\n`, hashOf(bottom));
      assert.equal(graph.size, inside.length);
      const asked = [...new Set(queries.filter((q) => trunk.has(q) && q !== bottom))];
      const counts = graph.ancestorCounts(asked.map(hashOf));
      for (const q of asked) {
        const count = counts.get(hashOf(q));
        const behind = [...trunk].filter((i) => !reach(parents, q).has(i)).length;
        if (count !== undefined) assert.equal(graph.size - count, behind, `behind count of ${q}`);
        // Whatever has the bottom among its ancestors gets its answer from the walk.
        assert.equal(count !== undefined, inside.includes(q) && reach(parents, q).has(bottom), `answered for ${q}`);
      }
    }),
    { numRuns: 1000 },
  );
});

test('bases along one line are answered from one walk of the graph', () => {
  // tip → 1 → 2 → … → 9 → bottom (10): every query on the line gets an answer.
  const lines = Array.from({ length: 10 }, (_, i) => `${hashOf(i)} ${hashOf(i + 1)}`);
  const graph = new AncestryAbove(lines.join('\n'), hashOf(10));
  const counts = graph.ancestorCounts([2, 9, 5].map(hashOf));
  assert.deepEqual(
    [2, 9, 5].map((i) => graph.size - counts.get(hashOf(i))!),
    [2, 9, 5],
  );
});
