import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  CHART_LABEL_WIDTH,
  computeLayout,
  MIN_COLUMNS,
  MIN_ROWS,
  usedRows,
} from '../../source/ui/layout.js';
import { VIEWS } from '../../source/ui/reducer.js';

test('property: the budget never exceeds the screen, from 40x12 to 400x120, every view, 1 or 2 status rows', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: MIN_COLUMNS, max: 400 }),
      fc.integer({ min: MIN_ROWS, max: 120 }),
      fc.constantFrom(...VIEWS),
      fc.boolean(),
      fc.constantFrom(1 as const, 2 as const),
      (columns, rows, view, help, statusRows) => {
        const l = computeLayout(columns, rows, view, help, statusRows);
        assert.equal(l.status, rows >= 16 ? statusRows : 0);
        assert.equal(l.tooSmall, false);
        assert.ok(usedRows(l) <= rows, `${usedRows(l)} rows used of ${rows}`);
        assert.ok(l.keyBar === 1 && l.header >= 1, 'header and key bar always show');
        for (const band of l.bands)
          assert.ok(band.rows >= 4, 'a chart has a title and 3+ plot rows');
        assert.ok(l.panelWidth * Math.max(1, ...l.bands.map((b) => b.panels.length)) <= columns);
        assert.ok(l.plotColumns >= 1);
        if (view === 'charts' && !help) {
          assert.equal(l.detail, 1);
          assert.ok(
            l.bands.length > 0 || l.sparklines > 0,
            'the charts view always shows the metrics',
          );
          assert.ok(l.body === 0);
        } else {
          assert.ok(l.body >= 1);
          assert.equal(l.bands.length, 0);
        }
      },
    ),
    { numRuns: 2000 },
  );
});

test('every size is exhaustively within budget (charts view)', () => {
  for (let columns = MIN_COLUMNS; columns <= 400; columns += 7) {
    for (let rows = MIN_ROWS; rows <= 120; rows++) {
      assert.ok(usedRows(computeLayout(columns, rows, 'charts', false)) <= rows);
    }
  }
});

test('80x24 fits header, three charts, detail, output and key bar, using every row', () => {
  const l = computeLayout(80, 24, 'charts', false);
  assert.equal(l.header, 2);
  assert.deepEqual(
    l.bands.map((b) => b.panels),
    [['pause'], ['heap'], ['cpu']],
  );
  assert.equal(l.detail, 1);
  assert.ok(l.output >= 4, 'output title + 3 lines');
  assert.equal(l.keyBar, 1);
  assert.equal(usedRows(l), 24, 'no wasted rows');
  assert.equal(l.plotColumns, 80 - CHART_LABEL_WIDTH - 1);
});

test('200x50 puts charts side by side, with more output and taller charts', () => {
  const small = computeLayout(80, 24, 'charts', false);
  const big = computeLayout(200, 50, 'charts', false);
  assert.deepEqual(
    big.bands.map((b) => b.panels),
    [
      ['heap', 'pause'],
      ['cpu', 'stats'],
    ],
  );
  assert.ok(big.output > small.output);
  assert.ok((big.bands[0]?.rows ?? 0) > (small.bands[0]?.rows ?? 0));
  assert.equal(usedRows(big), 50);
  assert.ok(big.panelWidth * 2 + 1 <= 200);
});

test('short screens trade charts for sparklines; below 40x12 only a notice', () => {
  const short = computeLayout(80, 14, 'charts', false);
  assert.equal(short.bands.length, 0);
  assert.equal(short.sparklines, 3);
  assert.equal(usedRows(short), 14);
  const tiny = computeLayout(39, 30, 'charts', false);
  assert.equal(tiny.tooSmall, true);
  assert.equal(computeLayout(100, 11, 'charts', false).tooSmall, true);
  assert.equal(computeLayout(Number.NaN, 24, 'charts', false).tooSmall, true);
});

test('re-layout on resize: a taller screen never shrinks a pane', () => {
  for (let rows = MIN_ROWS; rows < 120; rows++) {
    const a = computeLayout(100, rows, 'diff', false);
    const b = computeLayout(100, rows + 1, 'diff', false);
    assert.ok(b.body >= a.body);
  }
});
