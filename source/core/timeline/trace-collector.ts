import type { GcCycle, TraceEvent } from '../gctrace/types.js';
import { summarize, type TraceSummary } from './summary.js';

/** Collects a whole parsed trace: what `trace --json` prints and the report's trace part. */
export class TraceCollector {
  readonly cycles: GcCycle[] = [];
  readonly gaps: [number, number][] = [];
  private readonly outputParts: string[] = [];
  private maxProcess = -1;

  add(events: readonly TraceEvent[]): void {
    for (const e of events) {
      if (e.type === 'cycle') {
        this.cycles.push(e.cycle);
        if (e.cycle.process > this.maxProcess) this.maxProcess = e.cycle.process;
      } else if (e.type === 'output') this.outputParts.push(e.text);
      else if (e.type === 'gap') this.gaps.push([e.from, e.to]);
    }
  }

  get output(): string {
    return this.outputParts.join('');
  }

  /** Processes seen: numbering restarts at gc 1 count as new processes. */
  get processes(): number {
    return this.maxProcess + 1;
  }

  summary(): TraceSummary {
    return summarize(this.cycles);
  }

  lastCumulativePercent(): number | null {
    return this.cycles[this.cycles.length - 1]?.cpuPercent ?? null;
  }
}

/** The pause figures the run report carries. */
export function pauseFigures(summary: TraceSummary): { p50: number; p99: number; max: number } {
  return { p50: summary.pauseMs.p50, p99: summary.pauseMs.p99, max: summary.pauseMs.max };
}
