import { cycleToJson } from '../core/format/cycle-json.js';
import { TraceIngest } from '../core/timeline/ingest.js';
import { type Mark, TimelineStore } from '../core/timeline/store.js';
import type { ObservedProgram } from './observed.js';
import { redactUrl } from './pprof-client.js';
import { SessionRecorder } from './session.js';
import { followFile, readPipe, type TraceSource } from './trace-source.js';

export interface AttachOptions {
  pprofUrl: string;
  /** A file to follow, `-` for standard input, or null for no trace. */
  trace: string | null;
  session?: string;
}

/**
 * A program gcdiff did not start (on a server, over SSH): its gctrace comes from a
 * pipe or a growing file, its profiles from the pprof URL. Recorded like a run.
 */
export class AttachedRun implements ObservedProgram {
  readonly store = new TimelineStore();
  readonly session: SessionRecorder;
  private readonly t0 = performance.now();
  private readonly ingest: TraceIngest;
  private source: TraceSource | null = null;
  private stopped = false;

  constructor(private readonly options: AttachOptions) {
    this.session = SessionRecorder.create(options.session);
    const display = redactUrl(options.pprofUrl);
    // The header's "command" for a program gcdiff did not start: where its trace comes from
    // (the pprof URL has a line of its own).
    const source =
      options.trace === '-'
        ? ['trace from stdin']
        : options.trace === null
          ? ['no trace']
          : ['trace', options.trace];
    this.store.setChild({ command: source, state: 'detached', pprofUrl: display });
    this.session.writeMeta({
      gcdiff: 1,
      attach: true,
      command: ['attach', display],
      pprofUrl: display,
      trace: options.trace,
      startedAt: new Date().toISOString(),
    });
    this.ingest = new TraceIngest(this.store, { onCycle: (cycle) => this.session.cycle(cycle) });
  }

  now(): number {
    return performance.now() - this.t0;
  }

  /** Starts reading the trace; resolves the returned promise when a piped trace ends. */
  start(stdin: NodeJS.ReadableStream = process.stdin): Promise<void> {
    if (this.options.trace === null) return new Promise(() => {});
    const onText = (text: string) => {
      if (this.stopped) return;
      const t = this.now();
      this.session.rawOutput('stderr', Buffer.from(text, 'utf8'));
      this.session.event({ t, type: 'chunk', stream: 'stderr', text });
      this.ingest.chunk('stderr', text, t);
    };
    this.source =
      this.options.trace === '-' ? readPipe(stdin, onText) : followFile(this.options.trace, onText);
    return this.source.ended.then(() => {
      this.ingest.endOfProcess(this.now());
      this.store.setStatus({ kind: 'info', text: 'the trace input ended' });
    });
  }

  recordMark(mark: Mark): void {
    this.session.event({ t: this.now(), type: 'mark', mark });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.source?.close();
    const last = this.store.lastCycle();
    this.session.writeMeta({
      endedAt: new Date().toISOString(),
      cycles: this.store.cycles.total,
      lastCycle: last ? cycleToJson(last.cycle) : null,
    });
    await this.session.close();
  }
}
