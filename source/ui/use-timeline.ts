import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { TimelineSnapshot, TimelineStore } from '../core/timeline/store.js';
import type { RefreshPacer } from './refresh-pacer.js';

/** Default snapshot tick: 10 per second. */
export const DEFAULT_TICK_MS = 100;

/**
 * The store's snapshot, read on a fixed tick. Subscribing installs one interval that
 * calls React back only when `store.getVersion()` moved since the last tick, so a
 * burst of a thousand lines costs one render, never one per line. `extraVersion`
 * (e.g. the diff source's counter) is polled on the same tick.
 *
 * When only data moved (cycles, output), the redraw waits for the pacer (see
 * refresh-pacer.ts): a fast stream of GCs redraws within a CPU budget. Marks, status,
 * the child's state and `extraVersion` redraw on the next tick.
 */
export function useTimeline(
  store: TimelineStore,
  tickMs = DEFAULT_TICK_MS,
  extraVersion?: () => number,
  pacer: RefreshPacer | null = null,
): TimelineSnapshot {
  const current = useRef<TimelineSnapshot | null>(null);
  if (current.current === null) current.current = store.getSnapshot();
  const subscribe = useCallback(
    (onChange: () => void) => {
      let seen = store.getVersion();
      let seenEvents = store.getEventVersion();
      let seenExtra = extraVersion?.() ?? 0;
      current.current = store.getSnapshot();
      const timer = setInterval(() => {
        const version = store.getVersion();
        const events = store.getEventVersion();
        const extra = extraVersion?.() ?? 0;
        if (version === seen && extra === seenExtra) return;
        const now = performance.now();
        const dataOnly = events === seenEvents && extra === seenExtra;
        if (pacer && dataOnly && !pacer.ready(now)) return;
        pacer?.refreshed(now);
        if (pacer) {
          // React and Ink draw in microtasks after this callback: the next turn of the
          // event loop sees the whole frame's cost.
          setImmediate(() => pacer.recordCost(performance.now() - now));
        }
        seenEvents = events;
        const snapshot = store.getSnapshot();
        // Only the extra source moved: a new identity, or React would skip the render.
        current.current = version === seen ? { ...snapshot } : snapshot;
        seen = version;
        seenExtra = extra;
        onChange();
      }, tickMs);
      return () => clearInterval(timer);
    },
    [store, tickMs, extraVersion, pacer],
  );
  const getSnapshot = useCallback(() => current.current as TimelineSnapshot, []);
  return useSyncExternalStore(subscribe, getSnapshot);
}
