import type { TraceIngest } from '../core/timeline/ingest.js';
import type { OutputStream } from '../core/timeline/store.js';

interface Pending {
  stream: OutputStream;
  text: string;
  t: number;
}

/** Largest piece handed to the parser at once; its results do not depend on chunking. */
const PIECE = 4096;

/**
 * Keeps parsing off the pipe-drain path. Chunks are queued as they are read and
 * parsed in time slices on later turns of the event loop, so the child's pipes
 * are read again within a few milliseconds even when a flood of spliced lines
 * makes parsing slow: the program never blocks on a full pipe because of us.
 * Raw bytes reach the session files before they are queued, so nothing waits here.
 */
export class PacedIngest {
  private queue: Pending[] = [];
  private head = 0;
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly ingest: TraceIngest,
    private readonly sliceMs = 8,
  ) {}

  push(stream: OutputStream, text: string, t: number): void {
    if (!text) return;
    this.queue.push({ stream, text, t });
    this.schedule();
  }

  /** Characters waiting to be parsed. */
  backlog(): number {
    let n = 0;
    for (let i = this.head; i < this.queue.length; i++) n += (this.queue[i] as Pending).text.length;
    return n;
  }

  /** Resolves once everything queued so far has been parsed. */
  drain(): Promise<void> {
    if (this.head >= this.queue.length) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.pump());
  }

  private pump(): void {
    this.scheduled = false;
    const deadline = performance.now() + this.sliceMs;
    while (this.head < this.queue.length) {
      const item = this.queue[this.head] as Pending;
      if (item.text.length > PIECE) {
        // Cut at a line end when there is one, so clean lines reach the fast path whole.
        const cut = item.text.lastIndexOf('\n', PIECE);
        const end = cut > 0 ? cut + 1 : PIECE;
        this.ingest.chunk(item.stream, item.text.slice(0, end), item.t);
        item.text = item.text.slice(end);
      } else {
        this.ingest.chunk(item.stream, item.text, item.t);
        this.head++;
      }
      if (performance.now() >= deadline) break;
    }
    if (this.head >= this.queue.length) {
      this.queue = [];
      this.head = 0;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    } else {
      if (this.head > 1024) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      this.schedule();
    }
  }
}
