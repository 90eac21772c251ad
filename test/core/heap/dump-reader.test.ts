import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { UsageError } from '../../../source/core/errors.js';
import { bytesSource, chunksSource } from '../../../source/core/heap/byte-source.js';
import { readHeapDump } from '../../../source/core/heap/dump-reader.js';
import { buildHeapGraph } from '../../../source/core/heap/heap-graph.js';
import { StackTable } from '../../../source/core/heap/sites.js';
import { DumpWriter } from './dump-writer.js';

function sample(): Uint8Array {
  return new DumpWriter()
    .params()
    .others()
    .object(0x3000, [0x2010, 7], [0]) // points inside 0x2000
    .object(0x2000, [0x3000, 0, 0x9999999], [0, 2]) // 0x9999999 is outside the arena
    .goroutine(1)
    .frame('main.worker', [0x3000, 0], [0])
    .segment('data', 0x500000, [0x2000, 0], [0])
    .segment('bss', 0x600000, [0], [0])
    .memStats()
    .memProf(0x8000, ['runtime.mallocgc', 'runtime.newobject', 'main.newT', 'main.main'])
    .allocSample(0x2000, 0x8000)
    .eof();
}

test('reads every record kind of a synthetic dump', () => {
  const counts = new Map<string, number>();
  const bump = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  const bytes = sample();
  const summary = readHeapDump(bytesSource(bytes), {
    params: (p) => {
      assert.equal(p.goVersion, 'go1.26.8');
      bump('params');
    },
    type: (_a, _s, name) => {
      assert.equal(name, 'main.T');
      bump('type');
    },
    itab: () => bump('itab'),
    osThread: (_a, _id, procId) => {
      assert.equal(procId, 1234);
      bump('osthread');
    },
    finalizer: (_r, queued) => bump(queued ? 'queued' : 'finalizer'),
    otherRoot: (d) => {
      assert.equal(d, 'other root');
      bump('otherroot');
    },
    defer: () => bump('defer'),
    panic: () => bump('panic'),
    object: (a, size, p) => {
      bump('object');
      if (a === 0x2000) {
        assert.equal(size, 24);
        assert.deepEqual([...p.targets.subarray(0, p.length)], [0x3000, 0x9999999]);
      }
    },
    goroutine: (g) => {
      assert.equal(g.waitReason, 'chan receive');
      bump('goroutine');
    },
    stackFrame: (f, p) => {
      assert.equal(f.name, 'main.worker');
      assert.equal(p.length, 1);
      bump('frame');
    },
    segment: (kind, _a, _s, p) => {
      assert.equal(p.length, kind === 'data' ? 1 : 0, 'nil pointers are skipped');
      bump(kind);
    },
    memStats: (v) => {
      assert.equal(v.length, 281);
      bump('memstats');
    },
    memProf: (b) => {
      assert.equal(b.frames[2]?.name, 'main.newT');
      bump('memprof');
    },
    allocSample: () => bump('allocsample'),
  });
  assert.equal(summary.bytes, bytes.length);
  for (const k of [
    'params',
    'type',
    'itab',
    'osthread',
    'finalizer',
    'queued',
    'otherroot',
    'defer',
    'panic',
    'goroutine',
    'frame',
    'data',
    'bss',
    'memstats',
    'memprof',
    'allocsample',
  ]) {
    assert.equal(counts.get(k), 1, k);
  }
  assert.equal(counts.get('object'), 2);
});

test('reads the same records from 1-byte chunks as from one buffer', () => {
  const bytes = sample();
  const chunks = Array.from(bytes, (b) => Uint8Array.of(b));
  const a = readHeapDump(bytesSource(bytes), {});
  const b = readHeapDump(chunksSource(chunks), {});
  assert.deepEqual(a, b);
});

test('builds a sorted graph: interior pointers resolve, out-of-arena pointers drop, roots name', () => {
  const g = buildHeapGraph(bytesSource(sample()), new StackTable(), { edges: true });
  assert.deepEqual([...g.addresses], [0x2000, 0x3000]);
  // 0x2000 → 0x3000; 0x3000 → 0x2010 (inside 0x2000)
  assert.deepEqual([...g.targets], [1, 0]);
  assert.deepEqual([...g.offsets], [0, 0]);
  assert.equal(g.stack[0], 0);
  assert.equal(g.stack[1], -1);
  assert.ok(g.roots.count >= 2);
});

test('every truncation of a dump is a one-line UsageError, never a hang', () => {
  const bytes = sample();
  for (let cut = 0; cut < bytes.length; cut++) {
    assert.throws(
      () => readHeapDump(bytesSource(bytes.subarray(0, cut)), {}),
      (error: unknown) => {
        assert.ok(error instanceof UsageError, `cut ${cut}: ${String(error)}`);
        assert.ok(!error.message.includes('\n'));
        assert.match(error.message, cut === 0 ? /empty/ : /truncated|not a Go heap dump/);
        return true;
      },
    );
  }
});

test('corrupt input: unknown tag, bad field kind, wrong header', () => {
  const base = new DumpWriter().params();
  assert.throws(
    () => readHeapDump(bytesSource(base.uvarint(99).eof()), {}),
    /unknown record tag 99/,
  );
  const fields = new DumpWriter()
    .params()
    .uvarint(1)
    .uvarint(0x2000)
    .words([0])
    .uvarint(7)
    .uvarint(0)
    .uvarint(0)
    .eof();
  assert.throws(() => readHeapDump(bytesSource(fields), {}), /unknown field kind 7/);
  const outside = new DumpWriter().params().uvarint(1).uvarint(0x2000).words([0]).fields([8]).eof();
  assert.throws(() => readHeapDump(bytesSource(outside), {}), /outside a range/);
  assert.throws(
    () => readHeapDump(bytesSource(new TextEncoder().encode('go1.4 heap dump\n\0')), {}),
    /not a Go heap dump/,
  );
  const huge = new DumpWriter()
    .params()
    .uvarint(1)
    .uvarint(0x2000)
    .uvarint(2 ** 40)
    .eof();
  assert.throws(() => readHeapDump(bytesSource(huge), {}), UsageError);
});

test('fuzz: random bytes after the header end in a result or a UsageError', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (tail, withParams) => {
      const head = withParams ? new DumpWriter().params().partial() : new DumpWriter().partial();
      const bytes = new Uint8Array(head.length + tail.length);
      bytes.set(head);
      bytes.set(tail, head.length);
      try {
        buildHeapGraph(bytesSource(bytes), new StackTable(), { edges: true });
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        assert.ok(!error.message.includes('\n'));
      }
    }),
    { numRuns: 2000 },
  );
});

test('fuzz: every single-byte corruption of a valid dump ends in a result or a UsageError', () => {
  const bytes = sample();
  fc.assert(
    fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 }), (at, value) => {
      const copy = bytes.slice();
      copy[at] = value;
      try {
        buildHeapGraph(bytesSource(copy), new StackTable(), { edges: true });
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
      }
    }),
    { numRuns: 1000 },
  );
});
