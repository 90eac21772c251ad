/** One line of `npm run bench`: a measurement, its anchor measured in the same run, the ratio. */
export interface BenchResult {
  /** What was measured, e.g. "gctrace parse, clean 1M lines". */
  name: string;
  /** What it is compared against, e.g. "raw line split". */
  anchor: string;
  /** Human text of the measurement, e.g. "412 MB/s" or "1.9 s". */
  value: string;
  /** Human text of the anchor's measurement, same unit. */
  anchorValue: string;
  /** value ÷ anchor in the direction stated by `ratioMeaning`. */
  ratio: number;
  /** e.g. "throughput vs anchor (higher is better)" or "time vs anchor (lower is better)". */
  ratioMeaning: string;
  /** The issue's target in words, e.g. "≥ 0.5×". */
  target: string;
  /** Whether the target was met in this run (null when the target is not a ratio). */
  met: boolean | null;
}

/** Every bench module (`bench/*.bench.ts`) default-exports one of these. */
export type Bench = () => Promise<BenchResult[]>;

/** Runs fn `runs` times and returns the median wall time in ms. */
export async function medianMs(
  runs: number,
  fn: () => unknown | Promise<unknown>,
): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}
