/**
 * What the charts of one frame show, prepared once per snapshot and cursor window:
 * the series (through core/timeline/chart-series) and the window's summary.
 */
import type { GcCycle } from '../core/gctrace/types.js';
import {
  CPU_WINDOW_CYCLES,
  heapSeries,
  pauseSeries,
  windowedCpuPercent,
} from '../core/timeline/chart-series.js';
import type { TimelineSnapshot } from '../core/timeline/store.js';
import { summarize, type TraceSummary } from '../core/timeline/summary.js';

export interface ChartData {
  /** Sequence of the first cycle shown, and how many are shown. */
  start: number;
  count: number;
  pause: number[];
  live: number[];
  goal: number[];
  cpu: (number | null)[];
  firstN: number | null;
  lastN: number | null;
  /** Summary of the cycles shown (pause percentiles, GC/s, GC CPU, heap trends). */
  summary: TraceSummary;
}

/** Cycles [from, to) from the snapshot, or from the store's ring when older than the snapshot's copy. */
export function cyclesBetween(
  snapshot: TimelineSnapshot,
  from: number,
  to: number,
  older: (from: number, to: number) => GcCycle[],
): GcCycle[] {
  const lo = Math.max(from, snapshot.cycleFirst);
  const hi = Math.min(to, snapshot.cycleTotal);
  if (hi <= lo) return [];
  if (lo >= snapshot.recentFirstSeq) {
    return snapshot.recent.slice(lo - snapshot.recentFirstSeq, hi - snapshot.recentFirstSeq);
  }
  return older(lo, hi);
}

/**
 * `cycles` holds the shown cycles [start, end] preceded by up to CPU_WINDOW_CYCLES
 * lead-in cycles (`leadIn` of them), which only feed the windowed GC CPU.
 */
export function prepareChartData(
  cycles: readonly GcCycle[],
  leadIn: number,
  start: number,
): ChartData {
  const shown = cycles.slice(leadIn);
  const heap = heapSeries(shown);
  return {
    start,
    count: shown.length,
    pause: pauseSeries(shown),
    live: heap.live,
    goal: heap.goal,
    cpu: windowedCpuPercent(cycles, leadIn, CPU_WINDOW_CYCLES),
    firstN: shown[0]?.n ?? null,
    lastN: shown[shown.length - 1]?.n ?? null,
    summary: summarize(shown),
  };
}
