import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { TimelineSnapshot, TimelineStore } from '../core/timeline/store.js';

/** Default snapshot tick: 10 per second. */
export const DEFAULT_TICK_MS = 100;

/**
 * The store's snapshot, read on a fixed tick. Subscribing installs one interval that
 * calls React back only when `store.getVersion()` moved since the last tick, so a
 * burst of a thousand lines costs one render, never one per line. `extraVersion`
 * (e.g. the diff source's counter) is polled on the same tick.
 */
export function useTimeline(
  store: TimelineStore,
  tickMs = DEFAULT_TICK_MS,
  extraVersion?: () => number,
): TimelineSnapshot {
  const current = useRef<TimelineSnapshot | null>(null);
  if (current.current === null) current.current = store.getSnapshot();
  const subscribe = useCallback(
    (onChange: () => void) => {
      let seen = store.getVersion();
      let seenExtra = extraVersion?.() ?? 0;
      current.current = store.getSnapshot();
      const timer = setInterval(() => {
        const version = store.getVersion();
        const extra = extraVersion?.() ?? 0;
        if (version === seen && extra === seenExtra) return;
        const snapshot = store.getSnapshot();
        // Only the extra source moved: a new identity, or React would skip the render.
        current.current = version === seen ? { ...snapshot } : snapshot;
        seen = version;
        seenExtra = extra;
        onChange();
      }, tickMs);
      return () => clearInterval(timer);
    },
    [store, tickMs, extraVersion],
  );
  const getSnapshot = useCallback(() => current.current as TimelineSnapshot, []);
  return useSyncExternalStore(subscribe, getSnapshot);
}
