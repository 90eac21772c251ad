import type { TraceSummary } from '../timeline/summary.js';
import { counted, formatMs, formatPercent } from './units.js';

export interface TraceReportFacts {
  summary: TraceSummary;
  gaps: readonly [number, number][];
  /** The runtime's own cumulative N% of the last cycle, for comparison. */
  lastCumulativePercent: number | null;
}

const mib = (v: number) => `${Number.isInteger(v) ? v : v.toFixed(1)} MiB`;

/** The human summary of `gcdiff trace` and of `run` without a terminal. */
export function formatTraceSummary({
  summary: s,
  gaps,
  lastCumulativePercent,
}: TraceReportFacts): string {
  if (s.cycles === 0) return 'no GC cycles found (is GODEBUG=gctrace=1 set for the program?)\n';
  const rows: [string, string][] = [];
  const rate =
    s.gcPerSecond === null ? '' : `, ${s.gcPerSecond.toFixed(s.gcPerSecond < 10 ? 2 : 1)} GC/s`;
  rows.push([
    'cycles',
    `${s.cycles} in ${s.processes} process${s.processes === 1 ? '' : 'es'} over ${s.spanSeconds.toFixed(3)}s of runtime${rate}`,
  ]);
  const p = s.pauseMs;
  rows.push([
    'STW pause',
    `p50 ${formatMs(p.p50)}  p95 ${formatMs(p.p95)}  p99 ${formatMs(p.p99)}  max ${formatMs(p.max)}`,
  ]);
  const cumulative =
    lastCumulativePercent === null
      ? ''
      : `  (runtime's cumulative figure: ${lastCumulativePercent}%)`;
  rows.push([
    'GC CPU',
    `${s.gcCpuPercent === null ? 'n/a' : formatPercent(s.gcCpuPercent)} of GOMAXPROCS over the window${cumulative}`,
  ]);
  for (const [label, t] of [
    ['heap live', s.heapLiveMiB],
    ['heap goal', s.goalMiB],
  ] as const) {
    if (!t) continue;
    const slope = `${t.slopePerSecond >= 0 ? '+' : ''}${t.slopePerSecond.toFixed(2)} MiB/s`;
    rows.push([
      label,
      `${mib(t.first)} → ${mib(t.last)}  (min ${mib(t.min)}, max ${mib(t.max)}, trend ${slope})`,
    ]);
  }
  rows.push([
    'forced',
    `${s.forced} by runtime.GC()/FreeOSMemory, ${s.periodic} periodic (GC forced by sysmon)`,
  ]);
  rows.push([
    'gaps',
    gaps.length === 0 ? 'none' : gaps.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', '),
  ]);
  if (s.ambiguous > 0)
    rows.push(['ambiguous', `${s.ambiguous} cycles with a field splicing left undecided`]);
  if (s.bestGuess > 0)
    rows.push([
      'best guess',
      `${counted(s.bestGuess, 'cycle')} read from lines the program wrote into many times (values may be wrong)`,
    ]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return `${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`;
}
