import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rankTestLessP } from '../../bench/lib/stats.js';

describe('rankTestLessP (one-sided exact Mann–Whitney)', () => {
  it('complete separation of 5 and 5 gives 1 / C(10, 5)', () => {
    assert.equal(rankTestLessP([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]), 1 / 252);
  });
  it('the other direction gives 1', () => {
    assert.equal(rankTestLessP([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]), 1);
  });
  it('3 and 3, x ranks {1, 2, 4}: rank sum 7, 2 of 20 splits as small', () => {
    // Splits with rank sum ≤ 7: {1,2,3} = 6 and {1,2,4} = 7.
    assert.equal(rankTestLessP([0.1, 0.2, 0.4], [0.3, 0.5, 0.6]), 2 / 20);
  });
  it('interleaved values are far from significant', () => {
    const p = rankTestLessP([1, 3, 5, 7, 9], [2, 4, 6, 8, 10]);
    assert.ok(p > 0.2 && p < 0.5, String(p));
  });
  it('ties share their mid-rank: identical samples give more than one half', () => {
    assert.ok(rankTestLessP([1, 1, 1], [1, 1, 1]) === 1);
  });
  it('an empty side has no answer', () => {
    assert.ok(Number.isNaN(rankTestLessP([], [1, 2])));
  });
});
