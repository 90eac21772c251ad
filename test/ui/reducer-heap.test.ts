import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TimelineStore } from '../../source/core/timeline/store.js';
import { keyHints } from '../../source/ui/key-bar.js';
import type { Command } from '../../source/ui/keymap.js';
import { keyHelp } from '../../source/ui/keymap.js';
import {
  initialUiState,
  type UiContext,
  type UiState,
  uiReducer,
  VIEW_LABELS,
  VIEWS,
} from '../../source/ui/reducer.js';
import { makeCycle } from '../helpers/cycles.js';
import { context as baseContext, run as baseRun } from './reducer-helpers.js';

/** Three rows in the list by default. */
function context(overrides: Partial<UiContext> = {}): UiContext {
  return baseContext({ listLength: 3, ...overrides });
}

function run(commands: Command[], ctx = context(), from: UiState = initialUiState): UiState {
  return baseRun(commands, ctx, from);
}

test('views: GC cycles and reference cycles are separate views with labels that say which', () => {
  assert.deepEqual(VIEWS, ['charts', 'cycles', 'diff', 'refs']);
  assert.equal(VIEW_LABELS.cycles, 'GC cycles');
  assert.equal(VIEW_LABELS.refs, 'reference cycles');
});

test('reference cycles: j/k move the group, enter opens its example path, esc closes it then goes back', () => {
  let s: UiState = { ...initialUiState, view: 'refs' };
  s = run(
    [
      { type: 'list', by: 1 },
      { type: 'list', by: 5 },
    ],
    context(),
    s,
  );
  assert.equal(s.refsRow, 2, 'clamped to the last group');
  s = run([{ type: 'open' }], context(), s);
  assert.equal(s.refsOpen, true);
  s = run([{ type: 'list', by: -1 }], context(), s);
  assert.equal(s.refsRow, 1, 'the open example follows the selection');
  assert.equal(s.refsOpen, true);
  s = run([{ type: 'back' }], context(), s);
  assert.deepEqual([s.view, s.refsOpen], ['refs', false]);
  s = run([{ type: 'back' }], context(), s);
  assert.equal(s.view, 'charts');
  const empty = run([{ type: 'open' }], context({ listLength: 0 }), {
    ...initialUiState,
    view: 'refs',
  });
  assert.equal(empty.refsOpen, false, 'nothing to open without groups');
});

test('a new pair resets the reference-cycle selection; the same pair keeps it', () => {
  const opened = uiReducer(initialUiState, { type: 'showDiff', pair: { a: 1, b: 2 } });
  const s: UiState = { ...opened, view: 'refs', refsRow: 2, refsOpen: true };
  const same = uiReducer(s, { type: 'showDiff', pair: { a: 1, b: 2 } });
  assert.deepEqual([same.refsRow, same.refsOpen], [2, true]);
  const next = uiReducer(s, { type: 'showDiff', pair: { a: 2, b: 3 } });
  assert.deepEqual([next.view, next.refsRow, next.refsOpen], ['diff', 0, false]);
});

/** A recorded session: 100 cycles, marks with snapshots at cycles 20, 60 and 90. */
function recorded(withFiles = true) {
  const store = new TimelineStore();
  for (let i = 0; i < 100; i++) {
    store.addCycle(makeCycle({ n: i + 1 }));
    if (i === 20 || i === 60 || i === 90) store.addMark(i * 100, i / 10);
  }
  for (const m of store.getMarks()) {
    store.updateMark(m.id, {
      status: 'ok',
      files: withFiles
        ? { heap: `/s/marks/${m.label}-${m.id}/heap.pb.gz`, goroutine: null, heapdump: null }
        : m.files,
    });
  }
  return context({ live: store.getSnapshot(), replay: true });
}

test('replay: m picks recorded marks at the cursor; A then B opens the diff; a third pairs with the old B', () => {
  const ctx = recorded();
  const cycleOf = (id: number) => ctx.live.marks.find((m) => m.id === id)?.cycleSeq;
  assert.equal(cycleOf(1), 20);
  // Cursor at 70: the mark at or before it is #2 (cycle 60).
  let s = run([{ type: 'cursor', by: -29 }, { type: 'mark' }], ctx);
  assert.deepEqual(s.replayPick, { a: 2, b: null });
  assert.equal(s.view, 'charts', 'one pick opens nothing');
  assert.match(s.notice ?? '', /picked A: recorded mark #2/);
  // Same mark again: refused with a hint.
  s = run([{ type: 'mark' }], ctx, s);
  assert.deepEqual(s.replayPick, { a: 2, b: null });
  assert.match(s.notice ?? '', /A is already recorded mark #2/);
  // Cursor to the newest cycle (99): mark #3 (cycle 90) is B and the diff opens.
  s = run([{ type: 'cursorLast' }, { type: 'mark' }], ctx, s);
  assert.deepEqual(s.diffPair, { a: 2, b: 3 });
  assert.equal(s.view, 'diff');
  assert.match(s.notice ?? '', /picked B: recorded mark #3/);
  // Cursor before every mark: the nearest after it (#1) pairs with the old B (#3), and the
  // pair is diffed older first: #1 -> #3, never backwards.
  s = run([{ type: 'cursorFirst' }, { type: 'mark' }], ctx, s);
  assert.deepEqual(s.diffPair, { a: 1, b: 3 });
  assert.deepEqual(s.replayPick, { a: 1, b: 3 });
  assert.match(s.notice ?? '', /older than A: diff #1 -> #3 \(older first\)/);
});

test('replay: d opens the picked pair, not the newest recorded one', () => {
  const ctx = { ...recorded(), lastDiff: { a: 2, b: 3 } };
  // Before any pick: d opens the newest recorded pair.
  let s = run([{ type: 'openDiff' }], ctx);
  assert.deepEqual(s.diffPair, { a: 2, b: 3 });
  // Pick #1 (cursor first) and #2 (cursor at 70), go back to the charts, press d.
  s = run(
    [
      { type: 'cursorFirst' },
      { type: 'mark' },
      { type: 'cursorLast' },
      { type: 'cursor', by: -29 },
      { type: 'mark' },
    ],
    ctx,
  );
  assert.deepEqual(s.diffPair, { a: 1, b: 2 });
  s = run([{ type: 'nextView' }, { type: 'openDiff' }], ctx, s);
  assert.equal(s.view, 'diff');
  assert.deepEqual(s.diffPair, { a: 1, b: 2 }, 'the picked pair');
});

test('replay without snapshots: m says so; live modes leave m to the actions', () => {
  const none = run([{ type: 'mark' }], recorded(false));
  assert.equal(none.replayPick, null);
  assert.match(none.notice ?? '', /no recorded snapshots/);
  const live = run([{ type: 'mark' }], { ...recorded(), replay: false });
  assert.deepEqual(live, initialUiState);
});

test('key bar: r restart only in run; replay m picks; tab names the next view', () => {
  const keys = (mode: 'run' | 'attach' | 'replay') =>
    keyHints('charts', false, null, true, mode).map((h) => `${h.key} ${h.action}`);
  assert.ok(keys('run').includes('r restart'));
  assert.ok(!keys('attach').includes('r restart'));
  assert.ok(!keys('replay').includes('r restart'));
  assert.ok(keys('replay').includes('m pick mark'));
  assert.ok(keys('run').includes('tab GC cycles'));
  const diff = keyHints('diff', false, null, true).map((h) => `${h.key} ${h.action}`);
  assert.ok(diff.includes('enter stacks+path') && diff.includes('tab reference cycles'));
  const refs = keyHints('refs', false, null, true).map((h) => `${h.key} ${h.action}`);
  assert.ok(refs.includes('enter example path') && refs.includes('tab charts'));
});

test('help: views named apart; r only in run; replay explains m', () => {
  const run = keyHelp(true, 'run');
  const tab = run.find((i) => i.keys.startsWith('tab'))?.action ?? '';
  assert.match(tab, /charts, GC cycles, diff, reference cycles/);
  assert.ok(run.some((i) => i.keys === 'r'));
  assert.ok(!keyHelp(true, 'attach').some((i) => i.keys === 'r'));
  const replay = keyHelp(true, 'replay');
  assert.ok(!replay.some((i) => i.keys === 'r'));
  assert.match(replay[0]?.action ?? '', /pick the recorded mark at the cursor/);
});
