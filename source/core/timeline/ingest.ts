import { GctraceParser } from '../gctrace/parser.js';
import type { GcCycle, TraceEvent } from '../gctrace/types.js';
import type { OutputStream, TimelineStore } from './store.js';

export interface IngestHooks {
  onCycle?(cycle: GcCycle): void;
  /** The program's own text: stdout as it came, stderr with gctrace taken out. */
  onOutput?(stream: OutputStream, text: string): void;
  onFirstCycle?(): void;
}

/**
 * Decoded child output → store. gctrace is on stderr; stdout goes straight to the
 * output pane. The live run and the replay of a session both go through here,
 * so a replayed timeline is the one that was seen live.
 */
export class TraceIngest {
  private parser = new GctraceParser();

  constructor(
    private readonly store: TimelineStore,
    private readonly hooks: IngestHooks = {},
  ) {}

  chunk(stream: OutputStream, text: string, t: number): void {
    if (!text) return;
    if (stream === 'stdout') {
      this.store.addOutput('stdout', text);
      this.hooks.onOutput?.('stdout', text);
      return;
    }
    this.consume(this.parser.push(text), t);
  }

  /** The process ended: a killed program may leave half a line, so end it here. */
  endOfProcess(t: number): void {
    const tail = this.parser.end();
    this.consume(tail, t);
    // A fresh parser numbers its processes from 0; ours continue the session's epochs.
    this.parser = new GctraceParser();
    this.processOffset = this.nextProcess;
    this.store.flushOutput();
  }

  private nextProcess = 0;
  private processOffset = 0;

  private consume(parsed: readonly TraceEvent[], t: number): void {
    if (parsed.length === 0) return;
    const offset = this.processOffset;
    const events =
      offset === 0
        ? parsed
        : parsed.map((e): TraceEvent => {
            if (e.type === 'cycle')
              return { ...e, cycle: { ...e.cycle, process: e.cycle.process + offset } };
            if (e.type === 'gap' || e.type === 'process')
              return { ...e, process: e.process + offset };
            return e;
          });
    const hadCycles = this.store.cycles.total > 0;
    this.store.addEvents(events, 'stderr', t);
    for (const e of events) {
      if (e.type === 'cycle') {
        this.nextProcess = Math.max(this.nextProcess, e.cycle.process + 1);
        this.hooks.onCycle?.(e.cycle);
      } else if (e.type === 'output') this.hooks.onOutput?.('stderr', e.text);
    }
    if (!hadCycles && this.store.cycles.total > 0) this.hooks.onFirstCycle?.();
  }
}
