import type { GraphReport } from '../core/heap/analysis.js';
import type { Mark, TimelineStore } from '../core/timeline/store.js';
import type { GraphSource, GraphState } from '../ui/diff-view.js';
import { graphProgressText, NO_HEAP_DUMPS } from '../ui/graph-lines.js';
import { analyzeDumpsInWorker, type GraphProgress } from './graph-worker.js';

/** The analysis this source runs; analyzeDumpsInWorker unless a test gives another. */
export type AnalyzeDumps = (
  a: string,
  b: string,
  binary: string | null,
  onProgress?: (progress: GraphProgress) => void,
  signal?: AbortSignal,
) => Promise<GraphReport>;

/**
 * Heap-graph reports between marks for the dashboard: the two heap dumps of a pair are
 * analysed once, in a worker thread (analyzeDumpsInWorker), one pair at a time; progress
 * and results are cached per pair, and `get` is cheap enough to call on every render.
 */
export class HeapGraphSource implements GraphSource {
  private readonly states = new Map<string, GraphState>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly abort = new AbortController();
  private changes = 0;

  constructor(
    private readonly store: TimelineStore,
    /** The program's binary, to name globals on paths (the session's copy); null for none. */
    private readonly binary: () => string | null,
    private readonly analyze: AnalyzeDumps = analyzeDumpsInWorker,
  ) {}

  version(): number {
    return this.changes;
  }

  get(a: number, b: number): GraphState {
    const key = `${a}:${b}`;
    const cached = this.states.get(key);
    if (cached) return cached;
    const marks = this.store.getMarks();
    const markA = marks.find((m) => m.id === a);
    const markB = marks.find((m) => m.id === b);
    if (!markA || !markB) return { status: 'error', text: 'this pair of marks does not exist' };
    for (const m of [markA, markB]) {
      if (m.status === 'capturing') return { status: 'loading', text: `capturing ${name(m)}…` };
    }
    const dumpA = markA.files.heapdump;
    const dumpB = markB.files.heapdump;
    if (!dumpA || !dumpB) return { status: 'missing', text: NO_HEAP_DUMPS };
    this.set(key, { status: 'loading', text: 'heap graph: waiting for the analysis to start…' });
    this.queue = this.queue.then(() => this.run(key, dumpA, dumpB));
    return this.states.get(key) as GraphState;
  }

  /** Stops a running analysis (the worker is terminated); later `get`s stay as they are. */
  dispose(): void {
    this.abort.abort();
  }

  private async run(key: string, dumpA: string, dumpB: string): Promise<void> {
    if (this.abort.signal.aborted) return;
    try {
      const report = await this.analyze(
        dumpA,
        dumpB,
        this.binary(),
        (progress) => this.set(key, { status: 'loading', text: graphProgressText(progress) }),
        this.abort.signal,
      );
      this.set(key, { status: 'ready', report });
    } catch (error) {
      if (this.abort.signal.aborted) return;
      this.set(key, {
        status: 'error',
        text: `heap-dump analysis failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  private set(key: string, state: GraphState): void {
    this.states.set(key, state);
    this.changes++;
  }
}

function name(mark: Mark): string {
  return `${mark.label}-${mark.id}`;
}
