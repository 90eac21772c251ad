/**
 * Prints a GcCycle exactly as the Go runtime prints it with GODEBUG=gctrace=1, and lists the
 * separate write(2) calls the runtime makes for it (the only places where other output of the
 * program can land inside the line).
 *
 * Token boundaries (src/runtime/mgc.go, gcMarkTermination): every argument of a `print(...)`
 * statement is one write, except that the compiler joins runs of adjacent constant strings
 * (cmd/compile/internal/walk/builtin.go, walkPrint: "Collapse runs of constant strings").
 * Go 1.26 prints `util, "%"` and `": "` in separate statements because the optional
 * ` (checking for goroutine leaks)` sits between them; Go ≤1.25 writes `"%: "` as one token.
 * Go 1.17 has no ` MB stacks, ` / ` MB globals, ` part.
 */
import { formatMs, formatSeconds } from './number-format.js';
import type { GcCycle } from './types.js';

/**
 * Which runtime printed the line:
 * - `go1.17`: Go ≤1.17, no stacks/globals;
 * - `go1.18`: Go 1.18–1.25, stacks and globals, `%: ` is one write;
 * - `go1.26`: Go 1.26+, `%` and `: ` are two writes, optional goroutine-leak marker.
 */
export type TraceFormat = 'go1.17' | 'go1.18' | 'go1.26';

/** The format a cycle implies: no stacks/globals means Go ≤1.17, otherwise Go 1.26. */
export function formatOf(cycle: Pick<GcCycle, 'stacksMiB' | 'globalsMiB'>): TraceFormat {
  return cycle.stacksMiB === null || cycle.globalsMiB === null ? 'go1.17' : 'go1.26';
}

/** The write(2) calls the runtime makes for one cycle, in order. Joined, they are the line. */
export function cycleWriteTokens(cycle: GcCycle, format: TraceFormat = formatOf(cycle)): string[] {
  const t: string[] = ['gc ', String(cycle.n), ' @', formatSeconds(cycle.atSeconds), 's '];
  t.push(String(cycle.cpuPercent));
  if (format === 'go1.26') {
    t.push('%');
    if (cycle.leakCheck) t.push(' (checking for goroutine leaks)');
    t.push(': ');
  } else {
    t.push('%: ');
  }
  const [c0, c1, c2] = cycle.clockMs;
  t.push(formatMs(c0), '+', formatMs(c1), '+', formatMs(c2), ' ms clock, ');
  const [p0, p1, p2, p3, p4] = cycle.cpuMs;
  t.push(formatMs(p0), '+', formatMs(p1), '/', formatMs(p2), '/', formatMs(p3), '+');
  t.push(formatMs(p4), ' ms cpu, ');
  const [h0, h1, h2] = cycle.heapMiB;
  t.push(String(h0), '->', String(h1), '->', String(h2), ' MB, ');
  t.push(String(cycle.goalMiB), ' MB goal, ');
  if (format !== 'go1.17') {
    t.push(String(cycle.stacksMiB ?? 0), ' MB stacks, ');
    t.push(String(cycle.globalsMiB ?? 0), ' MB globals, ');
  }
  t.push(String(cycle.procs), ' P');
  if (cycle.forced) t.push(' (forced)');
  t.push('\n');
  return t;
}

/**
 * One cycle as the runtime prints it, including the trailing newline. A cycle with `periodic`
 * set is preceded by the runtime's `GC forced` line (printed by forcegchelper before the cycle).
 */
export function renderCycle(cycle: GcCycle, format: TraceFormat = formatOf(cycle)): string {
  const line = cycleWriteTokens(cycle, format).join('');
  return cycle.periodic ? `GC forced\n${line}` : line;
}

/** Like cycleWriteTokens, with the `GC forced\n` write (one println) first for periodic cycles. */
export function cycleWrites(cycle: GcCycle, format: TraceFormat = formatOf(cycle)): string[] {
  const tokens = cycleWriteTokens(cycle, format);
  return cycle.periodic ? ['GC forced\n', ...tokens] : tokens;
}
