import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  BLANK,
  CURSOR_GUIDE,
  chartScale,
  renderAxis,
  renderChart,
  shownMarks,
} from '../../source/ui/chart-render.js';
import { CHART_LABEL_WIDTH } from '../../source/ui/layout.js';

const fmt = (v: number) => v.toFixed(1);

test('a chart has exactly the rows and columns asked for, labels included', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }),
      fc.integer({ min: 1, max: 30 }),
      fc.integer({ min: 1, max: 200 }),
      fc.boolean(),
      (values, rows, columns, ascii) => {
        const out = renderChart({ series: [values], rows, columns, format: fmt, ascii, cursor: 0 });
        assert.equal(out.length, rows);
        for (const r of out) {
          assert.equal(r.chars.length, columns);
          assert.equal(r.owners.length, columns);
          assert.equal(Array.from(r.label).length, CHART_LABEL_WIDTH + 1);
          if (ascii) assert.match(r.label + r.chars.join(''), /^[\x20-\x7e]*$/);
        }
      },
    ),
  );
});

test('the highest value is drawn on the top row and the lowest on the bottom row', () => {
  const out = renderChart({
    series: [[1, 5, 9, 5, 1]],
    rows: 5,
    columns: 10,
    format: fmt,
    ascii: true,
    cursor: null,
  });
  const column = (c: number) => out.findIndex((r) => r.owners[c] === 0);
  assert.equal(column(2), 0, 'the peak at column 2 is on the top row');
  assert.equal(out[4]?.chars[0], '-', 'the first value is a flat step on the bottom row');
  assert.match(out[0]?.label ?? '', /9\.0\|$/);
  assert.match(out[4]?.label ?? '', /1\.0\|$/);
  assert.ok(
    out.every((r) => r.owners.slice(5).every((o) => o === BLANK)),
    'no data past the series',
  );
});

test('two series keep their own owners; series 0 wins shared cells', () => {
  const out = renderChart({
    series: [
      [1, 1, 1, 1],
      [9, 9, 9, 9],
    ],
    rows: 3,
    columns: 4,
    format: fmt,
    ascii: false,
    cursor: null,
    min: 0,
  });
  assert.deepEqual(out[0]?.owners, [1, 1, 1, 1], 'goal-like series on top row');
  assert.deepEqual(out[2]?.owners, [0, 0, 0, 0], 'live-like series at the bottom');
  const same = renderChart({
    series: [
      [5, 5],
      [5, 5],
    ],
    rows: 3,
    columns: 2,
    format: fmt,
    ascii: false,
    cursor: null,
  });
  assert.ok(
    same.flatMap((r) => r.owners).every((o) => o !== 1),
    'series 0 is drawn over series 1',
  );
});

test('the cursor column gets a guide in empty cells', () => {
  const out = renderChart({
    series: [[0, 0, 0]],
    rows: 4,
    columns: 3,
    format: fmt,
    ascii: true,
    cursor: 1,
    min: 0,
  });
  const guides = out.filter((r) => r.owners[1] === CURSOR_GUIDE);
  assert.equal(guides.length, 3, 'every row but the one the line is on');
  assert.ok(guides.every((r) => r.chars[1] === ':'));
});

test('scale: a fixed zero floor, and a flat series still gets a range', () => {
  assert.deepEqual(chartScale([[2, 4]], 0), { min: 0, max: 4 });
  assert.deepEqual(chartScale([[2, 4]]), { min: 2, max: 4 });
  const flat = chartScale([[5, 5]]);
  assert.ok(flat.max > flat.min);
  assert.deepEqual(chartScale([[null, Number.NaN]], 0), { min: 0, max: 1 });
  const tiny = chartScale([[5e-324]]);
  assert.ok(tiny.max > tiny.min, 'a denormal still gets a range');
});

test('axis: marks at their cycle column, newest pair A/B, cursor caret, gc numbers', () => {
  const marks = shownMarks([
    { id: 1, cycleSeq: 102 },
    { id: 2, cycleSeq: 105 },
    { id: 3, cycleSeq: 130 },
    { id: 4, cycleSeq: null },
  ]);
  assert.deepEqual(
    marks.map((m) => m.label),
    ['*', '*', 'A', 'B'],
  );
  const axis = renderAxis({
    start: 100,
    count: 40,
    columns: 60,
    firstN: 7,
    lastN: 46,
    cursorColumn: 10,
    marks: shownMarks([
      { id: 1, cycleSeq: 102 },
      { id: 2, cycleSeq: 105 },
      { id: 3, cycleSeq: 300 },
    ]),
    ascii: true,
  });
  assert.equal(axis.chars[2], '*', 'an older mark');
  assert.equal(axis.chars[5], 'A', 'the A of the newest pair; its B is outside the window');
  assert.equal(axis.chars[10], '^');
  assert.equal(axis.chars.length, 60);
  assert.ok(axis.label.includes('gc 7'));
  assert.ok(axis.chars.join('').includes('gc 46'));
  assert.ok(!axis.chars.includes('B'), 'a mark outside the window is not drawn');
});

test('axis: the newest gc number moves left of a mark or the cursor instead of being overwritten', () => {
  const axis = (cursorColumn: number | null, markSeqs: number[]) =>
    renderAxis({
      start: 0,
      count: 40,
      columns: 40,
      firstN: 1,
      lastN: 120,
      cursorColumn,
      marks: shownMarks(markSeqs.map((cycleSeq, i) => ({ id: i + 1, cycleSeq }))),
      ascii: true,
    }).chars.join('');
  // B one column left of the cursor at the end (a replay at its end): `gc 120` before both.
  assert.equal(axis(39, [10, 38]).slice(30), '--gc 120B^');
  // A mark inside the label's span, the cursor further left: the label ends right before it.
  assert.equal(axis(5, [36]).slice(28), '--gc 120A---');
  // Nothing in the way: the label ends at the last column.
  assert.equal(axis(null, []).slice(33), 'gc 120'.padStart(7, '-'));
});
