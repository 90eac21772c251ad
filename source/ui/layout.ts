/**
 * Row budgets for every pane, from the terminal size alone. The frame is built from
 * these budgets and nothing else decides a height, so the frame never exceeds the
 * screen (Ink would scroll, and a dashboard that scrolls is broken).
 */
import type { View } from './reducer.js';

export const MIN_COLUMNS = 40;
export const MIN_ROWS = 12;
/** Width of a chart's y-axis labels ("123.4ms", "1234MiB", "100.0%"). */
export const CHART_LABEL_WIDTH = 7;
/** Label + value text beside a sparkline ("pause  " … " 0.12ms p99 0.40ms"). */
export const SPARK_LABEL_WIDTH = 7;
export const SPARK_VALUE_WIDTH = 24;
/** Two charts side by side from this width on. */
export const WIDE_COLUMNS = 150;

export type ChartKind = 'pause' | 'heap' | 'cpu';
/** `stats`: a panel of summary numbers with sparklines, beside a chart on wide screens. */
export type PanelKind = ChartKind | 'stats';

/** A horizontal band of the charts area: one or two panels side by side, `rows` high (title included). */
export interface Band {
  panels: PanelKind[];
  rows: number;
  /** The band's charts end with their own x-axis row (side-by-side layouts). */
  axis: boolean;
}

export interface Layout {
  columns: number;
  rows: number;
  /** Below MIN_COLUMNS × MIN_ROWS: only a one-line notice is drawn. */
  tooSmall: boolean;
  header: number;
  status: number;
  keyBar: number;
  /** The CycleDetail line. */
  detail: number;
  /** Charts view: bands of charts, then one shared x-axis row (cursor and marks). */
  bands: Band[];
  axis: number;
  /** Charts view on short screens: one sparkline row per metric instead of charts. */
  sparklines: number;
  /** Output pane, its title row included. */
  output: number;
  /** Other views and the help overlay: the main body. */
  body: number;
  /** Width of one panel (a chart with its labels). */
  panelWidth: number;
  /** Cycles visible at once: data columns of a chart, or of a sparkline. */
  plotColumns: number;
}

function empty(columns: number, rows: number): Layout {
  return {
    columns,
    rows,
    tooSmall: false,
    header: 0,
    status: 0,
    keyBar: 0,
    detail: 0,
    bands: [],
    axis: 0,
    sparklines: 0,
    output: 0,
    body: 0,
    panelWidth: columns,
    plotColumns: Math.max(1, columns - CHART_LABEL_WIDTH - 1),
  };
}

/** Rows a layout uses; never more than `layout.rows`. */
export function usedRows(l: Layout): number {
  if (l.tooSmall) return Math.min(1, l.rows);
  let total = l.header + l.status + l.keyBar + l.detail + l.axis + l.sparklines + l.output + l.body;
  for (const band of l.bands) total += band.rows;
  return total;
}

/** Splits `total` rows over `parts` shares (weights), largest remainders first. */
function split(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((x, y) => y.r - x.r);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) {
    const at = (order[k] as { i: number }).i;
    out[at] = (out[at] as number) + 1;
  }
  return out;
}

/**
 * `statusRows`: 2 while an error too long for one row is shown (its advice is at its end),
 * otherwise 1; the row is taken from the views above.
 */
export function computeLayout(
  columns: number,
  rows: number,
  view: View,
  help: boolean,
  statusRows: 1 | 2 = 1,
): Layout {
  const c = Math.max(0, Math.floor(Number.isFinite(columns) ? columns : 0));
  const r = Math.max(0, Math.floor(Number.isFinite(rows) ? rows : 0));
  const l = empty(c, r);
  if (c < MIN_COLUMNS || r < MIN_ROWS) return { ...l, tooSmall: true };

  l.header = r >= 20 ? 2 : 1;
  l.status = r >= 16 ? statusRows : 0;
  l.keyBar = 1;
  const fixed = l.header + l.status + l.keyBar;

  if (help || view !== 'charts') {
    l.detail = view === 'cycles' && !help ? 1 : 0;
    l.body = r - fixed - l.detail;
    return l;
  }

  l.detail = 1;
  const middle = r - fixed - l.detail;
  // The output pane gets a quarter of the middle (title + at least 3 lines) when there is room.
  let output = middle >= 14 ? Math.min(16, Math.max(4, Math.floor(middle * 0.25))) : 0;
  const charts = middle - output;

  if (charts < 13) {
    // Too short for three charts of 3+ plot rows with titles and an axis: one sparkline row per metric.
    l.sparklines = Math.min(charts, 3);
    output += charts - l.sparklines;
    l.output = output;
    l.plotColumns = Math.max(1, c - SPARK_LABEL_WIDTH - SPARK_VALUE_WIDTH);
    return l;
  }

  l.output = output;
  l.axis = 1;
  const bandRows = charts - l.axis;
  if (c >= WIDE_COLUMNS && bandRows >= 12) {
    // Each band carries its own axis row: the shared one is given back to the top band.
    l.axis = 0;
    const [top, bottom] = split(bandRows, [3, 2]) as [number, number];
    l.bands = [
      { panels: ['heap', 'pause'], rows: top + 1, axis: true },
      { panels: ['cpu', 'stats'], rows: bottom, axis: true },
    ];
    l.panelWidth = Math.floor((c - 1) / 2);
  } else {
    // Heap first in line for spare rows: its two series need the height most.
    const [pause, heap, cpu] = split(bandRows, [1, 1.1, 0.9]) as [number, number, number];
    l.bands = [
      { panels: ['pause'], rows: pause, axis: false },
      { panels: ['heap'], rows: heap, axis: false },
      { panels: ['cpu'], rows: cpu, axis: false },
    ];
    l.panelWidth = c;
  }
  l.plotColumns = Math.max(1, l.panelWidth - CHART_LABEL_WIDTH - 1);
  return l;
}
