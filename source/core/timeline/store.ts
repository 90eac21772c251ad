import type { GcCycle, TraceEvent } from '../gctrace/types.js';
import { type Bucket, Downsampler } from './buckets.js';
import { CycleRing } from './cycle-ring.js';

export type OutputStream = 'stdout' | 'stderr';

export interface OutputLine {
  stream: OutputStream;
  text: string;
}

export type MarkStatus = 'capturing' | 'ok' | 'error';

export interface MarkFiles {
  heap: string | null;
  goroutine: string | null;
  heapdump: string | null;
}

export interface Mark {
  /** 1-based sequence of marks in the session; also the `<n>` of `marks/<label>-<n>`. */
  id: number;
  /** The first mark is A; every later one is the B of a pair whose A is the mark before it. */
  label: 'A' | 'B';
  /** ms since the session started. */
  wallMs: number;
  /** Seconds since the program was up (pprof answered or first gctrace line); null if not up yet. */
  atSeconds: number | null;
  /** Number of the last GC cycle at capture time (`gc N`), null before the first cycle. */
  gc: number | null;
  /** Session sequence of that cycle, for placing the mark on the charts. */
  cycleSeq: number | null;
  status: MarkStatus;
  error?: string;
  files: MarkFiles;
}

export type ChildState = 'starting' | 'running' | 'exited' | 'detached';

export interface ChildInfo {
  command: readonly string[];
  pid: number | null;
  state: ChildState;
  /** ms since session start when the current process started. */
  startedMs: number | null;
  /** ms since session start when the program was up; null until then. */
  upMs: number | null;
  exitCode: number | null;
  signal: string | null;
  pprofUrl: string | null;
  restarts: number;
}

export interface StatusMessage {
  kind: 'info' | 'busy' | 'error';
  text: string;
}

export interface TimelineSnapshot {
  version: number;
  /** Cycles ever received; their session sequence numbers are 0..cycleTotal-1. */
  cycleTotal: number;
  /** Sequence of the oldest cycle still held in full (older ones live on only in `buckets`). */
  cycleFirst: number;
  /** The most recent cycles, oldest first; recent[i] has sequence recentFirstSeq + i. */
  recent: readonly GcCycle[];
  recentFirstSeq: number;
  latest: GcCycle | null;
  /** Whole-session overview, each bucket folding `cyclesPerBucket` cycles. */
  buckets: readonly Bucket[];
  cyclesPerBucket: number;
  gaps: number;
  processes: number;
  output: readonly OutputLine[];
  outputTotal: number;
  marks: readonly Mark[];
  child: ChildInfo;
  status: StatusMessage | null;
}

export interface TimelineOptions {
  /** Cycles held in full (columnar, 160 bytes each). */
  cycleCapacity?: number;
  /** Cycles copied into each snapshot for the charts. */
  recentCount?: number;
  /** Output lines kept for the output pane. */
  outputCapacity?: number;
  /** Buckets of the whole-session overview. */
  bucketCapacity?: number;
}

/**
 * The external store behind the dashboard. High-rate data (cycles, output) goes
 * in here as it arrives; nothing is rendered per line. The UI takes a snapshot
 * on a fixed tick, and a snapshot is rebuilt only when something changed.
 */
export class TimelineStore {
  readonly cycles: CycleRing;
  private readonly overview: Downsampler;
  private readonly recentCount: number;
  private readonly outputCapacity: number;
  private output: OutputLine[] = [];
  private outputTotal = 0;
  private readonly partial: Record<OutputStream, string> = { stdout: '', stderr: '' };
  private marks: Mark[] = [];
  private gaps = 0;
  private readonly gapRanges: [number, number][] = [];
  private processes = 0;
  private child: ChildInfo = {
    command: [],
    pid: null,
    state: 'starting',
    startedMs: null,
    upMs: null,
    exitCode: null,
    signal: null,
    pprofUrl: null,
    restarts: 0,
  };
  private status: StatusMessage | null = null;
  private version = 0;
  /** Bumped only by what a user waits for (marks, child state, status), not by data. */
  private eventVersion = 0;
  private cached: TimelineSnapshot | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(options: TimelineOptions = {}) {
    this.cycles = new CycleRing(options.cycleCapacity ?? 100_000);
    this.overview = new Downsampler(options.bucketCapacity ?? 2048);
    this.recentCount = options.recentCount ?? 1024;
    this.outputCapacity = options.outputCapacity ?? 5000;
  }

  /** Feeds parser events: cycles, program output (stream given by the caller), epochs, gaps. */
  addEvents(events: readonly TraceEvent[], stream: OutputStream, receivedMs = Number.NaN): void {
    for (const e of events) {
      switch (e.type) {
        case 'cycle':
          this.addCycle(e.cycle, receivedMs);
          break;
        case 'output':
          this.addOutput(stream, e.text);
          break;
        case 'gap':
          this.gaps += e.to - e.from + 1;
          if (this.gapRanges.length < 1000) this.gapRanges.push([e.from, e.to]);
          this.changed();
          break;
        case 'process':
          break;
      }
    }
  }

  addCycle(cycle: GcCycle, receivedMs = Number.NaN): number {
    if (
      this.cycles.total === 0 ||
      cycle.process !== this.cycles.get(this.cycles.total - 1)?.process
    ) {
      this.processes++;
    }
    const seq = this.cycles.push(cycle, receivedMs);
    this.overview.add(seq, cycle);
    this.changed();
    return seq;
  }

  /** Program text; split into lines, a trailing partial line waits for its end. */
  addOutput(stream: OutputStream, text: string): void {
    if (text.length === 0) return;
    const joined = this.partial[stream] + text;
    const parts = joined.split('\n');
    this.partial[stream] = parts.pop() ?? '';
    for (const line of parts) this.pushLine(stream, line.endsWith('\r') ? line.slice(0, -1) : line);
    this.changed();
  }

  /** Ends partial lines (the child exited). */
  flushOutput(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream]) {
        this.pushLine(stream, this.partial[stream]);
        this.partial[stream] = '';
        this.changed();
      }
    }
  }

  private pushLine(stream: OutputStream, text: string): void {
    this.output.push({ stream, text });
    this.outputTotal++;
    if (this.output.length > this.outputCapacity * 2) {
      this.output = this.output.slice(-this.outputCapacity);
    }
  }

  /** Sequence and cycle of the last cycle received, if any. */
  lastCycle(): { seq: number; cycle: GcCycle } | null {
    const seq = this.cycles.total - 1;
    const cycle = this.cycles.get(seq);
    return cycle ? { seq, cycle } : null;
  }

  /** Places a new mark at the current end of the timeline. */
  addMark(wallMs: number, atSeconds: number | null): Mark {
    const last = this.lastCycle();
    const mark: Mark = {
      id: this.marks.length + 1,
      label: this.marks.length === 0 ? 'A' : 'B',
      wallMs,
      atSeconds,
      gc: last ? last.cycle.n : null,
      cycleSeq: last ? last.seq : null,
      status: 'capturing',
      files: { heap: null, goroutine: null, heapdump: null },
    };
    this.marks = [...this.marks, mark];
    this.changed(true);
    return mark;
  }

  /** Restores a mark recorded earlier (replay). */
  restoreMark(mark: Mark): void {
    this.marks = [...this.marks, mark];
    this.changed(true);
  }

  updateMark(id: number, patch: Partial<Omit<Mark, 'id'>>): void {
    this.marks = this.marks.map((m) => (m.id === id ? { ...m, ...patch } : m));
    this.changed(true);
  }

  /** Missing cycle numbers as [first, last] ranges (the first 1000 ranges). */
  getGaps(): readonly [number, number][] {
    return this.gapRanges;
  }

  getMarks(): readonly Mark[] {
    return this.marks;
  }

  setChild(patch: Partial<ChildInfo>): void {
    this.child = { ...this.child, ...patch };
    this.changed(true);
  }

  getChild(): ChildInfo {
    return this.child;
  }

  setStatus(status: StatusMessage | null): void {
    this.status = status;
    this.changed(true);
  }

  private changed(event = false): void {
    this.version++;
    if (event) this.eventVersion++;
    this.cached = null;
  }

  /** Change counter: cheap to poll on a tick. */
  getVersion(): number {
    return this.version;
  }

  /** Counts only the changes a user waits to see (marks, child state, status), not data. */
  getEventVersion(): number {
    return this.eventVersion;
  }

  /** Notifies listeners at most once per call; the UI calls this from its tick, not per line. */
  notify(): void {
    for (const listener of this.listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** An immutable snapshot; the same object until something changes. */
  getSnapshot(): TimelineSnapshot {
    if (this.cached) return this.cached;
    const total = this.cycles.total;
    const recentFirstSeq = Math.max(this.cycles.first, total - this.recentCount);
    const recent = this.cycles.range(recentFirstSeq, total);
    this.cached = {
      version: this.version,
      cycleTotal: total,
      cycleFirst: this.cycles.first,
      recent,
      recentFirstSeq,
      latest: recent[recent.length - 1] ?? null,
      buckets: this.overview.snapshot(),
      cyclesPerBucket: this.overview.cyclesPerBucket,
      gaps: this.gaps,
      processes: this.processes,
      output: this.output.slice(-this.outputCapacity),
      outputTotal: this.outputTotal,
      marks: this.marks,
      child: this.child,
      status: this.status,
    };
    return this.cached;
  }
}
