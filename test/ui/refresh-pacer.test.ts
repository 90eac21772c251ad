import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RefreshPacer } from '../../source/ui/refresh-pacer.js';

test('before any frame cost is known, data may redraw at once', () => {
  const pacer = new RefreshPacer();
  assert.equal(pacer.ready(0), true);
  assert.equal(pacer.intervalMs(), 0);
});

test('a frame that cost C ms makes data wait C / budget, capped', () => {
  const pacer = new RefreshPacer({ budget: 0.05, maxIntervalMs: 1000 });
  pacer.refreshed(1000);
  pacer.recordCost(20);
  assert.equal(pacer.intervalMs(), 400);
  assert.equal(pacer.ready(1399), false);
  assert.equal(pacer.ready(1400), true);
  pacer.recordCost(200);
  assert.equal(pacer.intervalMs(), 1000, 'never longer than the cap');
});

test('cost rises at once and falls slowly', () => {
  const pacer = new RefreshPacer({ budget: 0.1, maxIntervalMs: 10_000 });
  pacer.recordCost(10);
  pacer.recordCost(50);
  assert.equal(pacer.intervalMs(), 500);
  pacer.recordCost(0);
  assert.equal(pacer.intervalMs(), 400);
  for (let i = 0; i < 50; i++) pacer.recordCost(0);
  assert.ok(pacer.intervalMs() < 1);
});

test('nonsense costs are ignored', () => {
  const pacer = new RefreshPacer({ budget: 0.1 });
  pacer.recordCost(5);
  pacer.recordCost(Number.NaN);
  pacer.recordCost(-3);
  pacer.recordCost(Number.POSITIVE_INFINITY);
  assert.equal(pacer.intervalMs(), 50);
});
