/**
 * Series for the dashboard charts, derived from cycles in one place: the STW pause
 * (through `pauseMs`), heap live and goal, and GC CPU over a sliding window of
 * cycles (through `summarize`, never the runtime's cumulative N%).
 */
import { type GcCycle, pauseMs } from '../gctrace/types.js';
import { gcCpuShare } from './summary.js';

/** Cycles a windowed GC CPU point looks back over (the point's own cycle included). */
export const CPU_WINDOW_CYCLES = 10;

/** The sequences a chart of `width` columns shows, ending at `end` and never before `first`. */
export function chartRange(
  first: number,
  last: number,
  end: number,
  width: number,
): { start: number; end: number } {
  if (last < first || last < 0) return { start: 0, end: -1 };
  const e = Math.max(first, Math.min(end, last));
  return { start: Math.max(first, e - Math.max(1, width) + 1), end: e };
}

export function pauseSeries(cycles: readonly GcCycle[]): number[] {
  return cycles.map((c) => pauseMs(c));
}

/** Live heap (marked, the C of A->B->C) and heap goal, MiB. */
export function heapSeries(cycles: readonly GcCycle[]): { live: number[]; goal: number[] } {
  return { live: cycles.map((c) => c.heapMiB[2]), goal: cycles.map((c) => c.goalMiB) };
}

/**
 * GC CPU % for each cycle from index `from` on, each over the `window` cycles ending at it:
 * their CPU over the wall time × P from the end of the cycle before them to the end of the
 * last (gcCpuShare). Pass `window` cycles before `from` as lead-in; at the start of a
 * process the window is shorter (from the program's start for gc 1). A point is null when
 * its window covers no wall time.
 */
export function windowedCpuPercent(
  cycles: readonly GcCycle[],
  from = 0,
  window = CPU_WINDOW_CYCLES,
): (number | null)[] {
  const out: (number | null)[] = [];
  for (let i = Math.max(0, from); i < cycles.length; i++) {
    const process = (cycles[i] as GcCycle).process;
    let j = Math.max(0, i - window + 1);
    while (j < i && (cycles[j] as GcCycle).process !== process) j++;
    const before = j > 0 ? (cycles[j - 1] as GcCycle) : null;
    const share = gcCpuShare(cycles, j, i, before?.process === process ? before : null);
    out.push(share.capacityMs > 0 ? (100 * share.cpuMs) / share.capacityMs : null);
  }
  return out;
}
