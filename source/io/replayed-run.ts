import type { Mark } from '../core/timeline/store.js';
import { TimelineStore } from '../core/timeline/store.js';
import type { ObservedProgram } from './observed.js';
import type { SessionRecorder } from './session.js';

/** A recorded session opened for reading: nothing runs, nothing is written. */
export class ReplayedRun implements ObservedProgram {
  readonly store = new TimelineStore({ cycleCapacity: 1_100_000 });
  readonly session: SessionRecorder;

  constructor(readonly dir: string) {
    // Replays never write into the recording; only `dir` is used.
    this.session = { dir } as SessionRecorder;
  }

  now(): number {
    return 0;
  }

  recordMark(_mark: Mark): void {}

  async stop(): Promise<void> {}
}
