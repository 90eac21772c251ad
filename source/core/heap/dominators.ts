import type { CsrGraph } from './csr.js';
import { reverseCsr } from './csr.js';

export interface DominatorTree {
  /**
   * Immediate dominator of each node: a node index, `nodeCount` for the
   * virtual super-root, or -1 when the node is unreachable from the roots.
   */
  idom: Int32Array;
  /** Reachable nodes in DFS preorder from the super-root (the super-root excluded). */
  order: Uint32Array;
}

/**
 * Dominators of `graph` from a virtual super-root whose successors are
 * `roots`, by the Semi-NCA algorithm (Lengauer–Tarjan semidominators with path
 * compression, then nearest common ancestors): O(E log V), no recursion.
 */
export function dominatorTree(graph: CsrGraph, roots: ArrayLike<number>): DominatorTree {
  const n = graph.nodeCount;
  const { starts, targets } = graph;
  const superRoot = n;
  // Preorder numbers: 0 is the super-root.
  const pre = new Int32Array(n).fill(-1);
  const vertex = new Uint32Array(n + 1);
  const parent = new Int32Array(n + 1);
  vertex[0] = superRoot;
  parent[0] = -1;
  let count = 1;
  {
    const stackNode = new Uint32Array(n + 1);
    const stackEdge = new Uint32Array(n + 1);
    for (let r = 0; r < roots.length; r++) {
      const root = roots[r]!;
      if (pre[root] !== -1) continue;
      pre[root] = count;
      vertex[count] = root;
      parent[count] = 0;
      count++;
      let top = 0;
      stackNode[0] = root;
      stackEdge[0] = starts[root]!;
      while (top >= 0) {
        const v = stackNode[top]!;
        const e = stackEdge[top]!;
        if (e < starts[v + 1]!) {
          stackEdge[top] = e + 1;
          const w = targets[e]!;
          if (pre[w] === -1) {
            pre[w] = count;
            vertex[count] = w;
            parent[count] = pre[v]!;
            count++;
            top++;
            stackNode[top] = w;
            stackEdge[top] = starts[w]!;
          }
        } else {
          top--;
        }
      }
    }
  }
  const isRoot = new Uint8Array(n);
  for (let r = 0; r < roots.length; r++) isRoot[roots[r]!] = 1;

  const predecessors = reverseCsr(graph);
  const semi = new Int32Array(count);
  const label = new Int32Array(count);
  const ancestor = new Int32Array(count).fill(-1);
  for (let i = 0; i < count; i++) {
    semi[i] = i;
    label[i] = i;
  }
  const path = new Int32Array(count);
  // eval(v): the vertex with the smallest semi on the compressed path to v's tree root.
  const evaluate = (v: number): number => {
    if (ancestor[v] === -1) return v;
    let depth = 0;
    let x = v;
    while (ancestor[ancestor[x]!]! !== -1) {
      path[depth++] = x;
      x = ancestor[x]!;
    }
    while (depth > 0) {
      const y = path[--depth]!;
      const a = ancestor[y]!;
      if (semi[label[a]!]! < semi[label[y]!]!) label[y] = label[a]!;
      ancestor[y] = ancestor[a]!;
    }
    return label[v]!;
  };
  for (let i = count - 1; i >= 1; i--) {
    const w = vertex[i]!;
    let s = semi[i]!;
    if (isRoot[w]) s = 0;
    const end = predecessors.starts[w + 1]!;
    for (let e = predecessors.starts[w]!; e < end && s > 0; e++) {
      const p = pre[predecessors.targets[e]!]!;
      if (p === -1) continue;
      const u = evaluate(p);
      if (semi[u]! < s) s = semi[u]!;
    }
    semi[i] = s;
    ancestor[i] = parent[i]!;
  }
  // Semi-NCA: idom(i) is the nearest ancestor of parent(i) at or above semi(i).
  const idomPre = label; // reuse
  idomPre[0] = 0;
  for (let i = 1; i < count; i++) {
    let d = parent[i]!;
    const s = semi[i]!;
    while (d > s) d = idomPre[d]!;
    idomPre[i] = d;
  }
  const idom = new Int32Array(n).fill(-1);
  for (let i = 1; i < count; i++) idom[vertex[i]!] = vertex[idomPre[i]!]!;
  return { idom, order: vertex.slice(1, count) };
}

/**
 * Retained size of each node: its own size plus everything it dominates.
 * Nodes unreachable from the roots retain 0.
 */
export function retainedSizes(tree: DominatorTree, sizeOf: (node: number) => number): Float64Array {
  const { idom, order } = tree;
  const n = idom.length;
  const retained = new Float64Array(n);
  for (let i = 0; i < order.length; i++) {
    const v = order[i]!;
    retained[v] = sizeOf(v);
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const v = order[i]!;
    const d = idom[v]!;
    if (d >= 0 && d < n) retained[d]! += retained[v]!;
  }
  return retained;
}
