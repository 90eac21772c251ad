import { Box } from 'ink';
import { memo } from 'react';
import { counted } from '../core/format/units.js';
import type { OutputLine } from '../core/timeline/store.js';
import { cleanOutputLine, joinFitting } from './lines.js';
import { Line, type Seg } from './span.js';

/** Output lines that match the filter (case-insensitive substring); all when the filter is empty. */
export function filterOutput(lines: readonly OutputLine[], filter: string): readonly OutputLine[] {
  if (filter === '') return lines;
  const needle = filter.toLowerCase();
  return lines.filter((l) => l.text.toLowerCase().includes(needle));
}

/** The lines visible with `rows` rows, scrolled `scroll` lines up from the tail. */
export function visibleOutput(
  lines: readonly OutputLine[],
  rows: number,
  scroll: number,
): readonly OutputLine[] {
  const end = Math.max(0, lines.length - Math.max(0, scroll));
  return lines.slice(Math.max(0, end - rows), end);
}

export interface OutputPaneProps {
  /** Lines after the filter. */
  lines: readonly OutputLine[];
  total: number;
  rows: number;
  width: number;
  scroll: number;
  filter: string;
  ascii: boolean;
  color: boolean;
}

/** Program output, newest at the bottom; stderr lines carry a `!` gutter (and red with colour). */
export const OutputPane = memo(function OutputPane(props: OutputPaneProps) {
  const { rows, width, scroll, color } = props;
  if (rows <= 0) return null;
  const bodyRows = rows - 1;
  const shown = visibleOutput(props.lines, bodyRows, scroll);
  const up = props.ascii ? '^' : '↑';
  const title = joinFitting(
    [
      'output',
      counted(props.total, 'line'),
      props.filter
        ? `filter "${props.filter}": ${counted(props.lines.length, 'match', 'matches')}`
        : '',
      scroll > 0 ? `${up}${scroll} (G = tail)` : '',
      '! = stderr',
    ].filter((s) => s !== ''),
    width,
  );
  const rule = props.ascii ? '-' : '─';
  const titleSegs: Seg[] = [
    { text: title, bold: true },
    { text: ` ${rule.repeat(Math.max(0, width - title.length - 1))}`, dim: true },
  ];
  return (
    <Box flexDirection="column" height={rows} overflowY="hidden">
      <Line segs={titleSegs} color={color} />
      {shown.map((line, i) => {
        const text = cleanOutputLine(line.text);
        const segs: Seg[] =
          line.stream === 'stderr'
            ? [
                { text: '! ', color: 'red', bold: true },
                { text, color: 'redBright' },
              ]
            : [{ text: `  ${text}` }];
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions
        return <Line key={i} segs={segs} color={color} />;
      })}
    </Box>
  );
});
