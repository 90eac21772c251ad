/**
 * Chart text from series, through asciichart. Pure: the Charts component only
 * colours the runs this returns. Each series is plotted on its own with a shared
 * scale and the results are overlaid cell by cell, so every cell knows which
 * series drew it (two series in one chart keep their own colours).
 */
import asciichart from 'asciichart';
import type { Mark } from '../core/timeline/store.js';
import { CHART_LABEL_WIDTH } from './layout.js';

/** asciichart's symbol order: axis-zero, axis, ╶, ╴, flat, ╰, ╭, ╮, ╯, vertical. */
export const ASCII_CHART_SYMBOLS = ['+', '|', '-', '-', '-', "'", ',', '.', "'", '|'];
const UNICODE_CHART_SYMBOLS = ['┼', '┤', '╶', '╴', '─', '╰', '╭', '╮', '╯', '│'];
/** A second series drawn dashed, so two series stay apart without colour. */
const ASCII_DASHED_SYMBOLS = ['+', '|', '-', '-', '=', "'", ',', '.', "'", ':'];
const UNICODE_DASHED_SYMBOLS = ['┼', '┤', '╶', '╴', '╌', '╰', '╭', '╮', '╯', '╎'];

/** Cell owners: a series index (≥ 0), or one of these. */
export const BLANK = -1;
export const CURSOR_GUIDE = -2;

export interface ChartRow {
  /** Y-axis label (right-aligned to CHART_LABEL_WIDTH, may be blank) and the axis character. */
  label: string;
  /** One character per data column. */
  chars: string[];
  owners: number[];
}

export interface ChartInput {
  /** Series over the same columns; series 0 is drawn on top. Nulls are carried over from the left. */
  series: readonly (readonly (number | null)[])[];
  /** Plot rows and data columns. */
  rows: number;
  columns: number;
  /** Y label for a value; must fit CHART_LABEL_WIDTH. */
  format: (value: number) => string;
  ascii: boolean;
  /** Data column of the cursor, or null. */
  cursor: number | null;
  /** Fixed bottom of the scale (e.g. 0 for pauses); defaults to the data minimum. */
  min?: number;
  /** Per series: draw it dashed. */
  dashed?: readonly boolean[];
}

function filled(values: readonly (number | null)[]): number[] | null {
  const firstValue = values.find((v) => v !== null && Number.isFinite(v));
  if (firstValue === undefined || firstValue === null) return null;
  let prev = firstValue;
  return values.map((v) => {
    if (v !== null && Number.isFinite(v)) prev = v;
    return prev;
  });
}

/** The scale a chart uses: [min, max] with max > min. */
export function chartScale(
  series: readonly (readonly (number | null)[])[],
  fixedMin?: number,
): { min: number; max: number } {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const s of series) {
    for (const v of s) {
      if (v === null || !Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (!Number.isFinite(lo)) return { min: fixedMin ?? 0, max: (fixedMin ?? 0) + 1 };
  const min = fixedMin === undefined ? lo : Math.min(fixedMin, lo);
  let max = hi > min ? hi : min + (min === 0 ? 1 : Math.abs(min) * 0.1);
  // Tiny or huge magnitudes can swallow the 10%: fall back to a unit range.
  if (!(max > min) || !Number.isFinite(max - min)) max = min + 1;
  return { min, max };
}

function labelText(text: string): string {
  return text.length > CHART_LABEL_WIDTH
    ? text.slice(0, CHART_LABEL_WIDTH)
    : text.padStart(CHART_LABEL_WIDTH);
}

export function renderChart(input: ChartInput): ChartRow[] {
  const rows = Math.max(1, Math.floor(input.rows));
  const columns = Math.max(1, Math.floor(input.columns));
  const height = rows - 1;
  const { min, max } = chartScale(input.series, input.min);
  const solid = input.ascii ? ASCII_CHART_SYMBOLS : UNICODE_CHART_SYMBOLS;
  const dashed = input.ascii ? ASCII_DASHED_SYMBOLS : UNICODE_DASHED_SYMBOLS;
  const chars: string[][] = Array.from({ length: rows }, () => Array(columns).fill(' '));
  const owners: number[][] = Array.from({ length: rows }, () => Array(columns).fill(BLANK));

  // Draw the last series first, so that series 0 ends on top.
  for (let s = input.series.length - 1; s >= 0; s--) {
    const values = filled((input.series[s] ?? []).slice(0, columns));
    if (!values || values.length === 0) continue;
    const symbols = input.dashed?.[s] ? dashed : solid;
    // Scaled to 0..height so asciichart draws exactly `rows` rows.
    const scaled = values.map((v) => (height === 0 ? 0 : ((v - min) / (max - min)) * height));
    const text = asciichart.plot(scaled, {
      min: 0,
      max: height,
      height,
      offset: 2,
      symbols,
      format: () => 'x',
    });
    const lines = text.split('\n');
    // cells[1] is asciichart's axis column; cells[1 + i] is the arrival at value i (i ≥ 1).
    // The first value is drawn here as a flat step on its own row.
    const firstRow = height - Math.round(scaled[0] as number);
    for (let r = 0; r < rows; r++) {
      const cells = Array.from(lines[r] ?? '');
      for (let i = 0; i < values.length; i++) {
        const ch =
          i === 0 ? (r === firstRow ? (symbols[4] as string) : ' ') : (cells[1 + i] ?? ' ');
        if (ch === ' ') continue;
        (chars[r] as string[])[i] = ch;
        (owners[r] as number[])[i] = s;
      }
    }
  }

  if (input.cursor !== null && input.cursor >= 0 && input.cursor < columns) {
    const guide = input.ascii ? ':' : '┊';
    for (let r = 0; r < rows; r++) {
      if ((owners[r] as number[])[input.cursor] === BLANK) {
        (chars[r] as string[])[input.cursor] = guide;
        (owners[r] as number[])[input.cursor] = CURSOR_GUIDE;
      }
    }
  }

  const step = rows <= 6 ? 1 : Math.ceil((rows - 1) / 5);
  return chars.map((rowChars, r) => {
    const labelled = r % step === 0 || r === rows - 1;
    const value =
      height === 0 || r === 0 ? max : r === rows - 1 ? min : max - (r * (max - min)) / height;
    const label = labelled ? labelText(input.format(value)) : ' '.repeat(CHART_LABEL_WIDTH);
    return {
      label: label + (labelled ? solid[1] : solid[9]),
      chars: rowChars,
      owners: owners[r] as number[],
    };
  });
}

export interface AxisInput {
  /** Sequence of the first data column, and how many columns hold data. */
  start: number;
  count: number;
  columns: number;
  /** `gc N` of the first and last cycle shown. */
  firstN: number | null;
  lastN: number | null;
  cursorColumn: number | null;
  marks: readonly ShownMark[];
  ascii: boolean;
}

/** A mark as the charts show it: the newest pair as A and B, older marks as `*`. */
export interface ShownMark {
  id: number;
  label: 'A' | 'B' | '*';
  cycleSeq: number | null;
}

/** Labels marks for display: the newest two are the current pair (A, B), see DESIGN.md. */
export function shownMarks(marks: readonly Pick<Mark, 'id' | 'cycleSeq'>[]): ShownMark[] {
  const n = marks.length;
  return marks.map((m, i) => ({
    id: m.id,
    cycleSeq: m.cycleSeq,
    label: i === n - 1 ? (n === 1 ? 'A' : 'B') : i === n - 2 ? 'A' : '*',
  }));
}

export interface AxisRow {
  label: string;
  /** One character per data column: rule, cursor `^`, mark letters. */
  chars: string[];
  /** Kind per column: 0 rule, 1 cursor, 2 mark A, 3 mark B, 4 older mark. */
  kinds: number[];
}

/** The x-axis under the charts: the gc numbers at both ends, the cursor and the marks. */
export function renderAxis(input: AxisInput): AxisRow {
  const columns = Math.max(1, input.columns);
  const rule = input.ascii ? '-' : '─';
  const chars: string[] = Array(columns).fill(rule);
  const kinds: number[] = Array(columns).fill(0);
  const dataColumns = Math.min(columns, input.count);
  // Columns the cursor and the marks take: the gc number at the right end stays clear of them.
  const taken: number[] = [];
  if (input.cursorColumn !== null) taken.push(input.cursorColumn);
  for (const mark of input.marks) {
    if (mark.cycleSeq !== null) taken.push(mark.cycleSeq - input.start);
  }
  if (input.count > 0 && input.lastN !== null) {
    // The newest gc number ends at the last data column, or just left of whatever is there.
    const end = `gc ${input.lastN}`;
    let stop = dataColumns;
    for (;;) {
      const inside = taken.filter((c) => c >= stop - end.length && c < stop);
      if (inside.length === 0) break;
      stop = Math.min(...inside);
    }
    const at = stop - end.length;
    if (at > 0) {
      for (let i = 0; i < end.length; i++) chars[at + i] = end[i] as string;
    }
  }
  if (input.cursorColumn !== null && input.cursorColumn >= 0 && input.cursorColumn < columns) {
    chars[input.cursorColumn] = '^';
    kinds[input.cursorColumn] = 1;
  }
  // Older marks first, so that the current pair wins a shared column.
  for (const mark of [...input.marks].sort((x, y) => x.id - y.id)) {
    if (mark.cycleSeq === null) continue;
    const col = mark.cycleSeq - input.start;
    if (col < 0 || col >= dataColumns) continue;
    chars[col] = mark.label;
    kinds[col] = mark.label === 'A' ? 2 : mark.label === 'B' ? 3 : 4;
  }
  const first = input.firstN === null ? '' : `gc ${input.firstN}`;
  const label =
    first.length > CHART_LABEL_WIDTH
      ? first.slice(first.length - CHART_LABEL_WIDTH)
      : first.padStart(CHART_LABEL_WIDTH);
  return { label: label + (input.ascii ? '+' : '└'), chars, kinds };
}
