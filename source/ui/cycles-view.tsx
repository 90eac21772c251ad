import { Box } from 'ink';
import { formatMs } from '../core/format/units.js';
import type { GcCycle } from '../core/gctrace/types.js';
import { pauseMs } from '../core/gctrace/types.js';
import { fit, runtimeMs, uncertain } from './lines.js';
import { Line, type Seg } from './span.js';

interface Column {
  head: string;
  width: number;
  cell: (c: GcCycle) => string;
}

/** Columns of the cycles table: header text and a cell for each cycle. */
const COLUMNS: Column[] = [
  { head: 'gc', width: 6, cell: (c) => String(c.n) },
  { head: '@s', width: 9, cell: (c) => c.atSeconds.toFixed(3) },
  { head: 'STW', width: 7, cell: (c) => formatMs(pauseMs(c)) },
  { head: 'heap MiB', width: 14, cell: (c) => c.heapMiB.join('->') },
  { head: 'goal', width: 5, cell: (c) => String(c.goalMiB) },
  { head: 'clock ms', width: 15, cell: (c) => c.clockMs.map(runtimeMs).join('+') },
  {
    head: 'cpu ms (assist/bg/idle)',
    width: 26,
    cell: (c) =>
      `${runtimeMs(c.cpuMs[0])}+${runtimeMs(c.cpuMs[1])}/${runtimeMs(c.cpuMs[2])}/${runtimeMs(c.cpuMs[3])}+${runtimeMs(c.cpuMs[4])}`,
  },
  { head: 'cum', width: 4, cell: (c) => `${c.cpuPercent}%` },
  { head: 'P', width: 3, cell: (c) => String(c.procs) },
  { head: 'stk', width: 4, cell: (c) => String(c.stacksMiB ?? '-') },
  { head: 'glb', width: 4, cell: (c) => String(c.globalsMiB ?? '-') },
  {
    head: 'flags',
    width: 12,
    cell: (c) =>
      // Doubt first: the column may run off a narrow screen.
      [
        c.bestGuess ? 'guess' : '',
        c.ambiguous?.length ? 'ambiguous' : '',
        c.forced ? 'forced' : '',
        c.periodic ? 'periodic' : '',
        c.leakCheck ? 'leak' : '',
        c.process > 0 ? `proc${c.process}` : '',
      ]
        .filter(Boolean)
        .join(','),
  },
];

/**
 * Which columns to keep first when the screen is narrow (indices into COLUMNS): the cycle,
 * its time, pause, heap and flags; the cpu breakdown (also on the detail line) goes first.
 */
const PRIORITY = [0, 1, 2, 3, 4, 11, 5, 8, 7, 6, 9, 10];
/** Flags is the last column and may run on; it is kept when its head fits. */
const FLAGS = COLUMNS.length - 1;

/** The columns shown at `width` (a 2-character cursor prefix included), in table order. */
export function columnsFor(width: number): number[] {
  const kept: number[] = [];
  let used = 2;
  for (const i of PRIORITY) {
    const w = (COLUMNS[i] as Column).width + (kept.length > 0 ? 1 : 0);
    if (used + w > width) continue;
    kept.push(i);
    used += w;
  }
  return kept.sort((a, b) => a - b);
}

/** One table line of the shown columns; numeric columns right-aligned, flags left. */
export function cycleRow(shown: readonly number[], text: (column: Column) => string): string {
  return shown
    .map((i) => {
      const column = COLUMNS[i] as Column;
      return i === FLAGS ? text(column) : text(column).padStart(column.width);
    })
    .join(' ');
}

/** The first sequence of a list of `rows` rows that keeps `cursor` visible, roughly centred. */
export function listStart(first: number, last: number, cursor: number, rows: number): number {
  const start = cursor - Math.floor(rows / 2);
  return Math.max(first, Math.min(start, last - rows + 1));
}

export interface CyclesViewProps {
  rows: number;
  width: number;
  first: number;
  last: number;
  cursor: number;
  /** Cycles by sequence (from the snapshot or the store's ring). */
  cycleAt: (seq: number) => GcCycle | undefined;
  color: boolean;
}

/** Every cycle as a table row, the cursor row highlighted; j/k move the cursor. */
export function CyclesView(props: CyclesViewProps) {
  const { rows, width, color } = props;
  const bodyRows = Math.max(0, rows - 1);
  const start = listStart(props.first, props.last, props.cursor, bodyRows);
  const shown = columnsFor(width);
  const lines: Seg[][] = [
    [{ text: fit(`  ${cycleRow(shown, (c) => c.head)}`, width), bold: true, inverse: true }],
  ];
  for (let seq = start; seq < start + bodyRows && seq <= props.last; seq++) {
    const cycle = props.cycleAt(seq);
    if (!cycle) continue;
    const here = seq === props.cursor;
    const text = fit(`${here ? '>' : ' '} ${cycleRow(shown, (c) => c.cell(cycle))}`, width);
    lines.push([
      here
        ? { text, inverse: true, bold: true }
        : { text, color: uncertain(cycle) ? 'yellow' : undefined },
    ]);
  }
  if (props.last < props.first) lines.push([{ text: 'no GC cycle yet', dim: true }]);
  return (
    <Box flexDirection="column" height={rows} overflowY="hidden">
      {lines.slice(0, rows).map((segs, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions
        <Line key={i} segs={segs} color={color} />
      ))}
    </Box>
  );
}
