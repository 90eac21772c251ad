import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { retainedByGroup } from '../../../source/core/heap/analysis.js';
import { csrFromEdges } from '../../../source/core/heap/csr.js';
import { dominatorTree, retainedSizes } from '../../../source/core/heap/dominators.js';
import { stronglyConnectedComponents } from '../../../source/core/heap/scc.js';

const graphs = fc.integer({ min: 1, max: 14 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: n * 3 }),
    roots: fc.uniqueArray(fc.nat(n - 1), { minLength: 1, maxLength: 3 }),
  }),
);

/** Nodes reachable from the roots (super-root) when `removed` is deleted. */
function reachable(
  n: number,
  edges: [number, number][],
  roots: number[],
  removed: number,
): boolean[] {
  const seen = new Array<boolean>(n).fill(false);
  const work = roots.filter((r) => r !== removed);
  for (const r of work) seen[r] = true;
  while (work.length > 0) {
    const v = work.pop()!;
    for (const [from, to] of edges) {
      if (from === v && to !== removed && !seen[to]) {
        seen[to] = true;
        work.push(to);
      }
    }
  }
  return seen;
}

test('dominators match brute force: v dominates w iff removing v makes w unreachable', () => {
  fc.assert(
    fc.property(graphs, ({ n, edges, roots }) => {
      const tree = dominatorTree(csrFromEdges(n, edges), roots);
      const all = reachable(n, edges, roots, -1);
      const dominates: boolean[][] = [];
      for (let v = 0; v < n; v++) {
        const without = reachable(n, edges, roots, v);
        dominates.push(all.map((r, w) => r && w !== v && !without[w]));
      }
      for (let w = 0; w < n; w++) {
        if (!all[w]) {
          assert.equal(tree.idom[w], -1);
          continue;
        }
        // Strict dominators of w, by brute force; idom is the one dominated by all the others.
        const doms = [...Array(n).keys()].filter((v) => dominates[v]![w]);
        const expected = doms.find((d) => doms.every((o) => o === d || dominates[o]![d])) ?? n;
        assert.equal(tree.idom[w], expected, `idom of ${w}`);
      }
      // Retained size with unit sizes = 1 + number of nodes dominated.
      const retained = retainedSizes(tree, () => 1);
      for (let v = 0; v < n; v++) {
        const expected = all[v] ? 1 + dominates[v]!.filter(Boolean).length : 0;
        assert.equal(retained[v], expected, `retained of ${v}`);
      }
    }),
    { numRuns: 400 },
  );
});

test('SCCs match brute force: same component iff mutually reachable', () => {
  fc.assert(
    fc.property(graphs, ({ n, edges }) => {
      const { component, count } = stronglyConnectedComponents(csrFromEdges(n, edges));
      const reach = [...Array(n).keys()].map((v) => {
        const seen = reachable(n, edges, [v], -1);
        return seen;
      });
      for (let v = 0; v < n; v++) {
        for (let w = 0; w < n; w++) {
          const mutual = reach[v]![w]! && reach[w]![v]!;
          assert.equal(component[v] === component[w], mutual, `${v} ${w}`);
        }
      }
      assert.equal(count, new Set(component).size);
      // Reverse topological numbering: an edge never goes to a larger component number.
      for (const [from, to] of edges) assert.ok(component[to]! <= component[from]!);
    }),
    { numRuns: 400 },
  );
});

test('group retained bytes: the dominator-tree sum over members not dominated by a member, a lower bound of the set retained size', () => {
  fc.assert(
    fc.property(
      graphs,
      fc.array(fc.integer({ min: -1, max: 1 }), { minLength: 14, maxLength: 14 }),
      ({ n, edges, roots }, groups) => {
        const tree = dominatorTree(csrFromEdges(n, edges), roots);
        const sizes = [...Array(n).keys()].map((v) => v + 1);
        const retained = retainedSizes(tree, (v) => sizes[v]!);
        const groupOf = Int32Array.from({ length: n }, (_, v) => groups[v]!);
        const result = retainedByGroup(tree.idom, tree.order, retained, groupOf, 2);
        const all = reachable(n, edges, roots, -1);
        const dominates = (v: number, w: number) =>
          all[w] && v !== w && !reachable(n, edges, roots, v)[w];
        for (let g = 0; g < 2; g++) {
          const members = [...Array(n).keys()].filter((v) => groupOf[v] === g && all[v]);
          // Brute force of the definition: members dominated by no other member.
          let expected = 0;
          for (const m of members) {
            if (members.some((o) => dominates(o, m))) continue;
            for (let w = 0; w < n; w++) if (w === m || dominates(m, w)) expected += sizes[w]!;
          }
          assert.equal(result[g], expected, `group ${g}`);
          // Never more than what freeing every member at once would free.
          const edgesWithout = edges.filter(([a, b]) => groupOf[a] !== g && groupOf[b] !== g);
          const after = reachable(
            n,
            edgesWithout,
            roots.filter((r) => groupOf[r] !== g),
            -1,
          );
          let setRetained = 0;
          for (let v = 0; v < n; v++) if (all[v] && !after[v]) setRetained += sizes[v]!;
          assert.ok(result[g]! <= setRetained);
        }
      },
    ),
    { numRuns: 300 },
  );
});

test('deep chains do not overflow the stack (no recursion)', () => {
  const n = 300_000;
  const edges: [number, number][] = [];
  for (let v = 0; v + 1 < n; v++) {
    edges.push([v, v + 1]);
    edges.push([v + 1, v]);
  }
  const graph = csrFromEdges(n, edges);
  const tree = dominatorTree(graph, [0]);
  assert.equal(tree.idom[n - 1], n - 2);
  const { count } = stronglyConnectedComponents(graph);
  assert.equal(count, 1);
  const retained = retainedSizes(tree, () => 1);
  assert.equal(retained[0], n);
});
