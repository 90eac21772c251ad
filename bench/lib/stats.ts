/** Small statistics and formatting helpers shared by the benches. */

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export const MiB = 1024 * 1024;

export const fmtMs = (ms: number) =>
  ms >= 10_000
    ? `${(ms / 1000).toFixed(1)} s`
    : ms >= 100
      ? `${ms.toFixed(0)} ms`
      : `${ms.toFixed(2)} ms`;
export const fmtMiB = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
export const fmtPct = (share: number) => `${(share * 100).toFixed(1)} %`;

/** True when GCDIFF_BENCH_QUICK is set: smaller inputs and fewer runs. */
export const QUICK = Boolean(
  process.env.GCDIFF_BENCH_QUICK && process.env.GCDIFF_BENCH_QUICK !== '0',
);

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Writes a progress line to stderr (the table goes to stdout). */
export function note(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}
