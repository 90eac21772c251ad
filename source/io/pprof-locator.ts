import type { TimelineStore } from '../core/timeline/store.js';
import { discoverPprof } from './discovery.js';
import { probePprof, redactUrl } from './pprof-client.js';

/**
 * Finds the program's pprof endpoint and notes when the program is up: the URL
 * given with --pprof once it answers, or one discovered on the loopback sockets
 * of the child's process tree. Polls until found or cancelled.
 */
export class PprofLocator {
  private url: string | null = null;
  private generation = 0;
  private waiters = new Set<(url: string) => void>();
  /** The pause between polls, cleared by stop() so that it never keeps gcdiff alive. */
  private pause: { timer: NodeJS.Timeout; wake: () => void } | null = null;

  constructor(
    private readonly store: TimelineStore,
    private readonly given: string | null,
    private readonly now: () => number,
  ) {}

  get current(): string | null {
    return this.url;
  }

  /** Starts looking for the endpoint of process `pid` (call again after a restart). */
  locate(pid: number | null): void {
    const generation = ++this.generation;
    this.url = null;
    void this.loop(pid, generation);
  }

  stop(): void {
    this.generation++;
    this.endPause();
  }

  private sleep(ms: number): Promise<void> {
    this.endPause();
    return new Promise((resolve) => {
      const pause = { timer: setTimeout(() => this.endPause(), ms), wake: resolve };
      this.pause = pause;
    });
  }

  private endPause(): void {
    const pause = this.pause;
    if (pause === null) return;
    this.pause = null;
    clearTimeout(pause.timer);
    pause.wake();
  }

  /** Resolves with the URL once the endpoint answers. */
  ready(): Promise<string> {
    if (this.url) return Promise.resolve(this.url);
    return new Promise((resolve) => this.waiters.add(resolve));
  }

  private async loop(pid: number | null, generation: number): Promise<void> {
    let delay = 100;
    let attempts = 0;
    while (generation === this.generation) {
      const child = this.store.getChild();
      if (child.state === 'exited') return;
      let found: string | null = null;
      try {
        if (this.given)
          found = (await probePprof(this.given, { timeoutMs: 1000 })) ? this.given : null;
        else if (pid !== null) found = await discoverPprof(pid, { timeoutMs: 1000 });
      } catch {
        found = null;
      }
      if (generation !== this.generation) return;
      if (found) {
        this.url = found;
        this.store.setChild({
          pprofUrl: redactUrl(found),
          upMs: this.store.getChild().upMs ?? this.now(),
        });
        for (const waiter of this.waiters) waiter(found);
        this.waiters.clear();
        return;
      }
      await this.sleep(delay);
      // Quick at first (a program that serves pprof is found within a second), then
      // every 5 s for a program that may never serve it: scanning /proc costs CPU.
      attempts++;
      delay = attempts < 20 ? Math.min(1000, delay * 2) : 5000;
    }
  }
}
