import type { GcCycle } from '../../source/core/gctrace/types.js';
import { TimelineStore } from '../../source/core/timeline/store.js';
import { makeCycle } from '../helpers/cycles.js';

/** A leaky service: live heap creeping up, goal = 2× live, pauses with an occasional spike. */
export function leakyCycle(i: number): GcCycle {
  const live = 40 + Math.floor(i * 0.6) + (i % 7);
  const pause = 0.03 + (i % 11) * 0.004 + (i % 37 === 0 ? 0.4 : 0);
  return makeCycle({
    n: i + 1,
    atSeconds: Math.round((0.05 + i * 0.25) * 1000) / 1000,
    cpuPercent: 3,
    clockMs: [Math.round(pause * 600) / 1000, 1.2 + (i % 5) * 0.3, Math.round(pause * 400) / 1000],
    cpuMs: [0.084, 0.31 + (i % 13) * 0.2, 2.1 + (i % 4), 0.44, 0.02],
    heapMiB: [live + 30, live + 34, live],
    goalMiB: 2 * live,
    stacksMiB: 0,
    globalsMiB: 0,
    procs: 4,
    forced: i === 60,
  });
}

/** A store as a live `gcdiff run` would have it after a minute. */
export function sampleStore(cycles = 240): TimelineStore {
  const store = new TimelineStore();
  store.setChild({
    command: ['go', 'run', './demo/leaky'],
    pid: 48213,
    state: 'running',
    startedMs: 0,
    upMs: 2100,
    pprofUrl: 'http://127.0.0.1:6060/debug/pprof/',
  });
  for (let i = 0; i < cycles; i++) {
    store.addCycle(leakyCycle(i));
    if (i % 20 === 0)
      store.addOutput('stdout', `served ${i * 150} requests, ${40 + i} sessions open\n`);
    if (i % 33 === 0)
      store.addOutput(
        'stderr',
        `2026/11/25 17:08:${String(i % 60).padStart(2, '0')} slow request /api/orders took ${120 + i}ms\n`,
      );
    if (i === 150) store.addMark(37_000, 35.1);
    if (i === 210) store.addMark(52_000, 50.1);
  }
  for (const m of store.getMarks()) store.updateMark(m.id, { status: 'ok' });
  store.setStatus({ kind: 'info', text: 'mark B #2 captured: heap 2.1MiB, goroutine 12KiB' });
  return store;
}
