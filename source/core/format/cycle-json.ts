import { type GcCycle, pauseMs } from '../gctrace/types.js';

/** A cycle in the `trace --json` / cycles.jsonl shape (DESIGN.md), plus the derived pause. */
export function cycleToJson(c: GcCycle): Record<string, unknown> {
  const out: Record<string, unknown> = {
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
    process: c.process,
    periodic: c.periodic,
    leakCheck: c.leakCheck,
    pauseMs: pauseMs(c),
  };
  if (c.ambiguous && c.ambiguous.length > 0) out.ambiguous = c.ambiguous;
  if (c.outputAmbiguous) out.outputAmbiguous = true;
  if (c.bestGuess) out.bestGuess = true;
  return out;
}

/** Reads a cycle back from its JSON form (cycles.jsonl); null when the shape is wrong. */
export function cycleFromJson(value: unknown): GcCycle | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  const nums = (x: unknown, len: number): x is number[] =>
    Array.isArray(x) && x.length === len && x.every(num);
  const nullableNum = (x: unknown): number | null | undefined =>
    x === null ? null : num(x) ? x : undefined;
  const stacks = nullableNum(v.stacksMiB);
  const globals = nullableNum(v.globalsMiB);
  if (
    !num(v.n) ||
    !num(v.atSeconds) ||
    !num(v.cpuPercent) ||
    !nums(v.clockMs, 3) ||
    !nums(v.cpuMs, 5) ||
    !nums(v.heapMiB, 3) ||
    !num(v.goalMiB) ||
    stacks === undefined ||
    globals === undefined ||
    !num(v.procs) ||
    !num(v.process)
  ) {
    return null;
  }
  const cycle: GcCycle = {
    n: v.n,
    atSeconds: v.atSeconds,
    cpuPercent: v.cpuPercent,
    clockMs: v.clockMs as [number, number, number],
    cpuMs: v.cpuMs as [number, number, number, number, number],
    heapMiB: v.heapMiB as [number, number, number],
    goalMiB: v.goalMiB,
    stacksMiB: stacks,
    globalsMiB: globals,
    procs: v.procs,
    forced: v.forced === true,
    periodic: v.periodic === true,
    leakCheck: v.leakCheck === true,
    process: v.process,
  };
  if (Array.isArray(v.ambiguous)) cycle.ambiguous = v.ambiguous as GcCycle['ambiguous'];
  if (v.outputAmbiguous === true) cycle.outputAmbiguous = true;
  if (v.bestGuess === true) cycle.bestGuess = true;
  return cycle;
}
