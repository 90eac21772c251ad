/**
 * Pure text for the heap-graph panes: the retention path behind a diff row ("why is it
 * still alive"), the reference-cycles table, and the analysis progress. The numbers
 * come from core/heap (GraphReport); this file only matches and lays them out.
 */
import { formatBytes, formatCount } from '../core/format/units.js';
import type { CycleGroup, GraphReport, PathStep, SiteGroup } from '../core/heap/analysis.js';
import type { Mark } from '../core/timeline/store.js';
import type { GraphState } from './diff-view.js';
import { clip } from './lines.js';
import type { Seg } from './span.js';

/** Said wherever a heap graph is wanted but a mark of the pair has no heap dump. */
export const NO_HEAP_DUMPS = 'no heap dumps at these marks (run with --heapdump --precise)';

/** The phases of the analysis, in words (GraphProgress.phase). */
const PHASE_WORDS: Record<string, string> = {
  'read-a': 'reading heap dump A',
  'read-b': 'reading heap dump B',
  'new-objects': 'finding new objects',
  dominators: 'computing retained sizes (dominators)',
  paths: 'finding retention paths',
  cycles: 'finding reference cycles',
};

/** Progress of the analysis in one line: phase, and MB read with a percentage while reading. */
export function graphProgressText(progress: {
  phase: string;
  bytesRead: number;
  totalBytes: number;
}): string {
  const words = PHASE_WORDS[progress.phase] ?? progress.phase;
  const mb = (n: number) => (n / 1e6).toFixed(1);
  const reading = progress.phase === 'read-a' || progress.phase === 'read-b';
  if (!reading || progress.totalBytes <= 0) return `heap graph: ${words}…`;
  const percent = Math.min(100, Math.floor((100 * progress.bytesRead) / progress.totalBytes));
  return `heap graph: ${words}, ${mb(progress.bytesRead)} of ${mb(progress.totalBytes)} MB read (${percent}%)`;
}

/**
 * The report's allocation site for a diff row: sites are function names (`main.newFamily`),
 * as are the names of rows grouped by func or line; a row grouped by stack is matched by
 * its leaf frame. Null when the dumps have no new objects from that function.
 */
export function siteForRow(
  report: Pick<GraphReport, 'sites'>,
  row: { name: string; stack?: readonly { name: string }[] },
): SiteGroup | null {
  const names = [row.name];
  const leaf = row.stack?.[0];
  if (leaf) names.push(leaf.name);
  for (const name of names) {
    const site = report.sites.find((s) => s.site === name);
    if (site) return site;
  }
  return null;
}

/** One path step as shown: the report's own text, with the object's size when known. */
export function stepText(step: PathStep): string {
  const size =
    step.kind === 'object' && step.size !== undefined ? ` (${formatBytes(step.size)})` : '';
  return `${step.text}${size}`;
}

/**
 * Path lines, root first, in at most `room` rows: each step on its own row, numbered from
 * the root. A path too long for the room keeps its root and its object and says how many
 * steps between them are hidden.
 */
export function pathLines(steps: readonly PathStep[], room: number): Seg[][] {
  if (room <= 0) return [];
  const line = (i: number): Seg[] => {
    const step = steps[i] as PathStep;
    const kind = i === 0 ? 'root' : i === steps.length - 1 ? 'obj ' : '    ';
    return [
      { text: `  ${String(i).padStart(2)} ${kind} `, dim: true },
      {
        text: stepText(step),
        color: i === 0 ? 'yellow' : i === steps.length - 1 ? 'red' : undefined,
        bold: i === steps.length - 1,
      },
    ];
  };
  if (steps.length === 0) return [[{ text: '  (no path: not reachable from a root)', dim: true }]];
  if (steps.length <= room) return steps.map((_, i) => line(i));
  if (room < 3) return [line(0), line(steps.length - 1)].slice(0, room);
  const head = room - 2;
  const out = steps.slice(0, head).map((_, i) => line(i));
  out.push([{ text: `       … ${steps.length - head - 1} more steps …`, dim: true }]);
  out.push(line(steps.length - 1));
  return out;
}

/** The retention panel of a diff row with the report ready: a heading and the path, in `room` rows. */
export function retentionLines(
  report: Pick<GraphReport, 'sites'>,
  row: { name: string; stack?: readonly { name: string }[] } | null,
  room: number,
): Seg[][] {
  if (room <= 0 || !row) return [];
  const site = siteForRow(report, row);
  if (!site) {
    return [
      [{ text: `why alive: ${row.name}`, bold: true }],
      [
        {
          text: '  no new objects from this function in the heap dumps (sampled allocations may miss it)',
          dim: true,
        },
      ],
    ].slice(0, room);
  }
  const head: Seg[] = [
    { text: `why alive: ${site.site}`, bold: true },
    {
      text: `  ${formatCount(site.count)} new objects  ${formatBytes(site.bytes)}  retains ${formatBytes(site.retainedBytes)}`,
      color: 'cyan',
    },
    { text: site.sampled ? '' : '  (unsampled)', dim: true },
  ];
  return [head, ...pathLines(site.pathSteps, room - 1)];
}

/** Columns of the reference-cycles table. */
export const REFS_HEADER = `${'objects'.padStart(8)} ${'new'.padStart(7)} ${'bytes'.padStart(9)} ${'ref-cycles'.padStart(10)}  member allocation sites`;

/** One row of the reference-cycles table, clipped to `width`. */
export function refsRowText(group: CycleGroup, width: number): string {
  const cells = [
    formatCount(group.objects).padStart(8),
    formatCount(group.newObjects).padStart(7),
    formatBytes(group.bytes).padStart(9),
    formatCount(group.components).padStart(10),
  ];
  return clip(`${cells.join(' ')}  ${group.sites.join(', ')}`, width);
}

/** The example of a cycle group: its size and the path from a root to one of its objects. */
export function refsExampleLines(group: CycleGroup, room: number): Seg[][] {
  if (room <= 0) return [];
  const head: Seg[] = [
    { text: 'example cycle', bold: true },
    {
      text: `  ${formatCount(group.example.size)} objects, ${formatBytes(group.example.bytes)}; path from a root:`,
      color: 'cyan',
    },
  ];
  return [head, ...pathLines(group.example.pathSteps, room - 1)];
}

/** Marks a replay can pair: recorded with at least one snapshot. */
export function marksWithSnapshots(marks: readonly Mark[]): Mark[] {
  return marks.filter(
    (m) =>
      m.status === 'ok' &&
      (m.files.heap !== null || m.files.goroutine !== null || m.files.heapdump !== null),
  );
}

/**
 * The recorded mark a replay pick at cycle `cursor` means: the one with snapshots nearest
 * at or before the cursor, else the nearest after it. A mark taken before the first cycle
 * counts as at cycle -1. Null when no mark has snapshots.
 */
export function pickRecordedMark(marks: readonly Mark[], cursor: number): Mark | null {
  let before: Mark | null = null;
  let after: Mark | null = null;
  for (const m of marksWithSnapshots(marks)) {
    const at = m.cycleSeq ?? -1;
    if (at <= cursor) {
      if (!before || at >= (before.cycleSeq ?? -1)) before = m;
    } else if (!after || at < (after.cycleSeq ?? -1)) {
      after = m;
    }
  }
  return before ?? after;
}

/**
 * The retention panel under the stacks of a diff row, whatever the graph's state, in at
 * most `room` rows: the path when the report is ready, else what is happening or missing.
 */
export function retentionPanel(
  graph: GraphState,
  row: { name: string; stack?: readonly { name: string }[] } | null,
  room: number,
): Seg[][] {
  if (room <= 0 || !row) return [];
  if (graph.status === 'ready') return retentionLines(graph.report, row, room);
  const head: Seg[] = [{ text: `why alive: ${row.name}`, bold: true }];
  const text: Seg =
    graph.status === 'loading'
      ? { text: `  ${graph.text}`, color: 'cyan' }
      : graph.status === 'error'
        ? { text: `  error: ${graph.text}`, color: 'red' }
        : { text: `  ${graph.text}`, color: 'yellow' };
  return [head, [text]].slice(0, room);
}

/**
 * Splits the rows under the stacks heading between the stacks and the retention panel
 * (which wants `wanted` rows): the panel gets what it wants while the stacks keep 4 rows,
 * and never fewer than 2 rows itself.
 */
export function splitStackPanel(
  available: number,
  wanted: number,
): { stacks: number; retention: number } {
  if (wanted <= 0) return { stacks: Math.max(0, available), retention: 0 };
  const retention = Math.max(0, Math.min(wanted, available, Math.max(2, available - 4)));
  return { stacks: Math.max(0, available - retention), retention };
}
