import type { Mark, TimelineStore } from '../core/timeline/store.js';
import type { SessionRecorder } from './session.js';

/** A program gcdiff watches: one it started (LiveRun) or one it attached to (AttachedRun). */
export interface ObservedProgram {
  readonly store: TimelineStore;
  readonly session: SessionRecorder;
  /** ms since the session started. */
  now(): number;
  recordMark(mark: Mark): void;
  /** Ends what gcdiff started and closes the session files. Safe to call twice. */
  stop(): Promise<void>;
}
