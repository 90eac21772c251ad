/**
 * Rendered gctrace text for benches: `total` cycles numbered 1..total, exactly as the runtime
 * prints them (source/core/gctrace/render.ts), cut into chunks the way a pipe delivers them.
 * The cycle values come from a pool of synthetic cycles (source/core/gctrace/synthetic.ts)
 * and only the number and the clock advance, so memory stays flat however many are made.
 */
import { renderCycle } from '../../source/core/gctrace/render.js';
import { seededRandom, syntheticCycles } from '../../source/core/gctrace/synthetic.js';
import type { GcCycle } from '../../source/core/gctrace/types.js';

export interface TraceChunk {
  text: string;
  /** Complete lines in `text`. */
  lines: number;
  /** Number (`gc N`) of the last cycle in the chunk. */
  lastN: number;
}

export interface TraceChunkOptions {
  /** Lines per chunk: fixed, or drawn uniformly from [min, max]. Default [1, 4]. */
  linesPerChunk?: number | [number, number];
  seed?: number;
  /** Seconds between cycles on the runtime's clock (default 0.001: 1000 GC/s). */
  spacingSeconds?: number;
  /** Cycle number of the first cycle (default 1). */
  firstN?: number;
}

const POOL_SIZE = 4096;

/** The cycle numbered `n` (the pool's values, clock `n × spacing`). */
export function cycleNumbered(
  pool: readonly GcCycle[],
  n: number,
  spacingSeconds = 0.001,
): GcCycle {
  const base = pool[(n - 1) % pool.length] as GcCycle;
  return { ...base, n, atSeconds: Math.round(n * spacingSeconds * 1000) / 1000 };
}

export function cyclePool(seed = 1): GcCycle[] {
  return syntheticCycles(POOL_SIZE, { seed, procs: 2 });
}

/** Yields `total` cycles as rendered text, `linesPerChunk` lines at a time. */
export function* traceChunks(
  total: number,
  options: TraceChunkOptions = {},
): Generator<TraceChunk> {
  const pool = cyclePool(options.seed ?? 1);
  const rand = seededRandom((options.seed ?? 1) + 1000);
  const spec = options.linesPerChunk ?? [1, 4];
  const [min, max] = typeof spec === 'number' ? [spec, spec] : spec;
  const spacing = options.spacingSeconds ?? 0.001;
  const first = options.firstN ?? 1;
  const last = first + total - 1;
  let n = first;
  while (n <= last) {
    const want = min + Math.floor(rand() * (max - min + 1));
    const count = Math.min(want, last - n + 1);
    let text = '';
    for (let i = 0; i < count; i++) text += renderCycle(cycleNumbered(pool, n + i, spacing));
    n += count;
    yield { text, lines: count, lastN: n - 1 };
  }
}
