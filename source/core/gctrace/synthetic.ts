/**
 * Deterministic synthetic GC sessions: plausible cycle sequences (a heap that grows and is
 * collected, goal = live × 2, times drawn from nanoseconds through the runtime's formatting),
 * for benchmarks, tests and demo sessions. Pure: same seed, same cycles.
 */
import { formatNsAsMs, parseRuntimeMs } from './number-format.js';
import type { GcCycle } from './types.js';

/** Small seeded PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticOptions {
  seed?: number;
  /** GOMAXPROCS. */
  procs?: number;
  /** Go ≤1.17 lines (no stacks/globals). */
  go117?: boolean;
  /** Share of cycles forced by runtime.GC(). */
  forcedShare?: number;
}

/** A plausible time in ms as the runtime would print it, from a log-uniform ns draw. */
function timeMs(rand: () => number, minNs: number, maxNs: number): number {
  const r = rand();
  if (r < 0.05) return 0;
  const ns = Math.exp(Math.log(minNs) + (Math.log(maxNs) - Math.log(minNs)) * rand());
  return parseRuntimeMs(formatNsAsMs(ns));
}

/** `count` cycles of one process, numbered from 1. */
export function syntheticCycles(count: number, options: SyntheticOptions = {}): GcCycle[] {
  const rand = seededRandom(options.seed ?? 1);
  const procs = options.procs ?? 1 + Math.floor(rand() * 16);
  const forcedShare = options.forcedShare ?? 0.03;
  const cycles: GcCycle[] = [];
  let atMs = Math.floor(rand() * 20);
  let live = 1 + Math.floor(rand() * 4);
  let goal = 4;
  let util = 0;
  const globals = Math.floor(rand() * 3);
  let stacks = 0;
  for (let n = 1; n <= count; n++) {
    atMs += 1 + Math.floor(rand() * rand() * 3000);
    const forced = rand() < forcedShare;
    const heap0 = forced ? Math.floor(goal * rand()) : Math.max(0, goal - Math.floor(rand() * 3));
    const heap1 = heap0 + Math.floor(rand() * rand() * (heap0 / 4 + 2));
    // Live heap drifts: a random walk with occasional big drops.
    live = Math.max(0, Math.floor(live * (0.7 + rand() * 0.6) + (rand() < 0.5 ? 1 : 0)));
    const heap2 = Math.min(heap1, live);
    stacks = rand() < 0.1 ? Math.floor(rand() * 4) : stacks;
    const clock0 = timeMs(rand, 800, 400_000);
    const clock1 = timeMs(rand, 10_000, 40_000_000);
    const clock2 = timeMs(rand, 800, 800_000);
    const cpu0 = parseRuntimeMs(formatNsAsMs(clock0 * 1e6 * procs));
    const cpu4 = parseRuntimeMs(formatNsAsMs(clock2 * 1e6 * procs));
    // Assist + background + idle mark CPU fit within the mark phase's wall time × P.
    const markNs = Math.max(3000, (clock1 * 1e6 * procs) / 3);
    const cpu1 = timeMs(rand, 1000, markNs);
    const cpu2 = timeMs(rand, 1000, markNs);
    const cpu3 = timeMs(rand, 1000, markNs);
    util = Math.min(100, Math.max(0, util + Math.floor((rand() - 0.5) * 4)));
    cycles.push({
      n,
      atSeconds: atMs / 1000,
      cpuPercent: util,
      clockMs: [clock0, clock1, clock2],
      cpuMs: [cpu0, cpu1, cpu2, cpu3, cpu4],
      heapMiB: [heap0, heap1, heap2],
      goalMiB: goal,
      stacksMiB: options.go117 ? null : stacks,
      globalsMiB: options.go117 ? null : globals,
      procs,
      forced,
      periodic: false,
      leakCheck: false,
      process: 0,
    });
    goal = Math.max(4, heap2 * 2 + stacks + globals);
  }
  return cycles;
}
