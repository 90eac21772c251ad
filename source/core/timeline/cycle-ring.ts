import type { AmbiguousField, GcCycle } from '../gctrace/types.js';

/**
 * A bounded ring of GC cycles stored column-wise in one Float64Array, so that
 * a long session costs a fixed amount of memory (160 bytes a cycle) and no
 * per-cycle objects stay alive. Cycles are addressed by their session
 * sequence number (0 for the first cycle ever added); the oldest fall off.
 */
enum Col {
  N = 0,
  At,
  CpuPercent,
  Clock0,
  Clock1,
  Clock2,
  Cpu0,
  Cpu1,
  Cpu2,
  Cpu3,
  Cpu4,
  Heap0,
  Heap1,
  Heap2,
  Goal,
  Stacks,
  Globals,
  Procs,
  Flags,
  Process,
  ReceivedMs,
  Count,
}

const FORCED = 1;
const PERIODIC = 2;
const LEAK_CHECK = 4;
const OUTPUT_AMBIGUOUS = 8;
const BEST_GUESS = 16;

export class CycleRing {
  readonly capacity: number;
  private readonly data: Float64Array;
  private readonly ambiguous = new Map<number, AmbiguousField[]>();
  /** Sequence number the next added cycle gets; also the number of cycles ever added. */
  private next = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be ≥ 1');
    this.capacity = capacity;
    this.data = new Float64Array(capacity * Col.Count);
  }

  /** Number of cycles ever added. */
  get total(): number {
    return this.next;
  }

  /** Sequence number of the oldest cycle still held. */
  get first(): number {
    return Math.max(0, this.next - this.capacity);
  }

  /** Number of cycles held. */
  get size(): number {
    return this.next - this.first;
  }

  push(cycle: GcCycle, receivedMs = Number.NaN): number {
    const seq = this.next++;
    const o = (seq % this.capacity) * Col.Count;
    const d = this.data;
    d[o + Col.N] = cycle.n;
    d[o + Col.At] = cycle.atSeconds;
    d[o + Col.CpuPercent] = cycle.cpuPercent;
    d[o + Col.Clock0] = cycle.clockMs[0];
    d[o + Col.Clock1] = cycle.clockMs[1];
    d[o + Col.Clock2] = cycle.clockMs[2];
    d[o + Col.Cpu0] = cycle.cpuMs[0];
    d[o + Col.Cpu1] = cycle.cpuMs[1];
    d[o + Col.Cpu2] = cycle.cpuMs[2];
    d[o + Col.Cpu3] = cycle.cpuMs[3];
    d[o + Col.Cpu4] = cycle.cpuMs[4];
    d[o + Col.Heap0] = cycle.heapMiB[0];
    d[o + Col.Heap1] = cycle.heapMiB[1];
    d[o + Col.Heap2] = cycle.heapMiB[2];
    d[o + Col.Goal] = cycle.goalMiB;
    d[o + Col.Stacks] = cycle.stacksMiB ?? Number.NaN;
    d[o + Col.Globals] = cycle.globalsMiB ?? Number.NaN;
    d[o + Col.Procs] = cycle.procs;
    d[o + Col.Flags] =
      (cycle.forced ? FORCED : 0) |
      (cycle.periodic ? PERIODIC : 0) |
      (cycle.leakCheck ? LEAK_CHECK : 0) |
      (cycle.outputAmbiguous ? OUTPUT_AMBIGUOUS : 0) |
      (cycle.bestGuess ? BEST_GUESS : 0);
    d[o + Col.Process] = cycle.process;
    d[o + Col.ReceivedMs] = receivedMs;
    const evicted = seq - this.capacity;
    if (evicted >= 0 && this.ambiguous.size > 0) this.ambiguous.delete(evicted);
    if (cycle.ambiguous && cycle.ambiguous.length > 0) this.ambiguous.set(seq, cycle.ambiguous);
    return seq;
  }

  has(seq: number): boolean {
    return Number.isInteger(seq) && seq >= this.first && seq < this.next;
  }

  /** The cycle with this sequence number, or undefined once it has fallen off. */
  get(seq: number): GcCycle | undefined {
    if (!this.has(seq)) return undefined;
    const o = (seq % this.capacity) * Col.Count;
    const d = this.data;
    const at = (c: Col) => d[o + c] as number;
    const nullable = (c: Col) => (Number.isNaN(at(c)) ? null : at(c));
    const flags = at(Col.Flags);
    const cycle: GcCycle = {
      n: at(Col.N),
      atSeconds: at(Col.At),
      cpuPercent: at(Col.CpuPercent),
      clockMs: [at(Col.Clock0), at(Col.Clock1), at(Col.Clock2)],
      cpuMs: [at(Col.Cpu0), at(Col.Cpu1), at(Col.Cpu2), at(Col.Cpu3), at(Col.Cpu4)],
      heapMiB: [at(Col.Heap0), at(Col.Heap1), at(Col.Heap2)],
      goalMiB: at(Col.Goal),
      stacksMiB: nullable(Col.Stacks),
      globalsMiB: nullable(Col.Globals),
      procs: at(Col.Procs),
      forced: (flags & FORCED) !== 0,
      periodic: (flags & PERIODIC) !== 0,
      leakCheck: (flags & LEAK_CHECK) !== 0,
      process: at(Col.Process),
    };
    const amb = this.ambiguous.get(seq);
    if (amb) cycle.ambiguous = amb;
    if (flags & OUTPUT_AMBIGUOUS) cycle.outputAmbiguous = true;
    if (flags & BEST_GUESS) cycle.bestGuess = true;
    return cycle;
  }

  /** When the cycle was received, in ms since the session started (NaN when unknown). */
  receivedMs(seq: number): number {
    if (!this.has(seq)) return Number.NaN;
    return this.data[(seq % this.capacity) * Col.Count + Col.ReceivedMs] as number;
  }

  /** Cycles [from, to) that are still held, oldest first. */
  range(from: number, to: number): GcCycle[] {
    const out: GcCycle[] = [];
    for (let s = Math.max(from, this.first); s < Math.min(to, this.next); s++) {
      out.push(this.get(s) as GcCycle);
    }
    return out;
  }
}
