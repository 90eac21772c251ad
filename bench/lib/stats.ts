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

/**
 * One-sided exact Mann–Whitney test: the probability, if x and y came from one distribution,
 * of a rank sum of x at most as large as the one seen (ties count half). Small when x tends to
 * be smaller than y. Exact over every split of the pooled values (fine up to ~10 + 10 values).
 */
export function rankTestLessP(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const pooled = [...x, ...y];
  const m = pooled.length;
  if (n === 0 || n === m) return Number.NaN;
  // Mid-ranks (1-based), ties sharing the mean of their ranks.
  const order = pooled.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const rank = new Array<number>(m).fill(0);
  for (let i = 0; i < m; ) {
    let j = i;
    while (j + 1 < m && order[j + 1]?.[0] === order[i]?.[0]) j++;
    for (let k = i; k <= j; k++) rank[order[k]?.[1] ?? 0] = (i + j) / 2 + 1;
    i = j + 1;
  }
  const seen = rank.slice(0, n).reduce((a, b) => a + b, 0);
  let atMost = 0;
  let total = 0;
  // Every choice of n of the m ranks, as a bit mask.
  for (let mask = 0; mask < 1 << m; mask++) {
    let bits = 0;
    let sum = 0;
    for (let k = 0; k < m; k++) {
      if (mask & (1 << k)) {
        bits++;
        sum += rank[k] ?? 0;
      }
    }
    if (bits !== n) continue;
    total++;
    if (sum <= seen + 1e-9) atMost++;
  }
  return atMost / total;
}
