/**
 * The diff view: what changed between marks A and B, as a navigable table, and the
 * stacks behind a row on `enter`. All numbers come from core/profile (diffProfiles,
 * stacksForRow) and core/format (formatValue, rowLabel); this file only lays them out.
 */
import { Box } from 'ink';
import { formatValue, rowLabel } from '../core/format/table.js';
import { counted, formatPercent } from '../core/format/units.js';
import type { GraphReport } from '../core/heap/analysis.js';
import type { Grouping, ProfileDiff, StackDelta } from '../core/profile/diff.js';
import { formatFrame } from '../core/profile/diff.js';
import type { Mark } from '../core/timeline/store.js';
import { clip, fit, fitFirst } from './lines.js';
import type { SampleTypeChoice } from './reducer.js';
import { Line, type Seg } from './span.js';

/** What the dashboard asks the diff source for. */
export interface DiffRequest {
  /** Mark ids: base (the pair's A) and target (its B). */
  a: number;
  b: number;
  /** `goroutine` means the marks' goroutine profiles; the others their heap profiles. */
  sampleType: SampleTypeChoice;
  by: Grouping;
  /** Glob(s) over function or package names, as `diff --filter`; "" for none. */
  filter: string;
}

export type DiffState =
  /** Capturing or computing; `text` says which (e.g. "capturing B…", "decoding profiles…"). */
  | { status: 'loading'; text?: string }
  /** The capture or the diff failed (a mark without a heap profile, incomparable profiles…). */
  | { status: 'error'; text: string }
  | { status: 'ready'; diff: ProfileDiff };

/**
 * Supplies diffs to the dashboard. `get` is called on every render, so it must be cheap:
 * return the cached state for the request, and on a miss start the work (decode both
 * profiles once per mark, then `diffProfiles` per sample type/grouping/filter) and return
 * `loading`. Bump `version()` whenever a state changes; the dashboard polls it on its tick.
 */
export interface DiffSource {
  get(request: DiffRequest): DiffState;
  version(): number;
}

export type GraphState =
  /** A mark of the pair has no heap dump: `text` says so plainly (NO_HEAP_DUMPS). */
  | { status: 'missing'; text: string }
  /** Capturing, reading or analysing; `text` gives the phase and MB read (graphProgressText). */
  | { status: 'loading'; text: string }
  | { status: 'error'; text: string }
  | { status: 'ready'; report: GraphReport };

/**
 * Supplies the heap-graph analysis of a pair of marks (their heap dumps): new objects by
 * allocation site with retention paths, and new reference cycles. Like DiffSource, `get`
 * is called on every render: it returns the cached state, and on a miss starts the
 * analysis once per pair in the background. `version()` moves whenever a state changes.
 */
export interface GraphSource {
  get(a: number, b: number): GraphState;
  version(): number;
}

/** Plain words for each sample type: what the numbers mean to someone chasing memory. */
export const SAMPLE_LABELS: Record<SampleTypeChoice, string> = {
  inuse_space: 'inuse space: retained growth (live bytes at B minus A)',
  inuse_objects: 'inuse objects: retained growth (live objects at B minus A)',
  alloc_space: 'alloc space: allocated between marks (alloc churn, bytes)',
  alloc_objects: 'alloc objects: allocated between marks (alloc churn, objects)',
  goroutine: 'goroutines: change in goroutines, by where they are',
};

/**
 * A sample label in at most `room` columns if it can be: too narrow, its explanation in
 * parentheses goes first, then all but its name (`inuse space`).
 */
export function fitLabel(label: string, room: number): string {
  return fitFirst([label, label.replace(/ \(.*\)$/, ''), label.replace(/:.*$/, '')], room);
}

/** Stack lines for the `enter` panel: a heading per stack, then its frames, leaf first. */
export function stackLines(diff: ProfileDiff, stacks: readonly StackDelta[]): Seg[][] {
  const unit = diff.unit;
  const out: Seg[][] = [];
  for (const s of stacks) {
    out.push([
      { text: formatValue(unit, s.delta, true), color: s.delta > 0 ? 'red' : 'green', bold: true },
      {
        text: `  base ${formatValue(unit, s.base)}  target ${formatValue(unit, s.target)}`,
        dim: true,
      },
    ]);
    for (const f of s.frames) out.push([{ text: `    ${formatFrame(f)}` }]);
  }
  if (stacks.length === 0) out.push([{ text: 'no stacks behind this row', dim: true }]);
  return out;
}

const NUMBER_COLUMNS = ['base', 'target', 'delta', 'delta%'];
const NUMBER_WIDTH = 10;
/**
 * From this width on, the table also shows the cum delta (what grew under the row's function,
 * callees included), as `gcdiff diff` and `go tool pprof -top` do: without it, a caller whose
 * own (flat) values did not change reads as a row of zeros.
 */
export const CUM_MIN_WIDTH = 110;

/** The number columns' heads at `width`. */
export function numberColumns(width: number): string[] {
  return width >= CUM_MIN_WIDTH ? [...NUMBER_COLUMNS, 'cum delta'] : NUMBER_COLUMNS;
}

/** One table row: the right-aligned numbers and the row's label, clipped to the width. */
export function diffRowText(diff: ProfileDiff, index: number, width: number): string {
  const row = diff.rows[index];
  if (!row) return '';
  const unit = diff.unit;
  const cells = [
    formatValue(unit, row.flat.base),
    formatValue(unit, row.flat.target),
    formatValue(unit, row.flat.delta, true),
    row.deltaPercent === null ? 'n/a' : formatPercent(row.deltaPercent, true),
  ];
  if (width >= CUM_MIN_WIDTH) cells.push(formatValue(unit, row.cum.delta, true));
  return clip(
    `${cells.map((c) => c.padStart(NUMBER_WIDTH)).join(' ')}  ${rowLabel(diff, row)}`,
    width - 2,
  );
}

/** `A #1 (gc 73, 15.0s)`, or `A #1 gc 73` when short. */
export function markText(
  mark: Pick<Mark, 'id' | 'gc' | 'atSeconds'> | undefined,
  label: string,
  short = false,
): string {
  if (!mark) return `${label} ?`;
  if (short) return `${label} #${mark.id} gc ${mark.gc ?? '-'}`;
  const at = mark.atSeconds === null ? '' : `, ${mark.atSeconds.toFixed(1)}s`;
  return `${label} #${mark.id} (gc ${mark.gc ?? '-'}${at})`;
}

export interface DiffViewProps {
  rows: number;
  width: number;
  request: DiffRequest | null;
  state: DiffState | null;
  marks: readonly Mark[];
  selected: number;
  /** The stacks of the selected row, when open (computed by the dashboard through stacksForRow). */
  stacks: readonly StackDelta[] | null;
  stackScroll: number;
  /** "Why is it still alive": the retention panel under the open stacks (retentionPanel), already fitted. */
  retention?: readonly Seg[][] | null;
  filter: string;
  color: boolean;
  ascii: boolean;
}

/** Rows of the table visible with `rows` rows, keeping `selected` in view. */
export function tableWindow(
  count: number,
  rows: number,
  selected: number,
): { start: number; end: number } {
  if (rows <= 0) return { start: 0, end: 0 };
  const start = Math.max(0, Math.min(selected - Math.floor(rows / 2), count - rows));
  return { start, end: Math.min(count, start + rows) };
}

export function DiffView(props: DiffViewProps) {
  const { rows, width, request, state, color } = props;
  const lines: Seg[][] = [];
  const arrow = props.ascii ? '->' : '→';
  if (!request) {
    lines.push([{ text: 'no diff yet: press m to mark A, and m again to mark B', bold: true }]);
    lines.push([{ text: 'the diff opens when B is taken; d reopens the last one', dim: true }]);
  } else {
    const a = props.marks.find((m) => m.id === request.a);
    const b = props.marks.find((m) => m.id === request.b);
    const by = `  by ${request.by}`;
    const filter = props.filter ? `  filter "${props.filter}"` : '';
    const sample = SAMPLE_LABELS[request.sampleType];
    // Too narrow for the shortest sample label: the marks drop their times.
    const full = `${markText(a, 'A')} ${arrow} ${markText(b, 'B')}`;
    const fits = full.length + by.length + filter.length + 2 + fitLabel(sample, 0).length <= width;
    const marks = fits ? full : `${markText(a, 'A', true)} ${arrow} ${markText(b, 'B', true)}`;
    const room = width - marks.length - by.length - filter.length - 2;
    const label = fitLabel(sample, room);
    lines.push([
      { text: marks, bold: true },
      { text: `  ${label}`, color: 'cyan' },
      { text: by, dim: true },
      { text: filter, color: 'yellow' },
    ]);
    if (!state || state.status === 'loading') {
      lines.push([{ text: state?.text ?? 'computing the diff…', color: 'cyan' }]);
    } else if (state.status === 'error') {
      lines.push([{ text: `error: ${state.text}`, color: 'red', bold: true }]);
    } else {
      const diff = state.diff;
      const t = diff.total;
      lines.push([
        {
          text: `total  base ${formatValue(diff.unit, t.base)}  target ${formatValue(diff.unit, t.target)}  delta ${formatValue(diff.unit, t.delta, true)}${diff.totalDeltaPercent === null ? '' : ` (${formatPercent(diff.totalDeltaPercent, true)} of base)`}  ${counted(diff.rows.length, 'row')}`,
          dim: true,
        },
      ]);
      if (props.stacks) {
        const row = diff.rows[props.selected];
        lines.push([
          { text: `stacks behind ${row ? rowLabel(diff, row) : '?'}  (esc back)`, bold: true },
        ]);
        const all = stackLines(diff, props.stacks);
        const retention = props.retention ?? [];
        const room = Math.max(0, rows - lines.length - retention.length);
        lines.push(...all.slice(props.stackScroll, props.stackScroll + room));
        // Fewer stack lines than room: the panel follows them; else it sits at the bottom.
        lines.push(...retention);
      } else {
        const head = `${numberColumns(width)
          .map((c) => c.padStart(NUMBER_WIDTH))
          .join(
            ' ',
          )}  ${diff.by === 'func' ? 'function' : diff.by === 'line' ? 'function file:line' : 'stack (leaf first)'}`;
        lines.push([{ text: fit(`  ${head}`, width), bold: true, inverse: true }]);
        const room = Math.max(0, rows - lines.length);
        const { start, end } = tableWindow(diff.rows.length, room, props.selected);
        for (let i = start; i < end; i++) {
          const here = i === props.selected;
          const row = diff.rows[i];
          const text = `${here ? '>' : ' '} ${diffRowText(diff, i, width)}`;
          lines.push([
            here
              ? { text: fit(text, width), inverse: true, bold: true }
              : {
                  text,
                  color:
                    row && row.flat.delta > 0
                      ? 'red'
                      : row && row.flat.delta < 0
                        ? 'green'
                        : undefined,
                },
          ]);
        }
        if (diff.rows.length === 0) lines.push([{ text: '(no rows)', dim: true }]);
      }
    }
  }
  return (
    <Box flexDirection="column" height={rows} overflowY="hidden">
      {lines.slice(0, rows).map((segs, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions
        <Line key={i} segs={segs} color={color} />
      ))}
    </Box>
  );
}
