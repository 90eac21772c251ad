/**
 * The one UI reducer: every piece of dashboard state that is not data lives here,
 * and changes only through `uiReducer`. Data (cycles, output, marks) stays in the
 * TimelineStore; actions carry the few facts about it a transition needs (`UiContext`).
 */
import type { TimelineSnapshot } from '../core/timeline/store.js';
import { pickRecordedMark } from './graph-lines.js';
import type { Command } from './keymap.js';

/**
 * `cycles` is the table of GC cycles; `refs` lists the new reference cycles (objects
 * pointing at each other) found in the pair's heap dumps. Labels always say which.
 */
export type View = 'charts' | 'cycles' | 'diff' | 'refs';
export const VIEWS: readonly View[] = ['charts', 'cycles', 'diff', 'refs'];

/** What each view is called on screen. */
export const VIEW_LABELS: Record<View, string> = {
  charts: 'charts',
  cycles: 'GC cycles',
  diff: 'diff',
  refs: 'reference cycles',
};

/** Sample types of the diff view, in the order `s` cycles through them. */
export const SAMPLE_TYPES = [
  'inuse_space',
  'inuse_objects',
  'alloc_space',
  'alloc_objects',
  'goroutine',
] as const;
export type SampleTypeChoice = (typeof SAMPLE_TYPES)[number];

export const GROUPINGS = ['func', 'line', 'stack'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** The two marks a diff compares, by mark id. */
export interface DiffPair {
  a: number;
  b: number;
}

/** What the filter applies to: the output pane (charts view) or the diff rows. */
export type FilterTarget = 'output' | 'diff';

export interface UiState {
  view: View;
  help: boolean;
  /** Session sequence of the cycle under the cursor; null = follow the newest cycle. */
  cursor: number | null;
  /** Last sequence shown on the charts; null = the window ends at the newest cycle. */
  viewEnd: number | null;
  /** The snapshot frozen by `p`; null = live. */
  paused: TimelineSnapshot | null;
  /** Output pane: lines scrolled up from the bottom (0 = tail). */
  outputScroll: number;
  /** Diff view: selected row, and whether the stacks behind it are open. */
  diffRow: number;
  diffStacks: boolean;
  stackScroll: number;
  diffPair: DiffPair | null;
  /** Reference-cycles view: selected group, and whether its example path is open. */
  refsRow: number;
  refsOpen: boolean;
  /** Replay: the recorded marks picked with `m` (A, then B); null before the first pick. */
  replayPick: { a: number; b: number | null } | null;
  sampleType: SampleTypeChoice;
  grouping: Grouping;
  filters: Record<FilterTarget, string>;
  /** Non-null while the filter is being typed. */
  filterDraft: string | null;
  /** A one-line hint for the status line (e.g. "no diff yet"); cleared by the next key. */
  notice: string | null;
}

export const initialUiState: UiState = {
  view: 'charts',
  help: false,
  cursor: null,
  viewEnd: null,
  paused: null,
  outputScroll: 0,
  diffRow: 0,
  diffStacks: false,
  stackScroll: 0,
  diffPair: null,
  refsRow: 0,
  refsOpen: false,
  replayPick: null,
  sampleType: 'inuse_space',
  grouping: 'func',
  filters: { output: '', diff: '' },
  filterDraft: null,
  notice: null,
};

/** Facts about the displayed data that transitions need; the dashboard computes them per render. */
export interface UiContext {
  /** Oldest cycle sequence still held, and the newest (-1 when there is none yet). */
  first: number;
  last: number;
  /** Cycles visible on the charts at the current width. */
  chartWindow: number;
  /** Output lines available (after the filter) and rows visible. */
  outputLines: number;
  outputPage: number;
  /** Rows of the current list (diff rows, stack lines when the stacks are open, reference-cycle groups) and rows visible. */
  listLength: number;
  listPage: number;
  /** The live snapshot, frozen by `pause`. */
  live: TimelineSnapshot;
  /** The newest complete pair of marks, for `d`. */
  lastDiff: DiffPair | null;
  /** A replay: `m` picks recorded marks (from `live.marks`) instead of capturing. */
  replay?: boolean;
}

export type UiAction =
  | { type: 'command'; command: Command; ctx: UiContext }
  /** A B mark was taken: open its diff. */
  | { type: 'showDiff'; pair: DiffPair };

/** Where `tab` goes next. */
export function nextView(view: View, step = 1): View {
  const i = VIEWS.indexOf(view);
  return VIEWS[(i + step + VIEWS.length) % VIEWS.length] as View;
}

/** The cursor position a state stands for, given the newest sequence (-1 when none). */
export function cursorSeq(state: Pick<UiState, 'cursor'>, last: number): number {
  return state.cursor === null ? last : Math.min(state.cursor, last);
}

/** Last sequence on the charts, given the newest sequence. */
export function chartEnd(state: Pick<UiState, 'viewEnd'>, last: number): number {
  return state.viewEnd === null ? last : Math.min(state.viewEnd, last);
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}

function moveCursorTo(state: UiState, target: number, ctx: UiContext): UiState {
  if (ctx.last < 0) return state;
  const seq = clamp(target, ctx.first, ctx.last);
  if (seq === ctx.last) return { ...state, cursor: null, viewEnd: null };
  const window = Math.max(1, ctx.chartWindow);
  const end = chartEnd(state, ctx.last);
  let viewEnd = end;
  if (seq > end) viewEnd = seq;
  else if (seq < end - window + 1) viewEnd = Math.min(ctx.last, seq + window - 1);
  return { ...state, cursor: seq, viewEnd };
}

function scrollOutput(state: UiState, to: number, ctx: UiContext): UiState {
  const max = Math.max(0, ctx.outputLines - ctx.outputPage);
  return { ...state, outputScroll: clamp(to, 0, max) };
}

function moveList(state: UiState, by: number, ctx: UiContext): UiState {
  if (state.help) return state;
  switch (state.view) {
    case 'charts':
      // Up (negative) scrolls back into older output.
      return scrollOutput(state, state.outputScroll - by, ctx);
    case 'cycles':
      return moveCursorTo(state, cursorSeq(state, ctx.last) + by, ctx);
    case 'refs':
      return { ...state, refsRow: clamp(state.refsRow + by, 0, Math.max(0, ctx.listLength - 1)) };
    case 'diff': {
      const max = Math.max(0, ctx.listLength - 1);
      if (state.diffStacks) {
        const maxScroll = Math.max(0, ctx.listLength - ctx.listPage);
        return { ...state, stackScroll: clamp(state.stackScroll + by, 0, maxScroll) };
      }
      return { ...state, diffRow: clamp(state.diffRow + by, 0, max) };
    }
  }
}

function pageSize(state: UiState, ctx: UiContext): number {
  return Math.max(1, state.view === 'charts' ? ctx.outputPage : ctx.listPage);
}

function filterTarget(view: View): FilterTarget | null {
  if (view === 'charts') return 'output';
  if (view === 'diff') return 'diff';
  return null;
}

function back(state: UiState): UiState {
  if (state.help) return { ...state, help: false };
  if (state.view === 'diff' && state.diffStacks) return { ...state, diffStacks: false };
  if (state.view === 'refs' && state.refsOpen) return { ...state, refsOpen: false };
  if (state.view !== 'charts') return { ...state, view: 'charts' };
  // In the charts view, esc returns to the live tail.
  return { ...state, cursor: null, viewEnd: null, outputScroll: 0 };
}

function command(prev: UiState, cmd: Command, ctx: UiContext): UiState {
  const state = prev.notice === null ? prev : { ...prev, notice: null };
  switch (cmd.type) {
    case 'cursor':
      return moveCursorTo(state, cursorSeq(state, ctx.last) + cmd.by, ctx);
    case 'cursorFirst':
      return moveCursorTo(state, ctx.first, ctx);
    case 'cursorLast':
      return { ...state, cursor: null, viewEnd: null };
    case 'list':
      return moveList(state, cmd.by, ctx);
    case 'listPage':
      return moveList(state, cmd.by * pageSize(state, ctx), ctx);
    case 'listTop':
      return moveList(state, -Number.MAX_SAFE_INTEGER / 2, ctx);
    case 'listBottom':
      return moveList(state, Number.MAX_SAFE_INTEGER / 2, ctx);
    case 'open':
      if (state.help) return state;
      if (state.view === 'diff') {
        return ctx.listLength > 0 ? { ...state, diffStacks: true, stackScroll: 0 } : state;
      }
      if (state.view === 'refs') return ctx.listLength > 0 ? { ...state, refsOpen: true } : state;
      if (state.view === 'cycles') return { ...state, view: 'charts' };
      return { ...state, view: 'cycles' };
    case 'back':
      return back(state);
    case 'sampleType': {
      const i = SAMPLE_TYPES.indexOf(state.sampleType);
      const sampleType = SAMPLE_TYPES[(i + 1) % SAMPLE_TYPES.length] as SampleTypeChoice;
      return { ...state, sampleType, diffRow: 0, diffStacks: false };
    }
    case 'grouping': {
      const i = GROUPINGS.indexOf(state.grouping);
      const grouping = GROUPINGS[(i + 1) % GROUPINGS.length] as Grouping;
      return { ...state, grouping, diffRow: 0, diffStacks: false };
    }
    case 'filterStart': {
      const target = filterTarget(state.view);
      if (state.help || target === null) return state;
      return { ...state, filterDraft: state.filters[target] };
    }
    case 'filterInput':
      return state.filterDraft === null
        ? state
        : { ...state, filterDraft: state.filterDraft + cmd.text };
    case 'filterBackspace':
      return state.filterDraft === null
        ? state
        : { ...state, filterDraft: Array.from(state.filterDraft).slice(0, -1).join('') };
    case 'filterClear':
      return state.filterDraft === null ? state : { ...state, filterDraft: '' };
    case 'filterApply': {
      const target = filterTarget(state.view);
      if (state.filterDraft === null || target === null) return { ...state, filterDraft: null };
      return {
        ...state,
        filters: { ...state.filters, [target]: state.filterDraft.trim() },
        filterDraft: null,
        outputScroll: target === 'output' ? 0 : state.outputScroll,
        diffRow: target === 'diff' ? 0 : state.diffRow,
        diffStacks: false,
      };
    }
    case 'filterCancel':
      return { ...state, filterDraft: null };
    case 'nextView':
      return { ...state, view: nextView(state.view), help: false };
    case 'prevView':
      return { ...state, view: nextView(state.view, -1), help: false };
    case 'openDiff': {
      // In a replay, the pair picked with m; otherwise (or before a pair is picked) the newest.
      const picked = ctx.replay && state.replayPick?.b != null ? state.replayPick : null;
      const pair = picked ? { a: picked.a, b: picked.b as number } : ctx.lastDiff;
      if (pair === null) {
        return { ...state, notice: 'no diff yet: press m twice to mark A and B' };
      }
      return openDiff(state, pair);
    }
    case 'pause':
      return { ...state, paused: state.paused === null ? ctx.live : null };
    case 'help':
      return { ...state, help: !state.help };
    case 'mark':
      return ctx.replay ? pickMark(state, ctx) : state;
    case 'restart':
    case 'quit':
      // Side effects: the dashboard calls its actions; the UI state does not change.
      return state;
  }
}

function openDiff(state: UiState, pair: DiffPair): UiState {
  const same = state.diffPair?.a === pair.a && state.diffPair?.b === pair.b;
  return {
    ...state,
    view: 'diff',
    help: false,
    diffPair: pair,
    diffRow: same ? state.diffRow : 0,
    diffStacks: same ? state.diffStacks : false,
    refsRow: same ? state.refsRow : 0,
    refsOpen: same ? state.refsOpen : false,
  };
}

/**
 * `m` in a replay: picks the recorded mark with snapshots nearest the cursor (at or before
 * it, else the nearest). The first pick is A, the second B (the diff opens); a third starts
 * a new pair whose A is the old B, as live marks do. A pair is always diffed older → newer
 * (recorded mark ids grow with time): picking B before A swaps them, and the notice says so.
 */
function pickMark(state: UiState, ctx: UiContext): UiState {
  const mark = pickRecordedMark(ctx.live.marks, cursorSeq(state, ctx.last));
  if (!mark) return { ...state, notice: 'no recorded snapshots in this session to pick' };
  const where = `recorded mark #${mark.id} (gc ${mark.gc ?? '-'})`;
  const prev = state.replayPick;
  const a = prev === null ? null : prev.b === null ? prev.a : prev.b;
  if (a === null) {
    return {
      ...state,
      replayPick: { a: mark.id, b: null },
      notice: `picked A: ${where}; m again picks B`,
    };
  }
  if (a === mark.id) {
    return {
      ...state,
      notice: `A is already ${where}: move the cursor to another mark's cycle for B`,
    };
  }
  const [older, newer] = mark.id < a ? [mark.id, a] : [a, mark.id];
  const opened = openDiff(state, { a: older, b: newer });
  return {
    ...opened,
    replayPick: { a: older, b: newer },
    notice:
      older === a
        ? `picked B: ${where}; diff A #${older} -> B #${newer}`
        : `picked ${where}, which is older than A: diff #${older} -> #${newer} (older first)`,
  };
}

export function uiReducer(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'command':
      return command(state, action.command, action.ctx);
    case 'showDiff':
      return openDiff(state, action.pair);
  }
}
