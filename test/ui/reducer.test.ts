import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { TimelineStore } from '../../source/core/timeline/store.js';
import type { Command } from '../../source/ui/keymap.js';
import {
  chartEnd,
  cursorSeq,
  initialUiState,
  SAMPLE_TYPES,
  type UiState,
  uiReducer,
} from '../../source/ui/reducer.js';
import { makeCycle } from '../helpers/cycles.js';
import { context, run } from './reducer-helpers.js';

test('the cursor follows live until moved, then freezes the chart window', () => {
  const ctx = context();
  assert.equal(cursorSeq(initialUiState, ctx.last), 99);
  const s = run([{ type: 'cursor', by: -1 }], ctx);
  assert.equal(s.cursor, 98);
  assert.equal(chartEnd(s, 150), 99, 'window end stays put while new cycles arrive');
  const back = run([{ type: 'cursor', by: 1 }], ctx, s);
  assert.equal(back.cursor, null, 'reaching the newest cycle follows live again');
  assert.equal(back.viewEnd, null);
});

test('moving past the left edge of the window scrolls it; ends clamp', () => {
  const ctx = context({ chartWindow: 20 });
  let s = run([{ type: 'cursor', by: -25 }], ctx);
  assert.equal(s.cursor, 74);
  assert.equal(s.viewEnd, 93, 'cursor is the first column of the window');
  s = run([{ type: 'cursorFirst' }], ctx, s);
  assert.equal(s.cursor, 0);
  assert.equal(s.viewEnd, 19);
  s = run([{ type: 'cursor', by: -5 }], ctx, s);
  assert.equal(s.cursor, 0, 'clamped at the oldest cycle held');
  s = run([{ type: 'cursorLast' }], ctx, s);
  assert.equal(s.cursor, null);
  const none = run([{ type: 'cursor', by: -1 }], context({ first: 0, last: -1 }));
  assert.equal(none.cursor, null, 'no cycles: nothing to move');
});

test('property: the cursor always stays visible inside the window and inside the bounds', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 50 }),
      fc.integer({ min: 0, max: 300 }),
      fc.integer({ min: 1, max: 120 }),
      fc.array(fc.integer({ min: -40, max: 40 }), { maxLength: 30 }),
      (first, span, window, moves) => {
        const ctx = context({ first, last: first + span, chartWindow: window });
        const s = run(
          moves.map((by) => ({ type: 'cursor', by })),
          ctx,
        );
        const seq = cursorSeq(s, ctx.last);
        const end = chartEnd(s, ctx.last);
        assert.ok(seq >= first && seq <= ctx.last);
        assert.ok(seq <= end && seq > end - window, `${seq} in (${end - window}, ${end}]`);
      },
    ),
  );
});

test('j/k scroll the output pane in the charts view, within its lines', () => {
  const ctx = context({ outputLines: 12, outputPage: 5 });
  let s = run(
    [
      { type: 'list', by: -1 },
      { type: 'list', by: -1 },
    ],
    ctx,
  );
  assert.equal(s.outputScroll, 2, 'up scrolls back into older output');
  s = run(
    [
      { type: 'listPage', by: -1 },
      { type: 'listPage', by: -1 },
    ],
    ctx,
    s,
  );
  assert.equal(s.outputScroll, 7, 'at most lines - page');
  s = run([{ type: 'listBottom' }], ctx, s);
  assert.equal(s.outputScroll, 0);
});

test('tab cycles views; j/k move rows in the diff view and the cursor in the cycles view', () => {
  const ctx = context({ listLength: 3 });
  let s = run([{ type: 'nextView' }], ctx);
  assert.equal(s.view, 'cycles');
  s = run([{ type: 'list', by: -2 }], ctx, s);
  assert.equal(s.cursor, 97);
  s = run([{ type: 'nextView' }], ctx, s);
  assert.equal(s.view, 'diff');
  s = run(
    [
      { type: 'list', by: 1 },
      { type: 'list', by: 5 },
    ],
    ctx,
    s,
  );
  assert.equal(s.diffRow, 2, 'clamped to the last row');
  s = run([{ type: 'nextView' }], ctx, s);
  assert.equal(s.view, 'refs', 'the reference cycles of the heap dumps come after the diff');
  s = run([{ type: 'nextView' }], ctx, s);
  assert.equal(s.view, 'charts');
  assert.equal(run([{ type: 'prevView' }], ctx).view, 'refs');
});

test('enter opens the stacks of a diff row and esc walks back to the charts', () => {
  const ctx = context({ listLength: 4 });
  let s = uiReducer(initialUiState, { type: 'showDiff', pair: { a: 1, b: 2 } });
  assert.equal(s.view, 'diff');
  s = run([{ type: 'list', by: 2 }, { type: 'open' }], ctx, s);
  assert.equal(s.diffStacks, true);
  assert.equal(s.diffRow, 2);
  s = run([{ type: 'back' }], ctx, s);
  assert.equal(s.diffStacks, false);
  assert.equal(s.view, 'diff');
  s = run([{ type: 'back' }], ctx, s);
  assert.equal(s.view, 'charts');
  const empty = run([{ type: 'open' }], context({ listLength: 0 }), { ...s, view: 'diff' });
  assert.equal(empty.diffStacks, false, 'no row, nothing to open');
});

test('d opens the last diff, or leaves a notice when there is none', () => {
  const none = run([{ type: 'openDiff' }]);
  assert.equal(none.view, 'charts');
  assert.match(none.notice ?? '', /no diff yet/);
  assert.equal(run([{ type: 'help' }], context(), none).notice, null, 'the next key clears it');
  const some = run([{ type: 'openDiff' }], context({ lastDiff: { a: 3, b: 4 } }));
  assert.equal(some.view, 'diff');
  assert.deepEqual(some.diffPair, { a: 3, b: 4 });
});

test('s and g cycle sample type and grouping and reset the selection', () => {
  let s: UiState = { ...initialUiState, view: 'diff', diffRow: 3 };
  s = run([{ type: 'sampleType' }], context(), s);
  assert.equal(s.sampleType, 'inuse_objects');
  assert.equal(s.diffRow, 0);
  s = run(
    SAMPLE_TYPES.map(() => ({ type: 'sampleType' }) as Command),
    context(),
    s,
  );
  assert.equal(s.sampleType, 'inuse_objects', 'wraps around');
  s = run([{ type: 'grouping' }, { type: 'grouping' }], context(), s);
  assert.equal(s.grouping, 'stack');
  s = run([{ type: 'grouping' }], context(), s);
  assert.equal(s.grouping, 'func');
});

test('filter: typing edits a draft, enter applies to the view, esc cancels', () => {
  let s = run([
    { type: 'filterStart' },
    { type: 'filterInput', text: 'mai' },
    { type: 'filterInput', text: 'nx' },
    { type: 'filterBackspace' },
  ]);
  assert.equal(s.filterDraft, 'main');
  s = run([{ type: 'filterApply' }], context(), s);
  assert.equal(s.filters.output, 'main');
  assert.equal(s.filterDraft, null);
  s = run(
    [{ type: 'filterStart' }, { type: 'filterClear' }, { type: 'filterCancel' }],
    context(),
    s,
  );
  assert.equal(s.filters.output, 'main', 'cancel keeps the applied filter');
  s = run(
    [{ type: 'filterStart' }, { type: 'filterInput', text: 'x' }, { type: 'filterApply' }],
    context(),
    {
      ...s,
      view: 'diff',
    },
  );
  assert.equal(s.filters.diff, 'x');
  assert.equal(s.filters.output, 'main', 'each view keeps its own filter');
  const cycles = run([{ type: 'filterStart' }], context(), { ...initialUiState, view: 'cycles' });
  assert.equal(cycles.filterDraft, null, 'the cycles view has no filter');
});

test('p freezes the live snapshot and p again resumes', () => {
  const store = new TimelineStore();
  store.addCycle(makeCycle({ n: 1 }));
  const frozen = store.getSnapshot();
  let s = run([{ type: 'pause' }], context({ live: frozen }));
  assert.equal(s.paused, frozen);
  store.addCycle(makeCycle({ n: 2 }));
  s = run([{ type: 'cursor', by: -1 }], context({ live: store.getSnapshot() }), s);
  assert.equal(s.paused, frozen, 'still the frozen snapshot');
  s = run([{ type: 'pause' }], context({ live: store.getSnapshot() }), s);
  assert.equal(s.paused, null);
});

test('? toggles help; esc closes it before anything else; side-effect keys leave state alone', () => {
  let s = run([{ type: 'cursor', by: -3 }, { type: 'help' }]);
  assert.equal(s.help, true);
  s = run([{ type: 'back' }], context(), s);
  assert.equal(s.help, false);
  assert.equal(s.cursor, 96, 'esc closed help only');
  s = run([{ type: 'back' }], context(), s);
  assert.equal(s.cursor, null, 'esc in the charts view returns to live');
  for (const type of ['mark', 'restart', 'quit'] as const) {
    const before = { ...initialUiState };
    assert.deepEqual(run([{ type }], context(), before), before);
  }
});
