import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { SPARK_ASCII, SPARK_BLOCKS, sparkline } from '../../source/ui/sparkline.js';

test('a rising series climbs from the lowest to the highest block', () => {
  assert.equal(sparkline([0, 1, 2, 3, 4, 5, 6, 7]), SPARK_BLOCKS);
  assert.equal(sparkline([0, 1, 2, 3, 4, 5], { ascii: true }), SPARK_ASCII);
});

test('width keeps the newest values; missing values are spaces; bounds clamp', () => {
  assert.equal(sparkline([7, 0, 7], { width: 2 }), '▁█');
  assert.equal(sparkline([0, null, Number.NaN, 7]), '▁  █');
  assert.equal(sparkline([-5, 0, 20], { min: 0, max: 10 }), '▁▁█');
});

test('a flat series sits on the floor at its minimum, mid-height above it', () => {
  assert.equal(sparkline([3, 3, 3]), '▁▁▁');
  assert.equal(sparkline([3, 3], { min: 0, max: 3 }), '██');
  assert.equal(sparkline([3, 3], { min: 0, max: 0 }), '▅▅');
  // A range too small to divide by (subnormal numbers; found by the property below).
  assert.equal(sparkline([5.4e-323, 6e-323]), '▁▅');
  assert.equal(sparkline([0, 1], { min: Number.NEGATIVE_INFINITY }), '▁▁');
});

test('property: one character per value, only from the level set', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.double({ noNaN: false }), fc.constant(null)), { maxLength: 80 }),
      fc.boolean(),
      fc.option(fc.double(), { nil: undefined }),
      fc.option(fc.double(), { nil: undefined }),
      (values, ascii, min, max) => {
        const out = Array.from(
          sparkline(values, {
            ascii,
            ...(min === undefined ? {} : { min }),
            ...(max === undefined ? {} : { max }),
          }),
        );
        assert.equal(out.length, values.length);
        const allowed = new Set([...Array.from(ascii ? SPARK_ASCII : SPARK_BLOCKS), ' ']);
        for (const ch of out) assert.ok(allowed.has(ch), ch);
      },
    ),
  );
});
