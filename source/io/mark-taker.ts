import type { Mark } from '../core/timeline/store.js';
import { captureMark } from './capture.js';
import type { ObservedProgram } from './observed.js';
import type { PprofLocator } from './pprof-locator.js';

/**
 * The `m` key: places a mark at once (so it shows on the charts), then captures its
 * snapshots in the background, one mark at a time, with progress and failures on
 * the status line. The dashboard keeps running whatever happens.
 */
export class MarkTaker {
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;

  constructor(
    private readonly program: ObservedProgram,
    private readonly locator: PprofLocator,
    private readonly options: { timeoutMs: number; heapdump: boolean },
  ) {}

  take(): Mark {
    const store = this.program.store;
    const now = this.program.now();
    const upMs = store.getChild().upMs;
    const mark = store.addMark(now, upMs === null ? null : (now - upMs) / 1000);
    this.pending++;
    store.setStatus({ kind: 'busy', text: `capturing mark ${mark.label}-${mark.id}…` });
    this.queue = this.queue.then(async () => {
      const done = await captureMark(
        mark,
        this.locator.current,
        store,
        this.program.session,
        this.options,
      );
      this.program.recordMark(done);
      this.pending--;
      if (done.status === 'error') {
        store.setStatus({
          kind: 'error',
          text: `mark ${done.label}-${done.id} failed: ${done.error}`,
        });
      } else if (this.pending === 0) {
        const what = this.options.heapdump
          ? 'heap, goroutine and heap dump'
          : 'heap and goroutine profiles';
        store.setStatus({
          kind: 'info',
          text: `mark ${done.label}-${done.id} (gc ${done.gc ?? '-'}): ${what} saved`,
        });
      }
    });
    return mark;
  }

  /** Resolves when every capture asked for so far has finished. */
  idle(): Promise<unknown> {
    return this.queue;
  }
}
