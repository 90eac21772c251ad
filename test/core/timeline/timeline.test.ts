import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Downsampler } from '../../../source/core/timeline/buckets.js';
import { CycleRing } from '../../../source/core/timeline/cycle-ring.js';
import { TimelineStore } from '../../../source/core/timeline/store.js';
import { percentile, summarize } from '../../../source/core/timeline/summary.js';
import { makeCycle } from '../../helpers/cycles.js';

test('cycle ring round-trips every field and evicts the oldest', () => {
  const ring = new CycleRing(3);
  const a = makeCycle({ n: 1, stacksMiB: null, globalsMiB: null, forced: true });
  const b = makeCycle({
    n: 2,
    periodic: true,
    leakCheck: true,
    ambiguous: [{ field: 'goalMiB', candidates: [12, 120] }],
    outputAmbiguous: true,
  });
  const c = makeCycle({ n: 3, bestGuess: true });
  ring.push(a, 5);
  ring.push(b, 6);
  assert.deepEqual(ring.get(0), a);
  assert.deepEqual(ring.get(1), b);
  const other = new CycleRing(1);
  other.push(c);
  assert.deepEqual(other.get(0), c);
  assert.equal(ring.receivedMs(1), 6);
  ring.push(makeCycle({ n: 3 }));
  ring.push(makeCycle({ n: 4 }));
  assert.equal(ring.get(0), undefined);
  assert.equal(ring.first, 1);
  assert.equal(ring.size, 3);
  assert.deepEqual(
    ring.range(0, 10).map((c) => c.n),
    [2, 3, 4],
  );
  ring.push(makeCycle({ n: 5 }));
  assert.equal(ring.get(1), undefined, 'the ambiguous cycle fell off');
});

test('percentile is nearest-rank', () => {
  const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  assert.equal(percentile(sorted, 50), 5);
  assert.equal(percentile(sorted, 95), 10);
  assert.equal(percentile(sorted, 10), 1);
  assert.equal(percentile([], 50), 0);
});

test('summary derives pause percentiles, rates and windowed CPU from the cpu fields', () => {
  // 10 cycles, one per second from 1 s, each with 10 ms of GC CPU on 2 P: 10 / (2 * 1000) = 0.5 %.
  const cycles = Array.from({ length: 10 }, (_, i) =>
    makeCycle({
      n: i + 1,
      atSeconds: i + 1,
      cpuPercent: 50, // cumulative runtime figure, must not be used
      clockMs: [0.1 * (i + 1), 0, 0],
      cpuMs: [2, 2, 2, 2, 2],
      heapMiB: [0, 0, 10 + i],
      goalMiB: 20 + 2 * i,
      procs: 2,
      forced: i === 3,
    }),
  );
  const s = summarize(cycles);
  assert.equal(s.cycles, 10);
  assert.equal(s.forced, 1);
  assert.ok(Math.abs(s.pauseMs.p50 - 0.5) < 1e-9);
  assert.ok(Math.abs(s.pauseMs.max - 1.0) < 1e-9);
  assert.ok(Math.abs(s.spanSeconds - 9.001) < 1e-9);
  // 9 intervals between starts over 9 s: 1 GC/s (not 10 cycles over 9 s).
  assert.ok(Math.abs((s.gcPerSecond ?? 0) - 1) < 1e-9, String(s.gcPerSecond));
  // gc 1 opens the process: the period runs from the program's start (0) to the last end.
  assert.ok(Math.abs((s.gcCpuPercent ?? 0) - (100 * 100) / (10.001 * 1000 * 2)) < 1e-9);
  assert.ok(Math.abs((s.heapLiveMiB?.slopePerSecond ?? 0) - 1) < 1e-9);
  assert.ok(Math.abs((s.goalMiB?.slopePerSecond ?? 0) - 2) < 1e-9);

  // A window that starts mid-process (9 cycles from 2 s): its first cycle only marks where the
  // period starts, so the other 8 cycles of 10 ms fill the 8.0008 s after it (counting all 9
  // over that time would be 12.5 % too much).
  const later = summarize(cycles.slice(1).map((c) => ({ ...c, n: c.n + 100 })));
  const expected = (100 * 80) / ((10.001 - 2.0002) * 1000 * 2);
  assert.ok(Math.abs((later.gcCpuPercent ?? 0) - expected) < 1e-9, String(later.gcCpuPercent));
});

test('one cycle has no rate, and outside gc 1 no CPU window either', () => {
  const one = makeCycle({ n: 7, atSeconds: 3, clockMs: [0.1, 0.2, 0.1], cpuMs: [1, 1, 1, 1, 1] });
  const s = summarize([one]);
  assert.equal(s.gcPerSecond, null);
  assert.equal(s.gcCpuPercent, null);
  // gc 1 at 0.002 s: 2.4 ms of wall since the program started, on its P.
  const first = summarize([{ ...one, n: 1, atSeconds: 0.002, procs: 2 }]);
  assert.equal(first.gcPerSecond, null);
  assert.ok(Math.abs((first.gcCpuPercent ?? 0) - (100 * 5) / (2.4 * 2)) < 1e-9);
});

test('summary sums spans per process epoch', () => {
  const cycles = [
    makeCycle({ n: 1, atSeconds: 1, clockMs: [0, 0, 0], process: 0 }),
    makeCycle({ n: 2, atSeconds: 3, clockMs: [0, 0, 0], process: 0 }),
    makeCycle({ n: 1, atSeconds: 0.5, clockMs: [0, 0, 0], process: 1 }),
    makeCycle({ n: 2, atSeconds: 1.5, clockMs: [0, 0, 0], process: 1 }),
  ];
  const s = summarize(cycles);
  assert.equal(s.processes, 2);
  assert.equal(s.spanSeconds, 3);
});

test('downsampler keeps the whole session in bounded buckets', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 3000 }), (count) => {
      const d = new Downsampler(16);
      let maxPause = 0;
      for (let i = 0; i < count; i++) {
        const pause = (i * 7919) % 101;
        maxPause = Math.max(maxPause, pause);
        d.add(i, makeCycle({ n: i + 1, clockMs: [pause, 0, 0] }));
      }
      const buckets = d.snapshot();
      assert.ok(buckets.length <= 16);
      assert.equal(
        buckets.reduce((sum, b) => sum + b.count, 0),
        count,
      );
      assert.equal(buckets[0]?.firstSeq, 0);
      assert.equal(Math.max(...buckets.map((b) => b.maxPauseMs)), maxPause);
    }),
  );
});

test('store snapshots are stable until something changes, and marks pair up', () => {
  const store = new TimelineStore({ recentCount: 2 });
  const s0 = store.getSnapshot();
  assert.equal(store.getSnapshot(), s0);
  store.addCycle(makeCycle({ n: 1 }));
  store.addCycle(makeCycle({ n: 2 }));
  store.addCycle(makeCycle({ n: 3 }));
  const s1 = store.getSnapshot();
  assert.notEqual(s1, s0);
  assert.equal(s1.cycleTotal, 3);
  assert.deepEqual(
    s1.recent.map((c) => c.n),
    [2, 3],
  );
  assert.equal(s1.recentFirstSeq, 1);
  const a = store.addMark(1000, 1);
  const b = store.addMark(2000, 2);
  const c = store.addMark(3000, 3);
  assert.deepEqual([a.label, b.label, c.label], ['A', 'B', 'B']);
  assert.equal(b.gc, 3);
  assert.equal(b.cycleSeq, 2);
  store.updateMark(b.id, { status: 'error', error: 'timeout' });
  assert.equal(store.getSnapshot().marks[1]?.status, 'error');
});

test('store output keeps partial lines until they end, per stream', () => {
  const store = new TimelineStore();
  store.addOutput('stderr', 'hel');
  store.addOutput('stdout', 'out\r\n');
  store.addOutput('stderr', 'lo\nwor');
  assert.deepEqual(store.getSnapshot().output, [
    { stream: 'stdout', text: 'out' },
    { stream: 'stderr', text: 'hello' },
  ]);
  store.flushOutput();
  assert.equal(store.getSnapshot().output[2]?.text, 'wor');
  assert.equal(store.getSnapshot().outputTotal, 3);
});
