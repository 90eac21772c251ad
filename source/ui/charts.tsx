import { Box } from 'ink';
import { memo } from 'react';
import { counted, formatMs } from '../core/format/units.js';
import { CPU_WINDOW_CYCLES } from '../core/timeline/chart-series.js';
import type { ChartData } from './chart-data.js';
import {
  BLANK,
  type ChartRow,
  CURSOR_GUIDE,
  renderAxis,
  renderChart,
  type ShownMark,
} from './chart-render.js';
import type { Layout, PanelKind } from './layout.js';
import { CHART_LABEL_WIDTH, SPARK_LABEL_WIDTH, SPARK_VALUE_WIDTH } from './layout.js';
import { clip, fit, mibLabel, pauseLabel, percentLabel } from './lines.js';
import { Line, LineContext, runs, type Seg } from './span.js';
import { sparkline } from './sparkline.js';

export const SERIES_COLORS = {
  pause: 'green',
  live: 'cyan',
  goal: 'yellow',
  cpu: 'magenta',
} as const;

export interface ChartsProps {
  layout: Layout;
  data: ChartData;
  /** Sequence of the cycle under the cursor. */
  cursorSeq: number;
  marks: readonly ShownMark[];
  ascii: boolean;
  color: boolean;
}

function valueAt<T>(series: readonly T[], index: number): T | undefined {
  return index >= 0 ? series[index] : undefined;
}

function mib(v: number | undefined): string {
  return v === undefined ? '-' : `${v}MiB`;
}

/** The title row of a chart: what it shows, the value at the cursor, and the window's figures. */
export function chartTitle(
  kind: PanelKind,
  data: ChartData,
  cursor: number,
  ascii: boolean,
): Seg[] {
  const s = data.summary;
  switch (kind) {
    case 'pause': {
      const p = valueAt(data.pause, cursor);
      return [
        { text: 'STW pause', color: SERIES_COLORS.pause, bold: true },
        { text: ` ${p === undefined ? '-' : formatMs(p)}` },
        {
          text: `  p50 ${formatMs(s.pauseMs.p50)} p95 ${formatMs(s.pauseMs.p95)} p99 ${formatMs(s.pauseMs.p99)} max ${formatMs(s.pauseMs.max)}`,
          dim: true,
        },
      ];
    }
    case 'heap': {
      const trend = s.heapLiveMiB;
      const slope =
        trend && data.count > 1
          ? `  live ${trend.slopePerSecond >= 0 ? '+' : ''}${trend.slopePerSecond.toFixed(2)}MiB/s`
          : '';
      return [
        { text: 'heap live', color: SERIES_COLORS.live, bold: true },
        { text: ascii ? ' -- ' : ' ── ', color: SERIES_COLORS.live },
        { text: mib(valueAt(data.live, cursor)) },
        { text: '  goal', color: SERIES_COLORS.goal, bold: true },
        { text: ascii ? ' == ' : ' ╌╌ ', color: SERIES_COLORS.goal },
        { text: mib(valueAt(data.goal, cursor)) },
        { text: slope, dim: true },
      ];
    }
    case 'cpu': {
      const c = valueAt(data.cpu, cursor);
      return [
        { text: 'GC CPU', color: SERIES_COLORS.cpu, bold: true },
        { text: ` ${c === null || c === undefined ? '-' : percentLabel(c)}` },
        {
          text: `  over ${CPU_WINDOW_CYCLES}-cycle windows (cpu fields / wall × P)  all shown ${s.gcCpuPercent === null ? '-' : percentLabel(s.gcCpuPercent)}`,
          dim: true,
        },
      ];
    }
    case 'stats':
      return [
        { text: 'window', bold: true },
        {
          text: `  ${counted(data.count, 'cycle')}  ${s.spanSeconds.toFixed(1)}s  ${s.gcPerSecond === null ? '-' : s.gcPerSecond.toFixed(2)} GC/s`,
          dim: true,
        },
      ];
  }
}

function chartRows(
  kind: Exclude<PanelKind, 'stats'>,
  data: ChartData,
  rows: number,
  columns: number,
  cursor: number,
  ascii: boolean,
): ChartRow[] {
  const base = { rows, columns, ascii, cursor };
  switch (kind) {
    case 'pause':
      return renderChart({ ...base, series: [data.pause], format: pauseLabel, min: 0 });
    case 'heap':
      return renderChart({
        ...base,
        series: [data.live, data.goal],
        dashed: [false, true],
        format: mibLabel,
      });
    case 'cpu':
      return renderChart({ ...base, series: [data.cpu], format: percentLabel, min: 0 });
  }
}

function seriesColor(kind: PanelKind, owner: number): string | undefined {
  if (kind === 'pause') return SERIES_COLORS.pause;
  if (kind === 'cpu') return SERIES_COLORS.cpu;
  return owner === 0 ? SERIES_COLORS.live : SERIES_COLORS.goal;
}

function ChartPanel(props: {
  kind: PanelKind;
  data: ChartData;
  rows: number;
  width: number;
  cursor: number;
  /** Draw an x-axis row under the chart (side-by-side layouts). */
  axis: boolean;
  marks: readonly ShownMark[];
  ascii: boolean;
  color: boolean;
}) {
  const { kind, data, rows, width, cursor, ascii, color } = props;
  const title = <Line segs={chartTitle(kind, data, cursor, ascii)} color={color} />;
  const env = { width, ascii };
  if (kind === 'stats') {
    return (
      <LineContext.Provider value={env}>
        <Box flexDirection="column" width={width} height={rows} overflowY="hidden">
          {title}
          {statsLines(data, rows - 1, width, ascii).map((segs, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions
            <Line key={i} segs={segs} color={color} />
          ))}
        </Box>
      </LineContext.Provider>
    );
  }
  const plotColumns = Math.max(1, width - CHART_LABEL_WIDTH - 1);
  const body = chartRows(kind, data, rows - 1 - (props.axis ? 1 : 0), plotColumns, cursor, ascii);
  return (
    <LineContext.Provider value={env}>
      <Box flexDirection="column" width={width} height={rows} overflowY="hidden">
        {title}
        {body.map((row, r) => {
          const segs: Seg[] = [{ text: row.label, dim: true }];
          segs.push(
            ...runs(row.chars, (i) => {
              const owner = row.owners[i] as number;
              if (owner === BLANK) return {};
              if (owner === CURSOR_GUIDE) return { color: 'gray' };
              return i === cursor
                ? { color: seriesColor(kind, owner), bold: true, inverse: true }
                : { color: seriesColor(kind, owner) };
            }),
          );
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions
          return <Line key={r} segs={segs} color={color} />;
        })}
        {props.axis ? (
          <AxisLine
            data={data}
            width={width}
            cursor={cursor}
            marks={props.marks}
            ascii={ascii}
            color={color}
          />
        ) : null}
      </Box>
    </LineContext.Provider>
  );
}

/** The wide-screen stats panel: the window's figures with sparklines. */
export function statsLines(data: ChartData, rows: number, width: number, ascii: boolean): Seg[][] {
  const s = data.summary;
  const sparkWidth = Math.max(1, width - 30);
  const heap = s.heapLiveMiB;
  const goal = s.goalMiB;
  const lines: Seg[][] = [
    [
      { text: 'pause   ', bold: true },
      {
        text: `p50 ${formatMs(s.pauseMs.p50)}  p95 ${formatMs(s.pauseMs.p95)}  p99 ${formatMs(s.pauseMs.p99)}  max ${formatMs(s.pauseMs.max)}`,
      },
    ],
    [
      { text: '        ' },
      {
        text: sparkline(data.pause, { ascii, width: sparkWidth, min: 0 }),
        color: SERIES_COLORS.pause,
      },
    ],
    [
      { text: 'heap    ', bold: true },
      {
        text: heap
          ? `live ${heap.first}->${heap.last}MiB (min ${heap.min}, max ${heap.max}, ${heap.slopePerSecond >= 0 ? '+' : ''}${heap.slopePerSecond.toFixed(2)}MiB/s)`
          : 'no cycles',
      },
    ],
    [
      { text: '        ' },
      { text: sparkline(data.live, { ascii, width: sparkWidth }), color: SERIES_COLORS.live },
    ],
    [
      { text: 'goal    ', bold: true },
      { text: goal ? `${goal.first}->${goal.last}MiB (max ${goal.max})` : '-' },
    ],
    [
      { text: 'GC CPU  ', bold: true },
      {
        text: `${s.gcCpuPercent === null ? '-' : percentLabel(s.gcCpuPercent)} of ${counted(data.count, 'cycle')}  (runtime's N% is cumulative)`,
      },
    ],
    [
      { text: '        ' },
      { text: sparkline(data.cpu, { ascii, width: sparkWidth, min: 0 }), color: SERIES_COLORS.cpu },
    ],
    [
      { text: 'cycles  ', bold: true },
      {
        text: `${s.forced} forced  ${s.periodic} periodic  ${s.ambiguous} ambiguous${s.bestGuess > 0 ? `  ${s.bestGuess} guessed` : ''}  ${s.processes} process${s.processes === 1 ? '' : 'es'}`,
      },
    ],
  ];
  return lines.slice(0, Math.max(0, rows));
}

/** Short screens: one row per metric, a sparkline over the same cycles as the charts. */
export function sparklineRows(
  data: ChartData,
  rows: number,
  columns: number,
  cursor: number,
  ascii: boolean,
): Seg[][] {
  const width = Math.max(1, columns - SPARK_LABEL_WIDTH - SPARK_VALUE_WIDTH);
  const at = <T,>(xs: readonly T[]) => valueAt(xs, cursor);
  const cpu = at(data.cpu);
  const pause = at(data.pause);
  const value = (text: string) =>
    ` ${fit(clip(text, SPARK_VALUE_WIDTH - 1), SPARK_VALUE_WIDTH - 1)}`;
  const all: Seg[][] = [
    [
      { text: fit('pause', SPARK_LABEL_WIDTH), color: SERIES_COLORS.pause, bold: true },
      {
        text: fit(sparkline(data.pause, { ascii, width, min: 0 }), width),
        color: SERIES_COLORS.pause,
      },
      {
        text: value(
          `${pause === undefined ? '-' : formatMs(pause)} p99 ${formatMs(data.summary.pauseMs.p99)}`,
        ),
      },
    ],
    [
      { text: fit('heap', SPARK_LABEL_WIDTH), color: SERIES_COLORS.live, bold: true },
      { text: fit(sparkline(data.live, { ascii, width }), width), color: SERIES_COLORS.live },
      { text: value(`${mib(at(data.live))} goal ${mib(at(data.goal))}`) },
    ],
    [
      { text: fit('GC CPU', SPARK_LABEL_WIDTH), color: SERIES_COLORS.cpu, bold: true },
      { text: fit(sparkline(data.cpu, { ascii, width, min: 0 }), width), color: SERIES_COLORS.cpu },
      {
        text: value(
          `${cpu === null || cpu === undefined ? '-' : percentLabel(cpu)} ${data.summary.gcPerSecond === null ? '' : `${data.summary.gcPerSecond.toFixed(1)} GC/s`}`,
        ),
      },
    ],
  ];
  return all.slice(0, rows);
}

const MARK_COLORS = ['', 'yellowBright', 'blueBright', 'redBright', 'gray'];

function AxisLine(props: {
  data: ChartData;
  width: number;
  cursor: number;
  marks: readonly ShownMark[];
  ascii: boolean;
  color: boolean;
}) {
  const axis = renderAxis({
    start: props.data.start,
    count: props.data.count,
    columns: Math.max(1, props.width - CHART_LABEL_WIDTH - 1),
    firstN: props.data.firstN,
    lastN: props.data.lastN,
    cursorColumn: props.cursor,
    marks: props.marks,
    ascii: props.ascii,
  });
  const segs: Seg[] = [{ text: axis.label, dim: true }];
  segs.push(
    ...runs(axis.chars, (i) => {
      const kind = axis.kinds[i] as number;
      return kind === 0 ? { dim: true } : { color: MARK_COLORS[kind], bold: true };
    }),
  );
  return <Line segs={segs} color={props.color} />;
}

/** The charts area: bands of charts and the shared x-axis, or sparkline rows on short screens. */
export const Charts = memo(function Charts(props: ChartsProps) {
  const { layout, data, ascii, color } = props;
  const cursor = props.cursorSeq - data.start;
  if (layout.sparklines > 0) {
    return (
      <Box flexDirection="column" height={layout.sparklines} overflowY="hidden">
        {sparklineRows(data, layout.sparklines, layout.columns, cursor, ascii).map((segs, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions
          <Line key={i} segs={segs} color={color} />
        ))}
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      {layout.bands.map((band) => (
        <Box
          key={band.panels.join('+')}
          flexDirection="row"
          height={band.rows}
          overflowY="hidden"
          gap={1}
        >
          {band.panels.map((kind) => (
            <ChartPanel
              key={kind}
              kind={kind}
              data={data}
              rows={band.rows}
              width={layout.panelWidth}
              cursor={cursor}
              axis={band.axis}
              marks={props.marks}
              ascii={ascii}
              color={color}
            />
          ))}
        </Box>
      ))}
      {layout.axis > 0 ? (
        <AxisLine
          data={data}
          width={layout.panelWidth}
          cursor={cursor}
          marks={props.marks}
          ascii={ascii}
          color={color}
        />
      ) : null}
    </Box>
  );
});
