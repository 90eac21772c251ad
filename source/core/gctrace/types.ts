/**
 * One GC cycle as printed by the Go runtime with GODEBUG=gctrace=1.
 *
 *   gc 12 @10.532s 1%: 0.021+1.2+0.005 ms clock, 0.084+0.31/2.1/0.44+0.020 ms cpu,
 *   9->11->6 MB, 12 MB goal, 0 MB stacks, 0 MB globals, 4 P (forced)
 *
 * Every "MB" the runtime prints is really MiB (truncated), so fields are named MiB.
 */
export interface GcCycle {
  /** `gc N`: the cycle number, restarting at 1 in every process. */
  n: number;
  /** `@S s`: cycle start, seconds since the runtime started (3 decimals). */
  atSeconds: number;
  /** `N%`: cumulative share of CPU spent in GC since the program started (truncated). */
  cpuPercent: number;
  /** Wall clock: [STW sweep termination, concurrent mark, STW mark termination] in ms. */
  clockMs: [number, number, number];
  /** CPU: [STW sweep term, mark assist, background mark, idle mark, STW mark term] in ms. */
  cpuMs: [number, number, number, number, number];
  /** [heap at GC start, heap at GC end, live heap marked] in MiB. */
  heapMiB: [number, number, number];
  /** Heap goal in MiB. */
  goalMiB: number;
  /** Scannable stacks in MiB; null for Go ≤1.17, which does not print it. */
  stacksMiB: number | null;
  /** Scannable globals in MiB; null for Go ≤1.17, which does not print it. */
  globalsMiB: number | null;
  /** GOMAXPROCS. */
  procs: number;
  /** ` (forced)`: started by runtime.GC() or debug.FreeOSMemory(). */
  forced: boolean;
  /** Preceded by a `GC forced` line: sysmon started it after 2 minutes without a GC. */
  periodic: boolean;
  /** ` (checking for goroutine leaks)` after the percent (Go 1.26+). */
  leakCheck: boolean;
  /** Process epoch: increments every time numbering restarts at gc 1. First process is 0. */
  process: number;
  /**
   * Set when splicing left the parser unable to decide a field's exact value.
   * Each entry lists every value the runtime could have printed; the field itself
   * holds the first (most likely) candidate.
   */
  ambiguous?: AmbiguousField[];
  /**
   * Set when another reading of the spliced text, as good as this one, gives the same values
   * but cuts the program's output differently: the runtime's newline at another of the
   * program's newlines, or a program write that looks like a runtime token (`->`) on the other
   * side of it. The values are certain; which bytes around the line were the program's is not.
   */
  outputAmbiguous?: boolean;
  /**
   * Read from a line the program wrote into so many times that no reading was cheap enough to
   * be sure of (the runtime's writing thread starved while the program logged in pieces). This
   * is the cheapest reading, and its cycle number continues the sequence; it is kept so that the
   * cycle is not lost, but any of its values, and where the program's text was cut, may be wrong.
   */
  bestGuess?: boolean;
}

export interface AmbiguousField {
  /** JSON path of the field, e.g. "goalMiB", "heapMiB[2]", "clockMs[1]". */
  field: string;
  candidates: number[];
}

/** What the streaming parser hands back, in the original order of the input. */
export type TraceEvent =
  | { type: 'cycle'; cycle: GcCycle }
  /** Program text that was not gctrace, with line endings kept as they came. */
  | { type: 'output'; text: string }
  /** Numbering restarted at gc 1: a new process (restart, or the go toolchain's own lines). */
  | { type: 'process'; process: number }
  /** Cycle numbers missing between two consecutive cycles of one process: [first, last]. */
  | { type: 'gap'; from: number; to: number; process: number };

/**
 * The record of a cycle read by a splice search, with its epoch fields. Its properties come in
 * the order the clean-line scanner (clean-line.ts) writes them, the optional ones last: records
 * then share one V8 map (the searches read the previous cycle in their hot code, and each new
 * shape met there cost a recompile). JSON has its own fixed order (format/cycle-json.ts).
 */
export function cycleRecord(c: Omit<GcCycle, 'process' | 'periodic'>): GcCycle {
  const r: GcCycle = {
    n: c.n,
    atSeconds: c.atSeconds,
    cpuPercent: c.cpuPercent,
    clockMs: c.clockMs,
    cpuMs: c.cpuMs,
    heapMiB: c.heapMiB,
    goalMiB: c.goalMiB,
    stacksMiB: c.stacksMiB,
    globalsMiB: c.globalsMiB,
    procs: c.procs,
    forced: c.forced,
    periodic: false,
    leakCheck: c.leakCheck,
    process: 0,
  };
  if (c.ambiguous !== undefined) r.ambiguous = c.ambiguous;
  if (c.outputAmbiguous !== undefined) r.outputAmbiguous = c.outputAmbiguous;
  if (c.bestGuess !== undefined) r.bestGuess = c.bestGuess;
  return r;
}

/** STW pause of a cycle: sweep termination + mark termination. Derived here and nowhere else. */
export function pauseMs(cycle: Pick<GcCycle, 'clockMs'>): number {
  // Printed values have at most 3 decimals: round away binary noise (0.144, not 0.14400000000000002).
  return Math.round((cycle.clockMs[0] + cycle.clockMs[2]) * 1e6) / 1e6;
}

/** Total GC CPU of a cycle (all five cpu fields), in ms. */
export function gcCpuMs(cycle: Pick<GcCycle, 'cpuMs'>): number {
  const c = cycle.cpuMs;
  return c[0] + c[1] + c[2] + c[3] + c[4];
}
