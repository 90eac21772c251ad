import type { ByteSource } from './byte-source.js';
import { dominatorTree, retainedSizes } from './dominators.js';
import { buildHeapGraph, type HeapGraph, RootKind } from './heap-graph.js';
import { stronglyConnectedComponents } from './scc.js';
import { StackTable } from './sites.js';

/** Names addresses of the program's globals (from the binary's ELF symbol table). */
export interface SymbolLookup {
  lookup(address: number): { name: string; offset: number } | undefined;
}

export interface PathStep {
  kind: 'global' | 'stack' | 'finalizer' | 'other' | 'object';
  /** What is shown for the step. */
  text: string;
  /** Object steps: address, allocation site (or "unsampled (size N)"), size, and the field offset in the previous object. */
  address?: string;
  site?: string;
  size?: number;
  fieldOffset?: number;
}

export interface SiteGroup {
  site: string;
  count: number;
  bytes: number;
  /** Bytes freed if the group's new objects were freed (dominator tree). */
  retainedBytes: number;
  /** Shortest retention path from a root to a representative object. */
  path: string[];
  pathSteps: PathStep[];
  /** False for the "unsampled (size N)" groups. */
  sampled: boolean;
}

export interface CycleGroup {
  /** Allocation sites of the members, sorted. */
  sites: string[];
  components: number;
  objects: number;
  /** How many of those objects are new in B. */
  newObjects: number;
  bytes: number;
  example: { size: number; bytes: number; path: string[]; pathSteps: PathStep[] };
}

export interface DumpInfo {
  objects: number;
  bytes: number;
  sampledObjects: number;
  dumpBytes: number;
  goVersion: string | null;
}

export interface GraphReport {
  newObjects: { count: number; bytes: number; sampled: number };
  sites: SiteGroup[];
  cycles: CycleGroup[];
  dumps: { a: DumpInfo; b: DumpInfo };
  /** How "new" was decided, in words. */
  heuristic: string;
}

/** The steps of analyzeDumps, in order. */
export type AnalysisPhase = 'read-a' | 'read-b' | 'new-objects' | 'dominators' | 'paths' | 'cycles';

export interface AnalyzeOptions {
  symbols?: SymbolLookup;
  labelA?: string;
  labelB?: string;
  /** Called as each step starts (for progress displays). */
  onPhase?: (phase: AnalysisPhase) => void;
}

export const newObjectHeuristic =
  'an object of B is new unless A had an object at the same address with the same size and the same allocation stack (both unsampled counts as the same); address reuse by an unsampled object of the same size is counted as old';

const unvisited = -2147483648;

/** What the comparison needs of dump A: its objects, not its edges. */
export type ObjectTable = Pick<
  HeapGraph,
  | 'nodeCount'
  | 'addresses'
  | 'sizes'
  | 'stack'
  | 'params'
  | 'dumpBytes'
  | 'totalBytes'
  | 'sampledObjects'
>;

function info(graph: ObjectTable): DumpInfo {
  return {
    objects: graph.nodeCount,
    bytes: graph.totalBytes,
    sampledObjects: graph.sampledObjects,
    dumpBytes: graph.dumpBytes,
    goVersion: graph.params?.goVersion ?? null,
  };
}

/** Marks the objects of B that are not in A (see newObjectHeuristic), by a merge walk. */
export function markNewObjects(a: ObjectTable, b: ObjectTable): Uint8Array {
  const isNew = new Uint8Array(b.nodeCount);
  let i = 0;
  for (let j = 0; j < b.nodeCount; j++) {
    const address = b.addresses[j]!;
    while (i < a.nodeCount && a.addresses[i]! < address) i++;
    const same =
      i < a.nodeCount &&
      a.addresses[i] === address &&
      a.sizes[i] === b.sizes[j] &&
      a.stack[i] === b.stack[j];
    if (!same) isNew[j] = 1;
  }
  return isNew;
}

/**
 * Compares heap dump A with heap dump B (same process, B later): B's new
 * objects grouped by allocation site with their retained size and a shortest
 * retention path, and the strongly connected components (reference cycles)
 * that contain new objects. Reads A first and keeps only its addresses.
 */
export function analyzeDumps(
  a: ByteSource,
  b: ByteSource,
  options: AnalyzeOptions = {},
): GraphReport {
  const phase = options.onPhase ?? (() => {});
  const stacks = new StackTable();
  phase('read-a');
  const graphA = buildHeapGraph(a, stacks, { edges: false, label: options.labelA ?? 'dump A' });
  phase('read-b');
  const graphB = buildHeapGraph(b, stacks, { edges: true, label: options.labelB ?? 'dump B' });
  return compareGraphs(graphA, graphB, stacks, options);
}

/**
 * The analysis once both dumps are read: `a` (objects only) and `b` (with edges), their
 * allocation stacks interned in the same `stacks`.
 */
export function compareGraphs(
  a: ObjectTable,
  b: HeapGraph,
  stacks: StackTable,
  options: AnalyzeOptions = {},
): GraphReport {
  const phase = options.onPhase ?? (() => {});
  phase('new-objects');
  const isNew = markNewObjects(a, b);
  return analyzeGraph(b, isNew, stacks, options.symbols, info(a), phase);
}

/** The analyses on B once the new objects are known. */
export function analyzeGraph(
  g: HeapGraph,
  isNew: Uint8Array,
  stacks: StackTable,
  symbols: SymbolLookup | undefined,
  infoA: DumpInfo,
  phase: (phase: AnalysisPhase) => void = () => {},
): GraphReport {
  const n = g.nodeCount;
  const { starts, targets, offsets, sizes, stack } = g;

  // Site name of an object: its allocation site, or its size when unsampled.
  const siteName = (v: number): string => {
    const s = stack[v]!;
    return s >= 0 ? stacks.sites[stacks.siteOfStack[s]!]! : `unsampled (size ${sizes[v]})`;
  };

  // Groups of new objects.
  const groupIds = new Map<string, number>();
  const groups: { site: string; count: number; bytes: number; sampled: boolean }[] = [];
  const groupOf = new Int32Array(n).fill(-1);
  let newCount = 0;
  let newBytes = 0;
  let newSampled = 0;
  for (let v = 0; v < n; v++) {
    if (!isNew[v]) continue;
    const name = siteName(v);
    let id = groupIds.get(name);
    if (id === undefined) {
      id = groups.length;
      groupIds.set(name, id);
      groups.push({ site: name, count: 0, bytes: 0, sampled: stack[v]! >= 0 });
    }
    groupOf[v] = id;
    const group = groups[id]!;
    group.count++;
    group.bytes += sizes[v]!;
    newCount++;
    newBytes += sizes[v]!;
    if (stack[v]! >= 0) newSampled++;
  }

  // Dominators from a super-root over all roots, and retained sizes.
  phase('dominators');
  const rootSet = new Uint8Array(n);
  const rootList: number[] = [];
  for (let r = 0; r < g.roots.count; r++) {
    const t = g.roots.target[r]!;
    if (!rootSet[t]) {
      rootSet[t] = 1;
      rootList.push(t);
    }
  }
  const tree = dominatorTree(g, rootList);
  const retained = retainedSizes(tree, (v) => sizes[v]!);
  const groupRetained = retainedByGroup(tree.idom, tree.order, retained, groupOf, groups.length);

  // Shortest paths: BFS from the roots that last (globals, finalizers, the runtime's), then,
  // for what those do not reach, from goroutine stacks. A stack holds an object only while a
  // function runs: a leak's objects are explained by the global that keeps them, even when
  // the dump caught the allocating function holding its newest one (the representative of
  // a site is the first of its objects the search reaches).
  phase('paths');
  const via = new Int32Array(n).fill(unvisited);
  const queue = new Uint32Array(n);
  let head = 0;
  let tail = 0;
  const representative = new Int32Array(groups.length).fill(-1);
  for (const stacks of [false, true]) {
    for (let r = 0; r < g.roots.count; r++) {
      if ((g.roots.kind[r] === RootKind.stack) !== stacks) continue;
      const t = g.roots.target[r]!;
      if (via[t] !== unvisited) continue;
      via[t] = -(r + 1);
      queue[tail++] = t;
    }
    while (head < tail) {
      const v = queue[head++]!;
      const group = groupOf[v]!;
      if (group >= 0 && representative[group] === -1) representative[group] = v;
      const end = starts[v + 1]!;
      for (let e = starts[v]!; e < end; e++) {
        const w = targets[e]!;
        if (via[w] === unvisited) {
          via[w] = e;
          queue[tail++] = w;
        }
      }
    }
  }
  // Unreachable new objects (should not happen after a GC) still get a representative.
  for (let v = 0; v < n; v++) {
    const group = groupOf[v]!;
    if (group >= 0 && representative[group] === -1) representative[group] = v;
  }
  const bfsRank = new Uint32Array(n).fill(0xffffffff);
  for (let i = 0; i < tail; i++) bfsRank[queue[i]!] = i;

  const sourceOfEdge = (e: number): number => {
    // The last v with starts[v] <= e and starts[v + 1] > e.
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= e) lo = mid;
      else hi = mid - 1;
    }
    while (lo < n && starts[lo + 1]! <= e) lo++;
    return lo;
  };
  const hex = (x: number) => `0x${x.toString(16)}`;
  const rootStep = (r: number): PathStep => {
    const kind = g.roots.kind[r]!;
    const slot = g.roots.slot[r]!;
    const labelId = g.roots.label[r]!;
    const labelText = labelId >= 0 ? (g.roots.labels[labelId] ?? '?') : '?';
    switch (kind) {
      case RootKind.global: {
        const symbol = symbols?.lookup(slot);
        const text = symbol
          ? `global ${symbol.name}${symbol.offset ? `+${hex(symbol.offset)}` : ''}`
          : `global ${hex(slot)}`;
        return { kind: 'global', text };
      }
      case RootKind.stack:
        return { kind: 'stack', text: `stack ${labelText} (goroutine ${g.roots.goroutine[r]})` };
      case RootKind.finalizer:
        return { kind: 'finalizer', text: `finalizer of ${hex(slot)}` };
      case RootKind.queuedFinalizer:
        return { kind: 'finalizer', text: `queued finalizer of ${hex(slot)}` };
      default:
        return { kind: 'other', text: labelText };
    }
  };
  const objectStep = (v: number, fieldOffset: number | undefined): PathStep => {
    const site = siteName(v);
    const text = `${fieldOffset === undefined ? '' : `+${hex(fieldOffset)} → `}${site} object`;
    const step: PathStep = {
      kind: 'object',
      text,
      address: hex(g.addresses[v]!),
      site,
      size: sizes[v]!,
    };
    if (fieldOffset !== undefined) step.fieldOffset = fieldOffset;
    return step;
  };
  const pathTo = (target: number): PathStep[] => {
    const steps: PathStep[] = [];
    let v = target;
    const limit = n + 1;
    for (let guard = 0; guard < limit; guard++) {
      const e = via[v]!;
      if (e === unvisited) {
        steps.push(objectStep(v, undefined));
        steps.push({
          kind: 'other',
          text: 'no root in the dump (garbage made after the GC, or held by runtime memory outside the heap)',
        });
        break;
      }
      if (e < 0) {
        steps.push(objectStep(v, undefined));
        steps.push(rootStep(-e - 1));
        break;
      }
      steps.push(objectStep(v, offsets[e]!));
      v = sourceOfEdge(e);
    }
    return steps.reverse();
  };

  const sites: SiteGroup[] = groups.map((group, id) => {
    const rep = representative[id]!;
    const steps = rep >= 0 ? pathTo(rep) : [];
    return {
      site: group.site,
      count: group.count,
      bytes: group.bytes,
      retainedBytes: groupRetained[id] ?? 0,
      path: steps.map((s) => s.text),
      pathSteps: steps,
      sampled: group.sampled,
    };
  });
  sites.sort((x, y) => y.bytes - x.bytes || y.count - x.count || (x.site < y.site ? -1 : 1));

  phase('cycles');
  const cycles = newCycles(g, isNew, siteName, bfsRank, pathTo);

  return {
    newObjects: { count: newCount, bytes: newBytes, sampled: newSampled },
    sites,
    cycles,
    dumps: { a: infoA, b: info(g) },
    heuristic: newObjectHeuristic,
  };
}

/**
 * For each group, the bytes retained by its objects: the sum of retained
 * sizes of the group's objects that have no dominator in the same group.
 * A walk of the dominator tree with a per-group depth counter, no recursion.
 */
export function retainedByGroup(
  idom: Int32Array,
  order: Uint32Array,
  retained: Float64Array,
  groupOf: Int32Array,
  groupCount: number,
): Float64Array {
  const n = idom.length;
  const result = new Float64Array(groupCount);
  if (groupCount === 0) return result;
  // Children lists of the dominator tree (super-root = n).
  const childStart = new Uint32Array(n + 2);
  for (let i = 0; i < order.length; i++) childStart[idom[order[i]!]! + 1]!++;
  for (let v = 0; v <= n; v++) childStart[v + 1]! += childStart[v]!;
  const cursor = childStart.slice();
  const children = new Uint32Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const v = order[i]!;
    children[cursor[idom[v]!]!++] = v;
  }
  const active = new Uint32Array(groupCount);
  const stackNode = new Uint32Array(order.length + 1);
  const stackNext = new Uint32Array(order.length + 1);
  let top = 0;
  stackNode[0] = n;
  stackNext[0] = childStart[n]!;
  while (top >= 0) {
    const v = stackNode[top]!;
    const next = stackNext[top]!;
    if (next < childStart[v + 1]!) {
      stackNext[top] = next + 1;
      const w = children[next]!;
      const group = groupOf[w]!;
      if (group >= 0) {
        if (active[group] === 0) result[group]! += retained[w]!;
        active[group]!++;
      }
      top++;
      stackNode[top] = w;
      stackNext[top] = childStart[w]!;
    } else {
      if (v < n) {
        const group = groupOf[v]!;
        if (group >= 0) active[group]!--;
      }
      top--;
    }
  }
  return result;
}

function newCycles(
  g: HeapGraph,
  isNew: Uint8Array,
  siteName: (v: number) => string,
  bfsRank: Uint32Array,
  pathTo: (v: number) => PathStep[],
): CycleGroup[] {
  const n = g.nodeCount;
  const { component, count } = stronglyConnectedComponents(g);
  const members = new Uint32Array(count);
  const hasNew = new Uint8Array(count);
  for (let v = 0; v < n; v++) {
    const c = component[v]!;
    members[c]!++;
    if (isNew[v]) hasNew[c] = 1;
  }
  // A single object is a cycle only when it points at itself.
  const selfLoop = new Uint8Array(count);
  for (let v = 0; v < n; v++) {
    const c = component[v]!;
    if (members[c] !== 1 || !hasNew[c]) continue;
    const end = g.starts[v + 1]!;
    for (let e = g.starts[v]!; e < end; e++) if (g.targets[e] === v) selfLoop[c] = 1;
  }
  const interesting = (c: number) => hasNew[c] === 1 && (members[c]! > 1 || selfLoop[c] === 1);
  const siteSets = new Map<number, Set<string>>();
  const stats = new Map<number, { bytes: number; newObjects: number; first: number }>();
  for (let v = 0; v < n; v++) {
    const c = component[v]!;
    if (!interesting(c)) continue;
    let set = siteSets.get(c);
    let stat = stats.get(c);
    if (!set || !stat) {
      set = new Set();
      siteSets.set(c, set);
      stat = { bytes: 0, newObjects: 0, first: v };
      stats.set(c, stat);
    }
    set.add(siteName(v));
    stat.bytes += g.sizes[v]!;
    if (isNew[v]) stat.newObjects++;
    if (bfsRank[v]! < bfsRank[stat.first]!) stat.first = v;
  }
  const byKey = new Map<
    string,
    {
      sites: string[];
      components: number;
      objects: number;
      newObjects: number;
      bytes: number;
      example: number;
    }
  >();
  for (const [c, set] of siteSets) {
    const sites = [...set].sort();
    const key = sites.join('\u0000');
    const stat = stats.get(c)!;
    let group = byKey.get(key);
    if (!group) {
      group = { sites, components: 0, objects: 0, newObjects: 0, bytes: 0, example: c };
      byKey.set(key, group);
    }
    group.components++;
    group.objects += members[c]!;
    group.newObjects += stat.newObjects;
    group.bytes += stat.bytes;
    const current = stats.get(group.example)!;
    if (bfsRank[stat.first]! < bfsRank[current.first]!) group.example = c;
  }
  const result: CycleGroup[] = [];
  for (const group of byKey.values()) {
    const example = stats.get(group.example)!;
    const steps = pathTo(example.first);
    result.push({
      sites: group.sites,
      components: group.components,
      objects: group.objects,
      newObjects: group.newObjects,
      bytes: group.bytes,
      example: {
        size: members[group.example]!,
        bytes: example.bytes,
        path: steps.map((s) => s.text),
        pathSteps: steps,
      },
    });
  }
  result.sort((x, y) => y.bytes - x.bytes || y.components - x.components);
  return result;
}
