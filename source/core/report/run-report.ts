import type { GcCycle } from '../gctrace/types.js';
import type { GraphReport } from '../heap/analysis.js';
import { type DiffJson, diffToJson, type ProfileDiff } from '../profile/index.js';
import type { Mark } from '../timeline/store.js';
import { summarize } from '../timeline/summary.js';

export interface ReportMark {
  label: string;
  id: number;
  atSeconds: number | null;
  gc: number | null;
  heap: string | null;
  goroutine: string | null;
  heapdump: string | null;
  status: Mark['status'];
  error?: string;
}

export interface RunReport {
  command: string[];
  marks: ReportMark[];
  /** Which marks the diffs compare: the first and the last mark whose capture succeeded. */
  compared: { base: string; target: string } | null;
  heap: DiffJson | null;
  allocs: DiffJson | null;
  goroutines: DiffJson | null;
  /** The heap dumps of the compared marks, in `graph --json` shape (run --heapdump). */
  graph: GraphReport | null;
  /** Why `graph` is null although heap dumps were asked for. */
  graphError?: string;
  trace: { cycles: number; pauseMs: { p50: number; p99: number; max: number } };
  /** Set with --fail-on-growth: the limit in bytes and whether inuse growth exceeded it. */
  threshold?: { inuseGrowthBytes: number; limitBytes: number; exceeded: boolean };
}

export interface ReportInputs {
  command: readonly string[];
  marks: readonly Mark[];
  compared: { base: Mark; target: Mark } | null;
  heap: ProfileDiff | null;
  allocs: ProfileDiff | null;
  goroutines: ProfileDiff | null;
  graph: GraphReport | null;
  graphError?: string | null;
  cycles: readonly GcCycle[];
  failOnGrowth: number | null;
  /** Rows kept per diff in the report. */
  top?: number;
}

/** The first and the last marks whose capture succeeded (the pair the report compares). */
export function reportPair(marks: readonly Mark[]): { base: Mark; target: Mark } | null {
  const ok = marks.filter((m) => m.status === 'ok');
  const base = ok[0];
  const target = ok[ok.length - 1];
  return base && target && base !== target ? { base, target } : null;
}

export function composeRunReport(inputs: ReportInputs): RunReport {
  const top = inputs.top ?? 50;
  const summary = summarize(inputs.cycles);
  const report: RunReport = {
    command: [...inputs.command],
    marks: inputs.marks.map((m) => {
      const out: ReportMark = {
        label: m.label,
        id: m.id,
        atSeconds: m.atSeconds === null ? null : Math.round(m.atSeconds * 1000) / 1000,
        gc: m.gc,
        heap: m.files.heap,
        goroutine: m.files.goroutine,
        heapdump: m.files.heapdump,
        status: m.status,
      };
      if (m.error) out.error = m.error;
      return out;
    }),
    compared: inputs.compared
      ? {
          base: `${inputs.compared.base.label}-${inputs.compared.base.id}`,
          target: `${inputs.compared.target.label}-${inputs.compared.target.id}`,
        }
      : null,
    heap: inputs.heap ? diffToJson(inputs.heap, top) : null,
    allocs: inputs.allocs ? diffToJson(inputs.allocs, top) : null,
    goroutines: inputs.goroutines ? diffToJson(inputs.goroutines, top) : null,
    graph: inputs.graph,
    trace: {
      cycles: summary.cycles,
      pauseMs: { p50: summary.pauseMs.p50, p99: summary.pauseMs.p99, max: summary.pauseMs.max },
    },
  };
  if (inputs.graphError) report.graphError = inputs.graphError;
  if (inputs.failOnGrowth !== null) {
    const growth = inputs.heap?.total.delta ?? 0;
    report.threshold = {
      inuseGrowthBytes: growth,
      limitBytes: inputs.failOnGrowth,
      exceeded: growth > inputs.failOnGrowth,
    };
  }
  return report;
}
