import { type GcCycle, gcCpuMs, pauseMs } from '../gctrace/types.js';

/** One downsampled slice of a long session: `count` consecutive cycles folded together. */
export interface Bucket {
  firstSeq: number;
  count: number;
  maxPauseMs: number;
  sumPauseMs: number;
  maxHeapLiveMiB: number;
  lastHeapLiveMiB: number;
  lastGoalMiB: number;
  sumCpuMs: number;
  forced: number;
}

/**
 * A whole-session overview in bounded memory: at most `capacity` buckets. When
 * full, neighbouring buckets are merged pairwise and each bucket thereafter
 * covers twice as many cycles, so the overview always spans the whole session.
 */
export class Downsampler {
  private buckets: Bucket[] = [];
  private perBucket = 1;

  constructor(readonly capacity: number) {
    if (capacity < 2 || capacity % 2 !== 0) throw new RangeError('capacity must be even and ≥ 2');
  }

  get cyclesPerBucket(): number {
    return this.perBucket;
  }

  add(seq: number, cycle: GcCycle): void {
    const pause = pauseMs(cycle);
    let last = this.buckets[this.buckets.length - 1];
    if (!last || last.count >= this.perBucket) {
      if (this.buckets.length >= this.capacity) {
        this.compact();
        last = this.buckets[this.buckets.length - 1];
      }
    }
    if (last && last.count < this.perBucket) {
      last.count++;
      last.maxPauseMs = Math.max(last.maxPauseMs, pause);
      last.sumPauseMs += pause;
      last.maxHeapLiveMiB = Math.max(last.maxHeapLiveMiB, cycle.heapMiB[2]);
      last.lastHeapLiveMiB = cycle.heapMiB[2];
      last.lastGoalMiB = cycle.goalMiB;
      last.sumCpuMs += gcCpuMs(cycle);
      last.forced += cycle.forced ? 1 : 0;
      return;
    }
    this.buckets.push({
      firstSeq: seq,
      count: 1,
      maxPauseMs: pause,
      sumPauseMs: pause,
      maxHeapLiveMiB: cycle.heapMiB[2],
      lastHeapLiveMiB: cycle.heapMiB[2],
      lastGoalMiB: cycle.goalMiB,
      sumCpuMs: gcCpuMs(cycle),
      forced: cycle.forced ? 1 : 0,
    });
  }

  private compact(): void {
    const merged: Bucket[] = [];
    for (let i = 0; i < this.buckets.length; i += 2) {
      const a = this.buckets[i] as Bucket;
      const b = this.buckets[i + 1];
      if (!b) {
        merged.push(a);
        continue;
      }
      merged.push({
        firstSeq: a.firstSeq,
        count: a.count + b.count,
        maxPauseMs: Math.max(a.maxPauseMs, b.maxPauseMs),
        sumPauseMs: a.sumPauseMs + b.sumPauseMs,
        maxHeapLiveMiB: Math.max(a.maxHeapLiveMiB, b.maxHeapLiveMiB),
        lastHeapLiveMiB: b.lastHeapLiveMiB,
        lastGoalMiB: b.lastGoalMiB,
        sumCpuMs: a.sumCpuMs + b.sumCpuMs,
        forced: a.forced + b.forced,
      });
    }
    this.buckets = merged;
    this.perBucket *= 2;
  }

  snapshot(): readonly Bucket[] {
    return this.buckets.map((b) => ({ ...b }));
  }
}
