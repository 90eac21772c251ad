import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  chartRange,
  heapSeries,
  pauseSeries,
  windowedCpuPercent,
} from '../../source/core/timeline/chart-series.js';
import { makeCycle } from '../helpers/cycles.js';

test('chartRange ends at the cursor end and never starts before the first cycle held', () => {
  assert.deepEqual(chartRange(0, 99, 99, 20), { start: 80, end: 99 });
  assert.deepEqual(chartRange(0, 99, 10, 20), { start: 0, end: 10 });
  assert.deepEqual(chartRange(50, 99, 60, 20), { start: 50, end: 60 });
  assert.deepEqual(chartRange(0, 99, 500, 20), { start: 80, end: 99 });
  assert.deepEqual(chartRange(0, -1, 0, 20), { start: 0, end: -1 });
});

test('pause is sweep termination + mark termination; heap live is the marked heap', () => {
  const cycles = [makeCycle({ clockMs: [0.5, 9, 0.25], heapMiB: [9, 11, 6], goalMiB: 12 })];
  assert.deepEqual(pauseSeries(cycles), [0.75]);
  assert.deepEqual(heapSeries(cycles), { live: [6], goal: [12] });
});

test('windowed GC CPU comes from the cpu fields, not the cumulative percent', () => {
  // Each cycle: 100 ms of GC CPU, 1 s apart, 1 P, 10 ms wall: 10% over a window.
  const cycles = Array.from({ length: 6 }, (_, i) =>
    makeCycle({
      n: i + 1,
      atSeconds: i,
      cpuPercent: 99,
      clockMs: [0, 10, 0],
      cpuMs: [0, 0, 100, 0, 0],
      procs: 1,
    }),
  );
  const out = windowedCpuPercent(cycles, 2, 3);
  assert.equal(out.length, 4);
  for (const p of out) {
    // 300 ms CPU over 2.01 s × 1 P.
    assert.ok(p !== null && Math.abs(p - (100 * 300) / 2010) < 1e-9, String(p));
  }
  // A heavier last cycle raises only the points whose window includes it.
  cycles[5] = { ...(cycles[5] as (typeof cycles)[number]), cpuMs: [0, 0, 400, 0, 0] };
  const after = windowedCpuPercent(cycles, 2, 3);
  assert.equal(after[0], out[0]);
  assert.ok((after[3] ?? 0) > (out[3] ?? 0));
});
