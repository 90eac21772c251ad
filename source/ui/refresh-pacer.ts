/**
 * How often streaming data may redraw the screen.
 *
 * Ink redraws the whole frame for any change, and a 200×50 frame costs tens of ms of CPU
 * (layout, string widths, ANSI tokenising). A program doing 1000 GCs a second changes the
 * data on every tick, so redrawing on every tick would spend a third of a core on the
 * screen, taken from the program being watched. The pacer keeps data-only redraws within
 * a CPU budget: after a frame that cost C ms, the next data-only redraw waits C / budget
 * (never less than the tick, never more than `maxIntervalMs`). Keys, marks, status and
 * child-state changes are not paced: they redraw at once.
 */
/**
 * 2 %: when the program can use every core (a Go program's idle-time mark workers take every
 * idle core while it collects), each 1 % of a core gcdiff uses costs the program about 1 % of
 * its throughput (bench/dashboard.bench.ts). At 2 % a 200×50 frame of ~7 ms still
 * redraws ~3 times a second, and a frame of 20 ms or more once a second (maxIntervalMs).
 */
export const DEFAULT_BUDGET = 0.02;

export interface PacerOptions {
  /** Share of one core that data-only redraws may use (default 0.02: 2 %). */
  budget?: number;
  /** Longest wait between two data-only redraws while data changes (default 1000 ms). */
  maxIntervalMs?: number;
}

export class RefreshPacer {
  private readonly budget: number;
  private readonly maxIntervalMs: number;
  /** Smoothed cost of a frame, in ms. */
  private costMs = 0;
  private lastRefreshMs = Number.NEGATIVE_INFINITY;

  constructor(options: PacerOptions = {}) {
    this.budget = options.budget ?? DEFAULT_BUDGET;
    this.maxIntervalMs = options.maxIntervalMs ?? 1000;
  }

  /** The wait between data-only redraws that the current frame cost allows. */
  intervalMs(): number {
    return Math.min(this.maxIntervalMs, this.costMs / this.budget);
  }

  /** Whether data-only changes may redraw now. */
  ready(nowMs: number): boolean {
    return nowMs - this.lastRefreshMs >= this.intervalMs();
  }

  /** A redraw started at `nowMs`. */
  refreshed(nowMs: number): void {
    this.lastRefreshMs = nowMs;
  }

  /** What the last redraw cost (ms of main-thread time). */
  recordCost(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    // Rise at once (a bigger screen), fall slowly (one cheap frame proves little).
    this.costMs = ms > this.costMs ? ms : this.costMs * 0.8 + ms * 0.2;
  }
}
