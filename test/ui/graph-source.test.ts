import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GraphReport } from '../../source/core/heap/analysis.js';
import { TimelineStore } from '../../source/core/timeline/store.js';
import { HeapGraphSource } from '../../source/io/graph-source.js';

const flush = () => new Promise((r) => setImmediate(r));

function twoMarks(dumps: boolean): TimelineStore {
  const store = new TimelineStore();
  for (const at of [1000, 2000]) {
    const m = store.addMark(at, at / 1000);
    store.updateMark(m.id, {
      status: 'ok',
      files: { heap: 'h', goroutine: 'g', heapdump: dumps ? `/d/${m.id}` : null },
    });
  }
  return store;
}

const report = {
  newObjects: { count: 1, bytes: 8, sampled: 1 },
  sites: [],
  cycles: [],
} as unknown as GraphReport;

test('one analysis per pair, in the background, with progress; later gets are cached', async () => {
  const calls: string[] = [];
  let finish: (r: GraphReport) => void = () => {};
  const source = new HeapGraphSource(
    twoMarks(true),
    () => null,
    (a, b, binary, onProgress) => {
      calls.push(`${a} ${b} ${binary}`);
      onProgress?.({ phase: 'read-a', bytesRead: 5e6, totalBytes: 20e6 });
      return new Promise((resolve) => {
        finish = resolve;
      });
    },
  );
  assert.equal(source.get(1, 2).status, 'loading');
  await flush();
  const v = source.version();
  assert.deepEqual(source.get(1, 2), {
    status: 'loading',
    text: 'heap graph: reading heap dump A, 5.0 of 20.0 MB read (25%)',
  });
  finish(report);
  await flush();
  assert.ok(source.version() > v, 'the dashboard sees the change');
  assert.deepEqual(source.get(1, 2), { status: 'ready', report });
  assert.deepEqual(calls, ['/d/1 /d/2 null'], 'analysed once');
});

test('missing dumps, failures and unknown marks are states, not exceptions', async () => {
  const none = new HeapGraphSource(
    twoMarks(false),
    () => null,
    () => Promise.reject(new Error('x')),
  );
  assert.deepEqual(none.get(1, 2), {
    status: 'missing',
    text: 'no heap dumps at these marks (run with --heapdump --precise)',
  });
  assert.equal(none.get(1, 9).status, 'error');
  const failing = new HeapGraphSource(
    twoMarks(true),
    () => null,
    () => Promise.reject(new Error('heap dump B is truncated')),
  );
  failing.get(1, 2);
  await flush();
  await flush();
  assert.deepEqual(failing.get(1, 2), {
    status: 'error',
    text: 'heap-dump analysis failed: heap dump B is truncated',
  });
});

test('a mark still capturing: loading, and no analysis yet', () => {
  const store = twoMarks(true);
  store.updateMark(2, { status: 'capturing' });
  let calls = 0;
  const source = new HeapGraphSource(
    store,
    () => null,
    () => {
      calls++;
      return Promise.resolve(report);
    },
  );
  assert.deepEqual(source.get(1, 2), { status: 'loading', text: 'capturing B-2…' });
  assert.equal(calls, 0);
});
