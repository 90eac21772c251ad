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
  const out = windowedCpuPercent(cycles, 3, 3);
  assert.equal(out.length, 3);
  for (const p of out) {
    // 3 cycles of 100 ms over the 3 s from the end of the cycle before them: 10 %.
    assert.ok(p !== null && Math.abs(p - 10) < 1e-9, String(p));
  }
  // A heavier last cycle raises only the points whose window includes it.
  cycles[5] = { ...(cycles[5] as (typeof cycles)[number]), cpuMs: [0, 0, 400, 0, 0] };
  const after = windowedCpuPercent(cycles, 3, 3);
  assert.equal(after[0], out[0]);
  assert.ok((after[2] ?? 0) > (out[2] ?? 0));
});

test('windowed GC CPU at the start of a process counts from the program start, never the collection alone', () => {
  // gc 1 at 2 s, 0.5 ms of wall and 0.5 ms of CPU on 1 P: 0.025 % since the start, not 100 %.
  const cycles = [
    makeCycle({ n: 1, atSeconds: 2, clockMs: [0, 0.5, 0], cpuMs: [0, 0, 0.5, 0, 0], procs: 1 }),
    makeCycle({ n: 2, atSeconds: 4, clockMs: [0, 0.5, 0], cpuMs: [0, 0, 0.5, 0, 0], procs: 1 }),
  ];
  const [first, second] = windowedCpuPercent(cycles, 0, 10);
  assert.ok(Math.abs((first ?? 0) - (100 * 0.5) / 2000.5) < 1e-9, String(first));
  assert.ok(Math.abs((second ?? 0) - (100 * 1) / 4000.5) < 1e-9, String(second));
  // The same cycles seen from gc 41 on (an attach mid-run): the first only opens the period.
  const mid = cycles.map((c) => ({ ...c, n: c.n + 40 }));
  const [a, b] = windowedCpuPercent(mid, 0, 10);
  assert.equal(a, null);
  assert.ok(Math.abs((b ?? 0) - (100 * 0.5) / 2000) < 1e-9, String(b));
  // A new process (restart) starts its own window.
  const restarted = [...cycles, { ...(cycles[0] as (typeof cycles)[number]), process: 1 }];
  const last = windowedCpuPercent(restarted, 2, 10)[0];
  assert.ok(Math.abs((last ?? 0) - (100 * 0.5) / 2000.5) < 1e-9, String(last));
});
