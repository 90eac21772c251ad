/**
 * The reference-cycles view: groups of new objects that point at each other (strongly
 * connected components of B's heap graph with new objects), from the pair's heap dumps.
 * Not to be confused with the GC cycles table (cycles-view.tsx). `enter` opens the
 * example path of the selected group.
 */
import { Box } from 'ink';
import { counted, formatBytes, formatCount } from '../core/format/units.js';
import type { Mark } from '../core/timeline/store.js';
import { type GraphState, markText, tableWindow } from './diff-view.js';
import { REFS_HEADER, refsExampleLines, refsRowText } from './graph-lines.js';
import { fit, fitFirst } from './lines.js';
import type { DiffPair } from './reducer.js';
import { Line, type Seg } from './span.js';

export interface RefsViewProps {
  rows: number;
  width: number;
  pair: DiffPair | null;
  graph: GraphState | null;
  marks: readonly Mark[];
  selected: number;
  /** The example path of the selected group is open. */
  open: boolean;
  color: boolean;
  ascii: boolean;
}

/** Lines of the view (pure, for tests and the component). */
export function refsLines(props: Omit<RefsViewProps, 'color'>): Seg[][] {
  const { rows, width, pair, graph } = props;
  const arrow = props.ascii ? '->' : '→';
  const lines: Seg[][] = [];
  const title: Seg = { text: 'reference cycles with new objects', bold: true };
  if (!pair) {
    lines.push([title]);
    lines.push([{ text: 'no diff yet: press m to mark A, and m again to mark B', bold: true }]);
    lines.push([
      {
        text: 'reference cycles come from heap dumps at the marks (run with --heapdump --precise)',
        dim: true,
      },
    ]);
    return lines.slice(0, rows);
  }
  const a = props.marks.find((m) => m.id === pair.a);
  const b = props.marks.find((m) => m.id === pair.b);
  lines.push([
    title,
    { text: `  ${markText(a, 'A')} ${arrow} ${markText(b, 'B')}`, color: 'cyan' },
  ]);
  if (!graph || graph.status === 'loading') {
    lines.push([{ text: graph?.text ?? 'heap graph: starting…', color: 'cyan' }]);
    return lines.slice(0, rows);
  }
  if (graph.status === 'missing') {
    lines.push([{ text: graph.text, color: 'yellow', bold: true }]);
    return lines.slice(0, rows);
  }
  if (graph.status === 'error') {
    lines.push([{ text: `error: ${graph.text}`, color: 'red', bold: true }]);
    return lines.slice(0, rows);
  }
  const report = graph.report;
  const groups = report.cycles;
  lines.push([
    {
      text: fitFirst(
        [
          `${counted(groups.length, 'group')} with new objects pointing at each other; all objects new in B: ${formatCount(report.newObjects.count)}, ${formatBytes(report.newObjects.bytes)}`,
          `${counted(groups.length, 'group')} with new objects; all new in B: ${formatCount(report.newObjects.count)} objects, ${formatBytes(report.newObjects.bytes)}`,
        ],
        width,
      ),
      dim: true,
    },
  ]);
  if (groups.length === 0) {
    lines.push([{ text: 'no new reference cycles between A and B', dim: true }]);
    return lines.slice(0, rows);
  }
  lines.push([{ text: fit(`  ${REFS_HEADER}`, width), bold: true, inverse: true }]);
  const selected = Math.min(props.selected, groups.length - 1);
  const group = groups[selected];
  const left = Math.max(0, rows - lines.length);
  // The example gets what it needs while the list keeps 3 rows (or all its groups, if fewer).
  const exampleWanted = props.open && group ? 1 + Math.max(1, group.example.pathSteps.length) : 0;
  const listRoom = props.open ? Math.max(Math.min(3, groups.length), left - exampleWanted) : left;
  const { start, end } = tableWindow(groups.length, Math.min(listRoom, left), selected);
  for (let i = start; i < end; i++) {
    const g = groups[i];
    if (!g) continue;
    const here = i === selected;
    const text = `${here ? '>' : ' '} ${refsRowText(g, width - 2)}`;
    lines.push([here ? { text: fit(text, width), inverse: true, bold: true } : { text }]);
  }
  if (props.open && group) {
    lines.push(...refsExampleLines(group, Math.max(0, rows - lines.length)));
  }
  return lines.slice(0, rows);
}

export function RefsView(props: RefsViewProps) {
  return (
    <Box flexDirection="column" height={props.rows} overflowY="hidden">
      {refsLines(props).map((segs, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions
        <Line key={i} segs={segs} color={props.color} />
      ))}
    </Box>
  );
}
