import type { GcCycle } from '../../source/core/gctrace/types.js';

/** A plausible cycle; override any field. */
export function makeCycle(overrides: Partial<GcCycle> = {}): GcCycle {
  return {
    n: 1,
    atSeconds: 0.01,
    cpuPercent: 1,
    clockMs: [0.02, 1.2, 0.005],
    cpuMs: [0.08, 0.31, 2.1, 0.44, 0.02],
    heapMiB: [9, 11, 6],
    goalMiB: 12,
    stacksMiB: 0,
    globalsMiB: 0,
    procs: 4,
    forced: false,
    periodic: false,
    leakCheck: false,
    process: 0,
    ...overrides,
  };
}
