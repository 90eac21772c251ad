import type { CsrGraph } from './csr.js';

export interface Components {
  /** Component number of each node, 0-based. */
  component: Uint32Array;
  count: number;
}

/**
 * Strongly connected components by Tarjan's algorithm with explicit stacks (no
 * recursion), O(V + E). Components are numbered in reverse topological order
 * of the condensation (a component's successors get smaller numbers).
 */
export function stronglyConnectedComponents(graph: CsrGraph): Components {
  const n = graph.nodeCount;
  const { starts, targets } = graph;
  const unvisited = 0xffffffff;
  const index = new Uint32Array(n).fill(unvisited);
  const low = new Uint32Array(n);
  const component = new Uint32Array(n).fill(unvisited);
  const stack = new Uint32Array(n);
  const callNode = new Uint32Array(n);
  const callEdge = new Uint32Array(n);
  let stackTop = 0;
  let nextIndex = 0;
  let count = 0;
  for (let start = 0; start < n; start++) {
    if (index[start] !== unvisited) continue;
    let depth = 0;
    callNode[0] = start;
    callEdge[0] = starts[start]!;
    index[start] = nextIndex;
    low[start] = nextIndex;
    nextIndex++;
    stack[stackTop++] = start;
    while (depth >= 0) {
      const v = callNode[depth]!;
      const e = callEdge[depth]!;
      if (e < starts[v + 1]!) {
        callEdge[depth] = e + 1;
        const w = targets[e]!;
        if (index[w] === unvisited) {
          index[w] = nextIndex;
          low[w] = nextIndex;
          nextIndex++;
          stack[stackTop++] = w;
          depth++;
          callNode[depth] = w;
          callEdge[depth] = starts[w]!;
        } else if (component[w] === unvisited && index[w]! < low[v]!) {
          // w is on the stack (visited, not yet assigned).
          low[v] = index[w]!;
        }
        continue;
      }
      // v is finished.
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack[--stackTop]!;
          component[w] = count;
        } while (w !== v);
        count++;
      }
      depth--;
      if (depth >= 0) {
        const u = callNode[depth]!;
        if (low[v]! < low[u]!) low[u] = low[v]!;
      }
    }
  }
  return { component, count };
}
