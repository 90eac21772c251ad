import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { UsageError } from '../../../source/core/errors.js';
import { decodeProfile } from '../../../source/core/profile/decode.js';
import {
  type DiffRow,
  diffProfiles,
  diffToJson,
  type ProfileDiff,
  stacksForRow,
} from '../../../source/core/profile/diff.js';
import { compileFilter, isRuntimeFrame, packageOf } from '../../../source/core/profile/names.js';
import { heapProfileArb } from './arbitraries.js';
import { encodeProfile, GOROUTINE_TYPES, HEAP_TYPES, type SynthProfile } from './synthetic.js';

const fixture = (name: string) =>
  decodeProfile(readFileSync(new URL(`../../fixtures/profile/${name}.pb.gz`, import.meta.url)));
const heapA = fixture('heap-a');
const heapB = fixture('heap-b');
const goroutineA = fixture('goroutine-a');
const goroutineB = fixture('goroutine-b');
const model = (spec: SynthProfile) => decodeProfile(encodeProfile(spec));
const heap = (samples: SynthProfile['samples']) => model({ sampleTypes: HEAP_TYPES, samples });
const v = (inuse: number) => [inuse, inuse, inuse, inuse];
const row = (diff: ProfileDiff, name: string): DiffRow => {
  const found = diff.rows.find((r) => r.name === name);
  assert.ok(found, `no row for ${name}`);
  return found;
};
const empty = heap([]);

describe('grouping and attribution', () => {
  test('flat goes to the leaf, cum to every function on the stack', () => {
    const target = heap([
      { stack: ['main.leaf', 'main.grow', 'main.main'], values: v(100) },
      { stack: ['main.grow', 'main.main'], values: v(10) },
    ]);
    const diff = diffProfiles(empty, target);
    assert.deepEqual(row(diff, 'main.leaf').flat, { base: 0, target: 100, delta: 100 });
    assert.deepEqual(row(diff, 'main.grow').flat.delta, 10);
    assert.deepEqual(row(diff, 'main.grow').cum.delta, 110);
    assert.deepEqual(row(diff, 'main.main').cum, { base: 0, target: 110, delta: 110 });
    assert.deepEqual(
      diff.rows.map((r) => r.name),
      ['main.leaf', 'main.grow', 'main.main'],
    );
  });

  test('recursion is counted once in cum', () => {
    const target = heap([
      { stack: ['main.leaf', 'main.grow', 'main.leaf', 'main.leaf', 'main.main'], values: v(7) },
    ]);
    const diff = diffProfiles(empty, target);
    assert.equal(row(diff, 'main.leaf').cum.delta, 7);
    assert.equal(row(diff, 'main.leaf').flat.delta, 7);
    assert.equal(row(diff, 'main.grow').cum.delta, 7);
  });

  test('an inlined call is a frame: flat to the innermost line, cum to both', () => {
    const target = heap([{ stack: [['main.leaf:9', 'main.grow:4'], 'main.main:2'], values: v(5) }]);
    const diff = diffProfiles(empty, target, { by: 'line' });
    const leaf = row(diff, 'main.leaf');
    assert.equal(leaf.line, 9);
    assert.equal(leaf.flat.delta, 5);
    assert.equal(row(diff, 'main.grow').flat.delta, 0);
    assert.equal(row(diff, 'main.grow').cum.delta, 5);
    assert.equal(row(diff, 'main.grow').line, 4);
  });

  test('by line keeps lines of one function apart; by func merges them with line null', () => {
    const target = heap([
      { stack: ['main.leaf:1', 'main.main'], values: v(3) },
      { stack: ['main.leaf:2', 'main.main'], values: v(4) },
    ]);
    const byLine = diffProfiles(empty, target, { by: 'line' });
    assert.deepEqual(
      byLine.rows.filter((r) => r.name === 'main.leaf').map((r) => [r.line, r.flat.delta]),
      [
        [2, 4],
        [1, 3],
      ],
    );
    const byFunc = diffProfiles(empty, target);
    assert.equal(row(byFunc, 'main.leaf').flat.delta, 7);
    assert.equal(row(byFunc, 'main.leaf').line, null);
    assert.equal(row(byFunc, 'main.leaf').file, '/src/main/main.go');
  });

  test('by stack: one row per distinct stack, flat equals cum', () => {
    const base = heap([{ stack: ['main.leaf', 'main.grow', 'main.main'], values: v(10) }]);
    const target = heap([
      { stack: ['main.leaf', 'main.grow', 'main.main'], values: v(25) },
      { stack: ['main.leaf', 'main.main'], values: v(5) },
    ]);
    const diff = diffProfiles(base, target, { by: 'stack' });
    assert.equal(diff.rows.length, 2);
    const [first, second] = diff.rows;
    assert.deepEqual(first!.flat, { base: 10, target: 25, delta: 15 });
    assert.deepEqual(first!.cum, first!.flat);
    assert.deepEqual(
      first!.stack!.map((f) => f.name),
      ['main.leaf', 'main.grow', 'main.main'],
    );
    assert.equal(second!.flat.delta, 5);
  });

  test('goroutines are charged to the first frame outside the runtime by default', () => {
    const goroutines = (samples: SynthProfile['samples']) =>
      model({ sampleTypes: GOROUTINE_TYPES, samples, period: ['goroutine', 'count'] });
    const target = goroutines([
      { stack: ['runtime.gopark', 'runtime.chanrecv', 'main.leaf', 'main.main'], values: [4] },
      {
        stack: [['runtime.gopark', 'runtime.semacquire1'], 'sync.runtime_Semacquire', 'main.grow'],
        values: [2],
      },
      { stack: ['runtime.gopark', 'runtime.bgsweep'], values: [1] },
    ]);
    const diff = diffProfiles(goroutines([]), target);
    assert.equal(diff.kind, 'goroutine');
    assert.equal(diff.attribution, 'user');
    assert.equal(row(diff, 'main.leaf').flat.delta, 4);
    assert.equal(row(diff, 'main.grow').flat.delta, 2);
    // Nothing but runtime frames: the leaf keeps it.
    assert.equal(row(diff, 'runtime.gopark').flat.delta, 1);
    assert.equal(row(diff, 'runtime.gopark').cum.delta, 7);
    const leaf = diffProfiles(goroutines([]), target, { attribution: 'leaf' });
    assert.equal(row(leaf, 'runtime.gopark').flat.delta, 7);
    assert.equal(row(leaf, 'main.leaf').flat.delta, 0);
  });

  test('rows are sorted by |flat delta|, shrinkage included', () => {
    const base = heap([
      { stack: ['main.leaf', 'main.main'], values: v(1000) },
      { stack: ['main.grow', 'main.main'], values: v(10) },
    ]);
    const target = heap([
      { stack: ['main.leaf', 'main.main'], values: v(100) },
      { stack: ['main.grow', 'main.main'], values: v(60) },
    ]);
    const diff = diffProfiles(base, target);
    assert.deepEqual(
      diff.rows.map((r) => [r.name, r.flat.delta]),
      [
        ['main.leaf', -900],
        ['main.grow', 50],
        ['main.main', 0],
      ],
    );
    assert.equal(diff.total.delta, -850);
    assert.equal(diff.rows[0]!.deltaPercent, (-900 / 1010) * 100);
  });

  test('the sample type is chosen by name; inuse_space by default', () => {
    const base = heap([{ stack: ['main.leaf'], values: [1, 2, 3, 4] }]);
    const target = heap([{ stack: ['main.leaf'], values: [10, 20, 30, 40] }]);
    assert.equal(diffProfiles(base, target).total.delta, 36);
    assert.equal(diffProfiles(base, target, { sample: 'alloc_objects' }).total.delta, 9);
    assert.equal(diffProfiles(base, target, { sample: 'inuse_objects' }).unit, 'count');
  });
});

describe('properties', () => {
  test('a profile diffed with itself is all zeros', () => {
    fc.assert(
      fc.property(
        heapProfileArb(0),
        fc.constantFrom('func', 'line', 'stack' as const),
        (spec, by) => {
          const p = model(spec);
          const diff = diffProfiles(p, p, { by });
          assert.equal(diff.total.delta, 0);
          for (const r of diff.rows) {
            assert.equal(r.flat.delta, 0);
            assert.equal(r.cum.delta, 0);
          }
        },
      ),
    );
    for (const p of [heapB, goroutineB]) {
      const diff = diffProfiles(p, p, { by: 'line' });
      assert.ok(diff.rows.length > 0);
      assert.ok(diff.rows.every((r) => r.flat.delta === 0 && r.cum.delta === 0));
    }
  });

  test('the flats add up to the totals; no cum is below its flat', () => {
    fc.assert(
      fc.property(
        heapProfileArb(1),
        heapProfileArb(1),
        fc.constantFrom('func', 'line', 'stack' as const),
        fc.constantFrom('leaf', 'user' as const),
        (a, b, by, attribution) => {
          const diff = diffProfiles(model(a), model(b), { by, attribution });
          const sum = (pick: (r: DiffRow) => number) => diff.rows.reduce((s, r) => s + pick(r), 0);
          assert.equal(
            sum((r) => r.flat.base),
            diff.total.base,
          );
          assert.equal(
            sum((r) => r.flat.target),
            diff.total.target,
          );
          for (const r of diff.rows) {
            assert.ok(r.cum.base >= r.flat.base && r.cum.target >= r.flat.target);
          }
        },
      ),
    );
  });

  test('swapping base and target negates every delta', () => {
    fc.assert(
      fc.property(heapProfileArb(1), heapProfileArb(1), (a, b) => {
        const forward = diffProfiles(model(a), model(b), { by: 'line' });
        const backward = diffProfiles(model(b), model(a), { by: 'line' });
        const key = (r: DiffRow) => `${r.name}:${r.line}`;
        const back = new Map(backward.rows.map((r) => [key(r), r]));
        for (const r of forward.rows) {
          const other = back.get(key(r));
          assert.ok(other, key(r));
          assert.equal(other.flat.delta + r.flat.delta, 0);
          assert.equal(other.cum.delta + r.cum.delta, 0);
        }
      }),
    );
  });
});

describe('stacksForRow', () => {
  test('the stacks behind a func or line row add up to its cum', () => {
    for (const by of ['func', 'line'] as const) {
      const diff = diffProfiles(heapA, heapB, { by });
      for (const r of diff.rows.slice(0, 15)) {
        const stacks = stacksForRow(diff, r);
        assert.ok(stacks.length > 0);
        assert.equal(
          stacks.reduce((s, x) => s + x.delta, 0),
          r.cum.delta,
          r.name,
        );
        assert.equal(
          stacks.reduce((s, x) => s + x.target, 0),
          r.cum.target,
        );
        for (const st of stacks) {
          assert.ok(
            st.frames.some((f) => f.name === r.name && (by === 'func' || f.line === r.line)),
          );
        }
      }
    }
  });

  test('a stack row has exactly its own stack', () => {
    const diff = diffProfiles(goroutineA, goroutineB, { by: 'stack' });
    const r = diff.rows[0]!;
    const stacks = stacksForRow(diff, r);
    assert.equal(stacks.length, 1);
    assert.deepEqual(stacks[0]!.frames, r.stack);
    assert.equal(stacks[0]!.delta, r.flat.delta);
  });

  test('stacks are sorted by |delta| and can be limited', () => {
    const diff = diffProfiles(heapA, heapB);
    const stacks = stacksForRow(diff, row(diff, 'main.makeBuffer'));
    assert.ok(stacks.length >= 2);
    for (let i = 1; i < stacks.length; i++) {
      assert.ok(Math.abs(stacks[i - 1]!.delta) >= Math.abs(stacks[i]!.delta));
    }
    assert.equal(stacksForRow(diff, row(diff, 'main.makeBuffer'), 1).length, 1);
  });
});

describe('filters', () => {
  test('globs over function names and packages', () => {
    const keep = compileFilter('github.com/acme/*');
    assert.ok(keep('github.com/acme/store.(*DB).Get'));
    assert.ok(!keep('main.main'));
    assert.ok(compileFilter('main.*')('main.(*T).M'));
    assert.ok(compileFilter('net/http')('net/http.(*conn).serve'));
    assert.ok(!compileFilter('net/http')('net/http/pprof.Index'));
    assert.ok(compileFilter('runtime.go?ark, main.x')('runtime.gopark'));
    assert.equal(packageOf('github.com/acme/store.(*DB).Get'), 'github.com/acme/store');
    assert.equal(packageOf('main.main.func1'), 'main');
  });

  test('--filter keeps matching rows and leaves the totals alone', () => {
    const all = diffProfiles(heapA, heapB);
    const main = diffProfiles(heapA, heapB, { filter: 'main.*' });
    assert.ok(main.rows.length > 0 && main.rows.length < all.rows.length);
    assert.ok(main.rows.every((r) => r.name.startsWith('main.')));
    assert.deepEqual(main.total, all.total);
    const stacks = diffProfiles(heapA, heapB, { by: 'stack', filter: 'main.buildTree' });
    assert.ok(stacks.rows.length > 0);
    assert.ok(stacks.rows.every((r) => r.stack!.some((f) => f.name === 'main.buildTree')));
  });

  test('the runtime frame rule', () => {
    for (const name of [
      'runtime.gopark',
      'runtime/internal/atomic.Load',
      'internal/runtime/maps.x',
      'sync.runtime_Semacquire',
      'internal/poll.runtime_pollWait',
      'sync.(*Mutex).Lock',
      'internal/sync.(*Mutex).lockSlow',
    ]) {
      assert.ok(isRuntimeFrame(name), name);
    }
    for (const name of [
      'runtime/pprof.writeGoroutine',
      'main.main',
      'sync/atomic.(*Int64).Add',
      'internal/poll.(*FD).Read',
      'net/http.(*conn).serve',
    ]) {
      assert.ok(!isRuntimeFrame(name), name);
    }
  });
});

describe('refusals', () => {
  test('different kinds, sample types, unknown sample, unknown grouping', () => {
    assert.throws(() => diffProfiles(heapA, goroutineB), /heap profile against a goroutine/);
    assert.throws(() => diffProfiles(heapA, heapB, { sample: 'goroutine' }), UsageError);
    assert.throws(
      () => diffProfiles(goroutineA, goroutineB, { sample: 'inuse_space' }),
      /goroutine profile/,
    );
    assert.throws(() => diffProfiles(heapA, heapB, { by: 'file' as never }), UsageError);
    const twoTypes = model({
      sampleTypes: HEAP_TYPES.slice(0, 2).concat([['inuse_space', 'bytes']]),
      samples: [],
    });
    assert.throws(() => diffProfiles(heapA, twoTypes), /different sample types/);
    const cpu = model({
      sampleTypes: [
        ['samples', 'count'],
        ['cpu', 'nanoseconds'],
      ],
      samples: [],
    });
    assert.throws(() => diffProfiles(cpu, cpu), /heap and goroutine/);
  });
});

test('the JSON has the shape of DESIGN.md', () => {
  const json = diffToJson(diffProfiles(heapA, heapB), 5);
  assert.deepEqual(Object.keys(json), ['kind', 'sampleType', 'unit', 'by', 'total', 'rows']);
  assert.equal(json.rows.length, 5);
  assert.deepEqual(Object.keys(json.rows[0]!), [
    'name',
    'file',
    'line',
    'flat',
    'cum',
    'deltaPercent',
  ]);
  assert.deepEqual(Object.keys(json.total), ['base', 'target', 'delta']);
  assert.equal(json.rows[0]!.line, null);
  const goroutines = diffToJson(diffProfiles(goroutineA, goroutineB));
  assert.deepEqual(
    [goroutines.kind, goroutines.sampleType, goroutines.unit],
    ['goroutine', 'goroutine', 'count'],
  );
});
