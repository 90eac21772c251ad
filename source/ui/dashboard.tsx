/**
 * The full-screen dashboard. Data comes from the TimelineStore on a fixed tick
 * (useTimeline); every UI state change goes through the one reducer; every pane
 * gets its rows from computeLayout, so the frame never exceeds the screen.
 */
import { Box, Text, useInput } from 'ink';
import { type ReactNode, useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import type { GcCycle } from '../core/gctrace/types.js';
import { stacksForRow } from '../core/profile/diff.js';
import { CPU_WINDOW_CYCLES, chartRange } from '../core/timeline/chart-series.js';
import type { Mark, TimelineSnapshot, TimelineStore } from '../core/timeline/store.js';
import { cyclesBetween, prepareChartData } from './chart-data.js';
import { shownMarks } from './chart-render.js';
import { Charts } from './charts.js';
import { CycleDetail } from './cycle-detail.js';
import { CyclesView } from './cycles-view.js';
import {
  type DiffRequest,
  type DiffSource,
  DiffView,
  type GraphSource,
  type GraphState,
} from './diff-view.js';
import { retentionPanel, splitStackPanel } from './graph-lines.js';
import { Header } from './header.js';
import { HelpOverlay } from './help-overlay.js';
import { inkTextCacheTrimmer } from './ink-text-cache.js';
import { KeyBar } from './key-bar.js';
import { keyToCommand, splitKeys } from './keymap.js';
import { computeLayout, MIN_COLUMNS, MIN_ROWS } from './layout.js';
import { filterOutput, OutputPane } from './output-pane.js';
import {
  chartEnd,
  cursorSeq,
  type DiffPair,
  initialUiState,
  type UiContext,
  uiReducer,
} from './reducer.js';
import { RefreshPacer } from './refresh-pacer.js';
import { RefsView } from './refs-view.js';
import { LineContext } from './span.js';
import { StatusLine, statusRowsFor } from './status-line.js';
import { useTerminalSize } from './use-terminal-size.js';
import { useTimeline } from './use-timeline.js';

export interface DashboardProps {
  store: TimelineStore;
  /**
   * Side effects of keys. `mark` gets the cursor's cycle sequence (null when there is no
   * cycle); in a replay the dashboard pairs recorded marks itself and does not call it.
   */
  actions: { mark(cycleSeq?: number | null): void; restart(): void; quit(): void };
  /** No Unicode drawing characters anywhere (`--ascii`). */
  ascii: boolean;
  /** Colours and other styles; false under NO_COLOR. */
  color: boolean;
  mode: 'run' | 'attach' | 'replay';
  sessionDir: string | null;
  env: { gogc?: string; gomemlimit?: string };
  /** Snapshot tick (default 100 ms: 10 per second). */
  tickMs?: number;
  /**
   * Keeps redraws for streaming data within a CPU budget (refresh-pacer.ts). Default: a
   * pacer with a 2 % budget; null redraws on every tick that saw a change.
   */
  pacer?: RefreshPacer | null;
  /** Default: stdout's size, re-read on 'resize'. */
  columns?: number;
  rows?: number;
  /**
   * Diffs between marks for the diff view (see DiffSource in diff-view.tsx). Without it the
   * diff view says diffs are not available, and taking B does not switch views.
   */
  diffs?: DiffSource;
  /**
   * Heap-graph reports between marks (their heap dumps), for the retention path under a
   * diff row's stacks and the reference-cycles view. Without it both say so.
   */
  graphs?: GraphSource;
  /** ms since the session started, for the header's uptime; without it the header shows the runtime's clock at its last GC. */
  sessionClock?: () => number;
}

/** Keeps Ink's text-size cache bounded while the dashboard is up (see ink-text-cache.ts). */
function useBoundedInkTextCache(): void {
  useEffect(() => {
    let timer: NodeJS.Timeout | null = null;
    let gone = false;
    void inkTextCacheTrimmer().then((trim) => {
      if (gone) return;
      timer = setInterval(trim, 2000);
      timer.unref();
    });
    return () => {
      gone = true;
      if (timer) clearInterval(timer);
    };
  }, []);
}

/** The newest pair of marks (`d`), or null with fewer than two marks. */
export function lastPair(marks: readonly Mark[]): DiffPair | null {
  const b = marks[marks.length - 1];
  const a = marks[marks.length - 2];
  return a && b ? { a: a.id, b: b.id } : null;
}

/** The newest pair of marks for the status line: "A #1 gc 12 ok  B #2 gc 40 capturing". */
export function marksSummary(marks: readonly Mark[]): string {
  const shown = shownMarks(marks).filter((m) => m.label !== '*');
  if (shown.length === 0) return 'no marks (m)';
  return shown
    .map((s) => {
      const m = marks.find((x) => x.id === s.id) as Mark;
      return `${s.label} #${m.id} gc ${m.gc ?? '-'} ${m.status}`;
    })
    .join('  ');
}

function cycleAtFrom(snapshot: TimelineSnapshot, store: TimelineStore) {
  return (seq: number): GcCycle | undefined => {
    if (seq < snapshot.cycleFirst || seq >= snapshot.cycleTotal) return undefined;
    if (seq >= snapshot.recentFirstSeq) return snapshot.recent[seq - snapshot.recentFirstSeq];
    return store.cycles.get(seq);
  };
}

export function Dashboard(props: DashboardProps) {
  const { store, actions, ascii, color, mode, diffs, graphs } = props;
  const size = useTerminalSize(props.columns, props.rows);
  const diffVersion = useCallback(
    () => (diffs?.version() ?? 0) + (graphs?.version() ?? 0),
    [diffs, graphs],
  );
  const defaultPacer = useMemo(() => new RefreshPacer(), []);
  const live = useTimeline(
    store,
    props.tickMs,
    diffVersion,
    props.pacer === undefined ? defaultPacer : props.pacer,
  );
  useBoundedInkTextCache();
  const [state, dispatch] = useReducer(uiReducer, initialUiState);
  const shown = state.paused ?? live;
  // An error the status row cannot hold whole gets a second row while no notice covers it.
  const statusRows = state.notice ? 1 : statusRowsFor(live.status, size.columns);
  const layout = useMemo(
    () => computeLayout(size.columns, size.rows, state.view, state.help, statusRows),
    [size.columns, size.rows, state.view, state.help, statusRows],
  );

  const first = shown.cycleFirst;
  const last = shown.cycleTotal - 1;
  const cursor = cursorSeq(state, last);
  const range = chartRange(first, last, chartEnd(state, last), layout.plotColumns);
  const chartData = useMemo(() => {
    const leadFrom = Math.max(first, range.start - CPU_WINDOW_CYCLES);
    const cycles = cyclesBetween(shown, leadFrom, range.end + 1, (a, b) =>
      store.cycles.range(a, b),
    );
    return prepareChartData(cycles, Math.max(0, range.start - leadFrom), range.start);
  }, [shown, store, first, range.start, range.end]);
  const cycleAt = useMemo(() => cycleAtFrom(shown, store), [shown, store]);
  const cursorCycle = last >= 0 ? (cycleAt(cursor) ?? null) : null;
  const marks = useMemo(() => shownMarks(shown.marks), [shown.marks]);
  const output = useMemo(
    () => filterOutput(shown.output, state.filters.output),
    [shown.output, state.filters.output],
  );

  // Diff view data: the request, the source's state, and the stacks behind the selected row.
  const request: DiffRequest | null = state.diffPair
    ? {
        ...state.diffPair,
        sampleType: state.sampleType,
        by: state.grouping,
        filter: state.filters.diff,
      }
    : null;
  const diffState =
    state.view === 'diff' && request && diffs
      ? diffs.get(request)
      : request && !diffs
        ? ({ status: 'error', text: 'diffs are not available in this session' } as const)
        : null;
  const readyDiff = diffState?.status === 'ready' ? diffState.diff : null;
  const selectedRow = readyDiff?.rows[state.diffRow] ?? null;
  const stacks = useMemo(
    () =>
      state.diffStacks && readyDiff && selectedRow
        ? stacksForRow(readyDiff, selectedRow, 50)
        : null,
    [state.diffStacks, readyDiff, selectedRow],
  );
  const stackLineCount = stacks ? stacks.reduce((n, s) => n + 1 + s.frames.length, 0) : 0;

  // The heap graph of the pair: asked for as soon as a pair is shown (the analysis runs in
  // the background), used under a heap row's stacks and in the reference-cycles view.
  const graphState: GraphState | null = state.diffPair
    ? graphs
      ? graphs.get(state.diffPair.a, state.diffPair.b)
      : { status: 'error', text: 'heap graphs are not available in this session' }
    : null;
  const heapRows = state.sampleType !== 'goroutine';
  const stackPanel = Math.max(0, layout.body - 3);
  const retentionWanted =
    stacks && heapRows && graphState && selectedRow
      ? retentionPanel(graphState, selectedRow, stackPanel)
      : null;
  const rooms = splitStackPanel(stackPanel, retentionWanted?.length ?? 0);
  const retention =
    retentionWanted && graphState && selectedRow
      ? retentionPanel(graphState, selectedRow, rooms.retention)
      : null;
  const refGroups = graphState?.status === 'ready' ? graphState.report.cycles.length : 0;

  const tableRows = Math.max(1, layout.body - 3);
  const ctx: UiContext = {
    first,
    last,
    chartWindow: layout.plotColumns,
    outputLines: output.length,
    outputPage: Math.max(1, layout.output - 1),
    listLength:
      state.view === 'refs'
        ? refGroups
        : state.diffStacks
          ? stackLineCount
          : (readyDiff?.rows.length ?? 0),
    listPage: state.view === 'diff' && state.diffStacks ? Math.max(1, rooms.stacks) : tableRows,
    live,
    lastDiff: lastPair(live.marks),
    replay: mode === 'replay',
  };
  const ctxRef = useRef(ctx);
  ctxRef.current = ctx;
  // Keys can arrive faster than renders (a typed filter): the handler keeps its own copy of
  // the state, advanced through the same pure reducer, to know the input mode of the next key.
  const stateRef = useRef(state);
  stateRef.current = state;

  useInput((input, key) => {
    for (const [one, oneKey] of splitKeys(input, key)) {
      const inputMode = stateRef.current.filterDraft !== null ? 'filter' : 'normal';
      const command = keyToCommand(one, oneKey, inputMode);
      if (!command) continue;
      if (command.type === 'mark' && mode !== 'replay') {
        const c = ctxRef.current;
        actions.mark(c.last >= 0 ? cursorSeq(stateRef.current, c.last) : null);
      } else if (command.type === 'restart') actions.restart();
      else if (command.type === 'quit') actions.quit();
      const action = { type: 'command', command, ctx: ctxRef.current } as const;
      stateRef.current = uiReducer(stateRef.current, action);
      dispatch(action);
      if (command.type === 'quit') return;
    }
  });

  // "The diff opens when B is taken": a new newest pair switches to the diff view.
  const openedFor = useRef<number | null>(lastPair(live.marks)?.b ?? null);
  const pair = lastPair(live.marks);
  const pairA = pair?.a ?? null;
  const pairB = pair?.b ?? null;
  useEffect(() => {
    if (pairA === null || pairB === null || !diffs || openedFor.current === pairB) return;
    openedFor.current = pairB;
    dispatch({ type: 'showDiff', pair: { a: pairA, b: pairB } });
  }, [pairA, pairB, diffs]);

  const { columns, rows } = layout;
  const lineEnv = useMemo(() => ({ width: columns, ascii }), [columns, ascii]);
  if (layout.tooSmall) {
    return (
      <Box width={columns}>
        <Text wrap={rows >= 3 ? 'wrap' : 'truncate-end'}>
          {`${columns}x${rows} is too small: gcdiff needs ${MIN_COLUMNS}x${MIN_ROWS}; q quits`}
        </Text>
      </Box>
    );
  }

  const chartRows = layout.bands.reduce((n, b) => n + b.rows, 0) + layout.axis + layout.sparklines;
  let body: ReactNode;
  if (state.help) {
    body = (
      <HelpOverlay rows={layout.body} width={columns} ascii={ascii} color={color} mode={mode} />
    );
  } else if (state.view === 'charts') {
    body = (
      <>
        <Box height={chartRows} flexDirection="column" overflowY="hidden">
          <Charts
            layout={layout}
            data={chartData}
            cursorSeq={cursor}
            marks={marks}
            ascii={ascii}
            color={color}
          />
        </Box>
        <CycleDetail
          cycle={cursorCycle}
          seq={last >= 0 ? cursor : null}
          width={columns}
          color={color}
        />
        <OutputPane
          lines={output}
          total={shown.outputTotal}
          rows={layout.output}
          width={columns}
          scroll={state.outputScroll}
          filter={state.filters.output}
          ascii={ascii}
          color={color}
        />
      </>
    );
  } else if (state.view === 'cycles') {
    body = (
      <>
        <CyclesView
          rows={layout.body}
          width={columns}
          first={first}
          last={last}
          cursor={cursor}
          cycleAt={cycleAt}
          color={color}
        />
        <CycleDetail
          cycle={cursorCycle}
          seq={last >= 0 ? cursor : null}
          width={columns}
          color={color}
        />
      </>
    );
  } else if (state.view === 'refs') {
    body = (
      <RefsView
        rows={layout.body}
        width={columns}
        pair={state.diffPair}
        graph={graphState}
        marks={live.marks}
        selected={state.refsRow}
        open={state.refsOpen}
        color={color}
        ascii={ascii}
      />
    );
  } else {
    body = (
      <DiffView
        rows={layout.body}
        width={columns}
        request={request}
        state={diffState}
        marks={live.marks}
        selected={state.diffRow}
        stacks={stacks}
        stackScroll={state.stackScroll}
        retention={retention}
        filter={state.filters.diff}
        color={color}
        ascii={ascii}
      />
    );
  }

  return (
    <LineContext.Provider value={lineEnv}>
      <Box flexDirection="column" width={columns} height={rows} overflowY="hidden">
        <Header
          rows={layout.header}
          width={columns}
          color={color}
          snapshot={shown}
          live={live}
          paused={state.paused !== null}
          following={state.cursor === null}
          mode={mode}
          sessionDir={props.sessionDir}
          env={props.env}
          nowMs={props.sessionClock ? props.sessionClock() : null}
        />
        {body}
        {layout.status > 0 ? (
          <StatusLine
            status={live.status}
            notice={state.notice}
            activity={graphState?.status === 'loading' ? graphState.text : null}
            marks={marksSummary(live.marks)}
            width={columns}
            rows={layout.status === 2 ? 2 : 1}
            ascii={ascii}
            color={color}
          />
        ) : null}
        <KeyBar
          view={state.view}
          help={state.help}
          filterDraft={state.filterDraft}
          mode={mode}
          width={columns}
          ascii={ascii}
          color={color}
        />
      </Box>
    </LineContext.Provider>
  );
}
