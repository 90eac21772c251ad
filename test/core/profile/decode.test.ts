import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { UsageError } from '../../../source/core/errors.js';
import { decodeProfile } from '../../../source/core/profile/decode.js';
import { frameAt, sampleFrames, totalOf } from '../../../source/core/profile/model.js';
import { heapProfileArb } from './arbitraries.js';
import { encodeProfile, GOROUTINE_TYPES, HEAP_TYPES } from './synthetic.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/profile/${name}.pb.gz`, import.meta.url));
const FIXTURES = ['heap-a', 'heap-b', 'goroutine-a', 'goroutine-b'];

/** Decoding must give a model or a UsageError: nothing else, and never hang. */
function decodesOrRefuses(bytes: Uint8Array): 'model' | 'refused' {
  try {
    decodeProfile(bytes);
    return 'model';
  } catch (error) {
    assert.ok(error instanceof UsageError, `not a UsageError: ${error}`);
    assert.ok(!error.message.includes('\n'), 'one line');
    return 'refused';
  }
}

describe('the fast decoder agrees with pprof-format', () => {
  for (const name of FIXTURES) {
    test(`on the real profile ${name}`, () => {
      const bytes = fixture(name);
      const fast = decodeProfile(bytes, 'fast');
      assert.deepStrictEqual(fast, decodeProfile(bytes, 'reference'));
      assert.ok(fast.sampleCount > 0);
    });
  }

  test('on random profiles (property)', () => {
    fc.assert(
      fc.property(heapProfileArb(0), fc.boolean(), (spec, gzip) => {
        const bytes = encodeProfile(spec, gzip);
        assert.deepStrictEqual(decodeProfile(bytes, 'fast'), decodeProfile(bytes, 'reference'));
      }),
      { numRuns: 200 },
    );
  });
});

describe('the model', () => {
  test('recognises heap and goroutine profiles', () => {
    const heap = decodeProfile(fixture('heap-a'));
    assert.equal(heap.kind, 'heap');
    assert.deepEqual(
      heap.sampleTypes.map((t) => [t.type, t.unit]),
      HEAP_TYPES,
    );
    const goroutine = decodeProfile(fixture('goroutine-a'));
    assert.equal(goroutine.kind, 'goroutine');
    assert.deepEqual(
      goroutine.sampleTypes.map((t) => [t.type, t.unit]),
      GOROUTINE_TYPES,
    );
  });

  test('an uncompressed profile decodes to the same model as its .pb.gz', () => {
    const gz = fixture('heap-b');
    assert.deepStrictEqual(decodeProfile(gunzipSync(gz)), decodeProfile(gz));
  });

  test('inlined calls are frames of their own, innermost first', () => {
    const bytes = encodeProfile({
      sampleTypes: HEAP_TYPES,
      samples: [{ stack: [['main.leaf:7', 'main.grow:12'], 'main.main:3'], values: [1, 2, 3, 4] }],
    });
    const model = decodeProfile(bytes);
    const frames = sampleFrames(model, 0).map((f) => frameAt(model, f));
    assert.deepEqual(
      frames.map((f) => `${f.name}:${f.line}`),
      ['main.leaf:7', 'main.grow:12', 'main.main:3'],
    );
    assert.equal(frames[0]!.file, '/src/main/main.go');
  });

  test('functions and frames are deduplicated across locations', () => {
    const bytes = encodeProfile({
      sampleTypes: HEAP_TYPES,
      samples: [
        { stack: ['main.leaf:7', 'main.main:3'], values: [1, 1, 1, 1] },
        { stack: [['main.leaf:7', 'main.grow:2'], 'main.main:3'], values: [1, 1, 1, 1] },
      ],
    });
    const model = decodeProfile(bytes);
    assert.deepEqual([...model.functionName].sort(), ['main.grow', 'main.leaf', 'main.main']);
    assert.equal(model.frameFunction.length, 3);
    assert.equal(totalOf(model, 3), 2);
  });

  test('the values of every sample type survive decoding (property)', () => {
    fc.assert(
      fc.property(heapProfileArb(), (spec) => {
        const model = decodeProfile(encodeProfile(spec));
        HEAP_TYPES.forEach((_, t) => {
          const expected = spec.samples.reduce((sum, s) => sum + s.values[t]!, 0);
          assert.equal(totalOf(model, t), expected);
        });
      }),
    );
  });
});

describe('bad input is refused with one UsageError line', () => {
  test('zero-length input', () => {
    assert.throws(() => decodeProfile(new Uint8Array(0)), UsageError);
  });

  test('a gzip stream of nothing', () => {
    assert.throws(() => decodeProfile(gzipSync(new Uint8Array(0))), /empty/);
  });

  test('text that is not a profile', () => {
    assert.throws(
      () => decodeProfile(new TextEncoder().encode('<html>404 page not found</html>\n')),
      UsageError,
    );
  });

  test('a profile with no sample types', () => {
    assert.throws(
      () => decodeProfile(encodeProfile({ sampleTypes: [], samples: [] })),
      /no sample types/,
    );
  });

  test('every truncation of a real .pb.gz', () => {
    const gz = fixture('heap-a');
    for (let cut = 0; cut < gz.length; cut++) {
      assert.equal(decodesOrRefuses(gz.subarray(0, cut)), 'refused', `cut at ${cut}`);
    }
  });

  test('every truncation of a real uncompressed profile gives a model or a UsageError', () => {
    const raw = gunzipSync(fixture('goroutine-a'));
    let refused = 0;
    for (let cut = 1; cut < raw.length; cut++) {
      if (decodesOrRefuses(raw.subarray(0, cut)) === 'refused') refused++;
    }
    assert.ok(refused > raw.length / 2, `most truncations are refused (${refused}/${raw.length})`);
  });

  test('random bytes, and real profiles with bytes changed (fuzz)', () => {
    const raw = gunzipSync(fixture('heap-a'));
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), (bytes) => {
        decodesOrRefuses(bytes);
        decodesOrRefuses(gzipSync(bytes));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(raw.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        (edits) => {
          const copy = Uint8Array.from(raw);
          for (const [at, value] of edits) copy[at] = value;
          decodesOrRefuses(copy);
        },
      ),
      { numRuns: 300 },
    );
  });
});
