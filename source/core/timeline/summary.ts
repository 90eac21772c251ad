import { type GcCycle, gcCpuMs, pauseMs } from '../gctrace/types.js';

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface Trend {
  first: number;
  last: number;
  min: number;
  max: number;
  /** Least-squares slope in MiB per second of runtime (0 with fewer than two points). */
  slopePerSecond: number;
}

export interface TraceSummary {
  cycles: number;
  processes: number;
  /** Runtime seconds covered: per process, from its first cycle's start to its last cycle's end. */
  spanSeconds: number;
  /** STW pause (sweep termination + mark termination), ms. Nearest-rank percentiles. */
  pauseMs: Percentiles;
  /** Cycles per second over the span (null when the span is zero). */
  gcPerSecond: number | null;
  /**
   * GC CPU over the window, %: the five cpu fields summed, divided by wall time × GOMAXPROCS.
   * The runtime's own N% is cumulative since the program started; this is not.
   */
  gcCpuPercent: number | null;
  heapLiveMiB: Trend | null;
  goalMiB: Trend | null;
  forced: number;
  /** Cycles started by sysmon after two minutes without a GC (`GC forced` lines). */
  periodic: number;
  /** Cycles with an ambiguous field left by splicing. */
  ambiguous: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

function trend(points: { x: number; y: number }[]): Trend | null {
  if (points.length === 0) return null;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sx = 0;
  let sy = 0;
  for (const p of points) {
    min = Math.min(min, p.y);
    max = Math.max(max, p.y);
    sx += p.x;
    sy += p.y;
  }
  const mx = sx / points.length;
  const my = sy / points.length;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return {
    first: (points[0] as { y: number }).y,
    last: (points[points.length - 1] as { y: number }).y,
    min,
    max,
    slopePerSecond: den > 0 ? num / den : 0,
  };
}

/**
 * Summarises a window of cycles (in arrival order). Time runs per process: the
 * runtime's clock restarts with every process, so spans are summed per epoch,
 * and trend x-values are laid end to end across epochs.
 */
export function summarize(cycles: readonly GcCycle[]): TraceSummary {
  const pauses = new Float64Array(cycles.length);
  let cpuMs = 0;
  let cpuCapacityMs = 0;
  let span = 0;
  let forced = 0;
  let periodic = 0;
  let ambiguous = 0;
  let processes = 0;
  const heap: { x: number; y: number }[] = [];
  const goal: { x: number; y: number }[] = [];

  let epochStart = 0;
  let epochEnd = 0;
  let offset = 0;
  let currentProcess = Number.NaN;
  const closeEpoch = () => {
    if (processes > 0) {
      span += epochEnd - epochStart;
      offset += epochEnd - epochStart;
    }
  };
  for (let i = 0; i < cycles.length; i++) {
    const c = cycles[i] as GcCycle;
    if (c.process !== currentProcess) {
      closeEpoch();
      currentProcess = c.process;
      processes++;
      epochStart = c.atSeconds;
      epochEnd = c.atSeconds;
    }
    const wall = (c.clockMs[0] + c.clockMs[1] + c.clockMs[2]) / 1000;
    const end = c.atSeconds + wall;
    const prevEnd = epochEnd;
    epochEnd = Math.max(epochEnd, end);
    cpuMs += gcCpuMs(c);
    // CPU capacity grows by the wall time this cycle adds to the span, times its GOMAXPROCS.
    cpuCapacityMs += Math.max(0, epochEnd - prevEnd) * 1000 * c.procs;
    pauses[i] = pauseMs(c);
    if (c.forced) forced++;
    if (c.periodic) periodic++;
    if (c.ambiguous && c.ambiguous.length > 0) ambiguous++;
    const x = offset + (c.atSeconds - epochStart);
    heap.push({ x, y: c.heapMiB[2] });
    goal.push({ x, y: c.goalMiB });
  }
  closeEpoch();
  pauses.sort();
  return {
    cycles: cycles.length,
    processes,
    spanSeconds: span,
    pauseMs: {
      p50: percentile(pauses, 50),
      p95: percentile(pauses, 95),
      p99: percentile(pauses, 99),
      max: pauses.length > 0 ? (pauses[pauses.length - 1] as number) : 0,
    },
    gcPerSecond: span > 0 ? cycles.length / span : null,
    gcCpuPercent: cpuCapacityMs > 0 ? (100 * cpuMs) / cpuCapacityMs : null,
    heapLiveMiB: trend(heap),
    goalMiB: trend(goal),
    forced,
    periodic,
    ambiguous,
  };
}
