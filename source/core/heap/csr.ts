/**
 * A directed graph in compressed sparse row form: the successors of node v are
 * `targets[starts[v] .. starts[v + 1])`. `starts` has nodeCount + 1 entries.
 */
export interface CsrGraph {
  nodeCount: number;
  starts: Uint32Array;
  targets: Uint32Array;
}

/** The reverse graph (predecessors) of a CSR graph, in CSR form. */
export function reverseCsr(graph: CsrGraph): CsrGraph {
  const { nodeCount, starts, targets } = graph;
  const counts = new Uint32Array(nodeCount + 1);
  const edgeCount = starts[nodeCount] ?? 0;
  for (let e = 0; e < edgeCount; e++) counts[targets[e]! + 1]!++;
  for (let v = 0; v < nodeCount; v++) counts[v + 1]! += counts[v]!;
  const reverseStarts = counts.slice();
  const cursor = counts;
  const reverseTargets = new Uint32Array(edgeCount);
  for (let v = 0; v < nodeCount; v++) {
    const end = starts[v + 1]!;
    for (let e = starts[v]!; e < end; e++) {
      const w = targets[e]!;
      reverseTargets[cursor[w]!++] = v;
    }
  }
  return { nodeCount, starts: reverseStarts, targets: reverseTargets };
}

/** Builds a CSR graph from an edge list (for tests and small graphs). */
export function csrFromEdges(
  nodeCount: number,
  edges: ReadonlyArray<readonly [number, number]>,
): CsrGraph {
  const starts = new Uint32Array(nodeCount + 1);
  for (const [from] of edges) starts[from + 1]!++;
  for (let v = 0; v < nodeCount; v++) starts[v + 1]! += starts[v]!;
  const cursor = starts.slice();
  const targets = new Uint32Array(edges.length);
  for (const [from, to] of edges) targets[cursor[from]!++] = to;
  return { nodeCount, starts, targets };
}
