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
  /** Cycles per second: intervals between cycle starts over their time (null below two cycles). */
  gcPerSecond: number | null;
  /**
   * GC CPU over the window, %: the five cpu fields summed, divided by wall time × GOMAXPROCS
   * (see gcCpuShare). The runtime's own N% is cumulative since the program started; this is not.
   */
  gcCpuPercent: number | null;
  heapLiveMiB: Trend | null;
  goalMiB: Trend | null;
  forced: number;
  /** Cycles started by sysmon after two minutes without a GC (`GC forced` lines). */
  periodic: number;
  /** Cycles with an ambiguous field left by splicing. */
  ambiguous: number;
  /** Cycles read from lines spliced past the search's usual limits (GcCycle.bestGuess). */
  bestGuess: number;
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

/** End of a cycle, in seconds of its process's runtime. */
function cycleEnd(c: GcCycle): number {
  return c.atSeconds + (c.clockMs[0] + c.clockMs[1] + c.clockMs[2]) / 1000;
}

/**
 * GC CPU of cycles[from..to] (one process) and the wall time × GOMAXPROCS they ran in, ms.
 * The period runs from the end of the cycle before them (`before`, when known) to the end of
 * cycles[to], and holds those cycles whole: n cycles, n intervals. Without `before`, a run that
 * starts at gc 1 starts at the program's start (the runtime's clock starts at 0); otherwise the
 * first cycle only marks where the period starts, and its CPU is left out (counting it, with
 * the interval before it unknown, overstates the share: by 1/9 over 10 cycles, and a single
 * cycle would show the CPU share of the collection itself).
 */
export function gcCpuShare(
  cycles: readonly GcCycle[],
  from: number,
  to: number,
  before: GcCycle | null,
): { cpuMs: number; capacityMs: number } {
  let cpuMs = 0;
  let capacityMs = 0;
  const first = cycles[from];
  if (first === undefined || to < from) return { cpuMs, capacityMs };
  let start = from;
  let periodStart: number;
  if (before !== null) periodStart = cycleEnd(before);
  else if (first.n === 1) periodStart = 0;
  else {
    periodStart = cycleEnd(first);
    start = from + 1;
  }
  for (let k = start; k <= to; k++) {
    const c = cycles[k] as GcCycle;
    const end = cycleEnd(c);
    cpuMs += gcCpuMs(c);
    capacityMs += Math.max(0, end - periodStart) * 1000 * c.procs;
    periodStart = Math.max(periodStart, end);
  }
  return { cpuMs, capacityMs };
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
  let intervals = 0;
  let startsSpan = 0;
  let epochFirst = 0;
  let forced = 0;
  let periodic = 0;
  let ambiguous = 0;
  let bestGuess = 0;
  let processes = 0;
  const heap: { x: number; y: number }[] = [];
  const goal: { x: number; y: number }[] = [];

  let epochStart = 0;
  let epochEnd = 0;
  let offset = 0;
  let currentProcess = Number.NaN;
  const closeEpoch = (last: number) => {
    if (processes > 0) {
      span += epochEnd - epochStart;
      offset += epochEnd - epochStart;
      const share = gcCpuShare(cycles, epochFirst, last, null);
      cpuMs += share.cpuMs;
      cpuCapacityMs += share.capacityMs;
      intervals += last - epochFirst;
      startsSpan += (cycles[last]?.atSeconds ?? 0) - (cycles[epochFirst]?.atSeconds ?? 0);
    }
  };
  for (let i = 0; i < cycles.length; i++) {
    const c = cycles[i] as GcCycle;
    if (c.process !== currentProcess) {
      closeEpoch(i - 1);
      currentProcess = c.process;
      processes++;
      epochFirst = i;
      epochStart = c.atSeconds;
      epochEnd = c.atSeconds;
    }
    epochEnd = Math.max(epochEnd, cycleEnd(c));
    pauses[i] = pauseMs(c);
    if (c.forced) forced++;
    if (c.periodic) periodic++;
    if (c.ambiguous && c.ambiguous.length > 0) ambiguous++;
    if (c.bestGuess) bestGuess++;
    const x = offset + (c.atSeconds - epochStart);
    heap.push({ x, y: c.heapMiB[2] });
    goal.push({ x, y: c.goalMiB });
  }
  closeEpoch(cycles.length - 1);
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
    gcPerSecond: intervals > 0 && startsSpan > 0 ? intervals / startsSpan : null,
    gcCpuPercent: cpuCapacityMs > 0 ? (100 * cpuMs) / cpuCapacityMs : null,
    heapLiveMiB: trend(heap),
    goalMiB: trend(goal),
    forced,
    periodic,
    ambiguous,
    bestGuess,
  };
}
