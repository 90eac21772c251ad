import { closeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { type ChildPlan, planChild } from '../core/command/child-command.js';
import { cycleToJson } from '../core/format/cycle-json.js';
import { TraceIngest } from '../core/timeline/ingest.js';
import { type Mark, type OutputStream, TimelineStore } from '../core/timeline/store.js';
import { type ChildExit, type ChildHandle, startChild } from './child.js';
import { LogTail, TailPoller } from './log-tail.js';
import type { ObservedProgram } from './observed.js';
import { PacedIngest } from './paced-ingest.js';
import { SessionRecorder } from './session.js';
import { within } from './within.js';

/** Text queued for the parser beyond which the log files are not read until it catches up. */
const MAX_BACKLOG_CHARS = 16 << 20;

export interface LiveRunOptions {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  session?: string;
  precise?: boolean;
  /** Heap dumps will be taken: keep the symbol table of a go run build (names globals). */
  heapdump?: boolean;
  inheritStdin?: boolean;
  cwd?: string;
  /** Called with the program's own output (gctrace taken out), e.g. to pass it through. */
  onProgramOutput?: (stream: OutputStream, text: string) => void;
  store?: TimelineStore;
}

/**
 * One wrapped program across restarts: the child, the tails of the log files it writes, the
 * gctrace parser, the timeline store and the session files. Knows nothing of the
 * screen; the dashboard and the headless path both drive it.
 */
export class LiveRun implements ObservedProgram {
  readonly store: TimelineStore;
  readonly session: SessionRecorder;
  readonly plan: ChildPlan;
  private readonly t0 = performance.now();
  private readonly ingest: TraceIngest;
  private readonly paced: PacedIngest;
  private child: ChildHandle | null = null;
  private starting: Promise<void> | null = null;
  private readonly tails: TailPoller;
  private decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  private exitListeners = new Set<(exit: ChildExit) => void>();
  private firstCycleListeners = new Set<() => void>();
  private stopping = false;
  private readonly finished = new Map<ChildHandle, Promise<void>>();

  constructor(private readonly options: LiveRunOptions) {
    this.plan = planChild(options.argv, options.env, {
      precise: options.precise ?? false,
      keepSymbols: options.heapdump ?? false,
    });
    this.store = options.store ?? new TimelineStore();
    this.session = SessionRecorder.create(options.session);
    this.store.setChild({ command: [...options.argv] });
    this.ingest = new TraceIngest(this.store, {
      onCycle: (cycle) => this.session.cycle(cycle),
      onOutput: options.onProgramOutput,
      onFirstCycle: () => {
        for (const listener of this.firstCycleListeners) listener();
        this.firstCycleListeners.clear();
      },
    });
    this.paced = new PacedIngest(this.ingest);
    // Memory stays bounded when parsing falls behind (gcdiff runs niced): unread bytes wait
    // in the log files, not in the parser's queue.
    this.tails = new TailPoller(
      [
        new LogTail(this.session.logPath('stdout'), (chunk) => this.onChunk('stdout', chunk)),
        new LogTail(this.session.logPath('stderr'), (chunk) => this.onChunk('stderr', chunk)),
      ],
      50,
      () => this.paced.backlog() < MAX_BACKLOG_CHARS,
    );
    this.session.writeMeta({
      gcdiff: 1,
      command: options.argv,
      startedAt: new Date().toISOString(),
      godebugViaGoExec: this.plan.viaGoExec,
      env: {
        GOGC: options.env.GOGC ?? null,
        GOMEMLIMIT: options.env.GOMEMLIMIT ?? null,
        GOMAXPROCS: options.env.GOMAXPROCS ?? null,
      },
    });
  }

  /** ms since this run started. */
  now(): number {
    return performance.now() - this.t0;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Starts (or, after `r`, starts again) the program; stop() waits for a start under way. */
  start(): Promise<void> {
    const starting = this.startOnce();
    this.starting = starting;
    return starting;
  }

  private async startOnce(): Promise<void> {
    if (this.stopping) return;
    this.decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
    const output = this.session.openChildOutput();
    let child: ChildHandle;
    try {
      child = await startChild(this.plan, {
        inheritStdin: this.options.inheritStdin ?? false,
        cwd: this.options.cwd,
        output,
      });
    } finally {
      closeSync(output.stdout);
      closeSync(output.stderr);
    }
    this.child = child;
    this.tails.start();
    const startedMs = this.now();
    this.store.setChild({
      pid: child.pid,
      state: 'running',
      startedMs,
      upMs: null,
      exitCode: null,
      signal: null,
    });
    this.session.event({ t: startedMs, type: 'child', state: 'running', pid: child.pid });
    this.session.writeMeta({ pid: child.pid });
    void child.exited.then((exit) => this.finishProcess(child, exit));
  }

  private onChunk(stream: OutputStream, chunk: Buffer): void {
    const t = this.now();
    const text = this.decoders[stream].write(chunk);
    if (!text) return;
    this.session.event({ t, type: 'chunk', stream, text });
    this.paced.push(stream, text, t);
  }

  /** Ends one process's part of the timeline once: parse what is queued, then record the exit. */
  private finishProcess(child: ChildHandle, exit: ChildExit): Promise<void> {
    let done = this.finished.get(child);
    if (!done) {
      done = this.recordExit(exit);
      this.finished.set(child, done);
    }
    return done;
  }

  private async recordExit(exit: ChildExit): Promise<void> {
    // Everything the process wrote is in the files by now: read it before its exit.
    this.tails.drainAll();
    const t = this.now();
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.decoders[stream].end();
      if (rest) {
        this.session.event({ t, type: 'chunk', stream, text: rest });
        this.paced.push(stream, rest, t);
      }
    }
    this.session.event({ t, type: 'child', state: 'exited', code: exit.code, signal: exit.signal });
    await this.paced.drain();
    this.ingest.endOfProcess(t);
    this.store.setChild({ state: 'exited', exitCode: exit.code, signal: exit.signal });
    this.session.writeMeta({ exit: { code: exit.code, signal: exit.signal, atMs: Math.round(t) } });
    for (const listener of this.exitListeners) listener(exit);
  }

  onChildExit(listener: (exit: ChildExit) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /** Resolves at the first gctrace cycle. */
  firstCycle(): Promise<void> {
    if (this.store.cycles.total > 0) return Promise.resolve();
    return new Promise((resolve) => this.firstCycleListeners.add(resolve));
  }

  childRunning(): boolean {
    return this.child !== null && !this.child.hasExited();
  }

  /** `r`: end the whole group, start again; the new process is a new epoch on the timeline. */
  async restart(): Promise<void> {
    const old = this.child;
    if (old) {
      await old.stop();
      await this.finishProcess(old, await old.exited);
    }
    this.store.setChild({ restarts: this.store.getChild().restarts + 1, state: 'starting' });
    await this.start();
  }

  recordMark(mark: Mark): void {
    this.session.event({ t: this.now(), type: 'mark', mark });
  }

  /** Ends the child's group and closes the session files. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    await this.starting?.catch(() => {});
    const child = this.child;
    if (child) {
      await child.stop();
      const exit = await within(child.exited, 2000);
      if (exit) await this.finishProcess(child, exit);
      else await this.paced.drain();
    }
    this.tails.stop();
    await this.paced.drain();
    const last = this.store.lastCycle();
    this.session.writeMeta({
      endedAt: new Date().toISOString(),
      cycles: this.store.cycles.total,
      lastCycle: last ? cycleToJson(last.cycle) : null,
    });
    await this.session.close();
  }
}
