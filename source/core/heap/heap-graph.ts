import { UsageError } from '../errors.js';
import type { ByteSource } from './byte-source.js';
import { ChunkedF64, ChunkedU32, chunkBits, chunkMask } from './chunked.js';
import type { CsrGraph } from './csr.js';
import type { DumpParams } from './dump-format.js';
import { readHeapDump } from './dump-reader.js';
import type { StackTable } from './sites.js';

export const RootKind = {
  global: 0,
  stack: 1,
  finalizer: 2,
  queuedFinalizer: 3,
  other: 4,
} as const;
export type RootKindCode = (typeof RootKind)[keyof typeof RootKind];

/** Where each root pointer lives, and the object it points into. */
export interface RootTable {
  count: number;
  kind: Uint8Array;
  /** Object index the root points into. */
  target: Uint32Array;
  /** Global: address of the pointer slot. Stack: offset in the frame. Finalizer: object address. */
  slot: Float64Array;
  /** Index into `labels`: the frame's function, the other root's description. */
  label: Int32Array;
  /** Goroutine id for stack roots. */
  goroutine: Float64Array;
  labels: string[];
}

/**
 * The object graph of one heap dump, with objects sorted by address in typed
 * arrays (no JS object per heap object). Edges are the object's pointer
 * fields resolved to object indices (interior pointers to the containing
 * object), in CSR form, with the field offset of each edge.
 */
export interface HeapGraph extends CsrGraph {
  /** Object addresses, strictly increasing. */
  addresses: Float64Array;
  sizes: Uint32Array;
  /** Field offset of each edge in its source object. */
  offsets: Uint32Array;
  /** Allocation stack id (in the shared StackTable) per object, -1 when not sampled. */
  stack: Int32Array;
  roots: RootTable;
  params: DumpParams | undefined;
  dumpBytes: number;
  totalBytes: number;
  sampledObjects: number;
}

export interface BuildOptions {
  /** Build edges and roots (false: addresses, sizes and stacks only, for dump A). */
  edges: boolean;
  label?: string;
}

/** Greatest safe address: Go addresses must be exact in a float64. */
const maxAddress = Number.MAX_SAFE_INTEGER;

/** Sorts object indices by address; objects of one dump never overlap. */
function sortPermutation(addresses: ChunkedF64, sizes: ChunkedU32): Uint32Array {
  const n = addresses.length;
  // Runs of objects that are contiguous in memory and in the file. Runs are
  // disjoint address ranges, so ordering runs by start orders all objects.
  const runStartIndex: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i === 0 || addresses.get(i) !== addresses.get(i - 1) + sizes.get(i - 1))
      runStartIndex.push(i);
  }
  const runs = runStartIndex.length;
  const starts = new Float64Array(runs);
  for (let r = 0; r < runs; r++) starts[r] = addresses.get(runStartIndex[r]!);
  const sortedStarts = starts.slice().sort();
  const order = new Uint32Array(runs); // order[rank] = run
  let sorted = true;
  for (let r = 0; r < runs; r++) {
    if (starts[r] !== sortedStarts[r]) sorted = false;
  }
  if (sorted) {
    for (let r = 0; r < runs; r++) order[r] = r;
  } else {
    for (let r = 0; r < runs; r++) {
      const start = starts[r]!;
      let lo = 0;
      let hi = runs - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sortedStarts[mid]! < start) lo = mid + 1;
        else hi = mid;
      }
      order[lo] = r;
    }
  }
  const permutation = new Uint32Array(n); // permutation[sorted] = original
  let j = 0;
  for (let rank = 0; rank < runs; rank++) {
    const r = order[rank]!;
    const from = runStartIndex[r]!;
    const to = r + 1 < runs ? runStartIndex[r + 1]! : n;
    for (let i = from; i < to; i++) permutation[j++] = i;
  }
  return permutation;
}

/** Finds the object containing an address (interior pointers included). */
export class AddressIndex {
  private readonly first: Uint32Array;
  private readonly min: number;
  private readonly scale: number;
  constructor(
    private readonly addresses: Float64Array,
    private readonly sizes: Uint32Array,
  ) {
    const n = addresses.length;
    this.min = n > 0 ? addresses[0]! : 0;
    const max = n > 0 ? addresses[n - 1]! + sizes[n - 1]! : 0;
    let shift = 13;
    const limit = Math.max(1 << 16, n);
    while ((max - this.min) / 2 ** shift > limit) shift++;
    this.scale = 2 ** -shift;
    const buckets = Math.floor((max - this.min) * this.scale) + 1;
    this.first = new Uint32Array(buckets + 1);
    let i = 0;
    for (let b = 0; b <= buckets; b++) {
      const lower = this.min + b / this.scale;
      while (i < n && addresses[i]! < lower) i++;
      this.first[b] = i;
    }
  }
  /** The index of the object containing `address`, or -1. */
  find(address: number): number {
    const b = Math.floor((address - this.min) * this.scale);
    if (b < 0 || b >= this.first.length - 1) return -1;
    // The answer is the last object at or below address: in [first[b]-1, first[b+1]-1].
    let lo = this.first[b]! - 1;
    let hi = this.first[b + 1]! - 1;
    if (hi < 0) return -1;
    if (lo < 0) lo = 0;
    const addresses = this.addresses;
    if (addresses[lo]! > address) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (addresses[mid]! <= address) lo = mid;
      else hi = mid - 1;
    }
    return address < addresses[lo]! + this.sizes[lo]! ? lo : -1;
  }
  /** The index of the object starting exactly at `address`, or -1. */
  exact(address: number): number {
    const i = this.find(address);
    return i >= 0 && this.addresses[i] === address ? i : -1;
  }
}

interface PendingRoot {
  kind: RootKindCode;
  target: number;
  slot: number;
  label: number;
  goroutine: number;
}

/** Reads a dump into a HeapGraph. Stacks are interned in `stacks`, shared between dumps. */
export function buildHeapGraph(
  source: ByteSource,
  stacks: StackTable,
  options: BuildOptions,
): HeapGraph {
  const label = options.label ?? 'heap dump';
  const wantEdges = options.edges;
  const objAddress = new ChunkedF64();
  const objSize = new ChunkedU32();
  const objEdgeStart = new ChunkedU32();
  const edgeRaw = new ChunkedF64();
  const edgeOffset = new ChunkedU32();
  const sampleAddress = new ChunkedF64();
  const sampleBucket = new ChunkedF64();
  const bucketStack = new Map<number, number>();
  const pending: PendingRoot[] = [];
  const labels: string[] = [];
  const labelIds = new Map<string, number>();
  const labelOf = (text: string): number => {
    let id = labelIds.get(text);
    if (id === undefined) {
      id = labels.length;
      labels.push(text);
      labelIds.set(text, id);
    }
    return id;
  };
  let params: DumpParams | undefined;
  let lowest = 0;
  let highest = maxAddress;
  let goroutineId = 0;
  let previousEnd = -1;
  let unsorted = false;

  const summary = readHeapDump(
    source,
    {
      params(p) {
        params = p;
        if (p.arenaEnd > p.arenaStart) {
          lowest = p.arenaStart;
          highest = p.arenaEnd;
        }
      },
      object(address, size, pointers) {
        if (address > maxAddress) throw new UsageError(`${label}: object address beyond 2^53`);
        if (address < previousEnd) unsorted = true;
        previousEnd = address + size;
        objAddress.push(address);
        objSize.push(size);
        if (!wantEdges) return;
        objEdgeStart.push(edgeRaw.length);
        for (let i = 0; i < pointers.length; i++) {
          const target = pointers.targets[i]!;
          if (target < lowest || target >= highest) continue;
          edgeRaw.push(target);
          edgeOffset.push(pointers.offsets[i]!);
        }
      },
      goroutine(g) {
        goroutineId = g.id;
      },
      stackFrame(frame, pointers) {
        if (!wantEdges) return;
        const name = labelOf(frame.name);
        for (let i = 0; i < pointers.length; i++) {
          pending.push({
            kind: RootKind.stack,
            target: pointers.targets[i]!,
            slot: pointers.offsets[i]!,
            label: name,
            goroutine: goroutineId,
          });
        }
      },
      segment(_kind, address, _size, pointers) {
        if (!wantEdges) return;
        for (let i = 0; i < pointers.length; i++) {
          pending.push({
            kind: RootKind.global,
            target: pointers.targets[i]!,
            slot: address + pointers.offsets[i]!,
            label: -1,
            goroutine: 0,
          });
        }
      },
      finalizer(record, queued) {
        if (!wantEdges) return;
        // The finalizer's closure is a root. An object with a finalizer keeps
        // its referents alive but not itself; a queued one is alive itself.
        pending.push({
          kind: queued ? RootKind.queuedFinalizer : RootKind.finalizer,
          target: record.fn,
          slot: record.object,
          label: -1,
          goroutine: 0,
        });
        pending.push({
          kind: queued ? RootKind.queuedFinalizer : RootKind.finalizer,
          target: record.object,
          slot: record.object,
          label: -1,
          goroutine: 0,
        });
      },
      otherRoot(description, target) {
        if (!wantEdges) return;
        pending.push({
          kind: RootKind.other,
          target,
          slot: 0,
          label: labelOf(description),
          goroutine: 0,
        });
      },
      panic(_address, goroutine, _type, data) {
        if (!wantEdges) return;
        pending.push({
          kind: RootKind.other,
          target: data,
          slot: 0,
          label: labelOf('panic value'),
          goroutine,
        });
      },
      defer(_address, goroutine, _sp, _pc, fn) {
        if (!wantEdges) return;
        pending.push({
          kind: RootKind.other,
          target: fn,
          slot: 0,
          label: labelOf('deferred call'),
          goroutine,
        });
      },
      memProf(bucket) {
        bucketStack.set(bucket.address, stacks.intern(bucket.frames));
      },
      allocSample(address, bucket) {
        sampleAddress.push(address);
        sampleBucket.push(bucket);
      },
    },
    label,
    { objectPointers: wantEdges },
  );
  if (wantEdges) objEdgeStart.push(edgeRaw.length);

  const n = objAddress.length;
  const permutation = unsorted ? sortPermutation(objAddress, objSize) : null;
  const addresses = new Float64Array(n);
  const sizes = new Uint32Array(n);
  let totalBytes = 0;
  if (permutation) {
    for (let j = 0; j < n; j++) {
      const i = permutation[j]!;
      addresses[j] = objAddress.get(i);
      sizes[j] = objSize.get(i);
    }
  } else {
    objAddress.copyInto(addresses);
    objSize.copyInto(sizes);
  }
  for (let j = 0; j < n; j++) totalBytes += sizes[j]!;
  objAddress.release();
  objSize.release();
  for (let j = 1; j < n; j++) {
    if (addresses[j]! < addresses[j - 1]! + sizes[j - 1]!) {
      throw new UsageError(
        `${label} is corrupt: objects overlap at 0x${addresses[j]!.toString(16)}`,
      );
    }
  }
  const index = new AddressIndex(addresses, sizes);

  const stack = new Int32Array(n).fill(-1);
  let sampledObjects = 0;
  for (let s = 0; s < sampleAddress.length; s++) {
    // Tiny allocations share a 16-byte block: a sample may point inside an
    // object; the first sample of a block names it.
    const i = index.find(sampleAddress.get(s));
    const id = bucketStack.get(sampleBucket.get(s));
    if (
      i >= 0 &&
      id !== undefined &&
      (stack[i] === -1 || index.exact(sampleAddress.get(s)) === i)
    ) {
      if (stack[i] === -1) sampledObjects++;
      stack[i] = id;
    }
  }
  sampleAddress.release();
  sampleBucket.release();

  let starts = new Uint32Array(n + 1);
  let targets = new Uint32Array(0);
  let offsets = new Uint32Array(0);
  const roots: RootTable = {
    count: 0,
    kind: new Uint8Array(0),
    target: new Uint32Array(0),
    slot: new Float64Array(0),
    label: new Int32Array(0),
    goroutine: new Float64Array(0),
    labels,
  };
  if (wantEdges) {
    // Resolve every raw pointer once, in file order, in place: the Int32 view of a block
    // overwrites bytes [4x, 4x+4) with entry x, inside float64 entry x/2, already read.
    const rawCount = edgeRaw.length;
    const resolvedBlocks: Int32Array[] = [];
    let edgeCount = 0;
    for (let b = 0; b < edgeRaw.blocks.length; b++) {
      const block = edgeRaw.blocks[b]!;
      const from = b * (chunkMask + 1);
      const count = Math.min(block.length, rawCount - from);
      const resolved = new Int32Array(block.buffer, block.byteOffset, count);
      for (let x = 0; x < count; x++) {
        const t = index.find(block[x]!);
        resolved[x] = t;
        if (t >= 0) edgeCount++;
      }
      resolvedBlocks.push(resolved);
    }
    // Edges in address order, read straight from the blocks (no contiguous copies).
    const offsetBlocks = edgeOffset.blocks;
    starts = new Uint32Array(n + 1);
    targets = new Uint32Array(edgeCount);
    offsets = new Uint32Array(edgeCount);
    let k = 0;
    for (let j = 0; j < n; j++) {
      starts[j] = k;
      const i = permutation ? permutation[j]! : j;
      const end = objEdgeStart.get(i + 1);
      for (let e = objEdgeStart.get(i); e < end; e++) {
        const t = resolvedBlocks[e >>> chunkBits]![e & chunkMask]!;
        if (t < 0) continue;
        targets[k] = t;
        offsets[k] = offsetBlocks[e >>> chunkBits]![e & chunkMask]!;
        k++;
      }
    }
    resolvedBlocks.length = 0;
    edgeRaw.release();
    edgeOffset.release();
    objEdgeStart.release();
    starts[n] = k;

    // Roots, resolved to objects; an object with a finalizer roots its referents.
    const kind: number[] = [];
    const target: number[] = [];
    const slot: number[] = [];
    const rootLabel: number[] = [];
    const goroutine: number[] = [];
    const add = (root: PendingRoot, object: number) => {
      kind.push(root.kind);
      target.push(object);
      slot.push(root.slot);
      rootLabel.push(root.label);
      goroutine.push(root.goroutine);
    };
    // Globals first, so that a shortest path prefers a global over a stack.
    const rank = (k: RootKindCode) => (k === RootKind.global ? 0 : k === RootKind.stack ? 2 : 1);
    const ordered = pending
      .map((root, i) => ({ root, i }))
      .sort((a, b) => rank(a.root.kind) - rank(b.root.kind) || a.i - b.i);
    for (const { root } of ordered) {
      const object = index.find(root.target);
      if (object < 0) continue;
      if (root.kind === RootKind.finalizer && root.target === root.slot) {
        const end = starts[object + 1]!;
        for (let e = starts[object]!; e < end; e++) add(root, targets[e]!);
      } else {
        add(root, object);
      }
    }
    roots.count = kind.length;
    roots.kind = Uint8Array.from(kind);
    roots.target = Uint32Array.from(target);
    roots.slot = Float64Array.from(slot);
    roots.label = Int32Array.from(rootLabel);
    roots.goroutine = Float64Array.from(goroutine);
  }

  return {
    nodeCount: n,
    starts,
    targets,
    offsets,
    addresses,
    sizes,
    stack,
    roots,
    params,
    dumpBytes: summary.bytes,
    totalBytes,
    sampledObjects,
  };
}
